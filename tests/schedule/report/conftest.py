"""The report's data for the tiny centre of tests/conftest.py (March and April 2024, every
file a KPI report reads), built once through the library, for the report stage's tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def april(centre):
    """The report's data for April with every file, through the library (no CLI)."""
    from wfm.core.config import load_config
    from wfm.schedule.report.data import build_report, load_report_inputs

    cfg = load_config(centre["config"])
    inputs = load_report_inputs(centre["history"], cfg, forecast=centre["forecast"],
                                coverage=centre["coverage"], roster=centre["roster"],
                                employees=centre["employees"], driver=centre["driver"],
                                surveys=centre["surveys"], activity=centre["activity"],
                                tickets=centre["tickets"], month="2024-04")
    return build_report(inputs)
