"""Goals against hand-worked statuses: met, on track, at risk and missed, the path from a
baseline, the previous period's change, and goal tables a planner gets wrong."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from wfm.core.config import parse_config
from wfm.core.errors import InputError
from wfm.schedule.report.goals import check_goal_kpis, glide_path, goal_status, goal_table

D = dt.date


def _goal(**over):
    goal = {"kpi": "nps", "target": 40.0, "direction": "at_least", "due": D(2027, 6, 30),
            "start": D(2027, 1, 1), "baseline": 31.0, "name": "NPS from 31 to 40 by June"}
    return {**goal, **over}


def test_the_path_runs_straight_from_the_baseline_to_the_target():
    goal = _goal()  # 180 days from 1 January to 30 June
    assert glide_path(goal, D(2027, 1, 1)) == 31
    assert glide_path(goal, D(2027, 3, 31)) == pytest.approx(31 + 9 * 89 / 180)  # 35.45
    assert glide_path(goal, D(2027, 9, 1)) == 40 and glide_path(goal, D(2026, 1, 1)) == 31
    assert np.isnan(glide_path(_goal(baseline=None, start=None), D(2027, 3, 31)))


@pytest.mark.parametrize(("value", "previous", "end", "status", "trend"), [
    (41.0, 38.0, D(2027, 3, 31), "met", "improving"),
    (36.0, 33.0, D(2027, 3, 31), "on track", "improving"),   # past the path's 35.45
    (35.0, 36.0, D(2027, 3, 31), "at risk", "worsening"),    # short of 35.45
    (39.9, 39.9, D(2027, 6, 30), "missed", "flat"),          # due, and short of 40
    (40.0, np.nan, D(2027, 6, 30), "met", "no previous period"),
])
def test_status_of_a_goal_to_reach_at_least(value, previous, end, status, trend):
    row = goal_status(_goal(), value, previous, end)
    assert (row["status"], row["trend"]) == (status, trend)
    assert row["name"] == "NPS from 31 to 40 by June"


def test_a_goal_to_stay_under_a_target_and_one_without_a_baseline():
    asa = _goal(kpi="asa", target=30.0, direction="at_most", baseline=None, start=None,
                name="")
    assert goal_status(asa, 28.0, 35.0, D(2027, 3, 31))["status"] == "met"
    # no baseline: moving towards the target since the previous period is on track
    row = goal_status(asa, 33.0, 35.0, D(2027, 3, 31))
    assert (row["status"], row["trend"], row["change"]) == ("on track", "improving", -2.0)
    assert goal_status(asa, 36.0, 35.0, D(2027, 3, 31))["status"] == "at risk"
    assert goal_status(asa, 36.0, 35.0, D(2027, 7, 31))["status"] == "missed"
    assert goal_status(asa, np.nan, 35.0, D(2027, 3, 31))["status"] == "no value"
    assert row["name"] == "asa"  # unnamed goals go by their KPI


def test_the_tiny_centres_april(april):
    goals = april.goals.set_index("kpi")
    # CSAT 60% (3 of 5 replies 4-5) against a path from 50% on 1 January to 80% on
    # 31 December: 120 of 365 days gone by 30 April, 50% + 30% x 120/365 = 59.9%
    assert goals.loc["csat", "expected"] == pytest.approx(0.5 + 0.3 * 120 / 365)
    assert goals.loc["csat", "status"] == "on track"
    assert goals.loc["csat", "trend"] == "worsening"  # March's one reply was a 5
    assert goals.loc["csat", "previous"] == 1.0
    # the same calls every day: ASA over 10 s in March and April, due 30 April
    asa = april.kpis.set_index("kpi").loc["asa", "value"]
    assert goals.loc["asa", "value"] == asa > 10
    assert (goals.loc["asa", "status"], goals.loc["asa", "trend"]) == ("missed", "flat")
    assert goals.loc["nps", "status"] == "met"  # 16.7 against 10


def test_goal_table_keeps_the_configs_order():
    goals = (_goal(), _goal(kpi="csat", target=0.8))
    table = goal_table(goals, {"nps": 30.0}, {}, D(2027, 2, 28))
    assert table["kpi"].tolist() == ["nps", "csat"]
    assert table["status"].tolist() == ["at risk", "no value"]


@pytest.mark.parametrize(("goal", "message"), [
    ({"kpi": "nps", "target": 40, "direction": "up", "due": D(2027, 6, 30)},
     r'\[\[goal\]\] 1 direction: expected "at_least" or "at_most", got \'up\''),
    ({"kpi": "nps", "target": 40, "direction": "at_least"}, r"missing `due`"),
    ({"kpi": "nps", "target": 40, "direction": "at_least", "due": "June"},
     r"due: expected a date YYYY-MM-DD, got 'June'"),
    ({"kpi": "nps", "target": 40, "direction": "at_least", "due": D(2027, 6, 30),
      "baseline": 31}, r"a baseline needs the date it was measured"),
    ({"kpi": "nps", "target": "40", "direction": "at_least", "due": D(2027, 6, 30)},
     r"target: expected a number"),
    ({"kpi": "nps", "target": 40, "direction": "at_least", "due": D(2027, 6, 30),
      "deadline": D(2027, 6, 30)}, r"unknown key 'deadline' in \[\[goal\]\] 1"),
])
def test_a_bad_goal_table_is_one_line_naming_the_goal(goal, message):
    with pytest.raises(InputError, match=message):
        parse_config({"goal": [goal]})


def test_a_goal_on_a_measure_the_report_does_not_give_is_refused():
    goals = parse_config({"goal": [{"kpi": "happiness", "target": 1,
                                    "direction": "at_least", "due": "2027-01-01"}]}
                         ).extra["goals"]
    with pytest.raises(InputError, match=r"\[\[goal\]\] 1 kpi: 'happiness' is not a KPI"):
        check_goal_kpis(goals, {"nps": "points"}, "config.toml")


def test_a_goal_judged_over_the_year_counts_every_month_of_it(centre, tmp_path):
    # CSAT over 2024 so far: March's one 5 and April's 5, 5, 4, 3, 1 -> 4 of 6 score 4-5;
    # the report itself is April's (3 of 5)
    from wfm.core.config import load_config
    from wfm.schedule.report.data import build_report, load_report_inputs

    path = tmp_path / "config.toml"
    path.write_text(centre["config"].read_text() + '\n[[goal]]\nname = "CSAT this year"\n'
                    'kpi = "csat"\ntarget = 0.7\ndirection = "at_least"\ndue = 2024-12-31\n'
                    'period = "year"\n')
    data = build_report(load_report_inputs(centre["history"], load_config(path),
                                           surveys=centre["surveys"], month="2024-04"))
    goals = data.goals.set_index("name")
    year = goals.loc["CSAT this year"]
    assert year["period"] == "2024" and year["value"] == pytest.approx(4 / 6)
    assert np.isnan(year["previous"])  # no 2023 in the history
    assert year["status"] == "at risk"  # 66.7% under 70%, no baseline, no previous year
    april = goals.loc["CSAT to 80% by the year's end"]
    assert april["period"] == "" and april["value"] == pytest.approx(0.6)


def test_an_unknown_goal_period_is_refused():
    with pytest.raises(InputError, match=r"\[\[goal\]\] 1 period: expected one of report, "
                                         r"month, quarter, year, got 'week'"):
        parse_config({"goal": [{"kpi": "nps", "target": 40, "direction": "at_least",
                                "due": D(2027, 6, 30), "period": "week"}]})
