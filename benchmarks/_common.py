"""Shared helpers for the benchmark scripts: paths, the Bank 1999 data, peers, tables.

Not a benchmark itself. The real data is read from `../shared/data` beside the repository
(never copied into it); the statsforecast peers come from the optional `bench` extra.
"""

from __future__ import annotations

import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from wfm.core.calendar import Calendar, calendar_from_config
from wfm.core.config import Config, load_config
from wfm.forecast.history import History, load_history

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
BANK_DIR = SHARED_DATA / "bank_calls_1999"
BANK_6MIN = BANK_DIR / "arrivals_6min_1999.csv.gz"
BANK_CONFIG = REPO / "examples" / "bank_1999.toml"

PEER_NAMES = ("SeasonalNaive", "AutoETS", "AutoARIMA", "MSTL", "AutoTheta")
SEASON = 7


# -- data ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Bank:
    """The Bank 1999 6-minute file read through wfm's own intake, with its config."""

    config: Config
    calendar: Calendar
    history: History


def load_bank() -> Bank:
    """Load the whole year of 6-minute counts with examples/bank_1999.toml (30-min grid)."""
    if not BANK_6MIN.is_file():
        sys.exit(f"error: real data not found at {BANK_6MIN} (expected ../shared/data "
                 "beside the repository)")
    config = load_config(BANK_CONFIG)
    calendar = calendar_from_config(config)
    history = load_history(BANK_6MIN, config)
    return Bank(config=config, calendar=calendar, history=history)


# -- statsforecast peers --------------------------------------------------------------------
def _statsforecast_models() -> Any:
    try:
        from statsforecast import models
    except ImportError:
        sys.exit("error: statsforecast is not installed; run `pip install -e \".[bench]\"` "
                 "(or `make bench`)")
    return models


def peer_model(name: str) -> Any:
    """A fresh statsforecast model with a weekly season (statsforecast's defaults otherwise)."""
    m = _statsforecast_models()
    factories: dict[str, Callable[[], Any]] = {
        "SeasonalNaive": lambda: m.SeasonalNaive(season_length=SEASON),
        "AutoETS": lambda: m.AutoETS(season_length=SEASON),
        "AutoARIMA": lambda: m.AutoARIMA(season_length=SEASON),
        "MSTL": lambda: m.MSTL(season_length=SEASON),
        "AutoTheta": lambda: m.AutoTheta(season_length=SEASON),
    }
    return factories[name]()


@dataclass(frozen=True)
class PeerRun:
    """One peer forecast: mean, 80% bounds (NaN if the model gives none) and fit seconds."""

    mean: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    seconds: float


def peer_forecast(name: str, y: np.ndarray, h: int, level: int = 80) -> PeerRun:
    """Fit `name` on the complete series `y` and forecast `h` steps, timed."""
    if np.isnan(y).any():
        raise ValueError(f"{name}: the training series has gaps; fill them first")
    model = peer_model(name)
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = model.forecast(y=np.asarray(y, dtype=float), h=h, level=[level])
    seconds = time.perf_counter() - started
    nan = np.full(h, np.nan)
    return PeerRun(mean=np.asarray(out["mean"], dtype=float),
                   lo=np.asarray(out.get(f"lo-{level}", nan), dtype=float),
                   hi=np.asarray(out.get(f"hi-{level}", nan), dtype=float),
                   seconds=seconds)


def warm_up_peers() -> float:
    """Run every peer once on a short series so numba compilation is not counted as fit time."""
    started = time.perf_counter()
    rng = np.random.default_rng(0)
    y = 100 + 20 * np.tile([1.0, 0.9, 0.95, 1.0, 1.1, 0.4, 0.2], 12) + rng.normal(0, 3, 84)
    for name in PEER_NAMES:
        peer_forecast(name, y, 7)
    return time.perf_counter() - started


# -- metrics --------------------------------------------------------------------------------
def wape(actual: np.ndarray, forecast: np.ndarray) -> float:
    """Sum of absolute errors over the sum of actuals."""
    a = np.asarray(actual, dtype=float)
    p = np.asarray(forecast, dtype=float)
    total = a.sum()
    return float(np.abs(a - p).sum() / total) if total > 0 else float("nan")


# -- output ---------------------------------------------------------------------------------
def fmt(value: Any, spec: str = ".3f") -> str:
    """A number formatted with `spec`, '-' for NaN/None, text as is."""
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if isinstance(value, float | np.floating) and not np.isfinite(value):
        return "-"
    return format(value, spec)


def table(header: Sequence[str], rows: Sequence[Sequence[Any]],
          specs: Sequence[str] | None = None) -> str:
    """A plain-text table: first column left-aligned, the rest right-aligned."""
    specs = list(specs) if specs is not None else [".3f"] * len(header)
    cells = [[fmt(v, specs[i] if i < len(specs) else ".3f") for i, v in enumerate(r)]
             for r in rows]
    widths = [max(len(str(h)), *(len(c[i]) for c in cells)) if cells else len(str(h))
              for i, h in enumerate(header)]

    def line(values: Sequence[str]) -> str:
        parts = [str(v).ljust(widths[0]) if i == 0 else str(v).rjust(widths[i])
                 for i, v in enumerate(values)]
        return "  ".join(parts).rstrip()

    out = [line(header), line(["-" * w for w in widths])]
    out += [line(c) for c in cells]
    return "\n".join(out)


def section(title: str) -> None:
    print()
    print(title)
    print("=" * len(title))


class Targets:
    """Collects PASS/FAIL lines; `exit()` ends the script with 1 if any target was missed."""

    def __init__(self) -> None:
        self.results: list[tuple[str, bool, str]] = []

    def check(self, name: str, ok: bool, detail: str) -> bool:
        self.results.append((name, bool(ok), detail))
        return bool(ok)

    def report_and_exit(self) -> None:
        section("Targets")
        for name, ok, detail in self.results:
            print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}")
        failed = sum(not ok for _, ok, _ in self.results)
        print()
        print(f"{len(self.results) - failed}/{len(self.results)} targets met")
        sys.exit(1 if failed else 0)


def elapsed(started: float) -> str:
    return f"{time.perf_counter() - started:.1f} s"
