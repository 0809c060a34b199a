"""The roster stage's files (schedule/roster/files.py): which files a roster writes, what
they hold when read back, the `team` column teams add, and the summary lines."""

from __future__ import annotations

from dataclasses import replace

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from wfm.core.output import times_as_text, write_all
from wfm.schedule.roster import exports, shortfall
from wfm.schedule.roster.files import ROSTER_FILES, roster_files, roster_lines
from wfm.schedule.roster.month import SolvedTeam
from wfm.schedule.roster.problem import scheduled_staff

WARNING = ("warning: 50 open intervals with calls have nobody on the phones (longest 03 Feb "
           "08:00-16:00); 68 are short of the requirement (coverage.csv)")
USELESS = ["warning: the service level, 20.5%, is far below the goal of 80%",
           "warning: the team (3 people) is on the phones for 26% of the staff-hours the "
           "month requires: hire, or plan fewer open hours"]
LINE = ("OPTIMAL (gap 2.8%), 22 paid hours (-73.8% over the lower bound 86), cost "
        "450, service level 20.5%, 15% of intervals meet the goal")


@pytest.fixture
def two_teams(tiny):
    """Team 'a' is the hand roster; team 'b' keeps only E1's Monday shift."""
    a = tiny.hand_result()
    b = tiny.hand_result()
    shifts = b.shifts.iloc[[0]].reset_index(drop=True)
    b = replace(b, shifts=shifts, coverage=scheduled_staff(b.problem, shifts),
                penalties=b.penalties.iloc[0:0])
    return [SolvedTeam("a", a, 0.8), SolvedTeam("b", b, 0.8)]


def test_a_roster_writes_its_files_and_they_read_back(tmp_path, tiny, hand_roster):
    cfg = tiny.config()
    table, files = roster_files([SolvedTeam(None, hand_roster, 0.8)], cfg, tiny.MONTH)
    assert tuple(files) == ROSTER_FILES
    write_all(tmp_path, files)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(ROSTER_FILES)
    long = pd.read_csv(tmp_path / "roster_long.csv", dtype={"date": str})
    pd.testing.assert_frame_equal(long, exports.roster_long(hand_roster))
    grid = pd.read_csv(tmp_path / "roster_grid.csv", keep_default_na=False)
    pd.testing.assert_frame_equal(grid, exports.roster_grid(hand_roster))
    cov = pd.read_csv(tmp_path / "coverage.csv")
    expected = times_as_text(exports.coverage(hand_roster))
    assert cov[["interval_start", "required", "scheduled"]].equals(
        expected[["interval_start", "required", "scheduled"]])
    assert np.allclose(cov["service_level"], expected["service_level"], atol=5e-5)
    summary = pd.read_csv(tmp_path / "roster_summary.csv")
    assert "team" not in summary and summary["kpi"].tolist() == table["kpi"].tolist()
    assert float(summary.set_index("kpi").loc["paid_hours", "value"]) == 22.5
    penalties = pd.read_csv(tmp_path / "roster_penalties.csv", keep_default_na=False)
    assert penalties[["employee_id", "date", "preference"]].values.tolist()[0] == [
        "E2", "2027-02-01", "requested day off worked"]
    # then each stretch below the floor on the phones (Tue breaks, Wed to Fri empty)
    below = penalties.iloc[1:]
    assert len(below) == len(shortfall.floor_shortfalls(hand_roster)) == 5
    assert below["preference"].str.contains(" on the phones, ").all()
    people = pd.read_csv(tmp_path / "roster_people.csv")
    assert people["employee_id"].tolist() == ["E1", "E2", "E3"]
    assert (tmp_path / "coverage.png").read_bytes()[:4] == b"\x89PNG"


def test_without_teams_the_chart_shows_the_roster(tiny, hand_roster):
    roster_files([SolvedTeam(None, hand_roster, 0.8)], tiny.config(), tiny.MONTH)
    ax = plt.figure(plt.get_fignums()[-1]).axes[0]
    assert ax.get_title() == "Tiny Centre: required and scheduled staff, 2027-02"
    required, scheduled = ax.get_lines()
    assert list(np.asarray(required.get_ydata())) == [2] * 80
    assert list(np.asarray(scheduled.get_ydata())) == \
        exports.coverage(hand_roster)["scheduled"].tolist()


def test_with_teams_the_tables_gain_a_team_column_first(tiny, two_teams):
    table, files = roster_files(two_teams, tiny.config(), tiny.MONTH)
    assert table.columns[0] == "team"
    assert table.groupby("team")["kpi"].count().to_dict() == {"a": 21, "b": 21}
    paid = table[table["kpi"] == "paid_hours"].set_index("team")["value"]
    assert paid.to_dict() == {"a": 22.5, "b": 7.5}
    assert set(files) == set(ROSTER_FILES)


def test_with_teams_every_file_holds_both_teams(tmp_path, tiny, two_teams):
    _, files = roster_files(two_teams, tiny.config(), tiny.MONTH)
    write_all(tmp_path, files)
    cov = pd.read_csv(tmp_path / "coverage.csv")
    assert list(cov.columns) == ["team", "interval_start", "required", "scheduled",
                                 "service_level", "asa_seconds", "volume", "aht_seconds"]
    assert cov.groupby("team")["scheduled"].sum().to_dict() == {
        "a": int(exports.coverage(two_teams[0].result)["scheduled"].sum()),
        "b": int(exports.coverage(two_teams[1].result)["scheduled"].sum())}
    penalties = pd.read_csv(tmp_path / "roster_penalties.csv")
    assert penalties.columns[0] == "team" and set(penalties["team"]) == {"a", "b"}
    assert penalties[~penalties["preference"].str.contains(" on the phones, ")][
        "team"].tolist() == ["a"]
    # the long and grid exports list each team's people one after the other
    long = pd.read_csv(tmp_path / "roster_long.csv")
    assert len(long) == sum(len(exports.roster_long(t.result)) for t in two_teams)
    assert (long["activity"] == "WORK").sum() == 3 + 1
    grid = pd.read_csv(tmp_path / "roster_grid.csv", keep_default_na=False)
    assert grid["employee_id"].tolist() == ["E1", "E2", "E3"] * 2


def test_with_teams_the_chart_adds_the_teams_up(tiny, two_teams):
    roster_files(two_teams, tiny.config(), tiny.MONTH)
    ax = plt.figure(plt.get_fignums()[-1]).axes[0]
    required, scheduled = ax.get_lines()
    assert list(np.asarray(required.get_ydata())) == [4] * 80
    together = (exports.coverage(two_teams[0].result)["scheduled"]
                + exports.coverage(two_teams[1].result)["scheduled"])
    assert list(np.asarray(scheduled.get_ydata())) == together.tolist()


def test_the_summary_line_in_a_planners_words(tiny, hand_roster):
    table, _ = roster_files([SolvedTeam(None, hand_roster, 0.8)], tiny.config(), tiny.MONTH)
    # the month's average hides empty phones: the summary names them
    assert roster_lines(table) == [f"roster: {LINE}", f"roster: {WARNING}",
                                   *(f"roster: {w}" for w in USELESS)]


def test_a_summary_line_per_team_also_from_the_file_read_back(tmp_path, tiny, two_teams):
    table, files = roster_files(two_teams, tiny.config(), tiny.MONTH)
    lines = roster_lines(table)
    assert lines[:4] == [f"roster a: {LINE}", f"roster a: {WARNING}",
                         *(f"roster a: {w}" for w in USELESS)]
    assert lines[4].startswith("roster b: OPTIMAL (gap 2.8%), 8 paid hours (")
    write_all(tmp_path, {"roster_summary.csv": files["roster_summary.csv"]})
    read_back = pd.read_csv(tmp_path / "roster_summary.csv")
    assert roster_lines(read_back) == lines
