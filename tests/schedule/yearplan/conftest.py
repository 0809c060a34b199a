"""A small year written out by hand, shared by the year plan tests: three full-timers on a
Mon-Fri 08:00-16:00 centre, a season result placed by hand (no solver) and two overhaul
jobs, so the exports, chart and YearPlan can be checked against known rows."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from wfm.core.calendar import calendar_from_config
from wfm.core.config import parse_config
from wfm.schedule.roster.shifts import load_contracts, load_shifts
from wfm.schedule.roster.staff import Employee, days_off
from wfm.schedule.yearplan.capacity import team_year
from wfm.schedule.yearplan.model import SeasonResult, day_cap
from wfm.schedule.yearplan.overhauls import Job

YEAR = 2027  # Monday weeks: w0 starts Mon 28 Dec 2026 (holds only Fri 1 Jan), w1 Mon 4 Jan


def week_config(**season):
    return parse_config({
        "centre": {"name": "Tiny Centre", "open_days": ["Mon", "Tue", "Wed", "Thu", "Fri"],
                   "week_start": "Mon", "hours": {"default": ["08:00", "16:00"]}},
        "shift": [{"name": "day", "start": ["08:00", "08:00"], "hours": 8}],
        "contract": [{"name": "ft", "hours_per_week": [32, 40], "shifts": ["day"],
                      "cost_per_hour": 20.0},
                     {"name": "pt", "hours_per_week": [16, 20], "shifts": ["day"],
                      "cost_per_hour": 18.0}],
        "leave": {"min_block_days": 5, "max_away_share": 0.2},
        "season": {"hire_contract": "pt", "hire_lead_weeks": 6, "hire_min_weeks": 8, **season},
    })


def monday(w: int) -> pd.Timestamp:
    return pd.Timestamp("2027-01-04") + pd.Timedelta(weeks=w - 1)


PEOPLE = [Employee("E1", "Ann Archer", "ft", leave_days_per_year=12),
          Employee("E2", "Bo Baker", "ft", leave_days_per_year=8),
          Employee("E3", "Cy Carter", "ft", leave_days_per_year=8)]
TIME_OFF = pd.DataFrame({
    "employee_id": ["E3", "E3", "E3", "E3"],
    "start_date": pd.to_datetime(["2026-12-01", "2026-12-30", "2027-09-06", "2027-12-30"]),
    "end_date": pd.to_datetime(["2026-12-03", "2027-01-01", "2027-09-08", "2028-01-05"]),
    "kind": ["approved"] * 4})
JOBS = [Job("training", pd.Timestamp("2027-03-01"), pd.Timestamp("2027-03-31"), staff_days=9),
        Job("switch", pd.Timestamp("2027-05-17"), pd.Timestamp("2027-06-30"), staff_needed=3,
            duration_days=10, after="training")]


def hand_season() -> SimpleNamespace:
    cfg = week_config()
    contracts = load_contracts(cfg, load_shifts(cfg))
    n = 53
    need = np.full(n, 100.0)
    need[0] = 10.0
    need[40:45] = 150.0
    year = team_year(YEAR, calendar_from_config(cfg), 0, PEOPLE, contracts,
                     days_off(TIME_OFF, "approved"), 5, need * 10, need)
    leave = {(0, 10): 5, (0, 11): 5, (0, 12): 2,  # E1: two weeks and two days after
             (1, 20): 3, (1, 21): 5,  # E2: three days before a whole week
             (2, 30): 2}  # E3: two days on their own
    overhaul = {("training", 9): 7, ("training", 12): 2, ("switch", 20): 9, ("switch", 21): 15,
                ("switch", 22): 6}
    # training: two people Mon 1 and Tue 2 Mar, one Wed 3 to Fri 5; one Mon 22 and Tue 23;
    # the crew of three from Wed 19 May for ten working days, to Tue 1 Jun
    staff = {("training", "2027-03-01"): 2, ("training", "2027-03-02"): 2,
             **{("training", f"2027-03-{d:02d}"): 1 for d in (3, 4, 5, 22, 23)},
             **{("switch", str(d.date())): 3 for d in pd.bdate_range("2027-05-19", periods=10)}}
    job_staff = {(job, pd.Timestamp(d)): n for (job, d), n in staff.items()}
    leave_hours, overhaul_hours = np.zeros(n), np.zeros(n)
    for (_, w), days in leave.items():
        leave_hours[w] += days * 8.0
    for (_, w), days in overhaul.items():
        overhaul_hours[w] += days * 8.0
    hires_started, overtime, gap = np.zeros(n, int), np.zeros(n), np.zeros(n)
    hires_started[40] = 2
    hires_active = np.zeros(n, int)
    hires_active[40:48] = 2
    overtime[41] = 12.4
    gap[2] = 5.0
    away = np.zeros(n)
    for (_, w), days in leave.items():
        away[w] += days
    away += year.approved_days.sum(axis=0)
    result = SeasonResult(
        leave=leave, overhaul=overhaul, crew_start={"switch": pd.Timestamp("2027-05-19")},
        hires_started=hires_started, hires_active=hires_active, overtime=overtime, gap=gap,
        leave_hours=leave_hours, away_days=away, away_cap=np.full(n, 3),
        overhaul_hours=overhaul_hours, status="FEASIBLE", objective=4321.0, seconds=12.0,
        job_staff=job_staff, day_cap=day_cap(year, 0.2))
    return SimpleNamespace(config=cfg, contracts=contracts, year=year, result=result,
                           jobs=JOBS, time_off=TIME_OFF, people=PEOPLE, monday=monday)


@pytest.fixture
def season() -> SimpleNamespace:
    return hand_season()


@pytest.fixture(scope="session")
def tiny_year() -> SimpleNamespace:
    """The helpers above, for test modules (a conftest is not importable by name)."""
    return SimpleNamespace(YEAR=YEAR, config=week_config, monday=monday, people=PEOPLE,
                           time_off=TIME_OFF, jobs=JOBS)
