"""Season plan exports (schedule/yearplan/exports.py): leave blocks, overhaul days per job
and week, and the weeks' capacity, checked row by row against a season placed by hand and
for consistency against a small year solved with CP-SAT."""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from wfm.schedule.roster.staff import Employee, no_time_off
from wfm.schedule.yearplan.capacity import team_year
from wfm.schedule.yearplan.exports import (
    CAPACITY_COLUMNS,
    LEAVE_COLUMNS,
    OVERHAUL_COLUMNS,
    capacity,
    leave_plan,
    overhaul_plan,
)
from wfm.schedule.yearplan.model import entitlement, plan_season, season_rules
from wfm.schedule.yearplan.overhauls import Job


def _d(text: str):
    return pd.Timestamp(text).date()


# -- a season placed by hand -----------------------------------------------------------------

def test_leave_runs_of_weeks_become_blocks_with_the_short_part_beside_the_run(season):
    frame = leave_plan(season.year, season.result, no_time_off())
    assert list(frame.columns) == LEAVE_COLUMNS
    assert frame.values.tolist() == [
        # two whole weeks, then the first two days of the third
        ["E1", "Ann Archer", _d("2027-03-08"), _d("2027-03-23"), 12, "planned"],
        # three days before a whole week: the last three of the week before it
        ["E2", "Bo Baker", _d("2027-05-19"), _d("2027-05-28"), 8, "planned"],
        # a short block on its own: the first days of its week
        ["E3", "Cy Carter", _d("2027-07-26"), _d("2027-07-27"), 2, "planned"]]


def test_approved_leave_in_the_year_is_listed_and_cut_to_the_year(season):
    frame = leave_plan(season.year, season.result, season.time_off)
    approved = frame[frame["kind"] == "approved"]
    # Dec 2026 leave is left out; leave over New Year counts only from Fri 1 Jan, and
    # leave into 2028 only to Fri 31 Dec
    assert approved[["employee_id", "start_date", "end_date", "days"]].values.tolist() == [
        ["E3", _d("2027-01-01"), _d("2027-01-01"), 1],
        ["E3", _d("2027-09-06"), _d("2027-09-08"), 3],
        ["E3", _d("2027-12-30"), _d("2027-12-31"), 2]]
    # rows are sorted by person, then date
    e3 = frame[frame["employee_id"] == "E3"]
    assert e3["kind"].tolist() == ["approved", "planned", "approved", "approved"]
    assert list(e3["start_date"]) == sorted(e3["start_date"])


def test_a_job_is_a_row_per_week_and_stretch_of_days_with_the_same_staff(season):
    frame = overhaul_plan(season.year, season.jobs, season.result)
    assert list(frame.columns) == OVERHAUL_COLUMNS
    assert frame.values.tolist() == [
        # 7 staff-days in a five-day week: two people Mon-Tue, then one Wed-Fri
        ["training", _d("2027-03-01"), _d("2027-03-01"), _d("2027-03-02"), 4, 2],
        ["training", _d("2027-03-01"), _d("2027-03-03"), _d("2027-03-05"), 3, 1],
        ["training", _d("2027-03-22"), _d("2027-03-22"), _d("2027-03-23"), 2, 1],
        # the crew of three starts Wed 19 May for ten working days: to Tue 1 Jun
        ["switch", _d("2027-05-17"), _d("2027-05-19"), _d("2027-05-21"), 9, 3],
        ["switch", _d("2027-05-24"), _d("2027-05-24"), _d("2027-05-28"), 15, 3],
        ["switch", _d("2027-05-31"), _d("2027-05-31"), _d("2027-06-01"), 6, 3]]
    # every row is its staff on each working day it spans: the staff-days add up
    assert (frame["staff_days"] == frame["staff"] * [
        len(pd.bdate_range(r.start_date, r.end_date)) for r in frame.itertuples()]).all()


def test_no_jobs_is_an_empty_overhaul_plan(season):
    frame = overhaul_plan(season.year, [], season.result)
    assert frame.empty and list(frame.columns) == OVERHAUL_COLUMNS


def test_capacity_lays_out_each_week_in_paid_hours(season):
    cap = capacity(season.year, season.result, 20.0)
    assert list(cap.columns) == CAPACITY_COLUMNS and len(cap) == 53
    assert cap["week"].iloc[1] == _d("2027-01-04")
    week = cap.set_index("week")
    # w0 holds only Fri 1 Jan, when E3 is on approved leave: two people, 8 h each
    first = week.loc[_d("2026-12-28")]
    assert (first["available"], first["required"], first["leave_days"]) == (16.0, 10.0, 1.0)
    assert first["spare"] == pytest.approx(6.0)
    # Mar 8: E1 away all week (40 h)
    march = week.loc[_d("2027-03-08")]
    assert (march["available"], march["on_leave"], march["leave_days"]) == (120.0, 40.0, 5.0)
    assert march["spare"] == pytest.approx(120 - 40 - 100)
    # Oct 11: two hires of 20 h and 12.4 h overtime against a busy week
    busy = week.loc[_d("2027-10-11")]
    assert (busy["hires"], busy["hire_hours"], busy["overtime"]) == (2.0, 40.0, 12.4)
    assert busy["spare"] == pytest.approx(120 + 40 + 12.4 - 150)
    # a gap shows and is counted as cover in the spare, so spare never hides it twice
    assert week.loc[_d("2027-01-11"), "gap"] == 5.0
    assert week.loc[_d("2027-01-11"), "spare"] == pytest.approx(120 + 5 - 100)


def test_capacity_spare_is_the_supply_less_the_need_every_week(season):
    cap = capacity(season.year, season.result, 20.0)
    r = season.result
    supply = (cap["available"] - r.leave_hours - r.overhaul_hours + r.hires_active * 20.0
              + r.overtime)
    assert np.allclose(cap["spare"], supply + r.gap - season.year.need)
    assert np.allclose(cap["available"], season.year.hours.sum(axis=0))
    assert (cap["leave_cap"] == 3).all() and cap["hires"].sum() == 16


# -- a small year solved with CP-SAT ---------------------------------------------------------

@pytest.fixture(scope="module")
def solved_year(tiny_year):
    cfg = tiny_year.config(overtime_share=0.0)
    cfg.leave["max_away_share"] = 0.5  # two of the four away: the crew of two fits
    from wfm.core.calendar import calendar_from_config
    from wfm.schedule.roster.shifts import load_contracts, load_shifts

    contracts = load_contracts(cfg, load_shifts(cfg))
    people = [Employee(f"E{i}", f"Person {i}", "ft", leave_days_per_year=12)
              for i in range(1, 5)]
    weeks = 53
    need = np.full(weeks, 120.0)
    year = team_year(tiny_year.YEAR, calendar_from_config(cfg), 0, people, contracts, set(),
                     5, need * 10, need)
    jobs = [Job("training", pd.Timestamp("2027-03-01"), pd.Timestamp("2027-03-31"),
                staff_days=8),
            Job("switch", pd.Timestamp("2027-04-01"), pd.Timestamp("2027-06-30"),
                staff_needed=2, duration_days=7, after="training")]
    rules = season_rules(cfg, contracts)
    result = plan_season(year, jobs, rules, set(), contracts, time_limit=4.0, workers=2)
    return year, jobs, rules, result


@pytest.mark.slow
def test_solved_leave_blocks_hold_every_placed_day(solved_year):
    year, _, rules, result = solved_year
    frame = leave_plan(year, result, no_time_off())
    assert set(frame["kind"]) == {"planned"}
    placed = defaultdict(int)
    for (e, _), days in result.leave.items():
        placed[year.people[e].employee_id] += days
    assert frame.groupby("employee_id")["days"].sum().to_dict() == dict(placed)
    due = entitlement(year, rules)
    assert [placed[p.employee_id] for p in year.people] == list(due) == [12] * 4
    open_days = {d.date() for week in year.days for d in week}
    assert frame["start_date"].isin(open_days).all() and frame["end_date"].isin(open_days).all()
    assert (frame["start_date"] <= frame["end_date"]).all()
    # a block spans no more open days than it has leave days
    for row in frame.itertuples():
        span = [d for d in open_days if row.start_date <= d <= row.end_date]
        assert len(span) == row.days


@pytest.mark.slow
def test_solved_overhaul_rows_add_up_to_each_job_inside_its_window(solved_year):
    year, jobs, _, result = solved_year
    frame = overhaul_plan(year, jobs, result)
    by_job = frame.groupby("job_id")["staff_days"].sum().to_dict()
    assert by_job == {"training": 8, "switch": sum(n for (j, _), n in result.overhaul.items()
                                                   if j == "switch")}
    for job in jobs:
        rows = frame[frame["job_id"] == job.job_id]
        assert (pd.to_datetime(rows["start_date"]) >= job.earliest).all()
        assert (pd.to_datetime(rows["end_date"]) <= job.latest).all()
    crew = frame[frame["job_id"] == "switch"]
    start = result.crew_start["switch"]
    # two people for seven working days: every staff-day delivered, on weekdays only
    assert crew["staff_days"].sum() == 2 * 7 and (crew["staff"] == 2).all()
    days = [d for r in crew.itertuples() for d in pd.bdate_range(r.start_date, r.end_date)]
    assert days == list(pd.bdate_range(start, periods=7))
    training = frame[frame["job_id"] == "training"]
    assert pd.to_datetime(crew["start_date"]).min() > pd.to_datetime(training["end_date"]).max()


@pytest.mark.slow
def test_solved_capacity_carries_the_plans_hours_and_days(solved_year):
    year, _, _, result = solved_year
    cap = capacity(year, result, 20.0)
    assert len(cap) == len(year.weeks)
    assert np.allclose(cap["on_leave"], result.leave_hours)
    assert np.allclose(cap["on_overhaul"], result.overhaul_hours)
    assert cap["on_leave"].sum() == pytest.approx(8.0 * sum(result.leave.values()))
    assert (cap["leave_days"] <= cap["leave_cap"]).all()
    assert cap["leave_days"].sum() == sum(result.leave.values())
    assert (cap["gap"] >= 0).all() and (cap["overtime"] == 0).all()
    supply = cap["available"] - cap["on_leave"] - cap["on_overhaul"] + cap["hire_hours"]
    assert (supply + cap["gap"] + 1e-6 >= cap["required"]).all()


def test_approved_leave_is_counted_week_by_week_as_the_entitlement_counts_it():
    """A six-day centre (Saturdays 8 h, weekdays 12 h), a week away five leave days: Tue 6
    to Fri 16 Jul is 4 + 4 leave days by its two weeks (the Saturday between counts in the
    first), not round(5 x 116 / 68) = 9 over the whole span; with the 16 days still to
    place the person reaches their 24 days and no more."""
    from wfm.core.calendar import calendar_from_config
    from wfm.core.config import parse_config
    from wfm.schedule.roster.shifts import load_contracts, load_shifts
    from wfm.schedule.yearplan.model import SeasonRules

    cfg = parse_config({
        "centre": {"open_days": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"], "week_start": "Mon",
                   "hours": {"default": ["08:00", "20:00"], "Sat": ["09:00", "17:00"]}},
        "shift": [{"name": "day", "start": ["08:00", "12:00"], "hours": 8}],
        "contract": [{"name": "ft", "hours_per_week": [32, 40], "shifts": ["day"]}]})
    contracts = load_contracts(cfg, load_shifts(cfg))
    person = Employee("E1", "Ann", "ft", leave_days_per_year=24)
    off = pd.DataFrame({"employee_id": ["E1"], "start_date": [pd.Timestamp("2027-07-06")],
                        "end_date": [pd.Timestamp("2027-07-16")], "kind": ["approved"]})
    span = set(pd.date_range("2027-07-06", "2027-07-16"))
    year = team_year(2027, calendar_from_config(cfg), 0, [person], contracts,
                     {("E1", d) for d in span}, 5)
    result = SimpleNamespace(leave={})
    frame = leave_plan(year, result, off)
    assert frame[["start_date", "end_date", "days", "kind"]].values.tolist() == [
        [_d("2027-07-06"), _d("2027-07-16"), 8, "approved"]]
    assert year.approved_days.sum() == 8
    assert entitlement(year, SeasonRules()).tolist() == [16]
