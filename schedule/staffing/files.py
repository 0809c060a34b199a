"""The staffing stage's output files: requirements.csv and its chart, with the roll-up
across queues and the pooled figures when there are queues.

Writers only: `wfm.core.output.write_all` writes them all or none.
"""

from __future__ import annotations

import pandas as pd

from wfm.core.config import Config
from wfm.core.output import Writer, csv_writer, figure_writer, times_as_text
from wfm.schedule.staffing.charts import requirements_chart, simulation_chart
from wfm.schedule.staffing.queues import pooled_agents, rollup_requirements
from wfm.schedule.staffing.requirements import COLUMNS as REQUIREMENT_COLUMNS


def staffing_files(req: pd.DataFrame, cfg: Config, name: str = "requirements"
                   ) -> dict[str, Writer]:
    """requirements.csv and its chart; with queues, also the roll-up across queues
    (`NAME_total.csv`), which the chart then shows."""
    lead = [c for c in ("queue", "interval_start", "channel") if c in req]
    files = {f"{name}.csv": csv_writer(times_as_text(req[lead + REQUIREMENT_COLUMNS[1:]]),
                                       float_format="%.4f")}
    title = f"{cfg.centre['name']}: agents required per interval"
    shown = req
    if "queue" in req:
        shown = rollup_requirements(req)
        pooled = pooled_agents(req, cfg, cfg.centre["interval_minutes"])
        files[f"{name}_total.csv"] = csv_writer(
            times_as_text(shown.drop(columns="open").merge(pooled, on="interval_start")),
            float_format="%.4f")
        title += f", all {shown['queues'].max()} queues"
    files[f"{name}.png"] = figure_writer(requirements_chart(shown, title))
    return files


SIMULATION_FILES = ("simulation_intervals.csv", "simulation_summary.csv", "simulation.png")


def simulation_files(intervals: pd.DataFrame, summary: pd.DataFrame, title: str
                     ) -> dict[str, Writer]:
    """A simulated plan per interval and overall (beside Erlang C and A), and its chart."""
    return {
        "simulation_intervals.csv": csv_writer(times_as_text(intervals), float_format="%.4f"),
        "simulation_summary.csv": csv_writer(summary, float_format="%.4f"),
        "simulation.png": figure_writer(simulation_chart(intervals, summary, title)),
    }
