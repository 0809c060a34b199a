"""Many queues: `wfm forecast` with backtests on a history of 200 generated queues, serial
in one process against a local Dask cluster on the same machine, timed in one run.

The history is one CSV of daily counts with a `queue` column: 200 queues, two years each
(2024-2025), each with its own level (30 to 3,000 a day), weekly shape (closed or quiet
weekends), yearly amplitude and phase, trend and noise, from one seeded generator. The
command forecasts every queue 35 days ahead (backtests over 3 origins, models seasonal
naive, ETS and regression, chosen by MASE), writing the per-queue files and the roll-up.
It runs twice as a subprocess, `--scheduler serial` and `--scheduler local` (one
single-threaded worker process per core, cluster start included); both runs must write
identical files (the backtest table's fit times excepted).

Target (exit status 1 if missed): the Dask run at least 1.7x faster than serial on the
machine's cores (2 here), with identical results.

Run: python benchmarks/many_queues.py [--queues 200]   (about 8 minutes on 2 cores)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261201
CONFIG = """[centre]
name = "Many queues"
country = ""

[forecast]
models = ["seasonal_naive", "ets", "regression"]
origins = 3
"""
COMPARED = ("forecast_daily.csv", "forecast_monthly.csv", "forecast_intervals.csv",
            "forecast_daily_total.csv", "forecast_monthly_total.csv",
            "forecast_intervals_total.csv", "holiday_effects.csv", "queues.csv")


def generate(n_queues: int, seed: int = SEED) -> pd.DataFrame:
    """Daily counts (`queue`, `date`, `volume`) of `n_queues` queues of different level,
    seasonality and noise."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2024-01-01", "2025-12-31", freq="D")
    t = np.arange(len(days))
    parts = []
    for i in range(n_queues):
        level = float(np.exp(rng.uniform(np.log(30), np.log(3000))))
        weekend = rng.choice([0.0, 0.3, 0.6, 0.9])
        weekly = np.where(days.day_of_week >= 5, weekend, 1.0) * \
            (1 + rng.uniform(0, 0.15) * (days.day_of_week == 0))
        yearly = 1 + rng.uniform(0, 0.3) * np.sin(2 * np.pi * (t / 365.25 + rng.uniform()))
        trend = 1 + rng.uniform(-0.1, 0.2) * t / len(t)
        mean = level * weekly * yearly * trend * rng.lognormal(0, rng.uniform(0.03, 0.2),
                                                               len(t))
        parts.append(pd.DataFrame({"queue": f"queue-{i + 1:03d}",
                                   "date": days.strftime("%Y-%m-%d"),
                                   "volume": rng.poisson(np.maximum(mean, 0))}))
    return pd.concat(parts, ignore_index=True)


def run(folder: Path, scheduler: str, cores: int) -> float:
    """`wfm forecast` on the generated history; wall seconds."""
    wfm = Path(sys.executable).with_name("wfm")
    cmd = [str(wfm), "forecast", str(folder / "history.csv"), "--config",
           str(folder / "config.toml"), "--days", "35", "--scheduler", scheduler,
           "--dask-workers", str(cores), "--out", str(folder / scheduler)]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"wfm forecast --scheduler {scheduler} failed:\n{done.stderr}")
    print("  " + done.stdout.strip().replace("\n", "\n  "), flush=True)
    return seconds


def same_results(a: Path, b: Path) -> bool:
    """Every compared file byte-identical; the backtest table equal but for fit times."""
    same = all((a / f).read_bytes() == (b / f).read_bytes() for f in COMPARED)
    left, right = pd.read_csv(a / "backtest.csv"), pd.read_csv(b / "backtest.csv")
    return same and left.drop(columns="fit_seconds", errors="ignore").equals(
        right.drop(columns="fit_seconds", errors="ignore"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queues", type=int, default=200)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="wfm-many-queues-") as tmp:
        folder = Path(tmp)
        generate(args.queues).to_csv(folder / "history.csv", index=False)
        (folder / "config.toml").write_text(CONFIG, encoding="utf-8")
        print(f"wfm forecast: {args.queues} queues, two years of daily counts each, 35 days "
              f"ahead with backtests; {cores} cores")
        print("serial:")
        serial_s = run(folder, "serial", cores)
        print(f"dask, local cluster of {cores} worker processes:")
        dask_s = run(folder, "local", cores)
        same = same_results(folder / "serial", folder / "local")
    speedup = serial_s / dask_s
    print()
    print("run            wall s   queues/s")
    print("-------------  -------  --------")
    print(f"serial         {serial_s:7.1f}  {args.queues / serial_s:8.2f}")
    print(f"dask (local)   {dask_s:7.1f}  {args.queues / dask_s:8.2f}")
    print(f"speed-up {speedup:.2f}x; identical files for every queue and the roll-up: {same}")
    ok = speedup >= 1.7 and same
    print(f"{'PASS' if ok else 'FAIL'}  Dask >= 1.7x serial with identical results")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
