"""Roster exports (schedule/roster/exports.py): the long, grid, coverage, summary and
penalty tables, checked row by row against a roster written by hand and against a small
week solved with CP-SAT."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from wfm.core.clock import wall_clock
from wfm.schedule.roster.exports import (
    LONG_COLUMNS,
    coverage,
    leave_minutes,
    roster_grid,
    roster_long,
    roster_people,
    summary,
)
from wfm.schedule.roster.model import RosterResult, solve
from wfm.schedule.roster.staff import Employee

# Erlang C by hand for 4 calls of 300 s in a 30-minute interval (A = 2/3 erlang), answer
# within 20 s: one agent waits with probability A, two with probability 1/6.
SL_ONE = 1 - (2 / 3) * math.exp(-(1 - 2 / 3) * 20 / 300)
SL_TWO = 1 - (1 / 6) * math.exp(-(2 - 2 / 3) * 20 / 300)
ASA_ONE = (2 / 3) * 300 / (1 - 2 / 3)  # 600 s
ASA_TWO = (1 / 6) * 300 / (2 - 2 / 3)  # 37.5 s


def _kpis(frame: pd.DataFrame) -> dict:
    return dict(zip(frame["kpi"], frame["value"], strict=True))


def _floor_count(long: pd.DataFrame, interval_start: pd.Series) -> np.ndarray:
    """Staff on the floor at each interval start, counted from the long export alone: at
    WORK for the whole 30 minutes and on no BREAK or LUNCH that touches them."""
    t = wall_clock(pd.to_datetime(interval_start)).to_numpy()  # the roster's clock
    step = np.timedelta64(30, "m")
    count = np.zeros(len(t), dtype=int)
    for row in long[long["activity"] == "WORK"].itertuples():
        count += (t >= np.datetime64(row.start[:16])) & (t + step <= np.datetime64(row.end[:16]))
    for row in long[long["activity"].isin(["BREAK", "LUNCH"])].itertuples():
        count -= (t < np.datetime64(row.end[:16])) & (t + step > np.datetime64(row.start[:16]))
    return count


# -- a roster written by hand --------------------------------------------------------------

def test_the_long_export_gives_utc_times_and_the_employees_own_columns(hand_roster):
    # the same roster in Chicago (CST, UTC-6, in February), with e-mail and payroll id
    # in the employees file: 08:00 local is 14:00 UTC; both columns on every row of the
    # person, and after the dates in the grid
    p = hand_roster.problem
    staff = [dataclasses.replace(e, extras=(("email", f"{e.employee_id.lower()}@x.org"),
                                            ("payroll_id", f"P{i}")))
             for i, e in enumerate(p.employees)]
    chicago = dataclasses.replace(hand_roster, problem=dataclasses.replace(
        p, timezone="America/Chicago", employees=staff))
    long = roster_long(chicago)
    assert list(long.columns) == [*LONG_COLUMNS, "email", "payroll_id"]
    work = long[(long["employee_id"] == "E1") & (long["date"] == "2027-02-01")].iloc[0]
    assert (work["start"], work["start_utc"]) == ("2027-02-01T08:00-06:00",
                                                  "2027-02-01T14:00:00Z")
    assert (work["end"], work["end_utc"]) == ("2027-02-01T16:00-06:00", "2027-02-01T22:00:00Z")
    off = long[long["activity"] == "OFF"].iloc[0]  # a whole day: local midnight to midnight
    assert off["start_utc"].endswith("T06:00:00Z") and off["end_utc"].endswith("T06:00:00Z")
    assert (long.loc[long["employee_id"] == "E1", "email"] == "e1@x.org").all()
    grid = roster_grid(chicago)
    assert list(grid.columns[-2:]) == ["email", "payroll_id"]
    assert grid.set_index("employee_id").loc["E2", "payroll_id"] == "P1"


def test_utc_times_take_the_first_of_a_repeated_hour_and_skip_the_missing_one():
    from wfm.schedule.roster.profiles import utc_text

    local = pd.Series(["2026-11-01T01:30", "2026-11-01T03:00", "2026-03-08T02:30",
                       "2026-03-08T03:00"])
    assert utc_text(local, "America/New_York").tolist() == [
        "2026-11-01T05:30:00Z",  # 01:30 EDT, the first of the two
        "2026-11-01T08:00:00Z",  # 03:00 EST: the night was an hour longer
        "2026-03-08T07:00:00Z",  # 02:30 never happened: the first real minute, 03:00 EDT
        "2026-03-08T07:00:00Z"]

def test_the_long_export_has_work_with_its_breaks_inside_and_paid_minutes(hand_roster):
    long = roster_long(hand_roster)
    assert list(long.columns) == LONG_COLUMNS
    e1_monday = long[(long["employee_id"] == "E1") & (long["date"] == "2027-02-01")]
    assert e1_monday.drop(columns=["employee_id", "date", "start_utc", "end_utc"]
                          ).values.tolist() == [
        ["Ann Archer", "2027-02-01T08:00+00:00", "2027-02-01T16:00+00:00", "WORK", 450],
        ["Ann Archer", "2027-02-01T09:30+00:00", "2027-02-01T09:45+00:00", "BREAK", 15],
        ["Ann Archer", "2027-02-01T11:30+00:00", "2027-02-01T12:00+00:00", "LUNCH", 0],
    ]


def test_leave_off_and_days_before_employment_in_the_long_export(hand_roster):
    long = roster_long(hand_roster)
    e2_tuesday = long[(long["employee_id"] == "E2") & (long["date"] == "2027-02-02")]
    # a day of leave pays the contract's weekly minimum (10 h) over its 5 open days
    assert e2_tuesday[["start", "end", "activity", "paid_minutes"]].values.tolist() == [
        ["2027-02-02T00:00+00:00", "2027-02-03T00:00+00:00", "LEAVE", 120]]
    assert leave_minutes(hand_roster, "ft") == 120
    # E3 joins on Wed 3: no row before, an OFF row every day after
    e3 = long[long["employee_id"] == "E3"]
    assert e3["date"].min() == "2027-02-03" and len(e3) == 26
    assert set(e3["activity"]) == {"OFF"} and (e3["paid_minutes"] == 0).all()
    # every day of the month is one WORK, LEAVE or OFF per person employed
    days = long[long["activity"].isin(["WORK", "LEAVE", "OFF"])]
    assert days.groupby("employee_id")["date"].nunique().to_dict() == \
        {"E1": 28, "E2": 28, "E3": 26}
    assert not days.duplicated(["employee_id", "date"]).any()
    assert len(long) == (2 * 3 + 26) + (3 + 1 + 26) + 26


def test_the_grid_has_a_code_per_person_and_day(hand_roster):
    grid = roster_grid(hand_roster).set_index("employee_id")
    assert list(grid.columns[:2]) == ["name", "contract"]
    assert list(grid.columns[2:]) == [str(d.date()) for d in
                                      pd.date_range("2027-02-01", "2027-02-28")]
    assert grid.loc["E1", "2027-02-01"] == grid.loc["E1", "2027-02-02"] == "day 08:00"
    assert grid.loc["E1", "2027-02-03"] == "OFF"
    assert grid.loc["E2", ["2027-02-01", "2027-02-02"]].tolist() == ["day 08:00", "LEAVE"]
    assert grid.loc["E3", ["2027-02-01", "2027-02-02", "2027-02-03"]].tolist() == \
        ["", "", "OFF"]


def test_the_people_table_reads_each_persons_month(hand_roster):
    people = roster_people(hand_roster).set_index("employee_id")
    assert people.loc["E1", ["shifts", "paid_hours", "late_shifts", "weekend_days",
                             "widest_start_spread_hours", "lone_days_off"]].tolist() == \
        [2, 15.0, 0, 0, 0.0, 0]
    # E2 worked the day it asked off; its approved leave on Tuesday is not a day off
    assert people.loc["E2", "requested_days_worked"] == 1
    weeks = people.loc["E2", "days_off_by_week"].split(" | ")
    assert len(weeks) == 4 and weeks[0] == "Wed+Thu+Fri+Sat+Sun"
    assert people.loc["E3", "shifts"] == 0  # joins on Wed 3, never works
    assert people.loc["E3", "days_off_by_week"].startswith("Wed+Thu+Fri+Sat+Sun | Mon+")


def test_a_single_day_off_between_two_working_days_is_counted(tiny):
    result = tiny.hand_result()
    shifts = result.shifts.copy()
    wednesday = shifts.iloc[2].copy()  # E1 works Mon 1 and Wed 3: Tuesday stands alone
    wednesday["day"], wednesday["date"] = 2, pd.Timestamp("2027-02-03")
    shifts.iloc[2] = wednesday
    result.shifts = shifts
    people = roster_people(result).set_index("employee_id")
    assert people.loc["E1", "lone_days_off"] == 1
    assert people.loc["E1", "days_off_by_week"].startswith("Tue+Thu+Fri+Sat+Sun |")


def test_coverage_counts_staff_on_the_floor_in_open_intervals_only(hand_roster):
    cov = coverage(hand_roster)
    assert str(cov["interval_start"].dt.tz) == "UTC"  # real slots, on the centre's clock
    cov["interval_start"] = cov["interval_start"].dt.strftime("%Y-%m-%dT%H:%M")
    assert list(cov.columns) == ["interval_start", "required", "scheduled", "service_level",
                                 "asa_seconds", "volume", "aht_seconds"]
    assert len(cov) == 5 * 16  # Mon 1 to Fri 5, 08:00-16:00
    assert cov["interval_start"].iloc[0] == "2027-02-01T08:00"
    assert cov["interval_start"].iloc[-1] == "2027-02-05T15:30"
    assert (cov["required"] == 2).all()
    scheduled = cov.set_index("interval_start")["scheduled"]
    # Monday: two at work, each off the floor for their break and lunch
    monday = scheduled[scheduled.index.str.startswith("2027-02-01")]
    assert monday[monday < 2].index.str[-5:].tolist() == ["09:30", "10:00", "11:30", "12:00"]
    assert (monday[monday < 2] == 1).all()
    # Tuesday: E1 alone; Wednesday on: nobody
    tuesday = scheduled[scheduled.index.str.startswith("2027-02-02")]
    assert tuesday[tuesday == 0].index.str[-5:].tolist() == ["10:00", "12:00"]
    assert (tuesday.drop(tuesday[tuesday == 0].index) == 1).all()
    assert (scheduled[scheduled.index >= "2027-02-03"] == 0).all()
    assert (cov["scheduled"] == _floor_count(roster_long(hand_roster),
                                             cov["interval_start"])).all()


def test_coverage_service_level_and_asa_are_erlang_c_on_the_scheduled_staff(hand_roster):
    cov = coverage(hand_roster)
    two, one, none = (cov[cov["scheduled"] == n] for n in (2, 1, 0))
    assert np.allclose(two["service_level"], SL_TWO) and np.allclose(two["asa_seconds"],
                                                                     ASA_TWO)
    assert np.allclose(one["service_level"], SL_ONE) and np.allclose(one["asa_seconds"],
                                                                     ASA_ONE)
    assert (none["service_level"] == 0).all()


def test_summary_of_a_hand_roster(hand_roster):
    kpi = _kpis(summary(hand_roster, 0.8))
    assert kpi["paid_hours"] == pytest.approx(3 * 7.5)
    assert kpi["cost"] == pytest.approx(3 * 7.5 * 20.0)
    assert kpi["cost_per_contact"] == pytest.approx(450.0 / (80 * 4.0))
    # 80 h on the floor, grossed up by 8 h paid 7.5 for 7 on the floor
    assert kpi["lower_bound_hours"] == pytest.approx(80 * 7.5 / 7)
    assert kpi["paid_over_lower_bound"] == pytest.approx(22.5 / (80 * 7.5 / 7) - 1)
    # 12 intervals with two on the floor, 18 with one, 50 with nobody; equal volumes
    assert kpi["service_level"] == pytest.approx((12 * SL_TWO + 18 * SL_ONE) / 80)
    assert kpi["intervals_meeting_goal"] == pytest.approx(12 / 80)
    # 18 intervals with one of the two required, 50 with nobody; the longest empty stretch
    # is Wednesday's whole day (the nights between are closed, so each day is a stretch)
    assert kpi["intervals_short_of_requirement"] == 68 and kpi["intervals_with_nobody"] == 50
    assert kpi["longest_with_nobody"] == "03 Feb 08:00-16:00"
    assert kpi["contacts_answered_in_time"] == pytest.approx(4.0 * (12 * SL_TWO + 18 * SL_ONE))
    assert kpi["shifts"] == 3 and kpi["requested_days_off_worked"] == 1
    assert (kpi["solver_status"], kpi["objective"], kpi["best_bound"]) == ("OPTIMAL", 1234.5,
                                                                           1200.0)
    assert kpi["gap"] == pytest.approx(34.5 / 1234.5) and "solve_seconds" not in kpi


def test_nobody_stretches_are_each_days_empty_open_hours_longest_first(hand_roster):
    from wfm.schedule.roster.exports import nobody_stretches

    stretches = nobody_stretches(hand_roster)
    assert [(a.strftime("%d %H:%M"), b.strftime("%d %H:%M")) for a, b in stretches[:3]] == [
        ("03 08:00", "03 16:00"), ("04 08:00", "04 16:00"), ("05 08:00", "05 16:00")]
    # Tuesday's two single empty half-hours come last
    assert [a.strftime("%d %H:%M") for a, _ in stretches[-2:]] == ["02 10:00", "02 12:00"]
    assert sum(int((b - a) / pd.Timedelta(minutes=30)) for a, b in stretches) == 50


def test_a_lower_goal_counts_more_intervals_as_meeting_it(hand_roster):
    assert _kpis(summary(hand_roster, 0.3))["intervals_meeting_goal"] == \
        pytest.approx(30 / 80)
    assert _kpis(summary(hand_roster, 0.9))["intervals_meeting_goal"] == 0.0


# -- a small week solved with CP-SAT -------------------------------------------------------

@pytest.fixture(scope="module")
def solved_week(tiny):
    """Three people whose 37.5-hour minimum means every open day of week one: E1 is on
    approved leave on Tue 2, E2 asked for Wed 3 off and must work it."""
    staff = [Employee(f"E{i}", f"Person {i}", "ft") for i in (1, 2, 3)]
    off = tiny.off(("E1", "2027-02-02", "2027-02-02", "approved"),
                   ("E2", "2027-02-03", "2027-02-03", "requested"))
    problem = tiny.problem(tiny.config(min_hours=37.5), staff, off)
    return solve(problem, time_limit=4, workers=2)


@pytest.mark.slow
def test_solved_work_rows_are_the_rosters_shifts_with_their_paid_minutes(solved_week):
    long = roster_long(solved_week)
    work = long[long["activity"] == "WORK"]
    shifts = solved_week.shifts
    assert sorted(zip(work["employee_id"], work["date"], strict=True)) == sorted(
        zip(shifts["employee_id"], shifts["date"].dt.strftime("%Y-%m-%d"), strict=True))
    assert len(work) == 14  # everyone on every day of week one but E1's day of leave
    for row in work.itertuples():
        span = (pd.Timestamp(row.end) - pd.Timestamp(row.start)).total_seconds() / 60
        lunches = long[(long["employee_id"] == row.employee_id) & (long["date"] == row.date)
                       & (long["activity"] == "LUNCH")]
        assert row.paid_minutes == span - 30 * len(lunches) == 450


@pytest.mark.slow
def test_solved_breaks_lie_inside_their_work_row(solved_week):
    long = roster_long(solved_week)
    work = long[long["activity"] == "WORK"].set_index(["employee_id", "date"])
    breaks = long[long["activity"].isin(["BREAK", "LUNCH"])]
    assert sorted(breaks.groupby(["employee_id", "date"])["activity"].apply(sorted).map(
        tuple).unique()) == [("BREAK", "LUNCH")]
    for row in breaks.itertuples():
        shift = work.loc[(row.employee_id, row.date)]
        assert shift["start"] <= row.start < row.end <= shift["end"]
        minutes = (pd.Timestamp(row.end) - pd.Timestamp(row.start)).total_seconds() / 60
        assert minutes == (15 if row.activity == "BREAK" else 30)
        assert row.paid_minutes == (15 if row.activity == "BREAK" else 0)


@pytest.mark.slow
def test_solved_grid_codes_agree_with_the_long_export(solved_week):
    long = roster_long(solved_week)
    days = long[long["activity"].isin(["WORK", "LEAVE", "OFF"])]
    grid = roster_grid(solved_week).set_index("employee_id")
    for row in days.itertuples():
        code = grid.loc[row.employee_id, row.date]
        expected = {"WORK": f"day {row.start[11:16]}", "LEAVE": "LEAVE", "OFF": "OFF"}
        assert code == expected[row.activity]
    assert grid.loc["E1", "2027-02-02"] == "LEAVE"
    assert (long.loc[long["activity"] == "LEAVE", "paid_minutes"] == 450).all()


@pytest.mark.slow
def test_solved_coverage_counts_match_the_long_export(solved_week):
    cov = coverage(solved_week)
    assert len(cov) == 80
    counted = _floor_count(roster_long(solved_week), cov["interval_start"])
    assert (cov["scheduled"] == counted).all()
    # three at work with one break each on the floor at a time cover two; Tuesday has two
    tuesday = cov["interval_start"].dt.strftime("%F").eq("2027-02-02")
    assert (cov.loc[~tuesday, "scheduled"] >= 2).all()
    assert (cov.loc[tuesday, "scheduled"] <= 2).all()


@pytest.mark.slow
def test_solved_penalties_name_the_requested_day_worked(solved_week):
    pen = solved_week.penalties
    assert list(pen.columns) == ["employee_id", "date", "preference", "penalty"]
    asked = pen[pen["preference"] == "requested day off worked"]
    assert asked[["employee_id", "penalty"]].values.tolist() == [["E2", 60.0]]
    assert str(asked["date"].iloc[0]) == "2027-02-03"
    # the other row is the month's fairness figure: nobody works a late shift, at no cost
    others = pen.drop(asked.index)
    assert others["preference"].tolist() == [
        "late shifts per ft employee over the month: 0 to 0"]
    assert (others["penalty"] == 0).all()
    kpi = _kpis(summary(solved_week, 0.8))
    assert kpi["requested_days_off_worked"] == 1
    assert kpi["paid_hours"] == pytest.approx(14 * 7.5)
    assert kpi["cost"] == pytest.approx(14 * 7.5 * 20.0)


@pytest.mark.slow
def test_coverage_service_level_follows_the_staffing_model(tiny):
    # with callers who abandon (Erlang A), the coverage figures are Erlang A's on the
    # scheduled agents, not Erlang C's; one person short makes the two differ
    from wfm.schedule.staffing.agents import service_level

    cfg = tiny.config(min_hours=0)
    cfg.service["staffing_model"] = "erlang_a"
    cfg.service["patience_seconds"] = 60.0
    staff = [Employee(f"E{i}", f"Person {i}", "ft") for i in (1, 2)]
    result = solve(tiny.problem(cfg, staff, tiny.off(), staff=3), time_limit=10, workers=2)
    cov = coverage(result)
    p = result.problem
    open_ = np.flatnonzero(p.open_slot)
    expected_a = service_level(cov["scheduled"], p.volume[open_], p.aht[open_],
                               p.interval_seconds, p.answer_seconds, 60.0)
    expected_c = service_level(cov["scheduled"], p.volume[open_], p.aht[open_],
                               p.interval_seconds, p.answer_seconds)
    assert np.allclose(cov["service_level"], expected_a)
    assert not np.allclose(cov["service_level"], expected_c)


def test_a_roster_too_small_for_its_month_says_so(hand_roster):
    # two people needed 08:00-16:00 Monday to Friday of the first week: on the phones for
    # 28 person-intervals on Monday (breaks and lunches staggered by hand) and 14 on Tuesday,
    # 42 of 2 x 16 x 5 = 160 (26%); the service level is far below the 80% goal
    kpi = summary(hand_roster, 0.8).set_index("kpi")["value"]
    service = kpi["service_level"]
    assert service < 0.7
    assert kpi["warnings"] == (
        f"the service level, {service:.1%}, is far below the goal of 80%; the team "
        "(3 people) is on the phones for 26% of the staff-hours the month requires: hire, "
        "or plan fewer open hours")


def test_what_the_config_stops_the_roster_keeping_is_among_its_warnings(hand_roster):
    note = "contract 'ft': a week that works Friday with its days off in pairs pays at most 30 h"
    problem = dataclasses.replace(hand_roster.problem, config_warnings=(note,))
    result = dataclasses.replace(hand_roster, problem=problem)
    warnings = summary(result, 0.8).set_index("kpi")["value"]["warnings"]
    assert warnings.startswith(note + "; the service level")


def test_the_report_reads_the_same_paid_hours_leave_and_cost_from_roster_long(hand_roster):
    # one definition per figure: wfm report, reading roster_long.csv back, gets what
    # roster_summary.csv says (E2's approved leave day apart from the paid hours)
    from wfm.schedule.report.kpis import roster_by_day

    kpi = summary(hand_roster, 0.8).set_index("kpi")["value"]
    long = roster_long(hand_roster)
    long = long.assign(date=pd.to_datetime(long["date"]), start=pd.to_datetime(long["start"]),
                       end=pd.to_datetime(long["end"]))
    p = hand_roster.problem
    rates = {e.employee_id: p.contracts[e.contract].cost_per_hour for e in p.employees}
    most = {e.employee_id: p.contracts[e.contract].hours_max for e in p.employees}
    days = roster_by_day(long, rates, most, p.overtime_premium, p.week_start)
    assert days["paid_hours"].sum() == pytest.approx(kpi["paid_hours"])
    assert kpi["paid_leave_hours"] > 0
    assert days["paid_leave_hours"].sum() == pytest.approx(kpi["paid_leave_hours"])
    assert days["cost"].sum() == pytest.approx(kpi["cost"])


def test_the_reports_planned_service_level_is_the_summarys_given_the_forecast(hand_roster):
    from wfm.schedule.report.kpis import schedule_fit

    p = hand_roster.problem
    cov = coverage(hand_roster).assign(interval_start=lambda f: wall_clock(
        f["interval_start"]))  # the report reads coverage on the wall clock
    index = pd.date_range(p.days[0], periods=len(p.volume), freq=f"{p.grid}min")
    volume = pd.Series(p.volume, index=index)  # what forecast_intervals.csv holds
    kpi = summary(hand_roster, 0.8).set_index("kpi")["value"]
    planned = schedule_fit(cov, p.grid, volume)["planned_service_level"]
    assert planned == pytest.approx(kpi["service_level"])


def _round_the_clock(month: str, timezone: str):
    """A 24-hour centre in `timezone`, 3 staff needed every real half-hour of `month` (5 in
    the second half of an autumn repeated 01:00), rostered as needed (no solver)."""
    from wfm.core.calendar import calendar_from_config
    from wfm.core.clock import real_slots
    from wfm.core.config import parse_config
    from wfm.schedule.roster.problem import build_problem
    from wfm.schedule.roster.shifts import load_contracts, load_shifts

    cfg = parse_config({
        "centre": {"name": "Night desk", "timezone": timezone, "week_start": "Mon",
                   "open_days": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
                   "hours": {"default": ["00:00", "24:00"]}},
        "service": {"shrinkage": 0.0},
        "shift": [{"name": "day", "start": ["00:00", "16:00"], "hours": 8}],
        "contract": [{"name": "ft", "hours_per_week": [0, 40], "shifts": ["day"]}]})
    period = pd.Period(month, freq="M")
    starts = real_slots(pd.date_range(period.start_time, period.end_time.normalize()),
                        timezone, 30)
    staff = np.full(len(starts), 3)
    staff[np.flatnonzero(starts.tz_localize(None) == pd.Timestamp(f"{month}-01 01:00"))[1:]] = 5
    req = pd.DataFrame({"interval_start": starts, "volume": 10.0, "aht_seconds": 300.0,
                        "staff": staff, "open": True})
    shifts = load_shifts(cfg)
    problem = build_problem(req, month, cfg, calendar_from_config(cfg),
                            [Employee("E1", "Ann", "ft")], load_contracts(cfg, shifts), shifts,
                            pd.DataFrame(columns=["employee_id", "start_date", "end_date",
                                                  "kind"]))
    shifts_none = pd.DataFrame(columns=["employee", "employee_id", "day", "option", "date",
                                        "template", "start", "end", "paid_minutes", "breaks"])
    return RosterResult(shifts=shifts_none, coverage=problem.required.copy(),
                        status="FEASIBLE", objective=0.0, best_bound=0.0, gap=0.0,
                        seconds=0.0, penalties=pd.DataFrame(columns=[
                            "employee_id", "date", "preference", "penalty"]),
                        lower_bound_hours=0.0, problem=problem)


def test_the_roster_reads_real_slots_and_writes_coverage_back_on_them():
    # Chicago: clocks back at 02:00 on Sunday 1 November 2026, forward on 14 March 2027
    autumn = _round_the_clock("2026-11", "America/Chicago")
    p = autumn.problem
    assert len(p.required) == 30 * 48  # the roster's own wall clock: 48 slots a day
    assert p.required[2] == 5 and p.required[3] == 3  # 01:00 needs its busier half
    cov = coverage(autumn)
    first = cov[cov["interval_start"].dt.strftime("%F") == "2026-11-01"]
    assert len(first) == 50 and len(cov) == 30 * 48 + 2
    one = first[first["interval_start"].dt.strftime("%H:%M") == "01:00"]
    assert list(one["interval_start"].dt.strftime("%z")) == ["-0500", "-0600"]
    assert list(one["required"]) == [5, 5] and list(one["scheduled"]) == [5, 5]
    spring = coverage(_round_the_clock("2027-03", "America/Chicago"))
    day = spring[spring["interval_start"].dt.strftime("%F") == "2027-03-14"]
    assert len(day) == 46 and not day["interval_start"].dt.strftime("%H").eq("02").any()
    assert len(spring) == 31 * 48 - 2


def test_the_coverage_file_simulates_as_the_roster_figured_it(tmp_path, tiny):
    # coverage.csv carries its volume and handle time; `wfm simulate` takes the same
    # shrinkage off the people on the floor as the roster did, so the Erlang C figures
    # beside the simulation are the coverage's own, interval by interval
    import wfm
    from wfm.core.output import csv_writer

    cfg = tiny.config(shrinkage=0.25)
    result = tiny.hand_result(cfg)
    cov = coverage(result)
    assert list(cov.columns[-2:]) == ["volume", "aht_seconds"]
    assert (cov["volume"] == 4.0).all() and (cov["aht_seconds"] == 300.0).all()
    path = tmp_path / "coverage.csv"
    csv_writer(cov, float_format="%.4f")(path)
    sim = wfm.simulate(path, cfg, replications=2, seed=1)
    staffed = sim.intervals["agents"].to_numpy()
    np.testing.assert_array_equal(staffed, np.floor(cov["scheduled"] * 0.75 + 1e-9))
    np.testing.assert_allclose(sim.intervals["erlang_c_service_level"], cov["service_level"],
                               atol=5e-5)


def test_the_summary_weighs_the_autumn_days_25_hours():
    # the month's service level is weighted by the coverage's own rows (the real hours);
    # figured on the roster's 48 wall-clock slots a day it could not line up with them
    autumn = _round_the_clock("2026-11", "America/Chicago")
    kpi = summary(autumn, 0.8).set_index("kpi")["value"]
    cov = coverage(autumn)
    want = (cov["service_level"] * cov["volume"]).sum() / cov["volume"].sum()
    assert float(kpi["service_level"]) == pytest.approx(want)
    assert float(kpi["cost_per_contact"]) == pytest.approx(0.0)  # nobody paid: no shifts
