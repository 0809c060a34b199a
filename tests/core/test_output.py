"""Whole output folders: all files or none, stopped runs leave nothing behind, one run
at a time per folder, earlier runs' files named or cleaned, inputs never overwritten."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from wfm.core.errors import InputError
from wfm.core.output import (
    as_parquet,
    check_outputs,
    csv_writer,
    figure_writer,
    leftovers,
    release,
    write_all,
)

FRAME = pd.DataFrame({"date": pd.to_datetime(["2024-01-01", "2024-01-02"]),
                      "volume": [1.23456, 2.0], "model": ["ets", "ets"]})


def _boom(path):
    path.write_text("half written")
    raise RuntimeError("disk full")


def test_writes_csv_and_png(tmp_path):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    written = write_all(tmp_path / "out", {"a.csv": csv_writer(FRAME),
                                           "b.png": figure_writer(fig)})
    plt.close(fig)
    assert written == [tmp_path / "out" / "a.csv", tmp_path / "out" / "b.png"]
    assert (tmp_path / "out" / "a.csv").read_text() == (
        "date,volume,model\n2024-01-01,1.235,ets\n2024-01-02,2.000,ets\n")
    assert (tmp_path / "out" / "b.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.csv", "b.png"]


def test_a_failing_writer_leaves_no_files(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.csv").write_text("old forecast\n")
    with pytest.raises(RuntimeError, match="disk full"):
        write_all(out, {"a.csv": csv_writer(FRAME), "b.csv": _boom, "c.csv": csv_writer(FRAME)})
    assert sorted(p.name for p in out.iterdir()) == ["a.csv"]  # no temp files, no b or c
    assert (out / "a.csv").read_text() == "old forecast\n"  # the old file is untouched


def test_a_failing_writer_does_not_leave_a_new_folder(tmp_path):
    out = tmp_path / "new" / "out"
    with pytest.raises(RuntimeError):
        write_all(out, {"a.csv": csv_writer(FRAME), "b.csv": _boom})
    assert not out.exists(), f"failed run left {out} behind"
    assert not (tmp_path / "new").exists()


def test_refuses_to_overwrite_an_input(tmp_path):
    history = tmp_path / "forecast_daily.csv"
    history.write_bytes(b"date,volume\n2024-01-01,5\n")
    with pytest.raises(ValueError, match="refusing to overwrite"):
        write_all(tmp_path, {"other.csv": csv_writer(FRAME),
                             "forecast_daily.csv": csv_writer(FRAME)}, protect=(history,))
    assert history.read_bytes() == b"date,volume\n2024-01-01,5\n"
    assert not (tmp_path / "other.csv").exists()  # checked before anything is written


def test_protection_sees_through_relative_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "h.csv").write_text("x\n")
    with pytest.raises(ValueError):
        write_all("sub/..", {"h.csv": csv_writer(FRAME)}, protect=("h.csv",))
    assert (tmp_path / "h.csv").read_text() == "x\n"


def test_written_files_get_normal_permissions(tmp_path):
    # outputs are imported by HR systems and read by colleagues: they should get the same
    # permissions as any file the user creates (0666 minus the umask), not the 0600 of a
    # temporary file
    old = os.umask(0o022)
    try:
        write_all(tmp_path, {"a.csv": csv_writer(FRAME)})
    finally:
        os.umask(old)
    mode = stat.S_IMODE((tmp_path / "a.csv").stat().st_mode)
    assert mode == 0o644, oct(mode)


def test_a_run_stopped_while_writing_leaves_the_folder_as_it_was(tmp_path):
    # Ctrl-C while the third file is written: the old folder is intact, no new file
    # and no temporary folder is left anywhere
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.csv").write_text("old forecast\n")

    def stopped(path):
        path.write_text("half written")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_all(out, {"a.csv": csv_writer(FRAME), "b.csv": csv_writer(FRAME),
                        "c.csv": stopped})
    assert [p.name for p in tmp_path.rglob("*")] == ["out", "a.csv"]
    assert (out / "a.csv").read_text() == "old forecast\n"


def test_files_an_earlier_run_left_are_named_and_removed_only_when_asked(tmp_path):
    out = tmp_path / "plan"
    out.mkdir()
    (out / "roster_long.csv").write_text("an earlier roster\n")
    (out / "a.csv").write_text("an earlier forecast\n")
    written = write_all(out, {"a.csv": csv_writer(FRAME)})
    assert leftovers(out, written) == [out / "roster_long.csv"]
    written = write_all(out, {"a.csv": csv_writer(FRAME)}, clean=True)
    assert sorted(p.name for p in out.iterdir()) == ["a.csv"] and leftovers(out, written) == []


HOLD = """import sys, time
from wfm.core.output import check_outputs
check_outputs(sys.argv[1], ["a.csv"])
print("held", flush=True)
time.sleep(60)
"""


def test_a_second_run_into_a_folder_in_use_is_refused(tmp_path):
    out = tmp_path / "out"
    other = subprocess.Popen([sys.executable, "-c", HOLD, str(out)], stdout=subprocess.PIPE,
                             text=True)
    try:
        assert other.stdout.readline().strip() == "held"
        with pytest.raises(InputError, match="another wfm run is writing this folder"):
            check_outputs(out, ["a.csv"])
        assert not out.exists()
    finally:
        other.kill()
        other.wait()
    check_outputs(out, ["a.csv"])  # the first run has ended: the folder is free again
    release(out)


def test_an_unwritable_out_is_found_before_any_work(tmp_path):
    # a folder without write permission, or, for root (who may write there), /sys, a
    # kernel file system nobody may create files in
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    where = locked if os.geteuid() != 0 else Path("/sys")
    try:
        with pytest.raises(InputError, match="--out cannot be written here"):
            check_outputs(where / "plan" / "out", ["a.csv"])
    finally:
        locked.chmod(0o755)


def test_tables_as_parquet_keep_their_rows_one_type_to_a_column(tmp_path):
    # a summary's value column mixes numbers and text (its warnings); times written as
    # text come back as times, blanks as missing; charts keep their names
    summary = pd.DataFrame({"kpi": ["paid_hours", "warnings", "status"],
                            "value": [10276.0, "", "FEASIBLE"]})
    times = pd.DataFrame({"interval_start": ["2026-12-01T08:00", "2026-12-01T08:30"],
                          "day": ["2026-12-01", ""], "code": ["E1", "E2"], "n": [1, 2],
                          "start_utc": ["2026-12-01T14:00:00Z", "2026-12-01T14:30:00Z"]})
    fig = plt.figure()
    files = as_parquet({"summary.csv": csv_writer(summary), "t.csv": csv_writer(times),
                        "chart.png": figure_writer(fig)})
    assert sorted(files) == ["chart.png", "summary.parquet", "t.parquet"]
    write_all(tmp_path, files)
    plt.close(fig)
    back = pd.read_parquet(tmp_path / "summary.parquet")
    assert back["value"].tolist() == ["10276.000", "", "FEASIBLE"]  # as the CSV writes it
    t = pd.read_parquet(tmp_path / "t.parquet")
    assert t["interval_start"].tolist() == [pd.Timestamp("2026-12-01 08:00"),
                                            pd.Timestamp("2026-12-01 08:30")]
    assert t["day"].iloc[0] == pd.Timestamp("2026-12-01") and pd.isna(t["day"].iloc[1])
    assert t["code"].tolist() == ["E1", "E2"] and t["n"].tolist() == [1, 2]
    assert t["start_utc"].iloc[1] == pd.Timestamp("2026-12-01 14:30", tz="UTC")
