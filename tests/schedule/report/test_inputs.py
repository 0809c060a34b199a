"""Reading the files a KPI report looks back over (schedule/report/inputs.py): forecasts,
coverage plans, long rosters and driver series; good files as frames, and a bad cell as one
InputError naming the file, the row and the column (the same through `wfm report`:
tests/cli/test_report.py)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wfm.core.errors import InputError
from wfm.schedule.report.inputs import (
    has_column,
    load_coverage,
    load_driver,
    load_forecast,
    load_roster_long,
)

ROSTER_HEADER = "employee_id,name,date,start,end,activity,paid_minutes\n"


def _file(tmp_path: Path, text: str, name: str = "input.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def _error(load, path: Path) -> str:
    with pytest.raises(InputError) as err:
        load(path)
    message = str(err.value)
    assert message.startswith(str(path)) and "\n" not in message
    return message


# -- forecasts -----------------------------------------------------------------------------------
def test_daily_forecast_adds_its_queues_day_by_day(tmp_path):
    path = _file(tmp_path, "date,volume,queue,lo,hi\n2024-04-01,3,a,2,4\n2024-04-01,4.5,b,4,5\n"
                           "2024-04-02,5,a,4,6\n")
    frame = load_forecast(path)
    assert list(frame.columns) == ["period", "volume", "grain"]
    assert frame["period"].tolist() == [pd.Timestamp("2024-04-01"), pd.Timestamp("2024-04-02")]
    assert frame["volume"].tolist() == [7.5, 5.0] and set(frame["grain"]) == {"day"}


def test_interval_forecast_keeps_its_intervals(tmp_path):
    path = _file(tmp_path, "interval_start,volume,aht_seconds\n2024-04-01T08:30,2,120\n"
                           "2024-04-01T08:00,3,120\n")
    frame = load_forecast(path)
    assert frame["period"].tolist() == [pd.Timestamp("2024-04-01 08:00"),
                                        pd.Timestamp("2024-04-01 08:30")]
    assert frame["volume"].tolist() == [3.0, 2.0] and set(frame["grain"]) == {"interval"}


@pytest.mark.parametrize(("text", "where", "words"), [
    ("date,volume\n2024-04-01,3\n2024-04-01,4\n", "row 2, column 'date'", "duplicate date"),
    ("date,volume,queue\n2024-04-01,3,a\n2024-04-01,4,a\n", "row 2, column 'date'",
     "duplicate date"),
    ("interval_start,volume\n2024-04-01T08:00,3\n2024-04-01T08:30,x\n",
     "row 2, column 'volume'", "expected a volume >= 0, got 'x'"),
    ("date,vol\n2024-04-01,3\n", "header, column 'volume'", "missing column 'volume'"),
    ("when,volume\n2024-04-01,3\n", "header, column 'date'", "a date or interval_start"),
])
def test_bad_forecast_rows_name_row_and_column(tmp_path, text, where, words):
    message = _error(load_forecast, _file(tmp_path, text))
    assert where in message and words in message


# -- coverage plans -----------------------------------------------------------------------------
def test_coverage_is_sorted_and_keeps_empty_service_cells(tmp_path):
    path = _file(tmp_path, "interval_start,required,scheduled,service_level,asa_seconds\n"
                           "2024-04-01T08:30,2,2,,\n2024-04-01T08:00,3,2,0.5,12\n")
    frame = load_coverage(path)
    assert frame["interval_start"].tolist() == [pd.Timestamp("2024-04-01 08:00"),
                                                pd.Timestamp("2024-04-01 08:30")]
    assert frame["required"].tolist() == [3.0, 2.0] and frame["scheduled"].tolist() == [2, 2]
    assert frame["service_level"].iloc[0] == 0.5 and np.isnan(frame["service_level"].iloc[1])
    assert frame["asa_seconds"].iloc[0] == 12.0 and np.isnan(frame["asa_seconds"].iloc[1])


def test_coverage_across_the_autumn_change_reads_on_the_wall_clock(tmp_path):
    # the report compares with a wall-clock history: the repeated 01:00's two rows are one
    path = _file(tmp_path, "interval_start,required,scheduled,service_level,asa_seconds\n"
                           "2026-11-01T00:30-05:00,2,2,0.9,5\n2026-11-01T01:00-05:00,2,3,0.9,5\n"
                           "2026-11-01T01:00-06:00,4,3,0.7,9\n2026-11-01T02:00-06:00,1,1,1,0\n")
    frame = load_coverage(path, "America/Chicago")
    assert frame["interval_start"].tolist() == [pd.Timestamp("2026-11-01 00:30"),
                                                pd.Timestamp("2026-11-01 01:00"),
                                                pd.Timestamp("2026-11-01 02:00")]
    assert frame["required"].tolist() == [2, 4, 1] and frame["scheduled"].tolist() == [2, 3, 1]


def test_coverage_with_an_unstaffed_interval_loads(tmp_path):
    """`wfm roster` writes an infinite ASA where nobody is scheduled; the report reads it."""
    path = tmp_path / "coverage.csv"
    path.write_text("interval_start,required,scheduled,service_level,asa_seconds\n"
                    "2026-12-03T19:00,14,2,0.0000,inf\n2026-12-03T19:30,10,5,0.5,30.0\n")
    frame = load_coverage(path)
    assert frame["asa_seconds"].tolist() == [float("inf"), 30.0]


@pytest.mark.parametrize("column", ["team", "queue"])  # queue: files of wfm 0.1
def test_coverage_of_several_teams_is_added_up_per_interval(tmp_path, column):
    """Staff summed; service level and ASA weighted by each team's required staff:
    08:00 has (0.5 x 2 + 0.9 x 6) / 8 = 0.8 and (40 x 2 + 10 x 6) / 8 = 17.5 s."""
    path = _file(tmp_path, f"interval_start,{column},required,scheduled,service_level,"
                           "asa_seconds\n"
                           "2024-04-01T08:00,a,2,2,0.5,40\n2024-04-01T08:00,b,6,5,0.9,10\n"
                           "2024-04-01T08:30,a,1,1,1.0,0\n")
    frame = load_coverage(path)
    assert list(frame.columns) == ["interval_start", "required", "scheduled", "service_level",
                                   "asa_seconds"]
    assert frame["required"].tolist() == [8.0, 1.0] and frame["scheduled"].tolist() == [7, 1]
    assert frame["service_level"].tolist() == pytest.approx([0.8, 1.0])
    assert frame["asa_seconds"].tolist() == pytest.approx([17.5, 0.0])


def test_a_team_without_a_service_figure_is_left_out_of_the_interval_figure(tmp_path):
    """At 08:00 only team b has figures (0.9, 10 s); at 08:30 no team has any."""
    path = _file(tmp_path, "interval_start,queue,required,scheduled,service_level,asa_seconds\n"
                           "2024-04-01T08:00,a,2,0,,\n2024-04-01T08:00,b,6,6,0.9,10\n"
                           "2024-04-01T08:30,a,1,0,,\n2024-04-01T08:30,b,1,0,,\n")
    frame = load_coverage(path)
    assert frame["service_level"].iloc[0] == pytest.approx(0.9)
    assert frame["asa_seconds"].iloc[0] == pytest.approx(10.0)
    assert frame[["service_level", "asa_seconds"]].iloc[1].isna().all()


@pytest.mark.parametrize(("text", "where", "words"), [
    ("interval_start,required,scheduled,service_level\n2024-04-01T08:30,2,2,0.5\n"
     "2024-04-01T08:00,3,2,1.5\n", "row 2, column 'service_level'",
     "expected a share from 0 to 1, got '1.5'"),
    ("interval_start,required,scheduled\n2024-04-01T08:00,2,2\n2024-04-01T08:00,3,2\n",
     "row 2, column 'interval_start'", "duplicate interval"),
    ("interval_start,required,scheduled\n2024-04-01T08:00,2,-1\n", "row 1, column 'scheduled'",
     "expected staff >= 0, got '-1'"),
    ("interval_start,required\n2024-04-01T08:00,2\n", "header, column 'scheduled'",
     "the coverage.csv that `wfm roster` writes"),
])
def test_bad_coverage_rows_name_row_and_column(tmp_path, text, where, words):
    message = _error(load_coverage, _file(tmp_path, text))
    assert where in message and words in message


# -- long rosters --------------------------------------------------------------------------------
def test_roster_long_reads_each_activity(tmp_path):
    path = _file(tmp_path, ROSTER_HEADER
                 + " E1 ,Dana,2024-04-01,2024-04-01T08:00,2024-04-01T16:30, work ,480\n"
                 + "E1,Dana,2024-04-01,2024-04-01T12:00,2024-04-01T12:30,LUNCH,0\n")
    frame = load_roster_long(path, "UTC")
    assert list(frame.columns) == ["employee_id", "date", "start", "end", "activity",
                                   "paid_minutes"]
    assert frame["employee_id"].tolist() == ["E1", "E1"]
    assert frame["activity"].tolist() == ["WORK", "LUNCH"]
    assert frame["paid_minutes"].tolist() == [480.0, 0.0]
    assert frame["date"].tolist() == [pd.Timestamp("2024-04-01")] * 2
    assert (frame["end"] - frame["start"]).tolist() == [pd.Timedelta(hours=8.5),
                                                        pd.Timedelta(minutes=30)]


@pytest.mark.parametrize(("row", "where", "words"), [
    ("E1,Dana,2024-04-01,2024-04-01T08:00,2024-04-01T16:30,NAP,480", "row 2, column 'activity'",
     "expected an activity (WORK, BREAK, LUNCH, SPLIT, LEAVE, OVERHAUL, OFF), got 'NAP'"),
    ("E1,Dana,2024-04-02,2024-04-02T16:00,2024-04-02T08:00,WORK,480", "row 2, column 'end'",
     "end is before start"),
    ("E1,Dana,2024-04-02,2024-04-02T08:00,2024-04-02T16:30,WORK,-5",
     "row 2, column 'paid_minutes'", "expected minutes >= 0, got '-5'"),
])
def test_bad_roster_rows_name_row_and_column(tmp_path, row, where, words):
    good = "E1,Dana,2024-04-01,2024-04-01T08:00,2024-04-01T16:30,WORK,480\n"
    message = _error(partial(load_roster_long, timezone="UTC"),
                     _file(tmp_path, ROSTER_HEADER + good + row + "\n"))
    assert where in message and words in message


def test_a_roster_without_paid_minutes_is_refused(tmp_path):
    path = _file(tmp_path, "employee_id,name,date,start,end,activity\n"
                           "E1,Dana,2024-04-01,2024-04-01T08:00,2024-04-01T16:30,WORK\n")
    assert "header, column 'paid_minutes'" in _error(partial(load_roster_long, timezone="UTC"),
                                                     path)


# -- driver series -------------------------------------------------------------------------------
def test_driver_dates_may_be_any_day_of_their_month(tmp_path):
    frame = load_driver(_file(tmp_path, "date,value\n2024-03-15,620\n2024-04-01,300.5\n"))
    assert frame.to_dict("list") == {"date": [pd.Timestamp("2024-03-15"),
                                              pd.Timestamp("2024-04-01")],
                                     "value": [620.0, 300.5]}


@pytest.mark.parametrize(("text", "where", "words"), [
    ("date,value\n2024-03-15,620\n2024-04-01T10:00,300\n", "row 2, column 'date'",
     "expected a date without a time of day, got '2024-04-01T10:00'"),
    ("date,value\n2024-03-15,620\n2024-03-15,300\n", "row 2, column 'date'", "duplicate date"),
    ("date,value\n2024-03-15,-620\n", "row 1, column 'value'",
     "expected a driver value >= 0, got '-620'"),
    ("day,value\n2024-03-15,620\n", "header, column 'date'", "date and value columns"),
])
def test_bad_driver_rows_name_row_and_column(tmp_path, text, where, words):
    message = _error(load_driver, _file(tmp_path, text))
    assert where in message and words in message


def test_missing_and_empty_files(tmp_path):
    assert _error(load_driver, tmp_path / "missing.csv").endswith("file not found")
    assert "no data rows" in _error(load_driver, _file(tmp_path, "date,value\n"))
    assert "file is empty" in _error(load_forecast, _file(tmp_path, ""))


def test_has_column_reads_only_the_header(tmp_path):
    path = _file(tmp_path, "timestamp, outcome\n2024-04-01T09:00,answered\n")
    assert has_column(path, "outcome") and not has_column(path, "queue")
    assert not has_column(tmp_path / "missing.csv", "outcome")
    assert not has_column(_file(tmp_path, "", "empty.csv"), "outcome")
