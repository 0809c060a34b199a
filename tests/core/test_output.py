"""Atomic output: all files or none, inputs never overwritten."""

from __future__ import annotations

import os
import stat

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from wfm.core.output import csv_writer, figure_writer, write_all

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
