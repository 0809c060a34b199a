"""The month's rotation: which of each week's plans each person works.

The shift mix plans each week on its own: how many of a contract's people take each
week plan (working days and a band of starts). Who takes which is a question of the
whole month: late and weekend work evens out only over the month, and a week joins the
one before it without a single day off or a short rest only if the plans either side
fit (on a seven-day centre a Saturday-evening week is followed by a Sunday that starts
late, and a Friday worked with the Saturday off wants the Sunday off too). A small
CP-SAT model hands each week's plans to people over the whole month at once; the
week-by-week hand-out then follows it wherever the weeks as rostered still allow, and
before each week the weeks ahead are planned again from the month as rostered so far
(`rostered_so_far`): a week that left its plan moves the late work still to come.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model
from scipy.optimize import linear_sum_assignment

from wfm.schedule.roster.problem import (
    FAIR_EXCESS,
    LONE_DAY_OFF,
    PACE,
    Option,
    RosterProblem,
    fair_kinds,
    free_to_pair,
    pairs_days_off,
    whole_month,
)
from wfm.schedule.roster.shift_mix import (
    Mix,
    WeekPlan,
    band_share,
    band_shifts,
    beyond_maximum,
    plan_mixes,
    regular_people,
)
from wfm.schedule.solver import Progress, new_solver, run

LATE = "late shifts"  # the fair kind the mix's bands share out
TENTHS = 10  # counts in tenths of a shift: a band's late shifts are a share of its days
CUT_START = 2 * LONE_DAY_OFF  # a plan whose band the rest after the week before cuts
# (its earliest starts lost, which the mix counted on to open the day)
BROKEN = 1000 * TENTHS  # a plan the week as rostered leaves no rest or run of days for
# late shifts a contract's planned month may spread beyond fair_spread before the month
# is planned again (`plan_month`): the plans count a band's late starts as shares, which
# the roster rounds to whole shifts, so less than half a shift is left to it
UNEVEN_SLACK = 0.5


@dataclass(frozen=True)
class _Ends:
    """What a week plan shows the weeks either side: the days worked at its two ends,
    the runs of days reaching them, and the earliest and latest start and end there."""

    first: bool  # works the week's first day
    second: bool  # works the week's second day
    last: bool  # works the week's last day
    before_last: bool  # works the day before the last
    lead: int  # working days in a row from the first day
    trail: int  # working days in a row up to the last day
    first_starts: tuple[int, int]  # earliest, latest start on the first day (minutes)
    last_ends: tuple[int, int]  # earliest, latest end on the last day (minutes)


@dataclass(frozen=True)
class Rostered:
    """The weeks rostered so far, as a re-plan of the rotation starts from them."""

    weeks: int  # how many of the month's weeks are rostered
    counts: dict[tuple[str, int], int]  # (fair kind, employee) -> shifts so far, in tenths
    ends: dict[int, _Ends]  # employee -> the last rostered week's ends as worked
    rota: dict[tuple[int, int], WeekPlan]  # the rotation so far (the re-plan's start)


def rostered_so_far(p: RosterProblem, weeks: list[list[int]], done: int,
                    fixed: dict[tuple[int, int], Option],
                    rota: dict[tuple[int, int], WeekPlan]) -> Rostered:
    """What the first `done` weeks as rostered (`fixed`: (employee, day) -> shift) leave
    the rest of the month: each person's late and weekend shifts so far, counted as
    the rotation counts them, and how their last rostered week ends."""
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for (e, d), option in fixed.items():
        for kind, test in fair_kinds(p):
            if test(p.days[d], option):
                counts[kind, e] += TENTHS
    last = weeks[done - 1]
    ends = {}
    for e in range(len(p.employees)):
        worked = {d for d in range(last[-1] + 1) if (e, d) in fixed}
        lead = next((i for i, d in enumerate(last) if d not in worked), len(last))
        trail = next((i for i, d in enumerate(range(last[-1], -1, -1)) if d not in worked),
                     last[-1] + 1)
        first = fixed.get((e, last[0]))
        last_shift = fixed.get((e, last[-1]))
        starts = (first.start, first.start) if first else (0, 0)
        finish = last_shift.end if last_shift else 0
        ends[e] = _Ends(last[0] in worked, len(last) > 1 and last[1] in worked,
                        last[-1] in worked, len(last) > 1 and last[-2] in worked, lead, trail,
                        starts, (finish, finish))
    return Rostered(done, dict(counts), ends, rota)


def _ends(p: RosterProblem, cname: str, week: list[int], plan: WeekPlan) -> _Ends:
    """The plan's ends, from its days and the contract's shifts in its band."""
    first, last = week[0], week[-1]
    lead = next((i for i, d in enumerate(week) if d not in plan.days), len(week))
    trail = next((i for i, d in enumerate(reversed(week)) if d not in plan.days), len(week))
    starts = [o.start for o in band_shifts(p, cname, first, plan)] if first in plan.days else [0]
    ends = [o.end for o in band_shifts(p, cname, last, plan)] if last in plan.days else [0]
    return _Ends(first in plan.days, len(week) > 1 and week[1] in plan.days,
                 last in plan.days, len(week) > 1 and week[-2] in plan.days, lead, trail,
                 (min(starts, default=0), max(starts, default=0)),
                 (min(ends, default=0), max(ends, default=0)))


def _overtime_units(p: RosterProblem, cname: str, plan: WeekPlan) -> int:
    """The overtime premium a plan costs at the least, its shortest shifts beyond the
    contract's maximum, in the rotation's units (a tenth of `fairness_penalty`)."""
    contract = p.contracts[cname]
    beyond = beyond_maximum(p, contract, plan.days, plan.starts)
    rate = (p.overtime_premium - 1) * contract.cost_per_hour / 60
    return round(beyond * rate * TENTHS / max(p.weights["fairness_penalty"], 1e-9))


def _counts(p: RosterProblem, cname: str, plan: WeekPlan, mix: Mix | None = None
            ) -> dict[str, int]:
    """Per fair kind (late shifts, weekend days, each weekend day), the plan's shifts in
    tenths: a day whose band holds late and early starts counts its late share (as the
    week's `mix` gives its band, else the share of the band's starts that are late)."""
    out = {}
    for kind, test in fair_kinds(p):
        late = mix.late_days(cname, plan) if mix is not None and kind == LATE else None
        out[kind] = round(TENTHS * (band_share(p, cname, plan, test) if late is None
                                    else late))
    return out


def plan_month(p: RosterProblem, weeks: list[list[int]], mix_limit: float,
               rota_limit: float, seed: int = 0, workers: int = 1,
               progress: Progress | None = None
               ) -> tuple[list[Mix | None], dict[tuple[int, int], WeekPlan]]:
    """The month's shift mixes and their rotation. Each week's mix holds a person's late
    shifts near the week's share (`late_shares`), a guess at what the month can even
    out. Where the rotation shows a contract's late shifts still beyond `fair_spread`
    (by more than UNEVEN_SLACK), the month is planned again with that share one shift
    tighter (smaller shares even out more easily) and, if still uneven, one looser
    (whole late weeks may pair off evenly); each week's share is the one first worked
    out, so each week is one solve. The month that costs least in all is kept (the
    mixes' cover, pay and joins; the rotation's fairness, joins and overtime). On the
    bank a closing shift makes every start of a full-timer's week late, so late work
    came in weeks of five, and the mid-band weeks of three left over could not be
    shared so that everyone's month came within two (10 to 13). `progress` hears of
    each month planned again."""
    mixes = plan_mixes(p, weeks, mix_limit)
    rota, price = _rotation(p, weeks, mixes, rota_limit, seed, workers)
    uneven = [c for c, excess in late_excess(p, weeks, mixes, rota).items()
              if excess > UNEVEN_SLACK]
    if not uneven:
        return mixes, rota
    best = (_month_price(p, mixes, price), mixes, rota)
    for step in (-1, 1):
        if progress:
            whose = (f"the {uneven[0]} contract" if len(uneven) == 1 else
                     f"the {', '.join(uneven[:-1])} and {uneven[-1]} contracts")
            progress(f"late shifts of {whose} could not be shared "
                     f"within fair_spread {p.fair_spread} over the month: planning the "
                     f"month again with each week's late share one shift "
                     f"{'looser' if step > 0 else 'tighter'}")
        caps = [None if mix is None else
                {cname: max(cap + step, 1) if cname in uneven else cap
                 for cname, cap in mix.caps.items()} for mix in mixes]
        again = plan_mixes(p, weeks, mix_limit, caps)
        if any(new is None and old is not None for new, old in zip(again, mixes, strict=True)):
            continue  # a week the programme did not solve in time: no month to compare
        other, other_price = _rotation(p, weeks, again, rota_limit, seed, workers)
        total = _month_price(p, again, other_price)
        if total < best[0] - 1e-6:
            best = (total, again, other)
        if all(excess <= UNEVEN_SLACK
               for excess in late_excess(p, weeks, again, other).values()):
            break
    return best[1], best[2]


def late_excess(p: RosterProblem, weeks: list[list[int]], mixes: list[Mix | None],
                rota: dict[tuple[int, int], WeekPlan]) -> dict[str, float]:
    """Per contract, how far the rotation's late shifts for the people working the whole
    month spread beyond `fair_spread` (in shifts; a band's late starts count as shares)."""
    mix_of = {week[0]: mix for week, mix in zip(weeks, mixes, strict=True)}
    late: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for (e, first), plan in rota.items():
        emp = p.employees[e]
        if whole_month(p, emp):
            late[emp.contract][e] += _counts(p, emp.contract, plan, mix_of[first])[LATE]
    return {cname: max(0.0, (max(t.values()) - min(t.values())) / TENTHS - p.fair_spread)
            for cname, t in late.items() if len(t) > 1}


def _month_price(p: RosterProblem, mixes: list[Mix | None], rotation_price: float) -> float:
    """The month's mixes (their cover, pay and joins, without the late shares, which
    differ from one share to another) and its rotation (`rotation_price`, in tenths of
    `fairness_penalty`), in the mixes' money."""
    return (sum(mix.cost - mix.beyond for mix in mixes if mix is not None)
            + rotation_price * p.weights["fairness_penalty"] / TENTHS)


def plan_rotation(p: RosterProblem, weeks: list[list[int]], mixes: list[Mix | None],
                  time_limit: float, seed: int = 0, workers: int = 1,
                  rostered: Rostered | None = None) -> dict[tuple[int, int], WeekPlan]:
    """Each person's plan for each week the mix planned them in, (employee, week's
    first day) -> plan: every week's plans taken as often as the mix wants them, no
    join between weeks that breaks rest or the run of days, a single day off across a
    join priced as in the roster, and late and weekend work spread over the month as
    the roster's fairness prices it. When the model finds nothing in time, its start:
    the weeks handed out one after another (`_greedy_week`); {} without week plans.
    With `rostered`, only the weeks after those are planned, from where the rostered
    weeks left each person (their counts and their last week's end)."""
    return _rotation(p, weeks, mixes, time_limit, seed, workers, rostered)[0]


def _rotation(p: RosterProblem, weeks: list[list[int]], mixes: list[Mix | None],
              time_limit: float, seed: int = 0, workers: int = 1,
              rostered: Rostered | None = None
              ) -> tuple[dict[tuple[int, int], WeekPlan], float]:
    """`plan_rotation` and the price of what it found (joins, fairness and overtime, in
    tenths of `fairness_penalty`; infinite when only the hand-out start was kept)."""
    m = cp_model.CpModel()
    pick: dict[tuple[int, int], list[tuple[WeekPlan | None, cp_model.IntVar]]] = {}
    ends: dict[tuple[int, int], list[_Ends]] = {}
    counts: dict[tuple[str, str, int], list] = defaultdict(list)  # (kind, contract, e)
    start: dict[tuple[int, int], int] = {}  # (employee, week) -> plan: the first guess
    overtime: list = []  # the premium on each plan's paid minutes beyond the maximum
    kinds = [kind for kind, _ in fair_kinds(p)]
    had: dict[int, np.ndarray] = defaultdict(lambda: np.zeros(len(kinds)))
    done = 0 if rostered is None else rostered.weeks
    if rostered is not None and done:
        worked = m.NewBoolVar("rostered")  # the week as rostered: its one "plan"
        m.Add(worked == 1)
        for e, end in rostered.ends.items():
            pick[e, done - 1], ends[e, done - 1], start[e, done - 1] = [(None, worked)], [end], 0
        for (kind, e), tenths in rostered.counts.items():
            had[e][kinds.index(kind)] = tenths
    for w, (week, mix) in enumerate(zip(weeks, mixes, strict=True)):
        if w < done:
            continue
        for cname, planned in (mix.patterns if mix is not None else {}).items():
            regular, _ = regular_people(p, week, cname)
            if not planned or sum(n for _, n in planned) != len(regular):
                continue
            shape = [_ends(p, cname, week, plan) for plan, _ in planned]
            tally = [_counts(p, cname, plan, mix) for plan, _ in planned]
            ys = {e: [m.NewBoolVar(f"rota_{e}_{w}_{k}") for k in range(len(planned))]
                  for e in regular}
            over = [_overtime_units(p, cname, plan) for plan, _ in planned]
            for e, row in ys.items():
                m.AddExactlyOne(row)
                overtime += [u * y for u, y in zip(over, row, strict=True) if u]
                pick[e, w] = [(plan, y) for (plan, _), y in zip(planned, row, strict=True)]
                ends[e, w] = shape
                for kind in tally[0]:
                    counts[kind, cname, e].append(
                        sum(t[kind] * y for t, y in zip(tally, row, strict=True)))
            for k, (_, n) in enumerate(planned):
                m.Add(sum(ys[e][k] for e in regular) == n)
            join = (weeks[w - 1][-1], week[0]) if w else (-1, week[0])
            start.update(_greedy_week(p, w, regular, planned, shape, tally, start, ends, had,
                                      join))
    ahead = {key: options for key, options in pick.items() if key[1] >= done}
    if not ahead:
        return {}, 0.0
    if rostered is not None:
        for (kind, _, e), row in counts.items():
            row.append(rostered.counts.get((kind, e), 0))
        start.update(_as_before(weeks, ahead, rostered.rota))
    lone_price = LONE_DAY_OFF * TENTHS
    costs = _joins(p, weeks, m, pick, ends, lone_price, done)
    costs += _fair_month(p, m, counts)
    m.Minimize(sum(costs) + sum(overtime))
    for (e, w), options in ahead.items():  # start from the week-by-week hand-out
        for k, (_, y) in enumerate(options):
            m.AddHint(y, int(start[e, w] == k))
    solver = new_solver(time_limit, seed, workers)
    found = run(solver, m) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return ({(e, weeks[w][0]): plan for (e, w), options in ahead.items()
             for k, (plan, y) in enumerate(options)
             if (solver.Value(y) if found else start[e, w] == k)},
            solver.ObjectiveValue() if found else math.inf)


def _as_before(weeks: list[list[int]], ahead: dict, rota: dict[tuple[int, int], WeekPlan]
               ) -> dict[tuple[int, int], int]:
    """The earlier rotation's choices for the weeks still ahead, as the re-plan's start,
    or {} if it misses anyone (a week's plans are taken as often as its mix wants them
    only if the whole of it is kept)."""
    out = {}
    for (e, w), options in ahead.items():
        plans = [plan for plan, _ in options]
        chosen = rota.get((e, weeks[w][0]))
        if chosen not in plans:
            return {}
        out[e, w] = plans.index(chosen)
    return out


def _lone_across(p: RosterProblem, emp, join: tuple[int, int], a: _Ends, b: _Ends) -> int:
    """Lone days off a join leaves between plan `a` (the week before) and plan `b`: the
    last day (worked the day before it and the next week's first) and the first (worked
    the last day before it and the next week's second). `join`: (last day, first day)."""
    if not pairs_days_off(p, p.contracts[emp.contract]):
        return 0
    last, first = join
    return (int(free_to_pair(p, emp, last) and a.before_last and not a.last and b.first)
            + int(free_to_pair(p, emp, first) and a.last and b.second and not b.first))


def _greedy_week(p: RosterProblem, w: int, regular: list[int], planned: list, shape: list,
                 tally: list, start: dict, ends: dict, had: dict, join: tuple[int, int]
                 ) -> dict[tuple[int, int], int]:
    """A first guess at week w's rotation, the weeks before it guessed already: the
    plans heaviest in late and weekend work to those with the least so far (`had`, kept
    up to date), none across a join that breaks the rest or the run of days, and a lone
    day off across a join, or a first day whose early starts the rest cuts, avoided
    where it can be (priced as the model prices them: without the cut, the bank's start
    scored 46,406 against 1,185 with it, and the model's seconds went on undoing it)."""
    slots = [k for k, (_, n) in enumerate(planned) for _ in range(n)]
    load = np.array([list(tally[k].values()) for k in slots], dtype=float)
    scale = load.mean(axis=0) + 1.0  # each kind in units of its own mean, or late work
    # (five shifts a week) would drown weekend work (one or two) in the product
    cost = (np.array([had[e] for e in regular]) / scale) @ (load / scale).T
    for i, e in enumerate(regular):
        if (e, w - 1) not in start:
            continue
        a = ends[e, w - 1][start[e, w - 1]]
        emp = p.employees[e]
        contract = p.contracts[emp.contract]
        for j, k in enumerate(slots):
            b = shape[k]
            if a.last and b.first and (not contract.rested(a.last_ends[0], b.first_starts[1])
                                       or a.trail + b.lead > contract.max_consecutive_days):
                cost[i, j] += 1e6
                continue
            cut = a.last and b.first and not contract.rested(a.last_ends[1], b.first_starts[0])
            cost[i, j] += 1e4 * (_lone_across(p, emp, join, a, b)
                                 + CUT_START / LONE_DAY_OFF * cut)
    rows, cols = linear_sum_assignment(cost)
    out = {}
    for i, j in zip(rows, cols, strict=True):
        e, k = regular[i], slots[j]
        out[e, w] = k
        had[e] = had[e] + load[j]
    return out


def _joins(p: RosterProblem, weeks: list[list[int]], m: cp_model.CpModel, pick: dict,
           ends: dict, lone_price: int, done: int = 0) -> list:
    """Between each week and the next, per person planned in both: no plan pair whose
    join breaks the rest or the longest run of days, and a price on a single day off
    left on either side of the join (the last day of the week, or the first of the
    next) and on a first day whose early starts the rest rules out. After a week
    already rostered (before week `done`), a plan that breaks the rest or the run is
    priced BROKEN instead: the week as worked may leave someone no plan that fits."""
    costs = []
    for (e, w), options in pick.items():
        if (e, w + 1) not in pick:
            continue
        emp = p.employees[e]
        contract = p.contracts[emp.contract]
        before, after = ends[e, w], ends[e, w + 1]
        ys, zs = [y for _, y in options], [z for _, z in pick[e, w + 1]]
        last, first = weeks[w][-1], weeks[w + 1][0]
        for a, y in zip(before, ys, strict=True):
            for b, z in zip(after, zs, strict=True):
                if a.last and b.first:
                    if (not contract.rested(a.last_ends[0], b.first_starts[1])
                            or a.trail + b.lead > contract.max_consecutive_days):
                        if w < done:
                            costs.append(BROKEN * z)
                        else:
                            m.AddBoolOr([y.Not(), z.Not()])
                        continue
                    if not contract.rested(a.last_ends[1], b.first_starts[0]):
                        both = m.NewBoolVar("")
                        m.AddBoolOr([y.Not(), z.Not(), both])
                        costs.append(CUT_START * TENTHS * both)
        if not pairs_days_off(p, contract):
            continue
        # a lone last day: worked the day before it and the next week's first day
        if free_to_pair(p, emp, last) and len(weeks[w]) > 1:
            lone = m.NewBoolVar("")
            m.Add(sum(y for a, y in zip(before, ys, strict=True) if a.before_last and not a.last)
                  + sum(z for b, z in zip(after, zs, strict=True) if b.first) - 1 <= lone)
            costs.append(lone_price * lone)
        # a lone first day: worked the last day before it and the next week's second day
        if free_to_pair(p, emp, first) and len(weeks[w + 1]) > 1:
            lone = m.NewBoolVar("")
            m.Add(sum(y for a, y in zip(before, ys, strict=True) if a.last)
                  + sum(z for b, z in zip(after, zs, strict=True) if b.second and not b.first)
                  - 1 <= lone)
            costs.append(lone_price * lone)
    return costs


def _fair_month(p: RosterProblem, m: cp_model.CpModel, counts: dict) -> list:
    """Per contract and fair kind, the month's counts of the people planned in every week
    and working the whole month: the spread priced, each shift beyond `fair_spread`
    steeply, and each person's distance from the mean (as the roster's fairness does);
    as there, nobody with leave or a partial month goes beyond the busiest of them."""
    costs = []
    people: dict[tuple[str, str], list[int]] = defaultdict(list)
    for kind, cname, e in counts:
        people[kind, cname].append(e)
    for (kind, cname), members in people.items():
        whole = [e for e in members if whole_month(p, p.employees[e])]
        if len(whole) < 2:
            continue
        total = {e: sum(counts[kind, cname, e]) for e in members}
        most = TENTHS * len(p.days)
        top = m.NewIntVar(0, most, "")
        low = m.NewIntVar(0, most, "")
        over = m.NewIntVar(0, most, "")
        for e in members:
            m.Add(top >= total[e])
        for e in whole:
            m.Add(low <= total[e])
        m.Add(over >= top - low - TENTHS * p.fair_spread)
        costs += [top - low, FAIR_EXCESS * over]
        # each person's distance from the month's mean beyond half the spread: the range
        # alone leaves the people between the most and the fewest free to drift
        mean = m.NewIntVar(0, most, "")
        n = len(whole)
        m.Add(n * mean <= sum(total[e] for e in whole))
        m.Add(n * mean + n > sum(total[e] for e in whole))
        half = TENTHS * p.fair_spread // 2
        for e in whole:
            off = m.NewIntVar(0, most, "")
            m.Add(off >= total[e] - mean - half)
            m.Add(off >= mean - total[e] - half)
            costs.append(PACE * off)
    return costs


def planned_after(p: RosterProblem, rota: dict[tuple[int, int], WeekPlan], day: int,
                  mixes: dict[int, Mix | None]) -> dict[tuple[str, int], int]:
    """(fair kind, employee) -> the late and weekend shifts the rotation plans for the
    person after `day` (weeks starting later), in whole shifts: what the roster's month
    fairness adds to the weeks so far, so that a week is judged by the month it leads
    to, not by the weeks behind it alone. `mixes`: each week's mix by its first day."""
    out: dict[tuple[str, int], float] = defaultdict(float)
    for (e, first), plan in rota.items():
        if first > day:
            for kind, tenths in _counts(p, p.employees[e].contract, plan,
                                        mixes.get(first)).items():
                out[kind, e] += tenths / TENTHS
    return {key: round(value) for key, value in out.items()}
