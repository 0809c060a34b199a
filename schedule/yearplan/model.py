"""The season plan: annual leave and overhauls in the quiet weeks, hires for the busy ones.

One CP-SAT model over the year by week, in the style of the roster: each family of rules
is a named helper. Leave is whole weeks (a week away costs the open days the person
could work that week) plus at most one short block of the days left over, next to a full
week when it is shorter than `[leave] min_block_days`. Overhaul jobs spread staff-days
inside their windows, or start a crew on one day. Every week's need must be met by the
team after leave and overhauls, by part-time hires (who start only after the hiring lead
time and stay a minimum number of weeks), by overtime, or else it shows as a gap.

Objective, in currency: hires and overtime at their cost, a gap at a price no hire
matches, and each hour away priced by how busy its week is (so leave and overhauls seek
the weeks with spare capacity), less a reward for each requested leave week granted
(double for a person's first, so that popular weeks are shared out).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from ortools.sat.python import cp_model

from wfm.core.errors import InfeasiblePlan, InputError, SolverTimeout
from wfm.schedule.roster.shifts import Contract
from wfm.schedule.solver_progress import Progress, SolutionReporter
from wfm.schedule.yearplan.capacity import Year
from wfm.schedule.yearplan.overhauls import Job

TENTHS = 10  # hours are modelled in tenths
SCALE = 1000  # objective units per currency unit
GAP_PRICE = 1_000.0  # currency per uncovered hour: more than any hire or overtime


@dataclass(frozen=True)
class SeasonRules:
    """The `[leave]` and `[season]` settings the model needs."""

    week_days: int = 5
    min_block_days: int = 5
    max_away_share: float = 0.15
    blackout: tuple[tuple[pd.Timestamp, pd.Timestamp], ...] = ()
    requested_reward: float = 50.0
    hire_contract: Contract | None = None
    hire_lead_weeks: int = 6
    hire_min_weeks: int = 8
    overtime_share: float = 0.10
    overtime_premium: float = 1.5
    quiet_weight: float = 2.0  # currency per hour away per unit of the week's load


@dataclass
class SeasonResult:
    """Placed leave (person, week -> days), overhaul days per job and week, and the weeks'
    hires, overtime and gap, with the solver's figures."""

    leave: dict[tuple[int, int], int]
    overhaul: dict[tuple[str, int], int]
    crew_start: dict[str, pd.Timestamp]
    hires_started: np.ndarray
    hires_active: np.ndarray
    overtime: np.ndarray
    gap: np.ndarray
    leave_hours: np.ndarray  # per week
    away_days: np.ndarray  # leave days per week, planned and approved
    away_cap: np.ndarray  # leave days the cap allows per week
    overhaul_hours: np.ndarray  # per week
    status: str
    objective: float
    seconds: float


def entitlement(year: Year, rules: SeasonRules) -> np.ndarray:
    """Leave days left to place: the yearly allowance pro-rated for the part of the year
    employed, less approved leave already taken in the year."""
    total = np.zeros(len(year.people), dtype=int)
    weeks_in_year = sum(1 for days in year.days if days) or 1
    for e, person in enumerate(year.people):
        employed = sum(1 for w, days in enumerate(year.days)
                       if any(person.employed_on(d) for d in days))
        allowance = person.leave_days_per_year * employed / weeks_in_year
        total[e] = max(round(float(allowance - year.approved_days[e].sum())), 0)
    return total


def full_week_days(year: Year) -> np.ndarray:
    """Leave days a whole week away uses, per person and week (whole days)."""
    return np.rint(year.work_days).astype(int)


def _up(hours: float) -> int:
    """Hours away in tenths, rounded up: the model never counts a week fuller than it is."""
    return math.ceil(float(hours) * TENTHS - 1e-9)


class SeasonModel:
    """The CP-SAT model of the year, built one rule family at a time."""

    def __init__(self, year: Year, jobs: list[Job], rules: SeasonRules,
                 requested: set[tuple[int, int]]) -> None:
        self.y, self.jobs, self.rules = year, jobs, rules
        self.requested = requested
        self.m = cp_model.CpModel()
        self.n_people, self.n_weeks = year.hours.shape
        self.full_days = full_week_days(year)
        self.due = entitlement(year, rules)
        self.load = year.need / np.maximum(year.hours.sum(axis=0), 1e-9)
        self.week_off: dict[tuple[int, int], cp_model.IntVar] = {}
        self.part_days: dict[tuple[int, int], cp_model.IntVar] = {}
        self.part_flags: dict[tuple[int, int], cp_model.IntVar] = {}
        self.part_caps: dict[tuple[int, int], int] = {}
        self.job_days: dict[tuple[str, int], cp_model.LinearExprT] = {}
        self.crew_starts: dict[str, list[tuple[pd.Timestamp, cp_model.IntVar]]] = {}
        self.away_hours: list[list] = [[] for _ in range(self.n_weeks)]
        self.away_days: list[list] = [[] for _ in range(self.n_weeks)]
        self.costs: list = []

    # -- leave ------------------------------------------------------------------------
    def _blocked(self, w: int) -> bool:
        days = self.y.days[w]
        return not days or any(lo <= d <= hi for d in days for lo, hi in self.rules.blackout)

    def leave_blocks(self) -> None:
        """Whole weeks away plus one short block; the days placed equal the entitlement."""
        r = self.rules
        for e in range(self.n_people):
            due = int(self.due[e])
            if due <= 0:
                continue
            fulls, parts, flags = [], [], []
            for w in range(self.n_weeks):
                if self._blocked(w) or self.y.open_days[e, w] <= 0 or \
                        self.y.approved_days[e, w] > 0:
                    continue
                full = self.m.NewBoolVar(f"leave_{e}_{w}")
                self.week_off[e, w] = full
                fulls.append(int(self.full_days[e, w]) * full)
                cap = int(min(self.full_days[e, w], r.week_days) - 1)
                if cap > 0:
                    flag = self.m.NewBoolVar(f"part_{e}_{w}")
                    days = self.m.NewIntVar(0, cap, f"partdays_{e}_{w}")
                    self.m.Add(days <= cap * flag)
                    self.m.Add(days >= flag)
                    self.m.AddImplication(flag, full.Not())
                    self.part_days[e, w] = days
                    self.part_flags[e, w] = flag
                    self.part_caps[e, w] = cap
                    parts.append(days)
                    flags.append((w, flag))
            if not fulls:
                continue
            self.m.Add(sum(fulls) + sum(parts) == due)
            self.m.Add(sum(f for _, f in flags) <= 1)
            if due >= r.min_block_days:
                for w in range(self.n_weeks):  # a short week away (holiday, year end) too
                    full = self.week_off.get((e, w))
                    if full is not None and self.full_days[e, w] < r.min_block_days:
                        beside = [self.week_off[e, k] for k in (w - 1, w + 1)
                                  if (e, k) in self.week_off]
                        self.m.Add(sum(beside) >= full)
                for w, flag in flags:  # a short block leans on a whole week beside it
                    beside = [self.week_off[e, k] for k in (w - 1, w + 1)
                              if (e, k) in self.week_off]
                    self.m.Add(sum(beside) >= flag)
            self._longer_blocks(e)

    def _longer_blocks(self, e: int) -> None:
        """Blocks longer than a week: a run of weeks away lasts `min_block_days`."""
        span = math.ceil(self.rules.min_block_days / max(self.rules.week_days, 1))
        if span <= 1:
            return
        for w in range(self.n_weeks):
            if (e, w) not in self.week_off:
                continue
            start = self.week_off[e, w] - (self.week_off.get((e, w - 1)) or 0)
            for k in range(1, span):
                nxt = self.week_off.get((e, w + k))
                self.m.Add(start <= (nxt if nxt is not None else 0))

    def leave_hours(self) -> None:
        """Hours and days away each week, for capacity and the cap on staff away."""
        for (e, w), full in self.week_off.items():
            self.away_hours[w].append(_up(self.y.hours[e, w]) * full)
            self.away_days[w].append(int(self.full_days[e, w]) * full)
        for (e, w), days in self.part_days.items():
            self.away_hours[w].append(_up(self.y.day_hours[e]) * days)
            self.away_days[w].append(days)

    def away_limit(self, w: int) -> int:
        """Leave days the cap allows in week w: the share of the staff-days it holds, and
        never less than one person's week (a small team still takes its leave)."""
        share = math.floor(self.rules.max_away_share * float(self.full_days[:, w].sum()) + 1e-9)
        return max(share, int(self.full_days[:, w].max(initial=0)))

    def cap_away(self) -> None:
        """At most `max_away_share` of the week's staff-days on leave (approved included)."""
        for w in range(self.n_weeks):
            if not self.away_days[w]:
                continue
            approved = int(self.y.approved_days[:, w].sum())
            limit = self.away_limit(w)
            self.m.Add(sum(self.away_days[w]) + approved <= max(limit, approved))

    # -- overhauls --------------------------------------------------------------------
    def overhauls(self) -> None:
        """Each job inside its window; precedence where a job names another."""
        mean_day = self.y.overhaul_day_hours
        active: dict[str, list[tuple[int, cp_model.IntVar]]] = {}
        for job in self.jobs:
            active[job.job_id] = (self._crew(job, mean_day) if job.is_crew
                                  else self._spread(job, mean_day))
        for job in self.jobs:
            if not job.after:
                continue
            before = active[job.after]
            for w2, a2 in active[job.job_id]:
                for w1, a1 in before:
                    if w1 >= w2:
                        self.m.AddBoolOr([a1.Not(), a2.Not()])

    def _window_days(self, job: Job, w: int) -> list[pd.Timestamp]:
        return [d for d in self.y.days[w] if job.earliest <= d <= job.latest]

    def _spread(self, job: Job, mean_day: float) -> list[tuple[int, cp_model.IntVar]]:
        """Staff-days anywhere in the window, no more a day than the team."""
        parts, active = [], []
        for w in range(self.n_weeks):
            days = self._window_days(job, w)
            if not days:
                continue
            room = int(len(days) * self.y.headcount[w])
            v = self.m.NewIntVar(0, room, f"job_{job.job_id}_{w}")
            on = self.m.NewBoolVar(f"jobon_{job.job_id}_{w}")
            self.m.Add(v <= room * on)
            self.job_days[job.job_id, w] = v
            self.away_hours[w].append(_up(mean_day) * v)
            parts.append(v)
            active.append((w, on))
        if not parts:
            raise InfeasiblePlan(f"overhaul {job.job_id}: its window {job.earliest.date()}.."
                                 f"{job.latest.date()} has no open day in the year")
        self.m.Add(sum(parts) == math.ceil(job.staff_days))
        return active

    def _crew(self, job: Job, mean_day: float) -> list[tuple[int, cp_model.IntVar]]:
        """A crew for `duration_days` running days from one start day."""
        starts = []
        per_week: dict[int, list] = {}
        index = {d: w for w, days in enumerate(self.y.days) for d in days}
        last_start = job.latest - pd.Timedelta(days=job.duration_days - 1)
        for start in pd.date_range(job.earliest, last_start, freq="D"):
            if start not in index:
                continue
            lit = self.m.NewBoolVar(f"crew_{job.job_id}_{start.date()}")
            starts.append((start, lit))
            span = pd.date_range(start, periods=job.duration_days, freq="D")
            counts: dict[int, int] = {}
            for d in span:
                if d in index:
                    counts[index[d]] = counts.get(index[d], 0) + 1
            for w, n in counts.items():
                per_week.setdefault(w, []).append((n * job.staff_needed, lit))
        if not starts:
            raise InfeasiblePlan(f"overhaul {job.job_id}: no start day in the year lets "
                                 f"{job.duration_days} days fit in {job.earliest.date()}.."
                                 f"{job.latest.date()}")
        self.m.AddExactlyOne([lit for _, lit in starts])
        self.crew_starts[job.job_id] = starts
        active = []
        for w, items in per_week.items():
            days = sum(n * lit for n, lit in items)
            self.job_days[job.job_id, w] = days
            self.away_hours[w].append(_up(mean_day) * days)
            on = self.m.NewBoolVar(f"jobon_{job.job_id}_{w}")
            self.m.Add(days <= sum(n for n, _ in items) * on)
            self.m.Add(days >= on)
            active.append((w, on))
        return active

    # -- capacity ---------------------------------------------------------------------
    def capacity(self) -> None:
        """Team hours after leave and overhauls, plus hires and overtime, meet the need;
        what they cannot is the gap."""
        r = self.rules
        y = self.y
        hire = r.hire_contract
        hire_hours = math.floor(hire.hours_max * TENTHS + 1e-9) if hire else 0
        first_hire = r.hire_lead_weeks
        self.hires = [self.m.NewIntVar(0, 1000 if hire and w >= first_hire else 0, f"hire_{w}")
                      for w in range(self.n_weeks)]
        self.active_hires = []
        self.overtime, self.gap = [], []
        for w in range(self.n_weeks):
            window = self.hires[max(0, w - r.hire_min_weeks + 1):w + 1]
            active = sum(window)
            self.active_hires.append(active)
            team = math.floor(float(y.hours[:, w].sum()) * TENTHS + 1e-9)
            ot = self.m.NewIntVar(0, int(r.overtime_share * team), f"ot_{w}")
            gap = self.m.NewIntVar(0, round(float(y.need[w]) * TENTHS) + 1, f"gap_{w}")
            self.overtime.append(ot)
            self.gap.append(gap)
            self.m.Add(team - sum(self.away_hours[w]) + hire_hours * active + ot + gap
                       >= math.ceil(float(y.need[w]) * TENTHS))

    def objective(self, cost_per_hour: float) -> None:
        """Hires, overtime and gap at their cost; hours away at the week's load; requested
        leave weeks granted earn a reward."""
        r = self.rules
        terms = []
        per_tenth = SCALE / TENTHS
        if r.hire_contract:
            per_hire = r.hire_contract.hours_max * r.hire_min_weeks * \
                r.hire_contract.cost_per_hour
            terms += [round(per_hire * SCALE) * h for h in self.hires]
        terms += [round(cost_per_hour * r.overtime_premium * per_tenth) * ot
                  for ot in self.overtime]
        terms += [round(GAP_PRICE * per_tenth) * g for g in self.gap]
        load = self.load
        for w in range(self.n_weeks):
            price = round(r.quiet_weight * float(load[w]) * per_tenth)
            terms += [price * a for a in self.away_hours[w]]
        terms += self._requests_granted(round(r.requested_reward * SCALE))
        self.m.Minimize(sum(terms))

    def _requests_granted(self, reward: int) -> list:
        """A reward for each requested week granted, and as much again for a person's
        first: popular weeks go round before anyone gets a second one."""
        by_person: dict[int, list[cp_model.IntVar]] = {}
        for (e, w), full in self.week_off.items():
            if (e, w) in self.requested:
                by_person.setdefault(e, []).append(full)
        terms = []
        for e, granted in by_person.items():
            first = self.m.NewBoolVar(f"first_request_{e}")
            self.m.Add(first <= sum(granted))
            terms += [-reward * g for g in granted] + [-reward * first]
        return terms

    def build(self, cost_per_hour: float) -> SeasonModel:
        self.leave_blocks()
        self.leave_hours()
        self.cap_away()
        self.overhauls()
        self.capacity()
        self.objective(cost_per_hour)
        self.hint_leave()
        return self

    def hint_leave(self) -> None:
        """A first leave plan for the solver: each person's whole weeks in the quietest
        weeks the cap still allows, the days left over beside one of them."""
        y = self.y
        quiet = [int(w) for w in np.argsort(self.load, kind="stable")]
        away = y.approved_days.sum(axis=0).astype(float)
        limit = [self.away_limit(w) for w in range(self.n_weeks)]
        chosen: set[tuple[int, int]] = set()
        parts: dict[tuple[int, int], int] = {}
        for e in sorted(range(self.n_people), key=lambda e: -self.due[e]):
            left = int(self.due[e])
            for w in quiet:
                days = int(self.full_days[e, w])
                if (e, w) in self.week_off and 0 < days <= left and away[w] + days <= limit[w]:
                    chosen.add((e, w))
                    away[w] += days
                    left -= days
            if left <= 0:
                continue
            mine = sorted(w for ee, w in chosen if ee == e)
            near = [k for w in mine for k in (w - 1, w + 1)] or quiet
            for w in near:
                cap = self.part_caps.get((e, w), 0)
                if (e, w) not in chosen and cap >= left and away[w] + left <= limit[w]:
                    parts[e, w] = left
                    away[w] += left
                    break
        for key, var in self.week_off.items():
            self.m.AddHint(var, int(key in chosen))
        for key, var in self.part_days.items():
            self.m.AddHint(var, parts.get(key, 0))
            self.m.AddHint(self.part_flags[key], int(key in parts))


def entitlement_overflow(year: Year, rules: SeasonRules) -> tuple[int, str] | None:
    """The first person whose leave cannot fit in their working days of the year, as
    (index, reason), or None."""
    due = entitlement(year, rules)
    full = full_week_days(year)
    for e in range(len(year.people)):
        room = sum(int(full[e, w]) for w in range(len(year.weeks))
                   if year.approved_days[e, w] == 0 and year.days[w])
        if due[e] > room:
            return e, (f"{due[e]} leave days to place in {year.year} but only {room} working "
                       "days left for them")
    return None


def plan_season(year: Year, jobs: list[Job], rules: SeasonRules,
                requested: set[tuple[int, int]], contracts: dict[str, Contract],
                time_limit: float = 60.0, seed: int = 0, workers: int = 2,
                progress: Progress | None = None) -> SeasonResult:
    """Solve the year; an impossible year raises InfeasiblePlan in the planner's words."""
    rates = [contracts[p.contract].cost_per_hour for p in year.people]
    cost = float(np.mean(rates)) if rates else 20.0
    model = SeasonModel(year, jobs, rules, requested).build(cost)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(time_limit)
    solver.parameters.random_seed = int(seed)
    solver.parameters.num_workers = int(workers)
    status = solver.Solve(model.m, SolutionReporter(progress, SCALE))
    if status == cp_model.INFEASIBLE:
        raise InfeasiblePlan(_explain(year, rules, model))
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise SolverTimeout(f"no season plan found within {time_limit:g} s; nothing was "
                            "proved impossible: give the solver more time (--time-limit)")
    leave = {}
    n_weeks = len(year.weeks)
    leave_hours, overhaul_hours = np.zeros(n_weeks), np.zeros(n_weeks)
    for (e, w), v in model.week_off.items():
        if solver.Value(v):
            leave[e, w] = int(model.full_days[e, w])
            leave_hours[w] += year.hours[e, w]
    for (e, w), v in model.part_days.items():
        if solver.Value(v):
            leave[e, w] = leave.get((e, w), 0) + int(solver.Value(v))
            leave_hours[w] += solver.Value(v) * year.day_hours[e]
    overhaul = {key: int(solver.Value(v)) for key, v in model.job_days.items()
                if solver.Value(v)}
    for (_, w), days in overhaul.items():
        overhaul_hours[w] += days * year.overhaul_day_hours
    crew = {job: next(d for d, lit in starts if solver.Value(lit))
            for job, starts in model.crew_starts.items()}
    return SeasonResult(
        leave=leave, overhaul=overhaul, crew_start=crew,
        hires_started=np.array([solver.Value(h) for h in model.hires]),
        hires_active=np.array([solver.Value(a) for a in model.active_hires]),
        overtime=np.array([solver.Value(o) for o in model.overtime]) / TENTHS,
        gap=np.array([solver.Value(g) for g in model.gap]) / TENTHS,
        leave_hours=leave_hours, overhaul_hours=overhaul_hours,
        away_days=np.array([sum(d for (_, ww), d in leave.items() if ww == w)
                            for w in range(n_weeks)]) + year.approved_days.sum(axis=0),
        away_cap=np.array([model.away_limit(w) for w in range(n_weeks)]),
        status=solver.StatusName(status), objective=solver.ObjectiveValue() / SCALE,
        seconds=solver.WallTime())


def _explain(year: Year, rules: SeasonRules, model: SeasonModel) -> str:
    """The likeliest reason no plan exists: leave that the cap on staff away cannot hold."""
    due_days = int(model.due.sum())
    room = 0
    for w in range(len(year.weeks)):
        if year.days[w] and not model._blocked(w):
            room += model.away_limit(w)
    if due_days > room:
        return (f"the team has {due_days} leave days to place but the cap of "
                f"{rules.max_away_share:.0%} of staff away allows only {room} in the weeks "
                "open to leave ([leave] max_away_share, blackout)")
    return ("leave blocks, blackout periods and overhaul windows cannot all be met; "
            "try a shorter [leave] min_block_days or fewer blackout weeks")


def season_rules(config, contracts: dict[str, Contract]) -> SeasonRules:
    """`[leave]` and `[season]` as rules, checked so a mistake names the key."""
    file = str(config.path) if config.path else "config"
    leave, season = config.leave, config.season
    blackout = []
    for text in leave["blackout"]:
        parts = str(text).split("..")
        try:
            lo, hi = (pd.Timestamp(x.strip()) for x in parts) if len(parts) == 2 else (None, None)
        except ValueError:
            lo = hi = None
        if lo is None or hi is None or hi < lo:
            raise InputError(f"[leave] blackout: expected \"YYYY-MM-DD..YYYY-MM-DD\", got "
                             f"{text!r}", file=file)
        blackout.append((lo.normalize(), hi.normalize()))
    hire = None
    if season["hire_contract"]:
        if season["hire_contract"] not in contracts:
            raise InputError(f"[season] hire_contract: no contract named "
                             f"{season['hire_contract']!r} (known: {', '.join(contracts)})",
                             file=file)
        hire = contracts[season["hire_contract"]]
    if not 0 < season["schedule_efficiency"] <= 1:
        raise InputError("[season] schedule_efficiency: expected a share in (0, 1]", file=file)
    if not 0 <= leave["max_away_share"] <= 1 or leave["week_days"] < 1:
        raise InputError("[leave] max_away_share must be in [0, 1] and week_days 1 or more",
                         file=file)
    return SeasonRules(
        week_days=leave["week_days"], min_block_days=leave["min_block_days"],
        max_away_share=leave["max_away_share"], blackout=tuple(blackout),
        requested_reward=leave["requested_reward"], hire_contract=hire,
        hire_lead_weeks=season["hire_lead_weeks"], hire_min_weeks=max(season["hire_min_weeks"], 1),
        overtime_share=season["overtime_share"], overtime_premium=season["overtime_premium"],
        quiet_weight=season["quiet_weight"])
