"""`wfm roster` on bad input: one line naming the file, row and column, exit 2, nothing
written, inputs untouched; and the roster it writes for the bundled sample's month, after
`wfm forecast` and `wfm staff`, passing the independent checker (slow)."""

from __future__ import annotations

import os
from pathlib import Path

import locations
import pytest
from click.testing import CliRunner
from roster_checker import COVERAGE_COLUMNS, LONG_COLUMNS, check_roster

from wfm.cli import main

DATA = locations.REPO / "data"
MONTH = "2026-12"
REQUIREMENTS = """interval_start,volume,aht_seconds,agents,staff,service_level,asa_seconds,occupancy
2026-12-01T08:00,20,300,5,7,0.8,10,0.5
2026-12-01T08:30,20,300,5,7,0.8,10,0.5
"""


def _run(tmp_path: Path, *, employees: str | None = None, time_off: str | None = None,
         requirements: str = REQUIREMENTS, config: str | None = None, month: str = "2026-12"):
    req = tmp_path / "requirements.csv"
    req.write_text(requirements)
    emp = tmp_path / "employees.csv"
    emp.write_text(employees if employees is not None else (DATA / "employees.csv").read_text())
    off = tmp_path / "time_off.csv"
    off.write_text(time_off if time_off is not None else (DATA / "time_off.csv").read_text())
    cfg = tmp_path / "config.toml"
    cfg.write_text(config if config is not None else (DATA / "config.toml").read_text())
    (tmp_path / "special_days.csv").write_text((DATA / "special_days.csv").read_text())
    inputs = {p: p.read_bytes() for p in (req, emp, off, cfg)}
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["roster", "--requirements", str(req), "--employees",
                                       str(emp), "--time-off", str(off), "--month", month,
                                       "--config", str(cfg), "--out", str(out),
                                       "--time-limit", "5"])
    assert result.exit_code == 2, result.output
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1, result.output
    assert not out.exists()
    assert all(p.read_bytes() == b for p, b in inputs.items())
    return lines[0]


def test_unknown_contract_names_row_and_column(tmp_path):
    text = (DATA / "employees.csv").read_text().splitlines()
    header, first = text[0], text[1].replace("full-time", "zero-hours").replace(
        "part-time", "zero-hours")
    line = _run(tmp_path, employees="\n".join([header, first, *text[2:]]) + "\n")
    assert "employees.csv, row 1, column 'contract'" in line and "zero-hours" in line


def test_time_off_for_someone_not_employed_names_the_row(tmp_path):
    off = "employee_id,start_date,end_date,kind\nE001,2026-12-01,2026-12-02,approved\n" \
          "E999,2026-12-03,2026-12-03,requested\n"
    line = _run(tmp_path, time_off=off)
    assert "time_off.csv, row 2, column 'employee_id'" in line and "E999" in line


def test_bad_date_in_time_off(tmp_path):
    off = "employee_id,start_date,end_date,kind\nE001,2026-12-01,31/12/2026,approved\n"
    line = _run(tmp_path, time_off=off)
    assert "time_off.csv, row 1, column 'end_date'" in line


def test_overlapping_breaks_in_a_shift_template(tmp_path):
    config = (DATA / "config.toml").read_text().replace(
        "{ minutes = 30, within = [3.5, 5.0], activity = \"LUNCH\", paid = false }",
        "{ minutes = 30, within = [2.0, 5.0], activity = \"LUNCH\", paid = false }", 1)
    line = _run(tmp_path, config=config)
    assert "[[shift]] 'early'" in line and "overlap" in line


def test_unknown_weekday_in_a_shift_templates_days(tmp_path):
    config = (DATA / "config.toml").read_text().replace('days = ["Sat"]', 'days = ["Saturday"]')
    line = _run(tmp_path, config=config)
    assert "[[shift]] 'sat' days" in line and "Saturday" in line


def test_open_hours_no_shift_can_cover_are_named_before_any_solve(tmp_path):
    # Saturday opened until 22:00: the latest shift allowed on a Saturday ends at 20:30
    config = (DATA / "config.toml").read_text().replace('Sat = ["09:00", "17:00"]',
                                                      'Sat = ["09:00", "22:00"]')
    line = _run(tmp_path, config=config)
    assert "config.toml: the shift templates cannot cover the week: Saturday 20:30-22:00 is " \
           "open but no shift fits it: the allowed starts do not reach it" in line


def test_a_month_without_requirements(tmp_path):
    line = _run(tmp_path, month="2027-03")
    assert "no intervals in 2027-03" in line


@pytest.mark.parametrize("month", ["2026-13", "December"])
def test_bad_month(tmp_path, month):
    line = _run(tmp_path, month=month)
    assert "--month" in line


# -- the real solver ----------------------------------------------------------------------------
def _csv_with_header(folder: Path, columns: list[str]) -> Path | None:
    for path in sorted(folder.rglob("*.csv")):
        with path.open(encoding="utf-8") as fh:
            header = [c.strip() for c in fh.readline().strip().split(",")]
        if header[:len(columns)] == columns:  # DESIGN.md's columns, then wfm's own
            return path
    return None


@pytest.mark.slow
def test_the_real_roster_passes_the_checker(cli, tmp_path):
    if "roster" not in main.commands:
        pytest.skip("`wfm roster` does not exist yet (cli.main has no 'roster' command)")
    data = DATA
    config = data / "config.toml"
    result = cli("forecast", data / "history.csv", "--config", config, "--month", MONTH,
                 "--out", tmp_path / "forecast")
    assert result.exit_code == 0, result.output
    req = tmp_path / "requirements.csv"
    result = cli("staff", tmp_path / "forecast" / "forecast_intervals.csv", "--config", config,
                 "--out", req)
    assert result.exit_code == 0, result.output
    out = tmp_path / "roster"
    # 30 s keeps `make test` inside CI's 15 minutes; WFM_ROSTER_TIME_LIMIT=60 is the
    # sample's own setting (the same checks pass at both)
    limit = os.environ.get("WFM_ROSTER_TIME_LIMIT", "30")
    result = cli("roster", "--requirements", req, "--employees", data / "employees.csv",
                 "--time-off", data / "time_off.csv", "--month", MONTH, "--config", config,
                 "--out", out, "--time-limit", limit)
    assert result.exit_code == 0, result.output
    long_csv = _csv_with_header(out, LONG_COLUMNS)
    coverage_csv = _csv_with_header(out, COVERAGE_COLUMNS)
    written = sorted(p.name for p in out.rglob("*"))
    assert long_csv is not None, f"no roster long CSV among {written}"
    assert coverage_csv is not None, f"no coverage CSV among {written}"
    found = check_roster(config, data / "employees.csv", data / "time_off.csv", long_csv,
                         coverage_csv, req, MONTH)
    # the planner's preferences (stable weeks, days off together, fair months) are priced,
    # not hard rules: every hard rule, the floor on the phones and the requests hold, and
    # the preferences are nearly all kept (390 broken before they were priced, 23 with
    # whole late weeks and the 80 drawn staff, 6 before the month's shift swaps, 3 before
    # the week plans kept days off in pairs, none on this machine now; `wfm plan`'s
    # longer run of the same month left 2 until a leaver's last part-week got a plan of
    # its own and the rotation was planned again from the weeks as rostered: none now)
    wishes = ("start_spread_hours", "isolated day off", "fair_spread")
    hard = [f for f in found if not any(w in f for w in wishes)]
    assert hard == [], "\n".join(hard[:50])
    assert len(found) - len(hard) <= 3, "\n".join(found[:50])
    assert sum("isolated day off" in f for f in found) <= 1, "\n".join(found[:50])
    _adherence_on_the_sample_roster(long_csv, tmp_path)


def _adherence_on_the_sample_roster(long_csv: Path, tmp_path: Path) -> None:
    """The generator's activity log for this roster (data/README.md: about 88-92%
    adherence), read back by the report's adherence per person and per interval."""
    import subprocess
    import sys

    import pandas as pd

    from wfm.core.config import load_config
    from wfm.schedule.report.adherence import adherence, load_activity
    from wfm.schedule.report.inputs import load_roster_long

    subprocess.run([sys.executable, str(DATA / "generate.py"), "--activity-from",
                    str(long_csv), "--out", str(tmp_path / "log")], check=True,
                   capture_output=True)
    roster = load_roster_long(long_csv, "America/Chicago")  # the sample centre
    cfg = load_config(DATA / "config.toml")
    totals, people, intervals = adherence(
        roster, load_activity(tmp_path / "log" / "activity.csv"), roster["date"].min(),
        roster["date"].max(), cfg.report["phone_states"], cfg.report["break_states"],
        cfg.report["adherence_grace_minutes"], 30)
    assert 0.85 <= totals["adherence"] <= 0.92 and 0.85 <= totals["conformance"] <= 1.0
    worked = roster.loc[roster["activity"] == "WORK", "employee_id"].unique()
    assert sorted(people["employee_id"]) == sorted(roster["employee_id"].unique())
    assert people.set_index("employee_id").loc[worked, "adherence"].between(0.5, 1).all()
    # per interval: on the phones as logged never above the schedule by more than overruns
    assert (intervals["on_phones"] <= intervals["scheduled_on_phones"] + 5).all()
    assert pd.Timestamp("2026-12-01") <= intervals["interval_start"].min()


def test_out_of_time_exits_3_with_its_own_message(tmp_path, monkeypatch):
    from ortools.sat.python import cp_model

    monkeypatch.setattr(cp_model.CpSolver, "Solve", lambda self, *a, **k: cp_model.UNKNOWN)
    req = tmp_path / "requirements.csv"
    req.write_text(REQUIREMENTS)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [
        "roster", "--requirements", str(req), "--employees", str(DATA / "employees.csv"),
        "--time-off", str(DATA / "time_off.csv"), "--month", MONTH, "--config",
        str(DATA / "config.toml"), "--out", str(out), "--time-limit", "2"])
    assert result.exit_code == 3, result.output
    lines = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
    assert lines == [lines[0]] and "nothing was proved impossible" in lines[0]
    assert "meets every rule" not in result.output and not out.exists()


@pytest.mark.parametrize(("option", "value", "expected"), [
    ("--time-limit", "-1", "--time-limit: expected seconds above 0, got -1"),
    ("--time-limit", "0", "--time-limit: expected seconds above 0, got 0"),
    ("--workers", "0", "--workers: expected 1 or more solver threads, got 0")])
def test_a_time_limit_or_thread_count_out_of_range_is_refused_at_once(cli, tmp_path, option,
                                                                      value, expected):
    req = tmp_path / "requirements.csv"
    req.write_text(REQUIREMENTS)
    out = tmp_path / "out"
    line = cli.fails_cleanly(["roster", "--requirements", req, "--employees",
                              DATA / "employees.csv", "--month", MONTH, "--config",
                              DATA / "config.toml", "--out", out, option, value], [req], out)
    assert line == f"error: {expected}"


@pytest.mark.slow
def test_the_bank_example_keeps_someone_on_the_phones_whenever_calls_come(cli, bank_6min,
                                                                          tmp_path):
    # `wfm plan` on examples/bank_1999.toml for January 2000 (a seven-day week: Friday
    # 07:00-14:00, Saturday 20:00-24:00, Sunday the busiest day). A Saturday evening rules
    # out a Sunday morning (11 h rest), so the week plans opening Sunday at 07:00 go to
    # people rested from Saturday: every open interval with calls has someone on the
    # phones (Sunday 16 January 07:00 had nobody, and 20 intervals were short), and the
    # roster keeps every hard rule by the independent checker
    import pandas as pd

    config = locations.EXAMPLES / "bank_1999.toml"
    team = DATA / "bank_1999_team.csv"
    out = tmp_path / "plan"
    result = cli("plan", "--config", config, "--history", bank_6min, "--employees", team,
                 "--out", out)
    assert result.exit_code == 0, result.output
    assert "plan for 2000-01" in result.stdout and "nobody" not in result.output
    cov = pd.read_csv(out / "coverage.csv")
    calls = cov["required"] > 0
    assert (cov.loc[calls, "scheduled"] >= 1).all()
    # 13 to 16 short on this machine (8 before a lone day off was priced as 15 late
    # calls, 12 before a week of spread starts was priced as one)
    assert (cov["scheduled"] < cov["required"]).sum() <= 18
    # Fridays' ten part-timers lunch at 10:00, 10:30 or 11:00, ten needed all morning:
    # six at 10:00 (4 on the phones, two at each other) while late calls were the
    # whole price of a shortage; each further missing person costing more shares them
    assert (cov["required"] - cov["scheduled"]).max() <= 5
    # ...yet at 10:00 fewer agents than the calls' workload remain: named, day by day
    overloaded = [line for line in result.stdout.splitlines()
                  if line.startswith("roster: fewer agents than the calls' workload")]
    assert overloaded and all(" Fri " in line and "on a break" in line for line in overloaded)
    found = check_roster(config, team, None, out / "roster_long.csv", out / "coverage.csv",
                         out / "requirements.csv", "2000-01")
    # the month's rotation joins the weeks: no lone day off (57 before it, most at the
    # Saturday / Sunday week edge; one, a part-timer's Saturday off between a Friday and
    # a Sunday, until a week that must price such a join has the week before planned
    # again looking ahead to it); no week of spread starts since one costs as much as a
    # lone day off (three before); full-timers' late shifts within fair_spread 2 (10..13
    # until a month the rotation could not even out was planned again with the weeks'
    # late shares one shift tighter: closing shifts make whole late weeks of five, and
    # the mid weeks of three left over could not be shared out)
    assert found == []
