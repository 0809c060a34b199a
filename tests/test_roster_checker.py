"""The independent roster checker (tests/roster_checker.py) on hand-made rosters (the real
`wfm roster` output is checked with it in tests/cli/test_roster.py).

The fixture is one week of a tiny centre in December 2026 (Monday 7 to Sunday 13; open
Monday to Saturday, hourly intervals, 08:00-22:00 and Saturdays 08:00-14:00). Its three
people are employed for that week only, so every other week of the month has a pro-rated
minimum of 0 hours:

    E1 Ada (full-time 36-40 h)  early 08:00-16:30 Mon-Fri, BREAK 10:00, LUNCH 12:00 (unpaid)
                                 = 5 x 8 = 40 paid h; OFF Sat and Sun
    E2 Ben (part-time 16-24 h)  short 09:00-13:30 Mon-Thu, BREAK 11:00 (paid)
                                 = 4 x 4.5 = 18 paid h; OFF Fri
    E3 Cy  (full-time)          late 13:00-21:30 Mon-Tue, BREAK 15:00, LUNCH 17:00;
                                 approved leave Wed-Fri; early 08:00-16:30 Sat
                                 = 24 paid h >= 36 x 3/6 = 18

The config sets `[service] min_agents = 0` (the hand roster leaves open hours empty, so
rule 10's floor is off unless a test turns it on) and `[roster] start_spread_hours = 5`
(E3 starts at 13:00 and 08:00 in one week: exactly the limit). Rule 11 needs people
employed all month: `flex_people` adds them on a `flex` contract with no hours, rest or
consecutive-day limits, so that only rules 11-13 look at their rows.

Each rule then gets a test that breaks exactly that rule and expects exactly its message.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import locations
import pandas as pd
import pytest
from roster_checker import COVERAGE_COLUMNS, LONG_COLUMNS, check_roster

MONTH = "2026-12"
REPO = locations.REPO

CONFIG = """
[centre]
name = "Tiny"
open_days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
week_start = "Mon"
interval_minutes = 60

[centre.hours]
default = ["08:00", "22:00"]
Sat = ["08:00", "14:00"]

[service]
min_agents = 0

[roster]
start_spread_hours = 5

[[shift]]
name = "early"
start = ["08:00", "09:00"]
hours = 8.5
breaks = [
  { minutes = 15, within = [1.5, 3.0], activity = "BREAK" },
  { minutes = 30, within = [3.5, 5.0], activity = "LUNCH", paid = false },
]

[[shift]]
name = "late"
start = ["12:00", "14:00"]
hours = 8.5
breaks = [
  { minutes = 15, within = [1.5, 3.0], activity = "BREAK" },
  { minutes = 30, within = [3.5, 5.0], activity = "LUNCH", paid = false },
]

[[shift]]
name = "short"
start = ["08:00", "16:00"]
hours = 4.5
breaks = [{ minutes = 15, within = [1.5, 3.0], activity = "BREAK" }]

[[contract]]
name = "full-time"
hours_per_week = [36, 40]
max_consecutive_days = 6
min_rest_hours = 11
shifts = ["early", "late"]

[[contract]]
name = "part-time"
hours_per_week = [16, 24]
max_consecutive_days = 4
min_rest_hours = 11
shifts = ["short"]
"""

NAMES = {"E1": "Ada Lovelace", "E2": "Ben Okafor", "E3": "Cy Tan",
         "E4": "Dee Moss", "E5": "Eli Park", "E6": "Fay Quint"}     # E4-E6: flex_people
EMPLOYEES = [
    {"employee_id": "E1", "name": NAMES["E1"], "contract": "full-time",
     "start_date": "2026-12-07", "end_date": "2026-12-13"},
    {"employee_id": "E2", "name": NAMES["E2"], "contract": "part-time",
     "start_date": "2026-12-07", "end_date": "2026-12-13"},
    {"employee_id": "E3", "name": NAMES["E3"], "contract": "full-time",
     "start_date": "2026-12-07", "end_date": "2026-12-13"},
]
TIME_OFF = [
    {"employee_id": "E3", "start_date": "2026-12-09", "end_date": "2026-12-11",
     "kind": "approved"},
    {"employee_id": "E1", "start_date": "2026-12-07", "end_date": "2026-12-07",
     "kind": "requested"},    # requested only: E1 may work that day
]

# Employees on the phones for the whole hour, counted by hand from the roster above.
# Mon-Fri rows are 08:00 ... 21:00 (14 hours), Saturday rows 08:00 ... 13:00.
HAND_COVERAGE = {
    "2026-12-07": "1 2 1 1 1 2 2 1 1 0 1 1 1 0",   # E1, E2, E3 (late)
    "2026-12-08": "1 2 1 1 1 2 2 1 1 0 1 1 1 0",
    "2026-12-09": "1 2 1 1 1 1 1 1 0 0 0 0 0 0",   # E1, E2
    "2026-12-10": "1 2 1 1 1 1 1 1 0 0 0 0 0 0",
    "2026-12-11": "1 1 0 1 0 1 1 1 0 0 0 0 0 0",   # E1
    "2026-12-12": "1 1 0 1 0 1",                   # E3 (early)
}


# -- building rosters by hand ------------------------------------------------------------------
def row(emp: str, day: str, start: str, end: str, activity: str, paid: float) -> dict:
    return {"employee_id": emp, "name": NAMES.get(emp, "Nobody"), "date": day,
            "start": start, "end": end, "activity": activity, "paid_minutes": f"{paid:g}"}


def at(day: str, clock: str, minutes: float = 0) -> str:
    t = datetime.fromisoformat(f"{day}T{clock}") + timedelta(minutes=minutes)
    return t.strftime("%Y-%m-%dT%H:%M")


def shift(emp: str, day: str, start: str, hours: float,
          breaks: tuple[tuple[str, str, int], ...], paid: float | None = None) -> list[dict]:
    """A WORK row and its breaks; LUNCH is the unpaid break in this fixture."""
    unpaid = sum(m for act, _, m in breaks if act == "LUNCH")
    rows = [row(emp, day, at(day, start), at(day, start, hours * 60), "WORK",
                hours * 60 - unpaid if paid is None else paid)]
    for act, clock, minutes in breaks:
        rows.append(row(emp, day, at(day, clock), at(day, clock, minutes), act,
                        0 if act == "LUNCH" else minutes))
    return rows


def early(emp: str, day: str) -> list[dict]:
    return shift(emp, day, "08:00", 8.5, (("BREAK", "10:00", 15), ("LUNCH", "12:00", 30)))


def late(emp: str, day: str, start: str = "13:00") -> list[dict]:
    h = int(start[:2])
    return shift(emp, day, start, 8.5, (("BREAK", f"{h + 2:02d}:00", 15),
                                        ("LUNCH", f"{h + 4:02d}:00", 30)))


def short(emp: str, day: str, start: str = "09:00") -> list[dict]:
    h, m = int(start[:2]), start[3:]
    return shift(emp, day, start, 4.5, (("BREAK", f"{h + 2:02d}:{m}", 15),))


def whole_day(emp: str, day: str, activity: str, paid: float = 0, end: str | None = None):
    return [row(emp, day, f"{day}T00:00", end or f"{day}T24:00", activity, paid)]


def valid_roster() -> list[dict]:
    rows: list[dict] = []
    for d in range(7, 12):
        rows += early("E1", f"2026-12-{d:02d}")
    rows += whole_day("E1", "2026-12-12", "OFF")
    rows += whole_day("E1", "2026-12-13", "OFF", end="2026-12-14T00:00")   # both forms read
    for d in range(7, 11):
        rows += short("E2", f"2026-12-{d:02d}")
    rows += whole_day("E2", "2026-12-11", "OFF")
    rows += late("E3", "2026-12-07") + late("E3", "2026-12-08")
    for d in (9, 10, 11):
        rows += whole_day("E3", f"2026-12-{d:02d}", "LEAVE", paid=480)
    rows += early("E3", "2026-12-12")
    return rows


def open_hours(day: date) -> range:
    if day.weekday() == 6:
        return range(0)
    return range(8, 14) if day.weekday() == 5 else range(8, 22)


def valid_coverage() -> list[dict]:
    out = []
    for k in range(31):
        day = date(2026, 12, 1) + timedelta(days=k)
        counts = HAND_COVERAGE.get(day.isoformat(), "").split()
        for i, hour in enumerate(open_hours(day)):
            out.append({"interval_start": f"{day}T{hour:02d}:00", "required": "2",
                        "scheduled": counts[i] if counts else "0",
                        "service_level": "0.8", "asa_seconds": "12.5", "volume": "10",
                        "aht_seconds": "300"})
    return out


def requirements() -> list[dict]:
    """Every hour of the month (closed ones too, as `wfm staff` writes), staff 2 when open."""
    out = []
    for k in range(31):
        day = date(2026, 12, 1) + timedelta(days=k)
        for hour in range(24):
            is_open = hour in open_hours(day)
            out.append({"interval_start": f"{day}T{hour:02d}:00", "volume": "10",
                        "aht_seconds": "300", "agents": "1" if is_open else "0",
                        "staff": "2" if is_open else "0", "service_level": "0.9",
                        "asa_seconds": "5", "occupancy": "0.5"})
    return out


def write_csv(path: Path, rows: list[dict], columns: list[str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=columns)
        w.writeheader()
        w.writerows(rows)
    return path


class Case:
    """One hand-made roster problem: edit the lists, then `check()`."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.config = CONFIG
        self.employees = [dict(e) for e in EMPLOYEES]
        self.roster = valid_roster()
        self.coverage = valid_coverage()
        self.time_off = [dict(t) for t in TIME_OFF]
        self.requirements = requirements()
        self.long_columns = list(LONG_COLUMNS)
        self.coverage_columns = list(COVERAGE_COLUMNS)

    def line(self, emp: str, day: str, activity: str) -> int:
        """The CSV line (header = 1) of the first matching roster row."""
        return 2 + next(i for i, r in enumerate(self.roster)
                        if (r["employee_id"], r["date"], r["activity"]) == (emp, day, activity))

    def drop(self, emp: str, day: str, activity: str | None = None) -> None:
        self.roster = [r for r in self.roster if not (
            r["employee_id"] == emp and r["date"] == day
            and (activity is None or r["activity"] == activity))]

    def edit(self, emp: str, day: str, activity: str, /, **changes: str) -> None:
        for r in self.roster:
            if (r["employee_id"], r["date"], r["activity"]) == (emp, day, activity):
                r.update(changes)
                return
        raise AssertionError(f"no {activity} row for {emp} on {day}")

    def coverage_row(self, interval_start: str) -> dict:
        return next(r for r in self.coverage if r["interval_start"] == interval_start)

    def staff(self, day: str, by_hour: dict[int, int]) -> None:
        """Set the requirements' staff at some hours of one day."""
        for r in self.requirements:
            hour = int(r["interval_start"][11:13])
            if r["interval_start"].startswith(day) and hour in by_hour:
                r["staff"] = str(by_hour[hour])

    def check(self, coverage: bool = False, with_requirements: bool | None = None,
              **options) -> list[str]:
        """Write the files and run the checker; requirements go with the coverage CSV
        unless `with_requirements` says otherwise."""
        t = self.tmp
        with_requirements = coverage if with_requirements is None else with_requirements
        (t / "config.toml").write_text(self.config, encoding="utf-8")
        write_csv(t / "employees.csv", self.employees, list(EMPLOYEES[0]))
        write_csv(t / "time_off.csv", self.time_off, list(TIME_OFF[0]))
        long = self.roster if self.long_columns == LONG_COLUMNS else [
            dict(zip(self.long_columns, r.values(), strict=True)) for r in self.roster]
        write_csv(t / "roster.csv", long, self.long_columns)
        cov = self.coverage if self.coverage_columns == COVERAGE_COLUMNS else [
            dict(zip(self.coverage_columns, r.values(), strict=True)) for r in self.coverage]
        write_csv(t / "coverage.csv", cov, self.coverage_columns)
        write_csv(t / "requirements.csv", self.requirements, list(self.requirements[0]))
        return check_roster(t / "config.toml", t / "employees.csv", t / "time_off.csv",
                            t / "roster.csv", t / "coverage.csv" if coverage else None,
                            t / "requirements.csv" if with_requirements else None, MONTH,
                            **options)


@pytest.fixture
def case(tmp_path: Path) -> Case:
    return Case(tmp_path)


# -- the valid roster ---------------------------------------------------------------------------
def test_valid_roster_has_no_violations(case):
    assert case.check(coverage=True) == []


def test_valid_roster_without_optional_inputs(case, tmp_path):
    case.check()
    assert check_roster(tmp_path / "config.toml", tmp_path / "employees.csv", None,
                        tmp_path / "roster.csv", None, None, MONTH) == [
        # without the time-off file, E3's leave does not pro-rate the week's minimum
        "E3 week 2026-12-07..2026-12-13: 24 paid h, below the full-time minimum of 36 h"]


# -- rule 1: format -----------------------------------------------------------------------------
def test_columns_must_be_exact(case):
    case.long_columns[-1] = "paid"
    assert case.check() == [
        "roster: columns are employee_id, name, date, start, end, activity, paid; expected "
        "exactly employee_id, name, date, start, end, activity, paid_minutes or employee_id, "
        "name, date, start, end, activity, paid_minutes, start_utc, end_utc"]


def _with_utc_and_email(case, tmp_path, zone: str) -> list[dict]:
    """The valid roster in `zone` with wfm's UTC columns (pandas' own conversion: the first
    of a repeated time, a skipped one moved forward) and an e-mail per employee."""
    case.config = CONFIG.replace('name = "Tiny"', f'name = "Tiny"\ntimezone = "{zone}"')
    case.check()  # writes the inputs
    staff = [{**e, "email": f"{e['employee_id'].lower()}@x.org"} for e in case.employees]
    write_csv(tmp_path / "employees.csv", staff, [*EMPLOYEES[0], "email"])
    rows = [dict(r) for r in case.roster]
    for column, utc in (("start", "start_utc"), ("end", "end_utc")):
        local = pd.to_datetime(pd.Series([r[column].replace("T24:00", "T00:00")
                                          for r in rows]), format="ISO8601")
        local += pd.to_timedelta([int(r[column].endswith("T24:00")) for r in rows], unit="D")
        text = local.dt.tz_localize(zone, ambiguous=True, nonexistent="shift_forward"
                                    ).dt.tz_convert("UTC").dt.strftime("%Y-%m-%dT%H:%M:%SZ")
        for r, t in zip(rows, text, strict=True):
            r[utc] = t
    for r in rows:
        r["email"] = f"{r['employee_id'].lower()}@x.org"
    return rows


def _check_long(tmp_path, rows: list[dict]) -> list[str]:
    write_csv(tmp_path / "roster.csv", rows, [*LONG_COLUMNS, "start_utc", "end_utc", "email"])
    return check_roster(tmp_path / "config.toml", tmp_path / "employees.csv",
                        tmp_path / "time_off.csv", tmp_path / "roster.csv", None, None, MONTH)


def test_utc_times_and_the_employees_further_columns_are_checked(case, tmp_path):
    rows = _with_utc_and_email(case, tmp_path, "America/Chicago")
    assert _check_long(tmp_path, rows) == []
    first = next(i for i, r in enumerate(rows) if r["activity"] == "WORK")
    assert rows[first]["start_utc"].endswith("Z")
    rows[first]["start_utc"] = rows[first]["start"] + ":00Z"  # local time labelled UTC
    rows[first + 1]["email"] = "someone@else.org"
    found = _check_long(tmp_path, rows)
    assert len(found) == 2
    assert found[0].startswith(f"roster line {first + 2}: start_utc ") and \
        "in America/Chicago" in found[0]
    assert found[1] == (f"roster line {first + 3}: email 'someone@else.org' is not "
                        f"{rows[first + 1]['employee_id']}'s "
                        f"'{rows[first + 1]['employee_id'].lower()}@x.org' in employees.csv")


def test_the_checkers_utc_reading_of_clock_changes():
    from roster_checker import utc_text

    assert utc_text(datetime(2026, 11, 1, 1, 30), "America/New_York") == "2026-11-01T05:30:00Z"
    assert utc_text(datetime(2026, 3, 8, 2, 30), "America/New_York") == "2026-03-08T07:00:00Z"
    assert utc_text(datetime(2026, 7, 1, 8, 0), "Asia/Jerusalem") == "2026-07-01T05:00:00Z"


def test_unknown_activity(case):
    line = case.line("E1", "2026-12-12", "OFF")
    case.edit("E1", "2026-12-12", "OFF", activity="TRAINING")
    assert case.check() == [
        f"roster line {line}: activity 'TRAINING' is not one of WORK, BREAK, LUNCH, SPLIT, "
        "LEAVE, OVERHAUL, OFF"]


def test_date_time_must_be_local_iso(case):
    line = case.line("E1", "2026-12-12", "OFF")
    case.edit("E1", "2026-12-12", "OFF", end="2026-12-12 24:00")
    assert case.check() == [
        f"roster line {line}: end '2026-12-12 24:00' is not a local ISO date-time like "
        "1999-12-05T15:00"]


def test_end_after_start(case):
    case.edit("E1", "2026-12-13", "OFF", end="2026-12-13T00:00")
    assert case.check() == [
        "E1 2026-12-13: OFF ends 2026-12-13T00:00, not after its start 2026-12-13T00:00"]


def test_off_takes_the_whole_day(case):
    case.edit("E1", "2026-12-12", "OFF", start="2026-12-12T09:00")
    assert case.check() == [
        "E1 2026-12-12: OFF runs 2026-12-12T09:00 to 2026-12-13T00:00, expected the whole day "
        "2026-12-12T00:00 to 2026-12-12T24:00"]


def test_date_is_the_day_the_shift_starts(case):
    for r in case.roster:
        if r["employee_id"] == "E3" and r["date"] == "2026-12-12":
            r["date"] = "2026-12-13"
    assert case.check() == [
        "E3 2026-12-13: WORK starts 2026-12-12T08:00; `date` must be the day the shift starts",
        "E3 2026-12-13: WORK on a closed day (Sun)"]


def test_impossible_dates(case):
    line = case.line("E1", "2026-12-12", "OFF")
    case.edit("E1", "2026-12-12", "OFF", date="2026-02-30")
    assert case.check() == [
        f"roster line {line}: date '2026-02-30' is not a date like 1999-12-05"]


def test_an_empty_roster_misses_every_minimum(case):
    case.roster = []
    assert case.check() == [
        "E1 week 2026-12-07..2026-12-13: 0 paid h, below the full-time minimum of 36 h",
        "E2 week 2026-12-07..2026-12-13: 0 paid h, below the part-time minimum of 16 h",
        "E3 week 2026-12-07..2026-12-13: 0 paid h, below the full-time minimum of 16 h "
        "(36 h pro-rated: 3 of 6 open days available)"]


def test_rows_outside_the_month(case):
    case.roster += whole_day("E1", "2027-01-02", "OFF")
    assert case.check() == ["E1 2027-01-02: OFF row dated outside the month 2026-12"]


def test_unknown_employee_and_wrong_name(case):
    case.roster += whole_day("E9", "2026-12-12", "OFF")
    line = case.line("E2", "2026-12-07", "WORK")
    for r in case.roster:
        if r["employee_id"] == "E2":
            r["name"] = "Benjamin Okafor"
    assert case.check() == [
        f"roster line {len(case.roster) + 1}: employee 'E9' is not in employees.csv",
        f"E2: name 'Benjamin Okafor' (first on roster line {line}) is not 'Ben Okafor' as in "
        "employees.csv"]


def test_paid_minutes_of_a_work_row(case):
    case.edit("E1", "2026-12-07", "WORK", paid_minutes="510")
    expected = ["E1 2026-12-07: WORK paid_minutes 510, expected 480 (shift 'early': 510 min "
                "less 30 min unpaid breaks)"]
    assert case.check() == expected
    assert case.check(check_work_paid_minutes=False) == []
    case.edit("E1", "2026-12-07", "WORK", paid_minutes="lots")
    line = case.line("E1", "2026-12-07", "WORK")
    assert case.check()[0] == f"roster line {line}: paid_minutes 'lots' is not a number >= 0"


# -- rule 2: one shift a day --------------------------------------------------------------------
def test_two_shifts_on_one_day(case):
    case.roster += short("E2", "2026-12-07", "14:00")
    assert case.check() == [
        "E2 2026-12-07: 2 WORK rows on one day (WORK 09:00-13:30, WORK 14:00-18:30); at most "
        "one shift a day",
        "E2 2026-12-07: rest 0.5 h before the shift starting 2026-12-07T14:00, contract "
        "needs 11 h"]


def test_overlapping_shifts(case):
    case.roster += late("E1", "2026-12-07")
    found = case.check()
    assert "E1 2026-12-07: WORK 13:00-21:30 overlaps the WORK 08:00-16:30 dated 2026-12-07" \
        in found
    assert found[0].startswith("E1 2026-12-07: 2 WORK rows on one day")
    # the overlapping pair is not also reported as short rest; late Monday to Tuesday is
    assert [p for p in found if "rest" in p] == [
        "E1 2026-12-07: rest 10.5 h before the shift starting 2026-12-08T08:00, contract "
        "needs 11 h"]


def test_work_and_off_on_one_day(case):
    case.roster += whole_day("E1", "2026-12-07", "OFF")
    assert case.check() == ["E1 2026-12-07: WORK and OFF on the same day"]


# -- rule 3: shift templates --------------------------------------------------------------------
def test_shift_the_contract_does_not_allow(case):
    case.drop("E2", "2026-12-10")
    case.roster += early("E2", "2026-12-10")
    assert case.check() == [
        "E2 2026-12-10: WORK 08:00-16:30 (8.5 h) matches no shift the part-time contract "
        "allows (short: start 08:00-16:00, 4.5 h); it fits 'early', which that contract does "
        "not allow"]


def test_shift_on_a_day_its_template_does_not_name(case):
    # `days` limits a template to some weekdays: E1's Monday early shift no longer fits
    case.config = CONFIG.replace('name = "early"\n', 'name = "early"\ndays = ["Tue", "Wed"]\n')
    found = case.check()
    assert found and all("matches no shift" in f for f in found)
    assert any(f.startswith("E1 2026-12-07: WORK 08:00-16:30") for f in found)


def test_start_outside_the_window(case):
    case.drop("E1", "2026-12-07")
    case.roster += shift("E1", "2026-12-07", "10:00", 8.5,
                         (("BREAK", "12:00", 15), ("LUNCH", "14:00", 30)))
    assert case.check() == [
        "E1 2026-12-07: WORK 10:00-18:30 (8.5 h) matches no shift the full-time contract "
        "allows (early: start 08:00-09:00, 8.5 h; late: start 12:00-14:00, 8.5 h)"]


def test_start_off_the_interval_grid(case):
    case.drop("E2", "2026-12-07")
    case.roster += short("E2", "2026-12-07", "09:30")
    assert case.check() == [
        "E2 2026-12-07: WORK starts at 09:30, not on the 60-minute interval grid"]


def test_wrong_length(case):
    case.drop("E1", "2026-12-07")
    case.roster += shift("E1", "2026-12-07", "08:00", 9.0,
                         (("BREAK", "10:00", 15), ("LUNCH", "12:00", 30)), paid=480)
    assert case.check() == [
        "E1 2026-12-07: WORK 08:00-17:00 (9 h) matches no shift the full-time contract allows "
        "(early: start 08:00-09:00, 8.5 h; late: start 12:00-14:00, 8.5 h)"]


def test_work_on_a_closed_day(case):
    case.roster += early("E3", "2026-12-13")
    assert case.check() == ["E3 2026-12-13: WORK on a closed day (Sun)"]


# -- rule 4: breaks -----------------------------------------------------------------------------
def test_break_outside_its_window(case):
    case.edit("E1", "2026-12-07", "LUNCH", start="2026-12-07T13:30", end="2026-12-07T14:00")
    assert case.check() == [
        "E1 2026-12-07: LUNCH 13:30-14:00 is outside its window in shift 'early': 3.5-5 h "
        "after the 08:00 start (11:30-13:00)"]


def test_break_outside_its_work_row(case):
    case.edit("E2", "2026-12-07", "BREAK", start="2026-12-07T14:00", end="2026-12-07T14:15")
    assert case.check() == [
        "E2 2026-12-07: BREAK 14:00-14:15 is not inside its WORK 09:00-13:30"]


def test_break_without_a_shift(case):
    case.roster += [row("E1", "2026-12-12", "2026-12-12T10:00", "2026-12-12T10:15", "BREAK",
                        15)]
    assert case.check() == ["E1 2026-12-12: BREAK 10:00-10:15 has no WORK row that day"]


def test_missing_break(case):
    case.drop("E1", "2026-12-07", "LUNCH")
    assert case.check() == [
        "E1 2026-12-07: breaks BREAK 15 min do not match shift 'early', which has "
        "BREAK 15 min, LUNCH 30 min"]


def test_wrong_kind_of_break(case):
    case.edit("E1", "2026-12-07", "LUNCH", activity="BREAK")
    assert case.check() == [
        "E1 2026-12-07: breaks BREAK 15 min, BREAK 30 min do not match shift 'early', which "
        "has BREAK 15 min, LUNCH 30 min"]


def test_overlapping_breaks(case):
    case.roster += [row("E1", "2026-12-07", "2026-12-07T10:10", "2026-12-07T10:25", "BREAK",
                        15)]
    assert case.check() == [
        "E1 2026-12-07: BREAK 10:00-10:15 overlaps BREAK 10:10-10:25",
        "E1 2026-12-07: breaks BREAK 15 min x2, LUNCH 30 min do not match shift 'early', "
        "which has BREAK 15 min, LUNCH 30 min"]


def test_a_shift_fitting_two_templates_is_judged_by_the_one_its_breaks_fit(case):
    """'early2' has early's start and length but a later, paid lunch: a lunch at 13:30 fits
    only early2, so the shift is valid as early2 and is paid 8.5 h, not 8."""
    case.config = CONFIG.replace('shifts = ["early", "late"]',
                                 'shifts = ["early", "early2", "late"]') + """
[[shift]]
name = "early2"
start = ["08:00", "09:00"]
hours = 8.5
breaks = [
  { minutes = 15, within = [1.5, 3.0], activity = "BREAK" },
  { minutes = 30, within = [4.5, 6.0], activity = "LUNCH", paid = true },
]
"""
    case.edit("E1", "2026-12-07", "LUNCH", start="2026-12-07T13:30", end="2026-12-07T14:00")
    assert case.check() == [
        "E1 2026-12-07: WORK paid_minutes 480, expected 510 (shift 'early2': 510 min less 0 "
        "min unpaid breaks)",
        "E1 week 2026-12-07..2026-12-13: 40.5 paid h, above the full-time maximum of 40 h"]


# -- rule 5: rest -------------------------------------------------------------------------------
def test_short_rest(case):
    case.drop("E1", "2026-12-07")
    case.roster += late("E1", "2026-12-07")     # 13:00: starts 5 h apart that week (rule 12)
    assert case.check() == [
        "E1 2026-12-07: rest 10.5 h before the shift starting 2026-12-08T08:00, contract "
        "needs 11 h"]


# -- rule 6: consecutive days -------------------------------------------------------------------
def test_too_many_consecutive_days(case):
    case.drop("E2", "2026-12-11")
    case.roster += short("E2", "2026-12-11")
    assert case.check() == [
        "E2 2026-12-07..2026-12-11: 5 consecutive working days, contract allows 4"]


# -- rule 7: weekly hours -----------------------------------------------------------------------
def test_above_the_weekly_maximum(case):
    case.drop("E1", "2026-12-12")
    case.roster += early("E1", "2026-12-12")
    assert case.check() == [
        "E1 week 2026-12-07..2026-12-13: 48 paid h, above the full-time maximum of 40 h"]


def test_overtime_raises_the_weekly_maximum_by_its_hours(case):
    case.drop("E1", "2026-12-12")
    case.roster += early("E1", "2026-12-12")
    case.config = CONFIG.replace('shifts = ["early", "late"]',
                                 'shifts = ["early", "late"]\novertime_hours = 8', 1)
    assert case.check() == []
    case.config = case.config.replace("overtime_hours = 8", "overtime_hours = 7.5")
    assert case.check() == [
        "E1 week 2026-12-07..2026-12-13: 48 paid h, above the full-time maximum of 47.5 h "
        "with 7.5 h overtime"]


def test_below_the_weekly_minimum_paid_breaks_count(case):
    case.drop("E2", "2026-12-10")
    # 3 x 4.5 h: the 15-minute break is paid by default (12.75 h if it were not)
    assert case.check() == [
        "E2 week 2026-12-07..2026-12-13: 13.5 paid h, below the part-time minimum of 16 h"]


def test_minimum_pro_rated_for_approved_time_off(case):
    # 36 h x 3/6 = 18 h, capped at the 16 h one shift a day can pay: no full-time
    # template fits Saturday's 08:00-14:00, so only Mon 7 and Tue 8 pay (8 h each)
    case.drop("E3", "2026-12-12")
    case.drop("E3", "2026-12-08")
    assert case.check() == [
        "E3 week 2026-12-07..2026-12-13: 8 paid h, below the full-time minimum of 16 h "
        "(36 h pro-rated: 3 of 6 open days available)"]


def test_minimum_pro_rated_at_the_month_edges(case):
    """E2 employed all month and working one week: the partial first and last weeks of
    December get 5/6 and 4/6 of the minimum (days outside the month and Sundays are out),
    13.33 h and 10.67 h, rounded down to whole 4.5-hour shifts: 9 h each."""
    case.employees[1].update(start_date="", end_date="")
    assert case.check() == [
        "E2 week 2026-11-30..2026-12-06: 0 paid h, below the part-time minimum of 9 h "
        "(16 h pro-rated: 5 of 6 open days available)",
        "E2 week 2026-12-14..2026-12-20: 0 paid h, below the part-time minimum of 16 h",
        "E2 week 2026-12-21..2026-12-27: 0 paid h, below the part-time minimum of 16 h",
        "E2 week 2026-12-28..2027-01-03: 0 paid h, below the part-time minimum of 9 h "
        "(16 h pro-rated: 4 of 6 open days available)"]


def test_pro_rating_rule_is_a_parameter(case):
    calls = []

    def no_pro_rating(min_hours, available, open_per_week):
        calls.append((min_hours, available, open_per_week))
        return min_hours if available else 0.0

    # E3's week asks 36 h by this rule; not pro-rated, so not capped either
    case.drop("E3", "2026-12-07")
    case.drop("E3", "2026-12-08")
    assert case.check(min_hours_rule=no_pro_rating) == [
        "E3 week 2026-12-07..2026-12-13: 8 paid h, below the full-time minimum of 36 h"]
    assert (36.0, 3, 6) in calls and (16.0, 6, 6) in calls and (36.0, 6, 6) in calls


# -- rule 8: time off and employment dates ------------------------------------------------------
def test_work_on_approved_time_off(case):
    case.drop("E3", "2026-12-10")
    case.roster += early("E3", "2026-12-10")
    assert case.check() == [
        "E3 2026-12-10: works on approved time off (2026-12-09..2026-12-11)"]


def test_work_before_the_start_date(case):
    case.roster += short("E2", "2026-12-04")
    assert case.check() == ["E2 2026-12-04: works before the start date 2026-12-07"]


def test_work_after_the_end_date(case):
    case.roster += early("E1", "2026-12-14")
    assert case.check() == ["E1 2026-12-14: works after the end date 2026-12-13"]


# -- rule 9: coverage ---------------------------------------------------------------------------
def test_coverage_scheduled_is_recomputed(case):
    case.coverage_row("2026-12-07T10:00")["scheduled"] = "2"
    assert case.check(coverage=True) == [
        "coverage 2026-12-07T10:00: scheduled '2', but the roster has 1 employee(s) at WORK "
        "and off breaks for the whole interval"]


def test_coverage_rows_are_the_open_intervals(case):
    case.coverage = [r for r in case.coverage if r["interval_start"] != "2026-12-07T08:00"]
    extra = {"required": "0", "scheduled": "0", "service_level": "", "asa_seconds": ""}
    case.coverage += [{"interval_start": "2026-12-13T10:00", **extra},   # Sunday: closed
                      {"interval_start": "2026-12-12T15:00", **extra},   # Saturday after 14:00
                      {"interval_start": "2026-12-14T09:00", **extra}]   # a repeat
    assert case.check(coverage=True) == [
        "coverage: 1 repeated interval(s): 2026-12-14T09:00",
        "coverage: 2 row(s) are not open intervals of 2026-12: 2026-12-13T10:00, "
        "2026-12-12T15:00",
        "coverage: 1 open interval(s) of 2026-12 have no row: 2026-12-07T08:00"]


def test_coverage_required_is_the_requirements_staff(case):
    case.coverage_row("2026-12-08T09:00")["required"] = "3"
    assert case.check(coverage=True) == [
        "coverage 2026-12-08T09:00: required '3', but the requirements' staff is 2"]


def test_coverage_columns_must_be_exact(case):
    case.coverage_columns[1] = "needed"
    assert case.check(coverage=True) == [
        "coverage: columns are interval_start, needed, scheduled, service_level, asa_seconds, "
        "volume, aht_seconds; expected exactly interval_start, required, scheduled, "
        "service_level, asa_seconds, volume, aht_seconds"]


def test_coverage_volume_must_be_the_requirements(case):
    case.coverage_row("2026-12-09T09:00")["volume"] = "12"
    assert case.check(coverage=True) == [
        "coverage 2026-12-09T09:00: volume '12', but the requirements' volume is 10"]


def test_coverage_service_level_range(case):
    case.coverage_row("2026-12-09T09:00")["service_level"] = "80"
    assert case.check(coverage=True) == [
        "coverage 2026-12-09T09:00: service_level '80' (expected empty or 0..1), asa_seconds "
        "'12.5' (expected empty or >= 0)"]


def test_coverage_the_other_reading_of_whole_interval(case):
    """Counting an agent whose 15-minute break leaves part of the hour on the phones."""
    found = case.check(coverage=True, partial_break_counts=True, max_coverage_messages=None)
    assert ("coverage 2026-12-07T10:00: scheduled '1', but the roster has 2 employee(s) at "
            "WORK and off breaks for the whole interval") in found
    assert ("coverage 2026-12-07T12:00: scheduled '1', but the roster has 2 employee(s) at "
            "WORK and off breaks for the whole interval") in found     # a 30-minute lunch
    # every hour with a break in it: E1 2 x 5 days, E2 1 x 4, E3 2 x 3
    assert len(found) == 20


def test_coverage_messages_are_capped(case):
    for r in case.coverage:
        r["scheduled"] = "9"
    found = case.check(coverage=True, max_coverage_messages=3)
    assert len(found) == 4
    assert found[-1] == f"coverage: {len(case.coverage) - 3} more intervals where scheduled " \
        "differs"


# -- rule 10: floor on the phones ---------------------------------------------------------------
def hand_requirements(case: Case) -> None:
    """Requirements equal to the hand roster's coverage (staff 0 where nobody is on)."""
    counted = {}
    for day, counts in HAND_COVERAGE.items():
        for hour, n in zip(open_hours(date.fromisoformat(day)), counts.split(), strict=True):
            counted[f"{day}T{hour:02d}:00"] = n
    for r in case.requirements:
        r["staff"] = counted.get(r["interval_start"], "0")


def test_floor_met_where_anything_is_required(case):
    """The floor is min(min_agents, required), not the requirement itself."""
    case.config = CONFIG.replace("min_agents = 0\n", "")        # the default, 1
    hand_requirements(case)
    case.staff("2026-12-07", {8: 3})    # 1 on, 3 required: short, but the floor is 1
    assert case.check(with_requirements=True) == []


def test_floor_broken(case):
    """An interval requiring staff with nobody on is below the default floor of 1."""
    case.config = CONFIG.replace("min_agents = 0\n", "")        # the default, 1
    hand_requirements(case)
    case.staff("2026-12-07", {17: 1})   # E3 is at lunch 17:00-17:30: nobody on
    assert case.check(with_requirements=True) == [
        "floor 2026-12-07 17:00 (Mon): 0 scheduled, 1 needed (the fewer of [service] "
        "min_agents 1 and the required 1)"]


def test_floor_is_the_fewer_of_min_agents_and_required(case):
    """min_agents 2 asks 2 where 3 are required, and only 1 where 1 is."""
    case.config = CONFIG.replace("min_agents = 0", "min_agents = 2")
    hand_requirements(case)             # 1 required and 1 on: the floor is 1, met
    case.staff("2026-12-07", {8: 3})    # 1 on, 3 required: the floor is 2
    assert case.check(with_requirements=True) == [
        "floor 2026-12-07 08:00 (Mon): 1 scheduled, 2 needed (the fewer of [service] "
        "min_agents 2 and the required 3)"]


def test_floor_messages_are_capped_and_need_requirements(case):
    """Every empty hour of the month is below the floor; messages capped like rule 9's."""
    case.config = CONFIG.replace("min_agents = 0\n", "")
    empty = sum(1 for r in valid_coverage() if r["scheduled"] == "0")   # required 2 each
    found = case.check(with_requirements=True, max_coverage_messages=3)
    assert found == [
        "floor 2026-12-01 08:00 (Tue): 0 scheduled, 1 needed (the fewer of [service] "
        "min_agents 1 and the required 2)",
        "floor 2026-12-01 09:00 (Tue): 0 scheduled, 1 needed (the fewer of [service] "
        "min_agents 1 and the required 2)",
        "floor 2026-12-01 10:00 (Tue): 0 scheduled, 1 needed (the fewer of [service] "
        "min_agents 1 and the required 2)",
        f"floor: {empty - 3} more intervals where fewer than min(min_agents, required) are "
        "scheduled"]
    assert case.check() == []           # no requirements CSV: rule 10 is skipped


# -- rule 11: fair months -----------------------------------------------------------------------
FLEX = """
[[contract]]
name = "flex"
"""


def flex_people(case: Case, *ids: str, start_date: str = "", end_date: str = "") -> None:
    """Add people on the `flex` contract (no hours, rest or run limits), all month by default."""
    if FLEX not in case.config:
        case.config += FLEX
    case.employees += [{"employee_id": e, "name": NAMES[e], "contract": "flex",
                        "start_date": start_date, "end_date": end_date} for e in ids]


def work(case: Case, emp: str, days: tuple[int, ...],
         kind: Callable[[str, str], list[dict]] = early) -> None:
    """`kind` shifts (early, late, ...) for `emp` on those days of December."""
    for d in days:
        case.roster += kind(emp, f"2026-12-{d:02d}")


def fair(kind: str, spread: int, n: int, low: str, high: str, limit: int = 2) -> str:
    """Rule 11's message for the flex contract, so each test states only what differs."""
    return (f"flex contract: {kind} differ by {spread} across the {n} people working the "
            f"whole month, more than fair_spread {limit}: fewest {low}, most {high}")


def test_fair_late_shifts(case):
    """Late shifts 3 apart break fair_spread 2; 2 apart keep it."""
    flex_people(case, "E4", "E5", "E6")
    work(case, "E4", (14, 15, 16), late)        # 13:00-21:30, after 19:00: late
    work(case, "E5", (14, 15, 16))              # early: not late
    work(case, "E6", (14,), late)
    assert case.check() == [fair("late shifts (ending after 19:00)", 3, 3, "E5 (0)", "E4 (3)")]
    case.drop("E4", "2026-12-16")               # 2 - 0: exactly fair_spread
    assert case.check() == []


def test_late_means_ending_after_late_after_or_on_a_later_date(case):
    """Ending at late_after is not late; ending at 24:00 is, whatever late_after says."""
    case.config = CONFIG.replace("[roster]\n", '[roster]\nlate_after = "21:30"\n') + """
[[shift]]
name = "evening"
start = ["18:00", "18:00"]
hours = 6
"""
    flex_people(case, "E4", "E5")
    work(case, "E4", (14, 15, 16), late)        # ends 21:30: not after 21:30
    work(case, "E5", (14, 15, 16))
    assert case.check() == []
    work(case, "E5", (21, 22, 23), lambda e, d: shift(e, d, "18:00", 6, ()))  # ends 24:00
    assert case.check() == [fair("late shifts (ending after 21:30)", 3, 2, "E4 (0)", "E5 (3)")]


def test_fair_weekend_days_and_each_weekend_day(case):
    """Saturdays count both as weekend days and as Saturdays; fair_spread and weekend are read."""
    flex_people(case, "E4", "E5")
    work(case, "E4", (5, 12, 19))               # three Saturdays
    assert case.check() == [
        fair("weekend days (Sat, Sun)", 3, 2, "E5 (0)", "E4 (3)"),
        fair("Sat shifts", 3, 2, "E5 (0)", "E4 (3)")]
    case.config = case.config.replace("[roster]\n", "[roster]\nfair_spread = 3\n")
    assert case.check() == []
    case.config = case.config.replace("fair_spread = 3", 'weekend = ["Sat"]')
    assert case.check() == [fair("weekend days (Sat)", 3, 2, "E5 (0)", "E4 (3)")]


def test_each_weekend_day_is_fair_on_its_own(case):
    """Three Saturdays against three Sundays: the weekend days are even, each day is not."""
    case.config = CONFIG.replace('"Fri", "Sat"]', '"Fri", "Sat", "Sun"]')
    flex_people(case, "E4", "E5")
    work(case, "E4", (5, 12, 19))
    work(case, "E5", (6, 13, 20))
    assert case.check() == [fair("Sat shifts", 3, 2, "E5 (0)", "E4 (3)"),
                            fair("Sun shifts", 3, 2, "E4 (0)", "E5 (3)")]


def test_fairness_leaves_out_people_away_part_of_the_month(case):
    """Approved leave or a start after the 1st takes a person out of rule 11; a request does not."""
    flex_people(case, "E4", "E5", "E6")
    work(case, "E4", (14, 15), late)
    work(case, "E6", (14, 15, 16, 17), late)    # 4 late against E5's 0 ...
    leave = {"employee_id": "E6", "start_date": "2026-12-28", "end_date": "2026-12-29",
             "kind": "approved"}
    case.time_off.append(leave)                 # ... but E6 is on approved leave this month
    assert case.check() == []
    leave["kind"] = "requested"                 # a request does not take E6 out
    assert case.check() == [fair("late shifts (ending after 19:00)", 4, 3, "E5 (0)", "E6 (4)")]
    case.time_off.remove(leave)
    case.employees[-1]["start_date"] = "2026-12-02"     # joins after the first day: out
    assert case.check() == []
    case.employees[-1]["start_date"] = "2026-12-01"     # employed from the first day: in
    assert len(case.check()) == 1


def test_fairness_needs_two_people_on_the_contract(case):
    """One person working the whole month has no one to be unfair to."""
    flex_people(case, "E4", "E6")
    work(case, "E6", (14, 15, 16, 17), late)
    case.employees[-2]["end_date"] = "2026-12-30"       # E4 leaves before the last day
    assert case.check() == []


# -- rule 12: stable weeks ----------------------------------------------------------------------
def test_start_spread_at_the_limit_passes(case):
    """Starts exactly start_spread_hours apart keep rule 12."""
    # E3 starts 13:00 Mon-Tue and 08:00 Sat: 5 h apart, the fixture's start_spread_hours
    assert case.check() == []


def test_start_spread_one_hour_over(case):
    """Starts one hour more than start_spread_hours apart break rule 12."""
    case.drop("E3", "2026-12-08")
    case.roster += late("E3", "2026-12-08", "14:00")
    assert case.check() == [
        "E3 week 2026-12-07..2026-12-13: shift starts from 08:00 (2026-12-12) to 14:00 "
        "(2026-12-08), 6 h apart, more than start_spread_hours 5"]


def test_start_spread_default_is_two_hours(case):
    """Without the key, the limit is 2 h."""
    case.config = CONFIG.replace("start_spread_hours = 5\n", "")
    assert case.check() == [
        "E3 week 2026-12-07..2026-12-13: shift starts from 08:00 (2026-12-12) to 13:00 "
        "(2026-12-07), 5 h apart, more than start_spread_hours 2"]


def test_start_spread_is_per_week(case):
    """Starts 6 h apart in different weeks are fine."""
    flex_people(case, "E4")
    work(case, "E4", (11,))                             # Fri 08:00
    work(case, "E4", (14,), lambda e, d: late(e, d, "14:00"))   # next Monday 14:00
    assert case.check() == []


# -- rule 13: paired days off -------------------------------------------------------------------
def isolate_wednesday(case: Case) -> None:
    """E2 works Mon, Tue, Thu, Fri (18 h): Wednesday 9 is a day off on its own."""
    case.drop("E2", "2026-12-09")
    case.drop("E2", "2026-12-11")
    case.roster += short("E2", "2026-12-11")


ISOLATED_WEDNESDAY = ("E2 2026-12-09 (Wed): an isolated day off between the working days "
                      "2026-12-08 and 2026-12-10 (paired_days_off; the part-time contract's "
                      "days_off_per_week is {})")


def test_isolated_day_off(case):
    """A single open day off between two working days breaks rule 13 unless the contract has 1."""
    isolate_wednesday(case)
    assert case.check() == [ISOLATED_WEDNESDAY.format(0)]
    case.config = CONFIG.replace('shifts = ["short"]', 'shifts = ["short"]\ndays_off_per_week = 2')
    assert case.check() == [ISOLATED_WEDNESDAY.format(2)]


def test_isolated_day_off_allowed(case):
    """days_off_per_week = 1, paired_days_off = false or approved time off keep rule 13."""
    isolate_wednesday(case)
    case.config = CONFIG.replace('shifts = ["short"]', 'shifts = ["short"]\ndays_off_per_week = 1')
    assert case.check() == []
    case.config = CONFIG.replace("[roster]\n", "[roster]\npaired_days_off = false\n")
    assert case.check() == []
    case.config = CONFIG
    case.time_off.append({"employee_id": "E2", "start_date": "2026-12-09",
                          "end_date": "2026-12-09", "kind": "approved"})
    assert case.check() == []                   # approved time off is not a day off


def test_a_closed_day_is_a_day_off(case):
    """E1 off Sat 12 beside the closed Sunday 13, and E3's closed Sunday between work on
    Saturday and Monday: both are pairs. Opening Sundays isolates E3's; Sundays the
    requirements shut are closed again."""
    for emp in (case.employees[0], case.employees[2]):
        emp["end_date"] = "2026-12-14"
    work(case, "E1", (14,))
    work(case, "E3", (14,))
    assert case.check() == []
    case.config = CONFIG.replace('"Fri", "Sat"]', '"Fri", "Sat", "Sun"]')
    assert case.check() == [
        "E3 2026-12-13 (Sun): an isolated day off between the working days 2026-12-12 and "
        "2026-12-14 (paired_days_off; the full-time contract's days_off_per_week is 0)"]
    assert case.check(with_requirements=True) == []     # staff 0 all Sunday


# -- rule 14: requested days off ----------------------------------------------------------------
# E1 requested Monday 7 off (TIME_OFF) and works it, on the phones 08, 09, 11, 13, 14 and
# 15:00 (break at 10:00, lunch at 12:00), alone at 08, 11 and 15, with E2 at 09, E3 at 13-14.
def test_requested_day_worked_where_the_day_would_fall_short(case):
    """Working a requested day is fine when an interval would fall short without them."""
    assert case.check(with_requirements=True) == []     # 2 required at 08:00, E1 alone


def test_requested_day_worked_though_the_day_stays_covered(case):
    """Working a requested day breaks rule 14 when every interval stays covered without them."""
    case.staff("2026-12-07", {8: 0, 9: 1, 11: 0, 13: 1, 14: 1, 15: 0})
    assert case.check(with_requirements=True) == [
        "E1 2026-12-07: works a requested day off, though without them every interval they "
        "cover still has scheduled >= required (smallest margin 0, at 08:00)"]
    assert case.check() == []                           # no requirements CSV: skipped
    # counted at 10:00 too when a 15-minute break leaves them counted; 2 required there
    assert case.check(with_requirements=True, partial_break_counts=True) == []
    case.staff("2026-12-07", {14: 2})                   # one interval would fall short
    assert case.check(with_requirements=True) == []


def test_requested_day_margin_is_the_smallest(case):
    """With E2 on from 08:00 too, E1 is alone only at 15:00: the margin is 1 elsewhere."""
    case.drop("E2", "2026-12-07")
    case.roster += short("E2", "2026-12-07", "08:00")   # 08:00-12:30, BREAK 10:00
    case.staff("2026-12-07", {8: 0, 9: 0, 11: 0, 13: 0, 14: 0, 15: 0})
    assert case.check(with_requirements=True) == [
        "E1 2026-12-07: works a requested day off, though without them every interval they "
        "cover still has scheduled >= required (smallest margin 0, at 15:00)"]
