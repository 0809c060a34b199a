"""The year plan end to end (schedule/yearplan/plan.py): requested leave weeks, the plan's
summary lines and files, the entitlement check made before any forecast, and `solve_year`
on the bundled sample (slow; `wfm season` is tested in tests/cli/test_season.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm.core.calendar import calendar_from_config
from wfm.core.config import load_config
from wfm.core.errors import InputError
from wfm.core.output import write_all
from wfm.schedule.roster.shifts import load_contracts, load_shifts
from wfm.schedule.yearplan import exports
from wfm.schedule.yearplan import plan as plan_module
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
        "season: FEASIBLE in 12 s; 22 leave days in 3 blocks, 39 overhaul staff-days, 2 "
        "hires, 12 overtime hours, gap 5 h",
        # the crew of three and E2's leave on Wed 19 May (a hand-placed plan: no cap kept)
        "season: the most people away on one day is 4 (19 May, on leave or overhauls), "
        "against a cap of 1"]


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
    first, second, third = plan.summary()
    assert first.startswith(
        f"season 2027: volume forecast, {plan.team.volume.sum():,.0f} contacts, need "
        f"{plan.team.need.sum():,.0f} paid hours")
    assert second.startswith(f"season: {plan.result.status} in ")
    assert ", 6 overhaul staff-days, " in second
    # six people, a fifth of them away at most: one a day; the forecast's busiest month
    per_day = pd.Series(plan.team.day_volume, index=pd.DatetimeIndex(plan.team.dates))
    busiest = per_day.groupby(per_day.index.month).mean()
    assert third.startswith("season: the most people away on one day is 1 (")
    assert third.endswith(f"against a cap of 1; no leave in "
                          f"{pd.Timestamp(2027, busiest.idxmax(), 1):%B}, the busiest month "
                          f"({busiest.max():,.0f} contacts a working day)")
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



# -- the bank's real 1999 volume, a generated Israeli team (slow) ---------------------------

@pytest.fixture(scope="module")
def israeli_year(bank_6min_history, bank_6min_raw, tmp_path_factory):
    """The Anonymous Bank's 1999 year from its own actual volume, with the Israeli calendar of
    examples/bank_1999.toml, planned for a generated team of 30 full-timers with 20 leave
    days each and at most 15% of them away; with the months ranked by mean calls per open
    day, public holidays left out, counted here from the raw file."""
    import holidays
    import locations

    team = tmp_path_factory.mktemp("israeli") / "team.csv"
    team.write_text("employee_id,name,contract,leave_days_per_year,start_date\n" + "".join(
        f"I{i:02d},Agent {i},full-time,20,1998-01-04\n" for i in range(1, 31)))
    cfg = load_config(locations.EXAMPLES / "bank_1999.toml")
    cfg.leave["max_away_share"] = 0.15
    plan = solve_year(bank_6min_history, cfg, calendar_from_config(cfg), 1999, team,
                      time_limit=10, workers=2)
    daily = bank_6min_raw.groupby(pd.to_datetime(bank_6min_raw["date"]))["calls"].sum()
    closed = holidays.country_holidays("IL", years=1999)
    per_day = daily[[d.date() not in closed for d in daily.index]]
    ranked = per_day.groupby(per_day.index.month).mean().sort_values()  # quietest first
    # person-days on leave by month: each working day of each block
    working = pd.DatetimeIndex(plan.team.dates)
    by_month = pd.Series(0, index=range(1, 13))
    for row in plan.leave.itertuples():
        days = working[(working >= pd.Timestamp(row.start_date))
                       & (working <= pd.Timestamp(row.end_date))]
        by_month = by_month.add(days.month.value_counts(), fill_value=0)
    return plan, ranked, by_month


@pytest.mark.slow
def test_no_leave_in_the_busiest_month_when_the_other_months_have_room(israeli_year):
    plan, ranked, by_month = israeli_year
    busiest = int(ranked.index[-1])  # December 1999: 1,389 calls a day
    assert plan.result.busiest[0] == busiest and plan.result.busiest_kept
    assert by_month[busiest] == 0
    for row in plan.leave.itertuples():  # no block so much as touches the month
        span = pd.date_range(row.start_date, row.end_date)
        assert not (span.month == busiest).any(), row
    # the rest of the leave fits under the cap, each person's allowance in full
    assert (plan.leave.groupby("employee_id")["days"].sum() == 20).all()
    assert len(plan.leave["employee_id"].unique()) == 30
    away = exports.people_away(plan.team, plan.result, plan.leave)
    assert (away["cap"] == 4).all() and (away["away"] <= 4).all()  # 15% of 30, rounded down


@pytest.mark.slow
def test_the_quietest_months_take_more_leave_than_the_busiest(israeli_year):
    _, ranked, by_month = israeli_year
    quiet, busy = list(ranked.index[:3]), list(ranked.index[-3:])
    assert by_month[quiet].sum() > by_month[busy].sum(), by_month.to_dict()
