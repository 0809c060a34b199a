"""`wfm simulate`: the summary, interval and chart files for a steady plan, the real bank
calls replayed with their own handle times, and a bad plan or a missing --contacts as one
line with exit status 2 and nothing written."""

from __future__ import annotations

import locations
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from wfm.cli import main

INTERVAL = 1800.0


def _steady_plan(load: float, agents: int, aht: float = 300.0, n: int = 96) -> pd.DataFrame:
    calls = load * INTERVAL / aht
    return pd.DataFrame({
        "interval_start": pd.date_range("2026-12-01", periods=n, freq="30min"),
        "volume": calls, "aht_seconds": aht, "agents": agents,
    })


def test_cli_simulate_writes_files_and_reports_erlang(tmp_path):
    plan = _steady_plan(17.0, 20, n=48)
    plan["interval_start"] = plan["interval_start"].dt.strftime("%Y-%m-%dT%H:%M")
    path = tmp_path / "requirements.csv"
    plan.to_csv(path, index=False)
    out = tmp_path / "sim"
    result = CliRunner().invoke(main, ["simulate", str(path), "--replications", "4",
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = pd.read_csv(out / "simulation_summary.csv").set_index("kpi")
    assert {"value", "lo", "hi", "erlang_c", "erlang_a"} <= set(summary.columns)
    assert (out / "simulation.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(pd.read_csv(out / "simulation_intervals.csv")) == 48


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("volume", "-4", "volume"),
    ("agents", "two", "agents"),
    ("interval_start", "31/12/2026", "interval_start"),
])
def test_cli_simulate_bad_plan_is_one_line_exit_2(tmp_path, column, value, expected):
    plan = _steady_plan(5.0, 6, n=4).astype({"volume": str, "agents": str})
    plan["interval_start"] = plan["interval_start"].dt.strftime("%Y-%m-%dT%H:%M")
    plan.loc[2, column] = value
    path = tmp_path / "plan.csv"
    plan.to_csv(path, index=False)
    before = path.read_bytes()
    out = tmp_path / "sim"
    result = CliRunner().invoke(main, ["simulate", str(path), "--out", str(out)])
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "row 3" in lines[0] and f"'{expected}'" in lines[0]
    assert not out.exists()
    assert path.read_bytes() == before


def test_cli_replays_real_bank_calls_with_empirical_handle_times(tmp_path, bank_calls,
                                                                 bank_calls_history):
    # one real day (1999-02-01) replayed: offered per interval equals the records' count
    day = bank_calls_history.intervals.loc["1999-02-01"]
    plan = pd.DataFrame({"interval_start": day.index.strftime("%Y-%m-%dT%H:%M"),
                         "volume": day["volume"].to_numpy(), "aht_seconds": 180.0,
                         "agents": 8})
    path = tmp_path / "plan.csv"
    plan.to_csv(path, index=False)
    out = tmp_path / "sim"
    config = locations.REPO / "examples" / "bank_1999_calls.toml"
    result = CliRunner().invoke(main, [
        "simulate", str(path), "--config", str(config), "--contacts", str(bank_calls),
        "--handle", "empirical", "--replications", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    sim = pd.read_csv(out / "simulation_intervals.csv")
    np.testing.assert_array_equal(sim["offered"].to_numpy(), day["volume"].to_numpy())
    summary = pd.read_csv(out / "simulation_summary.csv").set_index("kpi")
    assert 0 < summary.loc["service_level", "value"] <= 1
    assert 0 < summary.loc["abandonment", "value"] < 1  # patience from the config


def test_cli_empirical_handle_needs_contacts(tmp_path):
    plan = _steady_plan(5.0, 6, n=4)
    path = tmp_path / "plan.csv"
    plan.to_csv(path, index=False)
    result = CliRunner().invoke(main, ["simulate", str(path), "--handle", "empirical",
                                       "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "--contacts" in result.output
