"""The public API is kept deliberate: adding or removing a name here is a decision."""

from __future__ import annotations

import inspect

import forecast
from schedule import staffing


def test_forecast_package_exports():
    assert sorted(forecast.__all__) == ["Config", "History", "InputError", "load_config",
                                        "load_history"]


def test_staffing_signatures_are_the_documented_contract():
    ra = inspect.signature(staffing.required_agents)
    assert list(ra.parameters) == ["calls", "aht_seconds", "interval_seconds", "goal",
                                   "answer_seconds", "max_occupancy", "patience_seconds"]
    assert ra.parameters["max_occupancy"].default is None
    assert ra.parameters["patience_seconds"].default is None
    sl = inspect.signature(staffing.service_level)
    assert list(sl.parameters) == ["agents", "calls", "aht_seconds", "interval_seconds",
                                   "answer_seconds", "patience_seconds"]
    assert sl.parameters["patience_seconds"].default is None
