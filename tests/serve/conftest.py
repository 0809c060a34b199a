"""A small hand-made plan for the what-if page: a config and an interval forecast as
`wfm forecast` writes it, over one week of March 2027 and two days of April."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from wfm.serve import page

CONFIG = """
[centre]
name = "Small Centre"
open_days = ["Mon", "Tue", "Wed", "Thu", "Fri"]
[centre.hours]
default = ["08:00", "18:00"]
[service]
goal = 0.80
answer_seconds = 20
shrinkage = 0.25
[[shift]]
name = "day"
start = ["08:00", "10:00"]
hours = 8
[[contract]]
name = "ft"
hours_per_week = [30, 40]
cost_per_hour = 25.0
"""


@pytest.fixture(scope="session")
def small(tmp_path_factory):
    """A config and an interval forecast as `wfm forecast` writes it (lo, hi, model)."""
    folder = tmp_path_factory.mktemp("small")
    (folder / "config.toml").write_text(CONFIG)
    starts = pd.date_range("2027-03-01", "2027-04-02 23:30", freq="30min")
    starts = starts[(starts <= "2027-03-07 23:30") | (starts >= "2027-04-01")]
    hour = starts.hour + starts.minute / 60
    open_ = (starts.day_of_week < 5) & (hour >= 8) & (hour < 18)
    volume = np.where(open_, 15 + 10 * np.sin(np.pi * (hour - 8) / 10), 0.0)
    pd.DataFrame({"interval_start": starts.strftime("%Y-%m-%dT%H:%M"), "volume": volume,
                  "lo": volume * 0.9, "hi": volume * 1.1, "aht_seconds": 300.0,
                  "model": "ets"}).to_csv(folder / "forecast_intervals.csv", index=False)
    return folder


@pytest.fixture(scope="session")
def plan(small) -> page.Plan:
    """March 2027 of the small forecast: one week, open weekdays 08:00-18:00."""
    return page.load_plan(small / "config.toml", forecast=small / "forecast_intervals.csv",
                          month="2027-03")


@pytest.fixture(scope="session")
def busier(plan) -> tuple[page.ScenarioSet, pd.DataFrame]:
    """The baseline and 20% more calls, side by side (Erlang A only)."""
    values = dataclasses.replace(page.default_values(plan.config), volume_pct=20)
    scenarios = page.page_scenarios(values, plan.config, month=plan.month)
    return scenarios, page.compare(scenarios, plan)
