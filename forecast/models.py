"""Daily volume models, all with one interface: `fit(y, context)` then `predict(h)`.

Every model sees a complete daily series (gaps, closed days and holidays already filled
with ordinary-day values, see `forecast.daily`) and forecasts the next `h` days on the
same scale. Models work on log1p(volume), because contact volume is multiplicative: the
weekly pattern scales with the level. `DynamicRegression` is the one model that takes
holiday regressors itself; the others get holiday effects put on top afterwards.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from wfm.core.errors import InputError

YEAR = 365.25
WEEK = 7


@dataclass
class Context:
    """What a model may know besides the series: event log effects and regressors by date."""

    future: pd.DatetimeIndex
    events: pd.DataFrame | None = None  # rows for the training dates then the future dates
    raw: pd.Series | None = None  # the unfilled series (NaN = gap/closed), for DynamicRegression


class DailyModel:
    """Base class: subclasses set `name` and implement `fit` and `predict`."""

    name = "model"
    uses_events = False
    yearly = False  # models a yearly pattern when the history holds two years
    candidate = True  # backtested and chosen among by default

    def fit(self, y: pd.Series, context: Context) -> DailyModel:
        raise NotImplementedError

    def predict(self, h: int) -> np.ndarray:
        raise NotImplementedError


def _log(y: pd.Series) -> np.ndarray:
    return np.log1p(np.maximum(y.to_numpy(dtype=float), 0.0))


def _unlog(z: np.ndarray) -> np.ndarray:
    return np.maximum(np.expm1(z), 0.0)


def has_years(y: pd.Series, years: float = 2.0) -> bool:
    """Enough history to estimate a yearly pattern (two full cycles by default)."""
    return len(y) >= int(years * 365)


class SeasonalNaive(DailyModel):
    """Each day repeats the same weekday of the last week: the benchmark every model must beat."""

    name = "seasonal_naive"

    def fit(self, y: pd.Series, context: Context) -> SeasonalNaive:
        self._last = y.to_numpy(dtype=float)[-WEEK:]
        return self

    def predict(self, h: int) -> np.ndarray:
        return np.resize(self._last, h)


class SeasonalMean(DailyModel):
    """Each weekday at the median of its last four weeks (fewer if the history is shorter),
    on log volume, with no trend: what a few weeks of history can support. One odd week
    (a storm, an outage) moves it less than it moves the seasonal naive forecast.

    Not a backtest candidate by default: it is the forecast for a history too short to
    backtest, where a trend fitted to four to eight weeks would be carried into months."""

    name = "seasonal_mean"
    candidate = False
    weeks = 4

    def fit(self, y: pd.Series, context: Context) -> SeasonalMean:
        z = _log(y)
        n = min(self.weeks, len(z) // WEEK) * WEEK or len(z)
        recent = z[-n:]
        # position k of the coming week is the weekday of recent[k], recent[k + 7], ...
        self._week = np.array([np.median(recent[k::WEEK]) for k in range(min(WEEK, n))])
        return self

    def predict(self, h: int) -> np.ndarray:
        return _unlog(np.resize(self._week, h))


class ETS(DailyModel):
    """Holt-Winters exponential smoothing on log volume: damped trend, weekly season."""

    name = "ets"

    def fit(self, y: pd.Series, context: Context) -> ETS:
        from statsmodels.tsa.holtwinters import ExponentialSmoothing

        z = _log(y)[-3 * 365:]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self._fit = ExponentialSmoothing(
                z, trend="add", damped_trend=True, seasonal="add", seasonal_periods=WEEK,
                initialization_method="estimated",
            ).fit()
        return self

    def predict(self, h: int) -> np.ndarray:
        return _unlog(np.asarray(self._fit.forecast(h)))


class MSTLModel(DailyModel):
    """MSTL decomposition (weekly, plus yearly with two years of history).

    Seasonal parts repeat (the weekly one averaged over the last four weeks, the yearly one
    from a year back); the rest is forecast by damped Holt smoothing.
    """

    name = "mstl"
    yearly = True

    def fit(self, y: pd.Series, context: Context) -> MSTLModel:
        from statsmodels.tsa.holtwinters import ExponentialSmoothing
        from statsmodels.tsa.seasonal import MSTL

        z = _log(y)[-3 * 365:]  # three years: the recent pattern, and a fit in a third of a second
        yearly = has_years(y)
        periods = (WEEK, 365) if yearly else (WEEK,)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # robust STL resists outliers but is slow with a 365-day period
            res = MSTL(z, periods=periods, iterate=2,
                       stl_kwargs={"robust": not yearly}).fit()
        seasonal = np.asarray(res.seasonal).reshape(len(z), -1)
        self._weekly = seasonal[:, 0]
        self._yearly = seasonal[:, 1] if yearly else None
        rest = z - seasonal.sum(axis=1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self._rest = ExponentialSmoothing(
                rest[-2 * 365:], trend="add", damped_trend=True,
                initialization_method="estimated").fit()
        return self

    def predict(self, h: int) -> np.ndarray:
        last = self._weekly[-4 * WEEK:].reshape(4, WEEK).mean(axis=0)
        weekly = np.resize(last, h)
        total = np.asarray(self._rest.forecast(h)) + weekly
        if self._yearly is not None:
            n = len(self._yearly)
            idx = np.arange(n, n + h) - 365
            idx = np.where(idx >= n, idx - 365, idx)
            total = total + self._yearly[idx]
        return _unlog(total)


def fourier(dates: pd.DatetimeIndex, period: float, k: int, origin: pd.Timestamp) -> np.ndarray:
    """Sine and cosine pairs of a period in days, counted from `origin`."""
    t = (pd.DatetimeIndex(dates) - origin).days.to_numpy(dtype=float)
    cols = []
    for j in range(1, k + 1):
        cols += [np.sin(2 * np.pi * j * t / period), np.cos(2 * np.pi * j * t / period)]
    return np.column_stack(cols) if cols else np.empty((len(t), 0))


class DynamicRegression(DailyModel):
    """Regression on weekday, trend, yearly Fourier terms and holiday regressors, AR errors.

    Holiday regressors: one per holiday (and eve, day after, special day) seen in the
    history, so each gets its own effect; a holiday not seen before gets the median
    effect of its family (eve, holiday, ...). The regression is
    fitted by ridge-stabilised least squares on log volume over the last two years; its
    residuals follow an AR(2) model, so a recent shift in level carries into the forecast.
    """

    name = "regression"
    yearly = True
    uses_events = True
    _ridge = 1e-3

    def _design(self, dates: pd.DatetimeIndex, events: pd.DataFrame) -> np.ndarray:
        wd = dates.day_of_week.to_numpy()
        t = (dates - self._origin).days.to_numpy(dtype=float) / 365.25
        parts = [np.ones((len(dates), 1)), t[:, None]]
        parts += [(wd == d).astype(float)[:, None] for d in range(1, WEEK)]
        parts.append(fourier(dates, YEAR, self._k, self._origin))
        fam = events["family"].to_numpy()
        name = events["name"].to_numpy()
        parts += [((fam == f) & (name == n)).astype(float)[:, None] for f, n in self._names]
        return np.hstack(parts)

    def _unseen_effect(self, events: pd.DataFrame) -> np.ndarray:
        """Pooled (median) family effect for event days whose holiday was never seen."""
        coef = dict(zip(self._names, self._beta[len(self._beta) - len(self._names):],
                        strict=True))
        out = np.zeros(len(events))
        for i, (f, n) in enumerate(zip(events["family"], events["name"], strict=True)):
            if f and (f, n) not in coef:
                same = [v for (ff, _), v in coef.items() if ff == f]
                out[i] = float(np.median(same)) if same else 0.0
        return out

    def fit(self, y: pd.Series, context: Context) -> DynamicRegression:
        from statsmodels.tsa.ar_model import AutoReg

        raw = context.raw if context.raw is not None else y
        raw = raw.iloc[-2 * 365:]
        events = context.events
        train_ev = events.loc[raw.index]
        self._future_ev = events.loc[context.future]
        self._origin = raw.index[0]
        self._k = 4 if has_years(raw, 1.9) else 0
        z = np.log1p(raw.to_numpy(dtype=float))
        ok = ~np.isnan(z)
        seen = train_ev[(train_ev["family"] != "") & ok]
        self._names = sorted(set(zip(seen["family"], seen["name"], strict=True)))
        x = self._design(raw.index, train_ev)
        xo, zo = x[ok], z[ok]
        penalty = self._ridge * len(zo) * np.eye(x.shape[1])
        penalty[0, 0] = 0.0
        self._beta = np.linalg.solve(xo.T @ xo + penalty, xo.T @ zo)
        resid = pd.Series(z - x @ self._beta).interpolate(limit_direction="both").to_numpy()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self._ar = AutoReg(resid, lags=2, trend="n").fit()
        self._n = len(resid)
        return self

    def predict(self, h: int) -> np.ndarray:
        x = self._design(self._future_ev.index[:h], self._future_ev.iloc[:h])
        resid = np.asarray(self._ar.predict(start=self._n, end=self._n + h - 1))
        unseen = self._unseen_effect(self._future_ev.iloc[:h])
        return _unlog(x @ self._beta + resid + unseen)


class GradientBoosting(DailyModel):
    """Gradient-boosted trees on calendar features and same-weekday lags beyond the horizon.

    The target is the log ratio of a day to the mean of its weekday over the four weeks
    that are known at forecast time, so the trees learn shape, and the lags carry level.
    """

    name = "gbm"
    yearly = True
    _lag_weeks = 4

    def _features(self, dates: pd.DatetimeIndex, level: np.ndarray) -> np.ndarray:
        doy = dates.day_of_year.to_numpy(dtype=float)
        cols = [dates.day_of_week.to_numpy(dtype=float), level]
        if self._yearly:
            cols += [np.sin(2 * np.pi * doy / YEAR), np.cos(2 * np.pi * doy / YEAR),
                     dates.month.to_numpy(dtype=float)]
        return np.column_stack(cols)

    def _level(self, z: np.ndarray, target: np.ndarray) -> np.ndarray:
        """Mean log volume of the same weekday `gap` to `gap + 3` weeks before each target."""
        lags = [target - 7 * (self._gap + j) for j in range(self._lag_weeks)]
        return np.mean([z[lag] for lag in lags], axis=0)

    def fit(self, y: pd.Series, context: Context) -> GradientBoosting:
        from sklearn.ensemble import HistGradientBoostingRegressor
        from threadpoolctl import threadpool_limits

        h = len(context.future)
        self._gap = max(1, int(np.ceil(h / WEEK)))
        self._yearly = has_years(y, 1.5)
        z = _log(y)
        self._z = z
        self._dates = y.index
        first = 7 * (self._gap + self._lag_weeks - 1)
        target = np.arange(first, len(z))
        level = self._level(z, target)
        x = self._features(y.index[target], level)
        with threadpool_limits(1):  # a few hundred rows: threads only add overhead
            self._model = HistGradientBoostingRegressor(
                max_iter=200, learning_rate=0.05, max_leaf_nodes=15, min_samples_leaf=10,
                l2_regularization=1.0, random_state=0,
            ).fit(x, z[target] - level)
        self._future = context.future
        return self

    def predict(self, h: int) -> np.ndarray:
        from threadpoolctl import threadpool_limits

        n = len(self._z)
        target = np.arange(n, n + h)
        ext = np.concatenate([self._z, np.full(h, np.nan)])
        level = self._level(ext, target)
        x = self._features(self._future[:h], level)
        with threadpool_limits(1):
            return _unlog(level + self._model.predict(x))


MODELS: dict[str, type[DailyModel]] = {
    cls.name: cls for cls in (SeasonalNaive, ETS, MSTLModel, DynamicRegression, GradientBoosting,
                              SeasonalMean)
}
CANDIDATES = tuple(name for name, cls in MODELS.items() if cls.candidate)  # the default choice


def check_models(names: list[str], where: str, file: str | Path | None = None) -> list[str]:
    """The model names, each checked against MODELS; an unknown one is an InputError that
    says where it was asked for and which names exist."""
    for name in names:
        if name not in MODELS:
            raise InputError(f"{where}: unknown model {name!r} (known: {', '.join(MODELS)})",
                             file=file)
    return list(names)
