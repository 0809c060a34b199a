"""Which forecast frames go into which file: the names, each CSV's columns and values read
back after `write_all`, the backtest table's chosen row, and with queues the `queue`
column, the roll-ups across queues and queues.csv."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import wfm
from wfm.core.calendar import calendar_from_config
from wfm.core.config import parse_config
from wfm.core.output import write_all
from wfm.forecast.files import FORECAST_FILES, QUEUE_FILES, forecast_files, queue_forecast_files
from wfm.forecast.pipeline import run_forecast
from wfm.forecast.queues import TOTAL_MODEL

PNG = b"\x89PNG\r\n\x1a\n"
STAMP = r"^\d{4}-\d\d-\d\dT\d\d:\d\d[+-]\d\d:\d\d$"  # local time and UTC offset
CONFIG = parse_config({"centre": {"name": "Test centre", "hours": {"default": ["06:00", "22:00"]}},
                       "forecast": {"models": ["seasonal_naive", "regression"]}})
DAILY = ["date", "volume", "lo", "hi", "lo_95", "hi_95", "model"]
MONTHLY = ["month", "volume", "lo", "hi", "days", "forecast_days", "index", "season", "model"]
INTERVALS = ["interval_start", "volume", "lo", "hi", "lo_95", "hi_95", "aht_seconds", "model"]


def _history(synth, days: int, seed: int, scale: float = 1.0):
    f = synth.intervals(start="2024-01-01", days=days, seed=seed).reset_index()
    f["interval_start"] = f["interval_start"].dt.strftime("%Y-%m-%dT%H:%M")
    f["volume"] = np.round(f["volume"] * scale)
    f["aht_seconds"] = 300.0 + 20 * seed
    return wfm.load_history(f.drop(columns="handled"), CONFIG)


def _forecast(hist):
    return run_forecast(hist, CONFIG, calendar_from_config(CONFIG), days=7)


@pytest.fixture(scope="module")
def queues(synth):
    """Two queues, 14 weeks each (long enough for a backtest), forecast 7 days."""
    hists = {"billing": _history(synth, 98, 1), "sales": _history(synth, 98, 2, scale=0.5)}
    return hists, {q: _forecast(h) for q, h in hists.items()}


@pytest.fixture(scope="module")
def one(queues, tmp_path_factory):
    hists, results = queues
    out = tmp_path_factory.mktemp("one")
    files = forecast_files(results["billing"], hists["billing"], CONFIG)
    written = write_all(out, files)
    return files, written, out, results["billing"]


@pytest.fixture(scope="module")
def many(queues, tmp_path_factory):
    hists, results = queues
    out = tmp_path_factory.mktemp("many")
    files = queue_forecast_files(results, hists, CONFIG)
    write_all(out, files)
    return files, out, results


def _read(path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=True)


# --- one queue --------------------------------------------------------------------------------

def test_one_queue_writes_the_forecast_files_in_order(one):
    files, written, out, _ = one
    assert tuple(files) == FORECAST_FILES
    assert [p.name for p in written] == list(FORECAST_FILES)
    assert sorted(p.name for p in out.iterdir()) == sorted(FORECAST_FILES)


def test_the_daily_file_is_the_daily_frame(one):
    *_, out, result = one
    daily = _read(out / "forecast_daily.csv")
    assert list(daily.columns) == DAILY
    assert list(daily["date"]) == list(result.daily["date"].dt.strftime("%Y-%m-%d"))
    np.testing.assert_allclose(daily["volume"], result.daily["volume"], atol=5e-4)
    np.testing.assert_allclose(daily["hi_95"], result.daily["hi_95"], atol=5e-4)


def test_the_monthly_file_is_the_monthly_frame(one):
    *_, out, result = one
    months = _read(out / "forecast_monthly.csv")
    assert list(months.columns) == MONTHLY
    assert len(months) == 12
    assert list(months["month"]) == list(result.monthly["month"])
    assert list(months["season"]) == list(result.monthly["season"])


def test_the_interval_file_has_local_times_to_the_minute(one):
    *_, out, result = one
    intervals = _read(out / "forecast_intervals.csv")
    assert list(intervals.columns) == INTERVALS
    assert intervals["interval_start"].str.match(STAMP).all()
    assert list(intervals["interval_start"]) == list(
        result.intervals["interval_start"].dt.strftime("%Y-%m-%dT%H:%M+00:00"))
    assert intervals["volume"].sum() == pytest.approx(result.daily["volume"].sum(), abs=0.5)
    assert set(intervals["aht_seconds"]) == {320.0}  # the history's handle time


def test_holiday_effects_and_backtest_tables(one):
    *_, out, result = one
    effects = _read(out / "holiday_effects.csv")
    assert list(effects.columns) == list(result.effects.table().columns)
    scores = _read(out / "backtest.csv")
    assert list(scores.columns[:2]) == ["model", "chosen"]
    assert "fit_seconds" not in scores  # no run time in a file: the same inputs, the same file
    assert list(scores["model"]) == list(result.backtest.scores.index)
    assert scores["chosen"].sum() == 1
    assert scores.loc[scores["chosen"], "model"].item() == result.backtest.chosen_name
    np.testing.assert_allclose(scores["mase"], result.backtest.scores["mase"], atol=5e-5)


def test_the_charts_are_pngs(one):
    out = one[2]
    for name in ("forecast.png", "seasons.png"):
        data = (out / name).read_bytes()
        assert data[:8] == PNG and len(data) > 10_000, name


def test_without_a_backtest_there_is_no_backtest_file(synth):
    hist = _history(synth, 42, 3)
    result = _forecast(hist)
    assert result.backtest is None
    files = forecast_files(result, hist, CONFIG)
    assert tuple(files) == tuple(n for n in FORECAST_FILES if n != "backtest.csv")


# --- many queues ------------------------------------------------------------------------------

def test_queues_write_the_same_files_plus_the_roll_ups(many):
    files, out, _ = many
    assert set(files) == set(FORECAST_FILES) | set(QUEUE_FILES)
    assert sorted(p.name for p in out.iterdir()) == sorted(files)


@pytest.mark.parametrize(("name", "columns"), [("forecast_daily.csv", DAILY),
                                               ("forecast_monthly.csv", MONTHLY),
                                               ("forecast_intervals.csv", INTERVALS)])
def test_each_queue_file_has_the_queue_column_in_front_and_every_queue(many, name, columns):
    _, out, results = many
    frame = _read(out / name)
    assert list(frame.columns) == ["queue", *columns]
    assert list(frame["queue"].unique()) == ["billing", "sales"]
    attr = name.removeprefix("forecast_").removesuffix(".csv")
    for q, result in results.items():
        np.testing.assert_allclose(frame.loc[frame["queue"] == q, "volume"],
                                   getattr(result, attr)["volume"], atol=5e-4)


def test_the_daily_total_adds_up_the_queues(many):
    _, out, results = many
    total = _read(out / "forecast_daily_total.csv")
    assert list(total.columns) == [*DAILY[:-1], "queues", "model"]
    want = results["billing"].daily["volume"] + results["sales"].daily["volume"]
    np.testing.assert_allclose(total["volume"], want, atol=1e-3)
    want_hi = results["billing"].daily["hi"] + results["sales"].daily["hi"]
    np.testing.assert_allclose(total["hi"], want_hi, atol=1e-3)
    assert (total["queues"] == 2).all() and (total["model"] == TOTAL_MODEL).all()


def test_the_interval_total_weights_handle_time_by_volume(many):
    _, out, results = many
    total = _read(out / "forecast_intervals_total.csv")
    assert total["interval_start"].str.match(STAMP).all()
    a, b = results["billing"].intervals, results["sales"].intervals
    np.testing.assert_allclose(total["volume"], a["volume"] + b["volume"], atol=1e-3)
    busy = (a["volume"] + b["volume"]).to_numpy() > 0
    want = (a["volume"] * a["aht_seconds"] + b["volume"] * b["aht_seconds"]) / (
        a["volume"] + b["volume"])
    np.testing.assert_allclose(total.loc[busy, "aht_seconds"], want[busy], atol=0.05)
    assert total.loc[~busy, "aht_seconds"].isna().all()


def test_the_monthly_total_is_flagged_again_on_the_sum(many):
    _, out, results = many
    total = _read(out / "forecast_monthly_total.csv")
    assert list(total.columns) == MONTHLY
    want = results["billing"].monthly["volume"] + results["sales"].monthly["volume"]
    np.testing.assert_allclose(total["volume"], want, atol=1e-3)
    per_day = total["volume"] / total["days"]
    np.testing.assert_allclose(total["index"], per_day / per_day.mean(), atol=5e-4)


def test_queues_csv_has_a_row_per_queue_with_its_share(many):
    _, out, results = many
    table = _read(out / "queues.csv")
    assert list(table["queue"]) == ["billing", "sales"]
    assert table["share"].sum() == pytest.approx(1.0, abs=1e-3)
    for row in table.itertuples():
        assert row.forecast_volume == pytest.approx(results[row.queue].daily["volume"].sum(),
                                                    abs=1e-3)
        assert row.model == results[row.queue].daily["model"].iloc[0]
    # the large queue has about twice the small one's share
    assert table["share"].iloc[0] == pytest.approx(2 / 3, abs=0.03)


def test_the_backtest_file_stacks_the_queues_scores(many):
    _, out, results = many
    scores = _read(out / "backtest.csv")
    assert list(scores.columns[:3]) == ["queue", "model", "chosen"]
    for q, result in results.items():
        mine = scores[scores["queue"] == q]
        assert mine.loc[mine["chosen"], "model"].item() == result.backtest.chosen_name


def test_the_daily_forecast_in_statsforecasts_long_layout():
    import pandas as pd

    from wfm.forecast.files import statsforecast_layout

    daily = pd.DataFrame({"queue": ["a", "b"], "date": ["2026-12-01", "2026-12-01"],
                          "volume": [10.0, 20.0], "lo": [8.0, 17.0], "hi": [12.0, 23.0],
                          "lo_95": [7.0, 15.0], "hi_95": [13.0, 25.0], "model": "ets"})
    long = statsforecast_layout(daily, [80, 95])
    assert list(long.columns) == ["unique_id", "ds", "wfm", "wfm-lo-80", "wfm-hi-80",
                                  "wfm-lo-95", "wfm-hi-95"]
    assert long["unique_id"].tolist() == ["a", "b"] and long["wfm"].tolist() == [10, 20]
    one = statsforecast_layout(daily.drop(columns="queue"), [80, 95])
    assert set(one["unique_id"]) == {"total"}
