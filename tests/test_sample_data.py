"""The bundled sample in data/ is exactly what its seeded generator makes, and is coherent."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import locations
import pandas as pd
import pytest

from wfm.core.calendar import calendar_from_config
from wfm.core.config import load_config
from wfm.forecast.history import load_history

DATA = locations.REPO / "data"
FILES = ("config.toml", "history.csv", "employees.csv", "time_off.csv", "overhauls.csv",
         "special_days.csv", "surveys.csv", "tickets.csv",
         "orders.csv")


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    subprocess.run([sys.executable, str(DATA / "generate.py"), "--out", str(out)], check=True,
                   capture_output=True)
    return out


@pytest.mark.parametrize("name", FILES)
def test_generator_reproduces_the_committed_file_byte_for_byte(regenerated, name):
    assert (regenerated / name).read_bytes() == (DATA / name).read_bytes()


def test_another_seed_gives_other_history(tmp_path):
    subprocess.run([sys.executable, str(DATA / "generate.py"), "--out", str(tmp_path),
                    "--seed", "7"], check=True, capture_output=True)
    assert (tmp_path / "history.csv").read_bytes() != (DATA / "history.csv").read_bytes()


def test_sample_is_three_years_closed_on_sundays_with_closed_holidays_at_zero():
    cfg = load_config(DATA / "config.toml")
    hist = load_history(DATA / "history.csv", cfg)
    cal = calendar_from_config(cfg)
    assert hist.first_day == pd.Timestamp("2023-12-01")
    assert hist.last_day == pd.Timestamp("2026-11-30")
    sundays = hist.daily[hist.daily.index.day_of_week == 6]
    assert sundays.isna().all()  # no rows: closed, a gap not a zero
    assert hist.daily[pd.Timestamp("2025-12-25")] == 0.0  # Christmas: the ACD reports zero
    assert cal.special_days  # the config names its special-days file
    # weekly and yearly seasonality are there: Mondays above Saturdays, December above July
    by_weekday = hist.daily.groupby(hist.daily.index.day_of_week).mean()
    assert by_weekday[0] > 2 * by_weekday[5]
    by_month = hist.daily["2025"].groupby(hist.daily["2025"].index.month).mean()
    assert by_month[12] > 1.15 * by_month[7]


def test_staff_files_refer_to_known_employees_and_contracts():
    cfg = load_config(DATA / "config.toml")
    employees = pd.read_csv(DATA / "employees.csv")
    time_off = pd.read_csv(DATA / "time_off.csv")
    assert len(employees) >= 60 and employees["employee_id"].is_unique
    assert set(employees["contract"]) <= {c["name"] for c in cfg.contracts}
    assert set(time_off["employee_id"]) <= set(employees["employee_id"])
    assert set(time_off["kind"]) <= {"approved", "requested"}
    shifts = {s["name"] for s in cfg.shifts}
    for contract in cfg.contracts:
        assert set(contract["shifts"]) <= shifts


def _regular_roster(people: int, days: int) -> str:
    rows = ["employee_id,name,date,start,end,activity,paid_minutes"]
    for day in pd.bdate_range("2026-11-02", periods=days):
        d = f"{day:%Y-%m-%d}"
        for i in range(people):
            e = f"E{i + 1:03d}"
            rows += [f"{e},P,{d},{d}T08:00,{d}T16:30,WORK,480",
                     f"{e},P,{d},{d}T10:00,{d}T10:15,BREAK,15",
                     f"{e},P,{d},{d}T12:00,{d}T12:30,LUNCH,0"]
    return "\n".join(rows) + "\n"


def test_a_drawn_activity_log_adheres_as_documented(tmp_path):
    from wfm.schedule.report.adherence import adherence, load_activity
    from wfm.schedule.report.inputs import load_roster_long

    (tmp_path / "roster_long.csv").write_text(_regular_roster(40, 20))
    logs = []
    for out in ("a", "b"):
        subprocess.run([sys.executable, str(DATA / "generate.py"), "--activity-from",
                        str(tmp_path / "roster_long.csv"), "--out", str(tmp_path / out)],
                       check=True, capture_output=True)
        logs.append((tmp_path / out / "activity.csv").read_bytes())
    assert logs[0] == logs[1]  # the same seed, the same log
    cfg = load_config(DATA / "config.toml").report
    roster = load_roster_long(tmp_path / "roster_long.csv", "America/Chicago")
    totals, people, _ = adherence(roster, load_activity(tmp_path / "a" / "activity.csv"),
                                  roster["date"].min(), roster["date"].max(),
                                  cfg["phone_states"], cfg["break_states"],
                                  cfg["adherence_grace_minutes"], 30)
    assert 0.85 <= totals["adherence"] <= 0.92  # data/README.md: adherence around 85-92%
    assert people["adherence"].std() > 0.01  # people differ
