"""`wfm whatif`: the scenario table and chart written and printed for a small centre, with
--month and --seed overriding the file (slow); a month inside the history, a bad scenario
file or no history as one line with exit status 2 and nothing written."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm.schedule.whatif.compare import COLUMNS


@pytest.fixture
def small_centre(tmp_path):
    """Twelve weeks of steady weekday history and a config with a quick forecast."""
    starts = pd.date_range("2027-01-04", "2027-03-26 23:30", freq="30min")
    keep = (starts.day_of_week < 5) & (starts.hour >= 8) & (starts.hour < 18)
    s = starts[keep]
    pd.DataFrame({"interval_start": s.strftime("%Y-%m-%dT%H:%M"),
                  "volume": 40 * np.array([1.2, 1.1, 1.0, 1.0, 0.9])[s.day_of_week],
                  "aht_seconds": 300.0}).to_csv(tmp_path / "history.csv", index=False)
    (tmp_path / "config.toml").write_text(
        '[centre]\nopen_days = ["Mon", "Tue", "Wed", "Thu", "Fri"]\n'
        '[centre.hours]\ndefault = ["08:00", "18:00"]\n'
        '[forecast]\nmodels = ["seasonal_naive"]\ncombine = false\n'
        '[[shift]]\nname = "day"\nstart = ["08:00", "10:00"]\nhours = 8\n'
        '[[contract]]\nname = "ft"\nhours_per_week = [30, 40]\ncost_per_hour = 25.0\n')
    (tmp_path / "scenarios.toml").write_text(
        '[whatif]\nhistory = "history.csv"\nreplications = 3\n'
        '[[scenario]]\nname = "baseline"\n[[scenario]]\nname = "volume +15%"\n'
        'volume = "+15%"\n')
    return tmp_path


@pytest.mark.slow
def test_cli_writes_the_table_and_chart_and_prints_them(cli, small_centre):
    out = small_centre / "out"
    result = cli("whatif", small_centre / "scenarios.toml", "--config",
                 small_centre / "config.toml", "--out", out)
    assert result.exit_code == 0, result.output
    assert "scenario 1/2: baseline ..." in result.stderr
    assert "scenario 2/2: volume +15% ..." in result.stderr
    assert "planning 2027-04" in result.stdout and "volume +15%" in result.stdout
    table = pd.read_csv(out / "whatif.csv")
    assert list(table.columns) == COLUMNS and list(table["scenario"]) == ["baseline",
                                                                          "volume +15%"]
    assert table.loc[1, "volume"] == pytest.approx(table.loc[0, "volume"] * 1.15, rel=1e-6)
    assert table.loc[1, "cost"] > table.loc[0, "cost"]
    np.testing.assert_allclose(table["cost"], table["paid_hours"] * 25.0, rtol=1e-6)
    assert (out / "whatif.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # --month and --seed override the file; the month must come after the history
    again = cli("whatif", small_centre / "scenarios.toml", "--config",
                small_centre / "config.toml", "--month", "2027-05", "--seed", "3",
                "--out", small_centre / "may")
    assert again.exit_code == 0, again.output
    assert "planning 2027-05" in again.stdout


def test_cli_month_inside_history_exits_2(cli, small_centre):
    out = small_centre / "bad"
    line = cli.fails_cleanly(["whatif", small_centre / "scenarios.toml", "--config",
                              small_centre / "config.toml", "--month", "2027-02", "--out", out],
                             [small_centre / "scenarios.toml", small_centre / "history.csv"],
                             out)
    assert "--month 2027-02: the month must start after the last day of history" in line


@pytest.mark.parametrize(("body", "expected"), [
    ('volumes = "+5%"', "scenario 'x': unknown key 'volumes'"),
    ('volume = "lots"', "scenario 'x' volume: expected"),
    ("goal = 1.5", "scenario 'x' goal: expected a share between 0 and 1, e.g. 0.90, got 1.5"),
])
def test_cli_bad_scenario_file_exits_2_and_writes_nothing(cli, tmp_path, body, expected):
    scenarios = tmp_path / "scenarios.toml"
    scenarios.write_text(f'[[scenario]]\nname = "x"\n{body}\n')
    history = tmp_path / "history.csv"
    history.write_text("date,volume\n2027-01-04,100\n")
    out = tmp_path / "out"
    line = cli.fails_cleanly(["whatif", scenarios, "--history", history, "--out", out],
                             [scenarios, history], out)
    assert line.startswith(f"error: {scenarios}: ") and expected in line


def test_cli_without_history_exits_2(cli, tmp_path):
    scenarios = tmp_path / "scenarios.toml"
    scenarios.write_text('[[scenario]]\nname = "x"\n')
    out = tmp_path / "out"
    line = cli.fails_cleanly(["whatif", scenarios, "--out", out], [scenarios], out)
    assert "no history: give --history or [whatif] history" in line
