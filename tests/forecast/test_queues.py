"""Many queues (forecast/queues.py): a history split by its queue column, quiet days,
errors naming the file's own row and the queue, roll-ups across queues, and the bank's
February call records split by service type."""

from __future__ import annotations

from dataclasses import replace

import locations
import numpy as np
import pandas as pd
import pytest

from wfm.core.config import config_for_queue, load_config, parse_config
from wfm.core.errors import InputError
from wfm.forecast.backtest import BacktestResult
from wfm.forecast.history import load_history
from wfm.forecast.pipeline import ForecastResult
from wfm.forecast.queues import (
    NO_QUEUE,
    TOTAL_MODEL,
    jobs,
    load_queue_histories,
    queue_summary,
    rollup_daily,
    rollup_history,
    rollup_intervals,
    rollup_monthly,
    total_history,
)

EXAMPLES = locations.REPO / "examples"

QUEUES = ["north", "south", "west"]
GAP_DAY = "2023-12-05"  # no queue has rows: a gap for every queue
SLOTS = 48


# -- a small three-queue interval file built from the bundled sample -----------------------
@pytest.fixture(scope="module")
def three_queues(sample_dir, tmp_path_factory):
    """Two weeks of the sample's 30-minute history as three queues, in file order by time:
    north = every row; south = a third of the volume, AHT + 30 s, every 4th row left out;
    west = a tenth of the volume, no handle times, rows on even days of the month only."""
    raw = pd.read_csv(sample_dir / "history.csv", dtype=str, keep_default_na=False)
    day = raw["interval_start"].str[:10]
    raw = raw[(day < "2023-12-15") & (day != GAP_DAY)].reset_index(drop=True)
    vol = raw["volume"].astype(int)
    aht = pd.to_numeric(raw["aht_seconds"], errors="coerce")
    north = raw.assign(queue="north")
    south = raw.assign(queue="south", volume=(vol // 3).astype(str),
                       aht_seconds=(aht + 30).map(lambda a: "" if np.isnan(a) else f"{a:.1f}"))
    south = south[np.arange(len(south)) % 4 != 3]
    west = raw.assign(queue="west", volume=(vol // 10).astype(str), aht_seconds="")
    west = west[raw["interval_start"].str[8:10].astype(int) % 2 == 0]
    frame = pd.concat([north, south, west]).sort_values(["interval_start", "queue"],
                                                        kind="stable")
    frame = frame[["interval_start", "queue", "volume", "aht_seconds"]].reset_index(drop=True)
    path = tmp_path_factory.mktemp("queues") / "history.csv"
    frame.to_csv(path, index=False)
    expected = frame.assign(volume=frame["volume"].astype(float),
                            aht_seconds=pd.to_numeric(frame["aht_seconds"], errors="coerce"),
                            interval_start=pd.to_datetime(frame["interval_start"]))
    return path, expected


@pytest.fixture(scope="module")
def histories(three_queues):
    return load_queue_histories(three_queues[0], parse_config({}))


def test_one_history_per_queue_in_sorted_order(histories):
    assert list(histories) == QUEUES
    assert all(h.form == "intervals" and h.native_minutes == 30 for h in histories.values())


def test_each_queue_daily_volume_equals_a_groupby_of_the_file(three_queues, histories):
    _, file = three_queues
    observed = set(file["interval_start"].dt.normalize())
    for q, h in histories.items():
        rows = file[file["queue"] == q]
        by_day = rows.groupby(rows["interval_start"].dt.normalize())["volume"].sum()
        span = pd.date_range(by_day.index.min(), by_day.index.max(), freq="D")
        want = by_day.reindex(span)
        # a day the file has rows for but this queue has none is a zero day, not a gap
        want[want.isna() & span.isin(list(observed))] = 0.0
        assert h.daily.index.equals(span), q
        np.testing.assert_array_equal(h.daily.to_numpy(), want.to_numpy())
        assert h.daily.sum() == rows["volume"].sum()


def test_each_queue_interval_volume_and_aht_equal_the_file(three_queues, histories):
    _, file = three_queues
    for q in ("north", "south"):
        rows = file[file["queue"] == q].set_index("interval_start")
        got = histories[q].intervals
        assert got["volume"].reindex(rows.index).tolist() == rows["volume"].tolist()
        np.testing.assert_allclose(got["aht_seconds"].reindex(rows.index).to_numpy(),
                                   rows["aht_seconds"].to_numpy(), rtol=1e-12)
        # slots without a row inside a day with rows had no calls
        assert got.loc[~got.index.isin(rows.index), "volume"].eq(0).all()
        assert got["volume"].sum() == rows["volume"].sum()
    assert histories["west"].intervals["aht_seconds"].isna().all()
    assert histories["west"].intervals["handled"].eq(0).all()


def test_a_quiet_day_of_a_small_queue_is_zero_and_a_day_without_rows_is_a_gap(histories):
    west = histories["west"]
    assert west.first_day == pd.Timestamp("2023-12-02")
    assert west.last_day == pd.Timestamp("2023-12-14")
    # odd days: the other queues have rows, west has none -> zero days with 48 zero slots
    for d in ("2023-12-07", "2023-12-11", "2023-12-13"):
        assert west.daily[d] == 0.0
        slots = west.intervals.loc[d:f"{d} 23:59"]
        assert len(slots) == SLOTS
        assert slots["volume"].eq(0).all() and slots["handled"].eq(0).all()
        assert slots["aht_seconds"].isna().all()
    assert west.intervals.index.is_monotonic_increasing and west.intervals.index.is_unique
    # the day no queue has rows for, and the closed Sundays, stay gaps everywhere
    for h in histories.values():
        for d in (GAP_DAY, "2023-12-03", "2023-12-10"):
            assert np.isnan(h.daily[d])
            assert h.intervals.loc[d:f"{d} 23:59"].empty
    # quiet days fill only inside the queue's own span
    assert histories["north"].first_day == pd.Timestamp("2023-12-01")
    assert west.daily.notna().sum() == 10  # 2nd..14th less the gap day and two Sundays


def test_without_a_queue_column_the_one_history_is_the_files(sample_dir):
    cfg = load_config(sample_dir / "config.toml")
    got = load_queue_histories(sample_dir / "history.csv", cfg)
    assert list(got) == [NO_QUEUE]
    plain = load_history(sample_dir / "history.csv", cfg)
    pd.testing.assert_series_equal(got[NO_QUEUE].daily, plain.daily)
    pd.testing.assert_frame_equal(got[NO_QUEUE].intervals, plain.intervals)
    assert total_history(got) is got[NO_QUEUE]


def test_a_configured_queue_column_name_is_used(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("date,line,volume\n" + "".join(
        f"2024-01-{d:02d},{q},{d * k}\n" for d in range(1, 5) for q, k in (("x", 1), ("y", 2))))
    got = load_queue_histories(path, parse_config({"history": {"queue": "line"}}))
    assert list(got) == ["x", "y"]
    assert got["y"].daily.tolist() == [2.0, 4.0, 6.0, 8.0]
    assert got["x"].form == "daily" and got["x"].intervals is None


def test_zero_days_also_fill_daily_counts(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("date,queue,volume\n2024-01-01,a,5\n2024-01-01,b,1\n2024-01-02,a,6\n"
                    "2024-01-03,a,7\n2024-01-03,b,2\n2024-01-05,a,8\n2024-01-05,b,3\n")
    got = load_queue_histories(path, parse_config({}))
    assert got["b"].daily.tolist()[:3] == [1.0, 0.0, 2.0]  # 2nd: a has rows, b none
    assert np.isnan(got["b"].daily["2024-01-04"]) and np.isnan(got["a"].daily["2024-01-04"])


# -- bad rows: the file's own row and the queue ---------------------------------------------
def _bad_copy(three_queues, tmp_path, queue: str, nth: int, column: str, value: str):
    """The three-queue file with `queue`'s nth row's `column` set to `value`; returns the
    path and the file's data row (from 1) of that cell."""
    path, _ = three_queues
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    positions = np.flatnonzero((frame["queue"] == queue).to_numpy())
    frame.loc[positions[nth], column] = value
    bad = tmp_path / "bad.csv"
    frame.to_csv(bad, index=False)
    return bad, int(positions[nth]) + 1


def test_a_bad_volume_in_the_second_queue_names_the_files_row_and_the_queue(three_queues,
                                                                             tmp_path):
    bad, row = _bad_copy(three_queues, tmp_path, "south", 40, "volume", "-5")
    assert row != 41  # the file's row, not the position in the queue's slice
    with pytest.raises(InputError) as info:
        load_queue_histories(bad, parse_config({}))
    assert str(info.value) == (f"{bad}, row {row}, column 'volume': queue 'south': "
                               "expected a volume >= 0, got '-5'")
    assert info.value.row == row and info.value.column == "volume"


def test_a_bad_time_and_a_bad_handle_time_name_the_files_row(three_queues, tmp_path):
    bad, row = _bad_copy(three_queues, tmp_path, "west", 7, "interval_start", "7/12/2023")
    with pytest.raises(InputError) as info:
        load_queue_histories(bad, parse_config({}))
    assert f"row {row}, column 'interval_start': queue 'west': " in str(info.value)
    assert "'7/12/2023'" in str(info.value)
    bad, row = _bad_copy(three_queues, tmp_path, "south", 3, "aht_seconds", "abc")
    with pytest.raises(InputError) as info:
        load_queue_histories(bad, parse_config({}))
    assert str(info.value).startswith(f"{bad}, row {row}, column 'aht_seconds': queue 'south':")


def test_a_duplicate_time_within_a_queue_names_both_file_rows(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("interval_start,queue,volume\n"
                    "2024-01-01T08:00,a,1\n2024-01-01T08:00,b,2\n2024-01-01T08:30,a,3\n"
                    "2024-01-01T08:30,b,4\n2024-01-01T08:00,b,5\n")
    with pytest.raises(InputError) as info:
        load_queue_histories(path, parse_config({}))
    assert str(info.value) == (f"{path}, row 5, column 'interval_start': queue 'b': duplicate "
                               "time 2024-01-01 08:00:00 (first seen on row 2); each interval "
                               "or day may appear once")


def test_a_duplicate_is_found_whatever_the_spaces_around_the_queue_name(tmp_path):
    # "a " is queue "a" (names are stripped), so its day 2024-01-01 appears twice in "a"
    path = tmp_path / "dup.csv"
    path.write_text("date,queue,volume\n2024-01-01,a,1\n2024-01-01,a ,2\n2024-01-02,a,3\n")
    with pytest.raises(InputError) as info:
        load_queue_histories(path, parse_config({}))
    assert str(info.value).startswith(f"{path}, row 2, column 'date': queue 'a': duplicate "
                                      "time 2024-01-01")


@pytest.mark.parametrize("cell", ["", "   "])
def test_an_empty_queue_cell_is_an_error_naming_its_row(tmp_path, cell):
    path = tmp_path / "h.csv"
    path.write_text(f"date,queue,volume\n2024-01-01,a,1\n2024-01-01,b,2\n2024-01-02,{cell},3\n")
    with pytest.raises(InputError) as info:
        load_queue_histories(path, parse_config({}))
    assert str(info.value) == (f"{path}, row 3, column 'queue': expected a queue name, got an "
                               "empty cell")


def test_an_unknown_time_zone_is_refused_with_the_config():
    # every command reads the config first, so none gets as far as a history
    with pytest.raises(InputError) as info:
        parse_config({"centre": {"timezone": "Mars/Olympus"}})
    assert "unknown time zone 'Mars/Olympus'" in str(info.value)


def test_a_queue_with_rows_only_on_the_hour_keeps_the_files_30_minute_grid(tmp_path):
    # A small queue whose calls all fell in intervals starting on the hour, in a file of
    # 30-minute rows: its 4 calls at 08:00 are 4 calls at 08:00, not 2 + 2 at 08:00 and
    # 08:30 (the file's grid is 30 minutes, the same file without the queue column says so)
    rows = ["interval_start,queue,volume"]
    for d in ("2024-01-01", "2024-01-02"):
        for h in range(8, 12):
            rows += [f"{d}T{h:02d}:00,big,10", f"{d}T{h:02d}:30,big,10", f"{d}T{h:02d}:00,small,4"]
    path = tmp_path / "h.csv"
    path.write_text("\n".join(rows) + "\n")
    small = load_queue_histories(path, parse_config({}))["small"]
    assert small.intervals.loc["2024-01-01 08:00", "volume"] == 4.0
    assert small.intervals.loc["2024-01-01 08:30", "volume"] == 0.0


# -- jobs: each queue with its own config ---------------------------------------------------
def test_jobs_carry_each_queues_own_config_and_calendar(histories, tmp_path):
    special = tmp_path / "special.csv"
    special.write_text("date,label\n2023-12-20,launch\n")
    cfg = parse_config({"service": {"goal": 0.8},
                        "queues": {"south": {"service": {"goal": 0.9},
                                             "centre": {"open_days": ["Mon", "Tue"]}}}})
    got = jobs(histories, cfg, days=7, special_days=str(special))
    assert list(got) == QUEUES
    assert got["south"].config.service["goal"] == 0.9
    assert got["north"].config is cfg and got["west"].config is cfg
    assert got["south"].config is config_for_queue(cfg, "south")
    assert got["west"].history is histories["west"]
    assert (got["north"].days, got["north"].month) == (7, None)
    # each job's calendar is its own queue's, with the special days read in
    assert got["south"].calendar.open_weekdays == frozenset({0, 1})
    assert got["north"].calendar.open_weekdays == frozenset(range(7))
    assert pd.Timestamp("2023-12-20") in got["north"].calendar.special_days


# -- roll-ups -------------------------------------------------------------------------------
def _stamp(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


def test_rollup_intervals_adds_volume_and_bounds_and_weights_aht_by_volume():
    t1, t2, t3 = (_stamp(f"2024-03-04 {h}") for h in ("09:00", "09:30", "10:00"))
    frame = pd.DataFrame({
        "queue": ["a", "a", "a", "b", "b", "b"],
        "interval_start": [t1, t2, t3, t1, t2, t3],
        "volume": [10.0, 0.0, 0.0, 30.0, 5.0, 0.0],
        "lo": [8.0, 0.0, 0.0, 25.0, 3.0, 0.0], "hi": [12.0, 1.0, 0.0, 36.0, 7.0, 0.0],
        "lo_95": [7.0, 0.0, 0.0, 22.0, 2.0, 0.0], "hi_95": [14.0, 2.0, 0.0, 40.0, 9.0, 0.0],
        "aht_seconds": [200.0, 300.0, 250.0, 100.0, 400.0, 150.0],
        "model": ["ets"] * 3 + ["mstl"] * 3})
    got = rollup_intervals(frame).set_index("interval_start")
    assert list(got.index) == [t1, t2, t3]
    assert got["volume"].tolist() == [40.0, 5.0, 0.0]
    assert got["lo"].tolist() == [33.0, 3.0, 0.0] and got["hi"].tolist() == [48.0, 8.0, 0.0]
    assert got["lo_95"].tolist() == [29.0, 2.0, 0.0]
    assert got["hi_95"].tolist() == [54.0, 11.0, 0.0]
    # (10 x 200 + 30 x 100) / 40 = 125; (0 x 300 + 5 x 400) / 5 = 400; no calls: unknown
    assert got.loc[t1, "aht_seconds"] == 125.0 and got.loc[t2, "aht_seconds"] == 400.0
    assert np.isnan(got.loc[t3, "aht_seconds"])
    assert set(got["model"]) == {TOTAL_MODEL}


def test_rollup_daily_adds_volume_and_bounds_and_counts_queues():
    d1, d2 = _stamp("2024-03-04"), _stamp("2024-03-05")
    frame = pd.DataFrame({"queue": ["a", "a", "b", "b", "c"], "date": [d1, d2, d1, d2, d2],
                          "volume": [100.0, 110.0, 40.0, 45.0, 5.0],
                          "lo": [90.0, 95.0, 30.0, 35.0, 1.0],
                          "hi": [115.0, 120.0, 50.0, 55.0, 9.0],
                          "model": ["ets", "ets", "mstl", "mstl", "ets"]})
    got = rollup_daily(frame)
    assert got["date"].tolist() == [d1, d2]
    assert got["volume"].tolist() == [140.0, 160.0]
    assert got["lo"].tolist() == [120.0, 131.0] and got["hi"].tolist() == [165.0, 184.0]
    assert got["queues"].tolist() == [2, 3]
    assert got["model"].tolist() == [TOTAL_MODEL] * 2


def test_rollup_monthly_adds_months_and_flags_seasons_on_the_sum():
    frame = pd.DataFrame({
        "queue": ["a", "a", "a", "b", "b", "b"],
        "month": ["2024-01", "2024-02", "2024-03"] * 2,
        "volume": [3100.0, 2900.0, 3100.0, 0.0, 1450.0, 3100.0],
        "lo": [3000.0, 2800.0, 3000.0, 0.0, 1400.0, 3000.0],
        "hi": [3200.0, 3000.0, 3200.0, 0.0, 1500.0, 3200.0],
        "days": [31, 29, 31, 31, 29, 31], "forecast_days": [10, 29, 31, 10, 29, 31],
        "index": [1.0] * 6, "season": ["normal"] * 6, "model": ["ets"] * 6})
    got = rollup_monthly(frame, band=0.10).set_index("month")
    assert got["volume"].tolist() == [3100.0, 4350.0, 6200.0]
    assert got["lo"].tolist() == [3000.0, 4200.0, 6000.0]
    assert got["days"].tolist() == [31, 29, 31] and got["forecast_days"].tolist() == [10, 29, 31]
    per_day = np.array([100.0, 150.0, 200.0])
    np.testing.assert_allclose(got["index"].to_numpy(), per_day / per_day.mean())
    assert got["season"].tolist() == ["quiet", "normal", "busy"]
    assert set(got["model"]) == {TOTAL_MODEL}


def test_total_history_adds_the_queues_and_weights_aht_by_handled_calls(three_queues,
                                                                        histories):
    _, file = three_queues
    total = total_history(histories)
    by_day = file.groupby(file["interval_start"].dt.normalize())["volume"].sum()
    span = pd.date_range("2023-12-01", "2023-12-14", freq="D")
    assert total.daily.index.equals(span)
    np.testing.assert_array_equal(total.daily.to_numpy(), by_day.reindex(span).to_numpy())
    by_slot = file.groupby("interval_start")["volume"].sum()
    iv = total.intervals
    np.testing.assert_array_equal(iv["volume"].reindex(by_slot.index).to_numpy(),
                                  by_slot.to_numpy())
    assert iv["volume"].sum() == file["volume"].sum()
    known = file[file["aht_seconds"].notna()]
    assert iv["handled"].sum() == known["volume"].sum()
    # one slot by hand: north and south handle times weighted by their calls
    t = pd.Timestamp("2023-12-01 10:00")
    n = file[(file["queue"] == "north") & (file["interval_start"] == t)].iloc[0]
    s = file[(file["queue"] == "south") & (file["interval_start"] == t)].iloc[0]
    want = (n["volume"] * n["aht_seconds"] + s["volume"] * s["aht_seconds"]) / (
        n["volume"] + s["volume"])
    assert iv.loc[t, "aht_seconds"] == pytest.approx(want, rel=1e-12)
    assert total.form == "intervals" and total.contacts is None


def test_rollup_history_keeps_every_day_between_the_first_and_the_last(tmp_path):
    # A queue that closed and one that opened later: the days between, where no queue has
    # rows, are gaps (NaN) of the total, as in any History, not days left out of its index.
    path = tmp_path / "h.csv"
    path.write_text("date,queue,volume\n" + "".join(
        f"2024-01-{d:02d},old,5\n" for d in range(1, 11)) + "".join(
        f"2024-01-{d:02d},new,7\n" for d in range(20, 30)))
    got = rollup_history(load_queue_histories(path, parse_config({})))
    assert got.index.equals(pd.date_range("2024-01-01", "2024-01-29", freq="D"))
    assert got.isna().sum() == 9 and got.sum() == 120.0


# -- queues.csv -----------------------------------------------------------------------------
def test_queue_summary_scores_the_model_it_names(histories):
    # The backtest keeps the pooled forecast unless another is clearly better, so the model
    # chosen is not always the first row of the scores: queues.csv must show the MASE and
    # WAPE of the model it names.
    scores = pd.DataFrame({"mase": [0.70, 0.71, 0.95], "wape": [0.050, 0.052, 0.070]},
                          index=pd.Index(["ets", "combo(ets+mstl)", "seasonal_naive"],
                                         name="model"))
    chosen = "combo(ets+mstl)"
    days = pd.date_range("2023-12-15", periods=3, freq="D")
    results = {}
    for q, vol in zip(QUEUES, (300.0, 100.0, 0.0), strict=True):
        results[q] = ForecastResult(
            daily=pd.DataFrame({"date": days, "volume": vol, "model": chosen}),
            monthly=pd.DataFrame(), intervals=pd.DataFrame(), effects=None, notes=("n1",),
            backtest=BacktestResult(scores=scores, by_origin=pd.DataFrame(),
                                    forecasts=pd.DataFrame(), chosen=("ets", "mstl"),
                                    horizon=7, origins=()))
    results["west"] = replace(results["west"], backtest=None, notes=("a", "b"))
    table = queue_summary(histories, results).set_index("queue")
    assert table["forecast_volume"].tolist() == [900.0, 300.0, 0.0]
    assert table["share"].tolist() == [0.75, 0.25, 0.0]
    assert table.loc["west", "notes"] == "a; b" and np.isnan(table.loc["west", "mase"])
    assert table.loc["north", "history_volume"] == histories["north"].daily.sum()
    assert str(table.loc["west", "history_from"]) == "2023-12-02"
    assert table.loc["north", "model"] == "combo(ets+mstl)"
    assert table.loc["north", "mase"] == 0.71 and table.loc["north", "wape"] == 0.052


# -- real data: the bank's February call records by service type ----------------------------
README_BY_TYPE = {"PS": 21_460, "NW": 7_604, "NE": 2_750, "TT": 1_088, "IN": 293, "PE": 149}


@pytest.fixture(scope="module")
def bank_types_config():
    return load_config(EXAMPLES / "bank_1999_types.toml")


@pytest.fixture(scope="module")
def bank_by_type(bank_calls, bank_types_config):
    return load_queue_histories(bank_calls, bank_types_config)


def test_bank_raw_counts_by_type_are_the_readmes(bank_calls_raw):
    assert bank_calls_raw["type"].value_counts().to_dict() == README_BY_TYPE


def test_bank_february_split_by_type_counts_each_type_without_phantoms(bank_by_type,
                                                                        bank_calls_raw):
    raw = bank_calls_raw[bank_calls_raw["outcome"] != "PHANTOM"]
    want = raw["type"].value_counts()
    assert list(bank_by_type) == sorted(README_BY_TYPE)
    feb = pd.date_range("1999-02-01", "1999-02-28", freq="D")
    for q, h in bank_by_type.items():
        assert h.form == "contacts"
        assert len(h.contacts) == want[q] and h.daily.sum() == want[q], q
        per_day = raw[raw["type"] == q].groupby("date").size()
        per_day.index = pd.DatetimeIndex(per_day.index)
        assert h.daily.index.equals(feb), q
        np.testing.assert_array_equal(h.daily.to_numpy(),
                                      per_day.reindex(feb, fill_value=0).to_numpy())
    # the PHANTOM records, one day's worth of each type, are what the README's counts add
    phantoms = bank_calls_raw[bank_calls_raw["outcome"] == "PHANTOM"]["type"].value_counts()
    for q, n in README_BY_TYPE.items():
        assert bank_by_type[q].daily.sum() + phantoms.get(q, 0) == n


def test_bank_types_add_up_to_the_whole_file(bank_by_type, bank_calls_history):
    total = total_history(bank_by_type)
    pd.testing.assert_series_equal(total.daily, bank_calls_history.daily, check_freq=False)
    whole = bank_calls_history.intervals
    np.testing.assert_array_equal(total.intervals["volume"].reindex(whole.index).to_numpy(),
                                  whole["volume"].to_numpy())
    np.testing.assert_array_equal(total.intervals["handled"].reindex(whole.index).to_numpy(),
                                  whole["handled"].to_numpy())
    np.testing.assert_allclose(total.intervals["aht_seconds"].reindex(whole.index).to_numpy(),
                               whole["aht_seconds"].to_numpy(), rtol=1e-12)


def test_bank_type_jobs_use_the_examples_queue_tables(bank_by_type, bank_types_config):
    got = jobs(bank_by_type, bank_types_config, days=7)
    assert got["NE"].config.service["goal"] == 0.90
    assert got["NE"].config.service["answer_seconds"] == 15
    assert got["NE"].config.service["aht_seconds"] == 180  # the centre's, not the default
    assert got["IN"].config.centre["hours"]["default"] == ["08:00", "20:00"]
    assert got["PS"].config is bank_types_config
