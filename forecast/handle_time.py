"""Average handle time (AHT) forecast per weekday and interval.

From the recent weeks of history where handle times exist (contact records or interval
AHT), weighted by the calls behind each figure; an interval with few calls leans on its
weekday's mean, so one long call at 23:30 does not set the plan. With no handle times in
the history, every interval gets the config's `[service] aht_seconds`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_PRIOR_CALLS = 30.0  # calls' worth of weight given to the weekday mean in each interval


def aht_table(intervals: pd.DataFrame | None, slots: int, default: float, weeks: int = 8,
              before: pd.Timestamp | None = None) -> np.ndarray:
    """A (7, slots) array of AHT seconds per weekday and interval slot."""
    table = np.full((7, slots), float(default))
    if intervals is None or "aht_seconds" not in intervals or intervals["handled"].sum() <= 0:
        return table
    frame = intervals if before is None else intervals[intervals.index < before]
    if frame.empty:
        return table
    cutoff = frame.index[-1].normalize() - pd.Timedelta(weeks=weeks)
    frame = frame[frame.index >= cutoff]
    handled = frame["handled"].to_numpy(dtype=float)
    work = np.nan_to_num(frame["aht_seconds"].to_numpy(dtype=float)) * handled
    wd = frame.index.day_of_week.to_numpy()
    slot = ((frame.index.hour * 60 + frame.index.minute).to_numpy() * slots) // 1440
    n = np.zeros((7, slots))
    w = np.zeros((7, slots))
    np.add.at(n, (wd, slot), handled)
    np.add.at(w, (wd, slot), work)
    if n.sum() <= 0:  # handle times only from longer ago: the default is the better guess
        return table
    overall = w.sum() / n.sum()
    for d in range(7):
        day_n = n[d].sum()
        day_mean = (w[d].sum() + _PRIOR_CALLS * overall) / (day_n + _PRIOR_CALLS)
        table[d] = (w[d] + _PRIOR_CALLS * day_mean) / (n[d] + _PRIOR_CALLS)
    return table


def aht_for(starts: pd.DatetimeIndex, table: np.ndarray) -> np.ndarray:
    """Look up the AHT of each interval start in a weekday x slot table."""
    starts = pd.DatetimeIndex(starts)
    slots = table.shape[1]
    slot = ((starts.hour * 60 + starts.minute).to_numpy() * slots) // 1440
    return table[starts.day_of_week.to_numpy(), slot]
