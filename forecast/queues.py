"""Many queues: a history file split by its `queue` column, each queue forecast with its
own config, the results gathered into the single-queue frames with a `queue` column in
front, and a roll-up across queues.

A queue is product x language x channel x site, whatever the centre routes separately.
Queues are planned independently (their own model choice, intraday shape and AHT), which
is the work that `wfm.core.fanout.run_by_queue` spreads over a Dask cluster.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from wfm.core.calendar import Calendar, calendar_from_config
from wfm.core.config import Config, config_for_queue
from wfm.core.csvin import file_row, text_frame
from wfm.core.errors import InputError
from wfm.core.fanout import named_error
from wfm.forecast.history import (
    HISTORY_COLUMNS,
    History,
    day_slots,
    history_from_frame,
    long_layout,
    recording_minutes,
    sum_by_slot,
    with_work,
)
from wfm.forecast.monthly import flag_seasons
from wfm.forecast.pipeline import ForecastResult, run_forecast

NO_QUEUE = ""  # the one key of a history file that has no queue column
TOTAL_MODEL = "sum of queues"


@dataclass(frozen=True)
class QueueJob:
    """One queue's forecast, as a task that pickles to a Dask worker: everything it needs
    travels with it (the calendar is built here, special days read), so a worker on
    another machine reads no files."""

    queue: str
    history: History
    config: Config
    calendar: Calendar
    days: int | None = None
    month: str | None = None


def load_queue_histories(source: str | Path | pd.DataFrame, config: Config
                         ) -> dict[str, History]:
    """One History per queue, by queue name in sorted order; `{NO_QUEUE: history}` when
    the file has no `[history] queue` column. A bad row is reported with the file's row
    and the queue it belongs to."""
    frame, p = text_frame(source, HISTORY_COLUMNS)
    frame = long_layout(frame, config)
    column = config.history["queue"]
    if column not in frame.columns:
        return {NO_QUEUE: history_from_frame(frame, p, config)}
    names = frame[column].astype(str).str.strip()
    if (names == "").any():
        i = int(np.flatnonzero((names == "").to_numpy())[0])
        raise InputError("expected a queue name, got an empty cell", file=p,
                         row=file_row(names, i), column=column)
    try:
        grid = recording_minutes(frame, p, config)  # the file's grid, not each queue's guess
    except InputError as exc:  # a bad time: say whose row it is
        if not exc.row:
            raise
        raise named_error(str(names.iloc[exc.row - 1]), exc) from None
    out: dict[str, History] = {}
    for name, rows in sorted(frame.groupby(names, sort=False).indices.items()):
        try:
            out[str(name)] = history_from_frame(frame.iloc[rows], p, config, grid)
        except InputError as exc:
            raise named_error(str(name), exc) from None
    observed = pd.DatetimeIndex(sorted(set().union(
        *(h.daily.index[h.daily.notna()] for h in out.values()))))
    interval = config.centre["interval_minutes"]
    return {q: _quiet_days(h, observed, interval) for q, h in out.items()}


def _quiet_days(history: History, observed: pd.DatetimeIndex, interval: int) -> History:
    """A day the file has rows for, but none of this queue's, had no contacts for it (a
    small queue's quiet day), not a gap: within the queue's own span it becomes zero."""
    span = observed[(observed >= history.first_day) & (observed <= history.last_day)]
    missing = span[history.daily.reindex(span).isna().to_numpy()]
    if missing.empty:
        return history
    daily = history.daily.copy()
    daily[missing] = 0.0
    intervals = history.intervals
    if intervals is not None:
        zeros = pd.DataFrame({"volume": 0.0, "aht_seconds": np.nan, "handled": 0.0},
                             index=day_slots(missing, interval).rename(intervals.index.name))
        intervals = pd.concat([intervals, zeros]).sort_index()
    return replace(history, daily=daily, intervals=intervals)


def jobs(histories: dict[str, History], config: Config, *, special_days: str | None = None,
         days: int | None = None, month: str | None = None) -> dict[str, QueueJob]:
    """A forecast job per queue, each with its own config (`[queues.NAME]`) and calendar."""
    out = {}
    # one calendar per distinct config: queues without a table of their own share the
    # centre's (its special days read once, not once a queue)
    calendars: dict[int, Calendar] = {}
    for q, h in histories.items():
        own = config_for_queue(config, q)
        if id(own) not in calendars:
            calendars[id(own)] = calendar_from_config(own, special_days)
        out[q] = QueueJob(q, h, own, calendars[id(own)], days, month)
    return out


def forecast_job(job: QueueJob) -> ForecastResult:
    """Backtest, choose and forecast one queue (runs in a worker process or here)."""
    return run_forecast(job.history, job.config, job.calendar, days=job.days,
                        month=job.month)


def with_queue(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The queues' frames stacked, a `queue` column in front, in queue order."""
    parts = [frame.assign(queue=q)[["queue", *frame.columns]] for q, frame in frames.items()]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["queue"])


def gather(results: dict[str, ForecastResult]) -> dict[str, pd.DataFrame]:
    """The single-queue forecast frames with a `queue` column: daily, monthly, intervals,
    holiday effects and (for the queues that had one) backtest scores."""
    out = {
        "daily": with_queue({q: r.daily for q, r in results.items()}),
        "monthly": with_queue({q: r.monthly for q, r in results.items()}),
        "intervals": with_queue({q: r.intervals for q, r in results.items()}),
        "effects": with_queue({q: r.effects.table() for q, r in results.items()}),
    }
    scored = {}
    for q, r in results.items():
        if r.backtest is not None:
            table = r.backtest.scores.reset_index()
            table.insert(1, "chosen", table["model"] == r.backtest.chosen_name)
            scored[q] = table
    if scored:
        out["backtest"] = with_queue(scored)
    return out


def _bounds(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c == "lo" or c == "hi" or c.startswith(("lo_", "hi_"))]


def rollup_daily(daily: pd.DataFrame) -> pd.DataFrame:
    """Volume per day over all queues. Bounds are the sums of the queues' bounds, which is
    conservative: it assumes the queues' errors move together."""
    cols = ["volume", *_bounds(daily)]
    out = daily.groupby("date", sort=True)[cols].sum().reset_index()
    out["queues"] = daily.groupby("date", sort=True)["queue"].nunique().to_numpy()
    out["model"] = TOTAL_MODEL
    return out


def rollup_monthly(monthly: pd.DataFrame, band: float) -> pd.DataFrame:
    """Month totals over all queues, with busy and quiet seasons flagged again on the sum."""
    grouped = monthly.groupby("month", sort=True)
    sums = grouped[["volume", "lo", "hi"]].sum()
    sums["days"] = grouped["days"].max()
    sums["forecast_days"] = grouped["forecast_days"].max()
    out = flag_seasons(sums, band)
    out["model"] = TOTAL_MODEL
    return out.reset_index()


def rollup_intervals(intervals: pd.DataFrame) -> pd.DataFrame:
    """Volume per interval over all queues; AHT weighted by each queue's volume."""
    cols = ["volume", *_bounds(intervals)]
    frame = intervals.assign(work=intervals["volume"] * intervals["aht_seconds"])
    grouped = frame.groupby("interval_start", sort=True)
    out = grouped[[*cols, "work"]].sum()
    out["aht_seconds"] = np.round(
        np.divide(out["work"], out["volume"], out=np.full(len(out), np.nan),
                  where=out["volume"].to_numpy() > 0), 1)
    out = out.drop(columns="work").reset_index()
    out["model"] = TOTAL_MODEL
    return out


def total_history(histories: dict[str, History]) -> History:
    """The history of all queues together (the one history itself when there is one):
    daily volume added up, and interval volume and handled calls where every queue has
    intervals; the centre-wide view the season plan and reports start from."""
    if len(histories) == 1:
        return next(iter(histories.values()))
    parts = list(histories.values())
    intervals = None
    if all(h.intervals is not None for h in parts):
        frame = pd.concat([with_work(h.intervals) for h in parts])
        intervals = sum_by_slot(frame, frame.index)
    first = parts[0]
    return History(source=first.source, form=first.form,
                   daily=rollup_history(histories), intervals=intervals, contacts=None,
                   native_minutes=first.native_minutes)


def rollup_history(histories: dict[str, History]) -> pd.Series:
    """Daily history over all queues (a day is a gap only where every queue has a gap)."""
    total = pd.concat([h.daily for h in histories.values()], axis=1, sort=True).sum(
        axis=1, min_count=1)
    days = pd.date_range(total.index.min(), total.index.max(), freq="D")
    return total.reindex(days).rename("volume").rename_axis("date")


def queue_summary(histories: dict[str, History], results: dict[str, ForecastResult]
                  ) -> pd.DataFrame:
    """One row per queue: its history, the model chosen, its backtest score and the
    volume forecast, so a planner sees which queues are large, new or hard to forecast."""
    rows = []
    for q, r in results.items():
        h = histories[q]
        best = None  # the backtest score of the model the forecast names
        if r.backtest is not None and r.daily["model"].iloc[0] in r.backtest.scores.index:
            best = r.backtest.scores.loc[r.daily["model"].iloc[0]]
        rows.append({
            "queue": q, "history_from": h.first_day.date(), "history_to": h.last_day.date(),
            "history_volume": float(h.daily.sum()), "model": r.daily["model"].iloc[0],
            "mase": float(best["mase"]) if best is not None else np.nan,
            "wape": float(best["wape"]) if best is not None else np.nan,
            "forecast_volume": float(r.daily["volume"].sum()),
            "share": np.nan, "notes": "; ".join(r.notes)})
    table = pd.DataFrame(rows)
    total = table["forecast_volume"].sum()
    table["share"] = table["forecast_volume"] / total if total > 0 else np.nan
    return table


def queues_summary(results: dict[str, ForecastResult]) -> list[str]:
    """Many queues' forecasts in one line: the days, the contacts and the models chosen."""
    days = [r.daily["date"] for r in results.values()]
    total = sum(r.daily["volume"].sum() for r in results.values())
    models = pd.Series([r.daily["model"].iloc[0] for r in results.values()]).value_counts()
    return [f"forecast: {len(results)} queues, {min(d.min() for d in days).date()} to "
            f"{max(d.max() for d in days).date()}, {total:,.0f} contacts; models chosen: "
            + ", ".join(f"{m} x{n}" for m, n in models.items())]
