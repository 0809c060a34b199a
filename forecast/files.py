"""The forecast stage's output files: which frame goes into which CSV and chart, for one
queue or many (the same files with a `queue` column, plus the roll-up across queues).

Writers only: `wfm.core.output.write_all` writes them all or none.
"""

from __future__ import annotations

import pandas as pd

from wfm.core.config import Config
from wfm.core.output import Writer, csv_writer, figure_writer, times_as_text
from wfm.forecast import queues as qs
from wfm.forecast.charts import forecast_chart, seasons_chart
from wfm.forecast.history import History
from wfm.forecast.pipeline import ForecastResult

FORECAST_FILES = ("forecast_daily.csv", "forecast_monthly.csv", "forecast_intervals.csv",
                  "holiday_effects.csv", "forecast.png", "seasons.png", "backtest.csv")
LONG_FILE = "forecast_long.csv"  # `wfm forecast --layout long`
QUEUE_FILES = ("forecast_daily_total.csv", "forecast_monthly_total.csv",
               "forecast_intervals_total.csv", "queues.csv")
# a run's timings stay out of its files: the same inputs give the same files (wfm
# backtest, the tool for comparing models, prints and writes them)
TIMINGS = ["fit_seconds"]


def forecast_files(result: ForecastResult, hist: History, cfg: Config) -> dict[str, Writer]:
    """The forecast stage's files for one queue (DESIGN.md's columns) and its charts."""
    name = cfg.centre["name"]
    files = {
        "forecast_daily.csv": csv_writer(result.daily),
        "forecast_monthly.csv": csv_writer(result.monthly),
        "forecast_intervals.csv": csv_writer(times_as_text(result.intervals)),
        "holiday_effects.csv": csv_writer(result.effects.table()),
        "forecast.png": figure_writer(forecast_chart(hist.daily, result.daily,
                                                     f"{name}: daily volume forecast")),
        "seasons.png": figure_writer(seasons_chart(result.monthly,
                                                   f"{name}: monthly volume and seasons")),
    }
    if result.backtest is not None:
        table = result.backtest.scores.reset_index()
        table.insert(1, "chosen", table["model"] == result.backtest.chosen_name)
        files["backtest.csv"] = csv_writer(table.drop(columns=TIMINGS, errors="ignore"),
                                           float_format="%.4f")
    return files


def statsforecast_layout(daily: pd.DataFrame, levels: list[int]) -> pd.DataFrame:
    """The daily forecast in statsforecast's long layout: `unique_id` (the queue, or
    "total" without queues), `ds`, and the forecast as a model named `wfm` with its bands
    (`wfm-lo-80`, `wfm-hi-80`, `wfm-lo-95`, `wfm-hi-95`), so tools that read Nixtla's
    frames take it as one of theirs."""
    first = levels[0] if levels else 80
    out = pd.DataFrame({
        "unique_id": daily.get("queue", "total"),
        "ds": pd.to_datetime(daily["date"]).dt.strftime("%Y-%m-%d"),
        "wfm": daily["volume"],
        f"wfm-lo-{first}": daily["lo"], f"wfm-hi-{first}": daily["hi"]})
    if "lo_95" in daily and first != 95:
        out["wfm-lo-95"], out["wfm-hi-95"] = daily["lo_95"], daily["hi_95"]
    return out.reset_index(drop=True)


def queue_forecast_files(results: dict[str, ForecastResult], histories: dict[str, History],
                         cfg: Config) -> dict[str, Writer]:
    """The single-queue forecast files with a `queue` column, the roll-up across queues
    (`*_total.csv`, and the charts drawn for the total) and a queue summary."""
    frames = qs.gather(results)
    total = qs.rollup_daily(frames["daily"])
    months = qs.rollup_monthly(frames["monthly"], cfg.forecast["season_band"])
    name = f"{cfg.centre['name']}, {len(results)} queues"
    files = {
        "forecast_daily.csv": csv_writer(frames["daily"]),
        "forecast_monthly.csv": csv_writer(frames["monthly"]),
        "forecast_intervals.csv": csv_writer(times_as_text(frames["intervals"])),
        "holiday_effects.csv": csv_writer(frames["effects"]),
        "forecast_daily_total.csv": csv_writer(total),
        "forecast_monthly_total.csv": csv_writer(months),
        "forecast_intervals_total.csv": csv_writer(
            times_as_text(qs.rollup_intervals(frames["intervals"]))),
        "queues.csv": csv_writer(qs.queue_summary(histories, results), float_format="%.4f"),
        "forecast.png": figure_writer(forecast_chart(
            qs.rollup_history(histories), total, f"{name}: daily volume forecast, all queues")),
        "seasons.png": figure_writer(seasons_chart(
            months, f"{name}: monthly volume and seasons, all queues")),
    }
    if "backtest" in frames:
        files["backtest.csv"] = csv_writer(frames["backtest"].drop(columns=TIMINGS,
                                                                   errors="ignore"),
                                           float_format="%.4f")
    return files
