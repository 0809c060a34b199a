"""The roster stage's output files: the roster exports, per team when there are queues.

Writers only: `wfm.core.output.write_all` writes them all or none.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wfm.core.config import Config
from wfm.core.output import Writer, csv_writer, figure_writer
from wfm.schedule.roster import exports
from wfm.schedule.roster.charts import coverage_chart
from wfm.schedule.roster.month import SolvedTeam
from wfm.schedule.roster.problem import floor_price
from wfm.schedule.roster.shortfall import floor_shortfalls, overloaded_shortfalls

ROSTER_FILES = ("roster_long.csv", "roster_grid.csv", "roster_people.csv", "coverage.csv",
                "roster_summary.csv", "roster_penalties.csv", "coverage.png")


def roster_files(solved: list[SolvedTeam], cfg: Config, month: str
                 ) -> tuple[pd.DataFrame, dict[str, Writer]]:
    """The roster exports; with teams, the summary, coverage and penalties gain a `team`
    column in front (the team's queues) and the summary a row set per team."""
    def tagged(frames: list[pd.DataFrame], column: str) -> pd.DataFrame:
        if solved[0].name is None:
            return frames[0]
        return pd.concat([f.assign(**{column: t.name})[[column, *f.columns]]
                          for t, f in zip(solved, frames, strict=True)],
                         ignore_index=True)

    table = tagged([exports.summary(t.result, t.goal) for t in solved], "team")
    cov = tagged([exports.coverage(t.result) for t in solved], "team")
    shown = cov  # with teams, the chart shows them added up
    under = np.concatenate([exports.coverage_under_workload(t.result) for t in solved])
    if "team" in cov:
        grouped = cov.assign(under=under).groupby("interval_start", sort=True)
        shown = grouped[["required", "scheduled"]].sum().reset_index()
        under = grouped["under"].any().to_numpy()  # any team's queue growing
    files = {
        "roster_long.csv": csv_writer(pd.concat([exports.roster_long(t.result) for t in solved],
                                                ignore_index=True)),
        "roster_grid.csv": csv_writer(pd.concat([exports.roster_grid(t.result) for t in solved],
                                                ignore_index=True)),
        "roster_people.csv": csv_writer(pd.concat(
            [exports.roster_people(t.result) for t in solved], ignore_index=True),
            float_format="%.2f"),
        "coverage.csv": csv_writer(cov, float_format="%.4f"),
        "roster_summary.csv": csv_writer(table, float_format="%.4f"),
        "roster_penalties.csv": csv_writer(tagged([with_shortfalls(t.result) for t in solved],
                                                  "team")),
        "coverage.png": figure_writer(coverage_chart(shown, f"{cfg.centre['name']}: required "
                                                     f"and scheduled staff, {month}", under)),
    }
    return table, files


def with_shortfalls(result) -> pd.DataFrame:
    """The violated preferences, then each stretch below the floor on the phones with why
    and what would fix it (priced per person missing per interval)."""
    rows = [{"employee_id": "", "date": s.start.date(), "preference": s.line(),
             "penalty": floor_price(result.problem) * (s.needed - s.scheduled)
             * (s.end - s.start) / pd.Timedelta(minutes=result.problem.grid)}
            for s in floor_shortfalls(result)]
    if not rows:
        return result.penalties
    found = pd.DataFrame(rows, columns=result.penalties.columns)
    if result.penalties.empty:
        return found
    return pd.concat([result.penalties, found], ignore_index=True)


def shortfall_lines(solved: list[SolvedTeam], most: int = 5) -> list[str]:
    """The first stretches below the floor on the phones, then the first with fewer
    agents than the calls' workload, a line each, per team."""
    lines = []
    for team in solved:
        label = f"roster {team.name}" if team.name else "roster"
        found = floor_shortfalls(team.result)
        lines += [f"{label}: below the floor {s.line()}" for s in found[:most]]
        if len(found) > most:
            lines.append(f"{label}: and {len(found) - most} more stretches below the floor "
                         "(roster_penalties.csv)")
        over = overloaded_shortfalls(team.result)
        lines += [f"{label}: fewer agents than the calls' workload (the queue grows "
                  f"all interval) {s.line()}" for s in over[:most]]
        if len(over) > most:
            lines.append(f"{label}: and {len(over) - most} more stretches with fewer agents "
                         "than the calls' workload (coverage.csv)")
    return lines


def roster_lines(table: pd.DataFrame) -> list[str]:
    """The roster summary in a planner's words, a line per team."""
    teams = table.groupby("team", sort=False) if "team" in table else [("", table)]
    lines = []
    for team, rows in teams:
        v = dict(zip(rows["kpi"], rows["value"], strict=True))
        label = f"roster {team}" if team else "roster"
        lines.append(
            f"{label}: {v['solver_status']} (gap "
            f"{float(v['gap']):.1%}), {float(v['paid_hours']):,.0f} paid hours "
            f"({float(v['paid_over_lower_bound']):+.1%} over the lower bound "
            f"{float(v['lower_bound_hours']):,.0f}), cost {float(v['cost']):,.0f}, "
            f"service level {float(v['service_level']):.1%}, "
            f"{float(v['intervals_meeting_goal']):.0%} of intervals meet the goal")
        if v["solver_status"] == "START ROSTER":
            lines.append(f"{label}: warning: the time limit ran out before the solver improved "
                         "on some weeks; those weeks are the rule-keeping start roster "
                         "(give it more time with --time-limit)")
        nobody = int(float(v.get("intervals_with_nobody", 0) or 0))
        short = int(float(v.get("intervals_short_of_requirement", 0) or 0))
        if nobody:
            lines.append(
                f"{label}: warning: {nobody} open interval{'s' if nobody > 1 else ''} with "
                f"calls {'have' if nobody > 1 else 'has'} nobody on the phones (longest "
                f"{v['longest_with_nobody']}); {short} are short of the requirement "
                "(coverage.csv)")
        elif short:
            under = int(float(v.get("intervals_under_workload", 0) or 0))
            lines.append(f"{label}: {short} open interval{'s are' if short > 1 else ' is'} "
                         "short of the requirement, none without anyone"
                         + (f", {under} with fewer agents than the calls' workload"
                            if under else "") + " (coverage.csv)")
        if isinstance(v.get("warnings"), str) and v["warnings"]:
            lines += [f"{label}: warning: {w}" for w in v["warnings"].split("; ")]
    return lines
