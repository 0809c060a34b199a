"""The forecast stage end to end: backtest, choose, forecast days, months and intervals.

`run_forecast` returns frames only; writing files and printing belong to the CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from wfm.core.calendar import Calendar, parse_month
from wfm.core.config import Config
from wfm.core.errors import InputError, NotEnoughHistory
from wfm.forecast.backtest import BacktestResult, backtest
from wfm.forecast.daily import DailyForecaster, ModelRun, spec_name
from wfm.forecast.events import EventEffects, event_days
from wfm.forecast.handle_time import aht_for, aht_table
from wfm.forecast.history import History
from wfm.forecast.intraday import holiday_profile, split_days, weekday_profiles
from wfm.forecast.models import CANDIDATES, MODELS, check_models, has_years
from wfm.forecast.monthly import monthly
from wfm.forecast.outages import Outages, clock_change_days, find_outages

Progress = Callable[[int, int, str], None]
SHORT_HISTORY_MODEL = ("seasonal_mean",)  # no backtest possible: no trend either
MONTHS_AHEAD = 12
MIN_CALIBRATION_WINDOWS = 3


@dataclass(frozen=True)
class ForecastResult:
    """Everything the forecast stage produces, as frames with DESIGN.md's columns."""

    daily: pd.DataFrame  # date, volume, lo, hi, lo_95, hi_95, model
    monthly: pd.DataFrame  # month, volume, lo, hi, days, forecast_days, index, season, model
    intervals: pd.DataFrame  # interval_start, volume, lo, hi, ..., aht_seconds, model
    backtest: BacktestResult | None
    effects: EventEffects
    notes: tuple[str, ...]

    def summary(self) -> list[str]:
        """The forecast in a planner's words: days, contacts, model, backtest and notes."""
        d = self.daily
        lines = [f"forecast: {d['date'].iloc[0].date()} to {d['date'].iloc[-1].date()}, "
                 f"{d['volume'].sum():,.0f} contacts, model {d['model'].iloc[0]}"]
        if self.backtest is not None:
            best = self.backtest.scores.iloc[0]
            lines.append(f"backtest: {len(self.backtest.origins)} origins x "
                         f"{self.backtest.horizon} days, MASE {best['mase']:.3f}, "
                         f"WAPE {best['wape']:.1%}, 80% interval coverage "
                         f"{best['coverage_80']:.0%}")
        return lines + [note if note.startswith("warning: ") else f"note: {note}"
                        for note in self.notes]


def horizon_dates(history: History, days: int | None, month: str | None,
                  default_days: int) -> pd.DatetimeIndex:
    """The forecast days: N days after the history, or one named month (YYYY-MM)."""
    first = history.last_day + pd.Timedelta(days=1)
    if month:
        period = parse_month(month)
        start = period.start_time
        if start < first:
            raise InputError(f"--month {month}: the month must start after the last day of "
                             f"history ({history.last_day.date()})")
        return pd.date_range(start, period.end_time.normalize(), freq="D")
    n = days if days is not None else default_days
    if n < 1:
        raise InputError(f"--days: expected 1 or more, got {n}")
    return pd.date_range(first, periods=n, freq="D")


def plan_backtest(forecaster: DailyForecaster, config: Config, lead: int) -> tuple[int, int, int]:
    """Backtest horizon, origins and step that this much history allows."""
    f = config.forecast
    horizon = f["backtest_horizon"] or int(min(max(lead, 7), 35))
    step = f["step_days"] or horizon
    usable = int(forecaster.y.notna().sum())
    span = len(forecaster.y)
    # the first origin needs a few windows before it to size its interval (more are used
    # when the history has them) and eight weeks to fit on
    need_first = (min(forecaster.calibration_windows, MIN_CALIBRATION_WINDOWS) + 1) * horizon + 56
    # at least twelve weeks of scored days, so a short horizon is not chosen on noise
    origins = max(f["origins"], int(np.ceil(84 / horizon)))
    while origins > 1 and span - (origins - 1) * step - horizon < need_first:
        origins -= 1
    if usable < need_first + horizon:
        origins = 0
    return horizon, origins, step


def run_forecast(history: History, config: Config, calendar: Calendar, *,
                 days: int | None = None, month: str | None = None,
                 progress: Progress | None = None) -> ForecastResult:
    """Backtest the models, choose by MASE, then forecast days, months and intervals.

    Linear algebra runs on one thread: the models are small, and a second BLAS thread
    burnt CPU without saving time (12 queues: 28.8 s of CPU in 17.9 s wall on two threads,
    16.4 s of both on one), and queues forecast in parallel want a core each."""
    with threadpool_limits(1):
        return _forecast(history, config, calendar, days=days, month=month,
                         progress=progress)


def _forecast(history: History, config: Config, calendar: Calendar, *, days: int | None,
              month: str | None, progress: Progress | None) -> ForecastResult:
    f = config.forecast
    levels = tuple(f["levels"])
    models = check_models(f["models"] or list(CANDIDATES), "[forecast] models",
                          config.path or "config")
    outages, odd_days = _outages(history, calendar, config.centre["timezone"])
    notes: list[str] = [outages.note(calendar.interval_minutes)] if len(outages.slots) else []
    forecaster = DailyForecaster(outages.daily, calendar, f["calibration_windows"])
    have = int(forecaster.y.notna().sum())
    if have < forecaster.min_days:
        raise InputError(f"history has {have} open days with volume; a forecast needs at least "
                         f"four weeks ({forecaster.min_days} open days)", file=history.source)
    if not (forecaster.y.fillna(0) > 0).any():
        raise InputError("every volume in the history is 0: there are no contacts to "
                         "forecast from", file=history.source)
    dates = horizon_dates(history, days, month, f["horizon_days"])
    first = history.last_day + pd.Timedelta(days=1)
    lead = (dates[-1] - first).days + 1
    bt_h, n_origins, step = plan_backtest(forecaster, config, lead)
    result = None
    chosen = SHORT_HISTORY_MODEL
    if n_origins >= 1:
        result = backtest(forecaster, models, bt_h, n_origins, step, levels=levels,
                          combine=f["combine"], progress=progress)
        chosen = result.chosen
    else:
        weeks = int(forecaster.y.notna().sum()) // 7
        notes.append(f"{weeks} weeks of history are too few to backtest and choose a model "
                     "(that needs about seven months): each weekday is forecast at the median "
                     "of its last four weeks, with no trend")
    # the requested days
    run, chosen = _run_with_fallback(forecaster, chosen, first, lead, notes)
    daily = _daily_frame(forecaster, chosen, run, *interval_errors(forecaster, chosen, first, bt_h),
                         levels)
    wanted = daily[daily["date"].isin(dates)].reset_index(drop=True)
    wild = band_warning(wanted, levels, float(forecaster.y.max()))
    if wild:
        notes.append(wild)
    # twelve months for the seasons
    end_long = (dates[0].to_period("M") + MONTHS_AHEAD - 1).end_time.normalize()
    long_h = max((end_long - first).days + 1, lead)
    long_run, long_spec = _run_with_fallback(
        forecaster, _seasonal_spec(chosen, result, forecaster), first, long_h, notes)
    long_daily = _daily_frame(forecaster, long_spec, long_run,
                              *interval_errors(forecaster, long_spec, first, bt_h), levels)
    long_daily = long_daily[long_daily["date"] >= dates[0]]
    long_daily = pd.concat([wanted, long_daily[long_daily["date"] > dates[-1]]],
                           ignore_index=True)
    months = monthly(long_daily, band=f["season_band"])
    prep = forecaster.prepare(first)
    if len(prep.outliers):
        notes.append(outlier_note(prep.outliers))
    intervals = _interval_frame(history, calendar, config, wanted, levels, first,
                                prep.outliers.index.union(odd_days))
    return ForecastResult(daily=wanted, monthly=months, intervals=intervals, backtest=result,
                          effects=prep.effects, notes=tuple(notes))


BAND_MULTIPLE = 10  # an interval reaching past this many busiest days is no forecast


def band_warning(daily: pd.DataFrame, levels: tuple[int, ...], busiest: float
                 ) -> str | None:
    """A warning when the widest interval reaches past BAND_MULTIPLE times the busiest
    day of the history: a band that says nothing (the point forecast still stands, and a
    centre with four weeks of history still gets one). Against the day's own forecast a
    quiet day's honest band can be ten times wider: a Saturday evening of 20 calls."""
    level = max(levels)
    top = "hi" if level == levels[0] else f"hi_{level}"
    wild = daily[top] > BAND_MULTIPLE * max(busiest, 1.0)
    if not wild.any():
        return None
    row = daily[wild].iloc[0]
    return (f"warning: the forecast's {level}% interval reaches {row[top]:,.0f} on "
            f"{row['date']:%Y-%m-%d}, over {BAND_MULTIPLE} times the history's busiest day "
            f"({busiest:,.0f}; the day's forecast is {row['volume']:,.0f}): the history is "
            "too short or too irregular for honest intervals; read the bounds with care, "
            "or give more history")


def outlier_note(outliers: pd.Series) -> str:
    """The days left out of the models' training, largest departures first, in words."""
    order = np.argsort(-np.abs(np.log(outliers.to_numpy())))
    shown = [f"{outliers.index[i].date()} at {outliers.iloc[i]:.1f}x" for i in order[:3]]
    more = f" and {len(outliers) - 3} more" if len(outliers) > 3 else ""
    return (f"{len(outliers)} day{'s' if len(outliers) > 1 else ''} far from the same weekday "
            f"in the weeks around {'them' if len(outliers) > 1 else 'it'} "
            f"({', '.join(shown)}{more}) left out of the models' training and the intraday "
            "shape; they still widen the intervals")


def interval_errors(forecaster: DailyForecaster, spec: tuple[str, ...], first: pd.Timestamp,
                    h: int) -> tuple[np.ndarray | None, int]:
    """What sizes the intervals, and the horizon it was measured over: the spec's own errors
    in the windows before `first` (None: `DailyForecaster.bounds` reads them), or, with
    fewer than two windows of history, how far each day moved from the same weekday a week
    before (the forecast widens from there with the square root of the weeks ahead)."""
    if forecaster.calibration(spec, first, h).size >= 2 * h:
        return None, h
    return forecaster.prepare(first).weekly_changes(), 7


def _outages(history: History, calendar: Calendar, timezone: str
             ) -> tuple[Outages, pd.DatetimeIndex]:
    """Outages in an interval history, and the days the intraday shape must leave out
    besides holidays: outage days and clock changes. A daily history has neither."""
    if history.intervals is None:
        return Outages(pd.DatetimeIndex([]), history.daily, pd.DatetimeIndex([])), \
            pd.DatetimeIndex([])
    span = pd.date_range(history.first_day, history.last_day, freq="D")
    events = event_days(span, calendar)
    clock = clock_change_days(span, timezone)
    skip = span[(events["family"] != "").to_numpy()]
    found = find_outages(history.intervals, history.daily, calendar.slots_per_day(), skip,
                         clock)
    return found, found.days.union(clock)


def _holiday_shapes(history: History, calendar: Calendar, dates: pd.Series,
                    past: pd.DatetimeIndex, first: pd.Timestamp
                    ) -> dict[pd.Timestamp, np.ndarray]:
    """The holiday shape for each public holiday among `dates`, within that day's agent
    hours, learnt from the `past` holidays (none if too few to learn it from)."""
    coming = calendar.holidays(dates.min(), dates.max())
    if not coming:
        return {}
    shape = holiday_profile(history.intervals, calendar, past, first)
    if shape is None:
        return {}
    out = {}
    for day in coming:
        share = np.where(calendar.open_slots(day.weekday()), shape, 0.0)
        if share.sum() > 0:
            out[pd.Timestamp(day)] = share / share.sum()
    return out


def _seasonal_spec(chosen: tuple[str, ...], result: BacktestResult | None,
                   forecaster: DailyForecaster) -> tuple[str, ...]:
    """The models for the twelve-month view: with two years of history, only those that
    model a yearly pattern (the best of them by backtest if the chosen ones do not)."""
    if not has_years(forecaster.y):
        return chosen
    yearly = tuple(m for m in chosen if MODELS[m].yearly)
    if yearly:
        return yearly
    if result is not None:
        for name in result.scores.index:
            if name in MODELS and MODELS[name].yearly:
                return (name,)
    return ("mstl",)


def _run_with_fallback(forecaster: DailyForecaster, spec: tuple[str, ...], cut: pd.Timestamp,
                       h: int, notes: list[str]):
    """Forecast with `spec`; members that cannot reach this horizon are dropped."""
    members = list(spec)
    for m in list(members):
        try:
            forecaster.run(m, cut, h)
        except NotEnoughHistory:
            members.remove(m)
            notes.append(f"{m} cannot forecast {h} days ahead on this history; left out")
    if not members:
        members = list(SHORT_HISTORY_MODEL)
    spec = tuple(members)
    return forecaster.point(spec, cut, h), spec


def _daily_frame(forecaster: DailyForecaster, spec: tuple[str, ...], run: ModelRun,
                 errors: np.ndarray | None, calib_h: int, levels: tuple[int, ...]
                 ) -> pd.DataFrame:
    frame = pd.DataFrame({"date": run.dates, "volume": run.point})
    for i, level in enumerate(levels):
        lo, hi = forecaster.bounds(spec, run.cut, calib_h, run.point, run.dates, level, errors)
        frame["lo" if i == 0 else f"lo_{level}"] = lo
        frame["hi" if i == 0 else f"hi_{level}"] = hi
    frame["model"] = spec_name(spec)
    return frame


def _interval_frame(history: History, calendar: Calendar, config: Config, daily: pd.DataFrame,
                    levels: tuple[int, ...], first: pd.Timestamp,
                    odd_days: pd.DatetimeIndex | None = None) -> pd.DataFrame:
    """Split the daily forecast into intervals and attach the AHT forecast; the intraday
    shape leaves out holidays, special days and `odd_days` (a storm, an outage, a clock
    change)."""
    f = config.forecast
    slots = calendar.slots_per_day()
    if history.intervals is not None:
        odd = odd_days if odd_days is not None else pd.DatetimeIndex([])
        past = pd.DatetimeIndex(sorted(calendar.holidays(history.first_day, history.last_day)))
        skip = past.union(pd.DatetimeIndex(list(calendar.special_days))).union(odd)
        profiles = weekday_profiles(history.intervals, calendar, f["profile_weeks"], skip)
        by_day = _holiday_shapes(history, calendar, daily["date"], past.difference(odd), first)
    else:
        by_day = {}
        profiles = np.vstack([calendar.open_slots(d).astype(float) for d in range(7)])
        sums = profiles.sum(axis=1, keepdims=True)
        profiles = np.divide(profiles, sums, out=np.zeros_like(profiles), where=sums > 0)
    table = aht_table(history.intervals, slots, config.service["aht_seconds"], f["aht_weeks"],
                      before=first)
    out = split_days(daily, profiles, calendar, levels, by_day)
    out["aht_seconds"] = np.round(aht_for(pd.DatetimeIndex(out["interval_start"]), table), 1)
    out["model"] = daily["model"].iloc[0] if len(daily) else ""
    return out
