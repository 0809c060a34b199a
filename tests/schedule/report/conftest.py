"""A tiny centre over March and April 2024 with every file a KPI report reads (history,
forecast, coverage, roster, employees, driver), and `wfm report` run once on all of it.

Every day has the same ten calls: eight answered (one by the VRU), two abandoned; one
employee works 08:00-16:30 every April day. The KPIs the tests check are worked by hand
from these files.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

CONFIG = """
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
"""
# Every day the same ten calls: eight answered (one by the VRU), two abandoned.
WAITS = [0, 5, 10, 20, 21, 30, 60, 2]
AGENTS = ["A", "A", "B", "B", "A", "B", "A", "VRU"]


def _history(days: pd.DatetimeIndex) -> str:
    rows = ["timestamp,outcome,handle_seconds,wait_seconds,agent"]
    for day in days:
        for k, (wait, agent) in enumerate(zip(WAITS, AGENTS, strict=True)):
            handle = 10 if agent == "VRU" else 120
            rows.append(f"{day:%Y-%m-%d}T{9 + k:02d}:05:00,answered,{handle},{wait},{agent}")
        rows += [f"{day:%Y-%m-%d}T18:10:00,abandoned,0,40,VRU",
                 f"{day:%Y-%m-%d}T18:20:00,abandoned,0,7,VRU"]
    return "\n".join(rows) + "\n"


def _roster(days: pd.DatetimeIndex) -> str:
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
        "config": ("config.toml", CONFIG),
        "history": ("history.csv", _history(march_april)),
        "forecast": ("forecast_daily.csv", "date,volume,lo,hi,model\n" + "".join(
            f"{d:%Y-%m-%d},12,10,14,ets\n" for d in april)),
        "coverage": ("coverage.csv", "interval_start,required,scheduled,service_level,"
                     "asa_seconds\n2024-04-01T08:00,2,2,0.8,10\n2024-04-01T08:30,3,2,0.6,30\n"
                     "2024-04-01T09:00,4,5,0.9,5\n2024-04-01T09:30,1,1,1.0,0\n"),
        "roster": ("roster_long.csv", _roster(april)),
        "employees": ("employees.csv", "employee_id,name,contract\nE1,Dana,ft\n"),
        "driver": ("orders.csv", "date,value\n2024-03-01,620\n2024-04-01,300\n"),
    }
    out = {}
    for key, (name, text) in files.items():
        out[key] = root / name
        out[key].write_text(text.lstrip("\n"))
    return out


def _args(centre: dict[str, Path], out: Path, **drop) -> list:
    args = ["report", "--out", out, "--month", "2024-04"]
    for key in ("history", "config", "forecast", "coverage", "roster", "employees", "driver"):
        if not drop.get(key):
            args += [f"--{key}", centre[key]]
    return args


@pytest.fixture(scope="session")
def report_args():
    """`report_args(centre, out, forecast=True, ...)`: the `wfm report` arguments for April
    with every file of `centre`, less those named."""
    return _args


@pytest.fixture(scope="session")
def full_report(cli, centre, tmp_path_factory) -> tuple[Path, object]:
    """`wfm report` for April with every file: the output folder and the CLI result."""
    out = tmp_path_factory.mktemp("report") / "out"
    result = cli(*_args(centre, out))
    assert result.exit_code == 0, result.output
    return out, result


@pytest.fixture(scope="session")
def april(centre):
    """The report's data for April with every file, through the library (no CLI)."""
    from wfm.core.config import load_config
    from wfm.schedule.report.data import build_report, load_report_inputs

    cfg = load_config(centre["config"])
    inputs = load_report_inputs(centre["history"], cfg, forecast=centre["forecast"],
                                coverage=centre["coverage"], roster=centre["roster"],
                                employees=centre["employees"], driver=centre["driver"],
                                month="2024-04")
    return build_report(inputs)
