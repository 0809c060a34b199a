"""`wfm forecast` and `wfm staff` on histories with a queue column: the files with a queue
column, the roll-ups, the same bytes serially and on Dask, and one-line errors naming the
queue and the file's row with nothing written."""

from __future__ import annotations

from pathlib import Path

import locations
import numpy as np
import pandas as pd
import pytest

EXAMPLES = locations.REPO / "examples"

QUEUES = ["a", "b", "c"]
DAYS = 300
HORIZON = 14
CONFIG = """
[centre]
name = "Three Lines"
[centre.hours]
default = ["08:00", "20:00"]

[service]
aht_seconds = 300

[forecast]
models = ["seasonal_naive", "ets"]

[queues.b.service]
goal = 0.9
aht_seconds = 420

[queues.c.centre.hours]
default = ["10:00", "14:00"]
"""
WEEKLY = np.array([1.2, 1.1, 1.0, 1.0, 0.9, 0.5, 0.3])
SAME_BYTES = ("forecast_daily.csv", "forecast_intervals.csv", "forecast_monthly.csv",
              "forecast_daily_total.csv", "forecast_monthly_total.csv",
              "forecast_intervals_total.csv", "holiday_effects.csv", "queues.csv")


def _daily_history(path: Path, queues: dict[str, tuple[float, int]], days: int = DAYS,
                   seed: int = 1) -> pd.DataFrame:
    """Daily counts `date,queue,volume`, by date then queue; queue -> (level, first day)."""
    rng = np.random.default_rng(seed)
    rows = []
    for d in pd.date_range("2023-01-02", periods=days, freq="D"):
        for q, (level, first) in queues.items():
            if (d - pd.Timestamp("2023-01-02")).days < first:
                continue
            rows.append((d.strftime("%Y-%m-%d"), q, int(rng.poisson(level * WEEKLY[d.weekday()]))))
    frame = pd.DataFrame(rows, columns=["date", "queue", "volume"])
    frame.to_csv(path, index=False)
    return frame


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli_queues")
    history = root / "history.csv"
    frame = _daily_history(history, {"a": (300.0, 0), "b": (120.0, 0), "c": (20.0, 0)})
    config = root / "config.toml"
    config.write_text(CONFIG)
    return root, history, config, frame


def _forecast_queues(cli, setup, folder: str, where: str, *scheduler: str):
    """The three-queue forecast into `folder` with the `--scheduler ...` options given;
    its progress must say it ran `where` (serially, on Dask, in local processes)."""
    root, history, config, _ = setup
    out = root / folder
    result = cli("forecast", history, "--config", config, "--days", HORIZON, *scheduler,
                 "--out", out)
    assert result.exit_code == 0, (result.stderr, result.exception)
    assert f"forecast: 3 queues, {where}" in result.stderr
    return out, result


@pytest.fixture(scope="module")
def serial(cli, setup):
    return _forecast_queues(cli, setup, "serial", "serially", "--scheduler", "serial")


@pytest.fixture(scope="module")
def on_dask(cli, setup):
    return _forecast_queues(cli, setup, "dask", "on Dask (local)", "--scheduler", "local",
                            "--dask-workers", "2")


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path)


@pytest.mark.slow
def test_a_pool_of_processes_writes_the_serial_bytes_without_dask(cli, setup, serial):
    out, _ = _forecast_queues(cli, setup, "processes", "in local processes", "--scheduler",
                              "processes", "--dask-workers", "2")
    for name in SAME_BYTES:
        assert (serial[0] / name).read_bytes() == (out / name).read_bytes(), name


@pytest.mark.slow
def test_serial_and_dask_write_the_same_bytes(serial, on_dask):
    for name in SAME_BYTES:
        assert (serial[0] / name).read_bytes() == (on_dask[0] / name).read_bytes(), name
    assert serial[1].stdout.replace(str(serial[0]), "OUT") == on_dask[1].stdout.replace(
        str(on_dask[0]), "OUT")


def test_forecast_files_have_the_queue_column_first_one_block_per_queue(serial):
    out, result = serial
    assert sorted(p.name for p in out.iterdir()) == sorted([
        "backtest.csv", "forecast.png", "forecast_daily.csv", "forecast_daily_total.csv",
        "forecast_intervals.csv", "forecast_intervals_total.csv", "forecast_monthly.csv",
        "forecast_monthly_total.csv", "holiday_effects.csv", "queues.csv", "seasons.png"])
    assert "wrote 11 files to" in result.stdout
    daily = _read(out / "forecast_daily.csv")
    assert list(daily.columns) == ["queue", "date", "volume", "lo", "hi", "lo_95", "hi_95",
                                   "model"]
    assert list(dict.fromkeys(daily["queue"])) == QUEUES
    assert daily.groupby("queue").size().tolist() == [HORIZON] * 3
    first = pd.Timestamp("2023-01-02") + pd.Timedelta(days=DAYS)
    assert set(daily["date"]) == {str((first + pd.Timedelta(days=i)).date())
                                  for i in range(HORIZON)}
    for name in ("forecast_monthly.csv", "forecast_intervals.csv", "holiday_effects.csv",
                 "backtest.csv"):
        assert _read(out / name).columns[0] == "queue", name
    backtest = _read(out / "backtest.csv")
    assert backtest.groupby("queue")["chosen"].sum().tolist() == [1, 1, 1]
    assert set(backtest["model"]) == {"seasonal_naive", "ets"}


def test_the_totals_add_up_the_queues(serial):
    out, _ = serial
    daily = _read(out / "forecast_daily.csv")
    total = _read(out / "forecast_daily_total.csv")
    sums = daily.groupby("date")[["volume", "lo", "hi", "lo_95", "hi_95"]].sum()
    for col in sums:
        np.testing.assert_allclose(total.set_index("date")[col], sums[col], atol=0.002)
    assert set(total["queues"]) == {3} and set(total["model"]) == {"sum of queues"}
    iv = _read(out / "forecast_intervals.csv")
    iv_total = _read(out / "forecast_intervals_total.csv").set_index("interval_start")
    work = (iv["volume"] * iv["aht_seconds"]).groupby(iv["interval_start"]).sum()
    vol = iv.groupby("interval_start")["volume"].sum()
    np.testing.assert_allclose(iv_total["volume"], vol, atol=0.002)
    busy = vol > 0
    np.testing.assert_allclose(iv_total.loc[busy, "aht_seconds"], (work / vol)[busy], atol=0.06)
    months = _read(out / "forecast_monthly.csv")
    m_total = _read(out / "forecast_monthly_total.csv").set_index("month")
    np.testing.assert_allclose(m_total["volume"], months.groupby("month")["volume"].sum(),
                               atol=0.002)


def test_each_queue_has_its_own_hours_and_aht_in_the_interval_forecast(serial):
    iv = _read(Path(serial[0]) / "forecast_intervals.csv")
    hour = pd.to_datetime(iv["interval_start"]).dt.hour
    c = iv["queue"] == "c"
    assert iv.loc[c & ((hour < 10) | (hour >= 14)), "volume"].eq(0).all()
    assert iv.loc[c & (hour >= 10) & (hour < 14), "volume"].gt(0).all()
    assert iv.loc[~c & ((hour < 8) | (hour >= 20)), "volume"].eq(0).all()
    assert set(iv.loc[iv["queue"] == "b", "aht_seconds"]) == {420.0}
    assert set(iv.loc[iv["queue"] == "a", "aht_seconds"]) == {300.0}
    daily = _read(Path(serial[0]) / "forecast_daily.csv")
    # each interval is written to 3 decimals: sums of hundreds of them drift by rounding
    np.testing.assert_allclose(iv.groupby("queue")["volume"].sum(),
                               daily.groupby("queue")["volume"].sum(), rtol=1e-4)


def test_queues_csv_summarises_each_queue(serial, setup):
    out, _ = serial
    frame = setup[3]
    table = _read(out / "queues.csv").set_index("queue")
    assert list(table.index) == QUEUES
    assert list(table.columns) == ["history_from", "history_to", "history_volume", "model",
                                   "mase", "wape", "forecast_volume", "share", "notes"]
    assert table["history_volume"].to_dict() == frame.groupby("queue")["volume"].sum().to_dict()
    assert set(table["history_from"]) == {"2023-01-02"}
    assert set(table["history_to"]) == {"2023-10-28"}
    daily = _read(out / "forecast_daily.csv")
    np.testing.assert_allclose(table["forecast_volume"],
                               daily.groupby("queue")["volume"].sum(), atol=0.02)
    assert table["share"].sum() == pytest.approx(1.0, abs=1e-3)
    backtest = _read(out / "backtest.csv")
    chosen = backtest[backtest["chosen"]].set_index("queue")
    assert table["model"].to_dict() == chosen["model"].to_dict()
    np.testing.assert_allclose(table["mase"], chosen["mase"], atol=1e-4)


def test_staff_on_a_multi_queue_forecast(cli, serial, setup, tmp_path):
    _, _, config, _ = setup
    target = tmp_path / "req" / "requirements.csv"
    result = cli("staff", Path(serial[0]) / "forecast_intervals.csv", "--config", config,
                 "--out", target)
    assert result.exit_code == 0, (result.stderr, result.exception)
    assert "3 queues, each for its own goal" in result.stdout
    req = _read(target)
    assert list(req.columns) == ["queue", "interval_start", "volume", "aht_seconds", "agents",
                                 "staff", "service_level", "asa_seconds", "occupancy"]
    assert list(dict.fromkeys(req["queue"])) == QUEUES
    assert len(req) == 3 * HORIZON * 48
    hour = pd.to_datetime(req["interval_start"]).dt.hour
    b = req[(req["queue"] == "b") & (req["volume"] > 0)]
    assert len(b) == HORIZON * 24 and (b["service_level"] >= 0.9).all()
    a = req[(req["queue"] == "a") & (req["volume"] > 0)]
    assert (a["service_level"] >= 0.8).all()
    c = req["queue"] == "c"
    assert req.loc[c & ((hour < 10) | (hour >= 14)), "agents"].eq(0).all()
    assert req.loc[c & (hour >= 10) & (hour < 14), "agents"].gt(0).all()
    total = _read(target.parent / "requirements_total.csv").set_index("interval_start")
    sums = req.groupby("interval_start")[["agents", "staff"]].sum()
    assert total["agents"].tolist() == sums["agents"].tolist()
    assert total["staff"].tolist() == sums["staff"].tolist()
    assert set(total["queues"]) == {3}
    assert (target.parent / "requirements.png").read_bytes()[:4] == b"\x89PNG"


# -- errors: one line naming the queue and the file's row, nothing written ------------------
def _bad_history(setup, tmp_path) -> tuple[Path, int]:
    frame = setup[3].copy()
    positions = np.flatnonzero((frame["queue"] == "b").to_numpy())
    frame["volume"] = frame["volume"].astype(str)
    frame.loc[positions[100], "volume"] = "-5"
    path = tmp_path / "bad.csv"
    frame.to_csv(path, index=False)
    return path, int(positions[100]) + 1


def test_a_bad_row_in_one_queue_fails_cleanly_naming_queue_and_row(cli, setup, tmp_path):
    path, row = _bad_history(setup, tmp_path)
    assert row == 3 * 100 + 2  # the file's row, not b's 101st
    out = tmp_path / "out"
    line = cli.fails_cleanly(["forecast", path, "--config", setup[2], "--scheduler", "serial",
                              "--out", out], [path, setup[2]], out)
    assert line == (f"error: {path}, row {row}, column 'volume': queue 'b': expected a "
                    "volume >= 0, got '-5'")


def test_a_bad_row_leaves_an_existing_out_folder_untouched(cli, setup, tmp_path):
    path, row = _bad_history(setup, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "forecast_daily.csv").write_text("old forecast\n")
    (out / "notes.txt").write_text("mine\n")
    result = cli("forecast", path, "--config", setup[2], "--scheduler", "serial", "--out", out)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {path}, row {row}, column 'volume': queue 'b': expected a volume >= 0, "
        "got '-5'"]
    assert sorted(p.name for p in out.iterdir()) == ["forecast_daily.csv", "notes.txt"]
    assert (out / "forecast_daily.csv").read_text() == "old forecast\n"
    assert (out / "notes.txt").read_text() == "mine\n"


def _fails_in_a_queue(cli, args: list, inputs: list[Path], out: Path) -> str:
    """Exit 2 with the error as the last line on stderr (after the per-queue progress
    lines), nothing written, inputs intact; returns the error line."""
    before = {p: p.read_bytes() for p in inputs}
    result = cli(*args, "--out", out)
    assert result.exit_code == 2, (result.exit_code, result.stderr, result.exception)
    lines = result.stderr.strip().splitlines()
    assert [x for x in lines if x.startswith("error:")] == lines[-1:], lines
    assert not out.exists()
    assert all(p.read_bytes() == b for p, b in before.items())
    return lines[-1]


def test_a_queue_too_short_to_forecast_fails_naming_it(cli, setup, tmp_path):
    path = tmp_path / "short.csv"
    _daily_history(path, {"big": (200.0, 0), "new": (30.0, 40)}, days=60)
    line = _fails_in_a_queue(cli, ["forecast", path, "--config", setup[2], "--scheduler",
                                   "serial"], [path], tmp_path / "out")
    assert line == (f"error: {path}: queue 'new': history has 20 open days with volume; a "
                    "forecast needs at least four weeks (28 open days)")


def test_a_queue_no_model_can_fit_fails_cleanly_naming_it(cli, setup, tmp_path):
    # One day of history, five months of gaps, then 100 days: the backtest's first origin
    # has fewer than 28 days before it, so no model can be fitted there. With one queue
    # that is a clean "error: ..." and exit 2; with queues it must be too, naming the queue.
    days = pd.date_range("2023-01-02", periods=251, freq="D")
    keep = [days[0], *days[151:]]
    rows = [f"{d.date()},{q},{100 + i % 7}" for i, d in enumerate(keep) for q in ("x", "y")]
    path = tmp_path / "gaps.csv"
    path.write_text("date,queue,volume\n" + "\n".join(rows) + "\n")
    single = tmp_path / "single.csv"
    single.write_text("date,volume\n" + "\n".join(
        f"{d.date()},{100 + i % 7}" for i, d in enumerate(keep)) + "\n")
    line = _fails_in_a_queue(cli, ["forecast", single, "--config", setup[2], "--days", "7"],
                             [single], tmp_path / "out")
    assert line == "error: no model could be fitted on this history"
    line = _fails_in_a_queue(cli, ["forecast", path, "--config", setup[2], "--days", "7",
                                   "--scheduler", "serial"], [path], tmp_path / "out")
    assert line == "error: queue 'x': no model could be fitted on this history"


# -- real data: the bank's February by service type -----------------------------------------
def test_bank_february_by_type(cli, bank_calls, bank_calls_raw, tmp_path):
    out = tmp_path / "bank_types"
    result = cli("forecast", bank_calls, "--config", EXAMPLES / "bank_1999_types.toml",
                 "--days", "7", "--scheduler", "serial", "--out", out)
    assert result.exit_code == 0, (result.stderr, result.exception)
    table = _read(out / "queues.csv").set_index("queue")
    want = bank_calls_raw[bank_calls_raw["outcome"] != "PHANTOM"]["type"].value_counts()
    assert sorted(table.index) == sorted(want.index) == ["IN", "NE", "NW", "PE", "PS", "TT"]
    assert table["history_volume"].to_dict() == {q: float(n) for q, n in want.items()}
    assert table["history_volume"].sum() == 33_066
    assert set(table["history_from"]) == {"1999-02-01"}
    assert set(table["history_to"]) == {"1999-02-28"}
    daily = _read(out / "forecast_daily.csv")
    assert daily.groupby("queue").size().to_dict() == dict.fromkeys(want.index, 7)
    assert set(daily["date"]) == {f"1999-03-0{d}" for d in range(1, 8)}
    iv = _read(out / "forecast_intervals.csv")
    np.testing.assert_allclose(iv.groupby("queue")["volume"].sum(),
                               daily.groupby("queue")["volume"].sum(), atol=0.1)
    total = _read(out / "forecast_daily_total.csv")
    assert total["volume"].sum() == pytest.approx(daily["volume"].sum(), abs=0.05)
    assert table["forecast_volume"].sum() == pytest.approx(daily["volume"].sum(), abs=0.05)
