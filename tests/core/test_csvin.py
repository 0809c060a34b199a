"""Reading input CSVs (forecast/csvin.py): rows named as the file numbers them, also in a
slice of a file, and a range whose end comes before its start caught on its row."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wfm.core.csvin import (
    file_row,
    parse_instants,
    parse_numbers,
    read_csv_text,
    require_order,
)
from wfm.core.errors import InputError
from wfm.schedule.report.inputs import load_roster_long
from wfm.schedule.roster.staff import Employee, load_time_off


def test_a_slice_of_a_file_names_the_files_own_row():
    values = pd.Series(["1", "2", "x", "4"], index=[10, 11, 12, 13])  # rows 11 to 14
    assert file_row(values, 2) == 13
    with pytest.raises(InputError) as info:
        parse_numbers(values, Path("f.csv"), "volume")
    assert str(info.value) == "f.csv, row 13, column 'volume': expected a number >= 0, got 'x'"


def test_require_order_names_the_first_backwards_row():
    start = pd.to_datetime(pd.Series(["2027-01-01", "2027-01-05", "2027-01-09"]))
    end = pd.to_datetime(pd.Series(["2027-01-01", "2027-01-04", "2027-01-08"]))
    with pytest.raises(InputError) as info:
        require_order(start, end, Path("t.csv"), "start_date", "end_date")
    assert str(info.value) == "t.csv, row 2, column 'end_date': end_date is before start_date"
    require_order(start, start, Path("t.csv"), "start_date", "end_date")  # equal is fine


def test_time_off_ending_before_it_starts_is_refused(tmp_path):
    path = tmp_path / "time_off.csv"
    path.write_text("employee_id,start_date,end_date,kind\nE1,2027-03-01,2027-03-05,approved\n"
                    "E1,2027-04-10,2027-04-02,requested\n")
    with pytest.raises(InputError, match=r"row 2, column 'end_date': end_date is before "
                                         r"start_date"):
        load_time_off(path, [Employee("E1", "Ann", "full-time")])


def test_a_roster_row_ending_before_it_starts_is_refused(tmp_path):
    path = tmp_path / "roster_long.csv"
    path.write_text("employee_id,name,date,start,end,activity,paid_minutes\n"
                    "E1,Ann,2027-03-01,2027-03-01T08:00,2027-03-01T16:30,WORK,480\n"
                    "E1,Ann,2027-03-02,2027-03-02T16:30,2027-03-02T08:00,WORK,480\n")
    with pytest.raises(InputError, match=r"row 2, column 'end': end is before start"):
        load_roster_long(path, "UTC")


def test_a_parquet_file_reads_as_its_csv_does(tmp_path):
    frame = pd.DataFrame({
        "interval_start": pd.to_datetime(["2024-03-01 08:00", "2024-03-01 08:30"]),
        "volume": [12, 7], "aht_seconds": [300.5, None]})
    frame.to_parquet(tmp_path / "h.parquet")
    frame.to_csv(tmp_path / "h.csv", index=False, date_format="%Y-%m-%dT%H:%M:%S")
    parquet = read_csv_text(tmp_path / "h.parquet", "interval_start,volume")
    assert parquet["interval_start"].tolist() == ["2024-03-01T08:00:00", "2024-03-01T08:30:00"]
    assert parquet["aht_seconds"].tolist() == ["300.5", ""]
    assert parquet["volume"].tolist() == read_csv_text(tmp_path / "h.csv", "x")["volume"].tolist()
    days = pd.DataFrame({"date": pd.to_datetime(["2024-03-01"]), "volume": [3]})
    days.to_parquet(tmp_path / "d.parquet")
    assert read_csv_text(tmp_path / "d.parquet", "date")["date"].tolist() == ["2024-03-01"]


def test_a_history_loads_from_parquet(tmp_path):
    from wfm.core.config import parse_config
    from wfm.forecast.history import load_history

    frame = pd.DataFrame({"date": pd.date_range("2024-01-01", periods=40),
                          "volume": range(40)})
    frame.to_parquet(tmp_path / "daily.parquet")
    frame.assign(date=frame["date"].dt.strftime("%Y-%m-%d")).to_csv(tmp_path / "daily.csv",
                                                                     index=False)
    cfg = parse_config({})
    a = load_history(tmp_path / "daily.parquet", cfg).daily
    b = load_history(tmp_path / "daily.csv", cfg).daily
    pd.testing.assert_series_equal(a, b)


def test_an_unreadable_parquet_file_is_one_line(tmp_path):
    path = tmp_path / "bad.parquet"
    path.write_text("not parquet")
    with pytest.raises(InputError, match="not a readable Parquet file"):
        read_csv_text(path, "x")


def test_instants_keep_their_offset_and_plain_times_are_the_wall_clock():
    text = pd.Series(["2016-11-06T01:30-04:00", "2016-11-06T01:30-05:00", "2016-11-06T01:30",
                      "2016-11-06T06:30Z", "2016-07-01T12:00"])
    times, keys = parse_instants(text, Path("f.csv"), "interval_start", "America/New_York")
    assert str(times.dt.tz) == "America/New_York"
    utc = times.dt.tz_convert("UTC").dt.strftime("%H:%M").tolist()
    # both halves of the repeated hour; a plain repeated time is its first occurrence
    assert utc == ["05:30", "06:30", "05:30", "06:30", "16:00"]
    assert not keys.iloc[:2].duplicated().any()


def test_a_plain_time_the_spring_change_skips_names_its_row():
    text = pd.Series(["2016-03-13T01:30", "2016-03-13T02:30"])
    with pytest.raises(InputError, match=r"f.csv, row 2, column 'interval_start': "
                       r"'2016-03-13T02:30' is not a time on the clocks of America/New_York"):
        parse_instants(text, Path("f.csv"), "interval_start", "America/New_York")
