"""Rostering a month by team (schedule/roster/month.py): with queues, each skill set is its
own team, rostered against the roll-up of its queues, and the exports name the team."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm.core.calendar import calendar_from_config
from wfm.core.config import load_config
from wfm.core.errors import InputError
from wfm.schedule.roster.files import roster_files
from wfm.schedule.roster.month import roster_month
from wfm.schedule.roster.month import teams as _teams
from wfm.schedule.roster.staff import Employee

MONTH = "2027-02"


def _requirements(cal) -> pd.DataFrame:
    """Two queues over February 2027: 'a' needs 2 staff, 'b' 1, in every open interval."""
    starts = pd.date_range("2027-02-01", "2027-02-28 23:30", freq="30min")
    from wfm.schedule.staffing.requirements import open_intervals

    is_open = open_intervals(starts, cal)
    parts = []
    for queue, staff in (("a", 2), ("b", 1)):
        parts.append(pd.DataFrame({
            "queue": queue, "interval_start": starts, "volume": np.where(is_open, 10.0, 0.0),
            "aht_seconds": 300.0, "staff": np.where(is_open, staff, 0), "open": is_open}))
    return pd.concat(parts, ignore_index=True)


@pytest.fixture(scope="module")
def solved(sample_dir, tmp_path_factory):
    cfg = load_config(sample_dir / "config.toml")
    cal = calendar_from_config(cfg)
    folder = tmp_path_factory.mktemp("teams")
    staff = pd.DataFrame({
        "employee_id": [f"A{i}" for i in range(1, 5)] + [f"B{i}" for i in range(1, 4)],
        "name": [f"Agent {i}" for i in range(7)],
        "contract": "full-time", "skills": ["a"] * 4 + ["b"] * 3})
    staff.to_csv(folder / "employees.csv", index=False)
    req = _requirements(cal)
    teams = roster_month(req, MONTH, cfg, cal, str(folder / "employees.csv"), None,
                         time_limit=8, seed=0, workers=2)
    return cfg, req, teams, folder


@pytest.mark.slow
def test_each_skill_set_is_a_team_rostered_from_its_own_people(solved):
    _, _, teams, _ = solved
    assert [t.name for t in teams] == ["a", "b"]
    for team, prefix in zip(teams, ("A", "B"), strict=True):
        people = set(team.result.shifts["employee_id"])
        assert people and all(p.startswith(prefix) for p in people)
        assert {e.employee_id for e in team.result.problem.employees} == {
            p for p in ("A1", "A2", "A3", "A4", "B1", "B2", "B3") if p.startswith(prefix)}


@pytest.mark.slow
def test_each_team_covers_its_own_queues_requirement(solved):
    _, req, teams, _ = solved
    for team in teams:
        need = req[req["queue"] == team.name].set_index("interval_start")["staff"]
        index = pd.date_range("2027-02-01", periods=len(team.result.problem.required),
                              freq="30min")
        assert team.result.problem.required.tolist() == need.reindex(index).fillna(0).tolist()


@pytest.mark.slow
def test_the_exports_name_the_team_and_add_up(solved):
    cfg, _, teams, _ = solved
    table, files = roster_files(teams, cfg, MONTH)
    assert set(table["team"]) == {"a", "b"}
    paid = table[table["kpi"] == "paid_hours"].set_index("team")["value"].astype(float)
    assert paid["a"] > paid["b"] > 0  # two staff needed in 'a' against one in 'b'
    assert {"roster_long.csv", "coverage.csv", "roster_summary.csv", "coverage.png"} <= set(
        files)


@pytest.mark.slow
def test_a_team_with_no_requirement_in_the_month_is_named(solved):
    cfg, req, _, folder = solved
    cal = calendar_from_config(cfg)
    quiet = req.assign(staff=np.where(req["queue"] == "b", 0, req["staff"]))
    with pytest.raises(InputError, match="the requirements need nobody for b in 2027-02"):
        roster_month(quiet, MONTH, cfg, cal, str(folder / "employees.csv"), None,
                     time_limit=5)


def test_the_roster_gives_each_team_the_roll_up_of_its_queues():
    t1, t2 = pd.Timestamp("2024-03-04 09:00"), pd.Timestamp("2024-03-04 09:30")
    req = pd.DataFrame({"queue": ["billing", "billing", "sales", "sales", "support", "support"],
                        "interval_start": [t1, t2] * 3,
                        "volume": [4.0, 6.0, 10.0, 12.0, 20.0, 22.0],
                        "aht_seconds": [300.0] * 6, "staff": [2, 3, 4, 5, 7, 8],
                        "open": [True] * 6})
    staff = [Employee(f"E{i:02d}", f"Person {i}", "full-time", skills=tuple(s.split(";")))
             for i, s in enumerate(("sales;support", "billing", "support;sales"), start=1)]
    teams = _teams(req, staff, "staff.csv")
    assert [name for name, _, _ in teams] == ["billing", "sales+support"]
    _, need, people = teams[1]
    assert [e.employee_id for e in people] == ["E01", "E03"]
    assert need["staff"].tolist() == [11, 13] and need["volume"].tolist() == [30.0, 34.0]
    assert teams[0][1]["staff"].tolist() == [2, 3]
    # without a queue column the whole team is rostered against the requirement as it is
    plain = req[req["queue"] == "sales"].drop(columns="queue")
    [(name, same, everyone)] = _teams(plain, staff, "staff.csv")
    assert name is None and same is plain and everyone == staff
