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

import numpy as np
from scipy.optimize import LinearConstraint, milp
from scipy.sparse import coo_matrix

from wfm.schedule.roster.problem import (
    Option,
    RosterProblem,
    break_slots,
    covered_slots,
    shortfall_prices,
    weekly_band,
)

Mix = dict[tuple[str, int, int], int]  # (contract, day, option) -> shifts


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
    a = coo_matrix((rows.v, (rows.i, rows.j)), shape=(len(rows.lb), len(cols.cost))).tocsr()
    res = milp(np.array(cols.cost), constraints=LinearConstraint(a, rows.lb, rows.ub),
               integrality=np.array(cols.integer),
               bounds=(np.zeros(len(cols.cost)), np.array(cols.upper)),
               options={"time_limit": float(time_limit), "mip_rel_gap": 0.002})
    if res.x is None:
        return None
    return {key: round(float(res.x[j])) for key, j in n.items() if res.x[j] > 0.5}


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

    def take(e: int, d: int, o: int) -> None:
        chosen[e, d] = o
        paid[e] += p.options[d][o].template.paid_minutes

    for d in week:
        later = {e: sum(1 for dd in week if dd >= d and usable.get((e, dd)))
                 for e in range(len(p.employees))}
        wanted = sorted(((o, count) for (_, dd, o), count in mix.items() if dd == d),
                        key=lambda item: p.options[d][item[0]].start)
        for o, count in wanted:
            opt = p.options[d][o]
            for _ in range(count):
                pool = [e for e in range(len(p.employees)) if (e, d) not in chosen
                        and o in usable.get((e, d), ()) and fits(e, d, opt)]
                if not pool:
                    break
                e = max(pool, key=lambda e: ((band[e][0] - paid[e]) / max(later[e], 1),
                                             -paid[e]))
                take(e, d, o)
    _top_up(p, week, chosen, paid, band, usable, fits, take)
    return chosen


def _top_up(p, week, chosen, paid, band, usable, fits, take) -> None:
    """People below their weekly minimum take the shifts covering the most uncovered need."""
    cover = np.zeros(len(p.required))
    for (_, d), o in chosen.items():
        for t in covered_slots(p, p.options[d][o]):
            if t < len(cover):
                cover[t] += 1
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
                    gain = sum(max(p.required[t] - cover[t], 0.0) > 0
                               for t in covered_slots(p, opt) if t < len(cover))
                    if best is None or gain > best[0]:
                        best = (gain, d, o)
            if best is None:
                break
            _, d, o = best
            take(e, d, o)
            for t in covered_slots(p, p.options[d][o]):
                if t < len(cover):
                    cover[t] += 1
