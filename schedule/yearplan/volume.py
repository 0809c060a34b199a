"""A whole year of interval volume for the season plan: known where the history covers
it (last year's actuals, say), forecast where it does not."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from wfm.core.calendar import Calendar
from wfm.core.clock import on_wall_clock
from wfm.core.config import Config
from wfm.core.errors import InputError
from wfm.forecast.history import History
from wfm.forecast.pipeline import _interval_frame, run_forecast


def year_intervals(history: History, config: Config, calendar: Calendar, year: int,
                   progress: Callable[[str], None] | None = None
                   ) -> tuple[pd.DataFrame, str]:
    """`interval_start, volume, aht_seconds` for every interval of the year, and where the
    volume came from ("actual", "forecast" or both)."""
    start = pd.Timestamp(year=year, month=1, day=1)
    end = pd.Timestamp(year=year, month=12, day=31)
    if history.first_day > end:
        raise InputError(f"--year {year}: the history starts on {history.first_day.date()}, "
                         "after the year", file=history.source)
    if history.first_day > start and history.last_day >= start:
        raise InputError(f"--year {year}: the history starts on {history.first_day.date()}, "
                         "inside the year; plan a later year or give the whole year",
                         file=history.source)
    parts, sources = [], []
    if history.last_day >= start:
        known_end = min(history.last_day, end)
        parts.append(_actual(history, config, calendar, start, known_end))
        sources.append("actual" if known_end == end else f"actual to {known_end.date()}")
    if history.last_day < end:
        days = (end - history.last_day).days
        result = run_forecast(history, config, calendar, days=days, progress=progress)
        frame = _wall(result.intervals)
        frame = frame[pd.DatetimeIndex(frame["interval_start"]) >= start]
        parts.append(frame[["interval_start", "volume", "aht_seconds"]])
        sources.append("forecast")
    out = pd.concat(parts, ignore_index=True)
    out["interval_start"] = pd.to_datetime(out["interval_start"])
    return out.reset_index(drop=True), ", ".join(sources)


def _actual(history: History, config: Config, calendar: Calendar, start: pd.Timestamp,
            end: pd.Timestamp) -> pd.DataFrame:
    """The history's own intervals (or its days spread by the open hours) in start..end.
    A gap day takes the median of the same weekday in its month: unknown is not zero."""
    daily = history.daily[(history.daily.index >= start) & (history.daily.index <= end)]
    filled = daily.groupby([daily.index.month, daily.index.day_of_week]).transform("median")
    daily = daily.fillna(filled).fillna(0.0)
    if history.intervals is not None:
        iv = history.intervals
        iv = iv[(iv.index >= start) & (iv.index < end + pd.Timedelta(days=1))]
        have = set(iv.index.normalize())
        missing = [d for d in daily.index if d not in have]
        frame = pd.DataFrame({"interval_start": iv.index, "volume": iv["volume"].to_numpy(),
                              "aht_seconds": iv["aht_seconds"].fillna(
                                  config.service["aht_seconds"]).to_numpy()})
        if not missing:
            return frame
        gap_days = pd.DataFrame({"date": missing, "volume": daily.loc[missing].to_numpy(),
                                 "model": "actual"})
        spread = _interval_frame(history, calendar, config, gap_days, (), start)
        return pd.concat([frame, _wall(spread)[["interval_start", "volume", "aht_seconds"]]],
                         ignore_index=True).sort_values("interval_start")
    days = pd.DataFrame({"date": daily.index, "volume": daily.to_numpy(), "model": "actual"})
    spread = _interval_frame(history, calendar, config, days, (), start)
    return _wall(spread)[["interval_start", "volume", "aht_seconds"]]


def _wall(intervals: pd.DataFrame) -> pd.DataFrame:
    """Forecast intervals on the wall clock the history and the year's weeks are kept on
    (an autumn repeated hour's calls on one slot, as a local feed gives them)."""
    return on_wall_clock(intervals, "interval_start",
                         sums=tuple(c for c in intervals.columns if c != "aht_seconds"
                                    and pd.api.types.is_float_dtype(intervals[c])))
