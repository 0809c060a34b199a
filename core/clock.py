"""The centre's clock: the real interval slots of its days, and the bridge to the wall clock.

Forecasts, staffing and coverage run on real slots in `[centre] timezone`: each day from
local midnight to the next, so a spring clock-change day has 23 hours of slots and an
autumn one 25 (its repeated hour twice, once per UTC offset), and a local time that does
not exist is never a slot. Histories (as feeds give them) and rosters (as a rota is read)
run on the wall clock: every day the same slots, the repeated hour once. Every file writes
a real slot with its offset (`2026-11-01T01:30-05:00`).
"""

from __future__ import annotations

from datetime import tzinfo

import numpy as np
import pandas as pd

TIME_FORMAT = "%Y-%m-%dT%H:%M"  # a wall-clock date-time, as files write it before the offset


def real_slots(days: pd.DatetimeIndex, timezone: str, interval: int) -> pd.DatetimeIndex:
    """Every real interval start of the given local days, aware in `timezone`."""
    days = pd.DatetimeIndex(days).normalize().unique().sort_values()
    if days.empty:
        return pd.DatetimeIndex([], tz=timezone)
    first = _midnight(days[0], timezone)
    last = _midnight(days[-1] + pd.Timedelta(days=1), timezone)
    grid = pd.date_range(first.tz_convert("UTC"), last.tz_convert("UTC"),
                         freq=f"{interval}min", inclusive="left").tz_convert(timezone)
    return grid[grid.tz_localize(None).normalize().isin(days)]


def _midnight(day: pd.Timestamp, timezone: str) -> pd.Timestamp:
    """A day's first real minute: local midnight, or the end of a gap that swallows it."""
    return pd.Timestamp(day).tz_localize(timezone, ambiguous=True, nonexistent="shift_forward")


def wall_clock(times: pd.Series | pd.DatetimeIndex) -> pd.Series | pd.DatetimeIndex:
    """Aware times as naive wall-clock times (both halves of a repeated hour on one time);
    naive times as they are."""
    if isinstance(times, pd.DatetimeIndex):
        return times.tz_localize(None) if times.tz is not None else times
    if getattr(times.dt, "tz", None) is not None:
        return times.dt.tz_localize(None)
    return times


def localize(times: pd.Series | pd.DatetimeIndex, timezone: str | tzinfo,
             skipped: str = "shift_forward") -> pd.Series | pd.DatetimeIndex:
    """Wall-clock times as aware times in `timezone`: a repeated time is its first
    occurrence (summer time); a skipped one moves to the first minute after the gap, or is
    NaT with `skipped="NaT"`. Aware times are converted to the zone."""
    index = pd.DatetimeIndex(times)
    if index.tz is not None:
        aware = index.tz_convert(timezone)
    else:
        aware = index.tz_localize(timezone, ambiguous=np.ones(len(index), dtype=bool),
                                  nonexistent=skipped)
    if isinstance(times, pd.Series):
        return pd.Series(aware, index=times.index, name=times.name)
    return aware


def time_text(times: pd.Series) -> pd.Series:
    """Date-times as files hold them: `YYYY-MM-DDTHH:MM` with the UTC offset where the
    time is aware (`+HH:MM`), without one where it is a plain wall-clock time."""
    times = pd.Series(pd.to_datetime(times), index=times.index)
    text = times.dt.strftime(TIME_FORMAT)
    if getattr(times.dt, "tz", None) is None:
        return text
    offset = times.dt.strftime("%z")
    return text + offset.str[:3] + ":" + offset.str[3:]


def on_wall_clock(frame: pd.DataFrame, column: str, sums: tuple[str, ...] = (),
                  largest: tuple[str, ...] = ()) -> pd.DataFrame:
    """Rows on real slots to one row per wall-clock slot: the two halves of a repeated hour
    become one, the `sums` columns added (calls), the `largest` taken from the busier half
    (a staff requirement: the slot needs as many people as its busier half), the others
    kept from the first half."""
    wall = wall_clock(frame[column])
    if not wall.duplicated().any():
        return frame.assign(**{column: wall})
    keys = [c for c in ("queue", "channel") if c in frame.columns]
    work = frame.assign(**{column: wall})
    how = {c: "sum" if c in sums else "max" if c in largest else "first"
           for c in work.columns if c not in [*keys, column]}
    out = work.groupby([*keys, column], sort=False, as_index=False).agg(how)
    return out[frame.columns]
