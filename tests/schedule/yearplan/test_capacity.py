"""A year by week (schedule/yearplan/capacity.py): the weeks of a year, the contacts and
paid hours each week needs, and each person's weekly hours pro-rated for employment dates,
approved leave and public holidays, all against hand-worked values."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from wfm.core.calendar import calendar_from_config
from wfm.core.config import parse_config
from wfm.schedule.roster.shifts import load_contracts, load_shifts
from wfm.schedule.roster.staff import Employee
from wfm.schedule.yearplan.capacity import daily_volume, team_year, weekly_need, year_weeks

YEAR = 2027  # Fri 1 Jan .. Fri 31 Dec; Monday weeks run from Mon 28 Dec 2026


def _config():
    return parse_config({
        "centre": {"open_days": ["Mon", "Tue", "Wed", "Thu", "Fri"], "week_start": "Mon",
                   "hours": {"default": ["08:00", "16:00"]}},
        "shift": [{"name": "day", "start": ["08:00", "08:00"], "hours": 8}],
        "contract": [{"name": "ft", "hours_per_week": [32, 40], "shifts": ["day"]},
                     {"name": "pt", "hours_per_week": [16, 20], "shifts": ["day"]}],
    })


def _team(people, approved=frozenset(), **need):
    cfg = _config()
    contracts = load_contracts(cfg, load_shifts(cfg))
    return team_year(YEAR, calendar_from_config(cfg), 0, people, contracts, set(approved), 5,
                     **need)


def _week(year, day: str) -> int:
    """Index of the week holding `day`."""
    return max(w for w, start in enumerate(year.weeks) if start <= pd.Timestamp(day))


# -- weeks -----------------------------------------------------------------------------------

def test_the_weeks_of_a_year_start_on_the_week_start_and_hold_every_day():
    mondays = year_weeks(YEAR, 0)
    assert len(mondays) == 53
    assert (mondays[0], mondays[-1]) == (pd.Timestamp("2026-12-28"), pd.Timestamp("2027-12-27"))
    assert all(w.day_of_week == 0 for w in mondays)
    assert all(b - a == pd.Timedelta(days=7) for a, b in itertools.pairwise(mondays))
    sundays = year_weeks(YEAR, 6)
    assert (sundays[0], sundays[-1]) == (pd.Timestamp("2026-12-27"), pd.Timestamp("2027-12-26"))
    # 2026 starts and ends on a Thursday: Thursday weeks begin on 1 Jan and the last holds
    # only 31 Dec
    thursdays = year_weeks(2026, 3)
    assert (thursdays[0], thursdays[-1], len(thursdays)) == (
        pd.Timestamp("2026-01-01"), pd.Timestamp("2026-12-31"), 53)


# -- need ------------------------------------------------------------------------------------

def test_weekly_need_adds_contacts_and_staff_hours_per_week_over_the_efficiency():
    weeks = [pd.Timestamp("2027-01-04"), pd.Timestamp("2027-01-11")]
    req = pd.DataFrame({
        "interval_start": pd.to_datetime(["2027-01-03 23:30",  # the Sunday before: left out
                                          "2027-01-04 08:00", "2027-01-04 08:30",
                                          "2027-01-10 23:30",  # last interval of week one
                                          "2027-01-17 23:30",  # last interval of week two
                                          "2027-01-18 00:00"]),  # after the weeks: left out
        "volume": [100.0, 10.0, 20.0, 5.0, 1.0, 100.0],
        "staff": [100.0, 3.0, 5.0, 2.0, 2.0, 100.0]})
    volume, hours = weekly_need(req, weeks, 30, 0.8)
    assert volume.tolist() == [35.0, 1.0]
    # staff x 30 minutes, then grossed up: a roster of whole shifts is 80% efficient
    assert hours == pytest.approx([(3 + 5 + 2) * 0.5 / 0.8, 2 * 0.5 / 0.8])


def test_weekly_need_is_zero_for_a_week_without_intervals():
    weeks = year_weeks(YEAR, 0)[:3]
    req = pd.DataFrame({"interval_start": pd.to_datetime(["2027-01-12 10:00"]),
                        "volume": [7.0], "staff": [4.0]})
    volume, hours = weekly_need(req, weeks, 15, 1.0)
    assert volume.tolist() == [0.0, 0.0, 7.0] and hours.tolist() == [0.0, 0.0, 1.0]


# -- the team's year -------------------------------------------------------------------------

def test_a_full_year_gives_the_contract_maximum_each_full_week():
    year = _team([Employee("E1", "A", "ft"), Employee("E2", "B", "pt")])
    assert year.hours.shape == (2, 53) and year.weeks == year_weeks(YEAR, 0)
    assert year.day_weight == {d: 0.2 for d in range(5)}  # five equal 8-hour days
    assert year.hours[:, 1].tolist() == [40.0, 20.0]
    # the first week holds only Fri 1 Jan, the last Mon 27 to Fri 31 Dec
    assert year.days[0] == [pd.Timestamp("2027-01-01")] and len(year.days[-1]) == 5
    assert year.hours[:, 0] == pytest.approx([8.0, 4.0])
    assert year.open_days[0].sum() == 261 and year.work_days[0].sum() == pytest.approx(261)
    assert year.hours[0].sum() == pytest.approx(40 * 261 / 5)
    assert year.day_hours.tolist() == [8.0, 4.0]  # a day away: the weekly maximum / 5
    assert year.headcount.tolist() == [2] * 53
    assert not year.approved_days.any()


def test_hours_are_pro_rated_for_the_employment_dates():
    joins = Employee("E1", "A", "ft", start_date=pd.Timestamp("2027-03-03"))  # a Wednesday
    leaves = Employee("E2", "B", "ft", end_date=pd.Timestamp("2027-06-29"))  # a Tuesday
    year = _team([joins, leaves])
    w_join, w_leave = _week(year, "2027-03-03"), _week(year, "2027-06-29")
    assert year.hours[0, w_join - 1] == 0 and year.hours[0, w_join] == pytest.approx(24)
    assert year.open_days[0, w_join] == 3 and year.work_days[0, w_join] == pytest.approx(3)
    assert year.hours[1, w_leave] == pytest.approx(16) and year.hours[1, w_leave + 1] == 0
    assert year.headcount[w_join - 1] == 1 and year.headcount[w_join] == 2
    assert year.headcount[w_leave + 1] == 1


def test_approved_leave_takes_its_days_from_the_week():
    person = Employee("E1", "A", "ft")
    off = {("E1", pd.Timestamp("2027-04-08")), ("E1", pd.Timestamp("2027-04-09")),
           ("E9", pd.Timestamp("2027-04-07"))}  # someone else's leave changes nothing
    year = _team([person], approved=off)
    w = _week(year, "2027-04-08")
    assert year.hours[0, w] == pytest.approx(40 * 3 / 5)
    assert year.open_days[0, w] == 3 and year.work_days[0, w] == pytest.approx(3)
    assert year.approved_days[0, w] == 2 and year.approved_days.sum() == 2
    assert year.headcount[w] == 1  # on leave, still on the team


def test_leave_days_weigh_the_dates_and_cost_at_least_one():
    year = _team([Employee("E1", "A", "ft")])
    week = year.days[10]
    assert year.leave_days(week) == 5 and year.leave_days(week[:2]) == 2
    assert year.leave_days(week[:1]) == 1 and year.leave_days([]) == 0
    assert year.overhaul_day_hours == 8.0


def test_with_need_gives_the_same_team_with_the_work_added():
    year = _team([Employee("E1", "A", "ft")])
    assert not year.volume.any() and not year.need.any()
    volume, need = np.arange(53.0) * 10, np.arange(53.0)
    planned = year.with_need(volume, need)
    assert planned.volume is volume and planned.need is need
    assert planned.hours is year.hours and planned.people == year.people
    assert not year.need.any()  # the team year it came from is unchanged
    given = _team([Employee("E1", "A", "ft")], volume=volume, need=need)
    assert given.need is need and given.volume is volume


def test_a_holiday_on_a_short_day_takes_less_from_the_week():
    """Days are weighed by their opening hours: a holiday on a 4-hour Saturday costs the
    team less than one on a 16-hour weekday, and a week away costs fewer leave days."""
    cfg = parse_config({
        "centre": {"open_days": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
                   "week_start": "Sun", "country": "",
                   "hours": {"default": ["08:00", "24:00"], "Sat": ["20:00", "24:00"]}},
        "shift": [{"name": "day", "start": ["08:00", "15:30"], "hours": 8}],
        "contract": [{"name": "ft", "hours_per_week": [35, 42], "shifts": ["day"]}],
    })
    special = {pd.Timestamp("2027-03-06"): "Sat", pd.Timestamp("2027-03-08"): "Mon"}

    class WithHolidays(type(calendar_from_config(cfg))):
        def holidays(self, start, end):
            return {d: n for d, n in special.items() if start <= d <= end}

    base = calendar_from_config(cfg)
    cal = WithHolidays(**{f: getattr(base, f) for f in base.__dataclass_fields__})
    contracts = load_contracts(cfg, load_shifts(cfg))
    weeks = year_weeks(YEAR, 6)
    people = [Employee("E1", "Person 1", "ft", leave_days_per_year=20)]
    year = team_year(YEAR, cal, 6, people, contracts, set(), 5, np.zeros(len(weeks)),
                     np.zeros(len(weeks)))
    starts = [start.date().isoformat() for start in year.weeks]
    hours = dict(zip(starts, year.hours[0], strict=True))
    week_hours = 6 * 16 + 4  # opening hours of a full week
    assert hours["2027-02-21"] == pytest.approx(42)
    assert hours["2027-02-28"] == pytest.approx(42 * (week_hours - 4) / week_hours)  # Sat 6th
    assert hours["2027-03-07"] == pytest.approx(42 * (week_hours - 16) / week_hours)  # Mon 8th
    days = dict(zip(starts, year.work_days[0], strict=True))
    assert round(days["2027-02-21"]) == 5 and round(days["2027-03-07"]) == 4


# -- day by day ------------------------------------------------------------------------------

def test_the_working_days_carry_who_is_employed_and_on_approved_leave():
    joins = Employee("E1", "A", "ft", start_date=pd.Timestamp("2027-03-03"))
    year = _team([joins, Employee("E2", "B", "pt")],
                 approved={("E2", pd.Timestamp("2027-04-08")),
                           ("E2", pd.Timestamp("2027-04-10"))})  # a Saturday: closed
    assert len(year.dates) == 261 and year.dates[0] == pd.Timestamp("2027-01-01")
    assert year.day_week[0] == 0 and year.day_week[1] == 1  # Fri 1 Jan, then Mon 4 Jan
    assert year.employed.shape == year.approved.shape == (2, 261)
    first = year.dates.index(pd.Timestamp("2027-03-03"))
    assert not year.employed[0, :first].any() and year.employed[0, first:].all()
    assert year.approved[1].sum() == 1 and year.approved[1, year.dates.index(
        pd.Timestamp("2027-04-08"))]


def test_daily_volume_and_the_busiest_month_by_contacts_per_working_day():
    req = pd.DataFrame({"interval_start": pd.to_datetime(
        ["2027-02-01 08:00", "2027-02-01 08:30", "2027-03-01 09:00"]),
        "volume": [10.0, 5.0, 7.0], "staff": [1.0, 1.0, 1.0]})
    assert daily_volume(req).to_dict() == {pd.Timestamp("2027-02-01"): 15.0,
                                           pd.Timestamp("2027-03-01"): 7.0}
    year = _team([Employee("E1", "A", "ft")])
    assert year.busiest_month() is None  # the work is not known yet
    dates = pd.DatetimeIndex(year.dates)
    # March has more contacts in all (23 working days of 100) than February (20 of 110),
    # but February has the most a working day: the busiest month is February
    daily = pd.Series(np.where(dates.month == 2, 110.0, 100.0), index=dates)
    planned = year.with_need(np.zeros(53), np.zeros(53), daily)
    assert planned.busiest_month() == (2, 110.0)
    assert planned.day_volume.tolist() == daily.tolist()
