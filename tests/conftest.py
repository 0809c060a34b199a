"""Shared fixtures: where the real data and the bundled sample live, synthetic series and
calendars, a CLI runner that checks the "bad input" contract, and a tiny centre with every
file a KPI report reads (with `wfm report` run once on it).

Real data is read from ../shared/data beside the repository; tests that need it are
skipped (with the reason) when it is absent. The bundled sample in data/ is used when
present.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import locations
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from wfm.core.calendar import Calendar
from wfm.core.config import load_config

REPO = locations.REPO
BANK_DIR = locations.REPO.parent / "shared" / "data" / "bank_calls_1999"
SAMPLE_DIR = REPO / "data"
EXAMPLES = REPO / "examples"

# A weekly pattern, Monday first (pandas weekday 0 = Monday).
WEEKLY = np.array([1.25, 1.15, 1.05, 1.00, 0.90, 0.50, 0.35])


def pytest_collection_modifyitems(config, items):
    """Files holding slow tests run first (each keeps its own order): `make test` hands
    whole files to two processes as each gets free, so the long ones (a roster, the
    notebook) started last made one process finish alone, up to a minute and a half
    after the other."""
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow)


# -- real data -----------------------------------------------------------------------------
@pytest.fixture(scope="session")
def bank_dir() -> Path:
    needed = ("arrivals_6min_1999.csv.gz", "calls_1999-02.csv.gz")
    if not all((BANK_DIR / n).is_file() for n in needed):
        pytest.skip(f"real bank data not found in {BANK_DIR} (expected ../shared/data beside "
                    "the repository)")
    return BANK_DIR


@pytest.fixture(scope="session")
def bank_6min(bank_dir: Path) -> Path:
    return bank_dir / "arrivals_6min_1999.csv.gz"


@pytest.fixture(scope="session")
def bank_calls(bank_dir: Path) -> Path:
    return bank_dir / "calls_1999-02.csv.gz"


@pytest.fixture(scope="session")
def bank_6min_config():
    return load_config(EXAMPLES / "bank_1999.toml")


@pytest.fixture(scope="session")
def bank_calls_config():
    return load_config(EXAMPLES / "bank_1999_calls.toml")


@pytest.fixture(scope="session")
def bank_6min_history(bank_6min, bank_6min_config):
    from wfm.forecast.history import load_history

    return load_history(bank_6min, bank_6min_config)


@pytest.fixture(scope="session")
def bank_calls_history(bank_calls, bank_calls_config):
    from wfm.forecast.history import load_history

    return load_history(bank_calls, bank_calls_config)


@pytest.fixture(scope="session")
def bank_calls_raw(bank_calls) -> pd.DataFrame:
    """The raw February call file, read independently of the library."""
    return pd.read_csv(bank_calls, dtype={"customer_id": str, "server": str})


@pytest.fixture(scope="session")
def bank_6min_raw(bank_6min) -> pd.DataFrame:
    return pd.read_csv(bank_6min)


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    needed = ("config.toml", "history.csv", "special_days.csv")
    if not all((SAMPLE_DIR / n).is_file() for n in needed):
        pytest.skip(f"bundled sample not generated yet in {SAMPLE_DIR} (python data/generate.py)")
    return SAMPLE_DIR


# -- synthetic data ------------------------------------------------------------------------
@dataclass(frozen=True)
class FixedHolidays(Calendar):
    """A calendar whose public holidays are a fixed table of (date, name) pairs."""

    table: tuple[tuple[str, str], ...] = ()

    def holidays(self, start, end):
        lo, hi = pd.Timestamp(start), pd.Timestamp(end)
        return {pd.Timestamp(d): name for d, name in self.table
                if lo <= pd.Timestamp(d) <= hi}


class Synth:
    """Synthetic series and calendars with known answers."""

    WEEKLY = WEEKLY

    @staticmethod
    def calendar(open_days=range(7), hours=None, interval=30, holidays=(),
                 special_days=None) -> Calendar:
        hours = hours if hours is not None else {d: (0, 1440) for d in open_days}
        return FixedHolidays(open_weekdays=frozenset(open_days), hours=dict(hours),
                             interval_minutes=interval, special_days=dict(special_days or {}),
                             table=tuple(holidays))

    @staticmethod
    def daily(start="2023-01-02", days=182, level=1000.0, weekly=WEEKLY, trend=0.0,
              multipliers=None, noise=0.0, seed=0) -> pd.Series:
        """level * exp(trend * t) * weekly[weekday] * multiplier[date] (* lognormal noise)."""
        idx = pd.date_range(start, periods=days, freq="D")
        t = np.arange(days)
        v = level * np.exp(trend * t) * np.asarray(weekly)[idx.day_of_week]
        if multipliers:
            for d, m in multipliers.items():
                if pd.Timestamp(d) in idx:
                    v[idx.get_loc(pd.Timestamp(d))] *= m
        if noise:
            v = v * np.exp(np.random.default_rng(seed).normal(0, noise, days))
        return pd.Series(v, index=idx, name="volume").rename_axis("date")

    @staticmethod
    def intervals(start="2024-01-01", days=56, interval=30, seed=0, shape=None,
                  closed_weekdays=()) -> pd.DataFrame:
        """An interval frame like History.intervals: Poisson counts around a day shape."""
        slots = 1440 // interval
        if shape is None:
            x = np.arange(slots)
            shape = np.exp(-0.5 * ((x - slots * 0.45) / (slots * 0.12)) ** 2)
            shape[: slots // 4] = 0.0
        shape = np.asarray(shape, dtype=float) / np.sum(shape)
        rng = np.random.default_rng(seed)
        idx = pd.date_range(start, periods=days * slots, freq=f"{interval}min")
        days_idx = idx.normalize()
        level = 800.0 * WEEKLY[days_idx.day_of_week]
        lam = level * np.tile(shape, days)
        vol = rng.poisson(lam).astype(float)
        vol[np.isin(days_idx.day_of_week, list(closed_weekdays))] = 0.0
        frame = pd.DataFrame({"volume": vol, "aht_seconds": np.nan, "handled": 0.0},
                             index=pd.DatetimeIndex(idx, name="interval_start"))
        return frame


@pytest.fixture(scope="session")
def synth() -> type[Synth]:
    return Synth


# -- CLI -------------------------------------------------------------------------------------
def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


class Cli:
    """Runs `wfm` in-process and checks the bad-input contract."""

    def __init__(self) -> None:
        from wfm.cli import main

        self.main = main
        self.runner = CliRunner()

    def __call__(self, *args: str | Path, input: str | None = None):
        return self.runner.invoke(self.main, [str(a) for a in args], input=input)

    def fails_cleanly(self, args: list[str | Path], inputs: list[Path], out: Path) -> str:
        """Run, expect exit 2 with exactly one stderr line, nothing written, inputs intact.

        Returns the error line.
        """
        before = {p: _digest(p) for p in inputs}
        result = self(*args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"uncaught {type(result.exception).__name__}: {result.exception}")
        assert result.exit_code == 2, (result.exit_code, result.stderr, result.stdout)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
        assert not out.exists(), f"{out} was created by a failed run"
        for p, digest in before.items():
            assert _digest(p) == digest, f"input {p} was modified"
        return lines[0]


@pytest.fixture(scope="session")
def cli() -> Cli:
    return Cli()


# -- a tiny centre for KPI reports ---------------------------------------------------------------
# March and April 2024 with every file a KPI report reads (history, forecast, coverage, roster,
# employees, driver), and `wfm report` run once on all of it. Every day has the same ten calls:
# eight answered (one by the VRU), two abandoned; one employee works 08:00-16:30 every April
# day. The KPIs the tests check (tests/cli/test_report.py, tests/schedule/report/) are worked
# by hand from these files.
REPORT_CONFIG = """
[centre]
name = "Test centre"
timezone = "UTC"
interval_minutes = 30

[history]
agent = "agent"
no_agent = ["VRU"]

[service]
goal = 0.8
answer_seconds = 20

[[shift]]
name = "day"
start = ["08:00", "08:00"]
hours = 8.5
breaks = [
  { minutes = 15, within = [1.5, 3.0], activity = "BREAK" },
  { minutes = 30, within = [3.5, 5.0], activity = "LUNCH", paid = false },
]

[[contract]]
name = "ft"
hours_per_week = [0, 48]
shifts = ["day"]
cost_per_hour = 20.0

[[goal]]
name = "CSAT to 80% by the year's end"
kpi = "csat"
target = 0.8
direction = "at_least"
baseline = 0.5
start = 2024-01-01
due = 2024-12-31

[[goal]]
kpi = "asa"
target = 10
direction = "at_most"
due = 2024-04-30

[[goal]]
kpi = "nps"
target = 10
direction = "at_least"
due = 2025-01-01
"""
# Every day the same ten calls: eight answered (one by the VRU), two abandoned.
REPORT_WAITS = [0, 5, 10, 20, 21, 30, 60, 2]
REPORT_AGENTS = ["A", "A", "B", "B", "A", "B", "A", "VRU"]


def _report_history(days: pd.DatetimeIndex) -> str:
    rows = ["timestamp,outcome,handle_seconds,wait_seconds,agent"]
    for day in days:
        for k, (wait, agent) in enumerate(zip(REPORT_WAITS, REPORT_AGENTS, strict=True)):
            handle = 10 if agent == "VRU" else 120
            rows.append(f"{day:%Y-%m-%d}T{9 + k:02d}:05:00,answered,{handle},{wait},{agent}")
        rows += [f"{day:%Y-%m-%d}T18:10:00,abandoned,0,40,VRU",
                 f"{day:%Y-%m-%d}T18:20:00,abandoned,0,7,VRU"]
    return "\n".join(rows) + "\n"


def _report_activity(days: pd.DatetimeIndex) -> str:
    """Dana's log: as rostered, but logged off at 16:00 instead of 16:30 every day."""
    rows = ["employee_id,state,start,end"]
    for day in days:
        d = f"{day:%Y-%m-%d}"
        rows += [f"E1,AVAILABLE,{d}T08:00,{d}T10:00", f"E1,BREAK,{d}T10:00,{d}T10:15",
                 f"E1,TALK,{d}T10:15,{d}T12:00", f"E1,LUNCH,{d}T12:00,{d}T12:30",
                 f"E1,AVAILABLE,{d}T12:30,{d}T16:00"]
    return "\n".join(rows) + "\n"


def _report_roster(days: pd.DatetimeIndex) -> str:
    rows = ["employee_id,name,date,start,end,activity,paid_minutes"]
    for day in days:
        d = f"{day:%Y-%m-%d}"
        rows += [f"E1,Dana,{d},{d}T08:00,{d}T16:30,WORK,480",
                 f"E1,Dana,{d},{d}T10:00,{d}T10:15,BREAK,15",
                 f"E1,Dana,{d},{d}T12:00,{d}T12:30,LUNCH,0"]
    return "\n".join(rows) + "\n"


@pytest.fixture(scope="session")
def centre(tmp_path_factory) -> dict[str, Path]:
    """A tiny centre over March and April 2024, every plan file given."""
    root = tmp_path_factory.mktemp("centre")
    march_april = pd.date_range("2024-03-01", "2024-04-30")
    april = pd.date_range("2024-04-01", "2024-04-30")
    files = {
        "config": ("config.toml", REPORT_CONFIG),
        "history": ("history.csv", _report_history(march_april)),
        "forecast": ("forecast_daily.csv", "date,volume,lo,hi,model\n" + "".join(
            f"{d:%Y-%m-%d},12,10,14,ets\n" for d in april)),
        "coverage": ("coverage.csv", "interval_start,required,scheduled,service_level,"
                     "asa_seconds\n2024-04-01T08:00,2,2,0.8,10\n2024-04-01T08:30,3,2,0.6,30\n"
                     "2024-04-01T09:00,4,5,0.9,5\n2024-04-01T09:30,1,1,1.0,0\n"),
        "roster": ("roster_long.csv", _report_roster(april)),
        "activity": ("activity.csv", _report_activity(april)),
        # tests/schedule/report/test_tickets.py works these out by hand
        "tickets": ("tickets.csv", "created,first_response,resolved,messages\n"
                    "2024-03-15T09:00,2024-03-15T09:10,2024-03-15T10:00,2\n"
                    "2024-04-01T09:00,2024-04-01T10:00,2024-04-01T12:00,2\n"
                    "2024-04-02T09:00,2024-04-02T11:00,2024-04-03T09:00,4\n"
                    "2024-04-03T09:00,2024-04-04T13:00,2024-04-08T09:00,6\n"
                    "2024-04-29T09:00,2024-04-29T09:30,,3\n"
                    "2024-04-30T20:00,,,\n"),
        "employees": ("employees.csv", "employee_id,name,contract\nE1,Dana,ft\n"),
        "driver": ("orders.csv", "date,value\n2024-03-01,620\n2024-04-01,300\n"),
        # April: CSAT 5 5 4 3 1, NPS 10 9 8 6 0 10, CES 7 6 5; March: one CSAT 5, eNPS only
        "surveys": ("surveys.csv", "date,survey,score\n2024-03-15,csat,5\n"
                    "2024-03-31,enps,9\n2024-03-31,enps,3\n" + "".join(
                        f"2024-04-{i + 1:02d},{s},{v}\n" for i, (s, v) in enumerate(
                            [("csat", 5), ("csat", 5), ("csat", 4), ("csat", 3), ("csat", 1),
                             ("nps", 10), ("nps", 9), ("nps", 8), ("nps", 6), ("nps", 0),
                             ("NPS", 10), ("ces", 7), ("ces", 6), ("ces", 5)]))),
    }
    out = {}
    for key, (name, text) in files.items():
        out[key] = root / name
        out[key].write_text(text.lstrip("\n"))
    return out


def _report_args(centre: dict[str, Path], out: Path, **drop) -> list:
    args = ["report", "--out", out, "--month", "2024-04"]
    for key in ("history", "config", "forecast", "coverage", "roster", "employees", "driver",
                "surveys", "activity", "tickets"):
        if not drop.get(key):
            args += [f"--{key}", centre[key]]
    return args


@pytest.fixture(scope="session")
def report_args():
    """`report_args(centre, out, forecast=True, ...)`: the `wfm report` arguments for April
    with every file of `centre`, less those named."""
    return _report_args


@pytest.fixture(scope="session")
def full_report(cli, centre, tmp_path_factory) -> tuple[Path, object]:
    """`wfm report` for April with every file: the output folder and the CLI result."""
    out = tmp_path_factory.mktemp("report") / "out"
    result = cli(*_report_args(centre, out))
    assert result.exit_code == 0, result.output
    return out, result


@pytest.fixture(autouse=True)
def _close_figures():
    """Charts a test draws are closed after it, so later tests never see the 'more than
    20 figures' warning (which the forecast package's warnings filter makes an error)."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
