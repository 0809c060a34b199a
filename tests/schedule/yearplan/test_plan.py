"""The year plan end to end (schedule/yearplan/plan.py): requested leave weeks, the plan's
summary lines and files, the entitlement check made before any forecast, and `solve_year`
and `wfm season` on the bundled sample (slow)."""

from __future__ import annotations

import locations
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from wfm.cli import main
from wfm.core.calendar import calendar_from_config
from wfm.core.config import load_config
from wfm.core.errors import InputError
from wfm.core.output import write_all
from wfm.schedule.roster.shifts import load_contracts, load_shifts
from wfm.schedule.roster.staff import days_off, load_employees, load_time_off
from wfm.schedule.yearplan import plan as plan_module
from wfm.schedule.yearplan.capacity import team_year
from wfm.schedule.yearplan.exports import capacity, leave_plan, overhaul_plan
from wfm.schedule.yearplan.model import entitlement, season_rules
from wfm.schedule.yearplan.plan import YEARPLAN_FILES, YearPlan, requested_weeks, solve_year

YEAR = 2027


def _hand_plan(season) -> YearPlan:
    return YearPlan(year=YEAR, source="forecast", team=season.year, result=season.result,
                    leave=leave_plan(season.year, season.result, season.time_off),
                    overhauls=overhaul_plan(season.year, season.jobs, season.result),
                    capacity=capacity(season.year, season.result, 20.0),
                    centre="Tiny Centre")


# -- requested weeks -------------------------------------------------------------------------

def test_a_week_is_requested_when_its_first_leave_days_are_all_asked_off(season):
    monday = season.monday
    off = pd.DataFrame({
        "employee_id": ["E1", "E2", "E1", "E3"],
        "start_date": [monday(10), monday(10), monday(11), pd.Timestamp("2027-01-01")],
        "end_date": [monday(10) + pd.Timedelta(days=4), monday(10) + pd.Timedelta(days=3),
                     monday(11) + pd.Timedelta(days=4), pd.Timestamp("2027-01-01")],
        "kind": ["requested", "requested", "approved", "requested"]})
    people = season.people
    # E1 asked the whole of week 10; E2 only Mon-Thu of it; E1's week 11 is approved
    # leave, not a request; E3 asked Fri 1 Jan, the only open day of week 0
    assert requested_weeks(season.year, people, off, 5) == {(0, 10), (2, 0)}
    # when a week away is three leave days, Mon-Wed asked off is enough
    assert requested_weeks(season.year, people, off, 3) == {(0, 10), (1, 10), (2, 0)}


def test_no_requests_no_requested_weeks(season):
    off = season.time_off  # approved leave only
    assert requested_weeks(season.year, season.people, off, 5) == set()


# -- the plan's summary and files ------------------------------------------------------------

def test_the_summary_says_the_volume_and_need_then_the_plans_outcome(season):
    # 100 h a week (10 in the first, 150 in weeks 40-44) at ten contacts an hour; three
    # full-timers give 40 h x 261 days / 5, less E3's 6 days of approved leave
    assert _hand_plan(season).summary() == [
        "season 2027: volume forecast, 54,600 contacts, need 5,460 paid hours, team 6,216 "
        "hours before leave",
        "season: FEASIBLE in 12 s; 22 leave days in 3 blocks, 33 overhaul staff-days, 2 "
        "hires, 12 overtime hours, gap 5 h"]


def test_the_plan_writes_its_four_files_and_they_read_back(season, tmp_path):
    plan = _hand_plan(season)
    files = plan.files()
    assert tuple(files) == YEARPLAN_FILES
    write_all(tmp_path, files)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(YEARPLAN_FILES)
    leave = pd.read_csv(tmp_path / "leave_plan.csv", parse_dates=["start_date", "end_date"])
    assert leave["days"].tolist() == plan.leave["days"].tolist()
    assert leave["start_date"].dt.date.tolist() == plan.leave["start_date"].tolist()
    jobs = pd.read_csv(tmp_path / "overhaul_plan.csv")
    assert jobs[["job_id", "staff_days", "staff"]].values.tolist() == \
        plan.overhauls[["job_id", "staff_days", "staff"]].values.tolist()
    cap = pd.read_csv(tmp_path / "capacity.csv")
    assert len(cap) == 53 and cap["overtime"].iloc[41] == 12.4
    assert np.allclose(cap["spare"], plan.capacity["spare"].round(1))
    assert (tmp_path / "season.png").read_bytes()[:4] == b"\x89PNG"


def test_the_plans_chart_is_titled_with_the_centre_and_year(season):
    import matplotlib.pyplot as plt

    _hand_plan(season).files()
    ax = plt.figure(plt.get_fignums()[-1]).axes[0]
    assert ax.get_title() == "Tiny Centre: hours required and available by week, 2027"


# -- the entitlement check, before any forecast ----------------------------------------------

@pytest.fixture
def no_forecast(monkeypatch):
    """The year's volume must not be asked for: the check comes first."""
    def forecast(*args, **kwargs):
        raise AssertionError("the year was forecast before the team was checked")
    monkeypatch.setattr(plan_module, "year_intervals", forecast)


def _team_files(tmp_path, leave: str, time_off: str = ""):
    employees = tmp_path / "employees.csv"
    employees.write_text("employee_id,name,contract,leave_days_per_year\n"
                         f"E1,Ann,ft,12\nE2,Bo,ft,{leave}\nE3,Cy,pt,5\n")
    off = tmp_path / "time_off.csv"
    off.write_text("employee_id,start_date,end_date,kind\n" + time_off)
    return employees, off


def test_an_entitlement_beyond_the_working_days_fails_before_any_forecast(
        tmp_path, tiny_year, no_forecast):
    cfg = tiny_year.config()
    employees, off = _team_files(tmp_path, "400")
    with pytest.raises(InputError) as info:
        solve_year(None, cfg, calendar_from_config(cfg), YEAR, employees, off)
    # 2027 has 261 weekdays, and no public holidays in this centre
    assert str(info.value) == (f"{employees}, row 2, column 'leave_days_per_year': employee "
                               "E2: 400 leave days to place in 2027 but only 261 working days "
                               "left for them")


def test_approved_leave_counts_against_the_entitlement_and_its_week(
        tmp_path, tiny_year, no_forecast):
    cfg = tiny_year.config()
    employees, off = _team_files(tmp_path, "300", "E2,2027-03-08,2027-03-08,approved\n")
    with pytest.raises(InputError) as info:
        solve_year(None, cfg, calendar_from_config(cfg), YEAR, employees, off)
    # one day taken leaves 299 to place; the week of that day is closed to planned leave
    assert "employee E2: 299 leave days to place in 2027 but only 256 working days" in \
        str(info.value)


def test_bad_team_files_fail_before_any_forecast(tmp_path, tiny_year, no_forecast):
    cfg = tiny_year.config()
    employees, off = _team_files(tmp_path, "10", "E9,2027-03-08,2027-03-08,approved\n")
    with pytest.raises(InputError, match="row 1, column 'employee_id'"):
        solve_year(None, cfg, calendar_from_config(cfg), YEAR, employees, off)
    jobs = tmp_path / "overhauls.csv"
    jobs.write_text("job_id,staff_days,earliest,latest\nx,5,2027-03-31,2027-03-01\n")
    with pytest.raises(InputError, match="row 1, column 'latest'"):
        solve_year(None, cfg, calendar_from_config(cfg), YEAR, employees, None, jobs)


# -- solve_year on the bundled sample (slow) -------------------------------------------------

@pytest.fixture(scope="module")
def sample_plan(sample_dir, tmp_path_factory):
    """The sample's history and config with six of its people and one small job."""
    from wfm.forecast.history import load_history

    folder = tmp_path_factory.mktemp("season")
    lines = (sample_dir / "employees.csv").read_text().splitlines()
    (folder / "employees.csv").write_text("\n".join(lines[:7]) + "\n")
    (folder / "overhauls.csv").write_text("job_id,staff_days,earliest,latest\n"
                                          "headsets,6,2027-03-01,2027-03-31\n")
    cfg = load_config(sample_dir / "config.toml")
    history = load_history(sample_dir / "history.csv", cfg)
    plan = solve_year(history, cfg, calendar_from_config(cfg), YEAR, folder / "employees.csv",
                      None, folder / "overhauls.csv", time_limit=5, workers=2)
    return cfg, plan


@pytest.mark.slow
def test_solve_year_plans_the_samples_forecast_year(sample_plan):
    _, plan = sample_plan
    assert plan.year == YEAR and plan.source == "forecast"  # the history ends in Nov 2026
    assert plan.centre == "Northwind Support"
    assert [p.employee_id for p in plan.team.people] == [f"E00{i}" for i in range(1, 7)]
    assert len(plan.capacity) == 53 and str(plan.capacity["week"].iloc[0]) == "2026-12-28"
    # every full week has contacts and needs hours, and the capacity file carries that need
    full = [w for w, days in enumerate(plan.team.days) if len(days) >= 5]
    assert (plan.team.volume[full] > 0).all() and (plan.team.need[full] > 0).all()
    assert np.allclose(plan.capacity["required"], plan.team.need)
    first, second = plan.summary()
    assert first.startswith(
        f"season 2027: volume forecast, {plan.team.volume.sum():,.0f} contacts, need "
        f"{plan.team.need.sum():,.0f} paid hours")
    assert second.startswith(f"season: {plan.result.status} in ")
    assert ", 6 overhaul staff-days, " in second
    assert tuple(plan.files()) == YEARPLAN_FILES


@pytest.mark.slow
def test_solve_year_places_each_entitlement_outside_the_blackout(sample_plan):
    cfg, plan = sample_plan
    contracts = load_contracts(cfg, load_shifts(cfg))
    due = entitlement(plan.team, season_rules(cfg, contracts))
    planned = plan.leave[plan.leave["kind"] == "planned"]
    by_person = planned.groupby("employee_id")["days"].sum()
    assert [int(by_person.get(p.employee_id, 0)) for p in plan.team.people] == list(due)
    assert (planned["days"] >= cfg.leave["min_block_days"]).all()
    assert (pd.to_datetime(planned["end_date"]) < pd.Timestamp("2027-11-22")).all()
    jobs = plan.overhauls
    assert jobs["job_id"].unique().tolist() == ["headsets"] and jobs["staff_days"].sum() == 6
    assert (pd.to_datetime(jobs["start_date"]) >= pd.Timestamp("2027-03-01")).all()
    assert (pd.to_datetime(jobs["end_date"]) <= pd.Timestamp("2027-03-31")).all()


# -- `wfm season`: bad input in one line, and the sample and bank years (moved here from
# -- test_model.py: they run solve_year through the command line) --------------------------

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
