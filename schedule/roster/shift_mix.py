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
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy.optimize import LinearConstraint, linear_sum_assignment, milp
from scipy.sparse import coo_matrix

from wfm.schedule.roster.problem import (
    LONE_DAY_OFF,
    Option,
    RosterProblem,
    break_slots,
    covered_slots,
    fair_kinds,
    free_to_pair,
    pairs_days_off,
    shortfall_prices,
    weekly_band,
)


class Mix(dict):
    """(contract, day, option) -> shifts, with `patterns`: per contract, the weeks of
    working days (days off together) the mix planned for people free all week and how
    many people take each."""

    patterns: dict[str, list[tuple[frozenset[int], int]]]

    def __init__(self, counts: dict, patterns: dict | None = None) -> None:
        super().__init__(counts)
        self.patterns = patterns or {}

UNFIT = 1e9  # the cost of handing a shift to someone whose rules it breaks


@dataclass
class _Columns:
    """Variables of the programme: names, costs, bounds and integrality side by side."""

    cost: list[float]
    upper: list[float]
    integer: list[int]

    def add(self, cost: float, upper: float = np.inf, integer: bool = True) -> int:
        self.cost.append(cost)
        self.upper.append(upper)
        self.integer.append(int(integer))
        return len(self.cost) - 1


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


def free_people(p: RosterProblem, d: int) -> list[int]:
    """Employees who may work day d at all (employed, not on approved leave)."""
    day = p.days[d]
    return [e for e, emp in enumerate(p.employees)
            if emp.employed_on(day) and (emp.employee_id, day) not in p.approved]


def plan_mix(p: RosterProblem, week: list[int], time_limit: float = 10.0) -> Mix | None:
    """The week's cheapest shift mix by contract (paid cost plus late calls priced as in
    the roster), or None when the programme finds nothing in time."""
    cols = _Columns([], [], [])
    rows = _Rows()
    penalty = p.weights["late_call_penalty"]
    n: dict[tuple[str, int, int], int] = {}
    for cname, contract in p.contracts.items():
        allowed = set(contract.shifts)
        for d in week:
            for o, opt in enumerate(p.options[d]):
                if opt.template.name in allowed:
                    n[cname, d, o] = cols.add(contract.cost_per_hour
                                              * opt.template.paid_minutes / 60)
    if not n:
        return None
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
            prices = shortfall_prices(p, t, need)
            short = [(cols.add(penalty * price, 1.0, False), 1.0) for price in prices]
            if need > len(prices):
                short.append((cols.add(penalty * prices[-1], need - len(prices), False), 1.0))
            rows.add(cover[t] + short, need, np.inf)
    _contract_rows(p, week, n, rows)
    patterns = _pattern_rows(p, week, n, rows, cols)
    a = coo_matrix((rows.v, (rows.i, rows.j)), shape=(len(rows.lb), len(cols.cost))).tocsr()
    res = milp(np.array(cols.cost), constraints=LinearConstraint(a, rows.lb, rows.ub),
               integrality=np.array(cols.integer),
               bounds=(np.zeros(len(cols.cost)), np.array(cols.upper)),
               options={"time_limit": float(time_limit), "mip_rel_gap": 0.002})
    if res.x is None:
        return None
    return Mix({key: round(float(res.x[j])) for key, j in n.items() if res.x[j] > 0.5},
               {c: [(pat, round(float(res.x[j]))) for pat, j in cols_ if res.x[j] > 0.5]
                for c, cols_ in patterns.items()})


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
    inside the band whatever shift each day gets (else with some)."""
    contract = p.contracts[cname]
    low, high = weekly_band(p, p.employees[first], contract, week)
    paid = {d: [o.template.paid_minutes for o in p.options[d]
                if o.template.name in contract.shifts] for d in days}
    kept = [frozenset(c) for k in range(1, len(days) + 1) for c in combinations(days, k)
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


def _pattern_rows(p: RosterProblem, week: list[int], n: dict[tuple[str, int, int], int],
                  rows: _Rows, cols: _Columns) -> dict[str, list[tuple[frozenset[int], int]]]:
    """Per contract whose days off come together: each person free all week takes one
    pattern of working days (a lone day off in it priced as in the roster), and each
    day's shifts are at least the people whose pattern works it and at most those plus
    the others free that day."""
    out = {}
    for cname, contract in p.contracts.items():
        regular, days = regular_people(p, week, cname)
        if not regular or not pairs_days_off(p, contract):
            continue
        patterns = week_patterns(p, week, cname, days, regular[0])
        if not patterns:
            continue
        lone = LONE_DAY_OFF * p.weights["fairness_penalty"]
        js = [(pat, cols.add(lone * lone_days_off(pat, days))) for pat in patterns]
        out[cname] = js
        rows.add([(j, 1.0) for _, j in js], len(regular), len(regular))
        others = {d: sum(1 for e in free_people(p, d) if p.employees[e].contract == cname
                         and e not in regular) for d in days}
        for d in days:
            shifts = [(j, 1.0) for (c, dd, _), j in n.items() if c == cname and dd == d]
            working = [(j, -1.0) for pat, j in js if d in pat]
            rows.add(shifts + working, 0.0, others[d])
    return out


def _contract_rows(p: RosterProblem, week: list[int], n: dict[tuple[str, int, int], int],
                   rows: _Rows) -> None:
    """Per contract: no more shifts a day than people free, and the week's paid hours and
    shift count inside what its people's contracts allow, added up."""
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


def assign_mix(p: RosterProblem, week: list[int], mix: Mix,
               fixed: dict[tuple[int, int], Option], usable: dict[tuple[int, int], list[int]]
               ) -> dict[tuple[int, int], int]:
    """Hand the mix's shifts to named people day by day, keeping rest, runs of days and
    the weekly maximum; those furthest below their weekly minimum go first. People still
    short of their minimum then take the shifts that cover the most uncovered need.

    `usable[e, d]` lists the option indices person e may work on day d. Returns
    (employee, day) -> option.
    """
    chosen: dict[tuple[int, int], int] = {}
    paid = defaultdict(float)
    kinds = fair_kinds(p)
    band = {}
    for e, emp in enumerate(p.employees):
        band[e] = weekly_band(p, emp, p.contracts[emp.contract], week)

    def shift_at(e: int, d: int) -> Option | None:
        if (e, d) in fixed:
            return fixed[e, d]
        o = chosen.get((e, d))
        return None if o is None else p.options[d][o]

    def fits(e: int, d: int, opt: Option) -> bool:
        contract = p.contracts[p.employees[e].contract]
        if paid[e] + opt.template.paid_minutes > band[e][1]:
            return False
        rest = contract.min_rest_hours * 60
        before, after = shift_at(e, d - 1), shift_at(e, d + 1)
        if before and opt.start + 1440 - (before.start + before.template.minutes) < rest:
            return False
        if after and after.start + 1440 - (opt.start + opt.template.minutes) < rest:
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

    def fair_count(e: int, d: int, opt: Option) -> int:
        """Late or weekend shifts e has had this month that `opt` on day d would add to."""
        mine = [(dd, s) for dd in range(len(p.days)) if (s := shift_at(e, dd))]
        return sum(1 for _, test in kinds if test(p.days[d], opt)
                   for dd, s in mine if test(p.days[dd], s))

    cover = np.zeros(len(p.required))

    def take(e: int, d: int, o: int) -> None:
        chosen[e, d] = o
        paid[e] += p.options[d][o].template.paid_minutes
        cover[[t for t in covered_slots(p, p.options[d][o]) if t < len(cover)]] += 1

    def gain(d: int, o: int) -> int:
        """Intervals the shift would cover that are still short of the requirement."""
        return sum(cover[t] < p.required[t] for t in covered_slots(p, p.options[d][o])
                   if t < len(cover))

    pattern = hand_out_patterns(p, week, mix, lambda e: sum(
        1 for dd in range(len(p.days)) if (_s := shift_at(e, dd))
        and p.days[dd].day_of_week in p.weekend))

    def on(e: int, d: int) -> bool:
        """May e work day d: usable, and a working day of their week's pattern if any."""
        return bool(usable.get((e, d))) and (e not in pattern or d in pattern[e])

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
                if not fits(e, d, opt):
                    continue
                drift = (abs(opt.start - sum(week_starts) / len(week_starts)) / 60
                         if week_starts else 0.0)
                value = (-10.0 * need + 2.0 * fair_count(e, d, opt) + 3.0 * drift
                         - 2.0 * on_run + 10.0 * strain(e, d, opt))
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


def hand_out_patterns(p: RosterProblem, week: list[int], mix: Mix, weekend_days
                      ) -> dict[int, frozenset[int]]:
    """Each person free all week gets one of the mix's patterns of working days; those
    with weekend days go to the people with the fewest weekend days so far."""
    out: dict[int, frozenset[int]] = {}
    for cname, planned in getattr(mix, "patterns", {}).items():
        regular, _ = regular_people(p, week, cname)
        order = sorted(regular, key=lambda e: (weekend_days(e), p.employees[e].employee_id))
        handed = sorted((pat for pat, count in planned for _ in range(count)),
                        key=lambda pat: -sum(p.days[d].day_of_week in p.weekend for d in pat))
        out.update(zip(order, handed, strict=False))
    return out


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
