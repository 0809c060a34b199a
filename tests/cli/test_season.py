"""`wfm season`: bad employees, overhauls and time off as one line naming file, row and
column with exit status 2 and nothing written; and the year planned for the bundled sample
and for the bank's 1999 team (slow): every entitlement placed, the leave cap and overhaul
windows kept, no week short, leave in the quiet weeks and months."""

from __future__ import annotations

from types import SimpleNamespace

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


@pytest.fixture(scope="module")
def sample_season(tmp_path_factory):
    """`wfm season` on the bundled sample as `make plan --season` runs it (one solve for
    the tests below): the output folder and the planner's rules, worked out here from the
    config and the team's files rather than from the library."""
    import holidays

    data = locations.REPO / "data"
    out = tmp_path_factory.mktemp("season") / "out"
    result = CliRunner().invoke(main, [
        "season", "--config", str(data / "config.toml"), "--history", str(data / "history.csv"),
        "--employees", str(data / "employees.csv"), "--time-off", str(data / "time_off.csv"),
        "--overhauls", str(data / "overhauls.csv"), "--year", "2027", "--out", str(out),
        "--time-limit", "20"])
    assert result.exit_code == 0, result.output
    cfg = load_config(data / "config.toml")
    open_days = {["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].index(d)
                 for d in cfg.centre["open_days"]}
    closed = {pd.Timestamp(d) for d in holidays.country_holidays("US", years=YEAR)}
    working = [d for d in pd.date_range("2027-01-01", "2027-12-31")
               if d.day_of_week in open_days and d not in closed]
    staff = pd.read_csv(data / "employees.csv", parse_dates=["start_date", "end_date"])
    return SimpleNamespace(out=out, output=result.output, cfg=cfg, data=data, staff=staff,
                           working=pd.DatetimeIndex(working))


@pytest.mark.slow
def test_the_sample_year_end_to_end(sample_season):
    """`wfm season` on the bundled sample: every entitlement placed, the cap kept, every
    overhaul in its window, no week short without hires or overtime, and the days away in
    weeks at least 10% quieter than the year's mean week."""

    data, out, cfg = sample_season.data, sample_season.out, sample_season.cfg
    leave = pd.read_csv(out / "leave_plan.csv", parse_dates=["start_date", "end_date"])
    jobs = pd.read_csv(out / "overhaul_plan.csv", parse_dates=["start_date", "end_date"])
    cap = pd.read_csv(out / "capacity.csv", parse_dates=["week"])
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
    # the capacity file's weekly cap: leave days a week within what the cap allows
    assert (cap["leave_days"] <= cap["leave_cap"]).all()
    assert cap["leave_cap"].max() <= 0.2 * len(sample_season.staff) * 5
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


def _working_in(season, start, end) -> pd.DatetimeIndex:
    """The centre's working days (open weekdays, not public holidays) from start to end."""
    days = season.working
    return days[(days >= pd.Timestamp(start)) & (days <= pd.Timestamp(end))]


@pytest.mark.slow
def test_the_sample_delivers_every_overhaul_staff_day_on_working_days(sample_season):
    """Each job's rows are its staff on each working day they span, and add up to the job:
    a crew of N for D days is N x D staff-days on D working days in a row (its span
    stretches over Sundays and holidays), a spread job its staff-days."""
    jobs = pd.read_csv(sample_season.out / "overhaul_plan.csv",
                       parse_dates=["start_date", "end_date"])
    spec = pd.read_csv(sample_season.data / "overhauls.csv", parse_dates=["earliest", "latest"])
    for job in spec.itertuples():
        rows = jobs[jobs["job_id"] == job.job_id]
        days = []
        for row in rows.itertuples():
            span = _working_in(sample_season, row.start_date, row.end_date)
            assert row.start_date in span and row.end_date in span, row  # working days only
            assert row.staff_days == row.staff * len(span), row
            days += [d for d in span for _ in range(row.staff)]
        assert min(days) >= job.earliest and max(days) <= job.latest, job.job_id
        if pd.notna(job.staff_days):
            assert len(days) == job.staff_days, job.job_id
        else:
            assert len(days) == job.staff_needed * job.duration_days, job.job_id
            start = sample_season.working.get_loc(min(days))
            run = sample_season.working[start:start + int(job.duration_days)]
            assert sorted(set(days)) == list(run), job.job_id  # D working days in a row
            assert rows["staff"].eq(job.staff_needed).all()


def _leave_days(season, dates: pd.DatetimeIndex, week_dates: pd.DatetimeIndex) -> int:
    """Leave days of a block's working days in one week, as the config defines them: a whole
    week away is `[leave] week_days` weighed by the opening hours of its working days (a
    holiday in it is not leave), a short block a day for each day."""
    if len(dates) < len(week_dates):
        return len(dates)
    hours = season.cfg.centre["hours"]

    def length(day: pd.Timestamp) -> float:
        lo, hi = hours.get(f"{day:%a}", hours["default"])
        return (pd.Timedelta(hi + ":00") - pd.Timedelta(lo + ":00")).total_seconds() / 3600

    week = sum(length(pd.Timestamp("2027-01-04") + pd.Timedelta(days=k)) for k in range(6))
    return round(season.cfg.leave["week_days"] * sum(length(d) for d in dates) / week)


@pytest.mark.slow
def test_the_sample_gives_no_one_more_leave_than_their_allowance(sample_season):
    """Planned leave recounted from the blocks' dates (whole weeks at `week_days`, short
    blocks a day a day) matches the file, and with approved leave stays within each
    person's allowance."""
    leave = pd.read_csv(sample_season.out / "leave_plan.csv",
                        parse_dates=["start_date", "end_date"])
    staff = sample_season.staff.set_index("employee_id")
    for row in leave[leave["kind"] == "planned"].itertuples():
        person, working = staff.loc[row.employee_id], sample_season.working
        mine = working[(working >= person.start_date) & (
            pd.isna(person.end_date) | (working <= person.end_date))]
        days = mine[(mine >= row.start_date) & (mine <= row.end_date)]
        weeks, mine_weeks = days.to_period("W-SUN"), mine.to_period("W-SUN")  # Monday weeks
        counted = sum(_leave_days(sample_season, days[weeks == w], mine[mine_weeks == w])
                      for w in weeks.unique())
        assert counted == row.days, row
    taken = leave.groupby("employee_id")["days"].sum()
    allowance = staff.loc[taken.index, "leave_days_per_year"]
    assert (taken <= allowance).all(), taken[taken > allowance]
    assert taken.loc["E022"] == 24  # 8 days approved in July, 16 planned


@pytest.mark.slow
def test_the_sample_keeps_the_cap_on_staff_away_every_day(sample_season):
    """On every working day the people on leave (planned or approved) and on overhauls are
    at most a fifth of those employed that day, rounded down."""
    out, staff, working = sample_season.out, sample_season.staff, sample_season.working
    leave = pd.read_csv(out / "leave_plan.csv", parse_dates=["start_date", "end_date"])
    jobs = pd.read_csv(out / "overhaul_plan.csv", parse_dates=["start_date", "end_date"])
    employed = pd.Series(0, index=working)
    for person in staff.itertuples():
        employed += (working >= person.start_date) & (
            pd.isna(person.end_date) | (working <= person.end_date))
    cap = np.floor(sample_season.cfg.leave["max_away_share"] * employed + 1e-9).clip(lower=1)
    away = pd.Series(0, index=working)
    for row in leave.itertuples():
        away[(working >= row.start_date) & (working <= row.end_date)] += 1
    for row in jobs.itertuples():
        away[(working >= row.start_date) & (working <= row.end_date)] += row.staff
    assert (away <= cap).all(), away[away > cap].head()
    assert cap.max() == 17 and away.max() >= 12  # 17 of 85; the crew of 12 on its days


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
        "--year", "1999", "--out", str(out), "--time-limit", "30"])
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
