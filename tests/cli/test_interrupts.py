"""Runs a planner can trust: Ctrl-C and SIGTERM during the roster's solve stop `wfm roster`
(and `wfm plan` in its roster stage, and a forecast of several queues in local processes
or on Dask) within seconds with exit 130 / 143 and leave --out
byte for byte as it was; the same inputs, seed and options give the same roster files,
byte for byte (slow)."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import locations
import numpy as np
import pandas as pd
import pytest

DATA = locations.REPO / "data"
MONTH = "2027-02"  # four whole weeks, Monday to Sunday
RUN_CLI = "import sys; from wfm.cli import main; sys.argv[0] = 'wfm'; main()"


def _requirements(path: Path) -> Path:
    """February 2027 for a team of 24 from the sample: 2 to 8 people from 08:00 to 20:00
    on weekdays and 09:00 to 17:00 on Saturdays, rising to a midday peak."""
    index = pd.date_range("2027-02-01", "2027-02-28 23:30", freq="30min")
    minute = np.asarray(index.hour * 60 + index.minute)
    weekday = np.asarray(index.day_of_week)
    open_ = ((weekday < 5) & (minute >= 480) & (minute < 1200)) | \
        ((weekday == 5) & (minute >= 540) & (minute < 1020))
    peak = np.sin(np.pi * (minute - 480) / 720).clip(0, None)
    staff = np.where(open_, np.round(2 + 6 * peak), 0)
    pd.DataFrame({"interval_start": index.strftime("%Y-%m-%dT%H:%M"),
                  "volume": staff * 5.0, "aht_seconds": 300.0, "agents": staff,
                  "staff": staff, "service_level": 0.8, "asa_seconds": 10.0,
                  "occupancy": 0.7}).to_csv(path, index=False)
    return path


def _team(path: Path, size: int = 24) -> Path:
    """The sample's first `size` employees (full- and part-timers)."""
    path.write_text("".join((DATA / "employees.csv").read_text().splitlines(True)[:size + 1]))
    return path


def _roster_args(tmp_path: Path, out: Path, time_limit: str) -> list[str]:
    return [sys.executable, "-c", RUN_CLI, "roster",
            "--requirements", str(_requirements(tmp_path / "requirements.csv")),
            "--employees", str(_team(tmp_path / "employees.csv")),
            "--config", str(DATA / "config.toml"), "--month", MONTH, "--out", str(out),
            "--time-limit", time_limit]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _plan_args(tmp_path: Path, out: Path) -> list[str]:
    """`wfm plan` on the sample's last twelve weeks (a quick forecast) for 24 people."""
    sample = pd.read_csv(DATA / "history.csv")
    start = pd.to_datetime(sample["interval_start"])
    history = tmp_path / "history.csv"
    sample[start >= start.max() - pd.Timedelta(days=83)].to_csv(history, index=False)
    return [sys.executable, "-c", RUN_CLI, "plan", "--config", str(DATA / "config.toml"),
            "--history", str(history), "--employees", str(_team(tmp_path / "employees.csv")),
            "--out", str(out), "--time-limit", "600"]


def _queue_forecast_args(tmp_path: Path, out: Path, scheduler: str) -> list[str]:
    """`wfm forecast` of four queues, each the sample's last year (several seconds of
    backtests each), in parallel."""
    sample = pd.read_csv(DATA / "history.csv")
    start = pd.to_datetime(sample["interval_start"])
    sample = sample[start >= start.max() - pd.Timedelta(days=364)]
    history = tmp_path / "queues.csv"
    pd.concat([sample.assign(queue=q) for q in "abcd"]).to_csv(history, index=False)
    return [sys.executable, "-c", RUN_CLI, "forecast", str(history),
            "--config", str(DATA / "config.toml"), "--days", "14", "--out", str(out),
            "--scheduler", scheduler, "--dask-workers", "2"]


def _interrupt_during_the_solve(tmp_path: Path, sig: int, command: str = "roster",
                                when: str = "plan costs") -> tuple[int, float, str]:
    """Start a long roster (or plan, or queue forecast) run into a folder an earlier run
    filled, send `sig` once stderr shows `when` (the roster's first solution); returns
    (exit status, seconds to stop, stderr)."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "roster_long.csv").write_text("an earlier run's roster\n")
    before = _snapshot(out)
    args = (_roster_args(tmp_path, out, "600") if command == "roster" else
            _plan_args(tmp_path, out) if command == "plan" else
            _queue_forecast_args(tmp_path, out, command))
    # Ctrl-C as a terminal delivers it: a shell that starts a job in the background (as CI
    # may) has SIGINT ignored, and the child would inherit that
    proc = subprocess.Popen(args, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    lines: list[str] = []
    solving = threading.Event()

    def read() -> None:
        for line in proc.stderr:
            lines.append(line)
            if when in line:
                solving.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert solving.wait(120), "".join(lines)
        if when != "plan costs":
            time.sleep(3)  # into the work itself
        sent = time.monotonic()
        proc.send_signal(sig)
        status = proc.wait(timeout=30)
        stopped = time.monotonic() - sent
    finally:
        proc.kill()
    reader.join(5)
    assert _snapshot(out) == before  # the earlier run's files, and no temporary ones
    return status, stopped, "".join(lines)


@pytest.mark.slow
@pytest.mark.parametrize("command", ["roster", "plan"])
def test_ctrl_c_during_the_roster_stops_it_within_seconds(tmp_path, command):
    status, stopped, err = _interrupt_during_the_solve(tmp_path, signal.SIGINT, command)
    assert status == 130 and stopped < 5, err
    assert err.rstrip().endswith("stopped (Ctrl-C): nothing was written")


@pytest.mark.slow
@pytest.mark.parametrize(("scheduler", "how"), [("processes", "in local processes"),
                                                ("local", "on Dask (local)")])
def test_ctrl_c_during_a_queue_forecast_stops_every_worker(tmp_path, scheduler, how):
    status, stopped, err = _interrupt_during_the_solve(
        tmp_path, signal.SIGINT, scheduler, when=f"forecast: 4 queues, {how}")
    assert status == 130 and stopped < 10, err
    assert err.rstrip().endswith("stopped (Ctrl-C): nothing was written")


@pytest.mark.slow
def test_sigterm_during_the_roster_stops_it_within_seconds(tmp_path):
    status, stopped, err = _interrupt_during_the_solve(tmp_path, signal.SIGTERM)
    assert status == 143 and stopped < 5, err
    assert err.rstrip().endswith("stopped (SIGTERM): nothing was written")


@pytest.mark.slow
def test_the_same_inputs_and_seed_give_the_same_roster_files(tmp_path):
    # a month the solver does not finish in its work limit (the search is cut, not
    # proved optimal): two runs still give the same files, byte for byte
    runs = []
    for name in ("first", "second"):
        out = tmp_path / name
        done = subprocess.run(_roster_args(tmp_path, out, "5"), capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        runs.append(_snapshot(out))
    assert runs[0].keys() == runs[1].keys() and "roster_long.csv" in runs[0]
    differ = [name for name in runs[0] if runs[0][name] != runs[1][name]]
    assert differ == []
