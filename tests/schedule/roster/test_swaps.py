"""Shift swaps over the finished month: hand-worked months of two people where a trade of
a week evens out the late shifts, and where the only trades that would even them break
the rest between shifts or the longest run of days (and so are not made)."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

from wfm.schedule.roster.preferences import preference_penalties
from wfm.schedule.roster.problem import is_late, week_groups
from wfm.schedule.roster.swaps import swap_shifts

EARLY, LATE = 6 * 60, 16 * 60  # 06:00-14:00 and 16:00-24:00


def _rows(p, weeks: dict[int, list[tuple[str, int]]]) -> list[dict]:
    """Shift rows as the solver writes them: per person, a week plan per week, each
    (day letters of the week, Mon=0: "01234" is Monday to Friday; start)."""
    rows = []
    groups = week_groups(p)
    for e, plans in weeks.items():
        for week, (days, start) in zip(groups, plans, strict=False):
            for c in days:
                d = week[int(c)]
                o = next(i for i, opt in enumerate(p.options[d]) if opt.start == start)
                opt = p.options[d][o]
                rows.append({"employee": e, "employee_id": p.employees[e].employee_id,
                             "day": d, "option": o, "date": p.days[d],
                             "template": opt.template.name, "start": start,
                             "end": start + opt.template.minutes,
                             "paid_minutes": opt.template.paid_minutes, "breaks": []})
    return rows


def _late(p, rows: list[dict]) -> dict[int, int]:
    return {e: sum(is_late(p, p.options[r["day"]][r["option"]]) for r in rows
                   if r["employee"] == e) for e in (0, 1)}


def _shifts(rows: list[dict]) -> Counter:
    return Counter((r["day"], r["option"], tuple(r["breaks"])) for r in rows)


def test_a_trade_of_weeks_evens_out_late_shifts_and_leaves_the_cover_as_it_was(early_late):
    # Monday to Friday every week; E1 has three late weeks and an early one (15 late
    # shifts), E2 the other way round (5): trading one of the middle weeks gives each 10
    p = early_late()
    rows = _rows(p, {0: [("01234", LATE)] * 3 + [("01234", EARLY)],
                     1: [("01234", EARLY)] * 3 + [("01234", LATE)]})
    assert _late(p, rows) == {0: 15, 1: 5}
    new, trades = swap_shifts(p, rows)
    assert _late(p, new) == {0: 10, 1: 10}
    assert len(trades) == 1 and len(trades[0].days) == 7  # one whole week traded
    assert _shifts(new) == _shifts(rows)  # the same shifts on the same days: same cover
    for e in (0, 1):  # each still works Monday to Friday, 40 paid hours every week
        assert sorted(r["day"] for r in new if r["employee"] == e) == sorted(
            r["day"] for r in rows if r["employee"] == e)
    before = preference_penalties(p, pd.DataFrame(rows))["penalty"].sum()
    after = preference_penalties(p, pd.DataFrame(new))["penalty"].sum()
    assert after < before


@pytest.mark.parametrize(("rest", "max_run", "traded"), [
    (11, 10, False),  # the trades would leave 6 h between a Sunday late and a Monday early
    (0, 6, False),    # without the rest rule, they would make a run of ten days
    (0, 10, True),    # with neither rule in the way, the first week is traded
])
def test_a_trade_that_breaks_the_rest_or_the_run_of_days_is_not_made(rest, max_run, traded,
                                                                     early_late):
    # E1: two late weeks Wednesday to Sunday (ending Sunday 24:00), then early Wednesday
    # to Sunday; E2: early Monday to Friday three times. Ten late shifts against none;
    # trading the first week would give each five, but then E2 works late to Sunday
    # midnight and early on Monday at 06:00, ten days in a row; trading the second puts
    # E1 on early Monday after the Sunday late; a single day (late for early) spreads a
    # week's starts ten hours apart
    p = early_late(rest=rest, max_run=max_run)
    rows = _rows(p, {0: [("23456", LATE), ("23456", LATE), ("23456", EARLY)],
                     1: [("01234", EARLY)] * 3})
    new, trades = swap_shifts(p, rows)
    assert bool(trades) == traded
    assert _late(p, new) == ({0: 5, 1: 5} if traded else {0: 10, 1: 0})
    assert _shifts(new) == _shifts(rows)


def test_a_fair_month_is_left_as_it_is(early_late):
    p = early_late()
    rows = _rows(p, {0: [("01234", LATE), ("01234", EARLY)] * 2,
                     1: [("01234", EARLY), ("01234", LATE)] * 2})
    new, trades = swap_shifts(p, rows)
    assert trades == [] and new == rows


def _lone(p, rows: list[dict]) -> int:
    pen = preference_penalties(p, pd.DataFrame(rows))
    return int((pen["preference"] == "single day off between working days").sum())


@pytest.mark.parametrize(("hours", "overtime", "traded"), [
    ((0, 48), 0, True),   # room for a fifth shift: the lone Wednesday is mended
    ((0, 32), 8, False),  # a fifth shift is overtime, at a premium: the month costs more
])
def test_a_lone_day_off_is_mended_by_taking_a_shift_from_someone_it_leaves_no_gap(
        hours, overtime, traded, early_late):
    # E1 works early Monday, Tuesday, Thursday, Friday of the first week (Wednesday a
    # lone day off); E2, employed from that Wednesday, works early Wednesday to
    # Saturday. E1 taking E2's Wednesday (E1 Monday to Friday, E2 Thursday to Saturday)
    # leaves no lone day and the same shifts on the same days, but gives E1 a fifth
    # shift, 40 h; E2 cannot take E1's Monday or Tuesday in exchange
    p = early_late(hours=hours, overtime=overtime, second_starts="2027-02-03")
    rows = _rows(p, {0: [("0134", EARLY)], 1: [("2345", EARLY)]})
    assert _lone(p, rows) == 1
    new, trades = swap_shifts(p, rows)
    assert _shifts(new) == _shifts(rows)
    assert len(trades) == traded
    assert _lone(p, new) == (0 if traded else 1)


def test_two_weeks_of_spread_starts_are_mended_by_trading_one_days_shifts(early_late):
    # first week: E1 early Monday to Thursday and late on Friday, E2 the other way round
    # (each week's starts ten hours apart); second week E1 late, E2 early. Trading the
    # Fridays leaves both weeks in one band and each person five late shifts
    p = early_late()
    week = week_groups(p)[0]
    rows = _rows(p, {0: [("0123", EARLY), ("01234", LATE)], 1: [("0123", LATE), ("01234", EARLY)]})
    rows += _rows(p, {0: [("4", LATE)], 1: [("4", EARLY)]})
    spread = "start times in the week more than 2 h apart"
    before = preference_penalties(p, pd.DataFrame(rows))
    assert (before["preference"] == spread).sum() == 2
    new, trades = swap_shifts(p, rows)
    assert [t.days for t in trades] == [(week[4],)]
    after = preference_penalties(p, pd.DataFrame(new))
    assert (after["preference"] == spread).sum() == 0
    assert _late(p, new) == {0: 5, 1: 5}
    assert _shifts(new) == _shifts(rows)
