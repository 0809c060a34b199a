"""The what-if page's work as plain functions (serve/page.py), on a small hand-made week: the
plan from a forecast file (queues too), the sliders as a checked scenario set, the figures
side by side, and the scenarios saved as the TOML `wfm whatif` reads."""

from __future__ import annotations

import dataclasses
import os
import time
import tomllib
from pathlib import Path

import locations
import numpy as np
import pandas as pd
import pytest

from wfm.core.errors import InputError
from wfm.schedule.whatif.compare import COLUMNS
from wfm.schedule.whatif.scenarios import load_scenarios, parse_scenarios
from wfm.serve import page

REPO = locations.REPO


def _set(plan: page.Plan, **changes) -> page.ScenarioSet:
    values = dataclasses.replace(page.default_values(plan.config), **changes)
    return page.page_scenarios(values, plan.config, month=plan.month)



def test_forecast_file_gives_its_months_and_the_chosen_month_only(small, plan):
    source = plan.source
    assert source.kind == "forecast" and source.months == ("2027-03", "2027-04")
    assert plan.month == "2027-03" and len(plan.intervals) == 7 * 48
    assert pd.DatetimeIndex(plan.intervals["interval_start"]).month.unique().tolist() == [3]
    april = page.plan_month(source, "2027-04")
    assert len(april.intervals) == 2 * 48
    assert page.plan_month(source).month == "2027-03"  # the first month by default
    with pytest.raises(InputError, match=r"month 2027-05 is not in the forecast \(it has "
                                         r"2027-03, 2027-04\)"):
        page.plan_month(source, "2027-05")
    with pytest.raises(InputError, match="give a history CSV or an interval forecast"):
        page.open_source(small / "config.toml")


def test_a_forecast_with_queues_plans_one_queue_with_its_own_config(small, tmp_path):
    """Two queues of one file: each is planned alone, the vip queue with its tighter goal
    ([queues.vip.service]), so the same calls need more agents there."""
    frame = pd.read_csv(small / "forecast_intervals.csv")
    both = pd.concat([frame.assign(queue="sales"), frame.assign(queue="vip")])
    both[["queue", *frame.columns]].to_csv(tmp_path / "queues.csv", index=False)
    (tmp_path / "config.toml").write_text(
        (small / "config.toml").read_text()
        + "\n[queues.vip.service]\ngoal = 0.95\nanswer_seconds = 10\n")
    source = page.open_source(tmp_path / "config.toml", forecast=tmp_path / "queues.csv")
    assert source.queues == ("sales", "vip")
    sales = page.plan_month(source, "2027-03")  # the first queue by default
    vip = page.plan_month(source, "2027-03", queue="vip")
    assert sales.queue == "sales" and vip.queue == "vip"
    assert "queue" not in sales.intervals and len(vip.intervals) == 7 * 48
    assert vip.intervals["volume"].sum() == pytest.approx(frame["volume"][:7 * 48].sum())
    assert (sales.config.service["goal"], vip.config.service["goal"]) == (0.8, 0.95)
    fte = {p.queue: page.compare(_set(p), p).set_index("scenario").loc[
        page.BASELINE, "required_fte"] for p in (sales, vip)}
    assert fte["vip"] > fte["sales"]
    with pytest.raises(InputError, match="no queue is called 'gold'"):
        page.plan_month(source, "2027-03", queue="gold")


def test_volume_up_needs_more_staff_and_costs_more(plan, busier):
    scenarios, table = busier
    assert [s.name for s in scenarios.scenarios] == ["baseline", "volume +20%"]
    assert scenarios.scenarios[1].volume == pytest.approx(1.2)
    table = table.set_index("scenario")
    base, busy = table.loc["baseline"], table.loc["volume +20%"]
    assert busy["volume"] == pytest.approx(base["volume"] * 1.2)
    assert busy["required_fte"] > base["required_fte"] and busy["fte_change"] > 0
    assert busy["cost"] == pytest.approx(busy["paid_hours"] * 25.0)
    assert busy["cost"] > base["cost"] and busy["cost_change"] > 0
    # Erlang A only (replications 0): quick, the simulated columns empty
    assert table.filter(like="_sim").isna().all().all()
    assert 0.5 < base["service_level_erlang_a"] < 1
    # the page's cached rows, one scenario at a time, give the very same table
    rows = [page.whatif_row(scenarios, s.name, plan) for s in scenarios.scenarios]
    pd.testing.assert_frame_equal(page.side_by_side(rows, "baseline"), table.reset_index())
    staff = page.required_staff(scenarios, plan)
    assert (staff["volume +20%"] >= staff["baseline"]).all()
    assert staff["volume +20%"].sum() > staff["baseline"].sum()
    # required FTE is the staff-hours over 40-hour weeks (7 days: one week)
    assert base["required_fte"] == pytest.approx(staff["baseline"].sum() * 0.5 / 40)
    daily = page.daily_staff_hours(staff, 30)
    assert len(daily) == 7 and (daily.iloc[5:] == 0).all().all()  # closed at the weekend
    np.testing.assert_allclose(daily.sum(), staff.sum() * 0.5)
    tiles = page.headline(table.reset_index(), "volume +20%")
    assert [t.label for t in tiles] == ["Required FTE", "Cost", "Service level",
                                        "Abandonment"]
    assert tiles[0].value == busy["required_fte"]
    assert tiles[0].delta == pytest.approx(busy["fte_change"])
    assert tiles[2].value == busy["service_level_erlang_a"]


def test_service_settings_and_handle_time_change_the_need(plan):
    table = page.compare(_set(plan, goal=0.95, answer_seconds=10, shrinkage=0.35,
                              aht_pct=10), plan).set_index("scenario")
    name = "handle time +10%, goal 0.95, answer 10 s, shrinkage 35%"
    assert list(table.index) == ["baseline", name]
    assert table.loc[name, "required_fte"] > table.loc["baseline", "required_fte"]
    assert table.loc[name, "service_level_erlang_a"] > table.loc["baseline",
                                                                 "service_level_erlang_a"]


def test_headcount_view_costs_the_team_and_shows_its_service(plan):
    small_team = page.compare(_set(plan, headcount=4), plan).set_index("scenario")
    big = _set(plan, headcount=8)
    big_team = page.whatif_row(big, "team of 8", plan).iloc[0]
    row = small_team.loc["team of 4"]
    assert row["plan"] == "headcount"
    assert row["paid_hours"] == pytest.approx(4 * 40)  # one week of 40-hour contracts
    assert row["cost"] == pytest.approx(4 * 40 * 25.0)
    # the need is the need: a team does not change the required FTE
    assert row["required_fte"] == small_team.loc["baseline", "required_fte"]
    assert row["service_level_erlang_a"] < big_team["service_level_erlang_a"]
    assert big_team["abandonment_erlang_a"] < row["abandonment_erlang_a"]


@pytest.mark.parametrize(("changes", "message"), [
    ({"volume_pct": -100}, r"scenario 'volume -100%' volume: expected a change like"),
    ({"aht_pct": float("nan")}, r"aht: expected a change like"),
    ({"goal": 1.2}, r"goal: expected a share between 0 and 1"),
    ({"shrinkage": 1.0}, r"shrinkage: expected a share from 0 up to"),
    ({"answer_seconds": -5}, r"answer_seconds: expected seconds >= 0"),
    ({"headcount": 0}, r"headcount: expected a number of full-time people > 0"),
    ({"headcount": -3}, r"headcount: expected a number of full-time people > 0"),
    ({"name": "baseline", "volume_pct": 5}, r"scenario 'baseline': a second scenario"),
])
def test_bad_slider_values_are_input_errors_naming_the_key(plan, changes, message):
    with pytest.raises(InputError, match=message) as err:
        _set(plan, **changes)
    assert str(err.value).startswith("what-if page: ")


def test_saved_scenarios_read_back_as_the_same_set(plan, small, tmp_path):
    history = small / "history.csv"
    values = dataclasses.replace(page.default_values(plan.config), volume_pct=20,
                                 aht_pct=-7.5, goal=0.9, answer_seconds=30, shrinkage=0.3,
                                 headcount=12.5, name='peak "week"')
    scenarios = page.page_scenarios(values, plan.config, month="2027-03", history=history,
                                    seed=11, replications=5)
    target = tmp_path / "saved" / "scenarios.toml"
    target.parent.mkdir()
    assert page.save_scenarios(scenarios, target.parent, "scenarios.toml",
                               small / "config.toml") == target
    text = target.read_text()
    assert 'volume = "+20%"' in text and 'aht = "-7.5%"' in text
    back = load_scenarios(target)  # as `wfm whatif` reads it
    assert back.scenarios == scenarios.scenarios
    assert (back.month, back.seed, back.replications, back.baseline) == ("2027-03", 11, 5,
                                                                          "baseline")
    assert back.history.resolve() == history.resolve()  # written relative to the file
    assert not Path(tomllib.loads(text)["whatif"]["history"]).is_absolute()
    assert [p.name for p in target.parent.iterdir()] == ["scenarios.toml"]  # no temp left
    # the scenario file's every key survives: the example file round trips too
    example = load_scenarios(REPO / "examples" / "scenarios.toml")
    examples = REPO / "examples"
    again = parse_scenarios(tomllib.loads(page.scenarios_toml(example, examples)),
                            examples / "again.toml")
    assert again.scenarios == example.scenarios
    assert again.history.resolve() == example.history.resolve()
    with pytest.raises(InputError, match="refusing to overwrite an input file"):
        page.save_scenarios(scenarios, small, "config.toml", protect=(small / "config.toml",))
    (tmp_path / "folder.toml").mkdir()
    with pytest.raises(InputError, match="expected a file name to save the scenarios to"):
        page.save_scenarios(scenarios, tmp_path, "folder.toml")


def test_table_csv_is_the_whatif_csv(busier):
    from io import StringIO

    table = busier[1]
    back = pd.read_csv(StringIO(page.table_csv(table)))
    assert list(back.columns) == COLUMNS and len(back) == 2
    np.testing.assert_allclose(back["required_fte"], table["required_fte"], rtol=1e-4)
    shown = page.display_table(table)
    assert "service level (simulated)" not in shown and "required FTE" in shown
    assert "service level (simulated)" in page.display_table(table, simulated=True)


def test_uploads_are_stored_by_content_and_told_apart(small, tmp_path):
    data = (small / "forecast_intervals.csv").read_bytes()
    path = page.store_upload(data, tmp_path)
    assert page.store_upload(data, tmp_path) == path and path.read_bytes() == data
    assert page.csv_kind(path) == "forecast"
    assert page.csv_kind(REPO / "data" / "history.csv") == "history"
    with pytest.raises(InputError, match="the uploaded file is empty"):
        page.store_upload(b"  \n", tmp_path)


# -- the sliders as a scenario ---------------------------------------------------------------------
@pytest.mark.parametrize(("pct", "text"), [
    (20, "+20%"), (-7.5, "-7.5%"), (0, "+0%"), (0.1 + 0.2, "+0.3%"), (12.3456789, "+12.345679%"),
    (float("nan"), "nan%")])
def test_change_text_writes_percent_as_the_scenario_file_does(pct, text):
    assert page.change_text(pct) == text


def test_sliders_at_rest_are_the_configs_settings_and_change_nothing(plan):
    values = page.default_values(plan.config)
    assert values == page.PageValues(goal=0.8, answer_seconds=20.0, shrinkage=0.25)
    assert page.describe(values, plan.config) == "no change"
    scenarios = page.page_scenarios(values, plan.config)
    assert [s.name for s in scenarios.scenarios] == ["baseline", "no change"]
    # nothing differs from the config, so nothing is written into the scenario
    assert scenarios.scenarios[1] == dataclasses.replace(scenarios.scenarios[0],
                                                         name="no change")
    assert (scenarios.seed, scenarios.replications, scenarios.month, scenarios.history) == (
        7, 20, None, None)


def test_a_scenario_is_named_from_its_changes_unless_given_a_name(plan):
    values = page.PageValues(volume_pct=20, aht_pct=-5, goal=0.9, answer_seconds=30,
                             shrinkage=0.3, headcount=12)
    name = "volume +20%, handle time -5%, goal 0.90, answer 30 s, shrinkage 30%, team of 12"
    assert page.describe(values, plan.config) == name
    changed = page.page_scenarios(values, plan.config).scenarios[1]
    assert changed.name == name
    assert (changed.volume, changed.aht_factor) == pytest.approx((1.2, 0.95))
    assert dict(changed.service) == {"goal": 0.9, "answer_seconds": 30, "shrinkage": 0.3}
    assert changed.headcount == 12 and changed.capacity_view
    named = page.page_scenarios(dataclasses.replace(values, name="  peak  "), plan.config)
    assert named.scenarios[1].name == "peak"
    # a setting equal to the config's is left out of the scenario and its name
    same_goal = page.PageValues(goal=0.8, answer_seconds=20, shrinkage=0.25, volume_pct=5)
    assert page.describe(same_goal, plan.config) == "volume +5%"
    assert page.page_scenarios(same_goal, plan.config).scenarios[1].service == ()


def test_headline_takes_the_simulated_or_the_erlang_a_figures():
    table = pd.DataFrame({"scenario": ["baseline", "b"], "required_fte": [10.0, 12.5],
                          "cost": [1000.0, 1200.0], "service_level_erlang_a": [0.8, 0.7],
                          "service_level_sim": [0.78, 0.69],
                          "abandonment_erlang_a": [0.02, 0.05],
                          "abandonment_sim": [0.03, 0.04]})
    erlang = page.headline(table, "b")
    assert [t.label for t in erlang] == ["Required FTE", "Cost", "Service level",
                                         "Abandonment"]
    assert [t.value for t in erlang] == [12.5, 1200.0, 0.7, 0.05]
    assert [t.delta for t in erlang] == pytest.approx([2.5, 200.0, -0.1, 0.03])
    simulated = page.headline(table, "b", simulated=True)
    assert [t.value for t in simulated] == [12.5, 1200.0, 0.69, 0.04]
    assert [t.delta for t in page.headline(table, "baseline")] == [0.0, 0.0, 0.0, 0.0]


def test_daily_staff_hours_add_up_each_days_intervals():
    index = pd.DatetimeIndex(["2027-03-01 08:00", "2027-03-01 08:30", "2027-03-02 08:00"],
                             name="interval_start")
    staff = pd.DataFrame({"baseline": [2.0, 4.0, 1.0], "busy": [3.0, 5.0, 2.0]}, index=index)
    daily = page.daily_staff_hours(staff, 30)
    assert daily.index.name == "date" and len(daily) == 2
    assert daily.to_dict("list") == {"baseline": [3.0, 0.5], "busy": [4.0, 1.0]}
    assert page.daily_staff_hours(staff, 15)["busy"].tolist() == [2.0, 0.5]


def test_display_table_names_columns_in_words_and_rounds_as_read(busier):
    table = busier[1]
    shown = page.display_table(table)
    assert shown.columns[:4].tolist() == ["scenario", "plan", "contacts", "required FTE"]
    assert not any("simulated" in c or "95%" in c for c in shown.columns)
    assert shown["required FTE"].tolist() == table["required_fte"].round(1).tolist()
    assert shown["cost"].tolist() == table["cost"].round(0).tolist()
    assert shown["service level (Erlang A)"].tolist() == table[
        "service_level_erlang_a"].round(3).tolist()
    full = page.display_table(table, simulated=True)
    assert {"service level 95% low", "service level 95% high", "ASA s (simulated)"} <= set(
        full.columns)


# -- the plan's source ---------------------------------------------------------------------------
def test_a_history_offers_the_twelve_months_after_it_and_its_queues(small, tmp_path):
    days = pd.date_range("2027-01-04", "2027-03-26")
    days = days[days.day_of_week < 5]
    rows = [f"{d:%Y-%m-%d},{q},{100 + i % 7}" for i, d in enumerate(days)
            for q in ("sales", "vip")]
    (tmp_path / "history.csv").write_text("date,queue,volume\n" + "\n".join(rows) + "\n")
    source = page.open_source(small / "config.toml", history=tmp_path / "history.csv")
    assert source.kind == "history" and source.queues == ("sales", "vip")
    assert source.months == (*(f"2027-{m:02d}" for m in range(4, 13)), "2028-01", "2028-02",
                             "2028-03")
    assert source.history_path == (tmp_path / "history.csv").resolve()
    assert source.history.daily.sum() == pytest.approx(2 * sum(100 + i % 7
                                                               for i in range(len(days))))
    assert set(source.histories) == {"sales", "vip"}
    with pytest.raises(InputError, match=r"expected YYYY-MM"):
        page.plan_month(source, "March")


def test_csv_kind_tells_a_forecast_by_its_columns(tmp_path):
    def kind(header: str) -> str:
        path = tmp_path / "file.csv"
        path.write_text(f"{header}\n" + ",".join("1" for _ in header.split(",")) + "\n")
        return page.csv_kind(path)

    assert kind("interval_start,volume,lo,hi") == "forecast"
    assert kind("interval_start,volume,Model") == "forecast"
    assert kind("interval_start,volume,lo") == "history"
    assert kind("date,volume") == "history"


# -- saving ----------------------------------------------------------------------------------------
def test_a_saved_file_without_history_says_so_and_names_the_config(plan, small):
    scenarios = _set(plan, volume_pct=10)
    text = page.scenarios_toml(scenarios, config=small / "config.toml")
    assert "# no history was named: give --history to wfm whatif" in text
    assert "--config config.toml --out out/whatif" in text  # a download names no server path
    raw = tomllib.loads(text)
    assert "history" not in raw["whatif"] and raw["scenario"][1] == {"name": "volume +10%",
                                                                      "volume": "+10%"}


def test_every_change_round_trips_exactly_through_the_file():
    """Multipliers with no short percentage (1/3 more) and handle times in seconds come back
    as the very same floats."""
    text = ('[whatif]\nmonth = "2027-03"\nfte_hours_per_week = 37.5\n'
            '[[scenario]]\nname = "a"\nvolume = { "2027-03" = 1.3333333333333333 }\n'
            'aht = 287.5\nmax_occupancy = 0.9\nroster = true\n'
            '[[scenario]]\nname = "b"\nvolume = 0.7\naht = "+12.5%"\nmove_to_chat = 0.2\n'
            'headcount = 9\nhires = 2\n'
            'hours = { default = ["09:00", "17:00"] }\n')
    first = parse_scenarios(tomllib.loads(text), "first.toml")
    again = parse_scenarios(tomllib.loads(page.scenarios_toml(first)), "again.toml")
    assert again.scenarios == first.scenarios
    assert (again.month, again.fte_hours_per_week) == ("2027-03", 37.5)


@pytest.mark.parametrize("name", ["  ", "../escape.toml", "sub/scenarios.toml",
                                  "/etc/cron.d/x.toml", "scenarios.txt", ".hidden.toml"])
def test_the_page_saves_only_a_plain_file_name_in_its_folder(plan, tmp_path, name):
    # a name typed into the page never reaches outside the folder wfm serve was given
    with pytest.raises(InputError, match=r"expected a file name like scenarios\.toml"):
        page.save_scenarios(_set(plan), tmp_path, name)
    assert list(tmp_path.iterdir()) == []


def test_a_download_names_no_server_path(plan, small):
    history = small / "history.csv"
    scenarios = page.page_scenarios(page.default_values(plan.config), plan.config,
                                    month="2027-03", history=history)
    text = page.scenarios_toml(scenarios, None, small / "config.toml")
    assert str(small) not in text and str(small.resolve()) not in text
    assert tomllib.loads(text)["whatif"]["history"] == "history.csv"


def test_uploads_live_in_a_folder_per_session_deleted_when_the_session_goes_quiet(tmp_path):
    root = tmp_path / "uploads"
    mine = page.upload_folder(root, "session-a")
    stored = page.store_upload(b"date,volume\n2027-03-01,5\n", mine)
    quiet = page.upload_folder(root, "session-b")
    page.store_upload(b"date,volume\n2027-03-01,7\n", quiet)
    old = time.time() - page.UPLOAD_IDLE_SECONDS - 1
    os.utime(quiet, (old, old))  # session b last ran more than the idle time ago
    again = page.upload_folder(root, "session-a")  # the next run of any session sweeps
    assert again == mine and stored.is_file()
    assert sorted(p.name for p in root.iterdir()) == ["session-a"]
