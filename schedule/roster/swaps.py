"""Shift swaps over the month: two people of one contract trade weeks, or a day's
shifts, where the trade keeps every rule and makes the month fairer, or mends a lone day
off or a week of spread starts.

The weeks are solved one at a time, each judged by the month the rotation plans for the
weeks after it; what later weeks actually hand out can still leave late or weekend work
uneven when the month ends. A trade moves shifts between people and nothing else: every
interval's cover and the month's pay stay as they are, so it is done on the finished
month, wherever it lowers the month's price as `preferences.py` counts it (the range of
each fair kind, single days off, requests, weeks of spread starts).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from wfm.schedule.roster.preferences import fairness_price
from wfm.schedule.roster.problem import (
    LONE_DAY_OFF,
    SPREAD_WEEK,
    Option,
    RosterProblem,
    after_leave_week,
    fair_kinds,
    free_to_pair,
    lone_days,
    pairs_days_off,
    week_groups,
    weekly_band,
    whole_month,
)

EVENNESS = 0.01  # per unit of the sum of squared counts, in fairness_penalty units: among
# months of one price the more even one wins, so trades can walk off a plateau
MOST_ROUNDS_PER_PERSON = 4  # trades looked for, at most, per person of the team
GAIN = 1e-6  # a trade must lower the price by more than this


@dataclass(frozen=True)
class Trade:
    """Two people trade their shifts on `days` (whole weeks, or one day) for `gain`."""

    a: int
    b: int
    days: tuple[int, ...]
    gain: float


class _Month:
    """Who works which shift on each day, with each person's counts of the fair kinds,
    and the rules and prices a trade is judged by."""

    def __init__(self, p: RosterProblem, rows: list[dict]) -> None:
        self.p = p
        self.rows = rows
        self.weeks = week_groups(p)
        # the weeks a trade may take: any run of whole weeks (a Saturday-evening week and
        # the late-starting week it leads to go together)
        self.week_runs = [tuple(d for week in self.weeks[i:j] for d in week)
                          for i in range(len(self.weeks))
                          for j in range(i + 1, len(self.weeks) + 1)]
        self.week_of = {d: w for w, week in enumerate(self.weeks) for d in week}
        self.kinds = [test for _, test in fair_kinds(p)]
        self.worked: list[dict[int, Option]] = [{} for _ in p.employees]
        self.row_of: dict[tuple[int, int], int] = {}
        for i, r in enumerate(rows):
            e, d = int(r["employee"]), int(r["day"])
            self.worked[e][d] = p.options[d][int(r["option"])]
            self.row_of[e, d] = i
        self.members: dict[str, list[int]] = defaultdict(list)
        for e, emp in enumerate(p.employees):
            self.members[emp.contract].append(e)
        self.whole = {e for e, emp in enumerate(p.employees) if whole_month(p, emp)}
        # each person's days: could work (and so have a lone day off), asked off, back
        self.free = [{d for d in range(len(p.days)) if free_to_pair(p, emp, d)}
                     for emp in p.employees]
        self.requested = [{d for d, day in enumerate(p.days)
                           if (emp.employee_id, day) in p.requested} for emp in p.employees]
        self.back = [{d for d in range(len(p.days)) if after_leave_week(p, emp, d)}
                     for emp in p.employees]
        self.pairs = [pairs_days_off(p, p.contracts[emp.contract]) for emp in p.employees]
        self.band: dict[tuple[int, int], tuple[float, float]] = {}  # (person, week) -> paid
        self.lone = [self.lone_days(e) for e in range(len(p.employees))]
        self.spread = [self.spread_weeks(e) for e in range(len(p.employees))]
        self.version = [0] * len(p.employees)  # trades each person has made so far
        self.seen: dict[tuple, tuple] = {}  # a pair's best trade, and when it was found
        self.fair = p.weights["fairness_penalty"]
        # each shift's fair kinds (1 or 0 per kind), and each person's counts over the month
        self.flags = {(e, d): self.kind_flags(d, o) for e, mine in enumerate(self.worked)
                      for d, o in mine.items()}
        self.counts = [[0] * len(self.kinds) for _ in p.employees]
        for (e, _), flags in self.flags.items():
            self.counts[e] = [c + f for c, f in zip(self.counts[e], flags, strict=True)]
        self.tally = {}  # (contract, kind) -> (Counter of everyone's counts, of whole-month)
        for cname, members in self.members.items():
            for k in range(len(self.kinds)):
                self.tally[cname, k] = (Counter(self.counts[e][k] for e in members),
                                        Counter(self.counts[e][k] for e in members
                                                if e in self.whole))

    def lone_days(self, e: int, shifts: dict[int, Option] | None = None,
                  near: tuple[int, ...] | None = None) -> set[int]:
        """The person's single days off between two working days (where the contract
        pairs days off), in `shifts` (theirs as they are by default), on or beside the
        days `near` (the whole month by default): problem.lone_days with the person's
        free days kept, which the pass asks for thousands of times."""
        if not self.pairs[e]:
            return set()
        shifts = self.worked[e] if shifts is None else shifts
        days = None if near is None else range(min(near) - 1, max(near) + 2)
        return set(lone_days(self.p, self.p.employees[e], shifts, self.free[e], days))

    def spread_weeks(self, e: int, shifts: dict[int, Option] | None = None,
                     near: tuple[int, ...] | None = None) -> set[int]:
        """The weeks (their indices) whose starts spread wider than `start_spread_hours`
        in `shifts` (the person's as they are by default), among the weeks of `near`."""
        shifts = self.worked[e] if shifts is None else shifts
        weeks = range(len(self.weeks)) if near is None else {self.week_of[d] for d in near}
        out = set()
        for w in weeks:
            starts = [shifts[d].start for d in self.weeks[w] if d in shifts]
            if starts and max(starts) - min(starts) > self.p.start_spread:
                out.add(w)
        return out

    def kind_flags(self, d: int, option: Option) -> tuple[int, ...]:
        return tuple(int(bool(test(self.p.days[d], option))) for test in self.kinds)

    def moved(self, e: int, days: tuple[int, ...]) -> list[int]:
        """The fair-kind counts of e's shifts on `days`."""
        out = [0] * len(self.kinds)
        for d in days:
            for k, f in enumerate(self.flags.get((e, d), ())):
                out[k] += f
        return out

    # -- prices ----------------------------------------------------------------------

    def fairness_change(self, a: int, b: int, shift: list[int]) -> tuple[float, float]:
        """How much the contract's fairness price falls when `shift` (per kind) moves
        from a to b: each kind as preferences.py prices it (the range of everyone's
        counts against the fewest of the whole-month people), and apart from it the
        evenness tie-break on the whole-month people's squared counts."""
        cname = self.p.employees[a].contract
        fall = even = 0.0
        for k, m in enumerate(shift):
            if not m:
                continue
            everyone, whole = self.tally[cname, k]
            if sum(whole.values()) < 2:
                continue
            old = (self.counts[a][k], self.counts[b][k])
            new = (old[0] - m, old[1] + m)
            wide = [(e, o, n) for e, o, n in zip((a, b), old, new, strict=True)]
            top, low = max(everyone), min(whole)
            top2 = _extreme(everyone, [o for _, o, _ in wide], [n for _, _, n in wide], max)
            low2 = _extreme(whole, [o for e, o, _ in wide if e in self.whole],
                            [n for e, _, n in wide if e in self.whole], min)
            fall += fairness_price(self.p, top, low) - fairness_price(self.p, top2, low2)
            even += EVENNESS * self.fair * sum(o * o - n * n for e, o, n in wide
                                               if e in self.whole)
        return fall, even

    def person(self, e: int, shifts: dict[int, Option], days: tuple[int, ...]) -> float:
        """The person's own broken preferences that a trade on `days` can change (single
        days off beside them, requests and first days back worked on them, their weeks of
        spread starts): a trade's gain is this before less this after."""
        p = self.p
        price = LONE_DAY_OFF * self.fair * len(self.lone_days(e, shifts, days))
        worked = [d for d in days if d in shifts]
        price += p.weights["requested_off_penalty"] * len(self.requested[e].intersection(worked))
        price += p.weights["first_day_back_penalty"] * len(self.back[e].intersection(worked))
        price += SPREAD_WEEK * self.fair * len(self.spread_weeks(e, shifts, days))
        return price

    # -- rules -----------------------------------------------------------------------

    def keeps_rules(self, e: int, shifts: dict[int, Option], days: tuple[int, ...]) -> bool:
        """The hard rules for a person whose shifts on `days` changed: employed, not on
        approved leave, the contract's shifts, rest either side, the longest run of days,
        and the week's paid hours."""
        p, emp = self.p, self.p.employees[e]
        contract = p.contracts[emp.contract]
        for d in days:
            opt = shifts.get(d)
            if opt is None:
                continue
            if d not in self.free[e] or opt.template.name not in contract.shifts:
                return False
            for before, after in ((d - 1, d), (d, d + 1)):
                x, y = shifts.get(before), shifts.get(after)
                if x is not None and y is not None \
                        and not contract.rested(x.end, y.start):
                    return False
        most = contract.max_consecutive_days
        run = 0
        for d in range(max(min(days) - most, 0), min(max(days) + most + 1, len(p.days))):
            run = run + 1 if d in shifts else 0
            if run > most:
                return False
        for w in sorted({self.week_of[d] for d in days}):
            week = self.weeks[w]
            paid = sum(shifts[d].template.paid_minutes for d in week if d in shifts)
            if (e, w) not in self.band:
                self.band[e, w] = weekly_band(p, emp, contract, week)
            low, high = self.band[e, w]
            if paid < math.floor(low) or (high < 10_000 and paid > round(high)):
                return False
            if contract.days_off_per_week and sum(d in shifts for d in week) > max(
                    0, len(week) - contract.days_off_per_week):
                return False
        return True

    # -- trades ----------------------------------------------------------------------

    def traded(self, a: int, b: int, days: tuple[int, ...]
               ) -> tuple[dict[int, Option], dict[int, Option]]:
        """a's and b's shifts with those on `days` exchanged."""
        mine, theirs = dict(self.worked[a]), dict(self.worked[b])
        for d in days:
            x, y = self.worked[a].get(d), self.worked[b].get(d)
            mine.pop(d, None)
            theirs.pop(d, None)
            if y is not None:
                mine[d] = y
            if x is not None:
                theirs[d] = x
        return mine, theirs

    def gain(self, a: int, b: int, days: tuple[int, ...]) -> float:
        """How much the month's price falls if a and b trade their shifts on `days`;
        -inf when the trade breaks a rule, adds overtime, or makes either the fairness
        or a person's own week worse (a fairer month is not bought with a lone day off,
        nor a lone day off mended with an unfair month)."""
        shift = [x - y for x, y in zip(self.moved(a, days), self.moved(b, days), strict=True)]
        fair, even = self.fairness_change(a, b, shift) if any(shift) else (0.0, 0.0)
        if fair < -GAIN or (fair + even <= GAIN and not self.flawed(a, b, days)):
            return -math.inf  # the cheap tests first
        mine, theirs = self.traded(a, b, days)
        if not (self.keeps_rules(a, mine, days) and self.keeps_rules(b, theirs, days)):
            return -math.inf
        if self.overtime(a, mine, days) + self.overtime(b, theirs, days) > self.overtime(
                a, self.worked[a], days) + self.overtime(b, self.worked[b], days):
            return -math.inf  # the month's pay stays as it was
        own = (self.person(a, self.worked[a], days) + self.person(b, self.worked[b], days)
               - self.person(a, mine, days) - self.person(b, theirs, days))
        if own < -GAIN:
            return -math.inf
        return fair + even + own

    def flawed(self, a: int, b: int, days: tuple[int, ...]) -> bool:
        """Has a or b a single day off beside `days`, or a week of spread starts among
        theirs (a trade there may mend it)?"""
        return any(d + k in self.lone[e] for e in (a, b) for d in days for k in (-1, 0, 1)) \
            or any(self.week_of[d] in self.spread[e] for e in (a, b) for d in days)

    def overtime(self, e: int, shifts: dict[int, Option], days: tuple[int, ...]) -> float:
        """Paid minutes above the contract's weekly maximum in the weeks of `days`."""
        most = self.p.contracts[self.p.employees[e].contract].hours_max * 60
        return sum(max(sum(shifts[d].template.paid_minutes for d in self.weeks[w]
                           if d in shifts) - most, 0.0)
                   for w in {self.week_of[d] for d in days})

    def apply(self, trade: Trade) -> None:
        """Make the trade: the rows change hands, and the counts follow."""
        a, b = trade.a, trade.b
        mine, theirs = self.traded(a, b, trade.days)
        cname = self.p.employees[a].contract
        for e in (a, b):
            for k, c in enumerate(self.counts[e]):
                for tally in self.tally[cname, k][:1 + (e in self.whole)]:
                    tally[c] -= 1
                    if not tally[c]:
                        del tally[c]
        for d in trade.days:
            ia, ib = self.row_of.pop((a, d), None), self.row_of.pop((b, d), None)
            fa, fb = self.flags.pop((a, d), None), self.flags.pop((b, d), None)
            for i, f, e in ((ia, fa, b), (ib, fb, a)):
                if i is not None:
                    self.rows[i] = {**self.rows[i], "employee": e,
                                    "employee_id": self.p.employees[e].employee_id}
                    self.row_of[e, d] = i
                    self.flags[e, d] = f
        self.worked[a], self.worked[b] = mine, theirs
        for e in (a, b):
            self.version[e] += 1
            self.lone[e] = self.lone_days(e)
            self.spread[e] = self.spread_weeks(e)
            self.counts[e] = self.moved(e, tuple(self.worked[e]))
            for k, c in enumerate(self.counts[e]):
                for tally in self.tally[cname, k][:1 + (e in self.whole)]:
                    tally[c] += 1

    def candidates(self) -> list[tuple[int, int, bool]]:
        """Pairs worth a look, (a, b, for fairness?). For each kind whose range is wider
        than `fair_spread`: someone at its top with anyone of the contract two or more
        below, and a whole-month person at its bottom with anyone two or more above. For
        each single day off between working days and each week of spread starts: its
        person with anyone of the contract (see `mending`)."""
        pairs: set[tuple[int, int, bool]] = set()
        for (cname, k), (everyone, whole) in self.tally.items():
            if sum(whole.values()) < 2 or max(everyone) - min(whole) <= self.p.fair_spread:
                continue
            top, low = max(everyone), min(whole)
            members = self.members[cname]
            for e in members:
                if self.counts[e][k] == top:
                    pairs.update((e, x, True) for x in members if self.counts[x][k] <= top - 2)
                if self.counts[e][k] == low and e in self.whole:
                    pairs.update((x, e, True) for x in members if self.counts[x][k] >= low + 2)
        for e, (lone, spread) in enumerate(zip(self.lone, self.spread, strict=True)):
            if lone or spread:
                pairs.update((e, x, False) for x in self.members[self.p.employees[e].contract]
                             if x != e)
        return sorted(pairs)

    def mending(self, e: int) -> list[tuple[int, ...]]:
        """The days a trade may take to mend e's lone days off and weeks of spread
        starts: the lone day or a day beside it, alone or with another day of the same
        week (take Wednesday's shift and give Saturday's: Monday to Friday worked, the
        weekend off); any one day of a spread week (its odd start traded away)."""
        out: set[tuple[int, ...]] = set()
        for d in self.lone[e]:
            for x in (d - 1, d, d + 1):
                if x not in self.week_of:
                    continue
                out.add((x,))
                out.update(tuple(sorted((x, y))) for y in self.weeks[self.week_of[x]]
                           if y != x)
        for w in self.spread[e]:
            out.update((d,) for d in self.weeks[w])
        return sorted(out)

    def best_trade(self) -> Trade | None:
        """The trade that lowers the month's price the most among the candidate pairs:
        of a single week, one day both work (shifts of equal pay) or the days that mend
        a lone day off (`mending`), if any such trade helps; else of a longer run of
        weeks (it moves more than the month needs, and leaves fewer small trades). A
        pair's best is looked for again only when either person or their contract's
        fewest and most changed since it was last looked for."""
        pairs = self.candidates()
        shapes = {cname: tuple((max(everyone), min(whole, default=0))
                               for k, (everyone, whole) in enumerate(
                                   self.tally[cname, k] for k in range(len(self.kinds))))
                  for cname in self.members}
        for longer in (False, True):
            best: Trade | None = None
            for a, b, fairness in pairs:
                stamp = (self.version[a], self.version[b],
                         shapes[self.p.employees[a].contract])
                seen = self.seen.get((a, b, fairness, longer))
                if seen is not None and seen[0] == stamp:
                    found = seen[1]
                else:
                    found = self.pair_best(a, b, fairness, longer)
                    self.seen[a, b, fairness, longer] = (stamp, found)
                if found is not None and (best is None or found.gain > best.gain + GAIN):
                    best = found
            if best is not None:
                return best
        return None

    def pair_best(self, a: int, b: int, fairness: bool, longer: bool) -> Trade | None:
        """a's and b's best trade: for fairness, of a run of weeks (`longer`: two or
        more) or one day both work; else of the days that mend a's flaws."""
        if fairness:
            options = [run for run in self.week_runs if (len(run) > 7) == longer]
            if not longer:
                options += [(d,) for d in sorted(set(self.worked[a]) & set(self.worked[b]))
                            if self.flags[a, d] != self.flags[b, d]
                            and self.worked[a][d].template.paid_minutes
                            == self.worked[b][d].template.paid_minutes]
        else:
            options = [] if longer else self.mending(a)
        best: Trade | None = None
        for days in options:
            g = self.gain(a, b, days)
            if g > GAIN and (best is None or g > best.gain + GAIN):
                best = Trade(a, b, days, g)
        return best


def _extreme(tally: Counter, old: list[int], new: list[int], pick) -> int:
    """The largest (`pick`=max) or smallest (min) count once the people counted at `old`
    are counted at `new` instead."""
    left = Counter(tally)
    left.subtract(old)
    return pick([v for v, n in left.items() if n > 0] + new)


def swap_shifts(p: RosterProblem, rows: list[dict]) -> tuple[list[dict], list[Trade]]:
    """The month's shift rows after the trades that make it fairer (best first, until
    none is left or each person has had a few), and the trades made. Cover, pay, hours
    and every hard rule stay as they were."""
    month = _Month(p, list(rows))
    trades: list[Trade] = []
    for _ in range(MOST_ROUNDS_PER_PERSON * len(p.employees)):
        trade = month.best_trade()
        if trade is None:
            break
        month.apply(trade)
        trades.append(trade)
    return month.rows, trades
