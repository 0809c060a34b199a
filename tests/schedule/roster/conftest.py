"""Small hand-made rosters shared by the roster tests: a five-day, 08:00-16:00 centre with
one 8-hour shift (a paid 15-minute BREAK and an unpaid 30-minute LUNCH), and a roster of
February 2027 written out by hand so the exports can be checked without a solver."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from wfm.core.calendar import calendar_from_config
from wfm.core.config import parse_config
from wfm.schedule.roster.model import RosterResult
from wfm.schedule.roster.problem import (
    build_problem,
    day_options,
    lower_bound_hours,
    scheduled_staff,
)
from wfm.schedule.roster.shifts import load_contracts, load_shifts
from wfm.schedule.roster.staff import Employee

MONTH = "2027-02"  # starts on a Monday, 28 days


def week_config(min_hours: float = 10, max_hours: float = 40, **service):
    """Mon-Fri 08:00-16:00 on a 30-minute grid; shift `day` starts at 08:00 and pays
    7.5 of its 8 hours (the LUNCH is unpaid)."""
    return parse_config({
        "centre": {"name": "Tiny Centre", "open_days": ["Mon", "Tue", "Wed", "Thu", "Fri"],
                   "hours": {"default": ["08:00", "16:00"]}, "week_start": "Mon"},
        "service": {"shrinkage": 0.0, **service},
        "shift": [{"name": "day", "start": ["08:00", "08:00"], "hours": 8,
                   "breaks": [{"minutes": 15, "within": [1.5, 3.0], "activity": "BREAK"},
                              {"minutes": 30, "within": [3.5, 5.0], "activity": "LUNCH",
                               "paid": False}]}],
        "contract": [{"name": "ft", "hours_per_week": [min_hours, max_hours],
                      "max_consecutive_days": 5, "min_rest_hours": 11, "shifts": ["day"],
                      "cost_per_hour": 20.0}],
    })


def first_week_requirements(staff: int = 2, volume: float = 4.0) -> pd.DataFrame:
    """February 2027 by 30 minutes: `staff` needed 08:00-16:00 on Mon 1 to Fri 5 only."""
    index = pd.date_range("2027-02-01", periods=28 * 48, freq="30min")
    minute = index.hour * 60 + index.minute
    open_ = (index < pd.Timestamp("2027-02-06")) & (index.day_of_week < 5) & \
        (minute >= 480) & (minute < 960)
    return pd.DataFrame({"interval_start": index, "volume": np.where(open_, volume, 0.0),
                         "aht_seconds": 300.0, "staff": np.where(open_, staff, 0),
                         "open": open_})


def time_off(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    """(employee_id, start, end, kind) rows as load_time_off returns them."""
    return pd.DataFrame({"employee_id": [r[0] for r in rows],
                         "start_date": pd.to_datetime([r[1] for r in rows]),
                         "end_date": pd.to_datetime([r[2] for r in rows]),
                         "kind": [r[3] for r in rows]},
                        columns=["employee_id", "start_date", "end_date", "kind"])


def week_problem(cfg, employees: list[Employee], off: pd.DataFrame, staff: int = 2):
    shifts = load_shifts(cfg)
    problem = build_problem(first_week_requirements(staff), MONTH, cfg,
                            calendar_from_config(cfg), employees,
                            load_contracts(cfg, shifts), shifts, off)
    problem.options = day_options(problem)
    return problem


# The hand-made roster: E1 works Mon 1 and Tue 2, E2 works Mon 1 (a day it asked off)
# and has approved leave on Tue 2, E3 joins on Wed 3 and never works.
HAND_STAFF = [Employee("E1", "Ann Archer", "ft"), Employee("E2", "Bo Baker", "ft"),
              Employee("E3", "Cy Carter", "ft", start_date=pd.Timestamp("2027-02-03"))]
HAND_OFF = (("E2", "2027-02-02", "2027-02-02", "approved"),
            ("E2", "2027-02-01", "2027-02-01", "requested"))
# (employee index, day index, break start, lunch start), minutes after midnight
HAND_SHIFTS = [(0, 0, 570, 690), (1, 0, 600, 720), (0, 1, 600, 720)]


def early_late_problem(rest: float = 11, max_run: int = 6, hours: tuple[int, int] = (0, 48),
             overtime: float = 0, second_starts: str | None = None):
    """February 2027 (four weeks, Monday to Sunday), open every day 06:00-24:00, an early
    (06:00-14:00) and a late (16:00-24:00) eight-hour shift, two people on one contract
    (`hours` a week, `rest` hours between shifts), the second employed from
    `second_starts`: the months the rotation and the shift swaps are worked by hand on."""
    cfg = parse_config({
        "centre": {"open_days": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
                   "hours": {"default": ["06:00", "24:00"]}, "week_start": "Mon"},
        "service": {"shrinkage": 0.0},
        "roster": {"overhang_minutes": 0},
        "shift": [{"name": "early", "start": ["06:00", "06:00"], "hours": 8},
                  {"name": "late", "start": ["16:00", "16:00"], "hours": 8}],
        "contract": [{"name": "ft", "hours_per_week": list(hours), "min_rest_hours": rest,
                      "max_consecutive_days": max_run, "shifts": ["early", "late"],
                      "cost_per_hour": 20.0, "overtime_hours": overtime}],
    })
    index = pd.date_range("2027-02-01", periods=28 * 48, freq="30min")
    staff = [1 if 12 <= i % 48 < 48 else 0 for i in range(len(index))]
    req = pd.DataFrame({"interval_start": index, "volume": [4.0 * s for s in staff],
                        "aht_seconds": 300.0, "staff": staff, "open": [s > 0 for s in staff]})
    shifts = load_shifts(cfg)
    start = None if second_starts is None else pd.Timestamp(second_starts)
    people = [Employee("E1", "One", "ft"), Employee("E2", "Two", "ft", start_date=start)]
    off = pd.DataFrame(columns=["employee_id", "start_date", "end_date", "kind"])
    p = build_problem(req, "2027-02", cfg, calendar_from_config(cfg), people,
                      load_contracts(cfg, shifts), shifts, off)
    p.options = day_options(p)
    return p


def hand_result(cfg=None) -> RosterResult:
    """A RosterResult built by hand (no solver) for the exports to be checked against."""
    cfg = cfg or week_config()
    problem = week_problem(cfg, HAND_STAFF, time_off(*HAND_OFF))
    rows = []
    for e, d, brk, lunch in HAND_SHIFTS:
        option = next(i for i, o in enumerate(problem.options[d]) if o.start == 480)
        rows.append({"employee": e, "employee_id": HAND_STAFF[e].employee_id, "day": d,
                     "option": option, "date": problem.days[d], "template": "day",
                     "start": 480, "end": 960, "paid_minutes": 450,
                     "breaks": [("BREAK", brk, brk + 15), ("LUNCH", lunch, lunch + 30)]})
    shifts = pd.DataFrame(rows)
    penalties = pd.DataFrame([{"employee_id": "E2", "date": problem.days[0].date(),
                               "preference": "requested day off worked", "penalty": 60.0}],
                             columns=["employee_id", "date", "preference", "penalty"])
    return RosterResult(shifts=shifts, coverage=scheduled_staff(problem, shifts),
                        status="OPTIMAL", objective=1234.5, best_bound=1200.0,
                        gap=34.5 / 1234.5, seconds=2.0, penalties=penalties,
                        lower_bound_hours=lower_bound_hours(problem), problem=problem)


@pytest.fixture
def hand_roster() -> RosterResult:
    return hand_result()


@pytest.fixture(scope="session")
def tiny() -> SimpleNamespace:
    """The helpers above, for test modules (a conftest is not importable by name)."""
    return SimpleNamespace(MONTH=MONTH, config=week_config, requirements=first_week_requirements,
                           off=time_off, problem=week_problem, hand_result=hand_result,
                           HAND_STAFF=HAND_STAFF, HAND_OFF=HAND_OFF, HAND_SHIFTS=HAND_SHIFTS)


@pytest.fixture(scope="session")
def early_late():
    """`early_late_problem`, for test modules."""
    return early_late_problem
