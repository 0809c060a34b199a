"""Intraday profiles: how each weekday's volume spreads over its intervals.

A profile is the share of the day's volume in each interval, per weekday, from the
recent weeks (holidays and gap days left out, recent weeks weighted more), lightly
smoothed across neighbouring intervals so a noisy half-hour does not carry into the plan.
Public holidays have a shape of their own, learnt from the holidays in the history: a
holiday runs flatter than the weekday it falls on.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm

from wfm.core.calendar import Calendar
from wfm.core.clock import real_slots


def weekday_profiles(intervals: pd.DataFrame, calendar: Calendar, weeks: int = 8,
                     skip_days: pd.DatetimeIndex | None = None,
                     before: pd.Timestamp | None = None) -> np.ndarray:
    """A (7, slots) array of shares; each open weekday's row sums to 1.

    `intervals` is the history's interval frame (index interval_start, column volume);
    `skip_days` are days to leave out (holidays, special days); only days before
    `before` are used. Weekdays with no usable history get a flat profile over the
    agent hours.
    """
    slots = calendar.slots_per_day()
    vol = intervals["volume"]
    if before is not None:
        vol = vol[vol.index < before]
    days = vol.index.normalize()
    matrix = vol.to_numpy(dtype=float)
    n_days = len(matrix) // slots
    matrix = matrix[: n_days * slots].reshape(n_days, slots)
    dates = pd.DatetimeIndex(days[::slots][:n_days])
    skip = set(skip_days) if skip_days is not None else set()
    profiles = np.zeros((7, slots))
    for wd in range(7):
        if wd not in calendar.open_weekdays:
            continue
        rows = [i for i, d in enumerate(dates)
                if d.weekday() == wd and d not in skip and matrix[i].sum() > 0]
        rows = rows[-weeks:]
        if rows:
            # recent weeks count more: weights halve every `weeks / 2` weeks back
            age = np.arange(len(rows))[::-1]
            w = 0.5 ** (age / max(weeks / 2, 1))
            day = matrix[rows]
            shares = (day / day.sum(axis=1, keepdims=True) * w[:, None]).sum(axis=0) / w.sum()
            profiles[wd] = smooth(shares, calendar.interval_minutes)
        if profiles[wd].sum() <= 0:
            profiles[wd] = calendar.open_slots(wd).astype(float)
        profiles[wd] /= profiles[wd].sum()
    return profiles


SMOOTH_BELOW_MINUTES = 60  # an hour's count is already smooth; its neighbours are far


def smooth(shares: np.ndarray, interval_minutes: int = 30) -> np.ndarray:
    """Blend each interval with its neighbours (1-2-1 kernel, half weight) keeping zeros
    zero; hourly shares are left as they are (blending an hour with the hours either side
    would carry a steep evening drop into the hour after it)."""
    if interval_minutes >= SMOOTH_BELOW_MINUTES:
        return shares
    padded = np.pad(shares, 1, mode="edge")
    kernel = (padded[:-2] + 2 * padded[1:-1] + padded[2:]) / 4
    out = 0.5 * shares + 0.5 * kernel
    out[shares == 0] = 0.0
    total = out.sum()
    return out * (shares.sum() / total) if total > 0 else out


def holiday_profile(intervals: pd.DataFrame, calendar: Calendar, holidays: pd.DatetimeIndex,
                    before: pd.Timestamp, years: int = 2) -> np.ndarray | None:
    """The mean shape of the public holidays in the last `years` years before `before`
    that had calls, or None with fewer than two of them to learn from."""
    slots = calendar.slots_per_day()
    start = before - pd.DateOffset(years=years)
    days = [d for d in holidays if start <= d < before]
    rows = []
    for day in days:
        vol = intervals["volume"].reindex(pd.date_range(day, periods=slots,
                                                        freq=f"{calendar.interval_minutes}min"))
        if vol.notna().all() and vol.sum() > 0:
            rows.append(vol.to_numpy(dtype=float) / vol.sum())
    if len(rows) < 2:
        return None
    return smooth(np.mean(rows, axis=0), calendar.interval_minutes)


def z_score(level: int) -> float:
    """The two-sided normal quantile of a central `level`% interval (80 -> 1.2816)."""
    return float(norm.ppf(0.5 + level / 200))


def split_days(daily: pd.DataFrame, profiles: np.ndarray, calendar: Calendar,
               levels: tuple[int, ...] = (80, 95),
               by_day: dict[pd.Timestamp, np.ndarray] | None = None) -> pd.DataFrame:
    """Spread each day's forecast over its real intervals by the weekday profile (or the
    profile `by_day` gives that date, e.g. a holiday's).

    Profiles are kept by wall-clock slot; on a clock-change day the repeated hour takes its
    wall-clock share twice, the skipped hour none, and the day's shares are scaled back to
    the whole day. Interval bounds are the day's bounds times the share, widened by the
    Poisson noise of counting calls in one interval (z * sqrt(expected calls)).
    """
    if daily.empty:
        columns = ["interval_start", "volume"] + [f(level, levels) for level in levels
                                                 for f in (_lo, _hi)]
        return pd.DataFrame({c: pd.Series(dtype=float) for c in columns}).astype(
            {"interval_start": pd.DatetimeTZDtype(tz=calendar.timezone)})
    starts = real_slots(pd.DatetimeIndex(daily["date"]), calendar.timezone,
                        calendar.interval_minutes)
    wall = starts.tz_localize(None)
    day = wall.normalize()
    slot = ((wall - day) // pd.Timedelta(minutes=calendar.interval_minutes)).to_numpy()
    rec = daily.assign(date=pd.DatetimeIndex(daily["date"]).normalize()).set_index("date")
    row = rec.index.get_indexer(day)
    shares = np.vstack([(by_day or {}).get(d, profiles[d.weekday()])
                        for d in rec.index])[row, slot]
    # a 23- or 25-hour day: its shares scaled back to the whole day
    changed = (np.bincount(row, minlength=len(rec)) != calendar.slots_per_day())[row]
    totals = np.bincount(row, weights=shares, minlength=len(rec))[row]
    shares = np.where(changed, np.divide(shares, totals, out=np.zeros_like(shares),
                                         where=totals > 0), shares)
    vol = rec["volume"].to_numpy(dtype=float)[row] * shares
    out = pd.DataFrame({"interval_start": starts, "volume": vol})
    for level in levels:
        z = z_score(level)
        noise = z * np.sqrt(vol)
        lo, hi = _lo(level, levels), _hi(level, levels)
        out[lo] = np.maximum(rec[lo].to_numpy(dtype=float)[row] * shares - noise, 0.0)
        out[hi] = rec[hi].to_numpy(dtype=float)[row] * shares + noise
    closed = ~calendar.is_open(day)
    out.loc[closed, out.columns[1:]] = 0.0
    return out


def _lo(level: int, levels: tuple[int, ...]) -> str:
    return "lo" if level == levels[0] else f"lo_{level}"


def _hi(level: int, levels: tuple[int, ...]) -> str:
    return "hi" if level == levels[0] else f"hi_{level}"
