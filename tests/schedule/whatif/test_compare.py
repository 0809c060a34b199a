"""What-if scenarios side by side (schedule/whatif/compare.py): staffing, cost and simulation
per scenario, on the bundled sample (one forecast for the module, slow) and on small
hand-made months; the costing, the default month and the table as text."""

from __future__ import annotations

import dataclasses
import tomllib

import numpy as np
import pandas as pd
import pytest

from wfm.core.calendar import calendar_from_config
from wfm.core.config import load_config, parse_config
from wfm.core.errors import InputError
from wfm.forecast.history import load_history
from wfm.forecast.pipeline import run_forecast
from wfm.schedule.roster.shifts import load_contracts, load_shifts
from wfm.schedule.roster.staff import Employee, no_time_off
from wfm.schedule.staffing.agents import service_level
from wfm.schedule.staffing.erlang_day import erlang_a_through_day
from wfm.schedule.staffing.requirements import requirements
from wfm.schedule.whatif.compare import (
    COLUMNS,
    Costing,
    RosterInputs,
    costing,
    default_month,
    run_whatif,
    whatif_lines,
)
from wfm.schedule.whatif.scenarios import parse_scenarios

SAMPLE_SCENARIOS = """
[whatif]
seed = 7
replications = 4
[[scenario]]
name = "baseline"
[[scenario]]
name = "volume +15%"
volume = "+15%"
[[scenario]]
name = "goal 90/20"
goal = 0.90
answer_seconds = 20
[[scenario]]
name = "shrinkage 35%"
shrinkage = 0.35
[[scenario]]
name = "30% to chat"
move_to_chat = 0.3
[[scenario]]
name = "close at 18:00"
hours = { default = ["08:00", "18:00"], Sat = ["09:00", "17:00"] }
[[scenario]]
name = "team 45"
headcount = 45
[[scenario]]
name = "team 45 + 8"
headcount = 45
hires = 8
[[scenario]]
name = "team 60"
headcount = 60
"""


def _scenarios(text: str, path="scenarios.toml"):
    return parse_scenarios(tomllib.loads(text), path)


@pytest.fixture(scope="module")
def sample(sample_dir):
    """The sample's config, calendar and December 2026 interval forecast (made once)."""
    cfg = load_config(sample_dir / "config.toml")
    cal = calendar_from_config(cfg)
    hist = load_history(sample_dir / "history.csv", cfg)
    assert default_month(hist) == "2026-12"
    intervals = run_forecast(hist, cfg, cal, month="2026-12").intervals
    return cfg, cal, intervals


@pytest.fixture(scope="module")
def table(sample) -> pd.DataFrame:
    cfg, cal, intervals = sample
    return run_whatif(_scenarios(SAMPLE_SCENARIOS), intervals, cfg, cal).set_index("scenario")


@pytest.mark.slow
def test_one_row_per_scenario_with_the_documented_columns(table):
    assert list(table.reset_index().columns) == COLUMNS
    assert list(table.index) == [s.name for s in _scenarios(SAMPLE_SCENARIOS).scenarios]
    assert table.loc["baseline", ["fte_change", "cost_change"]].tolist() == [0.0, 0.0]
    np.testing.assert_allclose(table["cost_change"],
                               table["cost"] - table.loc["baseline", "cost"])


@pytest.mark.slow
def test_volume_up_raises_required_fte_and_cost(table):
    base, busy = table.loc["baseline"], table.loc["volume +15%"]
    assert busy["volume"] == pytest.approx(base["volume"] * 1.15)
    assert busy["required_fte"] > base["required_fte"] and busy["fte_change"] > 0
    assert busy["cost"] > base["cost"] and busy["cost_change"] > 0


@pytest.mark.slow
def test_goal_90_20_costs_more_than_80_20(sample, table):
    cfg = sample[0]
    assert (cfg.service["goal"], cfg.service["answer_seconds"]) == (0.80, 20)
    base, strict = table.loc["baseline"], table.loc["goal 90/20"]
    assert strict["cost"] > base["cost"] and strict["paid_hours"] > base["paid_hours"]
    assert strict["service_level_erlang_a"] > base["service_level_erlang_a"]
    assert strict["service_level_sim"] > base["service_level_sim"]


@pytest.mark.slow
def test_more_shrinkage_raises_paid_hours_not_service(sample, table):
    cfg, cal, intervals = sample
    agents = requirements(intervals, cfg, cal)["agents"].to_numpy()
    # agents on the phones are the same; staff = ceil(agents / (1 - 0.35)), counted here
    staff_hours = np.ceil(agents / 0.65 - 1e-9).sum() * 0.5
    row = table.loc["shrinkage 35%"]
    assert row["paid_hours"] == pytest.approx(staff_hours / 0.88)
    assert row["paid_hours"] > table.loc["baseline", "paid_hours"]
    assert row["service_level_erlang_a"] == table.loc["baseline", "service_level_erlang_a"]


@pytest.mark.slow
def test_baseline_row_equals_running_staffing_directly(sample, table):
    cfg, cal, intervals = sample
    req = requirements(intervals, cfg, cal)
    staff_hours = req["staff"].sum() * 0.5
    row = table.loc["baseline"]
    # sample contracts: full-time at most 40 h a week at 24.0 an hour; December has 31 days
    assert row["volume"] == pytest.approx(intervals["volume"].sum())
    assert row["required_fte"] == pytest.approx(staff_hours / (40 * 31 / 7))
    assert row["paid_hours"] == pytest.approx(staff_hours / 0.88)
    assert row["cost"] == pytest.approx(staff_hours / 0.88 * 24.0)
    assert row["cost_per_contact"] == pytest.approx(row["cost"] / row["volume"])
    vol = req["volume"].to_numpy()
    day = erlang_a_through_day(req[["interval_start", "volume", "aht_seconds", "agents"]],
                               1800, 20, 180)
    assert row["service_level_erlang_a"] == pytest.approx(
        (day["service_level"] * vol).sum() / vol.sum())
    # within a point of the stationary figures the staffing stage aims at
    sl = service_level(req["agents"], vol, np.where(vol > 0, req["aht_seconds"], 1.0), 1800,
                       20, patience_seconds=180)
    assert abs(row["service_level_erlang_a"] - (sl * vol).sum() / vol.sum()) < 0.01
    assert row["plan"] == "goal"


@pytest.mark.slow
def test_chat_and_hours_keep_every_contact(table):
    base = table.loc["baseline", "volume"]
    assert table.loc["30% to chat", "volume"] == pytest.approx(base)
    assert table.loc["close at 18:00", "volume"] == pytest.approx(base)
    # a separate chat queue loses the economy of one large pool
    assert table.loc["30% to chat", "required_fte"] > table.loc["baseline", "required_fte"]


@pytest.mark.slow
def test_headcount_rows_cost_the_team_and_give_its_service(table):
    weeks = 31 / 7
    team = table.loc["team 45"]
    assert team["plan"] == "headcount"
    assert team["paid_hours"] == pytest.approx(45 * 40 * weeks)
    assert team["cost"] == pytest.approx(45 * 40 * 24.0 * weeks)
    assert team["required_fte"] == table.loc["baseline", "required_fte"]  # the need is the need
    hired = table.loc["team 45 + 8"]  # hires on the sample's part-time contract: 24 h at 19.0
    assert hired["paid_hours"] == pytest.approx((45 * 40 + 8 * 24) * weeks)
    assert hired["cost"] == pytest.approx((45 * 40 * 24.0 + 8 * 24 * 19.0) * weeks)
    sl = table.loc[["team 45", "team 45 + 8", "team 60"], "service_level_erlang_a"]
    assert sl.is_monotonic_increasing and sl.iloc[0] < sl.iloc[-1]
    assert table.loc["team 45", "service_level_sim"] < table.loc["team 60", "service_level_sim"]


@pytest.mark.slow
def test_erlang_a_lies_in_the_simulated_95_interval_on_the_sample_month(table):
    # Erlang A solved through each day (queues carried across intervals) against the
    # simulation of the same agents: every scenario's figure inside the simulated interval
    inside = (table["service_level_sim_lo"] <= table["service_level_erlang_a"]) & \
        (table["service_level_erlang_a"] <= table["service_level_sim_hi"])
    assert inside.all(), table[["scenario", "service_level_erlang_a", "service_level_sim_lo",
                                "service_level_sim_hi"]]
    assert ((table["abandonment_sim"] - table["abandonment_erlang_a"]).abs() < 0.002).all()


@pytest.mark.slow
def test_same_seed_gives_the_same_table_and_another_seed_another(sample):
    cfg, cal, intervals = sample
    text = ('[whatif]\nreplications = 3\n[[scenario]]\nname = "a"\n'
            '[[scenario]]\nname = "b"\nvolume = "-10%"\n')
    first = run_whatif(_scenarios(text), intervals, cfg, cal, seed=11)
    again = run_whatif(_scenarios(text), intervals, cfg, cal, seed=11)
    pd.testing.assert_frame_equal(first, again)
    other = run_whatif(_scenarios(text), intervals, cfg, cal, seed=12)
    assert not np.allclose(first["service_level_sim"], other["service_level_sim"])
    pd.testing.assert_series_equal(first["required_fte"], other["required_fte"])


@pytest.mark.slow
def test_progress_names_each_scenario(sample):
    cfg, cal, intervals = sample
    seen = []
    text = '[whatif]\nreplications = 2\n[[scenario]]\nname = "a"\n[[scenario]]\nname = "b"\n'
    run_whatif(_scenarios(text), intervals, cfg, cal,
               progress=lambda done, total, what: seen.append((done, total, what)))
    assert seen == [(0, 2, "a"), (1, 2, "b"), (2, 2, "done")]


# -- a steady load: Erlang A's own assumptions --------------------------------------------------
@pytest.mark.slow
def test_erlang_a_lies_inside_the_simulated_interval_when_the_load_is_steady():
    cfg = parse_config({"service": {"aht_seconds": 300.0}})  # open all day, every day
    cal = calendar_from_config(cfg)
    starts = pd.date_range("2027-03-01", periods=48 * 14, freq="30min")
    intervals = pd.DataFrame({"interval_start": starts, "volume": 60.0, "aht_seconds": 300.0})
    text = """
    [whatif]
    replications = 10
    [[scenario]]
    name = "baseline"
    [[scenario]]
    name = "volume +15%"
    volume = "+15%"
    [[scenario]]
    name = "goal 90/20"
    goal = 0.9
    [[scenario]]
    name = "half to chat"
    move_to_chat = 0.5
    [[scenario]]
    name = "team of 30"
    headcount = 30
    """
    table = run_whatif(_scenarios(text), intervals, cfg, cal, seed=7)
    for kpi in ("service_level", "abandonment"):
        inside = ((table[f"{kpi}_sim_lo"] <= table[f"{kpi}_erlang_a"])
                  & (table[f"{kpi}_erlang_a"] <= table[f"{kpi}_sim_hi"]))
        assert inside.all(), table[["scenario", f"{kpi}_erlang_a", f"{kpi}_sim_lo",
                                    f"{kpi}_sim_hi"]]
    # without contracts there is no hourly rate: FTE at 40 h, cost unknown
    assert np.isnan(table["cost"]).all()
    assert table.loc[0, "required_fte"] == pytest.approx(
        requirements(intervals, cfg, cal)["staff"].sum() * 0.5 / (40 * 2))


@pytest.mark.slow
def test_a_month_outside_the_plan_and_a_roster_without_staff_are_errors(sample):
    cfg, cal, intervals = sample
    text = '[[scenario]]\nname = "a"\nvolume = { "2027-01" = "+5%" }\n'
    with pytest.raises(InputError, match=r"scenario 'a' volume: month 2027-01 is not in"):
        run_whatif(_scenarios(text), intervals, cfg, cal)
    with pytest.raises(InputError, match="roster = true: give the employees"):
        run_whatif(_scenarios('[[scenario]]\nname = "a"\nroster = true\n'), intervals, cfg,
                   cal)


# -- a roster scenario on a small month ----------------------------------------------------------
@pytest.mark.slow
def test_roster_scenario_pays_whole_shifts_at_the_contract_rate():
    cfg = parse_config({
        "centre": {"open_days": ["Mon", "Tue", "Wed", "Thu", "Fri"],
                   "hours": {"default": ["08:00", "16:00"]}, "week_start": "Mon"},
        "service": {"shrinkage": 0.0, "min_agents": 0},
        "shift": [{"name": "day", "start": ["08:00", "08:00"], "hours": 8,
                   "breaks": [{"minutes": 30, "within": [3.0, 5.0], "activity": "LUNCH",
                               "paid": False}]}],
        "contract": [{"name": "ft", "hours_per_week": [0, 40], "max_consecutive_days": 5,
                      "min_rest_hours": 11, "shifts": ["day"], "cost_per_hour": 20.0}],
    })
    cal = calendar_from_config(cfg)
    starts = pd.date_range("2027-02-01", periods=28 * 48, freq="30min")
    minute = starts.hour * 60 + starts.minute
    open_ = (starts.day_of_week < 5) & (minute >= 480) & (minute < 960)
    intervals = pd.DataFrame({"interval_start": starts,
                              "volume": np.where(open_, 30.0, 0.0), "aht_seconds": 300.0})
    shifts = load_shifts(cfg)
    team = RosterInputs(employees=[Employee(f"E{i}", f"P{i}", "ft") for i in range(12)],
                        contracts=load_contracts(cfg, shifts), shifts=shifts,
                        time_off=no_time_off(), time_limit=5.0, seed=0, workers=2)
    text = ('[whatif]\nreplications = 3\n[[scenario]]\nname = "need"\n'
            '[[scenario]]\nname = "rostered"\nroster = true\n')
    table = run_whatif(_scenarios(text), intervals, cfg, cal, roster=team).set_index(
        "scenario")
    row = table.loc["rostered"]
    assert row["plan"] == "roster"
    assert row["paid_hours"] > 0 and row["paid_hours"] % 7.5 == pytest.approx(0.0)
    assert row["cost"] == pytest.approx(20.0 * row["paid_hours"])
    need_hours = requirements(intervals, cfg, cal)["staff"].sum() * 0.5
    assert row["paid_hours"] >= need_hours  # lunches keep people off the phones
    assert 0 < row["service_level_sim"] <= 1 and np.isfinite(row["service_level_erlang_a"])


@pytest.mark.slow
def test_scenario_objects_are_not_changed_by_a_run(sample):
    cfg, cal, intervals = sample
    before = intervals.copy()
    service = dict(cfg.service)
    scenarios = _scenarios('[[scenario]]\nname = "a"\ngoal = 0.9\nvolume = "+20%"\n'
                           'hours = { default = ["09:00", "17:00"] }\n')
    run_whatif(dataclasses.replace(scenarios, replications=2), intervals, cfg, cal)
    pd.testing.assert_frame_equal(intervals, before)
    assert cfg.service == service and cal.hours == calendar_from_config(cfg).hours


# -- Erlang A only (replications = 0): the interactive page's quick figures -------------------
@pytest.mark.slow
def test_zero_replications_gives_erlang_a_only_with_the_same_figures():
    cfg = parse_config({"centre": {"hours": {"default": ["08:00", "18:00"]}},
                        "service": {"aht_seconds": 300.0}})
    cal = calendar_from_config(cfg)
    starts = pd.date_range("2027-03-01", periods=48 * 7, freq="30min")
    open_ = (starts.hour >= 8) & (starts.hour < 18)
    intervals = pd.DataFrame({"interval_start": starts,
                              "volume": np.where(open_, 50.0, 0.0), "aht_seconds": 300.0})
    text = ('[whatif]\nreplications = 3\n[[scenario]]\nname = "a"\n'
            '[[scenario]]\nname = "b"\nvolume = "+20%"\n[[scenario]]\nname = "team"\n'
            'headcount = 12\n')
    simulated = run_whatif(_scenarios(text), intervals, cfg, cal, seed=3)
    quick = run_whatif(_scenarios(text), intervals, cfg, cal, seed=3, replications=0)
    sim_columns = [c for c in COLUMNS if "_sim" in c]
    assert len(sim_columns) == 10 and quick[sim_columns].isna().all().all()
    assert simulated[sim_columns].notna().all().all()  # the file's 3 runs, as before
    rest = [c for c in COLUMNS if c not in sim_columns]
    pd.testing.assert_frame_equal(quick[rest], simulated[rest])
    assert quick.loc[1, "required_fte"] > quick.loc[0, "required_fte"]
    assert 0 < quick.loc[2, "service_level_erlang_a"] < 1
    with pytest.raises(InputError, match=r"replications: expected 0 \(Erlang A only\) or 2"):
        run_whatif(_scenarios(text), intervals, cfg, cal, replications=1)


# -- the costing, the month and the table as text (no staffing) --------------------------------
CONTRACTS = {
    "shift": [{"name": "day", "start": ["08:00", "10:00"], "hours": 8}],
    "contract": [{"name": "full-time", "hours_per_week": [32, 40], "cost_per_hour": 24.0},
                 {"name": "part-time", "hours_per_week": [16, 24], "cost_per_hour": 19.0}],
}


@pytest.mark.parametrize(("last_day", "month"), [
    ("2026-11-30", "2026-12"), ("2026-11-15", "2026-12"), ("2026-12-01", "2027-01"),
    ("2026-12-31", "2027-01")])
def test_default_month_is_the_first_whole_month_after_the_history(last_day, month):
    history = type("History", (), {"last_day": pd.Timestamp(last_day)})()
    assert default_month(history) == month


def test_costing_takes_the_contract_with_the_most_hours_and_the_hire_contract():
    none = _scenarios('[[scenario]]\nname = "a"\n')
    cfg = parse_config({**CONTRACTS, "season": {"hire_contract": "part-time",
                                                "schedule_efficiency": 0.9}})
    assert costing(cfg, none) == Costing(fte_hours=40.0, cost_per_hour=24.0, hire_hours=24.0,
                                         hire_cost_per_hour=19.0, schedule_efficiency=0.9)
    # no hire contract named: hires work the full-time contract
    plain = costing(parse_config(CONTRACTS), none)
    assert (plain.hire_hours, plain.hire_cost_per_hour, plain.schedule_efficiency) == (
        40.0, 24.0, 0.88)
    # the scenario file's fte_hours_per_week over the contract's
    shorter = _scenarios('[whatif]\nfte_hours_per_week = 37.5\n[[scenario]]\nname = "a"\n')
    assert costing(parse_config(CONTRACTS), shorter).fte_hours == 37.5


def test_costing_without_contracts_has_40_hour_weeks_and_no_rate():
    cost = costing(parse_config({}), _scenarios('[[scenario]]\nname = "a"\n'))
    assert cost.fte_hours == cost.hire_hours == 40.0
    assert np.isnan(cost.cost_per_hour) and np.isnan(cost.hire_cost_per_hour)


def test_an_unknown_hire_contract_is_an_input_error():
    cfg = parse_config({**CONTRACTS, "season": {"hire_contract": "temp"}})
    with pytest.raises(InputError, match=r"\[season\] hire_contract: no contract is called 'temp'"):
        costing(cfg, _scenarios('[[scenario]]\nname = "a"\n'))


def test_replications_and_roster_are_checked_before_any_staffing():
    cfg = parse_config({})
    cal = calendar_from_config(cfg)
    intervals = pd.DataFrame({"interval_start": pd.date_range("2027-03-01", periods=48,
                                                              freq="30min"),
                              "volume": 10.0, "aht_seconds": 300.0})
    with pytest.raises(InputError, match=r"replications: expected 0 \(Erlang A only\) or 2 or "
                                         r"more, got 1"):
        run_whatif(_scenarios('[[scenario]]\nname = "a"\n'), intervals, cfg, cal,
                   replications=1)
    with pytest.raises(InputError, match="roster = true: give the employees"):
        run_whatif(_scenarios('[[scenario]]\nname = "a"\nroster = true\n'), intervals, cfg,
                   cal)


def test_table_as_text_in_the_units_a_manager_reads():
    row = {c: 0.0 for c in COLUMNS}
    row.update(scenario="volume +15%", plan="goal", volume=11_500.0, required_fte=46.94,
               paid_hours=8_123.4, cost=194_961.6, cost_per_contact=16.953,
               service_level_erlang_a=0.8123, service_level_sim=0.805,
               service_level_sim_lo=0.79, service_level_sim_hi=0.82, asa_erlang_a=14.26,
               asa_sim=15.04, abandonment_erlang_a=0.021, abandonment_sim=0.0234,
               occupancy_sim=0.844, fte_change=5.71, cost_change=-1234.0)
    lines = whatif_lines(pd.DataFrame([row]))
    assert len(lines) == 3 and lines[-1] == "ASA and abandonment: Erlang A / simulated"
    assert lines[0].split()[:3] == ["scenario", "plan", "contacts"]
    for shown in ("volume +15%", "11,500", "46.9", "8,123", "194,962", "16.95", "81.2%",
                  "80.5% (79.0%-82.0%)", "14.3 / 15.0", "2.1% / 2.3%", "84%", "+5.7",
                  "-1,234"):
        assert shown in lines[1], shown


def test_a_cost_without_an_hourly_rate_reads_n_a_and_says_why():
    row = {c: 0.0 for c in COLUMNS}
    row.update(scenario="baseline", plan="goal", cost=np.nan, cost_per_contact=np.nan,
               cost_change=np.nan)
    lines = whatif_lines(pd.DataFrame([row]))
    assert "nan" not in " ".join(lines)
    assert lines[1].count("n/a") == 3
    assert lines[-1] == "cost n/a: the config has no [[contract]] to take an hourly rate from"
