"""`wfm export`: a roster as a schedule import, and bad options as one line."""

from __future__ import annotations

import pandas as pd
import pytest

ROSTER = ("employee_id,name,date,start,end,activity,paid_minutes\n"
          "E1,Ann,2026-12-01,2026-12-01T08:00,2026-12-01T16:30,WORK,480\n"
          "E1,Ann,2026-12-01,2026-12-01T10:00,2026-12-01T10:15,BREAK,15\n"
          "E1,Ann,2026-12-01,2026-12-01T12:00,2026-12-01T12:30,LUNCH,0\n"
          "E1,Ann,2026-12-02,2026-12-02T00:00,2026-12-03T00:00,OFF,0\n")


@pytest.fixture
def files(tmp_path):
    (tmp_path / "roster_long.csv").write_text(ROSTER)
    (tmp_path / "employees.csv").write_text("employee_id,name,contract,email\n"
                                            "E1,Ann Archer,ft,ann@example.com\n")
    (tmp_path / "config.toml").write_text('[centre]\ntimezone = "Europe/London"\n')
    return tmp_path


def _args(files, out, *extra):
    return ["export", files / "roster_long.csv", "--employees", files / "employees.csv",
            "--config", files / "config.toml", "--out", out, *extra]


def test_export_writes_one_row_per_activity_in_utc(cli, files):
    out = files / "schedule.csv"
    result = cli(*_args(files, out))
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stdout and "5 activities of 1 people (utc times)" in result.stdout
    table = pd.read_csv(out)
    assert table["activity"].tolist() == ["WORK", "BREAK", "WORK", "LUNCH", "WORK"]
    assert table["email"].eq("ann@example.com").all()
    assert table.loc[0, "start_utc"] == "2026-12-01T08:00:00Z"  # London in winter: UTC


@pytest.mark.parametrize(("extra", "words"), [
    (("--date-format", "%d/%m/%Y"), "--date-format goes with --profile local"),
    (("--profile", "sap"), "--profile: expected one of utc, local, got 'sap'"),
])
def test_bad_options_are_one_line(cli, files, extra, words):
    out = files / "schedule.csv"
    line = cli.fails_cleanly(_args(files, out, *extra),
                             [files / "roster_long.csv", files / "employees.csv"], out)
    assert words in line


def test_a_non_csv_out_is_refused(cli, files):
    out = files / "schedule.xlsx"
    line = cli.fails_cleanly(_args(files, out), [files / "roster_long.csv"], out)
    assert "expected a .csv (or .parquet) file name for the export" in line


def test_a_parquet_export_reads_back_as_the_csv(cli, files):
    csv, parquet = files / "schedule.csv", files / "schedule.parquet"
    assert cli(*_args(files, csv)).exit_code == 0
    assert cli(*_args(files, parquet)).exit_code == 0
    pd.testing.assert_frame_equal(pd.read_parquet(parquet), pd.read_csv(csv),
                                  check_dtype=False)


def test_out_dash_writes_the_export_to_standard_output(cli, files):
    result = cli(*_args(files, "-"))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("employee_id,name,email,activity,start_utc") and len(lines) == 6
    assert not (files / "-").exists()
