"""One daily forecaster for every model: closed days, gaps, holidays and intervals handled once.

`DailyForecaster` owns the history and the calendar. For any model and any cut date it
learns holiday effects from the days before the cut, fills gaps, fits, forecasts and puts
the effects back; results are cached, so a backtest and the interval calibration that
share a cut date fit the model once. Prediction intervals are conformal: the quantiles of
the model's own out-of-sample errors in the windows just before the cut (log scale), so
they are honest for every model alike, holidays and all.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from wfm.core.calendar import Calendar
from wfm.core.errors import NotEnoughHistory
from wfm.forecast.events import (
    CLOSED_LOG_EFFECT,
    EventEffects,
    apply_effects,
    event_days,
    learn_effects,
    same_weekday_baseline,
)
from wfm.forecast.models import MODELS, Context

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Prepared:
    """A training series made ready for the models."""

    raw: pd.Series  # NaN on gaps and closed days
    filled: pd.Series  # event days, outliers and gaps replaced by ordinary-day values
    effects: EventEffects
    outliers: pd.Series  # ordinary days far from their weekday's neighbours: day -> ratio
    events: np.ndarray | None = None  # days the calendar's effects move (holidays, ...)

    def weekly_changes(self) -> np.ndarray:
        """Log change of each ordinary day from the same weekday a week before: the error
        a week-ahead forecast would make, for intervals where no backtest is possible.
        Event days are left out: a closed Thanksgiving against the Thursday before is the
        calendar's doing (forecast by its effect), and made a band 77 times the busiest day."""
        z = np.log1p(self.raw.to_numpy(dtype=float))
        z[self.raw.index.isin(self.outliers.index)] = np.nan
        if self.events is not None:
            z[self.events] = np.nan
        changes = z[7:] - z[:-7]
        return changes[~np.isnan(changes)]


OUTLIER_SIGMAS = 5.0  # robust standard deviations of day-to-day noise
OUTLIER_RATIO = 1.5  # and at least this far (times, or one over) from the neighbours


def find_outliers(y: pd.Series, noise: float) -> pd.Series:
    """Days far from the same weekday in the weeks around them: a storm, a flood, an
    outage. Returns each one's ratio to its neighbours. The models learn the ordinary
    pattern without them (a storm day at 21 times normal must not lift the weeks after
    it); they still count in the errors that size the intervals."""
    values = y.to_numpy(dtype=float)
    limit = max(OUTLIER_SIGMAS * noise, float(np.log(OUTLIER_RATIO)))
    far = np.zeros(len(values), dtype=bool)
    for _ in range(3):  # again without the outliers found: a storm must not be a neighbour
        base = same_weekday_baseline(y, np.isnan(values) | far)
        with np.errstate(all="ignore"):
            ratio = np.log1p(values) - np.log1p(base)
        found = np.abs(np.nan_to_num(ratio)) > limit
        if (found == far).all():
            break
        far = found
    return pd.Series(np.exp(ratio[far]), index=y.index[far])


def fill_gaps(y: pd.Series) -> pd.Series:
    """Replace NaN by the same weekday in nearby weeks, else by interpolation."""
    values = y.to_numpy(dtype=float)
    missing = np.isnan(values)
    if not missing.any():
        return y
    base = same_weekday_baseline(y, missing)
    out = np.where(missing, base, values)
    filled = pd.Series(out, index=y.index).interpolate(limit_direction="both")
    if filled.isna().any():
        filled = filled.fillna(float(np.nanmean(values)) if (~missing).any() else 0.0)
    return filled


@dataclass(frozen=True)
class ModelRun:
    """One model's forecast from one cut date: the point and the dates it covers."""

    model: str
    cut: pd.Timestamp
    dates: pd.DatetimeIndex
    point: np.ndarray


class DailyForecaster:
    """Fits any registered model on the history before a cut date, with caching."""

    def __init__(self, y: pd.Series, calendar: Calendar, calibration_windows: int = 2) -> None:
        y = y.astype(float).copy()
        self.calendar = calendar
        y[~calendar.is_open(y.index)] = np.nan
        self.y = y
        self.calibration_windows = calibration_windows
        self._events_cache: dict[pd.Timestamp, pd.DataFrame] = {}
        self._prep_cache: dict[pd.Timestamp, Prepared] = {}
        self._runs: dict[tuple[str, pd.Timestamp, int], ModelRun] = {}
        self.fit_seconds: dict[str, list[float]] = {}

    @property
    def min_days(self) -> int:
        """Open days in four weeks: the least history a model is fitted on."""
        return 4 * max(len(self.calendar.open_weekdays), 1)

    # -- preparation ---------------------------------------------------------------------
    def events(self, end: pd.Timestamp) -> pd.DataFrame:
        """Event frame from the first history day to `end`."""
        if end not in self._events_cache:
            dates = pd.date_range(self.y.index[0], end, freq="D")
            self._events_cache[end] = event_days(dates, self.calendar)
        return self._events_cache[end]

    def prepare(self, cut: pd.Timestamp) -> Prepared:
        """Learn effects from the days before `cut`, clean event days, fill gaps."""
        if cut not in self._prep_cache:
            raw = self.y[self.y.index < cut]
            if raw.notna().sum() < self.min_days:
                raise NotEnoughHistory(f"fewer than four weeks ({self.min_days} open days) of "
                                       f"history before {cut.date()}")
            events = self.events(raw.index[-1]).loc[raw.index]
            effects = learn_effects(raw, events)
            shift = effects.log_effect(events, self.calendar)
            clean = raw.copy()
            clean[(shift != 0) | np.isnan(shift)] = np.nan
            outliers = find_outliers(clean, effects.noise)
            clean[outliers.index] = np.nan
            self._prep_cache[cut] = Prepared(raw=raw, filled=fill_gaps(clean), effects=effects,
                                             outliers=outliers,
                                             events=np.asarray((shift != 0) | np.isnan(shift)))
        return self._prep_cache[cut]

    # -- forecasting ---------------------------------------------------------------------
    def run(self, model: str, cut: pd.Timestamp, h: int) -> ModelRun:
        """Forecast `h` days from `cut` (the first forecast day), trained on days before it."""
        key = (model, cut, h)
        if key in self._runs:
            return self._runs[key]
        prep = self.prepare(cut)
        dates = pd.date_range(cut, periods=h, freq="D")
        events = self.events(dates[-1])
        est = MODELS[model]()
        raw = prep.raw.copy()
        raw[prep.outliers.index] = np.nan  # a model that reads raw days skips outliers too
        ctx = Context(future=dates, events=events, raw=raw)
        started = time.perf_counter()
        try:
            base = np.asarray(est.fit(prep.filled, ctx).predict(h), dtype=float)
        except (ValueError, IndexError, np.linalg.LinAlgError) as exc:
            raise NotEnoughHistory(f"{model}: {exc}") from exc
        self.fit_seconds.setdefault(model, []).append(time.perf_counter() - started)
        if not np.all(np.isfinite(base)):
            raise NotEnoughHistory(f"{model}: the fit gave no finite forecast")
        fut_events = events.loc[dates]
        shift = prep.effects.log_effect(fut_events, self.calendar)
        closed = ~self.calendar.is_open(dates) | (shift < CLOSED_LOG_EFFECT)
        if est.uses_events:
            shift = np.where(np.isnan(shift), shift, 0.0)  # the model has its own regressors
        point = apply_effects(base, shift, fut_events, self.calendar)
        point[closed] = 0.0  # closed by the calendar, or on a day the history shows closed
        run = ModelRun(model=model, cut=cut, dates=dates, point=point)
        self._runs[key] = run
        return run

    def point(self, spec: tuple[str, ...], cut: pd.Timestamp, h: int) -> ModelRun:
        """A model's forecast, or the mean of several models' forecasts (a combination)."""
        runs = [self.run(m, cut, h) for m in spec]
        point = np.mean([r.point for r in runs], axis=0)
        return ModelRun(model=spec_name(spec), cut=cut, dates=runs[0].dates, point=point)

    def calibration(self, spec: tuple[str, ...], cut: pd.Timestamp, h: int,
                    days: str = "all") -> np.ndarray:
        """Out-of-sample log errors (actual vs forecast) in the windows before `cut`, on
        `days`: "all", "events" (holidays, their eves and days after, special days, the
        year's end) or "ordinary" (the others)."""
        errors = []
        for w in range(1, self.calibration_windows + 1):
            start = cut - pd.Timedelta(days=w * h)
            try:
                run = self.point(spec, start, h)
            except NotEnoughHistory:
                break
            actual = self.y.reindex(run.dates).to_numpy()
            # a day forecast closed (0) that opened is the calendar's miss, not an error in
            # the volume: left out, or one such day widens every interval a thousandfold
            ok = ~np.isnan(actual) & (run.point > 0)
            if days != "all":
                ok &= self.is_event(run.dates) == (days == "events")
            errors.append(np.log1p(actual[ok]) - np.log1p(run.point[ok]))
        return np.concatenate(errors) if errors else np.empty(0)

    def is_event(self, dates: pd.DatetimeIndex) -> np.ndarray:
        """True on the dates that are an event of the calendar (see `events.event_days`)."""
        return (self.events(dates[-1]).loc[dates, "family"] != "").to_numpy()

    def bounds(self, spec: tuple[str, ...], cut: pd.Timestamp, calib_h: int, point: np.ndarray,
               dates: pd.DatetimeIndex, level: float,
               errors: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The interval of a forecast from `cut`, conformal on its errors in the windows
        before it, or on other `errors` given (then as they are). Event days and ordinary
        days are sized apart once there are EVENT_ERRORS_MIN event-day errors: a holiday is
        harder to forecast than a Tuesday, and one pooled quantile is too wide for the
        Tuesdays and too narrow for Christmas."""
        open_days = self.calendar.is_open(dates)
        if errors is not None:
            return conformal_bounds(point, errors, level, calib_h, open_days)
        lo, hi = conformal_bounds(point, self.calibration(spec, cut, calib_h), level, calib_h,
                                  open_days)
        own = self.calibration(spec, cut, calib_h, days="events")
        if own.size < EVENT_ERRORS_MIN:
            return lo, hi
        events = self.is_event(dates)
        for group, errs in ((events, own),
                            (~events, self.calibration(spec, cut, calib_h, days="ordinary"))):
            g_lo, g_hi = conformal_bounds(point, errs, level, calib_h, open_days)
            lo[group], hi[group] = g_lo[group], g_hi[group]
        return lo, hi


EVENT_ERRORS_MIN = 8  # event-day errors needed before they size the event days' interval


def spec_name(spec: tuple[str, ...]) -> str:
    """'ets', or 'combo(ets+mstl)' for the mean of several models."""
    return spec[0] if len(spec) == 1 else "combo(" + "+".join(spec) + ")"


def conformal_bounds(point: np.ndarray, errors: np.ndarray, level: float, calib_h: int,
                     open_days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Conformal interval from log errors; widened by sqrt(step / calib_h) past calib_h days."""
    if errors.size < 5:
        spread = np.full(2, 0.25 * (level / 80.0))
        q_lo, q_hi = -spread[0], spread[1]
    else:
        # split-conformal quantiles with the finite-sample correction (n + 1) / n
        alpha = 1 - level / 100.0
        n = errors.size
        upper = min(1.0, np.ceil((n + 1) * (1 - alpha / 2)) / n)
        lower = max(0.0, 1.0 - upper)
        q_lo, q_hi = np.quantile(errors, [lower, upper])
    steps = np.arange(1, len(point) + 1)
    widen = np.sqrt(np.maximum(steps / max(calib_h, 1), 1.0))
    base = np.log1p(np.maximum(point, 0.0))
    lo = np.maximum(np.expm1(base + min(q_lo, 0.0) * widen), 0.0)
    hi = np.expm1(base + max(q_hi, 0.0) * widen)
    lo[~open_days] = 0.0
    hi[~open_days] = 0.0
    return lo, hi
