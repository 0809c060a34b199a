"""The month's rotation of week plans: hand-worked months of two people and two weeks,
where the join between the weeks (rest, a lone day off) or the month's fairness decides
who takes which plan."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from wfm.schedule.roster.problem import week_groups
from wfm.schedule.roster.rotation import (
    _counts,
    _ends,
    _greedy_week,
    late_excess,
    plan_month,
    plan_rotation,
    planned_after,
    rostered_so_far,
)
from wfm.schedule.roster.shift_mix import Mix, WeekPlan
from wfm.schedule.roster.staff import Employee

EARLY, LATE = 6 * 60, 16 * 60  # 06:00-14:00 and 16:00-24:00


def _plan(week: list[int], days: str, start: int) -> WeekPlan:
    """A week plan from day letters of the week (Mon=0: "01234" is Monday to Friday)."""
    return WeekPlan(frozenset(week[int(c)] for c in days), frozenset({start}))


def _mix(p, week: list[int], *plans: WeekPlan) -> Mix:
    """The week's mix as the rotation reads it: one person per plan, every shift of a
    late plan late."""
    late = {("ft", plan.starts, d): 1.0 for plan in plans if LATE in plan.starts
            for d in plan.days}
    return Mix({}, {"ft": [(plan, 1) for plan in plans]}, late)


def _weeks(p) -> list[list[int]]:
    weeks = week_groups(p)
    assert [len(w) for w in weeks] == [7, 7, 7, 7]
    return weeks[:2]


def test_a_week_ending_late_on_sunday_is_followed_by_a_monday_that_keeps_the_rest(early_late):
    # week 1: one person works Wed-Sun late (ends Sunday 24:00), the other Mon-Fri early;
    # week 2: one plan Mon-Fri early (06:00 Monday: 6 h after Sunday's end, short of the
    # 11 h rest) and one Mon-Fri late. Fairness alone would give the second week's late
    # plan to the person who had the early week; the rest rule gives it to the one who
    # ended late on Sunday
    p = early_late(max_run=10)
    w1, w2 = _weeks(p)
    late_end, early = _plan(w1, "23456", LATE), _plan(w1, "01234", EARLY)
    after_early, after_late = _plan(w2, "01234", EARLY), _plan(w2, "01234", LATE)
    rota = plan_rotation(p, [w1, w2], [_mix(p, w1, late_end, early),
                                       _mix(p, w2, after_early, after_late)], time_limit=5)
    first = {rota[e, w1[0]]: e for e in (0, 1)}
    assert rota[first[late_end], w2[0]] == after_late
    assert rota[first[early], w2[0]] == after_early


def test_a_single_day_off_across_the_join_is_avoided_where_the_plans_allow(early_late):
    # week 1: Thu-Sun early (Sunday worked) and Mon-Wed early; week 2: Tue-Fri early
    # (Monday off) and Mon-Thu early. Thu-Sun then Tue-Fri leaves Monday a lone day off
    # between two working days; the other way round leaves none
    p = early_late(max_run=10)
    w1, w2 = _weeks(p)
    ends_sunday, ends_wednesday = _plan(w1, "3456", EARLY), _plan(w1, "012", EARLY)
    monday_off, monday_on = _plan(w2, "1234", EARLY), _plan(w2, "0123", EARLY)
    rota = plan_rotation(p, [w1, w2], [_mix(p, w1, ends_sunday, ends_wednesday),
                                       _mix(p, w2, monday_off, monday_on)], time_limit=5)
    first = {rota[e, w1[0]]: e for e in (0, 1)}
    assert rota[first[ends_sunday], w2[0]] == monday_on
    assert rota[first[ends_wednesday], w2[0]] == monday_off


def test_late_weeks_are_shared_out_over_the_month(early_late):
    # each week has one late week (five late shifts) and one early; one person taking
    # both would be ten late shifts against none, so each takes one; and the roster's
    # fairness, judging the first week, counts the late week still to come
    p = early_late()
    w1, w2 = _weeks(p)
    plans = {w[0]: (_plan(w, "01234", LATE), _plan(w, "01234", EARLY)) for w in (w1, w2)}
    mixes = {w[0]: _mix(p, w, *plans[w[0]]) for w in (w1, w2)}
    rota = plan_rotation(p, [w1, w2], [mixes[w1[0]], mixes[w2[0]]], time_limit=5)
    late_weeks = {e: sum(rota[e, w[0]] == plans[w[0]][0] for w in (w1, w2)) for e in (0, 1)}
    assert late_weeks == {0: 1, 1: 1}
    ahead = planned_after(p, rota, w1[0], mixes)
    late_second = next(e for e in (0, 1) if rota[e, w2[0]] == plans[w2[0]][0])
    assert ahead["late shifts", late_second] == 5
    assert ahead.get(("late shifts", 1 - late_second), 0) == 0


def test_late_excess_is_the_months_late_range_beyond_the_fair_spread(early_late):
    # two weeks each of one late week (five late shifts) and one early: E1 taking both
    # late weeks has ten against none, eight beyond fair_spread 2; one each is even
    p = early_late()
    w1, w2 = _weeks(p)
    plans = {w[0]: (_plan(w, "01234", LATE), _plan(w, "01234", EARLY)) for w in (w1, w2)}
    mixes = [_mix(p, w, *plans[w[0]]) for w in (w1, w2)]
    both = {(0, w1[0]): plans[w1[0]][0], (1, w1[0]): plans[w1[0]][1],
            (0, w2[0]): plans[w2[0]][0], (1, w2[0]): plans[w2[0]][1]}
    assert late_excess(p, [w1, w2], mixes, both) == {"ft": 8.0}
    one_each = {**both, (0, w2[0]): plans[w2[0]][1], (1, w2[0]): plans[w2[0]][0]}
    assert late_excess(p, [w1, w2], mixes, one_each) == {"ft": 0.0}


def _fake_month(monkeypatch, months: dict[int, tuple[float, float]]) -> list:
    """plan_month's mixes and rotation faked: share step -> (the month's price, or None
    for a week not solved; its late excess); the first mix holds a share of 3. Returns
    the steps planned, in order."""
    from wfm.schedule.roster import rotation

    planned = []

    def mixes(p, weeks, limit, caps=None):
        step = 0 if caps is None else caps[0]["ft"] - 3
        planned.append(step)
        if months[step][0] is None:  # a week the programme did not solve
            return [None]
        return [Mix({}, cost=months[step][0], caps={"ft": 3 + step})]

    def rotate(p, weeks, mixes, limit, seed, workers):
        return {"step": planned[-1]}, 0.0

    monkeypatch.setattr(rotation, "plan_mixes", mixes)
    monkeypatch.setattr(rotation, "_rotation", rotate)
    monkeypatch.setattr(rotation, "late_excess",
                        lambda p, weeks, mixes, rota: {"ft": months[rota["step"]][1]})
    return planned


def test_an_uneven_month_is_planned_again_and_the_cheaper_month_kept(early_late,
                                                                     monkeypatch):
    p = early_late()
    # even at the first try: planned once
    planned = _fake_month(monkeypatch, {0: (100.0, 0.5)})
    assert plan_month(p, [], 1, 1)[1] == {"step": 0} and planned == [0]
    # uneven: a shift tighter evens it out at no more cost, so the looser is not tried
    planned = _fake_month(monkeypatch, {0: (100.0, 0.8), -1: (90.0, 0.0)})
    assert plan_month(p, [], 1, 1)[1] == {"step": -1} and planned == [0, -1]
    # tighter is still uneven: the looser is tried too, and the cheapest month kept
    planned = _fake_month(monkeypatch, {0: (100.0, 0.8), -1: (120.0, 0.8), 1: (95.0, 0.0)})
    assert plan_month(p, [], 1, 1)[1] == {"step": 1} and planned == [0, -1, 1]
    planned = _fake_month(monkeypatch, {0: (100.0, 0.8), -1: (120.0, 0.8), 1: (130.0, 0.0)})
    assert plan_month(p, [], 1, 1)[1] == {"step": 0} and planned == [0, -1, 1]
    # a month missing a week's mix is no month to keep, however cheap
    planned = _fake_month(monkeypatch, {0: (100.0, 0.8), -1: (None, 0.0), 1: (95.0, 0.0)})
    assert plan_month(p, [], 1, 1)[1] == {"step": 1} and planned == [0, -1, 1]


def test_a_month_planned_again_says_which_contracts_were_uneven(early_late, monkeypatch):
    from wfm.schedule.roster import rotation

    p = early_late()
    _fake_month(monkeypatch, {0: (100.0, 0.8), -1: (90.0, 0.0)})
    said = []
    plan_month(p, [], 1, 1, progress=said.append)
    assert said == ["late shifts of the ft contract could not be shared within fair_spread "
                    f"{p.fair_spread} over the month: planning the month again with each "
                    "week's late share one shift tighter"]
    _fake_month(monkeypatch, {0: (100.0, 0.8), -1: (90.0, 0.8), 1: (95.0, 0.8)})
    monkeypatch.setattr(rotation, "late_excess", lambda *_: {"ft": 0.8, "pt": 1.0, "x": 0.6})
    said = []
    plan_month(p, [], 1, 1, progress=said.append)
    assert [line[:64] for line in said] == [
        "late shifts of the ft, pt and x contracts could not be shared wi"] * 2
    assert said[1].endswith("one shift looser")


def test_no_rotation_without_week_plans(early_late):
    p = early_late()
    w1, w2 = _weeks(p)
    assert plan_rotation(p, [w1, w2], [None, None], time_limit=1) == {}


def test_a_rotation_cut_short_still_hands_every_plan_out_as_often_as_the_mix_wants(early_late):
    # at the smallest time limit the model may find nothing: the week-by-week start is
    # returned, every person with one plan a week and every plan taken once
    p = early_late()
    w1, w2 = _weeks(p)
    plans = {w[0]: (_plan(w, "01234", LATE), _plan(w, "01234", EARLY)) for w in (w1, w2)}
    rota = plan_rotation(p, [w1, w2], [_mix(p, w, *plans[w[0]]) for w in (w1, w2)],
                         time_limit=0.0)
    for w in (w1, w2):
        assert {rota[e, w[0]] for e in (0, 1)} == set(plans[w[0]])


def _worked(p, week: list[int], who: int, days: str, start: int) -> dict:
    """(employee, day) -> shift, as a rostered week: `who` works `days` at `start`."""
    return {(who, week[int(c)]): next(o for o in p.options[week[int(c)]] if o.start == start)
            for c in days}


def test_the_weeks_ahead_are_replanned_from_the_shifts_people_were_actually_given(early_late):
    # the first rotation gave E1 the early week and E2 the late one, then the late week
    # again to E2 in week 2; the roster went the other way in week 1 (E1 worked the
    # five late shifts). Re-planned from the month as rostered, week 2's late week goes
    # to E2, and the counts and the week's end are those worked
    p = early_late()
    w1, w2 = _weeks(p)
    late1, early1 = _plan(w1, "01234", LATE), _plan(w1, "01234", EARLY)
    late2, early2 = _plan(w2, "01234", LATE), _plan(w2, "01234", EARLY)
    mixes = [_mix(p, w1, late1, early1), _mix(p, w2, late2, early2)]
    first = {(0, w1[0]): early1, (1, w1[0]): late1, (0, w2[0]): late2, (1, w2[0]): early2}
    fixed = {**_worked(p, w1, 0, "01234", LATE), **_worked(p, w1, 1, "01234", EARLY)}
    so_far = rostered_so_far(p, [w1, w2], 1, fixed, first)
    assert so_far.counts == {("late shifts", 0): 50}  # tenths of a shift
    assert so_far.ends[0].lead == 5 and so_far.ends[0].trail == 0  # Sunday off
    rota = plan_rotation(p, [w1, w2], mixes, time_limit=5, rostered=so_far)
    assert rota == {(0, w2[0]): early2, (1, w2[0]): late2}


def test_a_partial_month_is_not_planned_beyond_the_busiest_whole_month(early_late):
    # E2 joins on Wednesday 3 February and works three late shifts; E1 worked none and
    # E3 two. Fairness between the whole-month people alone would hand week 2's late
    # week to E2 (eight late shifts against E1's none and E3's two); as in the roster,
    # nobody with a partial month goes beyond the busiest whole-month person, so E1
    # takes it (five, against E3's two and E2's three)
    p = early_late(second_starts="2027-02-03")
    assert p.employees[1].start_date == pd.Timestamp("2027-02-03")
    p.employees.append(Employee("E3", "Three", "ft"))
    w1, w2 = _weeks(p)
    late2, early2 = _plan(w2, "01234", LATE), _plan(w2, "01234", EARLY)
    mix2 = Mix({}, {"ft": [(late2, 1), (early2, 2)]},
               {("ft", late2.starts, d): 1.0 for d in late2.days})
    fixed = {**_worked(p, w1, 0, "01234", EARLY), **_worked(p, w1, 1, "234", LATE),
             **_worked(p, w1, 2, "012", EARLY), **_worked(p, w1, 2, "34", LATE)}
    so_far = rostered_so_far(p, [w1, w2], 1, fixed, {})
    rota = plan_rotation(p, [w1, w2], [None, mix2], time_limit=5, rostered=so_far)
    assert rota[0, w2[0]] == late2
    assert rota[1, w2[0]] == rota[2, w2[0]] == early2


def test_the_first_guess_keeps_a_late_sunday_off_a_monday_whose_early_starts_it_cuts(early_late):
    # E1 ended week 1 late on Sunday (24:00) and has five late shifts; E2 ended it early
    # on Friday. Of week 2's plans, one opens Monday at 06:00 or 16:00 (fewer late
    # shifts, but E1's rest cuts its 06:00 start), the other at 16:00 only. Fairness
    # alone would give E1 the first; the cut start gives it to E2 instead
    p = early_late(max_run=10)
    w1, w2 = _weeks(p)
    ends_sunday, ends_friday = _plan(w1, "23456", LATE), _plan(w1, "01234", EARLY)
    either = WeekPlan(frozenset(w2[:5]), frozenset({EARLY, LATE}))
    late_only = _plan(w2, "01234", LATE)
    planned = [(either, 1), (late_only, 1)]
    shape = [_ends(p, "ft", w2, plan) for plan, _ in planned]
    tally = [_counts(p, "ft", plan) for plan, _ in planned]
    before = [_ends(p, "ft", w1, plan) for plan in (ends_sunday, ends_friday)]
    start = {(0, 0): 0, (1, 0): 1}
    had = defaultdict(lambda: np.zeros(len(tally[0])))
    had[0][0] = 50  # E1's five late shifts, in tenths
    guess = _greedy_week(p, 1, [0, 1], planned, shape, tally, start,
                         {(0, 0): before, (1, 0): before}, had, (w1[-1], w2[0]))
    assert guess == {(0, 1): 1, (1, 1): 0}
