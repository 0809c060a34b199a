"""Forecast speed: `wfm forecast` end to end on three years of daily history, 35 days ahead.

Data: the bundled sample `data/history.csv` (interval counts, 2023-12-01 to 2026-11-30,
written by data/generate.py) summed per day into a `date,volume` CSV in a temp folder,
with `data/config.toml` (closed Sundays, US holidays, special days).

- wfm: `wfm forecast DAILY.csv --config data/config.toml --days 35 --out TMP`, timed with
  subprocess from process start to exit (imports, intake, the backtest of every model,
  model choice, the 35-day and 12-month forecasts, intervals, charts and files), twice.
- peer: statsforecast SeasonalNaive, AutoETS, AutoARIMA, MSTL and AutoTheta (weekly
  season), h=35, on the same daily series (closed Sundays as 0): once end to end in a
  fresh process (import, numba compilation, five fits) and once warm in this process
  (fit seconds per model). The peer only fits and forecasts; wfm also backtests.

Target (exit status 1 if missed): every `wfm forecast` run finishes, successfully, within
60 s on this machine (2 cores).

Run: python benchmarks/forecast_speed.py   (about 1-2 minutes)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from _common import PEER_NAMES, REPO, Targets, peer_forecast, section, table, warm_up_peers

HISTORY = REPO / "data" / "history.csv"
CONFIG = REPO / "data" / "config.toml"
DAYS = 35
LIMIT_SECONDS = 60.0
RUNS = 2


def daily_csv(history: Path, out: Path) -> pd.Series:
    """Sum the interval counts per day and write `date,volume`; days with no rows are left out."""
    frame = pd.read_csv(history, usecols=["interval_start", "volume"])
    daily = frame.assign(date=frame["interval_start"].str[:10]).groupby("date")["volume"].sum()
    daily.rename("volume").to_csv(out, index_label="date")
    return daily


def peer_series(path: Path) -> np.ndarray:
    """The daily CSV as a complete calendar series (days without rows, i.e. closed, as 0)."""
    frame = pd.read_csv(path, parse_dates=["date"]).set_index("date")["volume"]
    full = pd.date_range(frame.index[0], frame.index[-1], freq="D")
    return frame.reindex(full).fillna(0.0).to_numpy(dtype=float)


def peer_child(path: Path) -> None:
    """Entry point of the fresh statsforecast process: five fits, timings as JSON."""
    started = time.perf_counter()
    y = peer_series(path)
    from statsforecast import models  # noqa: F401  (import time is part of the run)

    imported = time.perf_counter() - started
    seconds = {name: peer_forecast(name, y, DAYS).seconds for name in PEER_NAMES}
    print(json.dumps({"import": imported, "fits": seconds}))


def wfm_command() -> list[str]:
    """The `wfm` console script of this interpreter's environment (or `python -m cli`)."""
    script = Path(sys.executable).parent / "wfm"
    if script.is_file():
        return [str(script)]
    found = shutil.which("wfm")
    return [found] if found else [sys.executable, "-m", "wfm.cli"]


def main() -> None:
    started = time.perf_counter()
    if not HISTORY.is_file():
        sys.exit(f"error: {HISTORY.relative_to(REPO)} not found; create it with "
                 "`python data/generate.py` (or `make sample`)")
    load = os.getloadavg()
    print("wfm forecast speed benchmark: three years of daily history, "
          f"{DAYS} days ahead")
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} "
          f"{load[2]:.2f} at start")
    targets = Targets()
    with tempfile.TemporaryDirectory(prefix="wfm-bench-") as tmp:
        tmpdir = Path(tmp)
        csv = tmpdir / "daily.csv"
        daily = daily_csv(HISTORY, csv)
        print(f"history: {HISTORY.relative_to(REPO)} summed to {len(daily)} daily rows, "
              f"{daily.index[0]} .. {daily.index[-1]} (closed days have no row)")

        # -- wfm, end to end ------------------------------------------------------------
        wfm_runs: list[float] = []
        ok_all = True
        for k in range(1, RUNS + 1):
            out = tmpdir / f"out{k}"
            cmd = [*wfm_command(), "forecast", str(csv), "--config", str(CONFIG),
                   "--days", str(DAYS), "--out", str(out)]
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
            wfm_runs.append(time.perf_counter() - t0)
            rows = 0
            if (out / "forecast_daily.csv").is_file():
                rows = len(pd.read_csv(out / "forecast_daily.csv"))
            ok = proc.returncode == 0 and rows == DAYS
            ok_all &= ok
            summary = [ln for ln in proc.stdout.splitlines() if ln.startswith(("forecast:",
                                                                               "backtest:"))]
            print(f"  wfm run {k}: {wfm_runs[-1]:.1f} s, exit {proc.returncode}, "
                  f"{rows} forecast days" + "".join(f"\n    {ln}" for ln in summary))
            if not ok:
                print(proc.stderr[-2000:])

        # -- statsforecast: fresh process, then warm in process -------------------------
        t0 = time.perf_counter()
        child = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--peer",
                                str(csv)], cwd=REPO, capture_output=True, text=True,
                               check=False)
        peer_cold = time.perf_counter() - t0
        if child.returncode != 0:
            sys.exit("error: the statsforecast run failed:\n" + child.stderr[-2000:])
        cold = json.loads(child.stdout.strip().splitlines()[-1])
        warm_up_peers()
        y = peer_series(csv)
        warm = {name: peer_forecast(name, y, DAYS).seconds for name in PEER_NAMES}

    section("Wall time, seconds")
    worst = max(wfm_runs)
    peer_warm = sum(warm.values())
    rows = [[f"wfm forecast (CLI), run {k}", s, s / peer_cold, s / peer_warm]
            for k, s in enumerate(wfm_runs, start=1)]
    rows.append(["statsforecast 5 models, fresh process", peer_cold, 1.0, None])
    rows.append(["statsforecast 5 models, warm (fits only)", peer_warm, None, 1.0])
    print(table(["run", "seconds", "x sf fresh", "x sf warm"], rows,
                ["", ".1f", ".2f", ".2f"]))
    print(f"fresh statsforecast process: {cold['import']:.1f} s to import; "
          f"wall time includes interpreter start and numba compilation")

    section("statsforecast fit seconds per model (h=35)")
    print(table(["model", "fresh process", "warm"],
                [[n, cold["fits"][n], warm[n]] for n in PEER_NAMES], ["", ".2f", ".2f"]))

    section("Ratio")
    print(f"wfm (slowest run) / statsforecast fresh process: {worst:.1f} / {peer_cold:.1f} "
          f"= {worst / peer_cold:.2f}")
    targets.check("wfm forecast runs succeed", ok_all,
                  f"exit 0 and {DAYS} forecast days on all {RUNS} runs")
    targets.check(f"wfm forecast under {LIMIT_SECONDS:.0f} s", worst < LIMIT_SECONDS,
                  f"slowest of {RUNS} runs {worst:.1f} s < {LIMIT_SECONDS:.0f} s "
                  f"(ratio to statsforecast {worst / peer_cold:.2f})")
    print(f"\ntotal run time {time.perf_counter() - started:.1f} s")
    targets.report_and_exit()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--peer":
        peer_child(Path(sys.argv[2]))
    else:
        main()
