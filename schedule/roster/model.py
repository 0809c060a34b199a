"""The monthly roster: which shift each named employee works each day, and when they break.

A CP-SAT model in the style of the OR-Tools shift-scheduling example: each family of
rules is a named helper below. Breaks are modelled implicitly: staff who start the same
shift at the same time share break windows, so it is enough to choose how many of them
take each break slot; the slots are handed to named people afterwards, which is always
possible. That keeps the model small (one true/false per person, day and shift start).

Objective, by weight: calls answered late (each interval's shortfall priced by the
service level it costs, from the Erlang tables), then paid cost, then requested time off
and fairness (weekends and late shifts spread evenly).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd
from ortools.sat.python import cp_model

from wfm.core.errors import InfeasiblePlan, SolverTimeout
from wfm.schedule.roster.preferences import preference_penalties
from wfm.schedule.roster.problem import (
    FAIR_EXCESS,
    LONE_DAY_OFF,
    PACE,
    SPREAD_WEEK,
    Option,
    RosterProblem,
    after_leave_week,
    break_slots,
    build_problem,
    covered_slots,
    day_options,
    fair_kinds,
    floor_price,
    free_to_pair,
    lower_bound_hours,
    pairs_days_off,
    scheduled_staff,
    shortfall_prices,
    week_groups,
    weekly_band,
    whole_month,
)
from wfm.schedule.roster.rotation import (
    plan_month,
    plan_rotation,
    planned_after,
    rostered_so_far,
)
from wfm.schedule.roster.shift_mix import (
    Mix,
    WeekPlan,
    assign_mix,
    band_shifts,
    month_bound_hours,
)
from wfm.schedule.roster.shifts import Contract
from wfm.schedule.roster.staff import Employee
from wfm.schedule.roster.swaps import swap_shifts
from wfm.schedule.solver import Progress, SolutionReporter, new_solver, run

__all__ = ["RosterModel", "RosterProblem", "RosterResult", "build_problem", "day_options",
           "explain_infeasible", "lower_bound_hours", "precheck", "solve", "weekly_band"]

SCALE = 100  # objective units per currency unit / per late call weight unit
COVER_TERMS = ("calls answered late", "paid cost",
               "people missing below the minimum on the phones")
SWAPPABLE = ("spread of", "beyond the fair spread", "even pace", "requested days off",
             "first days back")


def _swappable(term: str) -> bool:
    """Can swapping shifts between people change this objective term (not the cover)?"""
    return any(word in term for word in SWAPPABLE)


START = -1  # status of a week whose rule-keeping start roster is kept (time ran out)
# Shares of a week's budget (time limit / weeks) of solver work: choosing the shifts,
# swapping them between people, and each completion of a start roster (quick: the
# shifts are fixed, the breaks and counts follow)
SHIFTS, SWAP, HINT = 0.3, 0.2, 0.03
ROTA = 0.15  # share of the whole time limit for the month's rotation of week plans
# ...and at most this many work-seconds per person and week: its model seldom proves
# its best, so a small month (a test's) would otherwise spend the whole share
ROTA_PER_PERSON_WEEK = 0.07
REPLAN = 0.25  # a re-plan of the weeks ahead: this share of the rotation's time, pro rata
MIX_GUARD_SECONDS = 60.0  # the shift mix's wall-clock guard (see starting_roster)


@dataclass
class RosterResult:
    """Assignments and solver figures; the export frames are built in roster.exports."""

    shifts: pd.DataFrame  # employee_id, date, template, start, end, breaks [(activity, start, end)]
    coverage: np.ndarray  # scheduled staff per interval (global index)
    status: str
    objective: float
    best_bound: float
    gap: float
    seconds: float
    penalties: pd.DataFrame  # every violated preference with its penalty
    lower_bound_hours: float
    problem: RosterProblem


# -- the model --------------------------------------------------------------------------

class RosterModel:
    """The CP-SAT model, built one constraint family at a time."""

    def __init__(self, problem: RosterProblem, assumptions: bool = False,
                 active: set[int] | None = None,
                 fixed: dict[tuple[int, int], Option] | None = None,
                 ahead: dict[tuple[str, int], int] | None = None,
                 rota: dict[int, WeekPlan] | None = None,
                 after: dict[int, WeekPlan] | None = None) -> None:
        """`active` days get variables; earlier days solved already are in `fixed`
        (employee, day) -> shift, and count as constants for rest, runs and weekly hours;
        `ahead` (fair kind, employee) -> the shifts of that kind the month's rotation
        plans for the person in the weeks after (fairness then judges the whole month);
        `rota` employee -> the week plan the rotation gives them for the active week,
        `after` for the week after it."""
        self.p = problem
        self.active = set(range(len(problem.days))) if active is None else set(active)
        self.fixed = fixed or {}
        self.ahead = ahead
        self.rota = rota or {}
        self.after = after or {}
        self.m = cp_model.CpModel()
        self.assumptions = assumptions
        self.rule_literals: dict[cp_model.IntVar, tuple[str, str, str]] = {}
        self.x: dict[tuple[int, int, int], cp_model.IntVar] = {}  # (employee, day, option)
        self.works: dict[tuple[int, int], cp_model.LinearExpr] = {}
        self.objective_terms: list[tuple[str, cp_model.LinearExprT, float]] = []
        self.break_counts: dict[tuple[int, int, int], list] = {}
        self.overtime: list = []  # premium-weighted overtime minutes per person-week
        problem.options = day_options(problem)
        self._assignment_variables()

    def _rule(self, employee: Employee, rule: str, detail: str) -> list:
        """Enforcement literal for a hard rule (only when diagnosing infeasibility)."""
        if not self.assumptions:
            return []
        lit = self.m.NewBoolVar(f"rule_{employee.employee_id}_{rule}_{detail}")
        self.rule_literals[lit] = (employee.employee_id, rule, detail)
        return [lit]

    def _assignment_variables(self) -> None:
        """One true/false per employee, day and allowed shift start; approved leave and days
        outside employment get none (they are hard rules)."""
        p = self.p
        for e, emp in enumerate(p.employees):
            allowed = set(p.contracts[emp.contract].shifts)
            for d, day in enumerate(p.days):
                if d not in self.active:
                    continue
                if not emp.employed_on(day) or (emp.employee_id, day) in p.approved:
                    continue
                for o, opt in enumerate(p.options[d]):
                    if opt.template.name in allowed:
                        self.x[e, d, o] = self.m.NewBoolVar(f"x_{e}_{d}_{o}")
        for e in range(len(p.employees)):
            for d in range(len(p.days)):
                lits = [v for _, v in self._by_employee_day().get((e, d), [])]
                self.works[e, d] = sum(lits) if lits else int((e, d) in self.fixed)

    def _by_employee_day(self) -> dict[tuple[int, int], list]:
        if not hasattr(self, "_ed_cache"):
            cache: dict[tuple[int, int], list] = defaultdict(list)
            for key, var in self.x.items():
                cache[key[0], key[1]].append((key, var))
            self._ed_cache = cache
        return self._ed_cache

    def one_shift_per_day(self) -> None:
        """Nobody works two shifts on one day."""
        for items in self._by_employee_day().values():
            self.m.AddAtMostOne([v for _, v in items])

    def minimum_rest(self) -> None:
        """At least `min_rest_hours` between the end of one shift and the start of the next."""
        p = self.p
        for (e, d), items in self._by_employee_day().items():
            nxt = self._by_employee_day().get((e, d + 1))
            if not nxt:
                continue
            emp = p.employees[e]
            contract = p.contracts[emp.contract]
            lits = self._rule(emp, "rest", str(p.days[d].date()))
            for (_, _, o), var in items:
                end = p.options[d][o].end
                clash = [v for (_, _, o2), v in nxt
                         if not contract.rested(end, p.options[d + 1][o2].start)]
                if clash:
                    self.m.Add(var + sum(clash) <= 1).OnlyEnforceIf(lits)
        # the first active day against a shift already fixed the day before
        for (e, d), items in self._by_employee_day().items():
            before = self.fixed.get((e, d - 1))
            if before is None:
                continue
            emp = p.employees[e]
            contract = p.contracts[emp.contract]
            for (_, _, o), var in items:
                if not contract.rested(before.end, p.options[d][o].start):
                    self.m.Add(var == 0).OnlyEnforceIf(
                        self._rule(emp, "rest", str(p.days[d - 1].date())))

    def max_consecutive_days(self) -> None:
        """No more than `max_consecutive_days` working days in a row."""
        p = self.p
        n_days = len(p.days)
        for e, emp in enumerate(p.employees):
            k = p.contracts[emp.contract].max_consecutive_days
            if k >= n_days:
                continue
            lits = self._rule(emp, "consecutive", str(k))
            for d in range(n_days - k):
                days = range(d, d + k + 1)
                if not self.active.intersection(days):
                    continue
                window = [self.works[e, dd] for dd in days]
                self.m.Add(sum(window) <= k).OnlyEnforceIf(lits)

    def weeks(self) -> list[list[int]]:
        """Day indices of each (possibly partial) week of the month."""
        return week_groups(self.p)

    def weekly_hours(self) -> None:
        """Paid hours per week within the contract band; the minimum is pro-rated for days
        the employee cannot work (outside the month or employment, approved leave, closed).
        Hours above the maximum, up to the contract's overtime, cost the premium on top."""
        p = self.p
        for e, emp in enumerate(p.employees):
            contract = p.contracts[emp.contract]
            for week in self.weeks():
                if not self.active.intersection(week):
                    continue
                paid = sum(v * p.options[d][o].template.paid_minutes
                           for (_, d, o), v in self._items(e, week))
                paid += sum(self.fixed[e, d].template.paid_minutes for d in week
                            if (e, d) in self.fixed)
                low, high = weekly_band(p, emp, contract, week)
                label = f"{p.days[week[0]].date()}"
                if high < 10_000:
                    self.m.Add(paid <= round(high)).OnlyEnforceIf(
                        self._rule(emp, "hours_max", label))
                if contract.overtime_hours > 0:  # minutes above the maximum, at a premium
                    extra = self.m.NewIntVar(0, round(contract.overtime_hours * 60),
                                             f"overtime_{e}_{week[0]}")
                    self.m.Add(paid - extra <= round(contract.hours_max * 60))
                    rate = (p.overtime_premium - 1) * contract.cost_per_hour / 60
                    self.overtime.append(extra * round(rate * SCALE))
                if low > 0:
                    self.m.Add(paid >= math.floor(low)).OnlyEnforceIf(
                        self._rule(emp, "hours_min", label))
                if contract.days_off_per_week:
                    work_days = sum(self.works[e, d] for d in week)
                    self.m.Add(work_days <= max(0, len(week) - contract.days_off_per_week)
                               ).OnlyEnforceIf(self._rule(emp, "days_off", label))

    def _items(self, e: int, days: list[int]) -> list:
        out = []
        for d in days:
            out.extend(self._by_employee_day().get((e, d), []))
        return out

    def coverage_and_service(self) -> None:
        """Staff on the floor per interval (shifts minus breaks) against the requirement;
        each missing person in an interval costs the calls that would be answered late."""
        p = self.p
        n_slots = len(p.required)
        counts: dict[tuple[int, int], cp_model.LinearExpr] = {}
        by_option: dict[tuple[int, int], list] = defaultdict(list)
        for (_, d, o), v in self.x.items():
            by_option[d, o].append(v)
        cover: list[list] = [[] for _ in range(n_slots)]
        for (d, o), lits in by_option.items():
            opt = p.options[d][o]
            n = sum(lits)
            counts[d, o] = n
            for t in covered_slots(p, opt):
                if t < n_slots:
                    cover[t].append(n)
            for b, brk in enumerate(opt.template.breaks):
                slots = []
                for offset in brk.offsets(p.grid):
                    c = self.m.NewIntVar(0, len(lits), f"brk_{d}_{o}_{b}_{offset}")
                    slots.append((offset, c))
                self.m.Add(sum(c for _, c in slots) == n)
                for offset, c in slots:
                    for t in break_slots(p, opt, offset, brk.minutes):
                        if t < n_slots:
                            cover[t].append(-c)
                self.break_counts[(d, o, b)] = slots
        self.cover_expr = [sum(terms) if terms else 0 for terms in cover]
        self.below: dict[int, cp_model.IntVar] = {}
        late = []
        for t in range(n_slots):
            if t // p.slots not in self.active:
                continue
            need = int(p.required[t])
            if need <= 0 or not p.open_slot[t]:
                continue
            prices = shortfall_prices(p, t, need)
            steps = [self.m.NewBoolVar(f"short_{t}_{j}") for j in range(len(prices))]
            deep = None
            if need > len(prices):
                deep = self.m.NewIntVar(0, need - len(prices), f"deep_{t}")
            self.m.Add(self.cover_expr[t] + sum(steps) + (deep if deep is not None else 0)
                       >= need)
            late += [(price, s) for price, s in zip(prices, steps, strict=True)]
            if deep is not None:
                late.append((prices[-1], deep))
            least = min(p.min_agents, need)
            if least > 0:
                below = self.m.NewIntVar(0, least, f"below_{t}")
                self.m.Add(self.cover_expr[t] + below >= least)
                self.below[t] = below
        self.late_parts = late
        self.objective_terms.append(("calls answered late", sum(c * v for c, v in late),
                                     p.weights["late_call_penalty"]))
        self.objective_terms.append(("people missing below the minimum on the phones",
                                     sum(self.below.values()), floor_price(p)))

    def paid_cost(self) -> None:
        """Paid hours times the contract's cost per hour."""
        p = self.p
        terms = []
        for (e, d, o), v in self.x.items():
            contract = p.contracts[p.employees[e].contract]
            hours = p.options[d][o].template.paid_minutes / 60
            terms.append(v * round(hours * contract.cost_per_hour * SCALE))
        self.objective_terms.append(("paid cost", sum(terms), 1.0 / SCALE))
        if self.overtime:
            self.objective_terms.append(("overtime premium", sum(self.overtime), 1.0 / SCALE))

    def requested_time_off(self) -> None:
        """Requested days off are honoured unless the service needs the person."""
        p = self.p
        terms = []
        self.requested_lits = []
        for e, emp in enumerate(p.employees):
            for d, day in enumerate(p.days):
                if (emp.employee_id, day) in p.requested:
                    work = self.works[e, d]
                    if not isinstance(work, int):
                        lit = self.m.NewBoolVar(f"req_{e}_{d}")
                        self.m.Add(work == lit)
                        terms.append(lit)
                        self.requested_lits.append((emp, day, lit))
        self.objective_terms.append(("requested days off worked", sum(terms) if terms else 0,
                                     p.weights["requested_off_penalty"]))

    def fairness(self) -> None:
        """Late shifts and weekend days spread evenly over the month, per contract: the
        counts so far (earlier weeks included) of the people who work the whole month
        stay within `[roster] fair_spread` of each other, and the spread is kept down
        beyond that; nobody with leave or a partial month exceeds the busiest of them."""
        p = self.p
        self.fair_vars = []
        everyone = list(range(len(p.days)))
        for kind, test in fair_kinds(p):
            for cname in p.contracts:
                members = [e for e, emp in enumerate(p.employees) if emp.contract == cname]
                counts = {}
                for e in members:
                    lits = [v for (_, d, o), v in self._items(e, everyone)
                            if test(p.days[d], p.options[d][o])]
                    done = sum(1 for d in everyone if (e, d) in self.fixed
                               and test(p.days[d], self.fixed[e, d]))
                    done += (self.ahead or {}).get((kind, e), 0)
                    counts[e] = sum(lits) + done if lits else done
                whole = [e for e in members if whole_month(p, p.employees[e])]
                if len(whole) < 2 or all(isinstance(counts[e], int) for e in members):
                    continue
                top = self.m.NewIntVar(0, len(p.days), f"most_{kind}_{cname}")
                low = self.m.NewIntVar(0, len(p.days), f"least_{kind}_{cname}")
                over = self.m.NewIntVar(0, len(p.days), f"over_{kind}_{cname}")
                for e in members:
                    self.m.Add(top >= counts[e])
                for e in whole:
                    self.m.Add(low <= counts[e])
                self.m.Add(over >= top - low - p.fair_spread)
                self.fair_vars.append((kind, cname, top, low, over))
                self.objective_terms.append((f"spread of {kind} ({cname})", top - low,
                                             p.weights["fairness_penalty"]))
                self.objective_terms.append((f"{kind} beyond the fair spread ({cname})",
                                             over, FAIR_EXCESS * p.weights["fairness_penalty"]))
                self._even_pace(kind, cname, [counts[e] for e in whole])

    def _even_pace(self, kind: str, cname: str, counts: list) -> None:
        """Each whole-month person's count so far within half `fair_spread` of the
        contract's running mean, each unit off that pace priced. The range alone (most
        less fewest) cannot tell five people with a late week from twenty with a few late
        shifts each; the pace can, so late and weekend work is shared out week by week
        and the month ends within the spread (in the people stage: the cover stays)."""
        n = len(counts)
        total = sum(counts)
        most = n * len(self.p.days)
        off = []
        for e, count in enumerate(counts):
            ahead = self.m.NewIntVar(0, 2 * most, f"ahead_{kind}_{cname}_{e}")
            behind = self.m.NewIntVar(0, 2 * most, f"behind_{kind}_{cname}_{e}")
            # 2n x (count - mean) beyond n x fair_spread, either way (integers throughout)
            self.m.Add(ahead >= 2 * n * count - 2 * total - n * self.p.fair_spread)
            self.m.Add(behind >= 2 * total - 2 * n * count - n * self.p.fair_spread)
            off += [ahead, behind]
        self.objective_terms.append((f"{kind} off the even pace of the month ({cname})",
                                     sum(off), PACE * self.p.weights["fairness_penalty"]
                                     / (2 * n)))

    def stable_starts(self) -> None:
        """A person's shift starts within a week lie in one band `[roster]
        start_spread_hours` wide (the week is early or late, not both): one band is chosen
        per person and week, and a week outside any band is priced steeply rather than
        forbidden, so the search can pass through it."""
        p = self.p
        self.spread_vars = []
        for e, emp in enumerate(p.employees):
            for week in self.weeks():
                items = self._items(e, week)
                starts = sorted({p.options[d][o].start for (_, d, o), _v in items})
                if len(starts) < 2 or starts[-1] - starts[0] <= p.start_spread:
                    continue
                band = {b: self.m.NewBoolVar(f"band_{e}_{week[0]}_{b}") for b in starts
                        if b == starts[0] or b - p.start_spread > starts[0]
                        or b + p.start_spread <= starts[-1]}
                loose = self.m.NewBoolVar(f"loose_{e}_{week[0]}")
                self.m.AddAtMostOne([*band.values(), loose])
                for (_, d, o), v in items:
                    start = p.options[d][o].start
                    self.m.Add(v <= loose + sum(y for b, y in band.items()
                                                if b <= start <= b + p.start_spread))
                self.spread_vars.append((emp, p.days[week[0]], loose))
        self.objective_terms.append((
            "weeks with start times beyond the spread",
            sum(v for *_, v in self.spread_vars) if self.spread_vars else 0,
            SPREAD_WEEK * p.weights["fairness_penalty"]))

    def paired_days_off(self) -> None:
        """No single day off between two working days (`[roster] paired_days_off`, for
        contracts that give more than one day off a week): days off come together. Kept
        as a steep price, not a hard rule, so the search can pass through a lone day off
        on its way to a better week."""
        p = self.p
        self.lone_lits = []
        for e, emp in enumerate(p.employees):
            if not pairs_days_off(p, p.contracts[emp.contract]):
                continue
            for d in range(1, len(p.days) - 1):
                days = (d - 1, d, d + 1)
                if not self.active.intersection(days) or not free_to_pair(p, emp, d):
                    continue
                before, today, after = (self.works[e, k] for k in days)
                if all(isinstance(w, int) for w in (before, after)) and not (before and after):
                    continue
                lone = self.m.NewBoolVar(f"lone_{e}_{d}")
                self.m.Add(before + after - today - 1 <= lone)
                self.lone_lits.append((emp, p.days[d], lone))
        self.objective_terms.append(("single days off between working days",
                                     sum(v for *_, v in self.lone_lits) if self.lone_lits
                                     else 0, LONE_DAY_OFF * p.weights["fairness_penalty"]))

    def first_day_back(self) -> None:
        """The day after a leave week is left off unless the week needs the person."""
        p = self.p
        self.back_lits = []
        for e, emp in enumerate(p.employees):
            for d in self.active:
                work = self.works[e, d]
                if not isinstance(work, int) and after_leave_week(p, emp, d):
                    lit = self.m.NewBoolVar(f"back_{e}_{d}")
                    self.m.Add(work == lit)
                    self.back_lits.append((emp, p.days[d], lit))
        self.objective_terms.append(("first days back from leave worked",
                                     sum(v for *_, v in self.back_lits) if self.back_lits
                                     else 0, p.weights["first_day_back_penalty"]))

    def follow_rotation(self) -> None:
        """Each shift off the week plan the month's rotation gives the person (a day it
        leaves off, or a start outside its band) is priced: the rotation is what makes
        the month fair and the weeks join, so a week leaves it only for a gain."""
        p = self.p
        off = [v for (e, d, o), v in self.x.items() if e in self.rota
               and (d not in self.rota[e].days or p.options[d][o].start not in self.rota[e].starts)]
        self.objective_terms.append(("shifts off the month's rotation", sum(off) if off else 0,
                                     PACE * p.weights["fairness_penalty"]))
        cut = self._cutting_next_week()
        self.objective_terms.append(("last shifts that cut into next week's plan",
                                     sum(cut) if cut else 0,
                                     LONE_DAY_OFF * p.weights["fairness_penalty"]))

    def _cutting_next_week(self) -> list:
        """Shifts on the active week's last day that end too late for the person's rest
        before the earliest start of next week's plan on its first day: next week then
        cannot keep its plan. On the bank, a Saturday evening handed to someone planned
        for an early week pushed them into a third late week (their plan's late week went
        to someone else)."""
        p = self.p
        last = max(self.active)
        first = last + 1
        if not self.after or first >= len(p.days) or not p.options.get(first):
            return []
        earliest = {}  # employee -> the earliest start of next week's plan on its first day
        for e, plan in self.after.items():
            cname = p.employees[e].contract
            starts = [opt.start for opt in band_shifts(p, cname, first, plan)]
            if first in plan.days and starts:
                earliest[e] = min(starts)
        return [v for (e, d, o), v in self.x.items() if d == last and e in earliest
                and not p.contracts[p.employees[e].contract].rested(p.options[d][o].end,
                                                                     earliest[e])]

    def build(self, stage: str = "all") -> RosterModel:
        """Every rule family; the objective of `stage`: "shifts" (calls answered late, the
        floor on the phones, paid cost, and each person's days off together and starts
        within the band: what the week's shifts must allow), "people" (everything but
        the cover and the cost, which swapping shifts between people leaves as they
        are) or "all"."""
        self.one_shift_per_day()
        self.minimum_rest()
        self.max_consecutive_days()
        self.weekly_hours()
        self.coverage_and_service()
        self.paid_cost()
        self.requested_time_off()
        self.fairness()
        self.stable_starts()
        self.paired_days_off()
        self.first_day_back()
        self.follow_rotation()
        terms = [(name, expr, w) for name, expr, w in self.objective_terms
                 if stage == "all" or (stage == "shifts" and not _swappable(name))
                 or (stage == "people" and name not in COVER_TERMS)]
        self.m.Minimize(sum(round(w * SCALE) * expr for _, expr, w in terms))
        return self

    def hold_preferences(self, start: _StartValues) -> None:
        """Each day off kept in a pair and each week of starts kept in its band by the
        start roster becomes a rule for the solve: the cover may not buy them back (the
        solver did, at 15 late calls each, where a few calls fell better for it). Not
        while the start leaves someone missing below the floor on the phones, which any
        preference gives way to."""
        if any(start.Value(v) for v in self.below.values()):
            return
        for *_, v in self.lone_lits + self.spread_vars:
            if not start.Value(v):
                self.m.Add(v == 0)

    def keep_counts(self, shifts: dict[tuple[int, int, int], int]) -> None:
        """As many of each contract on each shift start of the week as in `shifts`: the
        cover and the cost stay as they are while people swap shifts."""
        p = self.p
        groups: dict[tuple[str, int, int], list] = defaultdict(list)
        for (e, d, o), v in self.x.items():
            groups[p.employees[e].contract, d, o].append((e, v))
        for (_, d, o), items in groups.items():
            self.m.Add(sum(v for _, v in items)
                       == sum(shifts.get((e, d, o), 0) for e, _ in items))

# -- a first roster to start from --------------------------------------------------------

def greedy_roster(model: RosterModel) -> dict[tuple[int, int, int], int]:
    """A quick, rule-abiding roster to hint the solver: each person, week by week, takes
    the fewest shifts their contract minimum needs, on the days and at the starts where
    the most requirement is still uncovered. The solver improves on it."""
    p = model.p
    remaining = p.required.copy() * p.open_slot
    choice: dict[tuple[int, int, int], int] = {}
    by_ed = model._by_employee_day()
    weeks = model.weeks()
    for e, emp in sorted(enumerate(p.employees), key=lambda item: item[1].contract):
        contract = p.contracts[emp.contract]
        last_end = {d: opt.end  # day -> end of the shift worked
                    for (ee, d), opt in model.fixed.items() if ee == e}
        for week in weeks:
            if not model.active.intersection(week):
                continue
            low, high = weekly_band(p, emp, contract, week)
            paid = sum(model.fixed[e, d].template.paid_minutes for d in week
                       if (e, d) in model.fixed)
            candidates = [d for d in week if by_ed.get((e, d))]
            scored = []
            for d in candidates:
                best = None
                for (_, _, o), _v in by_ed[e, d]:
                    opt = p.options[d][o]
                    gain = sum(min(remaining[t], 1.0) for t in covered_slots(p, opt)
                               if t < len(remaining))
                    if best is None or gain > best[0]:
                        best = (gain, o)
                if best is not None:
                    scored.append((best[0], d, best[1]))
            for gain, d, o in sorted(scored, reverse=True):
                opt = p.options[d][o]
                if paid >= low and gain < 4:
                    break
                if paid + opt.template.paid_minutes > high:
                    continue
                if not _fits_rest_and_run(p, contract, last_end, d, opt):
                    continue
                choice[e, d, o] = 1
                last_end[d] = opt.end
                paid += opt.template.paid_minutes
                for t in covered_slots(p, opt):
                    if t < len(remaining):
                        remaining[t] -= 1
    return choice


def starting_roster(model: RosterModel, week: list[int], mix: Mix | None,
                    rota: dict[int, WeekPlan] | None = None
                    ) -> dict[tuple[int, int, int], int]:
    """The solver's starting point: the week's best shift mix handed to named people
    (their plans in the month's `rota`), or the greedy roster when there is no mix."""
    p = model.p
    usable = {key: [o for (_, _, o), _v in items]
              for key, items in model._by_employee_day().items()}
    if mix is None:
        return greedy_roster(model)
    chosen = assign_mix(p, week, mix, model.fixed, usable, rota, model.ahead)
    return {(e, d, o): 1 for (e, d), o in chosen.items()}


def complete_hint(model: RosterModel, hint: dict[tuple[int, int, int], int],
                  time_limit: float, workers: int) -> _StartValues | None:
    """Hint every variable, not just the shifts: with the shifts fixed, the breaks, the
    shortfall and the fairness counts are found in a moment, and a complete, feasible hint
    is the solver's first solution (a partial one it may fail to complete). A start that
    breaks a rule (someone half an hour short of their minimum) is first repaired with
    the fewest changes of shift. Returns the start's values (None if it breaks a rule)."""
    shifts = _fix_shifts(model, hint, time_limit, workers)
    if shifts is None:
        hint = repair_hint(model, hint, time_limit, workers)
        shifts = _fix_shifts(model, hint, time_limit, workers)
    for key, var in model.x.items():
        model.m.AddHint(var, hint.get(key, 0))
    if shifts is None:
        return None  # the shifts alone stay hinted; the solver repairs them
    model.m.ClearHints()
    start = _StartValues(*shifts)
    for i in range(len(model.m.Proto().variables)):
        var = model.m.GetIntVarFromProtoIndex(i)
        model.m.AddHint(var, start.Value(var))
    return start


class _StartValues:
    """The start roster's values read like a solver's (`Value`, `ObjectiveValue`), for
    the variables of the week's model: written when the solver finds nothing better."""

    def __init__(self, fixed: cp_model.CpModel, solver: cp_model.CpSolver) -> None:
        self.fixed, self.solver = fixed, solver

    def Value(self, var: cp_model.IntVar) -> int:  # noqa: N802 (the solver's own name)
        return int(self.solver.Value(self.fixed.GetIntVarFromProtoIndex(var.Index())))

    def ObjectiveValue(self) -> float:  # noqa: N802
        return self.solver.ObjectiveValue()

    def BestObjectiveBound(self) -> float:  # noqa: N802
        return self.solver.BestObjectiveBound()


def _fix_shifts(model: RosterModel, hint: dict[tuple[int, int, int], int],
                time_limit: float, workers: int
                ) -> tuple[cp_model.CpModel, cp_model.CpSolver] | None:
    """The model with every shift fixed as hinted, solved: None when that breaks a rule."""
    fixed = model.m.Clone()
    for key, var in model.x.items():
        fixed.Add(fixed.GetBoolVarFromProtoIndex(var.Index()) == hint.get(key, 0))
    solver = new_solver(max(time_limit, 0.5), 0, workers)
    if run(solver, fixed) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return fixed, solver


def repair_hint(model: RosterModel, hint: dict[tuple[int, int, int], int],
                time_limit: float, workers: int) -> dict[tuple[int, int, int], int]:
    """The rule-keeping roster closest to `hint` (fewest shifts changed), or `hint`
    itself when none is found in time."""
    repair = model.m.Clone()
    repair.ClearObjective()
    repair.ClearHints()
    changes = []
    for key, var in model.x.items():
        v = repair.GetBoolVarFromProtoIndex(var.Index())
        repair.AddHint(v, hint.get(key, 0))
        changes.append(1 - v if hint.get(key, 0) else v)
    repair.Minimize(sum(changes))
    solver = new_solver(max(time_limit, 0.5), 0, workers)
    if run(solver, repair) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return hint
    return {key: 1 for key, var in model.x.items()
            if solver.Value(repair.GetBoolVarFromProtoIndex(var.Index()))}


def _fits_rest_and_run(p: RosterProblem, contract: Contract, last_end: dict[int, int],
                       d: int, opt: Option) -> bool:
    """Would working `opt` on day d keep rest and the consecutive-day limit?"""
    if d - 1 in last_end and not contract.rested(last_end[d - 1], opt.start):
        return False
    end = opt.end
    if d + 1 in last_end:
        return False  # keep it simple: days are added in any order, so check both sides
    run = 1
    k = d - 1
    while k in last_end:
        run += 1
        k -= 1
    k = d + 1
    while k in last_end:
        run += 1
        k += 1
    return run <= contract.max_consecutive_days and end > 0


# -- solving ----------------------------------------------------------------------------

def solve(problem: RosterProblem, time_limit: float = 60.0, seed: int = 0, workers: int = 2,
          progress: Progress | None = None) -> RosterResult:
    """Solve the month week by week (each week's model is small enough to solve well; the
    weeks before count for rest, runs of days and weekly hours). An infeasible month raises
    InfeasiblePlan naming the employee, the rule and the days."""
    precheck(problem)
    weeks = RosterModel(problem).weeks()
    fixed: dict[tuple[int, int], Option] = {}
    rows: list[dict] = []
    statuses, objective, bound = [], 0.0, 0.0
    started = time.perf_counter()
    # each week's work, the same every run (the month's rotation takes its share first)
    budget = max(time_limit * (1 - ROTA) / len(weeks), 1.0)

    def stage(share: float) -> float:
        """Work seconds for a stage of a week: a fixed share of the week's budget, so that
        a run's answer does not hang on how fast the machine happened to be."""
        return max(budget * share, 0.5)

    rota_seconds = min(time_limit * ROTA,
                       ROTA_PER_PERSON_WEEK * len(problem.employees) * len(weeks))
    # HiGHS has no work clock: a mix cut by its wall clock could differ run to run, so it
    # gets a generous guard (it solves a week in 1 to 4 s at 300 staff) whatever the budget
    mixes, rota = plan_month(problem, weeks, max(budget / 4, MIX_GUARD_SECONDS),
                             max(rota_seconds, 0.5), seed=seed, workers=workers,
                             progress=progress)
    if progress:
        progress(f"month's rotation of week plans chosen in "
                 f"{time.perf_counter() - started:.1f} s")
    by_first = {week[0]: mix for week, mix in zip(weeks, mixes, strict=True)}
    for w, (week, mix) in enumerate(zip(weeks, mixes, strict=True)):
        label = f"week of {problem.days[week[0]]:%d %b}"
        week_started = time.perf_counter()
        if rota and w:  # the weeks ahead re-planned from the month as rostered so far
            rota = plan_rotation(problem, weeks, mixes,
                                 time_limit=max(rota_seconds * REPLAN * (len(weeks) - w)
                                                / len(weeks), 0.5),
                                 seed=seed, workers=workers,
                                 rostered=rostered_so_far(problem, weeks, w, fixed, rota))
        # 1. the shifts: cover the calls at least cost, from the shift mix handed out
        ahead = planned_after(problem, rota, week[0], by_first) if rota else None
        plans = {e: plan for (e, first), plan in rota.items() if first == week[0]}
        following = ({e: plan for (e, first), plan in rota.items() if first == weeks[w + 1][0]}
                     if w + 1 < len(weeks) else {})
        model = RosterModel(problem, active=set(week), fixed=fixed, ahead=ahead, rota=plans,
                            after=following).build("shifts")
        hint = starting_roster(model, week, mix, plans)
        if progress:
            progress(f"{label}: shift mix planned and handed out in "
                     f"{time.perf_counter() - week_started:.1f} s")
        start = complete_hint(model, hint, time_limit=stage(HINT), workers=workers)
        if start is not None:
            model.hold_preferences(start)
        solver = new_solver(stage(SHIFTS), seed, workers)
        reporter = SolutionReporter(
            progress and (lambda text, w=label: progress(f"{w}: {text}")), SCALE, started)
        status = run(solver, model.m, reporter)
        if status == cp_model.INFEASIBLE:
            raise InfeasiblePlan(explain_infeasible(problem, time_limit, seed, workers,
                                                    set(week), fixed))
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) and start is not None:
            solver, status = start, START  # nothing better in time: the rule-keeping start
            week_bound = 0.0  # no bound proved: every objective term is 0 or more
            if progress:
                progress(f"{label}: no better roster in time; the start roster is kept")
        elif status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            raise SolverTimeout(f"no roster found for the {label} within its {budget:.0f} s "
                                "of the time limit; nothing was proved impossible: give the "
                                "solver more time (--time-limit)")
        else:
            week_bound = solver.BestObjectiveBound() / SCALE  # also bounds the whole objective
        # 2. the people: the same shifts handed round for stable weeks, days off together,
        # fair months and requests; 3. both together, from there
        model, solver = _arrange_people(problem, week, fixed, model, solver, stage, seed,
                                        workers)
        if progress:
            progress(f"{label}: people's weeks arranged in "
                     f"{time.perf_counter() - week_started:.1f} s")
        statuses.append(status)
        objective += solver.ObjectiveValue() / SCALE
        bound += week_bound
        week_rows = _assignments(model, solver)
        rows += week_rows
        for r in week_rows:
            fixed[r["employee"], r["day"]] = problem.options[r["day"]][r["option"]]
    # 4. the month: people trade weeks or days where that evens out late and weekend work
    before = preference_penalties(problem, pd.DataFrame(rows))["penalty"].sum()
    swapping = time.perf_counter()
    rows, trades = swap_shifts(problem, rows)
    shifts = pd.DataFrame(rows)
    penalties = preference_penalties(problem, shifts)  # on the month as published
    # cover and pay are as they were; the week's bounds still bound the month from below
    objective = max(objective - (before - penalties["penalty"].sum()), bound)
    if progress and trades:
        progress(f"month evened out by {len(trades)} shift swaps between people in "
                 f"{time.perf_counter() - swapping:.1f} s")
    status = ("OPTIMAL" if all(s == cp_model.OPTIMAL for s in statuses) else
              "START ROSTER" if START in statuses else "FEASIBLE")
    return RosterResult(
        shifts=shifts, coverage=scheduled_staff(problem, shifts), status=status,
        objective=objective, best_bound=bound,
        gap=abs(objective - bound) / max(abs(objective), 1e-9),
        seconds=time.perf_counter() - started,
        penalties=penalties,
        lower_bound_hours=month_bound_hours(problem), problem=problem)


def _chosen(model: RosterModel, solver) -> dict[tuple[int, int, int], int]:
    return {key: 1 for key, var in model.x.items() if solver.Value(var)}


def _arrange_people(problem: RosterProblem, week: list[int], fixed: dict, model: RosterModel,
                    solver, stage, seed: int, workers: int) -> tuple[RosterModel, object]:
    """From the week's shifts (cover and cost settled), hand them round so that the
    planner's preferences hold (the month's rotation as `model` has it). Returns the
    model of the whole objective and its values for the week."""
    shifts = _chosen(model, solver)
    people = RosterModel(problem, active=set(week), fixed=fixed, ahead=model.ahead,
                         rota=model.rota, after=model.after).build("people")
    people.keep_counts(shifts)
    if complete_hint(people, shifts, time_limit=stage(HINT), workers=workers) is not None:
        swap = new_solver(stage(SWAP), seed, workers)
        if run(swap, people.m) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            shifts = _chosen(people, swap)
    whole = RosterModel(problem, active=set(week), fixed=fixed, ahead=model.ahead,
                        rota=model.rota, after=model.after).build("all")
    start = complete_hint(whole, shifts, time_limit=stage(HINT), workers=workers)
    if start is not None:
        return whole, start  # the whole objective's figures for the arranged week
    return model, solver  # keeps the first stage's roster (its objective, not the whole)


def precheck(p: RosterProblem) -> None:
    """Rules no solver can meet, found by arithmetic and said in the planner's words."""
    problems = []
    p.options = day_options(p)
    for emp in p.employees:
        contract = p.contracts[emp.contract]
        longest = max(p.shifts[s].paid_minutes for s in contract.shifts)
        for week in week_groups(p):
            low, _ = weekly_band(p, emp, contract, week)
            workable = [d for d in week if p.options[d] and emp.employed_on(p.days[d])
                        and (emp.employee_id, p.days[d]) not in p.approved]
            cap = min(len(workable), contract.max_consecutive_days) * longest
            if math.floor(low) > cap:
                leave = sorted(day for (eid, day) in p.approved if eid == emp.employee_id
                               and p.days[week[0]] <= day <= p.days[week[-1]])
                why = (f"approved leave {_span(leave)} leaves" if leave else "the week has")
                problems.append(
                    f"{emp.employee_id}: {why} {len(workable)} working day(s) in the week of "
                    f"{p.days[week[0]]:%d %b}, room for {cap / 60:g} h, contract "
                    f"{contract.name} needs at least {math.floor(low) / 60:g} h")
    if problems:
        raise InfeasiblePlan("; ".join(problems[:5]) + (
            f"; and {len(problems) - 5} more" if len(problems) > 5 else ""))


def _span(days: list[pd.Timestamp]) -> str:
    return f"{days[0]:%d}–{days[-1]:%d %b}" if len(days) > 1 else f"{days[0]:%d %b}"


RULE_WORDS = {
    "rest": "minimum rest between shifts",
    "consecutive": "maximum consecutive working days",
    "hours_max": "maximum weekly hours",
    "hours_min": "minimum weekly hours",
    "days_off": "days off per week",
}


def explain_infeasible(p: RosterProblem, time_limit: float, seed: int, workers: int,
                       active: set[int] | None = None,
                       fixed: dict[tuple[int, int], Option] | None = None) -> str:
    """Re-solve with each hard rule behind an assumption; the solver names a set of rules
    that cannot all hold, and each is said in the planner's words."""
    model = RosterModel(p, assumptions=True, active=active, fixed=fixed).build()
    model.m.ClearObjective()
    model.m.AddAssumptions(list(model.rule_literals))
    solver = new_solver(time_limit, seed, 1)
    status = run(solver, model.m)
    if status != cp_model.INFEASIBLE:
        return "the contracts cannot all be met this month (no single rule found)"
    core = solver.SufficientAssumptionsForInfeasibility()
    names = {v.Index(): info for v, info in model.rule_literals.items()}
    lines = []
    for idx in core:
        eid, rule, detail = names[idx]
        lines.append(f"{eid}: {RULE_WORDS.get(rule, rule)} ({detail})")
    return "these rules cannot all be met: " + "; ".join(lines[:8])


def _assignments(model: RosterModel, solver: cp_model.CpSolver) -> list[dict]:
    """Shifts chosen by the solver, with each break slot's count handed to named people."""
    p = model.p
    rows = []
    assigned: dict[tuple[int, int], list[int]] = defaultdict(list)
    for (e, d, o), v in model.x.items():
        if solver.Value(v):
            assigned[d, o].append(e)
    for (d, o), people in sorted(assigned.items()):
        opt = p.options[d][o]
        plan: dict[int, list[tuple[str, int, int]]] = {e: [] for e in people}
        for b, brk in enumerate(opt.template.breaks):
            queue = list(people)
            for offset, count in model.break_counts[(d, o, b)]:
                for _ in range(solver.Value(count)):
                    e = queue.pop(0)
                    plan[e].append((brk.activity, opt.start + offset,
                                    opt.start + offset + brk.minutes))
        for e in people:
            rows.append({"employee": e, "employee_id": p.employees[e].employee_id,
                         "day": d, "option": o, "date": p.days[d],
                         "template": opt.template.name, "start": opt.start,
                         "end": opt.end,
                         "paid_minutes": opt.template.paid_minutes,
                         "breaks": sorted(plan[e], key=lambda b: b[1])})
    return rows


