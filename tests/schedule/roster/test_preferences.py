"""The preferences a month's roster breaks (schedule/roster/preferences.py), counted on a
roster written by hand and priced as the model prices them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wfm.core.calendar import calendar_from_config
from wfm.core.config import parse_config
from wfm.schedule.roster.preferences import preference_penalties
from wfm.schedule.roster.problem import build_problem, day_options
from wfm.schedule.roster.shifts import load_contracts, load_shifts
from wfm.schedule.roster.staff import Employee

CONFIG = parse_config({
    "centre": {"name": "Tiny", "open_days": ["Mon", "Tue", "Wed", "Thu", "Fri"],
               "hours": {"default": ["08:00", "20:00"]}, "week_start": "Mon"},
    "service": {"shrinkage": 0.0},
    "shift": [{"name": "day", "start": ["08:00", "11:30"], "hours": 8}],
    "contract": [{"name": "ft", "hours_per_week": [0, 40], "max_consecutive_days": 5,
                  "min_rest_hours": 11, "shifts": ["day"], "cost_per_hour": 20.0}],
    "roster": {"fairness_penalty": 30.0, "requested_off_penalty": 60.0},
})
STAFF = [Employee("A", "Ann", "ft"), Employee("B", "Bo", "ft"), Employee("C", "Cy", "ft")]


def _problem():
    index = pd.date_range("2027-02-01", periods=28 * 48, freq="30min")
    minute = index.hour * 60 + index.minute
    open_ = (index < pd.Timestamp("2027-02-06")) & (minute >= 480) & (minute < 1200)
    req = pd.DataFrame({"interval_start": index, "volume": np.where(open_, 4.0, 0.0),
                        "aht_seconds": 300.0, "staff": np.where(open_, 1, 0), "open": open_})
    shifts = load_shifts(CONFIG)
    off = pd.DataFrame({"employee_id": ["C"], "start_date": pd.to_datetime(["2027-02-04"]),
                        "end_date": pd.to_datetime(["2027-02-04"]), "kind": ["requested"]})
    p = build_problem(req, "2027-02", CONFIG, calendar_from_config(CONFIG), STAFF,
                      load_contracts(CONFIG, shifts), shifts, off)
    p.options = day_options(p)
    return p


def _shifts(p, worked: dict[int, list[tuple[int, str]]]) -> pd.DataFrame:
    rows = []
    for e, days in worked.items():
        for d, clock in days:
            start = int(clock[:2]) * 60 + int(clock[3:])
            o = next(i for i, opt in enumerate(p.options[d]) if opt.start == start)
            rows.append({"employee": e, "employee_id": STAFF[e].employee_id, "day": d,
                         "option": o})
    return pd.DataFrame(rows)


def test_each_broken_preference_is_a_row_with_the_models_price():
    p = _problem()
    shifts = _shifts(p, {
        0: [(0, "08:00"), (1, "11:30"), (2, "08:00")],  # starts 3.5 h apart; 1 late shift
        1: [(0, "08:00"), (2, "08:00")],  # Tuesday off alone
        2: [(0, "11:30"), (1, "11:30"), (2, "11:30"), (3, "11:30")],  # 4 late, Thu asked off
    })
    pen = preference_penalties(p, shifts)
    rows = {(r.employee_id, str(r.date), r.preference): r.penalty for r in pen.itertuples()}
    assert rows == {
        ("A", "2027-02-01", "start times in the week more than 2 h apart"): 100 * 30.0,
        ("B", "2027-02-02", "single day off between working days"): 100 * 30.0,
        ("C", "2027-02-04", "requested day off worked"): 60.0,
        # late shifts 0 (B) to 4 (C): a range of 4, 2 beyond fair_spread 2, each unit of
        # that 20 times over: 30 x (4 + 20 x 2)
        ("", "2027-02-28", "late shifts per ft employee over the month: 0 to 4"): 1320.0,
    }


def test_a_fair_month_that_keeps_every_preference_has_one_row_at_no_cost():
    p = _problem()
    shifts = _shifts(p, {0: [(d, "08:00") for d in range(5)],
                         1: [(d, "08:00") for d in range(5)],
                         2: [(d, "08:00") for d in range(3)]})  # not on Thursday, asked off
    pen = preference_penalties(p, shifts)
    assert pen[["preference", "penalty"]].values.tolist() == [
        ["late shifts per ft employee over the month: 0 to 0", 0.0]]
