"""Open hours a roster leaves short: below the floor of `[service] min_agents` where calls
are expected, or with fewer agents than the calls' workload; say when, how many, which
rule kept each person away, and what would fix it, in a planner's words."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from wfm.schedule.roster.model import RosterResult
from wfm.schedule.roster.problem import RosterProblem, covered_slots, week_groups, weekly_band
from wfm.schedule.staffing.agents import agents_on_phones, offered_load

FREE = "free, left off by the solver"
# why a person was not on the phones, and what would fix it
FIXES = {
    "no shift of theirs reaches it": "a [[shift]] template that reaches these hours, in "
                                     "the [[contract]]'s shifts",
    "at their weekly maximum": "overtime (a [[contract]] overtime_hours) or a hire (the staff "
                               "who could cover it are at their weekly maximum)",
    "on leave or not employed": "a hire, or moving leave out of this week",
    "too little rest before or after": "a later or earlier template, or overtime",
    "too many days in a row": "a hire (the staff who could cover it are at their "
                              "consecutive-day limit)",
    "on another shift, could have taken one covering it": "more solver time (--time-limit)",
    "on a break": "a second person to stagger breaks with (a hire or overtime)",
    "free, left off by the solver": "more solver time (--time-limit)",
}


@dataclass(frozen=True)
class Shortfall:
    """A stretch of a day's open intervals below the floor, with why."""

    start: pd.Timestamp
    end: pd.Timestamp
    scheduled: int  # the fewest on the phones in the stretch
    needed: int
    reasons: Counter  # reason -> people it kept away

    def line(self) -> str:
        """'Mon 07 Dec 19:00-20:00: 0 on the phones, 1 needed; of 80 staff, ...; fix: ...'"""
        why = ", ".join(f"{n} {reason}" for reason, n in self.reasons.most_common())
        top = self.reasons.most_common(1)[0][0] if self.reasons else ""
        return (f"{self.start:%a %d %b %H:%M}-{self.end:%H:%M}: {self.scheduled} on the "
                f"phones, {self.needed} needed; of the staff, {why}; fix: "
                f"{FIXES.get(top, 'a hire')}")


def floor_shortfalls(result: RosterResult) -> list[Shortfall]:
    """Every stretch of open intervals with calls below `min_agents`, day by day."""
    p = result.problem
    return _stretches(result, below_floor(result), np.minimum(p.min_agents, p.required))


def below_floor(result: RosterResult) -> np.ndarray:
    """Per interval: open, with staff required, and fewer than `min_agents` (or the
    requirement, if smaller) on the phones."""
    p = result.problem
    return p.open_slot & (p.required > 0) & (result.coverage < np.minimum(p.min_agents,
                                                                           p.required))


def overloaded_shortfalls(result: RosterResult) -> list[Shortfall]:
    """Every stretch of short intervals whose agents on the phones (after shrinkage) are
    no more than the calls' workload, day by day: the queue grows all interval and,
    by Erlang C, no call is answered in time. A monthly service level averages them
    away; the planner needs them named (the bank's Fridays at lunch)."""
    return _stretches(result, under_workload(result), result.problem.required)


def under_workload(result: RosterResult) -> np.ndarray:
    """Per interval: open, short of the requirement but not below the floor (those are
    `floor_shortfalls`), with no more agents on the phones than the calls' workload."""
    p = result.problem
    workload = offered_load(p.volume, p.aht, p.interval_seconds)
    agents = agents_on_phones(np.asarray(result.coverage, dtype=float), p.shrinkage)
    return (p.open_slot & (p.volume > 0) & (result.coverage < p.required)
            & ~below_floor(result) & (agents <= workload))


def _stretches(result: RosterResult, low: np.ndarray, need: np.ndarray) -> list[Shortfall]:
    """The runs of `low` intervals within each day, with the fewest on the phones, the
    most `need`ed and why people were away at the first interval."""
    p = result.problem
    index = pd.date_range(p.days[0], periods=len(p.required), freq=f"{p.grid}min")
    out = []
    t = 0
    while t < len(low):
        if not low[t]:
            t += 1
            continue
        end = t
        while end + 1 < len(low) and low[end + 1] and (end + 1) // p.slots == t // p.slots:
            end += 1
        out.append(Shortfall(index[t], index[end] + pd.Timedelta(minutes=p.grid),
                             int(result.coverage[t:end + 1].min()),
                             int(need[t:end + 1].max()), _reasons(result, t)))
        t = end + 1
    return out


def _reasons(result: RosterResult, t: int) -> Counter:
    """For each person not on the phones at interval t, the rule that kept them away
    (those on the phones are not counted)."""
    p = result.problem
    d = t // p.slots
    shifts = {(r.employee_id, int(r.day)): r for r in result.shifts.itertuples()}
    reasons: Counter = Counter()
    for emp in p.employees:
        if (emp.employee_id, d) in shifts:
            row = shifts[emp.employee_id, d]
            shift = p.options[d][int(row.option)]
            if t in covered_slots(p, shift):
                minute = (t - d * p.slots) * p.grid  # the interval, in the day's minutes
                if any(start < minute + p.grid and end > minute for _, start, end in row.breaks):
                    reasons["on a break"] += 1
                continue  # on the phones
            others = {k: v for k, v in shifts.items() if k != (emp.employee_id, d)}
            why = _why_not(p, result, others, emp, d, t)
            reasons["on another shift, could have taken one covering it"
                    if why == FREE else why] += 1
            continue
        reasons[_why_not(p, result, shifts, emp, d, t)] += 1
    return reasons


def _why_not(p: RosterProblem, result: RosterResult, shifts: dict, emp, d: int, t: int
             ) -> str:
    """Why a person off on day d could not take a shift covering interval t."""
    day = p.days[d]
    if not emp.employed_on(day) or (emp.employee_id, day) in p.approved:
        return "on leave or not employed"
    contract = p.contracts[emp.contract]
    reach = [o for o in p.options[d] if o.template.name in contract.shifts
             and t in covered_slots(p, o)]
    if not reach:
        return "no shift of theirs reaches it"
    week = next(w for w in week_groups(p) if d in w)
    paid = sum(shifts[emp.employee_id, k].paid_minutes for k in week
               if (emp.employee_id, k) in shifts)
    if paid + min(o.template.paid_minutes for o in reach) > weekly_band(
            p, emp, contract, week)[1]:
        return "at their weekly maximum"
    before, after = shifts.get((emp.employee_id, d - 1)), shifts.get((emp.employee_id, d + 1))
    if all((before is not None and not contract.rested(before.end, o.start))
           or (after is not None and not contract.rested(o.end, after.start))
           for o in reach):
        return "too little rest before or after"
    run, k = 1, d - 1
    while (emp.employee_id, k) in shifts:
        run, k = run + 1, k - 1
    k = d + 1
    while (emp.employee_id, k) in shifts:
        run, k = run + 1, k + 1
    if run > contract.max_consecutive_days:
        return "too many days in a row"
    return FREE
