"""The staffing and roster stages' output files: requirements (with the roll-up and the
pooled figures when there are queues) and the roster exports (per team with queues).

Writers only: `forecast.files.write_all` writes them all or none.
"""

from __future__ import annotations

import pandas as pd

from forecast.config import Config
from forecast.files import Writer, csv_writer, figure_writer
from forecast.plots import coverage_chart, requirements_chart
from schedule import exports
from schedule.queue_staffing import pooled_agents, rollup_requirements
from schedule.requirements import COLUMNS as REQUIREMENT_COLUMNS
from schedule.team_roster import SolvedTeam

ROSTER_FILES = ("roster_long.csv", "roster_grid.csv", "coverage.csv", "roster_summary.csv",
                "roster_penalties.csv", "coverage.png")


def staffing_files(req: pd.DataFrame, cfg: Config, name: str = "requirements"
                   ) -> dict[str, Writer]:
    """requirements.csv and its chart; with queues, also the roll-up across queues
    (`NAME_total.csv`), which the chart then shows."""
    stamp = {"interval_start": lambda f: f["interval_start"].dt.strftime("%Y-%m-%dT%H:%M")}
    lead = [c for c in ("queue", "interval_start", "channel") if c in req]
    files = {f"{name}.csv": csv_writer(req[lead + REQUIREMENT_COLUMNS[1:]].assign(**stamp),
                                       float_format="%.4f")}
    title = f"{cfg.centre['name']}: agents required per interval"
    shown = req
    if "queue" in req:
        shown = rollup_requirements(req)
        pooled = pooled_agents(req, cfg, cfg.centre["interval_minutes"])
        files[f"{name}_total.csv"] = csv_writer(
            shown.drop(columns="open").merge(pooled, on="interval_start").assign(**stamp),
            float_format="%.4f")
        title += f", all {shown['queues'].max()} queues"
    files[f"{name}.png"] = figure_writer(requirements_chart(shown, title))
    return files


def roster_files(solved: list[SolvedTeam], cfg: Config, month: str
                 ) -> tuple[pd.DataFrame, dict[str, Writer]]:
    """The roster exports; with teams, each table gains a `queue` column (the team's
    queues) and the summary a row set per team."""
    def tagged(frames: list[pd.DataFrame], column: str) -> pd.DataFrame:
        if solved[0].name is None:
            return frames[0]
        return pd.concat([f.assign(**{column: t.name})[[column, *f.columns]]
                          for t, f in zip(solved, frames, strict=True)],
                         ignore_index=True)

    table = tagged([exports.summary(t.result, t.goal) for t in solved], "queue")
    cov = tagged([exports.coverage(t.result) for t in solved], "queue")
    shown = cov  # with teams, the chart shows them added up
    if "queue" in cov:
        shown = cov.groupby("interval_start", sort=True)[["required", "scheduled"]].sum(
            ).reset_index()
    files = {
        "roster_long.csv": csv_writer(pd.concat([exports.roster_long(t.result) for t in solved],
                                                ignore_index=True)),
        "roster_grid.csv": csv_writer(pd.concat([exports.roster_grid(t.result) for t in solved],
                                                ignore_index=True)),
        "coverage.csv": csv_writer(cov, float_format="%.4f"),
        "roster_summary.csv": csv_writer(table, float_format="%.4f"),
        "roster_penalties.csv": csv_writer(tagged([t.result.penalties for t in solved], "queue")),
        "coverage.png": figure_writer(coverage_chart(shown, f"{cfg.centre['name']}: required "
                                                     f"and scheduled staff, {month}")),
    }
    return table, files
