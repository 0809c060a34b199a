"""Many queues: the daily forecast with backtests for 200 generated queues, serial in one
process against a local Dask cluster on the same machine, timed in one run.

Each queue is two years of daily counts (2024-2025) with its own level (30 to 3,000 a
day), weekly shape (closed or quiet weekends), yearly amplitude and phase, trend and
noise, from one seeded generator. Each is forecast 35 days ahead by
`forecast.pipeline.run_forecast` (backtests over 3 origins, models seasonal naive, ETS and
regression, model choice by MASE), once through `run_by_queue` serially and once on a
`LocalCluster` with one single-threaded worker process per core. The two runs must give
identical daily forecasts for every queue.

Target (exit status 1 if missed): the Dask run at least 1.7x faster than serial on the
machine's cores (2 here), with identical results.

Run: python benchmarks/many_queues.py [--queues 200]   (about 12 minutes on 2 cores)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from forecast.calendar import calendar_from_config
from forecast.config import Config, parse_config
from forecast.fanout import LOCAL, run_by_queue
from forecast.history import History
from forecast.pipeline import run_forecast

SEED = 20261201
CONFIG = {"centre": {"country": ""},
          "forecast": {"models": ["seasonal_naive", "ets", "regression"], "origins": 3}}


def generate(n_queues: int, seed: int = SEED) -> dict[str, History]:
    """`n_queues` daily histories of different level, seasonality and noise."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2024-01-01", "2025-12-31", freq="D", name="date")
    t = np.arange(len(days))
    out = {}
    for i in range(n_queues):
        level = float(np.exp(rng.uniform(np.log(30), np.log(3000))))
        weekend = rng.choice([0.0, 0.3, 0.6, 0.9])
        weekly = np.where(days.day_of_week >= 5, weekend, 1.0) * \
            (1 + rng.uniform(0, 0.15) * (days.day_of_week == 0))
        yearly = 1 + rng.uniform(0, 0.3) * np.sin(2 * np.pi * (t / 365.25 + rng.uniform()))
        trend = 1 + rng.uniform(-0.1, 0.2) * t / len(t)
        mean = level * weekly * yearly * trend * rng.lognormal(0, rng.uniform(0.03, 0.2),
                                                               len(t))
        volume = rng.poisson(np.maximum(mean, 0)).astype(float)
        out[f"queue-{i + 1:03d}"] = History(
            source=f"generated queue {i + 1}", form="daily",
            daily=pd.Series(volume, index=days, name="volume"), intervals=None, contacts=None,
            native_minutes=1440)
    return out


def forecast_queue(history: History, config: Config) -> pd.DataFrame:
    """One queue's daily forecast (the backtests and model choice included)."""
    result = run_forecast(history, config, calendar_from_config(config), days=35)
    return result.daily


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queues", type=int, default=200)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    config = parse_config(CONFIG)
    queues = generate(args.queues)
    work = partial(forecast_queue, config=config)

    def tick(done: int, total: int, queue: str) -> None:
        if done % 20 == 0 or done == total:
            print(f"  {done:4d}/{total} {queue}", flush=True)

    print(f"{len(queues)} queues, two years of daily counts each, 35 days ahead with "
          f"backtests; {cores} cores")
    print("serial:")
    start = time.perf_counter()
    serial = run_by_queue(work, queues, progress=tick)
    serial_s = time.perf_counter() - start
    print(f"dask, local cluster of {cores} worker processes:")
    start = time.perf_counter()
    dask = run_by_queue(work, queues, scheduler=LOCAL, workers=cores, progress=tick)
    dask_s = time.perf_counter() - start
    same = list(serial) == list(dask) and all(serial[q].equals(dask[q]) for q in serial)
    speedup = serial_s / dask_s
    print()
    print("run            wall s   queues/s")
    print("-------------  -------  --------")
    print(f"serial         {serial_s:7.1f}  {len(queues) / serial_s:8.2f}")
    print(f"dask (local)   {dask_s:7.1f}  {len(queues) / dask_s:8.2f}")
    print(f"speed-up {speedup:.2f}x; identical daily forecasts for every queue: {same}")
    ok = speedup >= 1.7 and same
    print(f"{'PASS' if ok else 'FAIL'}  Dask >= 1.7x serial with identical results")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
