"""History intake: the real bank files, the bundled sample, and small hand-made CSVs."""

from __future__ import annotations

import locations
import numpy as np
import pandas as pd
import pytest

from wfm.core.config import parse_config
from wfm.core.errors import InputError
from wfm.forecast.history import load_history

FEB = pd.date_range("1999-02-01", "1999-02-28", freq="D")


def _csv(tmp_path, text: str, name: str = "history.csv"):
    path = tmp_path / name
    path.write_text(text.lstrip())
    return path


def _cfg(**sections):
    return parse_config(sections)


# -- the real 6-minute file ----------------------------------------------------------------
def test_6min_file_loads_as_interval_counts_on_a_30min_grid(bank_6min_history):
    h = bank_6min_history
    assert h.form == "intervals"
    assert h.native_minutes == 6
    steps = np.diff(h.intervals.index.to_numpy()).astype("timedelta64[m]").astype(int)
    assert set(steps) == {30}
    assert len(h.intervals) == 365 * 48
    assert h.intervals.index[0] == pd.Timestamp("1999-01-01 00:00")
    assert h.intervals.index[-1] == pd.Timestamp("1999-12-31 23:30")


def test_6min_file_has_365_days_without_gaps_and_the_published_total(bank_6min_history):
    daily = bank_6min_history.daily
    assert len(daily) == 365
    assert daily.index[0] == pd.Timestamp("1999-01-01")
    assert daily.index[-1] == pd.Timestamp("1999-12-31")
    assert not daily.isna().any()
    assert daily.sum() == 445_414.5  # the data README's year total
    assert bank_6min_history.intervals["volume"].sum() == 445_414.5


def test_6min_grid_equals_an_independent_30min_aggregation(bank_6min_history, bank_6min_raw):
    raw = bank_6min_raw
    start = pd.to_datetime(raw["interval_start"]).dt.floor("30min")
    expected = raw.groupby(start)["calls"].sum()
    got = bank_6min_history.intervals["volume"]
    assert got.index.equals(pd.DatetimeIndex(expected.index))
    np.testing.assert_array_equal(got.to_numpy(), expected.to_numpy())
    by_day = raw.groupby(pd.to_datetime(raw["date"]))["calls"].sum()
    np.testing.assert_array_equal(bank_6min_history.daily.to_numpy(), by_day.to_numpy())


def test_half_calls_of_1999_05_23_are_kept(bank_6min_history, bank_6min_raw):
    day = bank_6min_raw[bank_6min_raw["date"] == "1999-05-23"]
    halves = day[day["calls"] % 1 != 0]
    assert len(halves) == 91  # as the data README says
    assert (halves["calls"] % 1 == 0.5).all()
    total = day["calls"].sum()
    assert total % 1 != 0  # 91 halves make the day fractional
    assert bank_6min_history.daily[pd.Timestamp("1999-05-23")] == total
    grid = bank_6min_history.intervals.loc["1999-05-23", "volume"]
    expected = day.groupby(pd.to_datetime(day["interval_start"]).dt.floor("30min"))["calls"].sum()
    np.testing.assert_array_equal(grid.to_numpy(), expected.to_numpy())
    assert (grid % 1 != 0).sum() == (expected % 1 != 0).sum() > 0


def test_6min_file_has_no_handle_times(bank_6min_history):
    assert bank_6min_history.intervals["aht_seconds"].isna().all()
    assert bank_6min_history.intervals["handled"].sum() == 0


# -- the real February call records --------------------------------------------------------
def test_call_file_loads_as_contacts_without_phantoms(bank_calls_history, bank_calls_raw):
    h = bank_calls_history
    assert len(bank_calls_raw) == 33_344
    assert h.form == "contacts"
    assert len(h.contacts) == 33_066  # 33,344 - 278 PHANTOM
    assert h.contacts["outcome"].value_counts().to_dict() == {"answered": 27_162,
                                                              "abandoned": 5_904}
    assert h.daily.index.equals(FEB)
    assert h.daily.sum() == 33_066
    assert h.intervals["volume"].sum() == 33_066


def test_call_outcomes_map_agent_to_answered_and_hang_to_abandoned(bank_calls_history,
                                                                   bank_calls_raw):
    raw = bank_calls_raw[bank_calls_raw["outcome"] != "PHANTOM"]
    got = bank_calls_history.contacts
    # contacts are sorted by time; compare per outcome and per day instead of row by row
    for source, mapped in (("AGENT", "answered"), ("HANG", "abandoned")):
        want = raw[raw["outcome"] == source].groupby("date").size()
        have = got[got["outcome"] == mapped].groupby(got["timestamp"].dt.normalize()).size()
        np.testing.assert_array_equal(have.to_numpy(), want.to_numpy())


def test_call_arrival_is_date_plus_vru_entry(bank_calls_history, bank_calls_raw):
    raw = bank_calls_raw[bank_calls_raw["outcome"] != "PHANTOM"]
    arrivals = pd.to_datetime(raw["date"] + " " + raw["vru_entry"]).sort_values()
    np.testing.assert_array_equal(bank_calls_history.contacts["timestamp"].to_numpy(),
                                  arrivals.to_numpy())


def test_interval_aht_only_from_answered_calls_with_a_named_agent(bank_calls_history,
                                                                  bank_calls_raw):
    raw = bank_calls_raw
    served = raw[(raw["outcome"] == "AGENT") & (raw["server"] != "NO_SERVER")]
    expected_mean = served["ser_time"].mean()
    assert expected_mean == pytest.approx(179, abs=0.5)  # README: "179 s"
    iv = bank_calls_history.intervals
    assert iv["handled"].sum() == len(served) == 26_671
    got_mean = (iv["aht_seconds"].fillna(0) * iv["handled"]).sum() / iv["handled"].sum()
    assert got_mean == pytest.approx(expected_mean, rel=1e-12)
    # and interval by interval
    slot = pd.to_datetime(served["date"] + " " + served["vru_entry"]).dt.floor("30min")
    per_slot = served.groupby(slot)["ser_time"].mean()
    have = iv["aht_seconds"].dropna()
    assert have.index.equals(pd.DatetimeIndex(per_slot.index))
    np.testing.assert_allclose(have.to_numpy(), per_slot.to_numpy(), rtol=1e-12)


def test_february_totals_plus_phantoms_equal_the_6min_file(bank_calls_history, bank_calls_raw,
                                                           bank_6min_history):
    phantoms = (bank_calls_raw[bank_calls_raw["outcome"] == "PHANTOM"].groupby("date").size()
                .reindex(FEB.strftime("%Y-%m-%d"), fill_value=0).to_numpy())
    assert phantoms.sum() == 278
    from_calls = bank_calls_history.daily.to_numpy() + phantoms
    from_counts = bank_6min_history.daily.loc[FEB].to_numpy()
    np.testing.assert_array_equal(from_calls, from_counts)


# -- the bundled sample --------------------------------------------------------------------
def test_bundled_sample_loads(sample_dir):
    from wfm.core.config import load_config

    cfg = load_config(sample_dir / "config.toml")
    h = load_history(sample_dir / "history.csv", cfg)
    raw = pd.read_csv(sample_dir / "history.csv")
    assert h.form == "intervals"
    assert h.native_minutes == 30
    assert h.daily.sum() == raw["volume"].sum()
    sundays = h.daily[h.daily.index.day_of_week == 6]
    assert sundays.isna().all()  # closed, so no rows: a gap, not a zero
    others = h.daily[h.daily.index.day_of_week != 6]
    assert others.notna().all()
    assert h.daily[pd.Timestamp("2024-12-25")] == 0  # closed holiday reported as zeros


# -- contacts ------------------------------------------------------------------------------
def test_offsets_are_converted_to_the_centre_time_zone(tmp_path):
    path = _csv(tmp_path, """
timestamp
2024-03-04T14:00:00Z
2024-03-04T15:30:00+01:00
2024-03-04T09:10:00-06:00
2024-07-01T13:00:00Z
""")
    h = load_history(path, _cfg(centre={"timezone": "America/Chicago"}))
    assert list(h.contacts["timestamp"]) == [
        pd.Timestamp("2024-03-04 08:00"),  # CST = UTC-6
        pd.Timestamp("2024-03-04 08:30"),
        pd.Timestamp("2024-03-04 09:10"),
        pd.Timestamp("2024-07-01 08:00"),  # CDT = UTC-5
    ]
    iv = h.intervals["volume"]
    assert iv[pd.Timestamp("2024-03-04 08:00")] == 1
    assert iv[pd.Timestamp("2024-03-04 08:30")] == 1
    assert iv[pd.Timestamp("2024-03-04 09:00")] == 1


def test_times_without_offset_are_local_even_beside_times_with_one(tmp_path):
    # A naive time is the centre's local time (it must not be read as UTC just because
    # another row carries an offset).
    path = _csv(tmp_path, """
timestamp
2024-03-04T08:00:00
2024-03-04T14:30:00Z
""")
    h = load_history(path, _cfg(centre={"timezone": "America/Chicago"}))
    assert list(h.contacts["timestamp"]) == [pd.Timestamp("2024-03-04 08:00"),
                                             pd.Timestamp("2024-03-04 08:30")]


def test_contacts_count_per_interval_and_missing_day_is_a_gap(tmp_path):
    path = _csv(tmp_path, """
timestamp,outcome,handle_seconds
2024-01-01T08:05:00,answered,100
2024-01-01T08:29:59,answered,300
2024-01-01T08:30:00,abandoned,
2024-01-03T10:00:00,answered,60
""")
    h = load_history(path, _cfg())
    assert h.form == "contacts"
    assert list(h.daily.index) == list(pd.date_range("2024-01-01", "2024-01-03"))
    assert h.daily.iloc[0] == 3
    assert np.isnan(h.daily.iloc[1])  # no contacts at all that day: a gap
    assert h.daily.iloc[2] == 1
    iv = h.intervals
    assert len(iv) == 2 * 48  # only days with rows get slots
    assert iv.loc[pd.Timestamp("2024-01-01 08:00"), "volume"] == 2
    assert iv.loc[pd.Timestamp("2024-01-01 08:30"), "volume"] == 1
    assert iv.loc[pd.Timestamp("2024-01-01 09:00"), "volume"] == 0  # a day with rows: zero
    assert iv.loc[pd.Timestamp("2024-01-01 08:00"), "aht_seconds"] == 200
    assert np.isnan(iv.loc[pd.Timestamp("2024-01-01 08:30"), "aht_seconds"])  # abandoned only


def test_contacts_aht_skips_no_agent_and_ignored_outcomes(tmp_path):
    path = _csv(tmp_path, """
timestamp,result,talk,who
2024-01-01T08:00:00,OK,100,ann
2024-01-01T08:01:00,OK,7,NOBODY
2024-01-01T08:02:00,GONE,500,NOBODY
2024-01-01T08:03:00,FAKE,999,bob
2024-01-01T08:04:00,OK,300,bob
""")
    cfg = _cfg(history={"outcome": "result", "handle_seconds": "talk", "agent": "who",
                        "answered": ["OK"], "abandoned": ["GONE"], "ignore": ["FAKE"],
                        "no_agent": ["NOBODY"]})
    h = load_history(path, cfg)
    assert len(h.contacts) == 4
    slot = h.intervals.loc[pd.Timestamp("2024-01-01 08:00")]
    assert slot["volume"] == 4
    assert slot["handled"] == 2
    assert slot["aht_seconds"] == 200


def test_date_and_clock_columns_are_joined(tmp_path):
    path = _csv(tmp_path, """
day,clock
2024-01-01,07:59:59
2024-01-01,08:00:00
""")
    h = load_history(path, _cfg(history={"timestamp": ["day", "clock"]}))
    iv = h.intervals["volume"]
    assert iv[pd.Timestamp("2024-01-01 07:30")] == 1
    assert iv[pd.Timestamp("2024-01-01 08:00")] == 1


def test_negative_duration_is_bad_input_naming_row_and_column(tmp_path):
    # durations must be given as seconds >= 0; a negative one is an error, not a guess
    path = _csv(tmp_path, """
timestamp,handle_seconds
2024-01-01T08:00:00,120
2024-01-01T23:50:00,-5
""")
    with pytest.raises(InputError) as info:
        load_history(path, _cfg())
    assert (info.value.row, info.value.column) == (2, "handle_seconds")
    assert "-5" in str(info.value)


def test_unknown_outcome_names_row_and_column(tmp_path):
    path = _csv(tmp_path, """
timestamp,outcome
2024-01-01T08:00:00,answered
2024-01-01T08:01:00,abandoned
2024-01-01T08:02:00,transferred
""")
    with pytest.raises(InputError) as info:
        load_history(path, _cfg())
    assert (info.value.row, info.value.column) == (3, "outcome")
    assert "transferred" in str(info.value)


def test_only_ignored_outcomes_is_an_error(tmp_path):
    path = _csv(tmp_path, "timestamp,outcome\n2024-01-01T08:00:00,PHANTOM\n")
    with pytest.raises(InputError, match="no contacts left"):
        load_history(path, _cfg(history={"ignore": ["PHANTOM"]}))


# -- interval counts -----------------------------------------------------------------------
def test_15min_counts_are_summed_onto_the_30min_grid(tmp_path):
    path = _csv(tmp_path, """
interval_start,volume,aht_seconds
2024-01-01T08:00,3,200
2024-01-01T08:15,1,400
2024-01-01T08:30,5,
2024-01-01T08:45,6,100
""")
    h = load_history(path, _cfg())
    assert h.form == "intervals" and h.native_minutes == 15
    iv = h.intervals
    assert len(iv) == 48
    assert iv.loc[pd.Timestamp("2024-01-01 08:00"), "volume"] == 4
    assert iv.loc[pd.Timestamp("2024-01-01 08:30"), "volume"] == 11
    assert iv["volume"].sum() == 15
    # AHT weighted by the calls behind each figure: (3*200 + 1*400) / 4
    assert iv.loc[pd.Timestamp("2024-01-01 08:00"), "aht_seconds"] == 250
    # 08:30 has 5 calls without a handle time and 6 at 100 s: the AHT is 100 s, from 6 calls
    assert iv.loc[pd.Timestamp("2024-01-01 08:30"), "aht_seconds"] == 100
    assert iv.loc[pd.Timestamp("2024-01-01 08:30"), "handled"] == 6


def test_60min_counts_are_split_evenly_onto_the_30min_grid(tmp_path):
    path = _csv(tmp_path, """
interval_start,volume
2024-01-01 08:00,10
2024-01-01 09:00,7
2024-01-01 23:00,1
""")
    h = load_history(path, _cfg())
    assert h.native_minutes == 60
    iv = h.intervals["volume"]
    assert iv[pd.Timestamp("2024-01-01 08:00")] == 5
    assert iv[pd.Timestamp("2024-01-01 08:30")] == 5
    assert iv[pd.Timestamp("2024-01-01 09:00")] == 3.5
    assert iv[pd.Timestamp("2024-01-01 09:30")] == 3.5
    assert iv[pd.Timestamp("2024-01-01 23:30")] == 0.5
    assert iv.sum() == 18
    assert h.daily.tolist() == [18]


def test_60min_counts_split_into_quarters_on_a_15min_grid(tmp_path):
    path = _csv(tmp_path, "interval_start,volume\n2024-01-01T08:00,10\n2024-01-01T09:00,2\n")
    h = load_history(path, _cfg(centre={"interval_minutes": 15}))
    iv = h.intervals["volume"]
    assert len(iv) == 96
    assert iv["2024-01-01 08:00":"2024-01-01 08:45"].tolist() == [2.5] * 4
    assert iv["2024-01-01 09:00":"2024-01-01 09:45"].tolist() == [0.5] * 4


def test_missing_day_is_a_gap_and_missing_interval_is_zero(tmp_path):
    path = _csv(tmp_path, """
interval_start,volume
2024-01-01T08:00,4
2024-01-01T08:30,6
2024-01-01T09:30,2
2024-01-03T08:00,9
2024-01-03T08:30,1
""")
    h = load_history(path, _cfg())
    assert h.native_minutes == 30
    assert h.daily.loc["2024-01-01"] == 12
    assert np.isnan(h.daily.loc["2024-01-02"])
    assert h.daily.loc["2024-01-03"] == 10
    iv = h.intervals["volume"]
    assert iv[pd.Timestamp("2024-01-01 09:00")] == 0  # inside a day with rows
    assert iv[pd.Timestamp("2024-01-01 00:00")] == 0
    assert pd.Timestamp("2024-01-02 08:00") not in iv.index  # the gap day has no slots


def test_column_mapping_for_interval_counts(tmp_path):
    path = _csv(tmp_path, "start,calls\n2024-01-01T08:00,3\n2024-01-01T08:30,4\n")
    h = load_history(path, _cfg(history={"timestamp": "start", "volume": "calls"}))
    assert h.form == "intervals"
    assert h.daily.tolist() == [7]


def test_queues_may_share_a_time_and_are_added(tmp_path):
    path = _csv(tmp_path, """
interval_start,volume,queue
2024-01-01T08:00,3,sales
2024-01-01T08:00,4,service
2024-01-01T08:30,1,sales
""")
    h = load_history(path, _cfg())
    assert h.intervals.loc[pd.Timestamp("2024-01-01 08:00"), "volume"] == 7


def test_duplicate_interval_names_both_rows(tmp_path):
    path = _csv(tmp_path, """
interval_start,volume
2024-01-01T08:00,3
2024-01-01T08:30,4
2024-01-01T08:00,5
""")
    with pytest.raises(InputError) as info:
        load_history(path, _cfg())
    assert (info.value.row, info.value.column) == (3, "interval_start")
    assert "row 1" in str(info.value)


def test_negative_aht_is_rejected(tmp_path):
    path = _csv(tmp_path, "interval_start,volume,aht_seconds\n2024-01-01T08:00,3,-1\n")
    with pytest.raises(InputError) as info:
        load_history(path, _cfg())
    assert (info.value.row, info.value.column) == (1, "aht_seconds")


# -- daily counts --------------------------------------------------------------------------
def test_daily_counts_with_a_gap(tmp_path):
    path = _csv(tmp_path, """
date,volume
2024-01-01,100
2024-01-02,120.5
2024-01-04,90
""")
    h = load_history(path, _cfg())
    assert h.form == "daily"
    assert h.intervals is None and h.contacts is None
    assert list(h.daily.index) == list(pd.date_range("2024-01-01", "2024-01-04"))
    assert h.daily.iloc[[0, 1, 3]].tolist() == [100, 120.5, 90]
    assert np.isnan(h.daily.iloc[2])
    assert (h.first_day, h.last_day) == (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-04"))


def test_daily_counts_reject_a_time_of_day(tmp_path):
    path = _csv(tmp_path, "date,volume\n2024-01-01,100\n2024-01-02 08:00,120\n")
    with pytest.raises(InputError) as info:
        load_history(path, _cfg(history={"form": "daily"}))
    assert (info.value.row, info.value.column) == (2, "date")


# -- bad input at the library level (the CLI tests check the terminal side) -----------------
@pytest.mark.parametrize(("text", "row", "column"), [
    ("interval_start,volume\n2024-01-01T08:00,1\n2024-01-01T08:30,x\n", 2, "volume"),
    ("interval_start,volume\n2024-01-01T08:00,1\n2024-01-01T08:30,\n", 2, "volume"),
    ("interval_start,volume\n2024-01-01T08:00,inf\n", 1, "volume"),
    ("interval_start,volume\n2024-01-01T08:00,1\nyesterday,2\n", 2, "interval_start"),
    ("interval_start,volume\n2024-02-30T08:00,1\n", 1, "interval_start"),
    ("date,volume\n2024-01-01,-5\n", 1, "volume"),
])
def test_bad_cells_name_row_and_column(tmp_path, text, row, column):
    path = _csv(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_history(path, _cfg())
    assert (info.value.row, info.value.column) == (row, column)
    assert str(path) in str(info.value)


def test_interval_file_without_volume_column_names_volume(tmp_path):
    # An interval-counts file whose count column is not mapped: the column to name is the
    # volume, not a `timestamp` column that interval files do not have.
    path = _csv(tmp_path, "interval_start,calls\n2024-01-01T08:00,3\n2024-01-01T08:30,4\n")
    with pytest.raises(InputError) as info:
        load_history(path, _cfg())
    assert info.value.column == "volume"


def test_unknown_time_zone(tmp_path):
    path = _csv(tmp_path, "date,volume\n2024-01-01,1\n")
    with pytest.raises(InputError, match="Mars/Olympus"):
        load_history(path, _cfg(centre={"timezone": "Mars/Olympus"}))


def test_file_not_found(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_history(tmp_path / "missing.csv", _cfg())


def test_a_timestamp_and_volume_file_reads_as_interval_counts(tmp_path):
    # NYC 311's hourly feed has just these two columns: counts per hour, not one contact a
    # row and not days
    path = _csv(tmp_path, """
timestamp,volume
2024-01-01 08:00:00,10
2024-01-01 09:00:00,7
2024-01-02 08:00:00,4
""")
    h = load_history(path, _cfg())
    assert h.form == "intervals" and h.native_minutes == 60
    assert h.daily.tolist() == [17, 4]
    assert h.intervals["volume"][pd.Timestamp("2024-01-01 09:30")] == 3.5


def test_counts_with_the_centres_own_figures_keep_them_day_by_day(tmp_path):
    # two rows on 1 March combine as their definitions say: service level by offered
    # (0.9 x 100 + 0.5 x 300) / 400 = 0.6, ASA by answered (10 x 90 + 40 x 210) / 300 = 31
    path = tmp_path / "acd.csv"
    path.write_text("interval_start,volume,answered,abandoned,service_level,asa_seconds\n"
                    "2024-03-01T08:00,100,90,10,0.9,10\n"
                    "2024-03-01T08:30,300,210,90,0.5,40\n"
                    "2024-03-02T08:00,50,50,0,1.0,0\n")
    perf = load_history(path, _cfg()).performance
    first = perf.loc["2024-03-01"]
    assert (first["offered"], first["answered"], first["abandoned"]) == (400, 300, 100)
    assert first["service_level"] == pytest.approx(0.6)
    assert first["asa_seconds"] == pytest.approx(31.0)
    assert perf.loc["2024-03-02", "service_level"] == 1.0


def test_a_service_level_in_percent_is_refused_with_its_row(tmp_path):
    path = tmp_path / "daily.csv"
    path.write_text("date,volume,service_level\n2024-03-01,100,0.8\n2024-03-02,100,80\n")
    with pytest.raises(InputError, match=r"row 2, column 'service_level': expected a share "
                                         r"from 0 to 1 \(a percentage divided by 100\)"):
        load_history(path, _cfg())


def test_counts_without_such_columns_have_no_figures_of_their_own(tmp_path):
    path = tmp_path / "daily.csv"
    path.write_text("date,volume\n2024-03-01,100\n")
    assert load_history(path, _cfg()).performance is None


def test_an_acd_export_with_total_handle_time_gives_the_aht_of_the_calls_handled(tmp_path):
    # offered 100, handled 80 for 24,000 s: AHT 300 s over 80 calls, not over 100
    path = tmp_path / "acd.csv"
    path.write_text("interval_start,volume,answered,handle_total_seconds\n"
                    "2024-03-01T08:00,100,80,24000\n"
                    "2024-03-01T08:30,50,50,12500\n"
                    "2024-03-01T09:00,0,0,0\n")
    ivs = load_history(path, _cfg()).intervals
    first, second = ivs.loc["2024-03-01 08:00"], ivs.loc["2024-03-01 08:30"]
    assert (first["aht_seconds"], first["handled"]) == (300.0, 80.0)
    assert (second["aht_seconds"], second["handled"]) == (250.0, 50.0)
    assert np.isnan(ivs.loc["2024-03-01 09:00", "aht_seconds"])


def test_a_total_handle_time_in_minutes_is_caught(tmp_path):
    path = tmp_path / "acd.csv"
    path.write_text("interval_start,volume,handle_total_seconds\n"
                    "2024-03-01T08:00,1,90000\n")
    with pytest.raises(InputError, match=r"row 1, column 'handle_total_seconds': total "
                                         r"handle seconds over handled contacts is 90,000 s"):
        load_history(path, _cfg())


def test_statsforecasts_long_layout_reads_as_daily_or_interval_counts(tmp_path):
    days = pd.date_range("2024-01-01", periods=30)
    daily = tmp_path / "daily.csv"
    pd.DataFrame({"unique_id": "calls", "ds": days.strftime("%Y-%m-%d"),
                  "y": range(30)}).to_csv(daily, index=False)
    h = load_history(daily, _cfg())
    assert h.form == "daily" and h.daily.iloc[5] == 5  # dates: daily, never spread out
    slots = tmp_path / "intervals.csv"
    stamps = pd.date_range("2024-01-01 08:00", periods=6, freq="30min")
    pd.DataFrame({"unique_id": "calls", "ds": stamps.strftime("%Y-%m-%d %H:%M:%S"),
                  "y": [1, 2, 3, 4, 5, 6]}).to_csv(slots, index=False)
    h = load_history(slots, _cfg())
    assert h.form == "intervals" and h.daily.iloc[0] == 21


def test_several_unique_ids_are_queues(tmp_path):
    from wfm.forecast.queues import load_queue_histories

    days = pd.date_range("2024-01-01", periods=30).strftime("%Y-%m-%d")
    path = tmp_path / "long.csv"
    pd.concat([pd.DataFrame({"unique_id": q, "ds": days, "y": n})
               for q, n in (("sales", 3), ("vip", 1))]).to_csv(path, index=False)
    histories = load_queue_histories(path, _cfg())
    assert sorted(histories) == ["sales", "vip"]
    assert histories["vip"].daily.sum() == 30


def test_a_utc_feed_reads_on_the_centres_wall_clock_across_both_clock_changes(tmp_path):
    # New York, [history] clock = "utc": 2024-11-03 05:00Z and 06:00Z are both 01:00 local
    # (EDT then EST), so local 01:00 holds 3 + 4 calls; 2024-03-10 06:00Z is 01:00 EST and
    # 07:00Z is 03:00 EDT: the spring 02:00 never happens and has no calls
    path = _csv(tmp_path, """
timestamp,volume
2024-03-10 05:00:00,1
2024-03-10 06:00:00,2
2024-03-10 07:00:00,5
2024-11-03 04:00:00,1
2024-11-03 05:00:00,3
2024-11-03 06:00:00,4
2024-11-03 07:00:00,6
""")
    utc = load_history(path, _cfg(centre={"timezone": "America/New_York"},
                                  history={"clock": "utc", "interval_minutes": 60}))
    hours = utc.intervals["volume"].resample("60min").sum()
    assert hours["2024-11-03 00:00"] == 1 and hours["2024-11-03 01:00"] == 7
    assert hours["2024-11-03 02:00"] == 6
    assert hours["2024-03-10 00:00"] == 1 and hours["2024-03-10 01:00"] == 2
    assert hours["2024-03-10 02:00"] == 0 and hours["2024-03-10 03:00"] == 5
    # the same rows on the wall clock (the default) stay where they are
    local = load_history(path, _cfg(centre={"timezone": "America/New_York"},
                                    history={"interval_minutes": 60}))
    assert local.intervals["volume"].resample("60min").sum()["2024-11-03 05:00"] == 3


def test_history_clock_must_be_local_or_utc():
    with pytest.raises(InputError, match=r"\[history\] clock: expected 'local'"):
        _cfg(history={"clock": "gmt"})


NYC_HOURLY = locations.SHARED_DATA / "nyc_311_2011_2016" / "hourly.csv.gz"


@pytest.mark.skipif(not NYC_HOURLY.is_file(), reason="NYC 311 hourly file not in ../shared/data")
def test_nyc_311_in_utc_reads_as_its_own_local_feed(tmp_path):
    # NYC 311's hourly feed is on New York's wall clock (the spring 02:00 hour is 0, the
    # autumn 01:00 hour holds two hours). The same calls kept in UTC, as many feeds are,
    # read with [history] clock = "utc" give the same local history, hour by hour.
    raw = pd.read_csv(NYC_HOURLY, parse_dates=["timestamp"])
    raw = raw[(raw["timestamp"] >= "2015-10-01") & (raw["timestamp"] < "2016-04-01")]
    local_path = tmp_path / "local.csv"
    raw.to_csv(local_path, index=False)
    wall = pd.DatetimeIndex(raw["timestamp"]).tz_localize(
        "America/New_York", ambiguous=np.ones(len(raw), dtype=bool), nonexistent="NaT")
    assert wall.isna().sum() == 1 and raw.loc[wall.isna(), "volume"].tolist() == [0]
    utc = raw.assign(timestamp=wall.tz_convert("UTC").tz_localize(None))[wall.notna()]
    utc_path = tmp_path / "utc.csv"
    utc.to_csv(utc_path, index=False)
    centre = {"timezone": "America/New_York"}
    from_local = load_history(local_path, _cfg(centre=centre))
    from_utc = load_history(utc_path, _cfg(centre=centre, history={"clock": "utc"}))
    pd.testing.assert_series_equal(from_utc.daily, from_local.daily)
    pd.testing.assert_frame_equal(from_utc.intervals, from_local.intervals)
    assert from_utc.daily["2015-11-01"] == from_local.daily["2015-11-01"] > 0
