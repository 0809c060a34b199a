"""The month's roster for named staff: the whole team against the requirement, or with
queues one team per skill set (wfm.schedule.roster.teams), each solved with CP-SAT.

A one-queue team is rostered for that queue's own goal ([queues.NAME]).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from wfm.core.calendar import Calendar, calendar_from_config
from wfm.core.clock import wall_clock
from wfm.core.config import Config, config_for_queue, solver_settings
from wfm.core.errors import InfeasiblePlan, InputError
from wfm.schedule.roster.model import RosterResult, build_problem, solve
from wfm.schedule.roster.reach import check_reach
from wfm.schedule.roster.shifts import load_contracts, load_shifts
from wfm.schedule.roster.staff import Employee, load_employees, load_time_off, no_time_off
from wfm.schedule.roster.teams import skill_groups
from wfm.schedule.staffing.queues import rollup_requirements

Progress = Callable[[str, str], None]  # (team label, solver progress text)


@dataclass(frozen=True)
class SolvedTeam:
    """One team's solved month; `name` is None without queues (the whole team)."""

    name: str | None
    result: RosterResult
    goal: float  # the service goal its coverage is judged against


def load_team(cfg: Config, employees: str, time_off: str | None) -> tuple:
    """Shift templates, contracts, named staff and their time off, for a roster."""
    shifts = load_shifts(cfg)
    if not shifts:
        raise InputError("the config has no [[shift]] templates to roster with",
                         file=cfg.path or "config")
    contracts = load_contracts(cfg, shifts)
    staff = load_employees(employees, contracts)
    off = load_time_off(time_off, staff) if time_off else no_time_off()
    return shifts, contracts, staff, off


def check_team(cfg: Config, cal: Calendar, employees: str, time_off: str | None) -> tuple:
    """`load_team`, then the config check that every open hour is reachable by some shift
    and every contract's weekly minimum by its templates: `wfm plan` runs it before the
    forecast, so a bad staff file fails in a second rather than after the backtests."""
    team = load_team(cfg, employees, time_off)
    check_reach(team[0], team[1], cal, cfg.roster["overhang_minutes"],
                str(cfg.path or "config"))
    return team


def teams(req: pd.DataFrame, staff: list[Employee], employees: str
          ) -> list[tuple[str | None, pd.DataFrame, list[Employee]]]:
    """(team name, requirement, people) to roster: the whole team against `req`, or with
    queues one team per skill set against the roll-up of its queues."""
    if "queue" not in req:
        return [(None, req, staff)]
    groups = skill_groups(staff, sorted(req["queue"].unique()), employees)
    return [(g.name, rollup_requirements(req[req["queue"].isin(g.queues)]), list(g.employees))
            for g in groups]


def roster_month(req: pd.DataFrame, month: str, cfg: Config, cal: Calendar, employees: str,
                 time_off: str | None, *, time_limit: float | None = None,
                 seed: int | None = None, workers: int | None = None,
                 progress: Progress | None = None) -> list[SolvedTeam]:
    """Load the staff, then build and solve the month for each team (one team without
    queues); solver settings default to [roster]. A rule no roster can meet is an
    InputError naming the team."""
    shifts, contracts, staff, off = check_team(cfg, cal, employees, time_off)
    period = pd.Period(month, freq="M")
    solver = solver_settings(cfg, time_limit, seed, workers)
    solved = []
    for name, need, people in teams(req, staff, employees):
        wall = wall_clock(need["interval_start"])
        inside = need[(wall >= period.start_time) & (wall <= period.end_time)]
        team = "" if name is None else f" for {name}"
        if inside.empty:
            raise InputError(f"the requirements have no intervals{team} in {month}")
        if inside["staff"].sum() <= 0:
            raise InputError(f"the requirements need nobody{team} in {month}: every "
                             "interval's staff is 0, so there is nothing to roster")
        ids = {e.employee_id for e in people}
        own, own_cal = cfg, cal  # a one-queue team is rostered for that queue's goal
        if name is not None and name in cfg.extra.get("queues", {}):
            own = config_for_queue(cfg, name)
            own_cal = calendar_from_config(own)
        problem = build_problem(need, month, own, own_cal, people, contracts, shifts,
                                off[off["employee_id"].isin(ids)])
        label = "roster" if name is None else f"roster {name}"
        try:
            result = solve(problem, time_limit=solver.time_limit, seed=solver.seed,
                           workers=solver.workers,
                           progress=None if progress is None else
                           lambda text, label=label: progress(label, text))
        except InfeasiblePlan as exc:
            raise InputError(f"no roster{team} meets every rule: {exc}") from None
        solved.append(SolvedTeam(name, result, own.service["goal"]))
    return solved
