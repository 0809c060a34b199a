"""`wfm plan` on the bundled sample: the month after the history, its closed days, holidays
and events in the daily forecast, and the opening hours and handle times of the intervals
(slow)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest


@pytest.mark.slow
def test_plan_on_the_bundled_sample(cli, sample_dir, tmp_path):
    shutil.copy(sample_dir / "special_days.csv", tmp_path / "special_days.csv")
    text = (sample_dir / "config.toml").read_text()
    assert "\n[forecast]\n" in text
    conf = tmp_path / "config.toml"
    conf.write_text(text.replace(
        "\n[forecast]\n", '\n[forecast]\nmodels = ["seasonal_naive", "ets"]\norigins = 2\n'))
    out = tmp_path / "out"
    result = cli("plan", "--config", conf, "--history", sample_dir / "history.csv",
                 "--out", out)
    assert result.exit_code == 0, (result.output, repr(result.exception))
    assert "plan for 2026-12" in result.stdout  # the month after the history
    assert "open first: forecast.png (the forecast with its intervals)" in result.stdout
    d = pd.read_csv(out / "forecast_daily.csv", parse_dates=["date"]).set_index("date")
    assert list(d.index) == list(pd.date_range("2026-12-01", "2026-12-31"))
    sundays = d[d.index.day_of_week == 6]
    assert (sundays[["volume", "lo", "hi"]] == 0).all().all()  # closed
    ordinary_thu = d.loc["2026-12-10", "volume"]
    assert d.loc["2026-12-25", "volume"] < 0.01 * ordinary_thu  # Christmas: closed all years
    assert 0.3 < d.loc["2026-12-24", "volume"] / d.loc["2026-12-17", "volume"] < 0.7  # eve
    # a new one-off event in special_days.csv gets the pooled effect of past events (+30-80%)
    assert d.loc["2026-12-03", "volume"] > 1.2 * ordinary_thu
    iv = pd.read_csv(out / "forecast_intervals.csv", parse_dates=["interval_start"])
    monday = iv[iv["interval_start"].dt.normalize() == pd.Timestamp("2026-12-07")]
    clock = monday["interval_start"].dt.strftime("%H:%M")
    outside = ~clock.between("08:00", "19:30")
    assert (monday.loc[outside, "volume"] == 0).all()  # no calls outside 08:00-20:00
    weighted = (iv["aht_seconds"] * iv["volume"]).sum() / iv["volume"].sum()
    assert 270 < weighted < 330  # README: about 296 s in 2026


def test_a_bad_staff_file_fails_before_the_forecast(cli, sample_dir, tmp_path):
    # the staff files are read before the history is forecast: an unknown contract fails
    # in a second with its row and column, not after minutes of backtests
    text = (sample_dir / "employees.csv").read_text().splitlines()
    head, first = text[0].split(","), text[1].split(",")
    first[head.index("contract")] = "night-time"
    employees = tmp_path / "employees.csv"
    employees.write_text("\n".join([text[0], ",".join(first), *text[2:]]) + "\n")
    out = tmp_path / "out"
    args = ["plan", "--config", sample_dir / "config.toml", "--history",
            sample_dir / "history.csv", "--employees", employees, "--out", out]
    result = cli(*args)
    assert result.exit_code == 2 and "backtest" not in result.output
    line = cli.fails_cleanly(args, [employees], out)
    assert line == (f"error: {employees}, row 1, column 'contract': unknown contract "
                    "'night-time' (the config has: full-time, part-time)")
