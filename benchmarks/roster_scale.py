"""Roster scale: a month of 30-minute intervals rostered for 60, 150 and 300 named staff,
next to pyworkforce covering the same requirement.

Data: generated in this process, seeded (SEED); only `data/config.toml` is read (the
sample centre: Mon-Fri 08:00-20:00, Sat 09:00-17:00, Sunday closed; its shift templates
and its full-time and part-time contracts). The month is 2027-03: 31 days x 48 intervals
of 30 minutes, 27 open days and no US public holiday.

- Volume per interval = level x intraday shape x weekday factor x noise. The shape has a
  morning peak near 10:30, a lunch dip near 12:45, an afternoon hump near 14:30 and an
  evening tail (`intraday_shape`). The weekday factors run Mon 1.18 ... Fri 0.90, Sat
  0.55. Noise is lognormal: sigma 0.05 per day and 0.08 per interval. AHT is about 300 s
  with an intraday swing and noise. Volume is zero outside the agent hours.
- Staff per interval come from wfm's own
  `wfm.schedule.staffing.requirements.requirements` (Erlang C, 80/20, occupancy cap 0.85,
  shrinkage 0.25, at least one agent while open). The `open` column is then set as
  `wfm.schedule.staffing.requirements.load_requirements` sets it.
- The level is found by bisection for each team size, so that the required staff-hours
  (the sum of `staff` over open intervals x 0.5 h) are LOAD (87.5%) of the paid hours the
  team's contract minimums give for the month. At that level the roster is feasible but
  not slack. The shape and noise are the same for every size; only the level changes.
- Staff: 55% full-time and 45% part-time, as in the sample's employees.csv. They are
  written to an employees.csv in a temporary folder and read with `load_employees`. There
  is no time off.

wfm: `build_problem` + `solve` as `wfm roster` calls them (seed 0, 2 workers, a time limit
per size: 60, 150 and 300 s by default). Each size reports solve seconds, status, gap,
paid hours, the lower bound `result.lower_bound_hours`, paid / lower bound, and the
monthly service level and share of intervals meeting the goal from
`wfm.schedule.roster.exports.summary`. The roster is also checked, rule by rule, by the independent
checker in `tests/roster_checker.py`.

Fairness and stability, one row per size, from the roster itself (`exports.roster_people`
and the shifts): intervals below `[service] min_agents`, the fewest..most late shifts and
weekend days per person for each contract (people employed all month with no leave, as
`fair_spread` compares them), person-weeks whose shift starts spread beyond
`start_spread_hours` (and their share of the person-weeks with a shift), lone days off,
and the checker's messages counted per rule: hard (rules 1-9) and each of rules 10-14
(floor, fair_spread, start_spread_hours, isolated day off, requested day off).

Peer: pyworkforce 0.5, used the way its documentation chains the two steps.
1. `MinRequiredResources` finds how many people start each shift on each day so that
   every interval is covered. The objective is the paid minutes of the shifts. Each
   pyworkforce "shift" is a 0/1 coverage vector over the day's 48 intervals. Here it is
   one template x start time x break placement, so it stands for the template's paid
   minutes, and its breaks are modelled exactly: the interval a break touches is not
   covered, as in wfm. The days are solved in groups with the same usable shift starts
   (weekdays, Saturdays), and each group gets the starts wfm allows on those days.
2. `MinHoursRoster` hands those shift counts (breaks summed out) to the named staff. It
   runs once per contract, because the two contracts work disjoint templates. It gets the
   contract's monthly minimum paid minutes (the weekly minimums summed over the month's
   weeks), bans on shifts a day does not allow (closed Sundays included), and a ban on
   shift pairs that break the minimum rest (none can, with these templates).
pyworkforce cannot express weekly hour bands (only one minimum over the whole horizon, and
no maximum), maximum consecutive working days, contract cost, or a service-level price for
a missing person. Its step 1 must cover every interval in full, and it does not know how
many people of each contract exist. Its roster is checked afterwards against the weekly
bands and the consecutive-day limit, and the breaks are counted.

Targets (exit status 1 if missed): with 300 staff, wfm gives a feasible plan (solver status
FEASIBLE or OPTIMAL and no rule broken by the checker) within 600 s wall time, build
included; at every size the paid hours are within 1.15 x the lower bound wfm reports
(`result.lower_bound_hours`, the cover bound of `shift_mix.month_bound_hours`). The floor
bound (staff-hours grossed up for breaks) is printed beside it: on this month the cover
bound alone is 1.17-1.18 x the floor bound, so no roster of these templates and contracts
can come within 1.15 of the floor bound.

Run: python benchmarks/roster_scale.py            (about 12 min on 2 cores)
     python benchmarks/roster_scale.py --quick    (60 staff, 20 s limits: about 1 min)
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import math
import os
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
from _common import REPO, Targets, section, table

from wfm.core.calendar import Calendar, calendar_from_config
from wfm.core.config import WEEKDAYS, Config, load_config
from wfm.core.errors import InfeasiblePlan
from wfm.core.output import csv_writer
from wfm.schedule.roster import exports
from wfm.schedule.roster.model import (
    RosterProblem,
    RosterResult,
    build_problem,
    day_options,
    lower_bound_hours,
    solve,
    weekly_band,
)
from wfm.schedule.roster.problem import week_groups, whole_month
from wfm.schedule.roster.shift_mix import month_bound_hours
from wfm.schedule.roster.shifts import Contract, ShiftTemplate, load_contracts, load_shifts
from wfm.schedule.roster.staff import Employee, load_employees
from wfm.schedule.staffing.requirements import open_intervals, requirements

CONFIG = REPO / "data" / "config.toml"
CHECKER_DIR = REPO / "tests"
MONTH = "2027-03"
SEED = 2027
LOAD = 0.875  # required staff-hours / the team's contract-minimum paid hours
FULL_TIME_SHARE = 0.55
SIZES = (60, 150, 300)
QUICK_LIMIT = 20.0
TARGET_SIZE = 300
TARGET_SECONDS = 600.0
TARGET_RATIO = 1.15  # paid hours / result.lower_bound_hours, every size
WEEKDAY_FACTOR = (1.12, 1.05, 1.00, 0.98, 0.93, 0.60, 0.0)  # Mon ... Sun
NO_TIME_OFF = pd.DataFrame(columns=["employee_id", "start_date", "end_date", "kind"])
OK = ("OPTIMAL", "FEASIBLE")
# the checker's rules 10-14, told apart by a phrase of their messages (the rest: hard rules)
RULE_KINDS = (("floor", "floor"), ("fair", "fair_spread"), ("spread", "start_spread_hours"),
              ("lone", "isolated day off"), ("requests", "requested day off"))


# -- the generated month -------------------------------------------------------------------
def intraday_shape(hours: np.ndarray) -> np.ndarray:
    """Relative volume at clock time `hours`: a morning peak near 10:30, a lunch dip near
    12:45, an afternoon hump near 14:30 and a tail into the evening."""
    return (0.6 + 0.6 * np.exp(-(((hours - 10.5) / 1.6) ** 2))
            + 0.4 * np.exp(-(((hours - 14.5) / 1.8) ** 2))
            - 0.15 * np.exp(-(((hours - 12.75) / 0.7) ** 2))
            - 0.15 * np.clip((hours - 16.0) / 4.0, 0.0, 1.0))


@dataclass
class Centre:
    """The sample centre's config, calendar, templates and contracts, and the month's
    unit-level volume and AHT (the same for every team size)."""

    config: Config
    calendar: Calendar
    shifts: dict[str, ShiftTemplate]
    contracts: dict[str, Contract]
    starts: pd.DatetimeIndex
    open_mask: np.ndarray
    unit_volume: np.ndarray
    aht: np.ndarray
    days: pd.DatetimeIndex = field(init=False)

    def __post_init__(self) -> None:
        self.days = pd.DatetimeIndex(self.starts.normalize().unique())


def make_centre(seed: int) -> Centre:
    """Config, calendar and a seeded month of volume at level 1 (see the module docstring)."""
    config = load_config(CONFIG)
    calendar = calendar_from_config(config)
    shifts = load_shifts(config)
    contracts = load_contracts(config, shifts)
    period = pd.Period(MONTH, freq="M")
    grid = calendar.interval_minutes
    starts = pd.date_range(period.start_time, period.end_time, freq=f"{grid}min")
    rng = np.random.default_rng(seed)
    n_days = len(starts) // calendar.slots_per_day()
    open_mask = open_intervals(starts, calendar)
    hours = (starts.hour + starts.minute / 60 + grid / 120).to_numpy(dtype=float)
    weekday = np.array(WEEKDAY_FACTOR)[starts.day_of_week.to_numpy()]
    day_noise = np.repeat(rng.lognormal(0.0, 0.04, n_days), calendar.slots_per_day())
    noise = rng.lognormal(0.0, 0.06, len(starts))
    unit = np.where(open_mask, intraday_shape(hours) * weekday * day_noise * noise, 0.0)
    aht = (300.0 + 20.0 * np.sin((hours - 8.0) / 12.0 * 2 * np.pi)
           + rng.normal(0.0, 12.0, len(starts)))
    return Centre(config, calendar, shifts, contracts, starts, open_mask, unit, aht)


def month_weeks(days: pd.DatetimeIndex, week_start: int) -> list[list[int]]:
    """Day indices of each (possibly partial) week of the month, weeks from `week_start`."""
    groups: dict[pd.Timestamp, list[int]] = defaultdict(list)
    for d, day in enumerate(days):
        groups[day - pd.Timedelta(days=(day.day_of_week - week_start) % 7)].append(d)
    return [groups[k] for k in sorted(groups)]


def minimum_minutes(centre: Centre, contract: Contract) -> int:
    """One person's contract minimum for the month in paid minutes: each week's minimum,
    pro-rated by its open days that are not public holidays, floored as wfm floors it."""
    cal = centre.calendar
    holidays = set(cal.holidays(centre.days[0], centre.days[-1]))
    full = max(len(cal.open_weekdays), 1)
    total = 0
    week_start = WEEKDAYS.index(centre.config.centre["week_start"])
    for week in month_weeks(centre.days, week_start):
        available = sum(1 for d in week if centre.days[d].day_of_week in cal.open_weekdays
                        and centre.days[d] not in holidays)
        total += math.floor(contract.hours_min * 60 * min(available, full) / full)
    return total


def team_contracts(size: int) -> list[str]:
    """Contract names of a team of `size`: FULL_TIME_SHARE full-time, the rest part-time."""
    n_full = round(FULL_TIME_SHARE * size)
    return ["full-time"] * n_full + ["part-time"] * (size - n_full)


def staff_frame(centre: Centre, level: float) -> pd.DataFrame:
    """Requirements at `level` through wfm's requirements(), with cli's `open` column."""
    intervals = pd.DataFrame({"interval_start": centre.starts,
                              "volume": level * centre.unit_volume,
                              "aht_seconds": centre.aht})
    req = requirements(intervals, centre.config, centre.calendar)
    req["open"] = open_intervals(pd.DatetimeIndex(req["interval_start"]),
                                 centre.calendar) & (req["staff"] > 0)
    return req


def staff_hours(req: pd.DataFrame, grid: int) -> float:
    return float(req.loc[req["open"], "staff"].sum()) * grid / 60


def calibrate(centre: Centre, target_hours: float) -> tuple[float, pd.DataFrame]:
    """The volume level whose required staff-hours come closest to `target_hours` from
    below (bisection; staff rise with volume in whole steps)."""
    grid = centre.calendar.interval_minutes
    lo, hi = 0.0, 10.0
    while staff_hours(staff_frame(centre, hi), grid) < target_hours:
        hi *= 2
    for _ in range(40):
        mid = (lo + hi) / 2
        if staff_hours(staff_frame(centre, mid), grid) <= target_hours:
            lo = mid
        else:
            hi = mid
    return lo, staff_frame(centre, lo)


@dataclass
class Case:
    """One team size: its staff, requirements and the problem wfm solves."""

    size: int
    employees: list[Employee]
    employees_csv: Path
    req: pd.DataFrame
    level: float
    floor_hours: float  # the team's contract minimums for the month, paid hours
    problem: RosterProblem
    cover_bound: float = 0.0  # shift_mix.month_bound_hours: the bound wfm reports

    @property
    def required_hours(self) -> float:
        return float(self.problem.required[self.problem.open_slot].sum()) * self.problem.grid / 60


def make_case(centre: Centre, size: int, folder: Path, load: float) -> Case:
    """Employees (through an employees.csv and load_employees) and calibrated requirements."""
    names = team_contracts(size)
    path = folder / f"employees_{size}.csv"
    pd.DataFrame({"employee_id": [f"E{i:03d}" for i in range(1, size + 1)],
                  "name": [f"Staff {i:03d}" for i in range(1, size + 1)],
                  "contract": names}).to_csv(path, index=False)
    employees = load_employees(path, centre.contracts)
    floor_minutes = sum(minimum_minutes(centre, centre.contracts[c]) for c in names)
    level, req = calibrate(centre, load * floor_minutes / 60)
    problem = build_problem(req, MONTH, centre.config, centre.calendar, employees,
                            centre.contracts, centre.shifts, NO_TIME_OFF)
    problem.options = day_options(problem)
    return Case(size, employees, path, req, level, floor_minutes / 60, problem,
                month_bound_hours(problem))


# -- measuring a plan ----------------------------------------------------------------------
@dataclass
class Service:
    """Coverage figures of a plan, computed as wfm.schedule.roster.exports computes them."""

    service_level: float
    meeting_goal: float
    short_intervals: int


def service(problem: RosterProblem, cover: np.ndarray, goal: float) -> Service:
    """Monthly service level (volume-weighted) and share of open intervals meeting the goal,
    from `exports.coverage` on the given staff-on-the-floor per interval."""
    cov = exports.coverage(SimpleNamespace(problem=problem, coverage=cover))  # type: ignore[arg-type]
    vol = problem.volume[problem.open_slot]
    sl = cov["service_level"].to_numpy()
    monthly = float((sl * vol).sum() / vol.sum()) if vol.sum() > 0 else 1.0
    meets = float(np.mean(sl >= goal - 1e-12)) if len(sl) else 1.0
    short = int((cov["scheduled"] < cov["required"]).sum())
    return Service(monthly, meets, short)


# -- fairness and stability ----------------------------------------------------------------
@dataclass
class Fairness:
    """How fair and stable one roster is: the planner's rules, measured on the roster."""

    below_floor: int  # open intervals with staff required, below min_agents on the floor
    late: dict[str, tuple[int, int]]  # contract -> fewest, most late shifts (whole month)
    weekend: dict[str, tuple[int, int]]  # the same for weekend days
    wide_weeks: int  # person-weeks whose starts spread beyond start_spread_hours
    person_weeks: int  # person-weeks with at least one shift
    lone_days_off: int
    checker: dict[str, int] | None  # "hard" and each RULE_KINDS label -> messages


def below_floor(result: RosterResult) -> int:
    """Open intervals with staff required and fewer than min(min_agents, required) on."""
    p = result.problem
    need = np.minimum(p.min_agents, p.required)
    return int((p.open_slot & (p.required > 0) & (result.coverage < need - 1e-9)).sum())


def contract_ranges(people: pd.DataFrame, column: str) -> dict[str, tuple[int, int]]:
    """Per contract, the fewest and the most of `column` over the given people."""
    ranges = people.groupby("contract")[column].agg(["min", "max"])
    return {c: (int(r["min"]), int(r["max"])) for c, r in ranges.iterrows()}


def wide_weeks(result: RosterResult) -> tuple[int, int]:
    """Person-weeks with starts spread beyond start_spread_hours, and person-weeks worked."""
    p, shifts = result.problem, result.shifts
    if not len(shifts):
        return 0, 0
    week_of = {d: w for w, days in enumerate(week_groups(p)) for d in days}
    starts = shifts["start"].groupby([shifts["employee_id"], shifts["day"].map(week_of)])
    spread = starts.max() - starts.min()
    return int((spread > p.start_spread).sum()), len(spread)


def checker_counts(violations: list[str] | None) -> dict[str, int] | None:
    """The checker's messages per rule kind of RULE_KINDS; any other message is "hard"."""
    if violations is None:
        return None
    counts = dict.fromkeys(["hard", *(kind for kind, _ in RULE_KINDS)], 0)
    for message in violations:
        counts[next((k for k, phrase in RULE_KINDS if phrase in message), "hard")] += 1
    return counts


def fairness(result: RosterResult, violations: list[str] | None) -> Fairness:
    """A roster's fairness figures; late/weekend ranges over whole-month people only."""
    p = result.problem
    people = exports.roster_people(result)
    whole = {e.employee_id for e in p.employees if whole_month(p, e)}
    compared = people[people["employee_id"].isin(whole)]
    wide, weeks = wide_weeks(result)
    return Fairness(below_floor(result), contract_ranges(compared, "late_shifts"),
                    contract_ranges(compared, "weekend_days"), wide, weeks,
                    int(people["lone_days_off"].sum()), checker_counts(violations))


def span(ranges: dict[str, tuple[int, int]], contract: str) -> str:
    """'fewest..most' of one contract, '-' when nobody on it is compared."""
    return f"{ranges[contract][0]}..{ranges[contract][1]}" if contract in ranges else "-"


def fairness_rows(cases: list[Case], wfm: dict[int, WfmRun], contracts: list[str]
                  ) -> list[list[Any]]:
    """One row per size for the fairness and stability table."""
    rows = []
    for c in cases:
        w = wfm[c.size]
        f = w.fairness
        if w.result is None or f is None:
            rows.append([c.size, w.wall, "NONE"] + [None] * (8 + 2 * len(contracts)
                                                             + len(RULE_KINDS)))
            continue
        checked = f.checker or {}
        rows.append([c.size, w.wall, w.result.status,
                     ratio(float(w.kpis["paid_hours"]), w.result.lower_bound_hours),
                     w.service.service_level, w.service.meeting_goal, f.below_floor,
                     *(span(f.late, name) for name in contracts),
                     *(span(f.weekend, name) for name in contracts),
                     f.wide_weeks, ratio(f.wide_weeks, f.person_weeks), f.lone_days_off,
                     checked.get("hard"), *(checked.get(k) for k, _ in RULE_KINDS)])
    return rows


def print_fairness(cases: list[Case], wfm: dict[int, WfmRun], contracts: list[str]) -> None:
    """The fairness and stability table, one row per size, and what its columns mean."""
    p = cases[0].problem
    limit = p.start_spread / 60
    header = ["staff", "seconds", "status", "paid / bound", "service level", ">= goal",
              "< min_agents", *(f"late {name}" for name in contracts),
              *(f"weekend {name}" for name in contracts), f"weeks > {limit:g} h", "share",
              "lone off", "chk hard", *(f"chk {k}" for k, _ in RULE_KINDS)]
    specs = ["d", ".0f", "", ".3f", ".2%", ".1%", "d", *([""] * 2 * len(contracts)), "d",
             ".1%", "d", "d", *(["d"] * len(RULE_KINDS))]
    print(table(header, fairness_rows(cases, wfm, contracts), specs))
    print(f"seconds: wall, build included. < min_agents: open intervals with staff required "
          f"and fewer than min([service]\nmin_agents {p.min_agents}, required) on the floor. "
          "late / weekend: fewest..most late shifts (ending after\n[roster] late_after) and "
          "weekend days (shifts on open [roster] weekend days) per person, per contract,\n"
          "over the people employed all month with no approved leave (fair_spread "
          f"{p.fair_spread} allows max - min <= {p.fair_spread}).\nweeks > {limit:g} h: "
          f"person-weeks whose shift starts spread more than start_spread_hours {limit:g}; "
          "share:\nof the person-weeks with a shift. lone off: single days off between two "
          "working days\n(exports.roster_people). chk: the independent checker's messages "
          "(tests/roster_checker.py,\nuncapped): hard = rules 1-9; floor, fair, spread, lone, "
          "requests = rules 10-14 (min_agents\nfloor, fair_spread, start_spread_hours, "
          "isolated day off, requested day off worked), which wfm\nprices rather than forbids.")


# -- wfm -----------------------------------------------------------------------------------
@dataclass
class WfmRun:
    """wfm's roster for one size, or the reason there is none."""

    wall: float
    result: RosterResult | None = None
    kpis: dict[str, Any] = field(default_factory=dict)
    service: Service | None = None
    violations: list[str] | None = None
    fairness: Fairness | None = None
    error: str = ""


def progress_printer(prefix: str, every: float = 5.0):
    """A progress callback that writes to stderr at most every `every` seconds (and on each
    new week), so a person sees the solver is alive without a flood of lines."""
    state = {"last": -math.inf, "label": ""}

    def report(text: str) -> None:
        label = text.split(":", 1)[0]
        now = time.perf_counter()
        if label != state["label"] or now - state["last"] >= every:
            print(f"{prefix} {text}", file=sys.stderr, flush=True)
            state["last"], state["label"] = now, label
    return report


def check_rules(case: Case, centre: Centre, result: RosterResult, folder: Path
                ) -> list[str] | None:
    """Every rule the independent checker (tests/roster_checker.py) finds broken; None if
    the checker is not there."""
    if not (CHECKER_DIR / "roster_checker.py").is_file():
        return None
    sys.path.insert(0, str(CHECKER_DIR))
    try:
        checker = importlib.import_module("roster_checker")
    finally:
        sys.path.remove(str(CHECKER_DIR))
    long_csv = folder / f"roster_long_{case.size}.csv"
    cov_csv = folder / f"coverage_{case.size}.csv"
    req_csv = folder / f"requirements_{case.size}.csv"
    # written as `wfm roster` writes them (times with the centre's offset)
    csv_writer(exports.roster_long(result))(long_csv)
    csv_writer(exports.coverage(result), float_format="%.4f")(cov_csv)
    req = case.req.copy()
    req["interval_start"] = pd.DatetimeIndex(req["interval_start"]).strftime("%Y-%m-%dT%H:%M")
    req.to_csv(req_csv, index=False)
    return checker.check_roster(CONFIG, case.employees_csv, None, long_csv, cov_csv, req_csv,
                                MONTH, max_coverage_messages=None)


def run_wfm(case: Case, centre: Centre, time_limit: float, seed: int, workers: int,
            folder: Path) -> WfmRun:
    """Build and solve the month as `wfm roster` does; the wall time includes the build."""
    started = time.perf_counter()
    problem = build_problem(case.req, MONTH, centre.config, centre.calendar, case.employees,
                            centre.contracts, centre.shifts, NO_TIME_OFF)
    try:
        result = solve(problem, time_limit=time_limit, seed=seed, workers=workers,
                       progress=progress_printer(f"[{case.size} staff] wfm"))
    except InfeasiblePlan as exc:
        return WfmRun(wall=time.perf_counter() - started, error=str(exc))
    wall = time.perf_counter() - started
    goal = centre.config.service["goal"]
    frame = exports.summary(result, goal)
    kpis = dict(zip(frame["kpi"], frame["value"], strict=True))
    violations = check_rules(case, centre, result, folder)
    return WfmRun(wall=wall, result=result, kpis=kpis,
                  service=service(problem, result.coverage, goal), violations=violations,
                  fairness=fairness(result, violations))


# -- pyworkforce ---------------------------------------------------------------------------
def peer_classes() -> tuple[Any, Any] | None:
    try:
        from pyworkforce.rostering import MinHoursRoster
        from pyworkforce.scheduling import MinRequiredResources
    except ImportError:
        return None
    return MinRequiredResources, MinHoursRoster


def clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@dataclass(frozen=True)
class Variant:
    """One pyworkforce shift for step 1: a template, a start and a placement of its breaks,
    as a 0/1 coverage vector over the day's intervals."""

    name: str
    shift: str  # template x start, the shift step 2 rosters
    template: ShiftTemplate
    start: int
    cover: tuple[int, ...]


def variants(template: ShiftTemplate, start: int, grid: int, slots: int) -> list[Variant]:
    """Every break placement of `template` started at `start`, covered as wfm covers it: the
    whole intervals inside the shift, less every interval a break touches."""
    shift = f"{template.name} {clock(start)}"
    out = []
    for offsets in itertools.product(*(b.offsets(grid) for b in template.breaks)):
        cover = np.zeros(slots, dtype=int)
        first = start // grid
        cover[first:min(first + template.minutes // grid, slots)] = 1
        for brk, off in zip(template.breaks, offsets, strict=True):
            cover[(start + off) // grid:math.ceil((start + off + brk.minutes) / grid)] = 0
        label = " ".join(f"{b.activity.lower()}+{off}" for b, off in
                         zip(template.breaks, offsets, strict=True))
        out.append(Variant(f"{shift} {label}".strip(), shift, template, start,
                           tuple(int(c) for c in cover)))
    return out


@dataclass
class PeerRun:
    """pyworkforce's two steps for one size."""

    step1_status: str = ""
    step1_seconds: float = 0.0
    step1_paid_hours: float = float("nan")
    step1_service: Service | None = None
    step2_status: str = ""
    step2_seconds: float = 0.0
    step2_paid_hours: float = float("nan")
    step2_service: Service | None = None
    band_breaks: int = 0  # person-weeks outside the contract's weekly band
    run_breaks: int = 0  # people over the maximum consecutive working days
    rest_breaks: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return self.step1_seconds + self.step2_seconds


def run_peer(case: Case, centre: Centre, time_limit: float, workers: int,
             classes: tuple[Any, Any]) -> PeerRun:
    """Cover the case's requirement with MinRequiredResources, then roster the staff with
    MinHoursRoster (see the module docstring); a quarter of the time limit for step 1."""
    min_required, min_hours = classes
    p = case.problem
    grid, slots, n_days = p.grid, p.slots, len(p.days)
    options = day_options(p)
    run = PeerRun()
    tag = f"[{case.size} staff] pyworkforce"
    # step 1: shift counts per day, days grouped by the shift starts they allow
    groups: dict[tuple, list[int]] = defaultdict(list)
    for d in range(n_days):
        if options[d]:
            groups[tuple((o.template.name, o.start) for o in options[d])].append(d)
    need: dict[str, list[int]] = defaultdict(lambda: [0] * n_days)  # shift -> per day
    first_variant: dict[str, Variant] = {}
    cover = np.zeros(len(p.required))
    paid = 0.0
    statuses = []
    required = np.where(p.open_slot, p.required, 0).astype(int).reshape(n_days, slots)
    for signature, days in groups.items():
        shifts = [v for name, start in signature
                  for v in variants(p.shifts[name], start, grid, slots)]
        by_name = {v.name: v for v in shifts}
        for v in shifts:
            first_variant.setdefault(v.shift, v)
        budget = float(max(0.25 * time_limit / len(groups), 1.0))
        print(f"{tag} step 1: {len(days)} day(s), {len(shifts)} shift variants, "
              f"{budget:.0f} s", file=sys.stderr, flush=True)
        started = time.perf_counter()
        solution = min_required(
            num_days=len(days), periods=slots,
            shifts_coverage={v.name: list(v.cover) for v in shifts},
            required_resources=required[days].tolist(),
            max_period_concurrency=case.size, max_shift_concurrency=case.size,
            cost_dict={v.name: v.template.paid_minutes for v in shifts},
            max_search_time=budget, num_search_workers=workers).solve()
        run.step1_seconds += time.perf_counter() - started
        statuses.append(solution["status"])
        if solution["status"] not in OK:
            continue
        for item in solution["resources_shifts"]:
            count = int(item["resources"])
            if not count:
                continue
            d, v = days[item["day"]], by_name[item["shift"]]
            need[v.shift][d] += count
            paid += count * v.template.paid_minutes / 60
            cover[d * slots:(d + 1) * slots] += count * np.array(v.cover)
    run.step1_status = worst(statuses)
    if run.step1_status not in OK:
        return run
    goal = centre.config.service["goal"]
    run.step1_paid_hours = paid
    run.step1_service = service(p, cover, goal)
    # step 2: named staff, one MinHoursRoster per contract (their templates are disjoint)
    owner: dict[str, str] = {}
    for cname, contract in p.contracts.items():
        for tname in contract.shifts:
            owner.setdefault(tname, cname)
    allowed_on = [{f"{o.template.name} {clock(o.start)}" for o in options[d]}
                  for d in range(n_days)]
    shift_of = {f"{o.template.name} {clock(o.start)}": (o.template, o.start)
                for d in range(n_days) for o in options[d]}
    statuses, paid_minutes = [], 0
    assigned: dict[str, dict[int, str]] = defaultdict(dict)  # employee -> day -> shift
    for cname, contract in p.contracts.items():
        members = [e.employee_id for e in p.employees if e.contract == cname]
        names = sorted(s for s in shift_of if owner.get(shift_of[s][0].name) == cname)
        if not members:
            if any(sum(need[s]) for s in names):
                statuses.append("INFEASIBLE")
                run.notes.append(f"no {cname} staff for the {cname} shifts step 1 chose")
            continue
        if not names:
            continue
        rest = contract.min_rest_hours * 60
        pairs = [{"origin": a, "destination": b} for a in names for b in names
                 if shift_of[b][1] + 1440 - (shift_of[a][1] + shift_of[a][0].minutes) < rest]
        banned = [{"resource": eid, "shift": s, "day": d} for eid in members
                  for d in range(n_days) for s in names if s not in allowed_on[d]]
        busiest = max(range(n_days), key=lambda d: sum(need[s][d] for s in names))
        most = sum(need[s][busiest] for s in names)
        if most > len(members):
            run.notes.append(f"step 1 asks for {most} {cname} shifts on "
                             f"{p.days[busiest]:%a %d %b}; the team has {len(members)} "
                             f"{cname} staff, so step 2 cannot staff them")
        budget = float(max(0.75 * time_limit / len(p.contracts), 1.0))
        print(f"{tag} step 2 ({cname}): {len(members)} staff x {n_days} days x {len(names)} "
              f"shifts, {budget:.0f} s", file=sys.stderr, flush=True)
        started = time.perf_counter()
        solution = min_hours(
            num_days=n_days, resources=members, shifts=names,
            shifts_hours=[shift_of[s][0].paid_minutes for s in names],
            min_working_hours=minimum_minutes(centre, contract), banned_shifts=banned,
            max_resting=n_days, required_resources={s: need[s] for s in names},
            non_sequential_shifts=pairs, max_search_time=budget,
            num_search_workers=workers).solve()
        run.step2_seconds += time.perf_counter() - started
        statuses.append(solution["status"])
        if solution["status"] not in OK:
            continue
        paid_minutes += int(solution["shifted_hours"])
        for item in solution["resource_shifts"]:
            assigned[item["resource"]][int(item["day"])] = item["shift"]
    run.step2_status = worst(statuses)
    if run.step2_status not in OK:
        return run
    run.step2_paid_hours = paid_minutes / 60
    # the roster's coverage: step 1's plan plus each extra shift with its earliest breaks
    extra = cover.copy()
    for d in range(n_days):
        counts: dict[str, int] = defaultdict(int)
        for days_worked in assigned.values():
            if d in days_worked:
                counts[days_worked[d]] += 1
        for s, n in counts.items():
            if n > need[s][d]:
                extra[d * slots:(d + 1) * slots] += (n - need[s][d]) * np.array(
                    first_variant[s].cover)
    run.step2_service = service(p, extra, goal)
    rule_breaks(run, p, assigned, shift_of)
    return run


def worst(statuses: list[str]) -> str:
    """One status for several solves: the worst of them."""
    for bad in ("MODEL_INVALID", "INFEASIBLE", "UNKNOWN"):
        if bad in statuses:
            return bad
    return "OPTIMAL" if statuses and all(s == "OPTIMAL" for s in statuses) else "FEASIBLE"


def rule_breaks(run: PeerRun, p: RosterProblem, assigned: dict[str, dict[int, str]],
                shift_of: dict[str, tuple[ShiftTemplate, int]]) -> None:
    """Count the wfm contract rules pyworkforce's roster breaks: weekly paid-hour bands
    (wfm's `weekly_band`), maximum consecutive days and minimum rest."""
    p.options = day_options(p)
    weeks = month_weeks(p.days, p.week_start)
    for emp in p.employees:
        contract = p.contracts[emp.contract]
        mine = assigned.get(emp.employee_id, {})
        for week in weeks:
            low, high = weekly_band(p, emp, contract, week)
            worked = sum(shift_of[mine[d]][0].paid_minutes for d in week if d in mine)
            if worked < math.floor(low) or worked > round(high):
                run.band_breaks += 1
        days = sorted(mine)
        longest = run_length = 0
        for i, d in enumerate(days):
            run_length = run_length + 1 if i and days[i - 1] == d - 1 else 1
            longest = max(longest, run_length)
            if i and days[i - 1] == d - 1:
                before, after = shift_of[mine[d - 1]], shift_of[mine[d]]
                if after[1] + 1440 - (before[1] + before[0].minutes) < \
                        contract.min_rest_hours * 60:
                    run.rest_breaks += 1
        if longest > contract.max_consecutive_days:
            run.run_breaks += 1


# -- the report ----------------------------------------------------------------------------
def parse_list(text: str, kind: type) -> list:
    return [kind(v) for v in text.split(",") if v.strip()]


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=None,
                        help="team sizes, comma-separated (default 60,150,300)")
    parser.add_argument("--time-limits", default=None,
                        help="wfm time limit in seconds per size, comma-separated (default: "
                             "one second per member of staff: 60,150,300)")
    parser.add_argument("--peer-time-limits", default=None,
                        help="pyworkforce time limits per size (default: wfm's)")
    parser.add_argument("--quick", action="store_true",
                        help=f"smoke run: 60 staff, {QUICK_LIMIT:g} s limits")
    parser.add_argument("--load", type=float, default=LOAD,
                        help="required staff-hours / the team's contract minimums "
                             f"(default {LOAD})")
    parser.add_argument("--seed", type=int, default=0, help="CP-SAT seed (default 0)")
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2)")
    parser.add_argument("--no-peer", action="store_true", help="run wfm only")
    args = parser.parse_args()
    sizes = parse_list(args.sizes, int) if args.sizes else ([60] if args.quick else list(SIZES))
    if args.time_limits:
        limits = parse_list(args.time_limits, float)
    else:
        limits = [QUICK_LIMIT if args.quick else float(s) for s in sizes]
    peer = parse_list(args.peer_time_limits, float) if args.peer_time_limits else limits
    if len(limits) != len(sizes) or len(peer) != len(sizes):
        parser.error("give one time limit per size")
    args.sizes, args.limits, args.peer_limits = sizes, limits, peer
    return args


def ratio(a: float, b: float) -> float:
    return a / b if b and np.isfinite(a) and np.isfinite(b) else float("nan")


def main() -> None:
    args = arguments()
    started = time.perf_counter()
    load = os.getloadavg()
    classes = None if args.no_peer else peer_classes()
    print(f"wfm roster scale: {MONTH}, 30-minute intervals, generated requirements, "
          f"sizes {', '.join(map(str, args.sizes))}")
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} "
          f"{load[2]:.2f} at start; CP-SAT seed {args.seed}, {args.workers} workers")
    if classes is None:
        why = ("--no-peer" if args.no_peer else "pyworkforce is not installed (`pip install "
               "-e \".[bench]\"`)")
        print(f"SKIP  pyworkforce peer: {why}; wfm runs alone")
    centre = make_centre(SEED)
    targets = Targets()
    cases: list[Case] = []
    wfm: dict[int, WfmRun] = {}
    peer: dict[int, PeerRun] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for size, limit, peer_limit in zip(args.sizes, args.limits, args.peer_limits,
                                           strict=True):
            case = make_case(centre, size, folder, args.load)
            cases.append(case)
            print(f"[{size} staff] requirements: level {case.level:.2f}, peak "
                  f"{int(case.problem.required.max())} staff, {case.required_hours:,.0f} "
                  f"staff-hours = {case.required_hours / case.floor_hours:.1%} of the "
                  f"contract minimums ({case.floor_hours:,.0f} h); wfm {limit:g} s",
                  file=sys.stderr, flush=True)
            wfm[size] = run_wfm(case, centre, limit, args.seed, args.workers, folder)
            w = wfm[size]
            print(f"[{size} staff] wfm: "
                  + (w.error or f"{w.result.status} in {w.wall:.0f} s, paid "
                     f"{w.kpis['paid_hours']:,.0f} h"), file=sys.stderr, flush=True)
            if classes is not None:
                peer[size] = run_peer(case, centre, peer_limit, args.workers, classes)

    section("The generated month")
    p0 = cases[0].problem
    open_days = int(p0.open_slot.reshape(len(p0.days), p0.slots).any(axis=1).sum())
    print(f"{len(p0.required)} intervals, {int(p0.open_slot.sum())} open on {open_days} days "
          "(Mon-Fri 08:00-20:00, Sat 09:00-17:00). The volume\nlevel is set per size so "
          f"that the required staff-hours are {args.load:.1%} of the team's contract\n"
          f"minimums (full-time {centre.contracts['full-time'].hours_min:g} h/week, "
          f"part-time {centre.contracts['part-time'].hours_min:g} h/week, pro-rated in the "
          "partial last week).")
    print(table(["staff", "full-time", "part-time", "calls", "peak staff", "staff-hours",
                 "contract minimum h", "staff-h / minimum", "floor bound h", "cover bound h",
                 "cover / floor"],
                [[c.size, sum(e.contract == "full-time" for e in c.employees),
                  sum(e.contract == "part-time" for e in c.employees),
                  float(c.problem.volume[c.problem.open_slot].sum()),
                  int(c.problem.required.max()), c.required_hours, c.floor_hours,
                  c.required_hours / c.floor_hours, lower_bound_hours(c.problem),
                  c.cover_bound, c.cover_bound / lower_bound_hours(c.problem)]
                 for c in cases],
                ["d", "d", "d", ",.0f", "d", ",.0f", ",.0f", ".3f", ",.0f", ",.0f", ".3f"]))
    print("floor bound = required staff-hours x the smallest paid / on-the-floor ratio of "
          "the templates\n(breaks take whole intervals). cover bound = "
          "`shift_mix.month_bound_hours`, the lower bound wfm\nreports (result."
          "lower_bound_hours): week by week, the LP relaxation of covering every interval\n"
          "in full with whole shifts of these templates, their breaks, each contract's head "
          "count and\nweekly hours (and never below the floor bound). No roster covering "
          "every interval pays less\nthan either; cover / floor shows how much of the floor "
          "bound's gap no roster can close.")

    section("Paid hours against the lower bound")
    rows = []
    for c in cases:
        lb = lower_bound_hours(c.problem)
        w, q = wfm[c.size], peer.get(c.size)
        w_paid = float(w.kpis["paid_hours"]) if w.result else float("nan")
        q1 = q.step1_paid_hours if q else float("nan")
        q2 = q.step2_paid_hours if q else float("nan")
        rows.append([c.size, lb, c.cover_bound, ratio(c.floor_hours, lb), w_paid,
                     ratio(w_paid, lb), ratio(w_paid, c.cover_bound), q1, ratio(q1, lb),
                     ratio(w_paid, q1), q2, ratio(q2, lb), ratio(w_paid, q2)])
    print(table(["staff", "floor LB h", "cover LB h", "minimums / floor", "wfm paid h",
                 "wfm / floor", "wfm / cover", "pwf shifts h", "/ floor", "wfm / it",
                 "pwf roster h", "/ floor", "wfm / it"],
                rows, ["d", ",.0f", ",.0f", ".3f", ",.0f", ".3f", ".3f", ",.0f", ".3f",
                       ".3f", ",.0f", ".3f", ".3f"]))
    print("floor / cover LB: the two lower bounds above. pwf shifts = pyworkforce "
          "MinRequiredResources (shift\ncounts only, no people, more part-time shifts than "
          "there are part-timers); pwf roster =\nMinHoursRoster (the named staff, with each "
          "contract's monthly minimum); wfm / it = wfm's paid\nhours over the column before.")

    section("Solver, service and rules")
    rows = []
    for c in cases:
        w = wfm[c.size]
        if w.result is not None:
            rows.append([f"wfm roster, {c.size} staff", w.wall, w.result.status,
                         w.result.gap, float(w.kpis["paid_hours"]), w.service.service_level,
                         w.service.meeting_goal, w.service.short_intervals,
                         "-" if w.violations is None else len(w.violations)])
        else:
            rows.append([f"wfm roster, {c.size} staff", w.wall, "NONE", None, None, None,
                         None, None, "-"])
        q = peer.get(c.size)
        if q is None:
            continue
        s1, s2 = q.step1_service, q.step2_service
        rows.append([f"pyworkforce shifts, {c.size}", q.step1_seconds, q.step1_status, None,
                     q.step1_paid_hours, s1 and s1.service_level, s1 and s1.meeting_goal,
                     s1 and s1.short_intervals, "-"])
        rows.append([f"pyworkforce roster, {c.size}", q.seconds, q.step2_status or "-", None,
                     q.step2_paid_hours, s2 and s2.service_level, s2 and s2.meeting_goal,
                     s2 and s2.short_intervals,
                     f"{q.band_breaks} wk / {q.run_breaks} run / {q.rest_breaks} rest"
                     if s2 else "-"])
    print(table(["run", "seconds", "status", "gap", "paid h", "service level",
                 "intervals >= goal", "intervals short", "rules broken"], rows,
                ["", ".1f", "", ".2%", ",.0f", ".2%", ".1%", "d", ""]))
    print("seconds: wfm's are wall time, build included; pyworkforce's are its solve() "
          "calls (model building\nincluded), and the roster row adds step 1. gap = wfm's "
          "objective against its best bound, summed over\nthe weeks it solves one by one. "
          "Service is Erlang C on the staff on the floor, as schedule.exports\ncomputes it; "
          "for the pyworkforce roster, shifts beyond step 1's counts take their earliest "
          "breaks.\nrules broken: wfm's are the independent checker's violations "
          "(tests/roster_checker.py); pyworkforce's\nare person-weeks outside the weekly "
          "band / people over the consecutive-day limit / short rests.")
    for c in cases:
        w = wfm[c.size]
        if w.error:
            print(f"wfm, {c.size} staff: no roster: {w.error}")
        for v in (w.violations or [])[:5]:
            print(f"wfm, {c.size} staff, rule broken: {v}")
        for note in peer[c.size].notes if c.size in peer else []:
            print(f"pyworkforce, {c.size} staff: {note}")
    if peer:
        print()
        print("What pyworkforce cannot express, so it is left out of its model: weekly "
              "paid-hour bands (only\none minimum over the month, no maximum), the maximum "
              "consecutive working days, contract cost,\nhow many people of each contract "
              "there are (step 1 may choose shifts the team cannot staff), and\nthe "
              "service-level price of a missing person (step 1 must cover every interval in "
              "full). Breaks\nare exact in step 1: one pyworkforce shift per template x start "
              "x break placement. pyworkforce\nsets `num_search_workers` as an attribute of "
              "the solver, not its parameter, so CP-SAT picks\nits own worker count there.")

    section("Fairness and stability")
    print_fairness(cases, wfm, list(centre.contracts))

    for c in cases:
        w = wfm[c.size]
        paid = float(w.kpis["paid_hours"]) if w.result is not None else float("nan")
        targets.check(f"{c.size} staff: paid hours within {TARGET_RATIO:g} x the lower bound",
                      w.result is not None and paid <= TARGET_RATIO * w.result.lower_bound_hours,
                      f"paid / lower bound {ratio(paid, c.cover_bound):.3f} (cover bound "
                      f"{c.cover_bound:,.0f} h; over the floor bound "
                      f"{ratio(paid, lower_bound_hours(c.problem)):.3f})")
    if TARGET_SIZE in wfm:
        w = wfm[TARGET_SIZE]
        ok = (w.result is not None and w.result.status in OK and w.wall <= TARGET_SECONDS
              and not w.violations)
        if w.result is None:
            detail = f"no roster after {w.wall:.0f} s: {w.error}"
        else:
            counts = w.fairness.checker if w.fairness else None
            broken = ("not checked" if counts is None else
                      f"{len(w.violations)} ({counts['hard']} hard, "
                      f"{len(w.violations) - counts['hard']} of rules 10-14)")
            paid_lb = ratio(float(w.kpis["paid_hours"]), w.result.lower_bound_hours)
            detail = (f"{w.result.status} in {w.wall:.0f} s (limit {TARGET_SECONDS:.0f}), "
                      f"rules broken: {broken}, paid / lower bound {paid_lb:.3f}")
        targets.check(f"{TARGET_SIZE} staff: a feasible roster within {TARGET_SECONDS:.0f} s",
                      ok, detail)
    else:
        print(f"\n(the target is on {TARGET_SIZE} staff, which this run leaves out)")
    print(f"\ntotal run time {time.perf_counter() - started:.1f} s")
    targets.report_and_exit()


if __name__ == "__main__":
    main()
