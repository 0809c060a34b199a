"""The season plan: annual leave and overhauls in the quiet weeks, hires for the busy ones.

One CP-SAT model over the year by week, in the style of the roster: each family of rules
is a named helper. Leave is whole weeks (a week away costs the open days the person
could work that week) plus at most one short block of the days left over, next to a full
week when it is shorter than `[leave] min_block_days`; no one is given more leave days
than their allowance. Overhaul jobs spread staff-days over the working days inside their
windows, or start a crew on one working day for that many working days (the crew's span
stretches over closed days and public holidays). On every working day the people away,
on leave or on an overhaul, stay within the cap on staff away. The month with the most
contacts per working day gets no leave when the other months have room under the cap for
all of it (and leave there is dear when they do not). Every week's need must be met by
the team after leave and overhauls, by part-time hires (who start only after the hiring
lead time and stay a minimum number of weeks), by overtime, or else it shows as a gap.

Objective, in currency: hires and overtime at their cost, a gap at a price no hire
matches, and each hour away priced by how busy its week is and, steeply, how busy its
month is (so leave and overhauls seek the quietest months, and their quietest weeks),
less a reward for each requested leave week granted (double for a person's first, so
that popular weeks are shared out).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from ortools.sat.python import cp_model

from wfm.core.errors import InfeasiblePlan, InputError, SolverTimeout
from wfm.schedule.roster.shifts import Contract
from wfm.schedule.solver import Progress, SolutionReporter, new_solver, run
from wfm.schedule.yearplan.capacity import Year
from wfm.schedule.yearplan.overhauls import Job

TENTHS = 10  # hours are modelled in tenths
SCALE = 1000  # objective units per currency unit
GAP_PRICE = 1_000.0  # currency per uncovered hour: more than any hire or overtime
MONTH_STEEPNESS = 8  # an hour away costs (its month's contacts per working day / the
# year's) ** MONTH_STEEPNESS times the week's load: 0.43 in a month 10% quieter, 2.1 busier
BUSIEST_PRICE = 100.0  # currency per hour of leave in the busiest month, when it must hold
# some: dearer than overtime or a hire, cheaper than leaving calls unanswered
PEAK_PRICE = 0.5  # currency per person on a spread job's busiest day of a week: even days


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
    """Placed leave (person, week -> days), overhaul days per job and week (and people per
    job and working day), and the weeks' hires, overtime and gap, with the solver's
    figures."""

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
    job_staff: dict[tuple[str, pd.Timestamp], int] = field(default_factory=dict)
    day_cap: np.ndarray | None = None  # people the cap lets away, per working day
    busiest: tuple[int, float] | None = None  # the busiest month, contacts per working day
    busiest_kept: bool = False  # True when the busiest month was kept free of leave


def entitlement(year: Year, rules: SeasonRules) -> np.ndarray:
    """Leave days left to place: the yearly allowance pro-rated for the part of the year
    employed (rounded down, so never more than the allowance), less approved leave
    already taken in the year, counted as the plan counts it."""
    total = np.zeros(len(year.people), dtype=int)
    weeks_in_year = sum(1 for days in year.days if days) or 1
    for e, person in enumerate(year.people):
        employed = sum(1 for w, days in enumerate(year.days)
                       if any(person.employed_on(d) for d in days))
        allowance = math.floor(person.leave_days_per_year * employed / weeks_in_year + 1e-9)
        total[e] = max(allowance - round(float(year.approved_days[e].sum())), 0)
    return total


def full_week_days(year: Year) -> np.ndarray:
    """Leave days a whole week away uses, per person and week (whole days)."""
    return np.rint(year.work_days).astype(int)


def day_cap(year: Year, share: float) -> np.ndarray:
    """People the cap lets away on each working day: the share of the people employed
    that day, rounded down, and never less than one (a small team still takes leave)."""
    employed = year.employed.sum(axis=0)
    return np.maximum(np.floor(share * employed + 1e-9), 1).astype(int)


def _up(hours: float) -> int:
    """Hours away in tenths, rounded up: the model never counts a week fuller than it is."""
    return math.ceil(float(hours) * TENTHS - 1e-9)


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


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
        self.dates = year.dates
        self.day_week = year.day_week
        self.week_dates = [[int(i) for i in np.flatnonzero(self.day_week == w)]
                           for w in range(self.n_weeks)]
        self.approved_now = year.approved.sum(axis=0).astype(int)
        self.cap = day_cap(year, rules.max_away_share)
        self.limit = np.maximum(self.cap, self.approved_now)
        self.busiest = year.busiest_month()
        self.month_weeks = self._weeks_of_month(self.busiest[0]) if self.busiest else set()
        self.keep_month_free = False
        self.week_off: dict[tuple[int, int], cp_model.IntVar] = {}
        self.part_days: dict[tuple[int, int], cp_model.IntVar] = {}
        self.part_flags: dict[tuple[int, int], cp_model.IntVar] = {}
        self.part_caps: dict[tuple[int, int], int] = {}
        self.job_days: dict[tuple[str, int], cp_model.LinearExprT] = {}
        self.job_staff: dict[tuple[str, int], cp_model.LinearExprT] = {}  # job, working day
        self.crew_starts: dict[str, list[tuple[pd.Timestamp, cp_model.IntVar]]] = {}
        self.crew_spans: dict[str, list[tuple[range, cp_model.IntVar]]] = {}
        self.job_on: dict[tuple[str, int], cp_model.IntVar] = {}
        self.job_peak: dict[tuple[str, int], cp_model.IntVar] = {}
        self.on_leave: dict[int, cp_model.IntVar] = {}
        self.first_requests: dict[int, cp_model.IntVar] = {}
        self.away_hours: list[list] = [[] for _ in range(self.n_weeks)]
        self.leave_away: list[list] = [[] for _ in range(self.n_weeks)]  # leave hours only
        self.day_away: list[list] = [[] for _ in self.dates]  # people away each working day

    # -- leave ------------------------------------------------------------------------
    def _blocked(self, w: int) -> bool:
        days = self.y.days[w]
        return not days or any(lo <= d <= hi for d in days for lo, hi in self.rules.blackout)

    def _weeks_of_month(self, month: int) -> set[int]:
        return {w for w, days in enumerate(self.y.days) if any(d.month == month for d in days)}

    def leave_blocks(self) -> None:
        """Whole weeks away plus one short block at one end of a run of them; the days
        placed equal the entitlement. A week whose open days cost no leave day is not
        offered (no time away for free)."""
        r = self.rules
        for e in range(self.n_people):
            due = int(self.due[e])
            if due <= 0:
                continue
            fulls, parts, flags = [], [], []
            for w in range(self.n_weeks):
                if self._blocked(w) or self.y.open_days[e, w] <= 0 or \
                        self.y.approved_days[e, w] > 0 or self.full_days[e, w] <= 0:
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
            for w, flag in flags:  # at one end of its run: the days away run unbroken
                beside = [self.week_off[e, k] for k in (w - 1, w + 1) if (e, k) in self.week_off]
                if len(beside) == 2:
                    self.m.Add(sum(beside) + flag <= 2)
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
        """Hours away each week, for capacity, and the people on planned leave each week,
        counted away on every working day of it: a short block too (its days are placed
        beside the whole week afterwards), so the cap holds wherever they fall, and one
        who joins or leaves mid-week on the days they are not employed as well."""
        people: list[list] = [[] for _ in range(self.n_weeks)]
        for (e, w), full in self.week_off.items():
            self.away_hours[w].append(_up(self.y.hours[e, w]) * full)
            self.leave_away[w].append(_up(self.y.hours[e, w]) * full)
            people[w].append(full)
        for (e, w), days in self.part_days.items():
            self.away_hours[w].append(_up(self.y.day_hours[e]) * days)
            self.leave_away[w].append(_up(self.y.day_hours[e]) * days)
            people[w].append(self.part_flags[e, w])
        for w, terms in enumerate(people):
            if not terms:
                continue
            on_leave = self.m.NewIntVar(0, len(terms), f"on_leave_{w}")
            self.m.Add(on_leave == sum(terms))
            self.on_leave[w] = on_leave
            for i in self.week_dates[w]:
                self.day_away[i].append(on_leave)

    def away_limit(self, w: int) -> int:
        """Leave days the cap allows in week w, for the capacity file: as many whole weeks
        away as the cap lets people away on the week's tightest day."""
        days = self.week_dates[w]
        if not days:
            return 0
        cost = round(self.rules.week_days * sum(self.y.day_weight.get(self.dates[i].day_of_week,
                                                                      0.0) for i in days))
        return int(self.cap[days].min()) * max(cost, 1)

    def cap_away(self) -> None:
        """On each working day at most `max_away_share` of the people employed that day are
        away, on leave (approved included) or on an overhaul; rounded down, at least one.
        Approved leave beyond the cap stands, and nothing more is added to that day."""
        for i, terms in enumerate(self.day_away):
            if terms:
                self.m.Add(sum(terms) + int(self.approved_now[i]) <= int(self.limit[i]))

    def _room_weeks(self, skip: set[int], jobs: bool = True) -> tuple[int, int]:
        """(person-weeks of leave the team needs, person-weeks the cap leaves free) in the
        weeks open to leave outside `skip`: a week gives as many people as its tightest
        day lets away (less the overhauls' staff-days spread over full weeks, with
        `jobs`). A week away costs at most `week_days` leave days, so without `jobs` a
        need beyond the room proves there is no plan."""
        need = sum(math.ceil(int(d) / max(self.rules.week_days, 1)) for d in self.due)
        free = 0
        for w in range(self.n_weeks):
            days = self.week_dates[w]
            if days and w not in skip and not self._blocked(w):
                free += int((self.limit[days] - self.approved_now[days]).clip(min=0).min())
        week_len = max((len(d) for d in self.week_dates), default=1) or 1
        taken = sum(math.ceil((j.staff_needed * j.duration_days if j.is_crew
                               else math.ceil(j.staff_days)) / week_len) for j in self.jobs)
        return need, free - (taken if jobs else 0)

    def leave_room(self) -> None:
        """Before any solve: the team's leave must fit under the cap on staff away, by
        arithmetic; when it cannot, InfeasiblePlan says so in the planner's words."""
        need, free = self._room_weeks(set(), jobs=False)
        if need > free:
            raise InfeasiblePlan(self._too_much_leave(need, free, ""))

    def _too_much_leave(self, need: int, free: int, jobs: str) -> str:
        return (f"the team has {int(self.due.sum())} leave days to place, about {need} "
                f"weeks away, but the cap of {self.rules.max_away_share:.0%} of staff away "
                f"on any day ([leave] max_away_share) leaves room for only {max(free, 0)} in "
                f"the weeks open to leave{jobs} (blackout)")

    def _fits_outside(self, skip: set[int]) -> bool:
        """True when each person's leave fits in their own weeks outside `skip`."""
        room = np.zeros(self.n_people, dtype=int)
        for e, w in self.week_off:
            if w not in skip:
                room[e] += int(self.full_days[e, w])
        return bool((self.due <= room).all())

    def busiest_month(self) -> None:
        """No leave in the month with the most contacts per working day when, by arithmetic,
        the other months have room under the cap for everyone's leave; otherwise each hour
        of leave there is priced at BUSIEST_PRICE (see `objective`)."""
        if not self.busiest or not self.month_weeks:
            return
        need, free = self._room_weeks(self.month_weeks)
        self.keep_month_free = need <= free and self._fits_outside(self.month_weeks)
        if not self.keep_month_free:
            return
        for (_, w), full in self.week_off.items():
            if w in self.month_weeks:
                self.m.Add(full == 0)
        for (_, w), flag in self.part_flags.items():
            if w in self.month_weeks:
                self.m.Add(flag == 0)

    # -- overhauls --------------------------------------------------------------------
    def overhauls(self) -> None:
        """Each job inside its window, on working days; precedence where a job names
        another."""
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

    def _free(self, i: int) -> int:
        """People the cap still lets away on working day i after approved leave."""
        return max(int(self.limit[i]) - int(self.approved_now[i]), 0)

    def _spread(self, job: Job, mean_day: float) -> list[tuple[int, cp_model.IntVar]]:
        """Staff-days on the working days of the window, no more a day than the cap lets
        away; the busiest day of each week is priced a little so the days run even."""
        total = math.ceil(job.staff_days)
        parts, active = [], []
        for w in range(self.n_weeks):
            days = [i for i in self.week_dates[w] if job.earliest <= self.dates[i] <= job.latest]
            if not days:
                continue
            room = max((self._free(i) for i in days), default=0)
            on = self.m.NewBoolVar(f"jobon_{job.job_id}_{w}")
            peak = self.m.NewIntVar(0, room, f"jobpeak_{job.job_id}_{w}")
            week = []
            for i in days:
                v = self.m.NewIntVar(0, min(self._free(i), total), f"job_{job.job_id}_{i}")
                self.m.Add(v <= peak)
                self.job_staff[job.job_id, i] = v
                self.day_away[i].append(v)
                week.append(v)
            self.m.Add(sum(week) <= room * len(days) * on)
            self.job_days[job.job_id, w] = sum(week)
            self.away_hours[w].append(_up(mean_day) * sum(week))
            self.job_on[job.job_id, w] = on
            self.job_peak[job.job_id, w] = peak
            parts += week
            active.append((w, on))
        if not parts:
            raise InfeasiblePlan(f"overhaul {job.job_id}: its window {job.earliest.date()}.."
                                 f"{job.latest.date()} has no working day in the year")
        room = sum(self._free(i) for (j, i) in self.job_staff if j == job.job_id)
        if room < total:
            raise InfeasiblePlan(
                f"overhaul {job.job_id}: {total} staff-days, but the cap on staff away "
                f"([leave] max_away_share {self.rules.max_away_share:.0%}) lets only {room} "
                f"away over the working days of {job.earliest.date()}..{job.latest.date()}")
        self.m.Add(sum(parts) == total)
        return active

    def _crew(self, job: Job, mean_day: float) -> list[tuple[int, cp_model.IntVar]]:
        """A crew for `duration_days` working days in a row from one start day: the span
        stretches over closed days and public holidays, and every day of it counts."""
        n = job.duration_days
        starts, spans = [], []
        inside = [i for i, d in enumerate(self.dates) if job.earliest <= d <= job.latest]
        fitting = [inside[k] for k in range(len(inside) - n + 1)
                   if inside[k + n - 1] - inside[k] == n - 1]
        for i in fitting:
            span = range(i, i + n)
            if any(self._free(k) < job.staff_needed for k in span):
                continue  # the crew alone would break the cap on staff away
            lit = self.m.NewBoolVar(f"crew_{job.job_id}_{self.dates[i].date()}")
            starts.append((self.dates[i], lit))
            spans.append((span, lit))
        if not starts:
            if fitting:
                most = max(min(self._free(k) for k in range(i, i + n)) for i in fitting)
                raise InfeasiblePlan(
                    f"overhaul {job.job_id}: a crew of {job.staff_needed} for {n} working "
                    f"days, but the cap on staff away ([leave] max_away_share "
                    f"{self.rules.max_away_share:.0%}) lets at most {most} people away on "
                    f"some day of every {n} working days in {job.earliest.date()}.."
                    f"{job.latest.date()}")
            raise InfeasiblePlan(f"overhaul {job.job_id}: no start day in the year lets "
                                 f"{n} working days fit in {job.earliest.date()}.."
                                 f"{job.latest.date()}")
        self.m.AddExactlyOne([lit for _, lit in starts])
        self.crew_starts[job.job_id] = starts
        self.crew_spans[job.job_id] = spans
        covering: dict[int, list[cp_model.IntVar]] = {}
        for span, lit in spans:
            for k in span:
                covering.setdefault(k, []).append(lit)
        per_week: dict[int, list] = {}
        for k, lits in covering.items():
            staff = job.staff_needed * sum(lits)
            self.job_staff[job.job_id, k] = staff
            self.day_away[k].append(staff)
            per_week.setdefault(int(self.day_week[k]), []).append(staff)
        touching: dict[int, list[cp_model.IntVar]] = {}
        for span, lit in spans:
            for w in {int(self.day_week[k]) for k in span}:
                touching.setdefault(w, []).append(lit)
        active = []
        for w, staff_days in per_week.items():
            self.job_days[job.job_id, w] = sum(staff_days)
            self.away_hours[w].append(_up(mean_day) * sum(staff_days))
            on = self.m.NewBoolVar(f"jobon_{job.job_id}_{w}")
            self.m.Add(on == sum(touching[w]))  # exactly one start: on when it reaches w
            self.job_on[job.job_id, w] = on
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

    def week_price(self) -> np.ndarray:
        """Currency per hour away in each week: `quiet_weight` times the week's load (need
        over the team's hours) times its month's busyness to the power MONTH_STEEPNESS,
        so the quietest months fill first by a clear margin (a month 10% quieter than
        the year costs less than half) and, within a month, the quieter weeks."""
        return self.rules.quiet_weight * self.load * self.month_index() ** MONTH_STEEPNESS

    def month_index(self) -> np.ndarray:
        """How busy each week's month is: the month's contacts per working day over the
        year's (a week across two months weighs each by its days; 1 without volume)."""
        vol = self.y.day_volume
        if vol is None or not vol.any():
            return np.ones(self.n_weeks)
        months = np.array([d.month for d in self.dates])
        per_day = {m: float(vol[months == m].mean()) for m in np.unique(months)}
        mean = float(vol.mean())
        index = np.ones(self.n_weeks)
        for w, days in enumerate(self.week_dates):
            if days:
                index[w] = float(np.mean([per_day[months[i]] for i in days])) / mean
        return index

    def objective(self, cost_per_hour: float) -> None:
        """Hires, overtime and gap at their cost; hours away at the week's price (leave in
        the busiest month, where it could not be kept out, far dearer); requested leave
        weeks granted earn a reward."""
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
        price = self.week_price()
        for w in range(self.n_weeks):
            terms += [round(float(price[w]) * per_tenth) * a for a in self.away_hours[w]]
            if w in self.month_weeks and not self.keep_month_free:
                terms += [round(BUSIEST_PRICE * per_tenth) * a for a in self.leave_away[w]]
        terms += [round(PEAK_PRICE * SCALE) * p for p in self.job_peak.values()]
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
            self.first_requests[e] = first
            terms += [-reward * g for g in granted] + [-reward * first]
        return terms

    def build(self, cost_per_hour: float) -> SeasonModel:
        """Every rule family, the objective and a first plan, in that order."""
        self.leave_room()
        self.leave_blocks()
        self.leave_hours()
        self.overhauls()
        self.busiest_month()
        self.cap_away()
        self.capacity()
        self.objective(cost_per_hour)
        self.hint()
        return self

    # -- a first plan -------------------------------------------------------------------
    def hint(self) -> None:
        """A whole first plan for the solver, every rule kept where the greedy manages:
        overhauls, then each person's leave, in the cheapest weeks the cap allows every
        day; the week's overtime and gap follow. The solver starts from it at once."""
        free = np.array([self._free(i) for i in range(len(self.dates))])
        price = self.week_price()
        staff = self._hint_jobs(free, price)
        if not self.keep_month_free:
            price = price + np.array([BUSIEST_PRICE if w in self.month_weeks else 0.0
                                      for w in range(self.n_weeks)])
        whole, parts = self._hint_leave(free, price)
        for key, var in self.week_off.items():
            self.m.AddHint(var, int(key in whole))
        for key, var in self.part_days.items():
            self.m.AddHint(var, parts.get(key, 0))
            self.m.AddHint(self.part_flags[key], int(key in parts))
        for w, var in self.on_leave.items():
            self.m.AddHint(var, sum(1 for _, ww in [*whole, *parts] if ww == w))
        for e, var in self.first_requests.items():
            self.m.AddHint(var, int(any((e, w) in self.requested for ee, w in whole if ee == e)))
        self._hint_capacity(whole, parts, staff)

    def _hint_jobs(self, free: np.ndarray, price: np.ndarray) -> dict[tuple[str, int], int]:
        """Each job in its cheapest weeks after the job it follows: a crew's cheapest start
        the cap allows, a spread job's staff-days level across the working days. Returns
        people per job and working day, and takes them from `free`."""
        staff: dict[tuple[str, int], int] = {}
        done: dict[str, int] = {}  # job -> its last week
        order = sorted(self.jobs, key=lambda j: self._depth(j))
        for job in order:
            after = done.get(job.after, -1) if job.after else -1
            mine: dict[int, int] = {}
            if job.is_crew:
                spans = self.crew_spans[job.job_id]
                fits = [(sum(price[self.day_week[k]] for k in span), n)
                        for n, (span, _) in enumerate(spans)
                        if self.day_week[span[0]] > after
                        and all(free[k] >= job.staff_needed for k in span)]
                pick = min(fits)[1] if fits else -1
                for n, (span, lit) in enumerate(spans):
                    self.m.AddHint(lit, int(n == pick))
                    if n == pick:
                        mine = {k: job.staff_needed for k in span}
            else:
                left = math.ceil(job.staff_days)
                weeks = sorted({w for (j, w) in self.job_on if j == job.job_id and w > after},
                               key=lambda w: price[w])
                for w in weeks:
                    days = [i for i in self.week_dates[w] if (job.job_id, i) in self.job_staff]
                    while left > 0 and any(free[i] > mine.get(i, 0) for i in days):
                        for i in days:
                            if left > 0 and free[i] > mine.get(i, 0):
                                mine[i] = mine.get(i, 0) + 1
                                left -= 1
                    if left <= 0:
                        break
                if left > 0:
                    mine = {}
                for (j, i), var in self.job_staff.items():
                    if j == job.job_id:
                        self.m.AddHint(var, mine.get(i, 0))
                for (j, w), peak in self.job_peak.items():
                    if j == job.job_id:
                        self.m.AddHint(peak, max((mine.get(i, 0) for i in self.week_dates[w]),
                                                 default=0))
            for k, n in mine.items():
                free[k] -= n
                staff[job.job_id, k] = n
            busy = {int(self.day_week[k]) for k in mine}
            for (j, w), on in self.job_on.items():
                if j == job.job_id:
                    self.m.AddHint(on, int(w in busy))
            done[job.job_id] = max(busy, default=after)
        return staff

    def _depth(self, job: Job) -> int:
        """How many jobs come before this one by `after` links."""
        by_id = {j.job_id: j for j in self.jobs}
        depth, step = 0, job.after
        while step:
            depth, step = depth + 1, by_id[step].after
        return depth

    def _hint_leave(self, free: np.ndarray, price: np.ndarray
                    ) -> tuple[set[tuple[int, int]], dict[tuple[int, int], int]]:
        """Each person's leave (most days first) in runs of whole weeks in the cheapest
        weeks the cap allows every day, a short week only beside another, and the days
        left over as a short block beside one of them; takes the people from `free`."""
        order = [int(w) for w in np.argsort(price, kind="stable")]
        whole: set[tuple[int, int]] = set()
        parts: dict[tuple[int, int], int] = {}
        for e in sorted(range(self.n_people), key=lambda e: -self.due[e]):
            _HintPerson(self, e, free, whole, parts).place(order)
        return whole, parts

    def _hint_capacity(self, whole: set[tuple[int, int]], parts: dict[tuple[int, int], int],
                       staff: dict[tuple[str, int], int]) -> None:
        """No hires; each week's shortfall after the hinted leave and overhauls as
        overtime up to its limit, the rest as the gap."""
        away = np.zeros(self.n_weeks, dtype=int)
        for e, w in whole:
            away[w] += _up(self.y.hours[e, w])
        for (e, w), n in parts.items():
            away[w] += _up(self.y.day_hours[e]) * n
        for (_, k), n in staff.items():
            away[self.day_week[k]] += _up(self.y.overhaul_day_hours) * n
        for h in self.hires:
            self.m.AddHint(h, 0)
        for w in range(self.n_weeks):
            team = math.floor(float(self.y.hours[:, w].sum()) * TENTHS + 1e-9)
            short = max(math.ceil(float(self.y.need[w]) * TENTHS) - team + int(away[w]), 0)
            ot = min(short, int(self.rules.overtime_share * team))
            self.m.AddHint(self.overtime[w], ot)
            self.m.AddHint(self.gap[w], short - ot)


class _HintPerson:
    """One person's leave in the first plan: runs of whole weeks, then the short block."""

    def __init__(self, model: SeasonModel, e: int, free: np.ndarray,
                 whole: set[tuple[int, int]], parts: dict[tuple[int, int], int]) -> None:
        r = model.rules
        self.md, self.e, self.free, self.whole, self.parts = model, e, free, whole, parts
        self.span = max(math.ceil(r.min_block_days / max(r.week_days, 1)), 1)
        self.strict = model.due[e] >= r.min_block_days
        self.banned = model.month_weeks if model.keep_month_free else set()
        self.mine: list[int] = []

    def open(self, w: int) -> bool:
        """The week can take this person away: offered, not taken, room every day."""
        md = self.md
        days = md.week_dates[w] if 0 <= w < md.n_weeks else []
        return (self.e, w) in md.week_off and (self.e, w) not in self.whole and \
            w not in self.banned and bool(days) and all(self.free[i] >= 1 for i in days)

    def cost(self, run: list[int]) -> int:
        return sum(int(self.md.full_days[self.e, k]) for k in run if 0 <= k < self.md.n_weeks)

    def fits(self, run: list[int], left: int) -> bool:
        """A run the rules allow: open weeks, within the days left, a short week beside
        another when the person's leave is long enough to need whole blocks."""
        if self.cost(run) > left or not all(self.open(k) for k in run):
            return False
        short = [k for k in run if self.md.full_days[self.e, k] < self.md.rules.min_block_days]
        return not (self.strict and self.span == 1 and short
                    and not {run[0] - 1, run[0] + 1} & set(self.mine))

    def take(self, run: list[int], sign: int = 1) -> None:
        for k in run:
            if sign > 0:
                self.whole.add((self.e, k))
                self.mine.append(k)
            else:
                self.whole.discard((self.e, k))
                self.mine.remove(k)
            self.free[self.md.week_dates[k]] -= sign

    def part(self, left: int, weeks: list[int]) -> bool:
        """The short block of `left` days in the first of `weeks` with room for it."""
        for k in weeks:
            if {(self.e, k - 1), (self.e, k + 1)} <= self.whole:
                continue  # between two whole weeks: the block would break the run
            if self.md.part_caps.get((self.e, k), 0) >= left and self.open(k):
                self.parts[self.e, k] = left
                self.free[self.md.week_dates[k]] -= 1
                return True
        return False

    def place(self, order: list[int]) -> None:
        left = int(self.md.due[self.e])
        runs = []
        for w in order:
            run = list(range(w, w + self.span))
            if left > 0 and self.fits(run, left):
                self.take(run)
                runs.append(run)
                left -= self.cost(run)
        if left <= 0:
            return
        if self.part(left, [k for w in self.mine for k in (w - 1, w + 1)]
                     if self.strict else order):
            return
        if not runs:
            return
        last = runs.pop()  # move the last run where a short block fits beside it
        self.take(last, -1)
        left += self.cost(last)
        for w in order:
            run = list(range(w, w + self.span))
            rest = left - self.cost(run)
            if rest > 0 and self.fits(run, left):
                self.take(run)
                if self.part(rest, [w - 1, w + self.span]):
                    return
                self.take(run, -1)
        self.take(last)  # no better place: as it was, the short block left to the solver


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
    solver = new_solver(time_limit, seed, workers)
    status = run(solver, model.m, SolutionReporter(progress, SCALE))
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
    staff = {(job, model.dates[i]): int(solver.Value(v))
             for (job, i), v in model.job_staff.items() if solver.Value(v)}
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
        seconds=solver.WallTime(), job_staff=staff, day_cap=model.cap,
        busiest=model.busiest, busiest_kept=model.keep_month_free)


def _explain(year: Year, rules: SeasonRules, model: SeasonModel) -> str:
    """The likeliest reason no plan exists, in the planner's words: leave the cap on staff
    away cannot hold, or the busiest month kept free on top of the other rules."""
    need, free = model._room_weeks(set())
    cap = (f"the cap of {rules.max_away_share:.0%} of staff away on any day "
           "([leave] max_away_share)")
    if need > free:
        return model._too_much_leave(need, free, " once the overhauls are staffed")
    rules_met = (f"leave blocks, blackout periods, overhaul windows and {cap} cannot all "
                 "be met")
    if model.keep_month_free and model.busiest:
        month, per_day = model.busiest
        return (f"with no leave in {MONTHS[month - 1]}, the busiest month ({per_day:,.0f} "
                f"contacts per working day), {rules_met}; try a shorter [leave] "
                "min_block_days, fewer blackout weeks or a higher max_away_share")
    return (f"{rules_met}; try a shorter [leave] min_block_days or fewer blackout weeks")


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
