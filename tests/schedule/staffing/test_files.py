"""The staffing stage's files: requirements.csv (the declared columns, times to the minute)
and its chart; with queues the `queue` column and NAME_total.csv, the roll-up beside one
pooled team; and the simulation's three files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm.core.calendar import calendar_from_config
from wfm.core.config import parse_config
from wfm.core.output import write_all
from wfm.schedule.staffing.charts import plt
from wfm.schedule.staffing.files import SIMULATION_FILES, simulation_files, staffing_files
from wfm.schedule.staffing.queues import staff_queues
from wfm.schedule.staffing.requirements import COLUMNS, requirements

PNG = b"\x89PNG\r\n\x1a\n"
STAMP = r"^\d{4}-\d\d-\d\dT\d\d:\d\d[+-]\d\d:\d\d$"  # local time and UTC offset
CONFIG = parse_config({"centre": {"name": "Test centre", "hours": {"default": ["08:00", "18:00"]}},
                       "service": {"goal": 0.8, "answer_seconds": 20, "shrinkage": 0.25}})


def _intervals(level: float, aht: float, seed: int) -> pd.DataFrame:
    """One Monday of 48 half-hours, calls in the open hours 08:00-18:00."""
    starts = pd.date_range("2024-01-01", periods=48, freq="30min", tz="UTC")
    rng = np.random.default_rng(seed)
    open_ = (starts.hour >= 8) & (starts.hour < 18)
    volume = np.where(open_, np.round(level * rng.uniform(0.5, 1.5, 48)), 0.0)
    return pd.DataFrame({"interval_start": starts, "volume": volume, "aht_seconds": aht})


@pytest.fixture(scope="module")
def single():
    return requirements(_intervals(40, 300, 0), CONFIG, calendar_from_config(CONFIG))


@pytest.fixture(scope="module")
def queued():
    frame = pd.concat([_intervals(40, 300, 0).assign(queue="billing"),
                       _intervals(10, 420, 1).assign(queue="sales")], ignore_index=True)
    return staff_queues(frame[["queue", "interval_start", "volume", "aht_seconds"]], CONFIG)


def test_one_queue_writes_requirements_csv_and_png(single, tmp_path):
    files = staffing_files(single, CONFIG)
    assert list(files) == ["requirements.csv", "requirements.png"]
    write_all(tmp_path, files)
    back = pd.read_csv(tmp_path / "requirements.csv")
    assert list(back.columns) == COLUMNS  # the frame's `open` flag is not written
    assert "open" in single
    assert back["interval_start"].str.match(STAMP).all()
    assert list(back["interval_start"]) == list(
        single["interval_start"].dt.strftime("%Y-%m-%dT%H:%M+00:00"))
    assert list(back["agents"]) == list(single["agents"])
    assert list(back["staff"]) == list(single["staff"])
    np.testing.assert_allclose(back["service_level"], single["service_level"], atol=5e-5)
    png = (tmp_path / "requirements.png").read_bytes()
    assert png[:8] == PNG and len(png) > 10_000


def test_the_files_take_the_name_given(single):
    assert list(staffing_files(single, CONFIG, name="december")) == ["december.csv",
                                                                     "december.png"]


def test_a_channel_column_is_kept_after_the_time(single, tmp_path):
    req = single.assign(channel="voice")
    write_all(tmp_path, staffing_files(req, CONFIG))
    header = list(pd.read_csv(tmp_path / "requirements.csv", nrows=0).columns)
    assert header == ["interval_start", "channel", *COLUMNS[1:]]


def test_queues_write_the_queue_column_and_a_total(queued, tmp_path):
    files = staffing_files(queued, CONFIG)
    assert list(files) == ["requirements.csv", "requirements_total.csv", "requirements.png"]
    # the chart shows the roll-up
    assert plt.gcf().axes[0].get_title() == ("Test centre: agents required per interval, "
                                             "all 2 queues")
    write_all(tmp_path, files)
    per_queue = pd.read_csv(tmp_path / "requirements.csv")
    assert list(per_queue.columns) == ["queue", *COLUMNS]
    assert list(per_queue["queue"].unique()) == ["billing", "sales"]
    assert len(per_queue) == 96


def test_the_total_adds_up_the_queues_beside_one_pooled_team(queued, tmp_path):
    write_all(tmp_path, staffing_files(queued, CONFIG))
    total = pd.read_csv(tmp_path / "requirements_total.csv")
    assert list(total.columns) == ["interval_start", "volume", "aht_seconds", "agents",
                                   "staff", "service_level", "asa_seconds", "occupancy",
                                   "queues", "pooled_agents", "pooled_staff"]
    assert len(total) == 48 and total["interval_start"].str.match(STAMP).all()
    by_time = queued.groupby("interval_start")
    np.testing.assert_array_equal(total["agents"], by_time["agents"].sum())
    np.testing.assert_array_equal(total["staff"], by_time["staff"].sum())
    np.testing.assert_allclose(total["volume"], by_time["volume"].sum())
    assert (total["queues"] == 2).all()
    # one team taking both queues never needs more than the two dedicated teams
    assert (total["pooled_agents"] <= total["agents"]).all()
    assert (total["pooled_agents"] < total["agents"]).any()
    np.testing.assert_array_equal(total["pooled_staff"],
                                  np.ceil(total["pooled_agents"] / 0.75 - 1e-9))


def _simulation():
    starts = pd.date_range("2024-01-01 08:00", periods=4, freq="30min")
    intervals = pd.DataFrame({"interval_start": starts, "agents": [3, 4, 4, 3],
                              "offered": [20.0, 31.5, 30.0, 18.25],
                              "service_level": [0.81234567, 0.7, 0.75, 0.9],
                              "service_level_lo": [0.7, 0.6, 0.65, 0.8],
                              "service_level_hi": [0.9, 0.8, 0.85, 1.0],
                              "erlang_c_service_level": [0.8, 0.72, 0.74, 0.88],
                              "erlang_a_service_level": [0.82, 0.74, 0.76, 0.9]})
    summary = pd.DataFrame({"kpi": ["service_level", "asa_seconds"], "value": [0.79, 14.2],
                            "lo": [0.75, 12.0], "hi": [0.83, 16.4],
                            "erlang_c": [0.785, 15.0], "erlang_a": [0.8, 13.0]})
    return intervals, summary


def test_a_simulation_writes_its_intervals_summary_and_chart(tmp_path):
    intervals, summary = _simulation()
    files = simulation_files(intervals, summary, "Test centre: simulated plan")
    assert tuple(files) == SIMULATION_FILES
    write_all(tmp_path, files)
    back = pd.read_csv(tmp_path / "simulation_intervals.csv")
    assert list(back.columns) == list(intervals.columns)
    assert list(back["interval_start"]) == ["2024-01-01T08:00", "2024-01-01T08:30",
                                            "2024-01-01T09:00", "2024-01-01T09:30"]
    assert back["service_level"].iloc[0] == 0.8123  # four decimals
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "simulation_summary.csv"), summary)
    png = (tmp_path / "simulation.png").read_bytes()
    assert png[:8] == PNG and len(png) > 10_000


def test_simulation_times_given_as_text_are_written_the_same(tmp_path):
    intervals, summary = _simulation()
    text = intervals.assign(interval_start=intervals["interval_start"].astype(str))
    write_all(tmp_path, simulation_files(text, summary, "t"))
    back = pd.read_csv(tmp_path / "simulation_intervals.csv")
    assert back["interval_start"].iloc[-1] == "2024-01-01T09:30"
