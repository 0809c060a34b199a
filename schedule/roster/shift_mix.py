"""The shift mix: how many of each shift start each day a week needs, per contract.

Named staff make the roster hard; the mix of shifts alone is a small integer programme
(HiGHS, through scipy) that sees the whole week at once: coverage with breaks, the price
of every missing person, paid cost, the people of each contract free each day and the
week's contract hours added up over them. Its answer is handed to named people by a
rule-keeping pass (`assign_mix`), and the CP-SAT roster starts from that: a start close
to the best mix lets the solver spend its time on the people, not on the shape.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from typing import NamedTuple

import numpy as np
from scipy.optimize import LinearConstraint, linear_sum_assignment, milp
from scipy.sparse import coo_matrix

from wfm.schedule.roster.problem import (
    FAIR_EXCESS,
    LONE_DAY_OFF,
    PACE,
    Option,
    RosterProblem,
    break_slots,
    covered_slots,
    fair_kinds,
    free_to_pair,
    is_late,
    lower_bound_hours,
    pairs_days_off,
    shortfall_prices,
    week_groups,
    weekly_band,
)
from wfm.schedule.roster.shifts import Contract


class WeekPlan(NamedTuple):
    """One person's week as the mix plans it: the days worked and the band of start
    times (minutes after midnight) every shift of the week starts in."""

    days: frozenset[int]
    starts: frozenset[int]


class Mix(dict):
    """(contract, day, option) -> shifts, with `patterns`: per contract, the week plans
    (working days, days off together, and a band of starts) the mix made for people free
    all week and how many people take each; and `own`: the plan of each person free on
    some of the week's days only (leave, joining or leaving), over those days."""

    patterns: dict[str, list[tuple[WeekPlan, int]]]
    late: dict[tuple[str, frozenset[int], int], float]  # (contract, band, day) -> share
    own: dict[int, WeekPlan]  # employee -> their plan, for people free part of the week
    cost: float  # the programme's objective
    joins: float  # ...of which the joins to the week before that its plans could not make
    ahead: float  # ...and the joins to the week after that they could not (see _ahead_rows)
    beyond: float  # ...and the late shifts its plans carry beyond the week's share
    caps: dict[str, int]  # the week's share (`late_shares`) it was planned with, per contract

    def __init__(self, counts: dict, patterns: dict | None = None,
                 late: dict | None = None, own: dict | None = None, cost: float = 0.0,
                 joins: float = 0.0, ahead: float = 0.0, beyond: float = 0.0,
                 caps: dict | None = None) -> None:
        super().__init__(counts)
        self.patterns = patterns or {}
        self.late = late or {}
        self.own = own or {}
        self.cost, self.joins, self.ahead, self.beyond = cost, joins, ahead, beyond
        self.caps = caps or {}

    def late_days(self, cname: str, plan: WeekPlan) -> float | None:
        """The late shifts the mix gives a plan's week: on each of its days the share of
        its band's shifts that are late (None for a plan the mix did not make)."""
        if not any(pl == plan for pl, _ in self.patterns.get(cname, [])):
            return None
        return sum(self.late.get((cname, plan.starts, d), 0.0) for d in plan.days)

UNFIT = 1e9  # the cost of handing a shift to someone whose rules it breaks
UNFIT_PLAN = 1e6  # a week plan the week before rules out for a person (if another fits)
BAND_CUT = 1e3  # a week plan whose first day's earliest starts the person's rest rules out
OFF_ROTA = 1e4  # a week plan other than the one the month's rotation gives the person
# HiGHS's branch-and-bound nodes for a week's mix: a limit of work, not of time, so the
# mix is the same run after run (a time limit stays only as a guard). HiGHS finds its
# mixes at the root: every week's mix of the sample, the bank and roster_scale's three
# sizes was the same at 30 nodes as at 300, 20 s sooner on the sample's hardest weeks
# (the further nodes only raised the bound); at 10 the sample lost two
MIX_NODES = 30


@dataclass
class _Columns:
    """Variables of the programme: names, costs, bounds and integrality side by side."""

    cost: list[float]
    upper: list[float]
    integer: list[int]
    tags: dict[int, str] = field(default_factory=dict)  # column -> the price it carries

    def add(self, cost: float, upper: float = np.inf, integer: bool = True,
            tag: str = "") -> int:
        self.cost.append(cost)
        self.upper.append(upper)
        self.integer.append(int(integer))
        if tag:
            self.tags[len(self.cost) - 1] = tag
        return len(self.cost) - 1

    def priced(self, x: np.ndarray, tag: str) -> float:
        """What the solution `x` pays on the columns tagged `tag`."""
        return float(sum(self.cost[j] * x[j] for j, t in self.tags.items() if t == tag))


class _Rows:
    """Sparse constraint rows lb <= a.x <= ub, built one at a time."""

    def __init__(self) -> None:
        self.i: list[int] = []
        self.j: list[int] = []
        self.v: list[float] = []
        self.lb: list[float] = []
        self.ub: list[float] = []

    def add(self, terms: list[tuple[int, float]], lb: float, ub: float) -> None:
        row = len(self.lb)
        for j, v in terms:
            self.i.append(row)
            self.j.append(j)
            self.v.append(v)
        self.lb.append(lb)
        self.ub.append(ub)


def band_shifts(p: RosterProblem, cname: str, d: int, plan: WeekPlan) -> list[Option]:
    """The contract's shifts on day d that start inside the plan's band."""
    allowed = p.contracts[cname].shifts
    return [o for o in p.options[d] if o.template.name in allowed and o.start in plan.starts]


def free_people(p: RosterProblem, d: int) -> list[int]:
    """Employees who may work day d at all (employed, not on approved leave)."""
    day = p.days[d]
    return [e for e, emp in enumerate(p.employees)
            if emp.employed_on(day) and (emp.employee_id, day) not in p.approved]


def _programme(p: RosterProblem, week: list[int], shift_cost, short_cost, overtime_cost
               ) -> tuple[_Columns, _Rows, dict[tuple[str, int, int], int]]:
    """The week's covering programme: a count per contract, day and shift start
    (`shift_cost(contract, option)` each), break placements, each interval's missing
    people (`short_cost(t, need)` -> the price of each, first to last) and the contract
    rows (paid minutes above the maximums at `overtime_cost(contract)` each). Shared by
    the mix and the bound so that both read the same rules."""
    cols = _Columns([], [], [])
    rows = _Rows()
    n: dict[tuple[str, int, int], int] = {}
    for cname, contract in p.contracts.items():
        allowed = set(contract.shifts)
        for d in week:
            for o, opt in enumerate(p.options[d]):
                if opt.template.name in allowed:
                    n[cname, d, o] = cols.add(shift_cost(contract, opt))
    if not n:
        return cols, rows, n
    cover: dict[int, list[tuple[int, float]]] = defaultdict(list)
    by_option: dict[tuple[int, int], list[int]] = defaultdict(list)
    for (_, d, o), j in n.items():
        by_option[d, o].append(j)
    for (d, o), js in by_option.items():
        opt = p.options[d][o]
        for t in covered_slots(p, opt):
            cover[t] += [(j, 1.0) for j in js]
        for brk in opt.template.breaks:
            taken = []
            for offset in brk.offsets(p.grid):
                b = cols.add(0.0)
                taken.append((b, 1.0))
                for t in break_slots(p, opt, offset, brk.minutes):
                    cover[t].append((b, -1.0))
            rows.add(taken + [(j, -1.0) for j in js], 0.0, 0.0)
    s = p.slots
    for d in week:
        for t in range(d * s, (d + 1) * s):
            need = int(p.required[t])
            if need <= 0 or not p.open_slot[t]:
                continue
            prices = short_cost(t, need)
            short = [(cols.add(price, 1.0, False), 1.0) for price in prices]
            if need > len(prices):
                short.append((cols.add(prices[-1], need - len(prices), False), 1.0))
            rows.add(cover[t] + short, need, np.inf)
    _contract_rows(p, week, n, rows, cols, overtime_cost)
    return cols, rows, n


def _milp(cols: _Columns, rows: _Rows, time_limit: float, integer: bool = True):
    """HiGHS on the programme (scipy's milp); `integer=False` solves its LP relaxation."""
    a = coo_matrix((rows.v, (rows.i, rows.j)), shape=(len(rows.lb), len(cols.cost))).tocsr()
    integrality = np.array(cols.integer) if integer else np.zeros(len(cols.cost))
    return milp(np.array(cols.cost), constraints=LinearConstraint(a, rows.lb, rows.ub),
                integrality=integrality,
                bounds=(np.zeros(len(cols.cost)), np.array(cols.upper)),
                options={"time_limit": float(time_limit), "mip_rel_gap": 0.002,
                         "node_limit": MIX_NODES})


def plan_mixes(p: RosterProblem, weeks: list[list[int]], time_limit: float = 10.0,
               caps: list[dict[str, int] | None] | None = None) -> list[Mix | None]:
    """Each week's mix in turn, its plans joining the week before's. Where a week has to
    price joins (a lone day off or a chain of late weeks: the week before made no plan
    some of its people need), the week before is planned again looking ahead to it, and
    then the week itself; the two are kept where they cost less in all. On the bank a
    week that ended with nine full-timers on the Saturday evening (their cheapest week)
    left too few rested for the Sunday morning after, which took a part-timer whose
    Saturday off then fell between her Friday and that Sunday. `caps`: each week's
    late shares to plan with (see `plan_mix`), for a month planned again because its
    rotation could not even them out (`rotation.plan_month`)."""
    mixes: list[Mix | None] = []
    held = caps or [None] * len(weeks)
    for w, week in enumerate(weeks):
        before = (weeks[w - 1], mixes[-1]) if w and mixes[-1] is not None else None
        mix = plan_mix(p, week, time_limit, before, caps=held[w])
        if mix is not None and before is not None and mix.joins > 0:
            earlier = ((weeks[w - 2], mixes[w - 2]) if w > 1 and mixes[w - 2] is not None
                       else None)
            again = plan_mix(p, weeks[w - 1], time_limit, earlier, after=(week, mix),
                             caps=held[w - 1])
            then = (plan_mix(p, week, time_limit, (weeks[w - 1], again), caps=held[w])
                    if again is not None else None)
            if then is not None and (again.cost - again.ahead + then.cost
                                     < before[1].cost + mix.cost - 1e-6):
                mixes[-1], mix = again, then
        mixes.append(mix)
    return mixes


def plan_mix(p: RosterProblem, week: list[int], time_limit: float = 10.0,
             before: tuple[list[int], Mix] | None = None,
             after: tuple[list[int], Mix] | None = None,
             caps: dict[str, int] | None = None) -> Mix | None:
    """The week's cheapest shift mix by contract (paid cost plus late calls priced as in
    the roster), or None when the programme finds nothing in time. Where a contract has
    late shifts the week is planned again with each person's late shifts held near the
    contract's share (`late_shares`; priced, not forbidden): the cheapest mix tends to
    give a few people whole late weeks, which no month can even out. `before`: the week
    before and its mix, whose plans' last days the week's first days must join without a
    single day off or a short rest (each join that cannot is priced as a lone day).
    `after`: the week after and its mix, whose plans' first days the week's last days
    must lead to the same way (`_ahead_rows`). `caps`: the late shares to hold, per
    contract, instead of those the week's cheapest mix gives (one solve, not two)."""
    if caps is not None:
        return _solve_mix(p, week, time_limit, caps, before, after)
    mix = _solve_mix(p, week, time_limit, {}, before, after)
    if mix is None:
        return None
    caps = late_shares(p, week, mix)
    return (_solve_mix(p, week, time_limit, caps, before, after) or mix) if caps else mix


def _solve_mix(p: RosterProblem, week: list[int], time_limit: float, caps: dict[str, int],
               before: tuple[list[int], Mix] | None = None,
               after: tuple[list[int], Mix] | None = None) -> Mix | None:
    """One solve of the week's mix; `caps`: per contract, the late shifts a week plan may
    carry before each further one is priced. A shortage is priced by Erlang alone, with
    no growth past it: HiGHS merges equal-priced steps, and growing prices doubled the
    sample's mix time; the week's shifts stage (CP-SAT) spreads what is short."""
    penalty = p.weights["late_call_penalty"]
    cols, rows, n = _programme(
        p, week, lambda contract, opt: contract.cost_per_hour * opt.template.paid_minutes / 60,
        lambda t, need: [penalty * price for price in shortfall_prices(p, t, need, 0.0)],
        lambda contract: (p.overtime_premium - 1) * contract.cost_per_hour / 60)
    if not n:
        return None
    late: dict[tuple[str, frozenset[int], int], list[int]] = defaultdict(list)
    own: dict[int, list[tuple[WeekPlan, int]]] = {}
    patterns = _pattern_rows(p, week, n, rows, cols, caps, before, late, own, after)
    res = _milp(cols, rows, time_limit)
    if res.x is None:
        return None
    chosen = {c: [(pat, round(float(res.x[j]))) for pat, j in cols_ if res.x[j] > 0.5]
              for c, cols_ in patterns.items()}
    theirs = {e: plan for e, cols_ in own.items() for plan, j in cols_ if res.x[j] > 0.5}
    shares = {}
    for (c, band, d), parts in late.items():
        working = sum(count for plan, count in chosen.get(c, [])
                      if plan.starts == band and d in plan.days) + sum(
            1 for e, plan in theirs.items() if p.employees[e].contract == c
            and plan.starts == band and d in plan.days)
        if working:
            shares[c, band, d] = sum(float(res.x[j]) for j in parts) / working
    return Mix({key: round(float(res.x[j])) for key, j in n.items() if res.x[j] > 0.5},
               chosen, shares, theirs, float(res.fun), cols.priced(res.x, "join"),
               cols.priced(res.x, "ahead"), cols.priced(res.x, "share"), caps)


def late_shares(p: RosterProblem, week: list[int], mix: Mix) -> dict[str, int]:
    """Per contract, the late shifts a person's week may carry to keep the month fair: the
    week's late shifts of the contract shared over its people free that week, plus half
    `fair_spread`, rounded up. Late weeks of five for a few people cannot even out over a
    month (five or ten a month is a spread of five); shares of two or three can."""
    caps = {}
    for cname in mix.patterns:
        late = sum(count for (c, d, o), count in mix.items()
                   if c == cname and is_late(p, p.options[d][o]))
        people = {e for d in week for e in free_people(p, d)
                  if p.employees[e].contract == cname}
        if late and people:
            caps[cname] = math.ceil(late / len(people) + p.fair_spread / 2)
    return caps


def cover_bound_hours(p: RosterProblem, week: list[int], time_limit: float = 10.0
                      ) -> float | None:
    """The fewest paid hours that cover every open interval of the week in full with these
    shift templates, their breaks and the contracts' head counts and weekly hours (the LP
    relaxation of the mix, so a true lower bound for any rule-keeping roster that covers
    the week); None when no such roster can exist or the programme is not solved."""
    longest = max((t.paid_minutes for t in p.shifts.values()), default=60) / 60
    cols, rows, n = _programme(p, week, lambda contract, opt: opt.template.paid_minutes / 60,
                               lambda t, need: [100.0 * longest], lambda contract: 0.0)
    if not n:
        return None
    res = _milp(cols, rows, time_limit, integer=False)
    if res.x is None or res.status != 0:
        return None
    paid = sum(float(res.x[j]) * p.options[d][o].template.paid_minutes / 60
               for (_, d, o), j in n.items())
    return None if paid + 1e-6 * (1 + paid) < float(res.fun) else paid


def month_bound_hours(p: RosterProblem, time_limit: float = 10.0) -> float:
    """A lower bound on the month's paid hours, week by week the tighter of the floor
    hours grossed up for breaks and the covering bound (shift lengths, contract minimums
    and head counts): how far the roster is from the best these rules allow."""
    return sum(max(lower_bound_hours(p, week), cover_bound_hours(p, week, time_limit) or 0.0)
               for week in week_groups(p))


def regular_people(p: RosterProblem, week: list[int], cname: str) -> tuple[list[int], list[int]]:
    """The contract's people free on every day of the week its shifts can be worked (no
    leave, whole week employed), and those days; their weeks are planned as patterns."""
    contract = p.contracts[cname]
    days = [d for d in week if any(o.template.name in contract.shifts for o in p.options[d])]
    free = {d: set(free_people(p, d)) for d in days}
    members = [e for e, emp in enumerate(p.employees) if emp.contract == cname
               and all(e in free[d] for d in days)]
    return members, days


def week_patterns(p: RosterProblem, week: list[int], cname: str, days: list[int],
                  first: int) -> list[frozenset[int]]:
    """Working days a week may have: no run longer than the contract allows, hours
    inside the band whatever shift each day gets (else with some); none at all where
    the week asks no hours (one day at the month's edge)."""
    contract = p.contracts[cname]
    low, high = weekly_band(p, p.employees[first], contract, week)
    paid = {d: [o.template.paid_minutes for o in p.options[d]
                if o.template.name in contract.shifts] for d in days}
    kept = [frozenset(c) for k in range(0 if low <= 0 else 1, len(days) + 1)
            for c in combinations(days, k)
            if _longest_run(set(c), days) <= contract.max_consecutive_days]
    return ([c for c in kept if sum(min(paid[d]) for d in c) >= low - 1e-9
             and sum(max(paid[d]) for d in c) <= high + 1e-9]
            or [c for c in kept if sum(min(paid[d]) for d in c) <= high + 1e-9
                and sum(max(paid[d]) for d in c) >= low - 1e-9])


def _longest_run(work: set[int], days: list[int]) -> int:
    """The most days in a row of `work` among `days`."""
    run = best = 0
    for d in days:
        run = run + 1 if d in work else 0
        best = max(best, run)
    return best


def lone_days_off(work: frozenset[int], days: list[int]) -> int:
    """Single days off between two working days of the week."""
    return sum(1 for d in days if d not in work and d - 1 in work and d + 1 in work)


def start_bands(starts: set[int], spread: int) -> list[frozenset[int]]:
    """The widest sets of start times no more than `spread` minutes apart: each a week's
    band of starts that keeps `[roster] start_spread_hours` (one band when all fit)."""
    ordered = sorted(starts)
    windows = {frozenset(x for x in ordered if s <= x <= s + spread) for s in ordered}
    return sorted((w for w in windows if not any(w < other for other in windows)), key=min)


def _pattern_rows(p: RosterProblem, week: list[int], n: dict[tuple[str, int, int], int],
                  rows: _Rows, cols: _Columns, caps: dict[str, int] | None = None,
                  before: tuple[list[int], Mix] | None = None,
                  late_parts: dict | None = None, own: dict | None = None,
                  after: tuple[list[int], Mix] | None = None
                  ) -> dict[str, list[tuple[WeekPlan, int]]]:
    """Per contract: each person free all week takes one week plan, working days and a
    band of starts. Where the contract pairs its days off, no plan has a single day off
    between two working days (`paired_days_off` is a rule the planner set: a quiet
    midweek day is not given off alone to save cover elsewhere); only a week no paired
    plan fits keeps them, each priced as in the roster. Each person free on some days
    only takes a plan of their own over those days, by the same rules (`own`: employee
    -> their plans' columns). Each day's shifts in a band are exactly the people whose
    plan works that day in it, and the day's other shifts go to the contract's people
    left without plans. With `caps`, each plan's late shifts beyond `caps[contract]` a
    person are priced (`_late_share_rows`)."""
    out = {}
    own = {} if own is None else own
    lone = LONE_DAY_OFF * p.weights["fairness_penalty"]
    beyond_share = PACE * p.weights["fairness_penalty"]
    # a late week chained onto a late week is a week of late shifts beyond the fair
    # spread (the days the contract's minimum takes at its longest shifts), each priced
    # as the roster's fairness prices it (beyond the spread, off the pace)
    chain = (FAIR_EXCESS + PACE) * p.weights["fairness_penalty"]
    ahead: dict[str, tuple[list[tuple[WeekPlan, int]], int]] = {}  # see _ahead_rows
    for cname, contract in p.contracts.items():
        regular, days = regular_people(p, week, cname)
        if not regular:
            continue
        patterns = week_patterns(p, week, cname, days, regular[0])
        if not patterns:
            continue
        mine = {(d, o): j for (c, d, o), j in n.items() if c == cname}
        bands = start_bands({p.options[d][o].start for d, o in mine}, p.start_spread)
        open_days = [d for d in week if p.options[d]]  # a day off with no shift of the
        # contract's own is still a day off between two working days
        js = _plan_columns(p, cname, patterns, bands, open_days, cols)
        out[cname] = js
        rows.add([(j, 1.0) for _, j in js], len(regular), len(regular))
        theirs = _own_plans(p, week, cname, days, regular, bands, open_days, cols, rows)
        own.update(theirs)
        every = [*js, *(c for cs in theirs.values() for c in cs)]  # all plans' columns
        priced = pairs_days_off(p, contract)
        if before is not None and priced:
            longest = max(p.shifts[t].paid_minutes for t in contract.shifts)
            working = min(len(days), math.ceil(contract.hours_min * 60 / longest - 1e-9))
            _join_rows(p, cname, week, before, js, rows, cols, len(regular), lone,
                       chain * max(working, 1))
        if after is not None and priced:
            ahead[cname] = (js, len(regular))
        split: dict[tuple[int, int], list[int]] = defaultdict(list)  # (d, o) -> its parts
        late: dict[tuple[frozenset[int], int], list[tuple[int, float]]] = defaultdict(list)
        for d in days:
            for band in bands:
                parts = []
                for (dd, o), _j in mine.items():
                    if dd == d and p.options[d][o].start in band:
                        part = cols.add(0.0)
                        split[d, o].append(part)
                        parts.append((part, 1.0))
                        if is_late(p, p.options[d][o]):
                            late[band, d].append((part, 1.0))
                            if late_parts is not None:
                                late_parts[cname, band, d].append(part)
                working = [(j, -1.0) for plan, j in every
                           if d in plan.days and plan.starts == band]
                rows.add(parts + working, 0.0, 0.0)
        if caps and cname in caps:
            _late_share_rows(every, late, caps[cname], beyond_share, rows, cols)
        for (d, o), parts in split.items():
            rows.add([(part, 1.0) for part in parts] + [(mine[d, o], -1.0)], -np.inf, 0.0)
        others = {d: sum(1 for e in free_people(p, d) if p.employees[e].contract == cname
                         and e not in regular and e not in theirs) for d in days}
        for d in days:
            shifts = [(j, 1.0) for (dd, _), j in mine.items() if dd == d]
            working = [(j, -1.0) for plan, j in every if d in plan.days]
            rows.add(shifts + working, 0.0, others[d])
    if after is not None and ahead:
        _ahead_rows(p, week, after, ahead, rows, cols, lone)
    return out


def _plan_columns(p: RosterProblem, cname: str, patterns: list[frozenset[int]],
                  bands: list[frozenset[int]], days_off: list[int], cols: _Columns
                  ) -> list[tuple[WeekPlan, int]]:
    """A column per working-days pattern and band of starts, each priced by its single
    days off among `days_off` (where the contract pairs them) and its overtime premium;
    only patterns without a lone day off where any fits (else all, each priced)."""
    contract = p.contracts[cname]
    lone = LONE_DAY_OFF * p.weights["fairness_penalty"]
    priced = pairs_days_off(p, contract)
    if priced:
        patterns = [pat for pat in patterns if not lone_days_off(pat, days_off)] or patterns
    premium = (p.overtime_premium - 1) * contract.cost_per_hour / 60
    return [(WeekPlan(pat, band),
             cols.add((lone * lone_days_off(pat, days_off) if priced else 0.0)
                      + premium * beyond_maximum(p, contract, pat, band)))
            for pat in patterns for band in bands]


def _own_plans(p: RosterProblem, week: list[int], cname: str, days: list[int],
               regular: list[int], bands: list[frozenset[int]], open_days: list[int],
               cols: _Columns, rows: _Rows) -> dict[int, list[tuple[WeekPlan, int]]]:
    """Each of the contract's people free on some of the week's days but not all takes
    one plan over those days: their hours, runs of days and days off together, as a
    week plan would keep them (a leaver's last days are not left with one day off
    between two shifts). Someone no pattern fits is left to the day's spare shifts."""
    out = {}
    free = {d: set(free_people(p, d)) for d in days}
    for e, emp in enumerate(p.employees):
        mine = [d for d in days if e in free[d]]
        if emp.contract != cname or e in regular or not mine:
            continue
        patterns = week_patterns(p, week, cname, mine, e)
        if not patterns:
            continue
        js = _plan_columns(p, cname, patterns, bands,
                           [d for d in open_days if free_to_pair(p, emp, d)], cols)
        rows.add([(j, 1.0) for _, j in js], 1.0, 1.0)
        out[e] = js
    return out


def _late_share_rows(js: list[tuple[WeekPlan, int]],
                     late: dict[tuple[frozenset[int], int], list[tuple[int, float]]],
                     cap: int, price: float, rows: _Rows, cols: _Columns) -> None:
    """Each plan's people carry at most `cap` late shifts each (`price` for each beyond):
    a day's late shifts in a band go to the plans working that day in it, one a person.
    A cap on the band's total alone let a plan that was the band's only one on some day
    take a late shift every day (three or four a week) while its neighbours took one."""
    for band in {band for band, _ in late}:
        plans = [(plan, j) for plan, j in js if plan.starts == band]
        taken: dict[int, list[tuple[int, float]]] = defaultdict(list)
        for d in sorted({d for b, d in late if b == band}):
            held = []
            for plan, j in plans:
                if d in plan.days:
                    x = cols.add(0.0, np.inf, False)  # the day's late shifts plan j takes
                    rows.add([(x, 1.0), (j, -1.0)], -np.inf, 0.0)
                    held.append((x, -1.0))
                    taken[j].append((x, 1.0))
            rows.add([*late[band, d], *held], 0.0, 0.0)
        for plan, j in plans:
            if taken[j]:
                rows.add([*taken[j], (j, -float(min(len(plan.days), cap))),
                          (cols.add(price, np.inf, False, "share"), -1.0)], -np.inf, 0.0)


def beyond_maximum(p: RosterProblem, contract: Contract, days: frozenset[int],
                   band: frozenset[int]) -> float:
    """Paid minutes a week plan takes beyond the contract's maximum at the least (its
    shortest shifts in the band): overtime one person would work, which the week's
    hours added up over the contract's people do not show."""
    least = sum(min((o.template.paid_minutes for o in p.options[d]
                     if o.template.name in contract.shifts and o.start in band), default=0)
                for d in days)
    return max(least - contract.hours_max * 60, 0.0)


def _join_rows(p: RosterProblem, cname: str, week: list[int],
               before: tuple[list[int], Mix], js: list[tuple[WeekPlan, int]], rows: _Rows,
               cols: _Columns, people: int, lone: float, chain: float) -> None:
    """The week's plans against the plans of the week before: those who worked its last
    day need a plan that works the first day after their rest, or leaves the first two
    days off; those who worked the day before it and not it need the first day off.
    Each person those plans cannot take is priced as a lone day off. Where the week
    before ends late (a Saturday evening), each of its people whom only a plan ending
    late again can take costs `chain` (a week of late shifts beyond the fair spread):
    such chains gave a few people three late weeks where the others had two."""
    prev_week, prev_mix = before
    last, first = prev_week[-1], week[0]
    planned = prev_mix.patterns.get(cname, [])
    if last + 1 != first or not planned or not p.options[last] or not p.options[first]:
        return
    contract = p.contracts[cname]
    last_shifts = [o for plan, _ in planned if last in plan.days
                   for o in band_shifts(p, cname, last, plan)]
    latest = max((o.end for o in last_shifts), default=0)
    worked_last = sum(count for plan, count in planned if last in plan.days)
    off_last = sum(count for plan, count in planned
                   if last not in plan.days and last - 1 in plan.days)
    worked_last, off_last = min(worked_last, people), min(off_last, people - worked_last)
    second = week[1] if len(week) > 1 else None

    def rested(plan: WeekPlan) -> bool:  # every start of its band on the first day
        return all(contract.rested(latest, o.start) for o in band_shifts(p, cname, first, plan))

    first_off = [(j, 1.0) for plan, j in js if first not in plan.days]
    after_work = [(j, 1.0) for plan, j in js if (first in plan.days and rested(plan))
                  or (first not in plan.days and second not in plan.days)]
    either = [(j, 1.0) for plan, j in js if first not in plan.days or rested(plan)]
    lone_first = cols.add(lone, np.inf, False, "join")
    lone_last = cols.add(lone, np.inf, False, "join")
    rows.add([*first_off, (lone_last, 1.0)], off_last, np.inf)
    rows.add([*after_work, (lone_first, 1.0)], worked_last, np.inf)
    rows.add([*either, (lone_first, 1.0), (lone_last, 1.0)], worked_last + off_last, np.inf)
    if last_shifts and all(is_late(p, o) for o in last_shifts):
        # a week that ends late leads to a late start: a plan that ends the week late
        # again would chain late weeks for the same people, which no month evens out
        again = {j for plan, j in js if week[-1] in plan.days
                 and all(is_late(p, o) for o in band_shifts(p, cname, week[-1], plan))}
        chained = cols.add(chain, np.inf, False, "join")
        rows.add([*(x for x in after_work if x[0] not in again), (chained, 1.0)],
                 worked_last, np.inf)


def _ahead_rows(p: RosterProblem, week: list[int], after: tuple[list[int], Mix],
                plans: dict[str, tuple[list[tuple[WeekPlan, int]], int]], rows: _Rows,
                cols: _Columns, lone: float) -> None:
    """The week's plans against the plans of the week after (`_join_rows` the other way
    round), over the contracts whose days off come in pairs (`plans`: each one's plan
    columns and people). Those who work the week after's first day need a plan here that
    works the last day and ends in time for their rest, or leaves the last two days off;
    those who start it early, or whose week there ends late again, need one that does not
    end late; those with its first day off who work the second need the last day off here.
    The first two are counted over the contracts together: the week after can take its
    first day's people from another contract, as it took a part-timer for a Sunday on the
    bank when too many full-timers had worked the Saturday evening. Each person short is
    priced as a lone day off."""
    next_week, next_mix = after
    last, first = week[-1], next_week[0]
    if last + 1 != first or not p.options[last] or not p.options[first]:
        return
    second = next_week[1] if len(next_week) > 1 else None

    def ends_late(cname: str, plan: WeekPlan, day: int) -> bool:
        shifts = band_shifts(p, cname, day, plan)
        return day in plan.days and bool(shifts) and all(is_late(p, o) for o in shifts)

    def leads_to(cname: str, plan: WeekPlan, start: int) -> bool:  # to a first-day start
        if last not in plan.days:
            return len(week) > 1 and week[-2] not in plan.days
        return all(p.contracts[cname].rested(o.end, start)
                   for o in band_shifts(p, cname, last, plan))

    people = sum(n for _, n in plans.values())
    latest = max((o.end for cname, (js, _) in plans.items() for plan, _ in js
                  if ends_late(cname, plan, last) for o in band_shifts(p, cname, last, plan)),
                 default=None)
    starting: dict[int, int] = defaultdict(int)  # earliest start on the first day -> people
    not_late = 0  # ...of whom those who need a plan here that does not end late
    for cname in plans:
        for plan, count in next_mix.patterns.get(cname, []):
            if first not in plan.days:
                continue
            shifts = band_shifts(p, cname, first, plan)
            start = min((o.start for o in shifts), default=min(plan.starts))
            starting[start] += count
            if ends_late(cname, plan, next_week[-1]) or (
                    latest is not None and not p.contracts[cname].rested(latest, start)):
                not_late += count
    need = 0
    for start in sorted(starting):  # the earliest starters first: fewer plans lead to them
        need = min(need + starting[start], people)
        rows.add([*((j, 1.0) for cname, (js, _) in plans.items() for plan, j in js
                    if leads_to(cname, plan, start)),
                  (cols.add(lone, np.inf, False, "ahead"), 1.0)], need, np.inf)
    if not_late:
        rows.add([*((j, 1.0) for cname, (js, _) in plans.items() for plan, j in js
                    if not ends_late(cname, plan, last) and leads_to(cname, plan, 24 * 60)),
                  (cols.add(lone, np.inf, False, "ahead"), 1.0)], min(not_late, people), np.inf)
    for cname, (js, n) in plans.items():
        off_on = sum(count for plan, count in next_mix.patterns.get(cname, [])
                     if first not in plan.days and second in plan.days)
        if off_on:
            rows.add([*((j, 1.0) for plan, j in js if last not in plan.days),
                      (cols.add(lone, np.inf, False, "ahead"), 1.0)], min(off_on, n), np.inf)


def _contract_rows(p: RosterProblem, week: list[int], n: dict[tuple[str, int, int], int],
                   rows: _Rows, cols: _Columns, overtime_cost) -> None:
    """Per contract: no more shifts a day than people free, and the week's paid hours and
    shift count inside what its people's contracts allow, added up; paid minutes above
    the maximums, up to the overtime allowed, cost `overtime_cost(contract)` each."""
    free = {d: free_people(p, d) for d in week}
    for cname, contract in p.contracts.items():
        members = [e for e, emp in enumerate(p.employees) if emp.contract == cname]
        if not members:
            continue
        for d in week:
            js = [(j, 1.0) for (c, dd, _), j in n.items() if c == cname and dd == d]
            if js:
                here = sum(1 for e in free[d] if p.employees[e].contract == cname)
                rows.add(js, 0.0, here)
        paid = [(j, float(p.options[d][o].template.paid_minutes))
                for (c, d, o), j in n.items() if c == cname]
        shifts = [(j, 1.0) for j, _ in paid]
        low = high = 0.0
        most_shifts = least_shifts = 0
        longest = max((p.shifts[name].paid_minutes for name in contract.shifts), default=1)
        for e in members:
            lo, hi = weekly_band(p, p.employees[e], contract, week)
            low += math.floor(lo)
            high += hi
            least_shifts += math.ceil(math.floor(lo) / max(longest, 1))
            workable = sum(1 for d in week if e in free[d] and p.options[d])
            cap = min(workable, contract.max_consecutive_days,
                      max(len(week) - contract.days_off_per_week, 0)
                      if contract.days_off_per_week else len(week))
            most_shifts += cap
        rows.add(paid, low, high)
        rows.add(shifts, min(least_shifts, most_shifts), most_shifts)
        if contract.overtime_hours > 0:
            extra = contract.overtime_hours * 60 * len(members)
            regular = high - extra
            over = cols.add(overtime_cost(contract), extra, False)
            rows.add([*paid, (over, -1.0)], -np.inf, regular)


def assign_mix(p: RosterProblem, week: list[int], mix: Mix,
               fixed: dict[tuple[int, int], Option], usable: dict[tuple[int, int], list[int]],
               rota: dict[int, WeekPlan] | None = None,
               ahead: dict[tuple[str, int], int] | None = None) -> dict[tuple[int, int], int]:
    """Hand the mix's shifts to named people day by day, keeping rest, runs of days and
    the weekly maximum; those furthest below their weekly minimum go first. People still
    short of their minimum then take the shifts that cover the most uncovered need.

    `usable[e, d]` lists the option indices person e may work on day d; `rota` the week
    plan the month's rotation gives each person (followed where the week before allows),
    `ahead` the late and weekend shifts it plans for each after the week (a band's late
    starts then go to those with the fewest over the month, not only so far).
    Returns (employee, day) -> option.
    """
    chosen: dict[tuple[int, int], int] = {}
    paid = defaultdict(float)
    kinds = fair_kinds(p)
    band = {}
    for e, emp in enumerate(p.employees):
        band[e] = weekly_band(p, emp, p.contracts[emp.contract], week)
    # paid minutes before overtime: the hand-out gives overtime to nobody it can avoid
    regular = {e: p.contracts[emp.contract].hours_max * 60 for e, emp in enumerate(p.employees)}

    def shift_at(e: int, d: int) -> Option | None:
        if (e, d) in fixed:
            return fixed[e, d]
        o = chosen.get((e, d))
        return None if o is None else p.options[d][o]

    def fits(e: int, d: int, opt: Option) -> bool:
        contract = p.contracts[p.employees[e].contract]
        if paid[e] + opt.template.paid_minutes > band[e][1]:
            return False
        before, after = shift_at(e, d - 1), shift_at(e, d + 1)
        if before and not contract.rested(before.end, opt.start):
            return False
        if after and not contract.rested(opt.end, after.start):
            return False
        run, k = 1, d - 1
        while shift_at(e, k):
            run, k = run + 1, k - 1
        k = d + 1
        while shift_at(e, k):
            run, k = run + 1, k + 1
        if run > contract.max_consecutive_days:
            return False
        if contract.days_off_per_week:
            worked = sum(1 for dd in week if shift_at(e, dd))
            if worked + 1 > len(week) - contract.days_off_per_week:
                return False
        return True

    def strain(e: int, d: int, opt: Option) -> float:
        """The planner's preferences `opt` on day d would break for e: hours of start
        spread beyond the week's limit, and a single day off left beside it."""
        starts = [opt.start] + [s.start for dd in week if (s := shift_at(e, dd))]
        beyond = max(max(starts) - min(starts) - p.start_spread, 0) / 60
        lone = (pairs_days_off(p, p.contracts[p.employees[e].contract])
                and _leaves_lone_day_off(p, e, d, shift_at))
        return beyond + 2.0 * lone

    def worked(e: int) -> list[tuple[int, Option]]:
        """(day, shift) e works this month: weeks solved before and this week so far."""
        return [(dd, s) for dd in range(len(p.days)) if (s := shift_at(e, dd))]

    def fair_count(e: int, d: int, opt: Option) -> int:
        """Late or weekend shifts e has had this month that `opt` on day d would add to,
        and those the rotation plans for e after this week (`ahead`)."""
        mine = worked(e)
        return sum(1 for _, test in kinds if test(p.days[d], opt)
                   for dd, s in mine if test(p.days[dd], s)) + sum(
            (ahead or {}).get((kind, e), 0) for kind, test in kinds if test(p.days[d], opt))

    cover = np.zeros(len(p.required))

    def take(e: int, d: int, o: int) -> None:
        chosen[e, d] = o
        paid[e] += p.options[d][o].template.paid_minutes
        cover[[t for t in covered_slots(p, p.options[d][o]) if t < len(cover)]] += 1

    def gain(d: int, o: int) -> int:
        """Intervals the shift would cover that are still short of the requirement."""
        return sum(cover[t] < p.required[t] for t in covered_slots(p, p.options[d][o])
                   if t < len(cover))

    def so_far(e: int) -> tuple[int, int]:
        """Weekend days and late shifts e has worked this month before the week."""
        mine = worked(e)
        return (sum(p.days[dd].day_of_week in p.weekend for dd, _ in mine),
                sum(is_late(p, s) for _, s in mine))

    def across_the_edge(e: int, plan: WeekPlan) -> float:
        """What taking `plan` would break against the week before, already fixed: no
        start (or not the earliest) in the plan's band on the first day after the rest
        the person needs, or a run of days too long. (A single day off left on the edge
        is not priced here: on the bank example that halved the lone days off but locked
        the same people into late weeks, 4 to 20 late shifts a month.)"""
        emp = p.employees[e]
        contract = p.contracts[emp.contract]
        first = week[0]
        if first == 0 or first not in plan.days:
            return 0.0
        before = shift_at(e, first - 1)
        if before is not None:  # the band's starts the rest after that shift allows
            band = [contract.rested(before.end, o.start)
                    for o in band_shifts(p, emp.contract, first, plan)]
            if not any(band):
                return UNFIT_PLAN
            if not all(band):
                return BAND_CUT  # the early starts the mix planned in it would be lost
        run = 0
        while first - 1 - run >= 0 and shift_at(e, first - 1 - run):
            run += 1
        lead = next((i for i, d in enumerate(week) if d not in plan.days), len(week))
        return UNFIT_PLAN if run + lead > contract.max_consecutive_days else 0.0

    pattern = hand_out_patterns(p, week, mix, so_far, across_the_edge, rota)

    def on(e: int, d: int) -> bool:
        """May e work day d: usable, and a working day of their week's plan if any."""
        return bool(usable.get((e, d))) and (e not in pattern or d in pattern[e].days)

    def in_band(e: int, opt: Option) -> bool:
        """Does the shift start in e's planned band (anyone without a plan: yes)?"""
        return e not in pattern or opt.start in pattern[e].starts

    left: list[tuple[int, int]] = []
    for d in week:
        later = {e: sum(1 for dd in week if dd >= d and on(e, dd))
                 for e in range(len(p.employees))}
        wanted = [o for (_, dd, o), count in sorted(mix.items()) if dd == d
                  for _ in range(count)]
        people = [e for e in range(len(p.employees)) if on(e, d)]
        if not wanted or not people:
            left += [(d, o) for o in wanted]
            continue
        cost = np.full((len(wanted), len(people)), UNFIT)
        for j, e in enumerate(people):
            week_starts = [s.start for dd in week if (s := shift_at(e, dd))]
            need = (band[e][0] - paid[e]) / max(later[e], 1) / 60  # hours a day still due
            on_run = shift_at(e, d - 1) is not None
            for o in set(wanted) & set(usable[e, d]):
                opt = p.options[d][o]
                if not fits(e, d, opt) or not in_band(e, opt):
                    continue
                drift = (abs(opt.start - sum(week_starts) / len(week_starts)) / 60
                         if week_starts else 0.0)
                overtime = max(paid[e] + opt.template.paid_minutes - regular[e], 0) / 60
                value = (-10.0 * need + 2.0 * fair_count(e, d, opt) + 3.0 * drift
                         - 2.0 * on_run + 10.0 * strain(e, d, opt) + 4.0 * overtime)
                for k in np.flatnonzero(np.array(wanted) == o):
                    cost[k, j] = value
        rows_, cols_ = linear_sum_assignment(cost)
        done = set()
        for k, j in zip(rows_, cols_, strict=True):
            if cost[k, j] < UNFIT:
                take(people[j], d, wanted[k])
                done.add(k)
        left += [(d, wanted[k]) for k in range(len(wanted)) if k not in done]
        for e in people:  # a pattern's working day is worked: the shift that suits best
            if e in pattern and (e, d) not in chosen:
                fitting = [o for o in usable[e, d] if fits(e, d, p.options[d][o])]
                fitting = [o for o in fitting if in_band(e, p.options[d][o])] or fitting
                if fitting:
                    take(e, d, max(fitting, key=lambda o: gain(d, o)
                                   - 16 * strain(e, d, p.options[d][o])))
    # shifts the mix wants that nobody took on the day: anyone with room who fits
    for d, o in left:
        pool = [e for e in range(len(p.employees)) if (e, d) not in chosen and on(e, d)
                and o in usable.get((e, d), ()) and fits(e, d, p.options[d][o])]
        if pool:
            take(max(pool, key=lambda e: (band[e][0] - paid[e], band[e][1] - paid[e])), d, o)
    _top_up(p, week, chosen, paid, band, usable, fits, take, strain, gain)
    return chosen


def hand_out_patterns(p: RosterProblem, week: list[int], mix: Mix,
                      so_far: Callable[[int], tuple[int, int]],
                      edge: Callable[[int, WeekPlan], float] = lambda e, plan: 0.0,
                      rota: dict[int, WeekPlan] | None = None) -> dict[int, WeekPlan]:
    """Each person free all week gets one of the mix's week plans: their plan in the
    month's `rota` where there is one, else the plans heavy in weekend days and late
    starts go to the people with the fewest of them this month (`so_far(e)` -> weekend
    days, late shifts), so that the month evens out; and none to someone the week before
    rules it out for (`edge(e, plan)`: its price, e.g. an early start on the first day
    after a late last one). Anyone free part of the week gets the plan the mix made
    for them (`Mix.own`)."""
    out: dict[int, WeekPlan] = {}
    for cname, planned in getattr(mix, "patterns", {}).items():
        regular, _ = regular_people(p, week, cname)
        plans = [plan for plan, count in planned for _ in range(count)]
        if not regular or not plans:
            continue
        each = {plan: [sum(p.days[d].day_of_week in p.weekend for d in plan.days),
                       _late_days(p, cname, plan)] for plan, _count in planned}
        load = np.array([each[plan] for plan in plans])
        had = np.array([so_far(e) for e in regular], dtype=float)
        cost = had @ load.T  # people x plans: late and weekend work where there was least
        cost += np.array([[edge(e, plan) for plan in plans] for e in regular])
        if rota:
            cost += np.array([[OFF_ROTA * (e in rota and plan != rota[e]) for plan in plans]
                              for e in regular])
        rows_, cols_ = linear_sum_assignment(cost)
        out.update((regular[i], plans[j]) for i, j in zip(rows_, cols_, strict=True))
    out.update(getattr(mix, "own", {}))  # people free part of the week: their own plans
    return out


def _late_days(p: RosterProblem, cname: str, plan: WeekPlan) -> float:
    """Days of the plan whose shifts in its band are late ones (a share where some are)."""
    return band_share(p, cname, plan, lambda day, opt: is_late(p, opt))


def band_share(p: RosterProblem, cname: str, plan: WeekPlan, test) -> float:
    """Days of the plan whose shifts in its band pass `test(day, option)`: on each day
    the share of the contract's starts in the band that do."""
    total = 0.0
    for d in plan.days:
        inside = band_shifts(p, cname, d, plan)
        if inside:
            total += sum(bool(test(p.days[d], o)) for o in inside) / len(inside)
    return total


def _leaves_lone_day_off(p: RosterProblem, e: int, d: int, shift_at) -> bool:
    """Would working day d leave a single day off (d-1 or d+1) between two working days?"""
    emp = p.employees[e]
    for gap, far in ((d - 1, d - 2), (d + 1, d + 2)):
        if (0 < gap < len(p.days) - 1 and 0 <= far < len(p.days) and not shift_at(e, gap)
                and shift_at(e, far) and free_to_pair(p, emp, gap)):
            return True
    return False


def _top_up(p, week, chosen, paid, band, usable, fits, take, strain, gain) -> None:
    """People below their weekly minimum take the shifts covering the most uncovered need
    (`gain`, kept up to date by `take`), those keeping the planner's preferences first."""
    for e in range(len(p.employees)):
        while paid[e] < band[e][0]:
            best = None
            for d in week:
                if (e, d) in chosen:
                    continue
                for o in usable.get((e, d), ()):
                    opt = p.options[d][o]
                    if not fits(e, d, opt):
                        continue
                    score = gain(d, o) - 16 * strain(e, d, opt)
                    if best is None or score > best[0]:
                        best = (score, d, o)
            if best is None:
                break
            _, d, o = best
            take(e, d, o)
