"""Open hours below the floor on the phones (schedule/roster/shortfall.py): each stretch
named with the rule that kept each person away and what would fix it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm.schedule.roster.files import shortfall_lines, with_shortfalls
from wfm.schedule.roster.model import solve
from wfm.schedule.roster.month import SolvedTeam
from wfm.schedule.roster.shortfall import floor_shortfalls
from wfm.schedule.roster.staff import Employee


@pytest.mark.slow
def test_days_nobody_can_cover_are_named_with_the_weekly_maximum_and_a_fix(tiny):
    # one person allowed 8 paid hours a week, a phone to staff 08:00-16:00 Mon-Fri of the
    # first week: four of the five days are left empty, each for the weekly maximum, and
    # the day worked is empty during the break and the lunch (nobody to stagger them with)
    cfg = tiny.config(min_hours=0, max_hours=8)
    problem = tiny.problem(cfg, [Employee("E1", "Ann Archer", "ft")], tiny.off(), staff=1)
    result = solve(problem, time_limit=10, workers=1)
    found = floor_shortfalls(result)
    whole_day = [s for s in found if s.start.hour == 8 and s.end.hour == 16]
    assert len(whole_day) == 4
    breaks = [s for s in found if s not in whole_day]
    assert len(breaks) == 2 and all(dict(s.reasons) == {"on a break": 1} for s in breaks)
    assert {s.start.normalize() for s in found} == set(pd.date_range("2027-02-01",
                                                                      "2027-02-05"))
    first = whole_day[0]
    assert (first.scheduled, first.needed) == (0, 1)
    assert dict(first.reasons) == {"at their weekly maximum": 1}
    assert first.line().endswith("fix: overtime (a [[contract]] overtime_hours) or a hire "
                                 "(the staff who could cover it are at their weekly maximum)")
    assert first.line().startswith(f"{first.start:%a %d %b} 08:00-16:00: 0 on the phones, "
                                   "1 needed; of the staff, 1 at their weekly maximum")
    penalties = with_shortfalls(result)
    assert penalties["preference"].str.contains("at their weekly maximum").sum() == 4
    lines = shortfall_lines([SolvedTeam(None, result, 0.8)], most=2)
    assert len(lines) == 3 and lines[-1] == ("roster: and 4 more stretches below the floor "
                                             "(roster_penalties.csv)")


def test_the_hand_rosters_empty_days_name_everyone_free(hand_roster):
    # nobody works Wed 3 to Fri 5 though two are needed: E1, E2 and E3 (who joins on Wed 3)
    # were all free, so the fix is more solver time; on Tue 2 E1 is alone and E2 on leave
    found = floor_shortfalls(hand_roster)
    empty = {s.start.normalize(): s for s in found if s.start.hour == 8 and s.end.hour == 16}
    assert sorted(empty) == list(pd.date_range("2027-02-03", "2027-02-05"))
    wednesday = empty[pd.Timestamp("2027-02-03")]
    assert dict(wednesday.reasons) == {"free, left off by the solver": 3}
    assert wednesday.line().endswith("fix: more solver time (--time-limit)")
    tuesday = [s for s in found if s.start.normalize() == pd.Timestamp("2027-02-02")]
    assert tuesday and all(s.reasons["on leave or not employed"] == 2 for s in tuesday)


def test_short_intervals_under_the_calls_workload_are_named_with_who_was_on_a_break(
        hand_roster):
    # Mon 1: E1 and E2 on 08:00-16:00, two needed; E1's break touches 09:30 and E2's
    # 10:00, leaving one on the phones (the floor, min_agents 1, is kept). At 20 calls of
    # 300 s (3.3 erlangs) one agent is under the workload: the queue grows all interval,
    # and the summary's service level would average it away; 09:00 has both on the phones
    from wfm.schedule.roster import exports
    from wfm.schedule.roster.shortfall import overloaded_shortfalls, under_workload

    p = hand_roster.problem
    slots = [18, 19, 20, 21]  # Mon 09:00, 09:30, 10:00, 10:30
    assert [hand_roster.coverage[t] for t in slots] == [2, 1, 1, 2]
    assert overloaded_shortfalls(hand_roster) == []  # 4 calls: one agent keeps up
    p.volume[slots] = 20.0
    assert list(np.flatnonzero(under_workload(hand_roster))) == slots[1:3]
    (found,) = overloaded_shortfalls(hand_roster)
    assert (found.start, found.end) == (pd.Timestamp("2027-02-01 09:30"),
                                        pd.Timestamp("2027-02-01 10:30"))
    assert (found.scheduled, found.needed) == (1, 2)
    # at 09:30 E1 is on a break, E2 on the phones (not counted), E3 not yet employed
    assert dict(found.reasons) == {"on a break": 1, "on leave or not employed": 1}
    assert found.line().startswith("Mon 01 Feb 09:30-10:30: 1 on the phones, 2 needed")
    lines = shortfall_lines([SolvedTeam(None, hand_roster, 0.8)])
    assert lines[-1] == ("roster: fewer agents than the calls' workload (the queue grows all "
                         f"interval) {found.line()}")
    kpi = dict(zip(*exports.summary(hand_roster, 0.8)[["kpi", "value"]].T.values,
                   strict=True))
    assert kpi["intervals_under_workload"] == 2
    # ...and coverage.png marks the same two rows of coverage.csv
    cov = exports.coverage(hand_roster)
    rows = exports.coverage_under_workload(hand_roster)
    assert len(rows) == len(cov)
    assert list(cov.loc[rows, "interval_start"].dt.strftime("%d %H:%M")) == ["01 09:30",
                                                                             "01 10:00"]
    # an interval below the floor is named as such, not again as under the workload
    p.volume[:] = 0.0
    p.volume[slots] = 20.0
    p.min_agents = 2
    assert overloaded_shortfalls(hand_roster) == []
