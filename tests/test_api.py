"""The public chain on paths and on DataFrames: config and history in, a typed forecast
with its frames and files, requirements from a forecast, a frame or a CSV alike,
simulation, backtest, writing all files or none, and the month planned end to end."""

from __future__ import annotations

import locations
import numpy as np
import pandas as pd
import pytest

import wfm
from wfm.core.config import parse_config
from wfm.core.output import csv_writer
from wfm.forecast.files import FORECAST_FILES, QUEUE_FILES
from wfm.schedule.staffing.files import SIMULATION_FILES
from wfm.schedule.staffing.requirements import COLUMNS as REQUIREMENTS

DAILY = ["date", "volume", "lo", "hi", "lo_95", "hi_95", "model"]
MONTHLY = ["month", "volume", "lo", "hi", "days", "forecast_days", "index", "season", "model"]
INTERVALS = ["interval_start", "volume", "lo", "hi", "lo_95", "hi_95", "aht_seconds", "model"]
TOML = """
[centre]
name = "Test centre"
[centre.hours]
default = ["06:00", "22:00"]
[forecast]
models = ["seasonal_naive", "regression"]
[service]
aht_seconds = 280
"""


def _frame(synth, days: int, seed: int = 0, queue: str | None = None) -> pd.DataFrame:
    """Interval counts from Monday 2024-01-01 as a history file holds them (text times,
    handle time empty where nobody called)."""
    f = synth.intervals(start="2024-01-01", days=days, seed=seed).reset_index()
    f["interval_start"] = f["interval_start"].dt.strftime("%Y-%m-%dT%H:%M")
    f["aht_seconds"] = np.where(f["volume"] > 0, 300.0 + 10 * seed, np.nan)
    f = f.drop(columns="handled")
    if queue is not None:
        f.insert(0, "queue", queue)
    return f


@pytest.fixture(scope="module")
def files(synth, tmp_path_factory):
    """config.toml and a 14-week history.csv (2024-01-01 to 2024-04-07) on disk."""
    folder = tmp_path_factory.mktemp("inputs")
    (folder / "config.toml").write_text(TOML)
    _frame(synth, 98).to_csv(folder / "history.csv", index=False)
    return folder


@pytest.fixture(scope="module")
def config(files):
    return wfm.load_config(files / "config.toml")


@pytest.fixture(scope="module")
def forecast(files, config):
    return wfm.make_forecast(files / "history.csv", config, days=7)


@pytest.fixture(scope="module")
def staffing(forecast, config):
    return wfm.staff(forecast, config)


# --- config and history ---------------------------------------------------------------------

def test_load_config_reads_the_file_and_no_path_gives_the_defaults(files):
    cfg = wfm.load_config(files / "config.toml")
    assert cfg.centre["name"] == "Test centre"
    assert cfg.forecast["models"] == ["seasonal_naive", "regression"]
    assert cfg.service["aht_seconds"] == 280.0
    assert cfg.path is not None and cfg.path.name == "config.toml"
    default = wfm.load_config()
    assert default.centre["interval_minutes"] == 30 and default.service["goal"] == 0.8


def test_load_config_names_a_missing_file(tmp_path):
    missing = tmp_path / "nowhere.toml"
    with pytest.raises(wfm.InputError) as err:
        wfm.load_config(missing)
    assert err.value.file == str(missing)


def test_the_bundled_sample_config_loads():
    cfg = wfm.load_config(locations.DATA / "config.toml")
    assert cfg.centre["name"] == "Northwind Support"
    assert cfg.centre["timezone"] == "America/Chicago"


def test_a_history_path_and_the_same_rows_as_a_frame_give_the_same_days(files, config):
    from_path = wfm.load_history(files / "history.csv", config)
    frame = pd.read_csv(files / "history.csv")  # typed columns: floats, NaN handle times
    from_frame = wfm.load_history(frame, config)
    assert isinstance(from_path, wfm.History) and from_path.form == "intervals"
    pd.testing.assert_series_equal(from_path.daily, from_frame.daily)
    pd.testing.assert_frame_equal(from_path.intervals, from_frame.intervals)
    assert (from_path.first_day, from_path.last_day) == (pd.Timestamp("2024-01-01"),
                                                          pd.Timestamp("2024-04-07"))
    assert from_path.daily.sum() == frame["volume"].sum()
    # times as datetimes in the frame read the same
    timed = frame.assign(interval_start=pd.to_datetime(frame["interval_start"]))
    pd.testing.assert_series_equal(wfm.load_history(timed, config).daily, from_path.daily)


def test_a_loaded_history_is_passed_through(files, config):
    hist = wfm.load_history(files / "history.csv", config)
    assert wfm.load_history(hist, config) is hist


@pytest.mark.parametrize(("column", "value", "shown"), [("volume", -3, "'-3'"),
                                                          ("interval_start", "yesterday",
                                                           "'yesterday'"),
                                                          ("aht_seconds", "slow", "'slow'")])
def test_a_bad_row_in_a_frame_names_the_row_and_column(synth, config, column, value, shown):
    frame = _frame(synth, 7)
    frame[column] = frame[column].astype(object)
    frame.loc[4, column] = value  # the fifth data row
    with pytest.raises(wfm.InputError) as err:
        wfm.load_history(frame, config)
    assert (err.value.row, err.value.column) == (5, column)
    assert str(err.value).startswith(f"<DataFrame>, row 5, column '{column}': ")
    assert shown in str(err.value)


def test_an_empty_frame_is_bad_input(config):
    with pytest.raises(wfm.InputError, match="the frame has no rows"):
        wfm.load_history(pd.DataFrame(columns=["interval_start", "volume"]), config)


# --- forecast -------------------------------------------------------------------------------

def test_make_forecast_gives_a_typed_forecast_with_the_frames(forecast):
    assert isinstance(forecast, wfm.Forecast)
    assert not forecast.has_queues and list(forecast.by_queue) == [""]
    assert list(forecast.daily.columns) == DAILY
    assert list(forecast.monthly.columns) == MONTHLY
    assert list(forecast.intervals.columns) == INTERVALS
    assert list(forecast.daily["date"]) == list(pd.date_range("2024-04-08", periods=7))
    assert len(forecast.monthly) == 12 and len(forecast.intervals) == 7 * 48
    np.testing.assert_allclose(
        forecast.intervals.groupby(forecast.intervals["interval_start"].dt.normalize())[
            "volume"].sum(), forecast.daily["volume"])
    assert isinstance(forecast.by_queue[""], wfm.ForecastResult)


def test_the_forecast_summary_and_files(forecast):
    lines = forecast.summary()
    assert lines[0].startswith("forecast: 2024-04-08 to 2024-04-14, ")
    assert lines[1].startswith("backtest: 2 origins x 7 days, MASE ")
    assert list(forecast.files()) == list(FORECAST_FILES)
    assert forecast.history().daily.index[-1] == pd.Timestamp("2024-04-07")
    fig = forecast.chart()
    assert fig.axes[0].get_title() == "daily volume forecast"


def test_a_month_forecasts_that_month(files, config):
    fc = wfm.make_forecast(files / "history.csv", config, month="2024-05")
    assert list(fc.daily["date"]) == list(pd.date_range("2024-05-01", "2024-05-31"))


def test_days_and_month_together_are_refused(files, config):
    with pytest.raises(wfm.InputError, match="give --days or --month, not both"):
        wfm.make_forecast(files / "history.csv", config, days=7, month="2024-05")


@pytest.fixture(scope="module")
def queues(synth, config):
    frame = pd.concat([_frame(synth, 42, 1, "billing"), _frame(synth, 42, 2, "sales")],
                      ignore_index=True)
    return frame, wfm.make_forecast(frame, config, days=3, scheduler="serial")


def test_a_history_with_queues_is_forecast_queue_by_queue(queues):
    frame, fc = queues
    assert fc.has_queues and sorted(fc.by_queue) == ["billing", "sales"]
    for name, cols in (("daily", DAILY), ("monthly", MONTHLY), ("intervals", INTERVALS)):
        got = getattr(fc, name)
        assert list(got.columns) == ["queue", *cols], name
        assert list(got["queue"].unique()) == ["billing", "sales"], name
    assert len(fc.daily) == 2 * 3
    # each queue's own handle time
    by_queue = fc.intervals.groupby("queue")["aht_seconds"].agg(set)
    assert by_queue.to_dict() == {"billing": {310.0}, "sales": {320.0}}
    assert fc.history().daily.sum() == frame["volume"].sum()
    assert fc.summary()[0].startswith("forecast: 2 queues, 2024-02-12 to 2024-02-14, ")
    assert set(fc.files()) == set(FORECAST_FILES) - {"backtest.csv"} | set(QUEUE_FILES)


# --- staffing -------------------------------------------------------------------------------

def test_staff_from_a_forecast_a_frame_and_a_csv_agree(forecast, staffing, config, tmp_path):
    assert isinstance(staffing, wfm.Staffing)
    from_frame = wfm.staff(forecast.intervals, config).requirements
    pd.testing.assert_frame_equal(staffing.requirements, from_frame)
    wfm.write_files(tmp_path, forecast.files())
    from_csv = wfm.staff(tmp_path / "forecast_intervals.csv", config).requirements
    assert list(from_csv.columns) == list(staffing.requirements.columns)
    assert (from_csv["interval_start"] == staffing.requirements["interval_start"]).all()
    # the CSV carries volumes to three decimals: the same agents and staff
    assert list(from_csv["agents"]) == list(staffing.requirements["agents"])
    assert list(from_csv["staff"]) == list(staffing.requirements["staff"])
    np.testing.assert_allclose(from_csv["volume"], staffing.requirements["volume"], atol=5e-4)


def test_the_staffing_frame_summary_and_files(staffing):
    req = staffing.requirements
    assert list(req.columns[:len(REQUIREMENTS)]) == REQUIREMENTS
    assert (req["staff"] >= req["agents"]).all()
    assert (req.loc[~req["open"], "agents"] == 0).all()
    assert staffing.summary()[0].startswith("staffing: erlang_c for 80% in 20 s, peak ")
    assert list(staffing.files()) == ["requirements.csv", "requirements.png"]
    fig = staffing.chart(start="2024-04-09", end="2024-04-10")
    assert len(fig.axes[0].get_lines()[0].get_xdata()) == 48  # one day


def test_staff_names_a_bad_forecast_file(tmp_path, config):
    bad = tmp_path / "forecast_intervals.csv"
    bad.write_text("interval_start,volume,aht_seconds\n2024-01-01T08:00,10,300\n"
                   "2024-01-01T08:30,-1,300\n")
    with pytest.raises(wfm.InputError) as err:
        wfm.staff(bad, config)
    assert (err.value.file, err.value.row, err.value.column) == (str(bad), 2, "volume")


def test_staff_with_queues_keeps_the_queue_column(queues, config):
    req = wfm.staff(queues[1], config).requirements
    assert req.columns[0] == "queue" and list(req["queue"].unique()) == ["billing", "sales"]
    assert list(wfm.Staffing(req, config).files()) == [
        "requirements.csv", "requirements_total.csv", "requirements.png"]


# --- simulation -----------------------------------------------------------------------------

def _day(staffing) -> pd.DataFrame:
    req = staffing.requirements
    return req[req["interval_start"].dt.normalize() == pd.Timestamp("2024-04-09", tz="UTC")]


def test_simulate_a_requirements_frame(staffing, config):
    sim = wfm.simulate(_day(staffing), config, replications=3, seed=1)
    assert isinstance(sim, wfm.Simulation)
    assert len(sim.intervals) == 48
    assert {"erlang_c_service_level", "erlang_a_service_level"} <= set(sim.intervals.columns)
    assert list(sim.summary_table["kpi"]) == ["service_level", "asa_seconds", "abandonment",
                                              "occupancy"]
    lines = sim.summary()
    assert lines[0] == f"simulated {sim.calls_simulated:,} calls in 3 replications"
    assert len(lines) == 5 and "Erlang C" in lines[1]
    sl = sim.summary_table.set_index("kpi").loc["service_level"]
    assert sl["lo"] <= sl["value"] <= sl["hi"]
    assert tuple(sim.files()) == SIMULATION_FILES


def test_simulate_a_requirements_file_as_its_frame(staffing, config, tmp_path):
    day = _day(staffing)
    wfm.write_files(tmp_path, {"requirements.csv": csv_writer(day[REQUIREMENTS].assign(
        interval_start=day["interval_start"].dt.strftime("%Y-%m-%dT%H:%M")))})
    a = wfm.simulate(tmp_path / "requirements.csv", config, replications=2, seed=5)
    b = wfm.simulate(day, config, replications=2, seed=5)
    assert a.calls_simulated == b.calls_simulated
    np.testing.assert_allclose(a.summary_table["value"], b.summary_table["value"], rtol=1e-3)


@pytest.mark.parametrize(("kw", "message"), [
    ({"replications": 1}, "--replications: expected 2 or more"),
    ({"handle": "empirical"}, "--handle empirical needs --contacts"),
])
def test_simulate_refuses_what_it_cannot_do(staffing, config, kw, message):
    with pytest.raises(wfm.InputError, match=message):
        wfm.simulate(_day(staffing), config, **kw)


# --- backtest -------------------------------------------------------------------------------

def test_backtest_scores_the_models_asked_for(files, config):
    result = wfm.backtest(files / "history.csv", config, horizon=7, origins=2,
                          models=["seasonal_naive"])
    assert list(result.scores.index) == ["seasonal_naive"]
    assert len(result.origins) == 2 and result.origins[-1] == pd.Timestamp("2024-04-01")


@pytest.mark.parametrize(("kw", "message"), [
    ({"models": ["seasonal_naive", "prophet"]}, "prophet"),
    ({"horizon": 0}, "--horizon, --origins and --step must be 1 or more"),
    ({"origins": 0}, "--horizon, --origins and --step must be 1 or more"),
    ({"end": "someday"}, "--end: expected a date YYYY-MM-DD, got 'someday'"),
    ({"end": "2024-05-01"}, r"--end 2024-05-01 is after the last day of history "
                            r"\(2024-04-07\)"),
])
def test_backtest_bad_options_are_input_errors(files, config, kw, message):
    with pytest.raises(wfm.InputError, match=message) as err:
        wfm.backtest(files / "history.csv", config, **kw)
    assert "\n" not in str(err.value)


def test_an_unknown_model_is_named_with_the_option(files, config):
    with pytest.raises(wfm.InputError) as err:
        wfm.backtest(files / "history.csv", config, models=["prophet"])
    assert "--models" in str(err.value) and "prophet" in str(err.value)


# --- writing --------------------------------------------------------------------------------

def test_write_files_writes_every_file(forecast, staffing, tmp_path):
    out = tmp_path / "run" / "out"
    written = wfm.write_files(out, {**forecast.files(), **staffing.files()})
    assert [p.name for p in written] == [*FORECAST_FILES, "requirements.csv",
                                         "requirements.png"]
    assert all(p.stat().st_size > 0 for p in written)


def test_write_files_writes_nothing_when_one_file_fails(forecast, tmp_path):
    def broken(path):
        raise OSError("disk full")

    out = tmp_path / "run" / "out"
    with pytest.raises(wfm.InputError, match="could not write the output files: disk full"):
        wfm.write_files(out, {**forecast.files(), "broken.csv": broken})
    assert not (tmp_path / "run").exists() and list(tmp_path.iterdir()) == []


def test_write_files_never_overwrites_a_protected_input(files, forecast, tmp_path):
    history = files / "history.csv"
    before = history.read_bytes()
    with pytest.raises(wfm.InputError, match="refusing to overwrite an input file"):
        wfm.write_files(files, {"history.csv": csv_writer(forecast.daily)},
                        protect=(history,))
    assert history.read_bytes() == before


# --- the month end to end -------------------------------------------------------------------

@pytest.fixture(scope="module")
def planned(synth, config):
    """13 weeks of history (to 2024-03-31), planned for April without staff."""
    return wfm.plan(_frame(synth, 91), config)


def test_plan_without_staff_forecasts_and_staffs_the_next_month(planned):
    assert isinstance(planned, wfm.Plan)
    assert planned.month == "2024-04"
    assert planned.roster is None and planned.year is None
    daily = planned.forecast.daily
    assert list(daily["date"]) == list(pd.date_range("2024-04-01", "2024-04-30"))
    req = planned.staffing.requirements
    assert len(req) == 30 * 48
    assert req["interval_start"].iloc[0] == pd.Timestamp("2024-04-01", tz="UTC")


def test_plan_summary_is_the_history_then_each_stage(planned):
    lines = planned.summary()
    total = planned.forecast.history().daily.sum()
    assert lines[0] == f"history: intervals, 2024-01-01 to 2024-03-31, {total:,.0f} contacts"
    assert lines[1].startswith("forecast: 2024-04-01 to 2024-04-30, ")
    assert lines[1:-1] == planned.forecast.summary()
    assert lines[-1] == planned.staffing.summary()[0]


def test_plan_files_are_the_forecasts_and_the_requirements(planned):
    names = list(planned.files())
    assert names == [n for n in FORECAST_FILES if n in planned.forecast.files()] + [
        "requirements.csv", "requirements.png"]


def test_plan_with_queues_staffs_each_queue(queues, config):
    frame, _ = queues
    plan = wfm.plan(frame, config, month="2024-03", scheduler="serial")
    assert plan.forecast.has_queues
    assert plan.summary()[0].endswith(" contacts in 2 queues")
    req = plan.staffing.requirements
    assert req.columns[0] == "queue" and len(req) == 2 * 31 * 48
    assert list(plan.forecast.daily["date"].iloc[[0, -1]]) == [pd.Timestamp("2024-03-01"),
                                                               pd.Timestamp("2024-03-31")]


def test_a_season_without_staff_is_refused(synth, config):
    with pytest.raises(wfm.InputError, match="--season needs --employees"):
        wfm.plan(_frame(synth, 35), config, year=2024)


@pytest.mark.slow
def test_plan_with_staff_rosters_the_month(synth, tmp_path):
    cfg = parse_config({
        "centre": {"name": "Tiny", "open_days": ["Mon", "Tue", "Wed", "Thu", "Fri"],
                   "hours": {"default": ["08:00", "16:00"]}},
        "forecast": {"models": ["seasonal_naive"]},
        "shift": [{"name": "day", "start": ["08:00", "08:00"], "hours": 8}],
        "contract": [{"name": "ft", "hours_per_week": [32, 40], "shifts": ["day"],
                      "cost_per_hour": 20.0}],
    })
    daily = synth.daily(start="2024-01-01", days=91, level=300.0, weekly=[1, 1, 1, 1, 1, 0, 0])
    hist = pd.DataFrame({"date": daily.index.strftime("%Y-%m-%d"), "volume": daily.round()})
    employees = tmp_path / "employees.csv"
    employees.write_text("employee_id,name,contract\n"
                         + "".join(f"E{i},Person {i},ft\n" for i in range(1, 11)))
    plan = wfm.plan(hist[daily.index.day_of_week < 5], cfg, employees=employees,
                    time_limit=20, seed=0, workers=1)
    assert plan.month == "2024-04" and isinstance(plan.roster, wfm.Roster)
    assert plan.summary()[-1].startswith("roster: ")
    assert {"roster_long.csv", "roster_grid.csv", "coverage.csv"} <= set(plan.files())
    cov = plan.roster.coverage
    assert len(cov) == 22 * 16  # April's 22 weekdays of 16 half-hours
