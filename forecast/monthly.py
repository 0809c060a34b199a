"""Monthly totals with busy and quiet seasons flagged.

A month is busy when its mean daily volume is more than `band` above the mean over the
months shown, quiet when more than `band` below: busy months are where part-timers are
hired, quiet months where annual leave and overhauls belong. Comparing daily means keeps
February from looking quiet just for being short.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def monthly(daily: pd.DataFrame, actual: pd.Series | None = None, band: float = 0.10,
            lo: str = "lo", hi: str = "hi") -> pd.DataFrame:
    """Month totals from a daily forecast (`date`, `volume`, bounds, `model`).

    Days of a month that are already in `actual` (history) count as known, so a month
    that is half over shows actual + forecast. Bounds add up the daily bounds, which is
    conservative (it assumes the days' errors move together).
    """
    frame = daily.set_index("date")[["volume", lo, hi, "model"]].copy()
    if actual is not None and len(frame):
        first = frame.index.min()
        month_start = first - pd.offsets.MonthBegin(1) if first.day != 1 else first
        known = actual[(actual.index >= month_start) & (actual.index < first)].dropna()
        if len(known):
            frame = pd.concat([pd.DataFrame({"volume": known, lo: known, hi: known,
                                             "model": "actual"}), frame])
    frame["days"] = 1
    frame["forecast_days"] = frame.index.isin(daily["date"]).astype(int)
    grouped = frame.groupby(frame.index.to_period("M"))
    out = flag_seasons(grouped[["volume", lo, hi, "days", "forecast_days"]].sum(), band)
    out["model"] = grouped["model"].last()  # the model behind the month's forecast days
    out.index = out.index.astype(str)
    out.index.name = "month"
    return out.reset_index()[["month", "volume", lo, hi, "days", "forecast_days", "index",
                              "season", "model"]]


def flag_seasons(months: pd.DataFrame, band: float = 0.10) -> pd.DataFrame:
    """`index` (mean volume per day against the mean over the months) and `season` (busy,
    normal or quiet beyond `band`) for month totals with `volume` and `days`."""
    out = months.copy()
    per_day = out["volume"] / out["days"]
    mean = per_day.mean() if len(per_day) else np.nan
    out["index"] = per_day / mean if mean > 0 else np.nan
    out["season"] = np.where(out["index"] > 1 + band, "busy",
                             np.where(out["index"] < 1 - band, "quiet", "normal"))
    return out
