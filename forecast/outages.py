"""Outages and clock changes in interval counts: what a feed shows that is not demand.

A logging outage shows as hours of zeros inside busy hours; a clock change as a missing
or a doubled hour. Read as they stand, an outage lowers the day's total as if callers
had stayed away, and both bend the intraday shape. Here an interval is an outage when
it holds under a tenth of the usual count for its weekday and time while at least ten
calls are usual (a Poisson count of ten shows one call or none once in two thousand
intervals); the daily model sees the day with the usual count in those intervals, and
the intraday shape leaves outage and clock-change days out.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass

import numpy as np
import pandas as pd

from wfm.forecast.events import neighbour_median

OUTAGE_SHARE = 0.1  # an outage interval holds under a tenth of the usual count
OUTAGE_MIN_USUAL = 10.0  # where at least this many calls are usual
GAP_SHARE = 0.5  # a day that lost more than half its usual volume is a gap, not a day
_WEEKS = (1, 2, 3, 4)


@dataclass(frozen=True)
class Outages:
    """Outage intervals found in an interval history, and the day totals completed."""

    slots: pd.DatetimeIndex  # interval starts read as an outage
    daily: pd.Series  # day totals with the usual count in outage intervals (NaN = gap)
    days: pd.DatetimeIndex  # days with an outage interval

    def note(self, interval_minutes: int) -> str:
        """The outages in a planner's words, the longest run named."""
        if len(self.slots) == 0:
            return ""
        step = pd.Timedelta(minutes=interval_minutes)
        runs = np.split(self.slots, np.flatnonzero(np.diff(self.slots) != step) + 1)
        longest = max(runs, key=len)
        hours = len(self.slots) * interval_minutes / 60
        end = longest[-1] + step
        return (f"{hours:,.0f} hours of near-zero counts inside busy hours on {len(self.days)} "
                f"day{'s' if len(self.days) > 1 else ''} read as a recording outage, not "
                f"quiet (longest {longest[0]:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}): the "
                "usual count stands in for them in the daily totals, and those days are left "
                "out of the intraday shape")


def usual_counts(matrix: np.ndarray) -> np.ndarray:
    """Per day and slot, the median of the same weekday and slot one to four weeks before
    and after (NaN where none of those days has data)."""
    return neighbour_median(matrix, _WEEKS)


def find_outages(intervals: pd.DataFrame, daily: pd.Series, slots_per_day: int,
                 skip_days: pd.DatetimeIndex, clock_days: pd.DatetimeIndex) -> Outages:
    """Outage intervals of an interval history (index `interval_start` on a full day grid,
    column `volume`) and the daily totals completed with the usual counts.

    Only part of a day can be an outage here: a whole day far from usual (a holiday, a
    closure, a day-long outage) is the daily model's to judge, and `skip_days` (holidays,
    their eves, special days) are left as they are, since closing early on an eve is
    demand, not a fault. On `clock_days` the hours from 01:00 to 03:00, where the clocks
    change, are left as they are: a missing hour there is one the day did not have."""
    vol = intervals["volume"]
    days = pd.date_range(daily.index[0], daily.index[-1], freq="D")
    grid = day_grid(vol, days, slots_per_day)
    usual = usual_counts(grid)
    with np.errstate(invalid="ignore"):
        out = (usual >= OUTAGE_MIN_USUAL) & (grid < OUTAGE_SHARE * usual)
    usual_day = np.nansum(usual, axis=1)
    whole_day = np.nansum(grid, axis=1) < OUTAGE_SHARE * usual_day
    out &= ~np.isnan(grid) & ~whole_day[:, None] & ~days.isin(skip_days)[:, None]
    minute = np.arange(slots_per_day) * (1440 // slots_per_day)
    out[np.ix_(days.isin(clock_days), (minute >= 60) & (minute < 180))] = False
    lost = np.where(out, usual, 0.0).sum(axis=1)
    completed = daily.reindex(days).to_numpy(dtype=float) + lost
    with np.errstate(invalid="ignore", divide="ignore"):
        completed[lost > GAP_SHARE * usual_day] = np.nan
    step = pd.Timedelta(minutes=1440 // slots_per_day)
    day_idx, slot_idx = np.nonzero(out)
    starts = pd.DatetimeIndex(days[day_idx] + step * slot_idx).sort_values()
    return Outages(slots=starts, daily=pd.Series(completed, index=days, name=daily.name),
                   days=days[out.any(axis=1)])


def day_grid(vol: pd.Series, days: pd.DatetimeIndex, slots_per_day: int) -> np.ndarray:
    """Interval volumes as a days x slots array; NaN on days without rows."""
    step = np.timedelta64(1440 // slots_per_day, "m")
    index = days.to_numpy()[:, None] + step * np.arange(slots_per_day)[None, :]
    return vol.reindex(pd.DatetimeIndex(index.ravel())).to_numpy(dtype=float).reshape(
        len(days), slots_per_day)


def clock_change_days(days: pd.DatetimeIndex, timezone: str) -> pd.DatetimeIndex:
    """Days on which the centre's clocks go forward or back (a 23- or 25-hour day)."""
    if len(days) == 0:
        return pd.DatetimeIndex([])
    tz = zoneinfo.ZoneInfo(timezone)
    span = pd.date_range(days[0], days[-1] + pd.Timedelta(days=1), freq="D")
    offsets = np.array([d.to_pydatetime().replace(tzinfo=tz).utcoffset().total_seconds()
                        for d in span])
    return span[:-1][offsets[1:] != offsets[:-1]]
