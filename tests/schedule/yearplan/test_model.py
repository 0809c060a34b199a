"""The season plan (schedule/yearplan/model.py) on small hand-made years: every leave day
placed, the cap on staff away kept, leave and overhauls in the quiet weeks, jobs inside
their windows and in order, hires only after the lead time. Every test solves with CP-SAT."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from wfm.core.calendar import calendar_from_config
from wfm.core.config import parse_config
from wfm.core.errors import InfeasiblePlan
from wfm.schedule.roster.shifts import load_contracts, load_shifts
from wfm.schedule.roster.staff import Employee
from wfm.schedule.yearplan.capacity import team_year, year_weeks
from wfm.schedule.yearplan.exports import capacity, leave_plan, overhaul_plan
from wfm.schedule.yearplan.model import entitlement, plan_season, season_rules
from wfm.schedule.yearplan.overhauls import Job

YEAR = 2027
NO_TIME_OFF = pd.DataFrame(columns=["employee_id", "start_date", "end_date", "kind"])

pytestmark = pytest.mark.slow


def _config(**season) -> object:
    return parse_config({
        "centre": {"open_days": ["Mon", "Tue", "Wed", "Thu", "Fri"], "week_start": "Mon",
                   "hours": {"default": ["08:00", "16:00"]}},
        "shift": [{"name": "day", "start": ["08:00", "08:00"], "hours": 8}],
        "contract": [{"name": "ft", "hours_per_week": [32, 40], "shifts": ["day"],
                      "cost_per_hour": 20.0},
                     {"name": "pt", "hours_per_week": [16, 20], "shifts": ["day"],
                      "cost_per_hour": 18.0}],
        "leave": {"min_block_days": 5, "max_away_share": 0.2},
        "season": {"hire_contract": "pt", "hire_lead_weeks": 6, "hire_min_weeks": 4, **season},
    })


def _year(cfg, people: list[Employee], need_per_week) -> object:
    cal = calendar_from_config(cfg)
    contracts = load_contracts(cfg, load_shifts(cfg))
    weeks = year_weeks(YEAR, 0)
    need = np.asarray(need_per_week(np.arange(len(weeks))), dtype=float)
    year = team_year(YEAR, cal, 0, people, contracts, set(), 5, need * 10, need)
    share = np.array([len(days) / 5 for days in year.days])  # partial weeks at the ends
    year.need, year.volume = need * share, need * 10 * share
    return year, contracts


def _people(n: int, leave_days: int = 20) -> list[Employee]:
    return [Employee(f"E{i}", f"Person {i}", "ft", leave_days_per_year=leave_days)
            for i in range(1, n + 1)]


def _seasonal(weeks: np.ndarray) -> np.ndarray:
    """A busy winter and a quiet summer: 10 people's worth of hours, +-30%."""
    return 400.0 * (1 + 0.3 * np.cos(2 * np.pi * weeks / 52))


def _solve(cfg, year, contracts, jobs=(), time_limit=20.0):
    rules = season_rules(cfg, contracts)
    return plan_season(year, list(jobs), rules, set(), contracts, time_limit=time_limit,
                       workers=2), rules


def test_every_leave_day_is_placed_and_the_cap_holds():
    cfg = _config()
    year, contracts = _year(cfg, _people(12), _seasonal)
    result, rules = _solve(cfg, year, contracts)
    placed = defaultdict(int)
    for (e, _), days in result.leave.items():
        placed[e] += days
    due = entitlement(year, rules)
    assert [placed[e] for e in range(12)] == list(due)
    per_week = defaultdict(int)
    for (_, w), days in result.leave.items():
        per_week[w] += days
    assert max(per_week.values()) <= 0.2 * 12 * 5 + 1e-9


def test_leave_goes_to_the_quiet_weeks():
    cfg = _config()
    year, contracts = _year(cfg, _people(12), _seasonal)
    result, _ = _solve(cfg, year, contracts)
    days = np.zeros(len(year.weeks))
    for (_, w), n in result.leave.items():
        days[w] += n
    weighted = (year.need * days).sum() / days.sum()
    assert weighted < 0.85 * year.need[1:-1].mean()


def test_blocks_are_whole_weeks_with_the_rest_beside_them():
    cfg = _config()
    year, contracts = _year(cfg, _people(4, leave_days=23), _seasonal)
    result, _ = _solve(cfg, year, contracts)
    frame = leave_plan(year, result, NO_TIME_OFF)
    for _, rows in frame.groupby("employee_id"):
        assert rows["days"].sum() == 23
        assert (rows["days"] >= 5).all()  # no block shorter than min_block_days


def test_overhauls_stay_in_their_windows_and_in_order():
    cfg = _config()
    cfg.leave["max_away_share"] = 0.25  # three of the twelve away: the crew of three fits
    year, contracts = _year(cfg, _people(12), _seasonal)
    jobs = [Job("training", pd.Timestamp("2027-03-01"), pd.Timestamp("2027-05-31"),
                staff_days=40),
            Job("switch-over", pd.Timestamp("2027-03-01"), pd.Timestamp("2027-08-31"),
                staff_needed=3, duration_days=10, after="training")]
    result, _ = _solve(cfg, year, contracts, jobs)
    frame = overhaul_plan(year, jobs, result)
    training = frame[frame["job_id"] == "training"]
    assert training["staff_days"].sum() == 40
    assert (pd.to_datetime(training["start_date"]) >= "2027-03-01").all()
    assert (pd.to_datetime(training["end_date"]) <= "2027-05-31").all()
    crew = frame[frame["job_id"] == "switch-over"]
    start = result.crew_start["switch-over"]
    assert pd.Timestamp("2027-03-01") <= start <= pd.Timestamp("2027-08-22")
    assert pd.to_datetime(crew["start_date"]).min() > pd.to_datetime(training["end_date"]).max()
    # three people for ten working days: all 30 staff-days, on weekdays only
    assert crew["staff_days"].sum() == 3 * 10
    days = [d for r in crew.itertuples() for d in pd.bdate_range(r.start_date, r.end_date)]
    assert days == list(pd.bdate_range(start, periods=10))


def test_busy_weeks_beyond_the_team_are_covered_by_hires_after_the_lead_time():
    cfg = _config(overtime_share=0.0)
    # weeks 30-40 need 600 h a week; ten people give 400
    year, contracts = _year(cfg, _people(10, leave_days=0),
                            lambda w: np.where((w >= 30) & (w <= 40), 600.0, 300.0))
    result, _ = _solve(cfg, year, contracts)
    cap = capacity(year, result, 20.0)
    assert (cap["gap"] == 0).all()
    assert (cap.loc[30:40, "hires"] >= 10).all()  # 200 h / 20 h per part-timer
    assert result.hires_started[:6].sum() == 0  # no one starts inside the lead time
    supply = cap["available"] - cap["on_leave"] - cap["on_overhaul"] + cap["hire_hours"]
    assert (supply + cap["overtime"] + 1e-6 >= cap["required"]).all()


def test_a_need_before_the_lead_time_shows_as_a_gap():
    cfg = _config(overtime_share=0.0)
    year, contracts = _year(cfg, _people(10, leave_days=0),
                            lambda w: np.where(w == 2, 600.0, 300.0))
    result, _ = _solve(cfg, year, contracts)
    assert result.gap[2] == pytest.approx(200.0, abs=0.2)
    assert result.gap.sum() == pytest.approx(result.gap[2])


def test_popular_requested_weeks_are_shared_out():
    """Three people ask for the same two summer weeks; the cap lets one away per week, so
    two of them get one week each instead of one person getting both."""
    cfg = _config()
    cfg.leave["max_away_share"] = 0.05  # one person's week at a time
    year, contracts = _year(cfg, _people(12, leave_days=10), _seasonal)
    rules = season_rules(cfg, contracts)
    summer = [w for w, start in enumerate(year.weeks) if start.month == 7][:2]
    asked = {(e, w) for e in range(3) for w in summer}
    result = plan_season(year, [], rules, asked, contracts, time_limit=20.0, workers=2)
    granted = defaultdict(int)
    for e, w in result.leave:
        if (e, w) in asked:
            granted[e] += 1
    assert sorted(granted.values()) == [1, 1]  # two people, one popular week each


# -- rules that cannot be met, in the planner's words ----------------------------------------

def test_a_crew_larger_than_the_cap_on_staff_away_is_named():
    cfg = _config()  # a fifth of twelve: two people away on a day
    year, contracts = _year(cfg, _people(12), _seasonal)
    crew = Job("switch-over", pd.Timestamp("2027-03-01"), pd.Timestamp("2027-03-31"),
               staff_needed=3, duration_days=5)
    with pytest.raises(InfeasiblePlan) as info:
        _solve(cfg, year, contracts, [crew])
    assert str(info.value) == (
        "overhaul switch-over: a crew of 3 for 5 working days, but the cap on staff away "
        "([leave] max_away_share 20%) lets at most 2 people away on some day of every 5 "
        "working days in 2027-03-01..2027-03-31")


def test_staff_days_beyond_the_cap_in_their_window_are_named():
    cfg = _config()
    year, contracts = _year(cfg, _people(12), _seasonal)
    # the first week of March has five working days, two people a day: ten staff-days
    job = Job("training", pd.Timestamp("2027-03-01"), pd.Timestamp("2027-03-05"), staff_days=11)
    with pytest.raises(InfeasiblePlan, match=r"overhaul training: 11 staff-days, but the cap "
                       r"on staff away \(\[leave\] max_away_share 20%\) lets only 10 away"):
        _solve(cfg, year, contracts, [job])


def test_leave_the_daily_cap_cannot_hold_is_named():
    cfg = _config()  # four people: one away on a day at most
    year, contracts = _year(cfg, _people(4, leave_days=70), _seasonal)
    with pytest.raises(InfeasiblePlan) as info:
        _solve(cfg, year, contracts)
    # 4 x 70 days are 56 weeks away; one person a week for the 52 full weeks and the
    # two part weeks of the year
    assert str(info.value) == (
        "the team has 280 leave days to place, about 56 weeks away, but the cap of 20% of "
        "staff away on any day ([leave] max_away_share) leaves room for only 53 in the weeks "
        "open to leave (blackout)")


# -- the busiest month -----------------------------------------------------------------------

def _february_busiest(year) -> object:
    """The year with contacts per working day half as high again in February."""
    dates = pd.DatetimeIndex(year.dates)
    daily = pd.Series(np.where(dates.month == 2, 300.0, 200.0), index=dates)
    return year.with_need(year.volume, year.need, daily)


def _february_leave(year, result) -> int:
    """Leave days placed in weeks that hold a day of February."""
    weeks = {w for w, days in enumerate(year.days) if any(d.month == 2 for d in days)}
    return sum(n for (_, w), n in result.leave.items() if w in weeks)


def test_the_busiest_month_gets_no_leave_when_the_others_have_room():
    cfg = _config()
    year, contracts = _year(cfg, _people(12), lambda w: np.full(len(w), 300.0))
    result, _ = _solve(cfg, _february_busiest(year), contracts)
    assert result.busiest == (2, 300.0) and result.busiest_kept
    assert _february_leave(year, result) == 0
    assert sum(result.leave.values()) == 12 * 20


def test_the_busiest_month_takes_only_the_leave_the_others_cannot_hold():
    """Four people, one away a day: 4 x 60 days are 48 weeks away and the 49 weeks outside
    February hold them; 4 x 62 days need 52 weeks, so February takes some, but no more
    than the weeks the rest of the year lacks."""
    cfg = _config()
    year, contracts = _year(cfg, _people(4, leave_days=62), lambda w: np.full(len(w), 100.0))
    result, _ = _solve(cfg, _february_busiest(year), contracts, time_limit=2.0)
    assert result.busiest[0] == 2 and not result.busiest_kept
    assert 0 < _february_leave(year, result) <= (52 - 49) * 5
