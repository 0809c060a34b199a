"""The year plan end to end: the team's year, the year's volume staffed week by week, the
leave, overhaul and hiring plan from CP-SAT, and the files and chart it writes.

`solve_year` is what `wfm season` and `wfm plan --season` run; it returns frames and
writers, never prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from wfm.core.calendar import Calendar
from wfm.core.config import WEEKDAYS, Config, solver_settings
from wfm.core.errors import InfeasiblePlan, InputError
from wfm.core.output import Writer, csv_writer, figure_writer
from wfm.forecast.history import History
from wfm.schedule.roster.shifts import load_contracts, load_shifts
from wfm.schedule.roster.staff import (
    Employee,
    days_off,
    load_employees,
    load_time_off,
    no_time_off,
)
from wfm.schedule.staffing.requirements import requirements
from wfm.schedule.yearplan import exports
from wfm.schedule.yearplan.capacity import Year, daily_volume, team_year, weekly_need
from wfm.schedule.yearplan.charts import season_chart
from wfm.schedule.yearplan.model import (
    MONTHS,
    SeasonResult,
    entitlement_overflow,
    plan_season,
    season_rules,
)
from wfm.schedule.yearplan.overhauls import load_overhauls
from wfm.schedule.yearplan.volume import year_intervals

YEARPLAN_FILES = ("leave_plan.csv", "overhaul_plan.csv", "capacity.csv", "season.png")


@dataclass(frozen=True)
class YearPlan:
    """A year's plan by week: leave blocks per person, overhaul days per job and week,
    and capacity (need against the team, with hires, overtime and gap)."""

    year: int
    source: str  # where the year's volume came from: actual, forecast or both
    team: Year
    result: SeasonResult
    leave: pd.DataFrame  # leave_plan.csv
    overhauls: pd.DataFrame  # overhaul_plan.csv
    capacity: pd.DataFrame  # capacity.csv
    centre: str

    def summary(self) -> list[str]:
        """What a planner reads first: the volume and need, then the plan's outcome, then
        the rules on staff away: the most away on one day, and the busiest month."""
        planned = self.leave[self.leave["kind"] == "planned"]
        r = self.result
        return [
            f"season {self.year}: volume {self.source}, {self.team.volume.sum():,.0f} "
            f"contacts, need {self.team.need.sum():,.0f} paid hours, team "
            f"{self.team.hours.sum():,.0f} hours before leave",
            f"season: {r.status} in {r.seconds:.0f} s; {planned['days'].sum():,} leave days "
            f"in {len(planned)} blocks, {int(self.overhauls['staff_days'].sum()):,} overhaul "
            f"staff-days, {int(r.hires_started.sum())} hires, {r.overtime.sum():,.0f} "
            f"overtime hours, gap {r.gap.sum():,.0f} h", *self._away_line()]

    def _away_line(self) -> list[str]:
        """The most people away on one day against the cap, and the busiest month's leave."""
        if self.result.day_cap is None or not len(self.team.dates):
            return []
        away = exports.people_away(self.team, self.result, self.leave)
        peak = away.loc[away["away"].idxmax()]
        line = (f"season: the most people away on one day is {int(peak['away'])} "
                f"({peak['date']:%d %b}, on leave or overhauls), against a cap of "
                f"{int(peak['cap'])}")
        if self.result.busiest:
            month, per_day = self.result.busiest
            days = int(away.loc[away["date"].dt.month == month, "on_leave"].sum())
            name = (f"{MONTHS[month - 1]}, the busiest month ({per_day:,.0f} contacts a "
                    "working day)")
            if not days:
                line += f"; no leave in {name}"
            elif self.result.busiest_kept:
                line += f"; only approved leave in {name}: {days} person-days"
            else:
                line += (f"; {days} person-days of leave in {name}: the other months have no "
                         "room for all of it under the cap")
        return [line]

    def files(self) -> dict[str, Writer]:
        """leave_plan.csv, overhaul_plan.csv, capacity.csv and season.png."""
        chart = season_chart(self.capacity, f"{self.centre}: hours required and available "
                                            f"by week, {self.year}")
        return {"leave_plan.csv": csv_writer(self.leave),
                "overhaul_plan.csv": csv_writer(self.overhauls),
                "capacity.csv": csv_writer(self.capacity, float_format="%.1f"),
                "season.png": figure_writer(chart)}


def requested_weeks(team: Year, staff: list[Employee], time_off: pd.DataFrame,
                    week_days: int) -> set[tuple[int, int]]:
    """(person, week) pairs whose first `week_days` open days the person asked off."""
    asked = days_off(time_off, "requested")
    return {(e, w) for e, person in enumerate(staff) for w, days in enumerate(team.days)
            if days and all((person.employee_id, d) in asked for d in days[:week_days])}


def solve_year(history: History, config: Config, calendar: Calendar, year: int,
               employees: str | Path, time_off: str | Path | None = None,
               overhauls: str | Path | None = None, *, time_limit: float | None = None,
               seed: int | None = None, workers: int | None = None,
               backtest_progress: Callable[[int, int, str], None] | None = None,
               progress: Callable[[str], None] | None = None) -> YearPlan:
    """Plan `year`: the team and its entitlements are checked first (before any
    forecast), then the year's volume is staffed by week and the plan solved. A year no
    plan can meet is an InputError in the planner's words."""
    contracts = load_contracts(config, load_shifts(config))
    staff = load_employees(employees, contracts)
    off = load_time_off(time_off, staff) if time_off else no_time_off()
    jobs = load_overhauls(overhauls) if overhauls else []
    rules = season_rules(config, contracts)
    week_start = WEEKDAYS.index(config.centre["week_start"])
    team = team_year(year, calendar, week_start, staff, contracts, days_off(off, "approved"),
                     rules.week_days)
    overflow = entitlement_overflow(team, rules)
    if overflow:
        e, why = overflow
        raise InputError(f"employee {staff[e].employee_id}: {why}", file=employees, row=e + 1,
                         column="leave_days_per_year")
    intervals, source = year_intervals(history, config, calendar, year,
                                       progress=backtest_progress)
    req = requirements(intervals, config, calendar)
    team = team.with_need(*weekly_need(req, team.weeks, calendar.interval_minutes,
                                       config.season["schedule_efficiency"]),
                          daily_volume(req))
    solver = solver_settings(config, time_limit, seed, workers, section="season")
    try:
        result = plan_season(team, jobs, rules, requested_weeks(team, staff, off,
                                                                rules.week_days),
                             contracts, time_limit=solver.time_limit, seed=solver.seed,
                             workers=solver.workers, progress=progress)
    except InfeasiblePlan as exc:
        raise InputError(f"no season plan meets every rule: {exc}") from None
    hire_hours = rules.hire_contract.hours_max if rules.hire_contract else 0.0
    return YearPlan(year=year, source=source, team=team, result=result,
                    leave=exports.leave_plan(team, result, off),
                    overhauls=exports.overhaul_plan(team, jobs, result),
                    capacity=exports.capacity(team, result, hire_hours),
                    centre=config.centre["name"])
