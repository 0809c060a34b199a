"""The what-if page (wfm serve): its functions on a small hand-made week, the Streamlit script
driven by the library's app-testing API on the bundled sample, and the running server in
headless Chromium (a volume change that raises required staff, with a screenshot)."""

from __future__ import annotations

import dataclasses
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wfm.core.errors import InputError
from wfm.schedule.whatif.compare import COLUMNS
from wfm.schedule.whatif.scenarios import load_scenarios, parse_scenarios
from wfm.serve import charts, launch, page

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "serve" / "app.py"
SHOT = REPO / "out" / "test-output" / "serve.png"
CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
CONFIG = """
[centre]
name = "Small Centre"
open_days = ["Mon", "Tue", "Wed", "Thu", "Fri"]
[centre.hours]
default = ["08:00", "18:00"]
[service]
goal = 0.80
answer_seconds = 20
shrinkage = 0.25
[[shift]]
name = "day"
start = ["08:00", "10:00"]
hours = 8
[[contract]]
name = "ft"
hours_per_week = [30, 40]
cost_per_hour = 25.0
"""


# -- a small hand-made plan: one week of March and two days of April ---------------------------
@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A config and an interval forecast as `wfm forecast` writes it (lo, hi, model)."""
    folder = tmp_path_factory.mktemp("small")
    (folder / "config.toml").write_text(CONFIG)
    starts = pd.date_range("2027-03-01", "2027-04-02 23:30", freq="30min")
    starts = starts[(starts <= "2027-03-07 23:30") | (starts >= "2027-04-01")]
    hour = starts.hour + starts.minute / 60
    open_ = (starts.day_of_week < 5) & (hour >= 8) & (hour < 18)
    volume = np.where(open_, 15 + 10 * np.sin(np.pi * (hour - 8) / 10), 0.0)
    pd.DataFrame({"interval_start": starts.strftime("%Y-%m-%dT%H:%M"), "volume": volume,
                  "lo": volume * 0.9, "hi": volume * 1.1, "aht_seconds": 300.0,
                  "model": "ets"}).to_csv(folder / "forecast_intervals.csv", index=False)
    return folder


@pytest.fixture(scope="module")
def plan(small) -> page.Plan:
    return page.load_plan(small / "config.toml", forecast=small / "forecast_intervals.csv",
                          month="2027-03")


def _set(plan: page.Plan, **changes) -> page.ScenarioSet:
    values = dataclasses.replace(page.default_values(plan.config), **changes)
    return page.page_scenarios(values, plan.config, month=plan.month)


@pytest.fixture(scope="module")
def busier(plan) -> tuple[page.ScenarioSet, pd.DataFrame]:
    """The baseline and 20% more calls, side by side (Erlang A only)."""
    scenarios = _set(plan, volume_pct=20)
    return scenarios, page.compare(scenarios, plan)


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
        CONFIG + "\n[queues.vip.service]\ngoal = 0.95\nanswer_seconds = 10\n")
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
    assert page.save_scenarios(scenarios, target, small / "config.toml") == target
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
    again = parse_scenarios(tomllib.loads(page.scenarios_toml(example)), "again.toml")
    assert again.scenarios == example.scenarios
    assert again.history == example.history.resolve()
    with pytest.raises(InputError, match="refusing to overwrite an input file"):
        page.save_scenarios(scenarios, small / "config.toml", protect=(small / "config.toml",))
    with pytest.raises(InputError, match="expected a file name"):
        page.save_scenarios(scenarios, tmp_path)


def test_table_csv_is_the_whatif_csv(busier):
    from io import StringIO

    table = busier[1]
    back = pd.read_csv(StringIO(page.table_csv(table)))
    assert list(back.columns) == COLUMNS and len(back) == 2
    np.testing.assert_allclose(back["required_fte"], table["required_fte"], rtol=1e-4)
    shown = page.display_table(table)
    assert "service level (simulated)" not in shown and "required FTE" in shown
    assert "service level (simulated)" in page.display_table(table, simulated=True)


def test_charts_draw_both_scenarios(plan, busier):
    scenarios, table = busier
    name = scenarios.scenarios[1].name
    daily = page.daily_staff_hours(page.required_staff(scenarios, plan), 30)
    fig = charts.staff_chart(daily, "baseline", name, "title")
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.get_lines()] == ["baseline", name]
    assert ax.get_ylabel() == "staff-hours required" and ax.get_xlabel() == "day"
    assert np.isnan(ax.get_lines()[0].get_ydata()[5:]).all()  # the line breaks at weekends
    fig = charts.kpi_chart(page.headline(table, "baseline"), page.headline(table, name),
                           "baseline", name)
    assert len(fig.axes) == 4 and all(len(ax.patches) == 2 for ax in fig.axes)
    fte = fig.axes[0].patches
    assert fte[1].get_height() > fte[0].get_height()


def test_uploads_are_stored_by_content_and_told_apart(small, tmp_path):
    data = (small / "forecast_intervals.csv").read_bytes()
    path = page.store_upload(data, tmp_path)
    assert page.store_upload(data, tmp_path) == path and path.read_bytes() == data
    assert page.csv_kind(path) == "forecast"
    assert page.csv_kind(REPO / "data" / "history.csv") == "history"
    with pytest.raises(InputError, match="the uploaded file is empty"):
        page.store_upload(b"  \n", tmp_path)


# -- the command line ------------------------------------------------------------------------
def test_streamlit_command_and_the_page_arguments_agree(small):
    argv = launch.streamlit_command(config=small / "config.toml",
                                    forecast=small / "forecast_intervals.csv",
                                    month="2027-03", port=8600, headless=True,
                                    address="127.0.0.1")
    assert argv[:5] == [sys.executable, "-m", "streamlit", "run", str(APP)]
    options = argv[5:argv.index("--")]
    assert dict(zip(options[::2], options[1::2], strict=True)) == {
        "--server.port": "8600", "--server.headless": "true",
        "--browser.gatherUsageStats": "false", "--client.toolbarMode": "viewer",
        "--server.address": "127.0.0.1"}
    args = launch.parse_app_args(argv[argv.index("--") + 1:])
    assert args == launch.AppArgs(config=(small / "config.toml").resolve(), history=None,
                                  forecast=(small / "forecast_intervals.csv").resolve(),
                                  month="2027-03")
    assert not args.sample
    # no files: the bundled sample, and nothing after the streamlit options
    plain = launch.streamlit_command()
    assert "--" not in plain and plain[plain.index("--server.headless") + 1] == "false"
    sample = launch.parse_app_args([])
    assert sample.sample and sample.config == REPO / "data" / "config.toml"
    assert sample.history == REPO / "data" / "history.csv"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"history": "no/such.csv"}, "no/such.csv: file not found"),
    ({"month": "December"}, r"--month: expected YYYY-MM, got 'December'"),
    ({"port": 0}, "--port: expected a port from 1 to 65535"),
])
def test_streamlit_command_refuses_bad_options_before_starting(kwargs, message):
    with pytest.raises(InputError, match=message):
        launch.streamlit_command(**kwargs)


def test_run_starts_the_command_and_returns_its_exit_status(monkeypatch, small):
    started = []

    class FakeServer:
        def __init__(self, argv):
            started.append(argv)

        def wait(self, timeout=None):
            return 3

    monkeypatch.setattr(launch.subprocess, "Popen", FakeServer)
    assert launch.run(config=small / "config.toml", history=REPO / "data" / "history.csv",
                      port=8601, headless=True) == 3
    assert started == [launch.streamlit_command(small / "config.toml",
                                                REPO / "data" / "history.csv", port=8601,
                                                headless=True)]


def test_page_arguments_refuse_a_config_alone_and_unknown_options():
    with pytest.raises(InputError, match="give --history or --forecast with --config"):
        launch.parse_app_args(["--config", "c.toml"])
    with pytest.raises(InputError, match="unrecognized arguments: --conf"):
        launch.parse_app_args(["--conf", "c.toml"])


# -- the Streamlit script, through Streamlit's own app-testing API ------------------------------
def _fte(at) -> float:
    return float(at.metric[0].value)


def test_app_on_the_bundled_sample_raises_staff_with_volume(sample_dir, monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr(sys, "argv", [str(APP)])  # no files: the bundled sample
    at = AppTest.from_file(str(APP), default_timeout=600).run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    assert "Northwind Support, 2026-12, planned from the bundled sample" in at.caption[0].value
    assert [m.label for m in at.metric] == ["Required FTE", "Cost", "Service level",
                                            "Abandonment"]
    base = _fte(at)
    assert 20 < base < 200 and not at.metric[0].delta  # no change yet
    at.slider(key="volume").set_value(20).run()
    assert not at.exception and not at.error
    assert at.subheader[0].value == "baseline vs volume +20%"
    assert _fte(at) > base
    assert at.metric[0].delta.startswith("+") and at.metric[1].delta.startswith("+")
    shown = at.dataframe[0].value.set_index("scenario")
    assert shown.loc["volume +20%", "required FTE"] > shown.loc["baseline", "required FTE"]
    assert shown.loc["volume +20%", "contacts"] == pytest.approx(
        shown.loc["baseline", "contacts"] * 1.2, abs=1)
    # "save scenarios" to a typed path: a file `wfm whatif` reads, naming the sample
    target = tmp_path / "page.toml"
    at.text_input(key="save_path").set_value(str(target))
    at.button(key="save_file").click().run()
    assert at.success and str(target) in at.success[0].value
    saved = load_scenarios(target)
    assert [s.name for s in saved.scenarios] == ["baseline", "volume +20%"]
    assert saved.scenarios[1].volume == pytest.approx(1.2) and saved.month == "2026-12"
    assert saved.history.resolve() == (sample_dir / "history.csv").resolve()
    assert {b.label for b in at.get("download_button")} == {"Save scenarios (TOML)",
                                                            "Export CSV"}


def test_app_on_a_forecast_file_checks_with_simulation_and_plans_a_team(small, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr(sys, "argv", [str(APP), "--config", str(small / "config.toml"),
                                      "--forecast", str(small / "forecast_intervals.csv")])
    at = AppTest.from_file(str(APP), default_timeout=600).run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    assert "Small Centre, 2027-03, planned from forecast_intervals.csv" in at.caption[0].value
    assert at.selectbox[0].options == ["2027-03", "2027-04"]
    assert "service level (simulated)" not in at.dataframe[0].value  # Erlang A by default
    headcount = next(s for s in at.slider if s.key.startswith("headcount|"))
    headcount.set_value(10).run()
    assert at.subheader[0].value == "baseline vs team of 10"
    shown = at.dataframe[0].value.set_index("scenario")
    assert shown.loc["team of 10", "plan"] == "headcount"
    assert shown.loc["team of 10", "cost"] == pytest.approx(10 * 40 * 25.0)
    at.toggle(key="simulate").set_value(True).run()
    assert not at.exception and not at.error
    assert "Service figures: simulated" in at.caption[0].value
    shown = at.dataframe[0].value.set_index("scenario")
    simulated = shown["service level (simulated)"]
    assert simulated.notna().all() and ((simulated > 0) & (simulated <= 1)).all()
    # the tile shows the simulated figure, its help the baseline's
    assert at.metric[2].value == f"{simulated['team of 10']:.1%}"
    assert at.metric[2].help == f"baseline: {simulated['baseline']:.1%}"
    at.selectbox[0].set_value("2027-04").run()
    assert "2027-04" in at.caption[0].value
    assert at.dataframe[0].value["contacts"].iloc[0] < shown.loc["baseline", "contacts"]


def test_app_offers_the_queues_of_a_forecast_and_plans_the_chosen_one(small, tmp_path,
                                                                      monkeypatch):
    from streamlit.testing.v1 import AppTest

    frame = pd.read_csv(small / "forecast_intervals.csv")
    both = pd.concat([frame.assign(queue="sales"),
                      frame.assign(queue="vip", volume=frame["volume"] * 2)])
    both[["queue", *frame.columns]].to_csv(tmp_path / "queues.csv", index=False)
    monkeypatch.setattr(sys, "argv", [str(APP), "--config", str(small / "config.toml"),
                                      "--forecast", str(tmp_path / "queues.csv")])
    at = AppTest.from_file(str(APP), default_timeout=600).run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    queue = next(s for s in at.selectbox if s.key.startswith("queue|"))
    assert queue.options == ["sales", "vip"]
    assert "Small Centre, queue sales, 2027-03" in at.caption[0].value
    sales = _fte(at)
    queue.set_value("vip").run()
    assert not at.exception and not at.error
    assert "queue vip" in at.caption[0].value
    assert _fte(at) > sales  # twice the calls


# -- the running server in headless Chromium ---------------------------------------------------
# the script has run to its end, nothing is left greyed out, and both charts are loaded
_DONE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const charts = [...document.querySelectorAll('[data-testid="stImage"] img')];
  return app && app.getAttribute('data-test-script-state') === 'notRunning'
    && document.querySelectorAll('[data-stale="true"]').length === 0
    && charts.filter(i => i.complete && i.naturalWidth > 100).length >= 2;
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(proc: subprocess.Popen, url: str, log: Path, seconds: float = 90) -> None:
    """Poll the server's health URL until it answers, failing with its log if it dies."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited with {proc.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"streamlit did not answer in {seconds} s:\n{log.read_text()}")


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (apt-get install chromium)")
def test_browser_volume_slider_raises_required_fte(sample_dir, tmp_path):
    """`wfm serve` as the README starts it (the bundled sample), in a real browser."""
    from matplotlib.image import imread
    from playwright.sync_api import sync_playwright

    port = _free_port()
    log = tmp_path / "streamlit.log"
    argv = launch.streamlit_command(port=port, headless=True, address="127.0.0.1")
    with log.open("w") as out:
        proc = subprocess.Popen(argv, cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT)
    errors: list[str] = []
    try:
        _wait_until_up(proc, f"http://127.0.0.1:{port}/_stcore/health", log)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                tab = browser.new_page(viewport={"width": 1400, "height": 1900})
                tab.on("pageerror", lambda exc: errors.append(str(exc)))
                tab.goto(f"http://127.0.0.1:{port}/", wait_until="load")
                # the forecast of the sample month, then the first page: table drawn
                tab.wait_for_selector('[data-testid="stDataFrame"]', timeout=240_000)
                tab.wait_for_function(_DONE, timeout=60_000)
                values = tab.locator('[data-testid="stMetricValue"]')
                before = float(values.first.inner_text())
                slider = tab.get_by_role("slider", name="Volume change %")
                slider.focus()
                tab.keyboard.press("End")  # the slider's top: +50%
                tab.wait_for_function(
                    "v => { const e = document.querySelector('[data-testid=\"stMetricValue\"]');"
                    " return e && e.innerText !== v; }", arg=values.first.inner_text(),
                    timeout=120_000)
                after = float(values.first.inner_text())
                tab.wait_for_function(_DONE, timeout=60_000)  # the rerun has finished
                tab.get_by_text("baseline vs volume +50%").wait_for(timeout=10_000)
                time.sleep(0.5)  # the last paint
                tab.screenshot(path=str(tmp_path / "serve.png"), full_page=True)
                slider_value = slider.get_attribute("aria-valuetext")
            finally:
                browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert errors == []
    assert slider_value == "50"
    assert after > before * 1.3, (before, after)  # half as many calls again: far more staff
    shot = tmp_path / "serve.png"
    SHOT.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, SHOT)
    assert shot.stat().st_size > 50_000 and SHOT.read_bytes() == shot.read_bytes()
    rgb = imread(shot)[..., :3]
    assert rgb.shape[0] >= 1000 and rgb.shape[1] >= 1200
    coloured = float(np.mean(np.ptp(rgb, axis=2) > 0.25))  # the blue and red of the page
    inked = float(np.mean(rgb.min(axis=2) < 0.9))
    assert coloured > 0.005 and inked > 0.05, (coloured, inked)
