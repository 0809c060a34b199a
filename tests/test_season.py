"""The season plan on small hand-made years: every leave day placed, the cap on staff away
kept, leave and overhauls in the quiet weeks, jobs inside their windows and in order,
hires only after the lead time, and bad input said in one line."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from wfm.cli import main
from wfm.core.calendar import calendar_from_config
from wfm.core.config import parse_config
from wfm.core.errors import InputError
from wfm.schedule.roster.shifts import load_contracts, load_shifts
from wfm.schedule.roster.staff import Employee
from wfm.schedule.yearplan.capacity import team_year, year_weeks
from wfm.schedule.yearplan.exports import capacity, leave_plan, overhaul_plan
from wfm.schedule.yearplan.model import entitlement, plan_season, season_rules
from wfm.schedule.yearplan.overhauls import Job, load_overhauls

YEAR = 2027
NO_TIME_OFF = pd.DataFrame(columns=["employee_id", "start_date", "end_date", "kind"])


def _config(**season) -> object:
    return parse_config({
        "centre": {"open_days": ["Mon", "Tue", "Wed", "Thu", "Fri"], "week_start": "Mon",
                   "hours": {"default": ["08:00", "16:00"]}},
        "shift": [{"name": "day", "start": ["08:00", "08:00"], "hours": 8}],
        "contract": [{"name": "ft", "hours_per_week": [32, 40], "shifts": ["day"],
                      "cost_per_hour": 20.0},
                     {"name": "pt", "hours_per_week": [16, 20], "shifts": ["day"],
                      "cost_per_hour": 18.0}],
        "leave": {"min_block_days": 5, "max_away_share": 0.2},
        "season": {"hire_contract": "pt", "hire_lead_weeks": 6, "hire_min_weeks": 4, **season},
    })


def _year(cfg, people: list[Employee], need_per_week) -> object:
    cal = calendar_from_config(cfg)
    contracts = load_contracts(cfg, load_shifts(cfg))
    weeks = year_weeks(YEAR, 0)
    need = np.asarray(need_per_week(np.arange(len(weeks))), dtype=float)
    year = team_year(YEAR, cal, 0, people, contracts, set(), 5, need * 10, need)
    share = np.array([len(days) / 5 for days in year.days])  # partial weeks at the ends
    year.need, year.volume = need * share, need * 10 * share
    return year, contracts


def _people(n: int, leave_days: int = 20) -> list[Employee]:
    return [Employee(f"E{i}", f"Person {i}", "ft", leave_days_per_year=leave_days)
            for i in range(1, n + 1)]


def _seasonal(weeks: np.ndarray) -> np.ndarray:
    """A busy winter and a quiet summer: 10 people's worth of hours, +-30%."""
    return 400.0 * (1 + 0.3 * np.cos(2 * np.pi * weeks / 52))


def _solve(cfg, year, contracts, jobs=(), time_limit=20.0):
    rules = season_rules(cfg, contracts)
    return plan_season(year, list(jobs), rules, set(), contracts, time_limit=time_limit,
                       workers=2), rules


def test_every_leave_day_is_placed_and_the_cap_holds():
    cfg = _config()
    year, contracts = _year(cfg, _people(12), _seasonal)
    result, rules = _solve(cfg, year, contracts)
    placed = defaultdict(int)
    for (e, _), days in result.leave.items():
        placed[e] += days
    due = entitlement(year, rules)
    assert [placed[e] for e in range(12)] == list(due)
    per_week = defaultdict(int)
    for (_, w), days in result.leave.items():
        per_week[w] += days
    assert max(per_week.values()) <= 0.2 * 12 * 5 + 1e-9


def test_leave_goes_to_the_quiet_weeks():
    cfg = _config()
    year, contracts = _year(cfg, _people(12), _seasonal)
    result, _ = _solve(cfg, year, contracts)
    days = np.zeros(len(year.weeks))
    for (_, w), n in result.leave.items():
        days[w] += n
    weighted = (year.need * days).sum() / days.sum()
    assert weighted < 0.85 * year.need[1:-1].mean()


def test_blocks_are_whole_weeks_with_the_rest_beside_them():
    cfg = _config()
    year, contracts = _year(cfg, _people(4, leave_days=23), _seasonal)
    result, _ = _solve(cfg, year, contracts)
    frame = leave_plan(year, result, NO_TIME_OFF)
    for _, rows in frame.groupby("employee_id"):
        assert rows["days"].sum() == 23
        assert (rows["days"] >= 5).all()  # no block shorter than min_block_days


def test_overhauls_stay_in_their_windows_and_in_order():
    cfg = _config()
    year, contracts = _year(cfg, _people(12), _seasonal)
    jobs = [Job("training", pd.Timestamp("2027-03-01"), pd.Timestamp("2027-05-31"),
                staff_days=40),
            Job("switch-over", pd.Timestamp("2027-03-01"), pd.Timestamp("2027-08-31"),
                staff_needed=3, duration_days=10, after="training")]
    result, _ = _solve(cfg, year, contracts, jobs)
    frame = overhaul_plan(year, jobs, result)
    training = frame[frame["job_id"] == "training"]
    assert training["staff_days"].sum() == 40
    assert (pd.to_datetime(training["start_date"]) >= "2027-03-01").all()
    assert (pd.to_datetime(training["end_date"]) <= "2027-05-31").all()
    crew = frame[frame["job_id"] == "switch-over"]
    start = result.crew_start["switch-over"]
    assert pd.Timestamp("2027-03-01") <= start <= pd.Timestamp("2027-08-22")
    assert pd.to_datetime(crew["start_date"]).min() > pd.to_datetime(training["end_date"]).max()
    # three people for ten running days: 3 x the open days of those ten days
    open_days = sum(1 for d in pd.date_range(start, periods=10) if d.day_of_week < 5)
    assert crew["staff_days"].sum() == 3 * open_days


def test_busy_weeks_beyond_the_team_are_covered_by_hires_after_the_lead_time():
    cfg = _config(overtime_share=0.0)
    # weeks 30-40 need 600 h a week; ten people give 400
    year, contracts = _year(cfg, _people(10, leave_days=0),
                            lambda w: np.where((w >= 30) & (w <= 40), 600.0, 300.0))
    result, _ = _solve(cfg, year, contracts)
    cap = capacity(year, result, 20.0)
    assert (cap["gap"] == 0).all()
    assert (cap.loc[30:40, "hires"] >= 10).all()  # 200 h / 20 h per part-timer
    assert result.hires_started[:6].sum() == 0  # no one starts inside the lead time
    supply = cap["available"] - cap["on_leave"] - cap["on_overhaul"] + cap["hire_hours"]
    assert (supply + cap["overtime"] + 1e-6 >= cap["required"]).all()


def test_a_need_before_the_lead_time_shows_as_a_gap():
    cfg = _config(overtime_share=0.0)
    year, contracts = _year(cfg, _people(10, leave_days=0),
                            lambda w: np.where(w == 2, 600.0, 300.0))
    result, _ = _solve(cfg, year, contracts)
    assert result.gap[2] == pytest.approx(200.0, abs=0.2)
    assert result.gap.sum() == pytest.approx(result.gap[2])


def test_overhaul_window_shorter_than_the_job(tmp_path):
    path = tmp_path / "overhauls.csv"
    path.write_text("job_id,staff_days,staff_needed,duration_days,earliest,latest\n"
                    "switch,,4,10,2027-03-01,2027-03-05\n")
    with pytest.raises(InputError) as info:
        load_overhauls(path)
    text = str(info.value)
    assert "row 1" in text and "'latest'" in text and "10 days" in text


def _season_cli(tmp_path, *, employees: str | None = None, overhauls: str | None = None,
                time_off: str | None = None):
    from pathlib import Path
    data = Path(__file__).resolve().parents[1] / "data"
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
    from pathlib import Path
    rows = (Path(__file__).resolve().parents[1] / "data" / "employees.csv").read_text()
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


def test_the_sample_year_end_to_end(tmp_path):
    """`wfm season` on the bundled sample: every entitlement placed, the cap kept, every
    overhaul in its window, no week short without hires or overtime, and the days away in
    weeks at least 10% quieter than the year's mean week."""
    from pathlib import Path

    from wfm.core.config import load_config
    data = Path(__file__).resolve().parents[1] / "data"
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
    from wfm.schedule.roster.staff import days_off, load_employees, load_time_off
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


def test_popular_requested_weeks_are_shared_out():
    """Three people ask for the same two summer weeks; the cap lets one away per week, so
    two of them get one week each instead of one person getting both."""
    cfg = _config()
    cfg.leave["max_away_share"] = 0.05  # one person's week at a time
    year, contracts = _year(cfg, _people(12, leave_days=10), _seasonal)
    rules = season_rules(cfg, contracts)
    summer = [w for w, start in enumerate(year.weeks) if start.month == 7][:2]
    asked = {(e, w) for e in range(3) for w in summer}
    result = plan_season(year, [], rules, asked, contracts, time_limit=20.0, workers=2)
    granted = defaultdict(int)
    for e, w in result.leave:
        if (e, w) in asked:
            granted[e] += 1
    assert sorted(granted.values()) == [1, 1]  # two people, one popular week each


def test_a_holiday_on_a_short_day_takes_less_from_the_week():
    """Days are weighed by their opening hours: a holiday on a 4-hour Saturday costs the
    team less than one on a 16-hour weekday, and a week away costs fewer leave days."""
    cfg = parse_config({
        "centre": {"open_days": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
                   "week_start": "Sun", "country": "",
                   "hours": {"default": ["08:00", "24:00"], "Sat": ["20:00", "24:00"]}},
        "shift": [{"name": "day", "start": ["08:00", "15:30"], "hours": 8}],
        "contract": [{"name": "ft", "hours_per_week": [35, 42], "shifts": ["day"]}],
    })
    special = {pd.Timestamp("2027-03-06"): "Sat", pd.Timestamp("2027-03-08"): "Mon"}

    class WithHolidays(type(calendar_from_config(cfg))):
        def holidays(self, start, end):
            return {d: n for d, n in special.items() if start <= d <= end}

    base = calendar_from_config(cfg)
    cal = WithHolidays(**{f: getattr(base, f) for f in base.__dataclass_fields__})
    contracts = load_contracts(cfg, load_shifts(cfg))
    weeks = year_weeks(YEAR, 6)
    year = team_year(YEAR, cal, 6, _people(1), contracts, set(), 5, np.zeros(len(weeks)),
                     np.zeros(len(weeks)))
    starts = [start.date().isoformat() for start in year.weeks]
    hours = dict(zip(starts, year.hours[0], strict=True))
    week_hours = 6 * 16 + 4  # opening hours of a full week
    assert hours["2027-02-21"] == pytest.approx(42)
    assert hours["2027-02-28"] == pytest.approx(42 * (week_hours - 4) / week_hours)  # Sat 6th
    assert hours["2027-03-07"] == pytest.approx(42 * (week_hours - 16) / week_hours)  # Mon 8th
    days = dict(zip(starts, year.work_days[0], strict=True))
    assert round(days["2027-02-21"]) == 5 and round(days["2027-03-07"]) == 4


def test_bank_1999_keeps_leave_out_of_the_busiest_month(tmp_path, bank_6min):
    """The real bank year, planned from its own actual volume with the Israeli calendar
    (config only) and the generated team data/bank_1999_team.csv. Months are ranked by
    mean calls per open day, public holidays left out, counted here from the raw file: the
    busiest month gets (almost) no leave and the quietest gets the most."""
    from pathlib import Path

    import holidays

    root = Path(__file__).resolve().parents[1]
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
