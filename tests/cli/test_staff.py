"""`wfm staff`: a good forecast file gives Erlang C's agents and a chart; bad rows, columns,
service settings and empty files give one line naming the file, row and column with exit
status 2 and nothing written; and the bundled sample's forecast staffed to the calendar and
the goal."""

from __future__ import annotations

import math
import shutil
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import reference_erlang as ref

DESIGN_COLUMNS = ["interval_start", "volume", "aht_seconds", "agents", "staff",
                  "service_level", "asa_seconds", "occupancy"]
PNG = b"\x89PNG\r\n\x1a\n"


# -- wfm staff: bad input ---------------------------------------------------------------------
GOOD_CSV = """interval_start,volume,aht_seconds
2024-01-01T08:00,10,300
2024-01-01T08:30,12,310
2024-01-01T09:00,15,290
2024-01-01T09:30,0,
"""
GOOD_TOML = """
[centre]
country = ""
interval_minutes = 30

[centre.hours]
default = ["08:00", "18:00"]

[service]
goal = 0.8
answer_seconds = 20
"""


def _files(tmp_path: Path, csv: str = GOOD_CSV, toml: str = GOOD_TOML) -> tuple[Path, Path]:
    f = tmp_path / "forecast_intervals.csv"
    f.write_text(csv)
    c = tmp_path / "config.toml"
    c.write_text(toml)
    return f, c


def _staff_fails(cli, tmp_path: Path, f: Path, c: Path) -> str:
    out = tmp_path / "out" / "requirements.csv"
    before = sorted(p.name for p in tmp_path.rglob("*"))
    line = cli.fails_cleanly(["staff", f, "--config", c, "--out", out], [f, c], out)
    assert line.startswith("error: ")
    assert not out.with_suffix(".png").exists()
    assert sorted(p.name for p in tmp_path.rglob("*")) == before, "a failed run wrote files"
    return line


def test_cli_good_input_works(cli, tmp_path):
    f, c = _files(tmp_path)
    out = tmp_path / "out" / "requirements.csv"
    result = cli("staff", f, "--config", c, "--out", out)
    assert result.exit_code == 0, result.output
    req = pd.read_csv(out)
    assert list(req.columns) == DESIGN_COLUMNS
    assert req["agents"].tolist()[:3] == [
        ref.required_agents(v, h, 1800, 0.8, 20, 0.85) for v, h in
        ((10, 300), (12, 310), (15, 290))]
    assert out.with_suffix(".png").read_bytes()[:8] == PNG


@pytest.mark.parametrize(("csv", "row", "column", "shown"), [
    (GOOD_CSV.replace("2024-01-01T08:30,12,310", "2024-01-01T08:30,-12,310"), 2, "volume",
     "-12"),
    (GOOD_CSV.replace("2024-01-01T09:00,15,290", "2024-01-01T09:00,15,0"), 3, "aht_seconds",
     "0"),
    (GOOD_CSV.replace("2024-01-01T09:00,15,290", "2024-01-01T09:00,15,-290"), 3,
     "aht_seconds", "-290"),
    (GOOD_CSV.replace("2024-01-01T08:30,12,310", "01/01/2024 08:30,12,310"), 2,
     "interval_start", "01/01/2024 08:30"),
    (GOOD_CSV.replace("2024-01-01T09:00,15,290", "2024-01-13T25:00,15,290"), 3,
     "interval_start", "2024-01-13T25:00"),
    (GOOD_CSV.replace("2024-01-01T08:30,12,310", "2024-01-01T08:30,twelve,310"), 2, "volume",
     "twelve"),
    (GOOD_CSV.replace("2024-01-01T08:30,12,310", "2024-01-01T08:30,,310"), 2, "volume", None),
], ids=["negative-volume", "zero-aht", "negative-aht", "bad-date", "impossible-time",
        "text-volume", "empty-volume"])
def test_cli_bad_forecast_rows(cli, tmp_path, csv, row, column, shown):
    f, c = _files(tmp_path, csv=csv)
    line = _staff_fails(cli, tmp_path, f, c)
    assert str(f) in line and f"row {row}," in line and f"column '{column}'" in line, line
    if shown is not None:
        assert shown in line


@pytest.mark.parametrize("missing", ["volume", "interval_start"])
def test_cli_missing_column(cli, tmp_path, missing):
    header = "interval_start,volume,aht_seconds"
    renamed = header.replace(missing, "something_else")
    f, c = _files(tmp_path, csv=GOOD_CSV.replace(header, renamed))
    line = _staff_fails(cli, tmp_path, f, c)
    assert str(f) in line and "header" in line and f"column '{missing}'" in line, line


@pytest.mark.parametrize(("setting", "key"), [
    ("goal = 1.5", "goal"),
    ("goal = 0", "goal"),
    ("answer_seconds = -1", "answer_seconds"),
    ("max_occupancy = 0", "max_occupancy"),
    ("max_occupancy = 1.2", "max_occupancy"),
    ("shrinkage = 1", "shrinkage"),
    ("patience_seconds = 0", "patience_seconds"),
    ('staffing_model = "erlang_x"', "staffing_model"),
    ("min_agents = -1", "min_agents"),
], ids=["goal-1.5", "goal-0", "answer-neg", "occupancy-0", "occupancy-1.2", "shrinkage-1",
        "patience-0", "model", "min-agents-neg"])
def test_cli_bad_service_config(cli, tmp_path, setting, key):
    key_name = setting.split(" ")[0]
    toml = GOOD_TOML.replace("[service]\n", f"[service]\n{setting}\n")
    for line_ in GOOD_TOML.splitlines():
        if line_.startswith(f"{key_name} ="):
            toml = toml.replace(line_ + "\n", "", 1)
    f, c = _files(tmp_path, toml=toml)
    line = _staff_fails(cli, tmp_path, f, c)
    assert str(c) in line and key in line, line


def test_cli_empty_and_header_only_files(cli, tmp_path):
    f, c = _files(tmp_path, csv="")
    line = _staff_fails(cli, tmp_path, f, c)
    assert str(f) in line
    f, c = _files(tmp_path, csv="interval_start,volume,aht_seconds\n")
    line = _staff_fails(cli, tmp_path, f, c)
    assert str(f) in line


# -- wfm staff on the bundled sample's forecast ---------------------------------------------------
@pytest.fixture(scope="module")
def sample_run(sample_dir, tmp_path_factory, cli):
    """`wfm forecast` on the sample (two models, two origins), then `wfm staff` on its intervals."""
    work = tmp_path_factory.mktemp("sample")
    shutil.copy(sample_dir / "special_days.csv", work / "special_days.csv")
    text = (sample_dir / "config.toml").read_text()
    assert "\n[forecast]\n" in text
    text = text.replace("\n[forecast]\n",
                        '\n[forecast]\nmodels = ["seasonal_naive", "ets"]\norigins = 2\n', 1)
    config = work / "config.toml"
    config.write_text(text)
    fc = cli("forecast", sample_dir / "history.csv", "--config", config, "--out", work / "fc")
    assert fc.exit_code == 0, fc.output
    intervals = work / "fc" / "forecast_intervals.csv"
    digests = {p: p.read_bytes() for p in (intervals, config)}
    out = work / "staff" / "requirements.csv"
    st = cli("staff", intervals, "--config", config, "--out", out)
    assert st.exit_code == 0, st.output
    for p, data in digests.items():
        assert p.read_bytes() == data, f"{p} was modified"
    return {"intervals": pd.read_csv(intervals), "req": pd.read_csv(out), "out": out,
            "stdout": st.stdout}


def test_sample_requirements_file(sample_run):
    req, fc = sample_run["req"], sample_run["intervals"]
    assert list(req.columns) == DESIGN_COLUMNS
    assert len(req) == len(fc)
    assert (req["interval_start"] == fc["interval_start"]).all()
    np.testing.assert_allclose(req["volume"], fc["volume"], atol=1e-3)
    assert (req["agents"] >= 0).all() and (req["staff"] >= req["agents"]).all()
    png = sample_run["out"].with_suffix(".png")
    assert png.read_bytes()[:8] == PNG and png.stat().st_size > 5_000
    assert "staffing:" in sample_run["stdout"]


def test_sample_requirements_follow_the_calendar_and_goal(sample_run):
    req = sample_run["req"]
    t = pd.to_datetime(req["interval_start"])
    minutes = t.dt.hour * 60 + t.dt.minute
    weekday = t.dt.day_of_week
    # Northwind: Mon-Fri 08:00-20:00, Sat 09:00-17:00, Sunday closed
    open_ = ((weekday < 5) & (minutes >= 480) & (minutes < 1200)) | \
        ((weekday == 5) & (minutes >= 540) & (minutes < 1020))
    assert (req.loc[~open_, "agents"] == 0).all()
    day_total = req.groupby(t.dt.date)["volume"].transform("sum")
    assert (req.loc[day_total == 0, "agents"] == 0).all()  # e.g. Christmas Day
    busy = open_ & (req["volume"] > 0)
    assert busy.sum() > 500
    # the CSV rounds to 4 decimals
    assert (req.loc[busy, "service_level"] >= 0.8 - 5e-5).all()
    assert (req.loc[busy, "occupancy"] <= 0.85 + 5e-5).all()
    want = [math.ceil(Fraction(int(a)) / (1 - Fraction("0.25"))) for a in req["agents"]]
    assert req["staff"].tolist() == want
    # spot checks against the reference (the volumes and handle times `wfm staff` read are
    # the 3-decimal ones of forecast_intervals.csv, echoed exactly in requirements.csv)
    for i in req.index[busy][:: max(1, busy.sum() // 12)]:
        v, h = float(req.loc[i, "volume"]), float(req.loc[i, "aht_seconds"])
        n = ref.required_agents(v, h, 1800, 0.8, 20, 0.85)
        assert int(req.loc[i, "agents"]) == max(n, 1), (i, v, h)


def test_requirements_must_be_named_csv_so_the_chart_cannot_overwrite_them(cli, tmp_path):
    f, c = _files(tmp_path)
    out = tmp_path / "out" / "requirements.png"
    line = cli.fails_cleanly(["staff", f, "--config", c, "--out", out], [f, c], out)
    assert line.endswith("requirements.png: expected a .csv or .parquet file name for the "
                         "requirements (the chart is written beside it, as .png)"), line


def test_requirements_as_parquet_are_the_csv_rows_with_typed_times(cli, tmp_path):
    f, c = _files(tmp_path)
    as_csv, as_parquet = tmp_path / "csv" / "req.csv", tmp_path / "pq" / "req.parquet"
    for out in (as_csv, as_parquet):
        result = cli("staff", f, "--config", c, "--out", out)
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in as_parquet.parent.iterdir()) == ["req.parquet", "req.png"]
    short = tmp_path / "pq2" / "req.pq"  # the other Parquet suffix inputs take
    assert cli("staff", f, "--config", c, "--out", short).exit_code == 0
    pd.testing.assert_frame_equal(pd.read_parquet(short), pd.read_parquet(as_parquet))
    text = pd.read_csv(as_csv)
    typed = pd.read_parquet(as_parquet)
    assert list(typed.columns) == list(text.columns)
    assert typed["interval_start"].dtype.kind == "M"
    assert (typed["interval_start"] == pd.to_datetime(text["interval_start"], utc=True)).all()
    for column in ("volume", "agents", "staff"):
        np.testing.assert_allclose(typed[column], text[column], atol=1e-3)
    # and `wfm simulate` plans from it as from the CSV
    for plan, out in ((as_csv, tmp_path / "sim_csv"), (as_parquet, tmp_path / "sim_pq")):
        result = cli("simulate", plan, "--config", c, "--replications", "2", "--out", out)
        assert result.exit_code == 0, result.output
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "sim_csv" / "simulation_summary.csv"),
                                  pd.read_csv(tmp_path / "sim_pq" / "simulation_summary.csv"))
