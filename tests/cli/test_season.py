"""`wfm season`: bad employees, overhauls and time off as one line naming file, row and
column with exit status 2 and nothing written; and the year planned for the bundled sample
and for the bank's 1999 team (slow): every entitlement placed, the leave cap and overhaul
windows kept, no week short, leave in the quiet weeks and months."""

from __future__ import annotations

import locations
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from wfm.cli import main
from wfm.core.calendar import calendar_from_config
from wfm.core.config import load_config
from wfm.schedule.roster.shifts import load_contracts, load_shifts
from wfm.schedule.roster.staff import days_off, load_employees, load_time_off
from wfm.schedule.yearplan.capacity import team_year
from wfm.schedule.yearplan.model import entitlement, season_rules

YEAR = 2027


def _season_cli(tmp_path, *, employees: str | None = None, overhauls: str | None = None,
                time_off: str | None = None):
    data = locations.REPO / "data"
    files = {}
    for name, text in (("employees.csv", employees), ("overhauls.csv", overhauls),
                       ("time_off.csv", time_off)):
        p = tmp_path / name
        p.write_text(text if text is not None else (data / name).read_text())
        files[name] = p
    before = {p: p.read_bytes() for p in files.values()}
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [
        "season", "--config", str(data / "config.toml"), "--history",
        str(data / "history.csv"), "--employees", str(files["employees.csv"]), "--time-off",
        str(files["time_off.csv"]), "--overhauls", str(files["overhauls.csv"]), "--year",
        "2027", "--out", str(out)])
    assert result.exit_code == 2, result.output
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1, result.output
    assert not out.exists()
    assert all(p.read_bytes() == b for p, b in before.items())
    return lines[0]


def test_cli_entitlement_beyond_the_working_days(tmp_path):
    rows = (locations.REPO / "data" / "employees.csv").read_text()
    lines = rows.splitlines()
    head = lines[0].split(",")
    first = lines[1].split(",")
    first[head.index("leave_days_per_year")] = "400"
    line = _season_cli(tmp_path, employees="\n".join([lines[0], ",".join(first),
                                                      *lines[2:]]) + "\n")
    assert "employees.csv, row 1, column 'leave_days_per_year'" in line and "400" in line


def test_cli_overhaul_window_too_short(tmp_path):
    line = _season_cli(tmp_path, overhauls="job_id,staff_days,staff_needed,duration_days,"
                       "earliest,latest\nswitch,,4,10,2027-03-01,2027-03-05\n")
    assert "overhauls.csv, row 1, column 'latest'" in line


def test_cli_time_off_for_an_unknown_employee(tmp_path):
    line = _season_cli(tmp_path, time_off="employee_id,start_date,end_date,kind\n"
                       "E999,2027-03-01,2027-03-05,approved\n")
    assert "time_off.csv, row 1, column 'employee_id'" in line and "E999" in line


@pytest.mark.slow
def test_the_sample_year_end_to_end(tmp_path):
    """`wfm season` on the bundled sample: every entitlement placed, the cap kept, every
    overhaul in its window, no week short without hires or overtime, and the days away in
    weeks at least 10% quieter than the year's mean week."""

    data = locations.REPO / "data"
    out = tmp_path / "season"
    result = CliRunner().invoke(main, [
        "season", "--config", str(data / "config.toml"), "--history", str(data / "history.csv"),
        "--employees", str(data / "employees.csv"), "--time-off", str(data / "time_off.csv"),
        "--overhauls", str(data / "overhauls.csv"), "--year", "2027", "--out", str(out),
        "--time-limit", "60"])
    assert result.exit_code == 0, result.output
    leave = pd.read_csv(out / "leave_plan.csv", parse_dates=["start_date", "end_date"])
    jobs = pd.read_csv(out / "overhaul_plan.csv", parse_dates=["start_date", "end_date"])
    cap = pd.read_csv(out / "capacity.csv", parse_dates=["week"])
    cfg = load_config(data / "config.toml")
    # entitlement: what the model owed each person is what the plan placed
    contracts = load_contracts(cfg, load_shifts(cfg))
    staff = load_employees(data / "employees.csv", contracts)
    off = load_time_off(data / "time_off.csv", staff)
    year = team_year(YEAR, calendar_from_config(cfg), 0, staff, contracts,
                     days_off(off, "approved"), 5, np.zeros(53), np.zeros(53))
    due = dict(zip([p.employee_id for p in staff], entitlement(year, season_rules(cfg, contracts)),
                   strict=True))
    planned = leave[leave["kind"] == "planned"].groupby("employee_id")["days"].sum()
    assert {k: v for k, v in due.items() if v} == planned.to_dict()
    assert (leave.loc[leave["kind"] == "planned", "days"] >= cfg.leave["min_block_days"]).all()
    # the cap: leave days a week (planned and approved) within the share allowed
    assert (cap["leave_days"] <= cap["leave_cap"]).all() or \
        (cap.loc[cap["leave_days"] > cap["leave_cap"], "leave_days"]
         == year.approved_days.sum(axis=0)[cap["leave_days"] > cap["leave_cap"]]).all()
    assert cap["leave_cap"].max() <= 0.2 * 80 * 5
    # overhauls inside their windows, every staff-day placed
    windows = pd.read_csv(data / "overhauls.csv", parse_dates=["earliest", "latest"])
    for row in windows.itertuples():
        mine = jobs[jobs["job_id"] == row.job_id]
        assert len(mine), row.job_id
        assert (mine["start_date"] >= row.earliest).all() and (mine["end_date"] <= row.latest).all()
        if pd.notna(row.staff_days):
            assert mine["staff_days"].sum() == row.staff_days
    # no week short: the team after leave and overhauls, hires and overtime cover the need
    supply = cap["available"] - cap["on_leave"] - cap["on_overhaul"] + cap["hire_hours"] + \
        cap["overtime"]
    assert (cap["gap"] == 0).all()
    assert (supply >= cap["required"] - 0.5).all()  # the CSV rounds each column to 0.1 h
    # quiet weeks: days away (leave and overhaul hours) weighted by the week's volume
    full = (cap["week"] >= "2027-01-01") & (cap["week"] + pd.Timedelta(days=6) <= "2027-12-31")
    away = cap["on_leave"] + cap["on_overhaul"]
    weighted = (cap["volume"] * away).sum() / away.sum()
    assert weighted <= 0.90 * cap.loc[full, "volume"].mean()


@pytest.mark.slow
def test_bank_1999_keeps_leave_out_of_the_busiest_month(tmp_path, bank_6min):
    """The real bank year, planned from its own actual volume with the Israeli calendar
    (config only) and the generated team data/bank_1999_team.csv. Months are ranked by
    mean calls per open day, public holidays left out, counted here from the raw file: the
    busiest month gets (almost) no leave and the quietest gets the most."""

    import holidays

    root = locations.REPO
    out = tmp_path / "bank"
    result = CliRunner().invoke(main, [
        "season", "--config", str(root / "examples" / "bank_1999.toml"),
        "--history", str(bank_6min), "--employees", str(root / "data" / "bank_1999_team.csv"),
        "--year", "1999", "--out", str(out), "--time-limit", "60"])
    assert result.exit_code == 0, result.output
    raw = pd.read_csv(bank_6min)
    daily = raw.groupby(pd.to_datetime(raw["date"]))["calls"].sum()
    il = holidays.country_holidays("IL", years=1999)
    working = daily[[d.date() not in il for d in daily.index]]
    per_day = working.groupby(working.index.month).mean()
    busiest, quietest = int(per_day.idxmax()), int(per_day.idxmin())
    leave = pd.read_csv(out / "leave_plan.csv", parse_dates=["start_date", "end_date"])
    by_month = pd.Series(0.0, index=range(1, 13))
    for row in leave.itertuples():
        span = pd.date_range(row.start_date, row.end_date, freq="D")
        for day in span:
            by_month[day.month] += row.days / len(span)
    assert (busiest, quietest) == (12, 1)  # December and January, from the raw counts
    assert by_month[busiest] <= 0.02 * by_month.sum()
    assert by_month.idxmax() == quietest
