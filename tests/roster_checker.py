"""An independent checker for `wfm roster` output, written from DESIGN.md alone.

It shares no code with the solver (nothing from `schedule/` or `forecast/` is imported):
the config is read with `tomllib`, every CSV with pandas as plain text, and each rule is
re-derived from DESIGN.md. `check_roster(...)` returns human-readable violations; an
empty list means the roster is valid. Problems in the *inputs the checker trusts* (config,
employees, time off, requirements) raise `ValueError`; problems in the *files under test*
(roster long CSV, coverage CSV) are reported as violations.

Rules (numbers as in the brief):

1. Long CSV columns are exactly `employee_id, name, date, start, end, activity,
   paid_minutes`; activity is WORK | BREAK | LUNCH | SPLIT | LEAVE | OVERHAUL | OFF; `start`/`end`
   are local ISO date-times (`1999-12-05T15:00`) with end > start; `date` is the day the
   shift starts and lies in the month; every employee is in employees.csv under that name;
   LEAVE and OFF rows span the whole `date` (00:00 to 24:00); `paid_minutes` is a number
   >= 0, and a WORK row's `paid_minutes` is its length less its unpaid breaks.
   wfm may add, after these, `start_utc, end_utc` and then exactly the employees file's
   further columns (any beyond employee_id, name, contract, skills, leave_days_per_year,
   start_date, end_date, in the file's order). When present, `start_utc`/`end_utc` are
   `start`/`end` in UTC (`YYYY-MM-DDTHH:MM:SSZ`), the local times read in `[centre]
   timezone`: a time the autumn change repeats is its first occurrence, one the spring
   change skips is read as the first real minute after the gap; and each further column
   holds that employee's cell of the employees file.
2. At most one WORK row per (employee, date); one employee's WORK rows never overlap; no
   WORK on a day that also has a LEAVE or OFF row for that employee.
3. A WORK row falls on an open day, starts on the `[centre] interval_minutes` grid, and
   matches a `[[shift]]` template the employee's contract allows: on one of the
   template's `days` (a key wfm adds to DESIGN.md; every day when absent), start time
   inside the template's `start` window, length = `hours`.
4. BREAK/LUNCH/SPLIT rows (SPLIT: wfm's unpaid gap of a split shift, unpaid unless the
   template says `paid = true`) lie wholly inside their WORK row (the WORK row of the same
   employee and `date`), do not overlap one another, and match the template's `breaks` one
   to one: same activity and minutes, each wholly inside its window (`within` = hours after the
   shift start). When a WORK row fits several templates, it is valid if any one fits.
5. Rest between consecutive shifts (end of one WORK row to the start of the next) is at
   least the contract's `min_rest_hours`.
6. Working days in a row (within the month) are at most `max_consecutive_days`.
7. Weekly paid hours (weeks start on `[centre] week_start`; only days of the week inside
   the month count; a shift counts in the week of its `date`) lie in `hours_per_week`.
   Paid minutes of a shift = shift minutes less the template's unpaid breaks
   (`paid = false`; breaks are paid by default). The maximum is never pro-rated, and a
   contract's `overtime_hours` (wfm's key, default 0) raises it by that much. The
   minimum is pro-rated by `min_hours_rule`, by default `prorated_min`:

       min_effective = min × available_days / open_days_per_week

   where available_days = days of that week that are inside the month, open (weekday in
   `open_days` and not shut by the requirements, see below), not a public holiday of
   `[centre] country` (DESIGN.md: "the min is pro-rated in weeks with approved time off,
   holidays or a start/end date"), inside the employee's `start_date`..`end_date`, and
   not approved time off; open_days_per_week = len(`open_days`). Pass another callable with the same
   signature `(min_hours, available_days, open_days_per_week) -> hours` to align.
   A pro-rated minimum is then capped at what one shift a day can pay on the available days: for
   each, the longest paid template the contract allows that weekday and that fits its
   agent hours (`[roster] overhang_minutes`, default 30, either side) — a week holding
   one 4-hour Saturday evening asks 4 h, not 36 x 1/7. In a week cut by the month's
   first or last day the result is rounded down to whole shifts of the contract's longest
   paid template (the rest of that week belongs to the neighbouring month's roster).
8. No WORK on a day of approved time off (`kind = approved`, dates inclusive), nor
   before `start_date` or after `end_date` (inclusive dates).
9. Coverage CSV (when given): columns exactly `interval_start, required, scheduled,
   service_level, asa_seconds`; one row for every open interval of the month (intervals
   of open days overlapping `[centre.hours]`), and no others; `scheduled` = employees at
   WORK and on no BREAK/LUNCH/SPLIT for the whole interval, recomputed from the long CSV;
   `required` = the requirements CSV's `staff` at that interval (when given);
   `service_level` is empty or in [0, 1] and `asa_seconds` empty or >= 0.

Rules wfm adds (its keys: `[service] min_agents` (default 1); `[roster]`
`start_spread_hours` (2.0), `paired_days_off` (true), `fair_spread` (2), `weekend`
(["Sat", "Sun"]), `late_after` ("19:00"); `[[contract]] days_off_per_week` (0)):

10. Floor on the phones (requirements CSV needed): every open interval of the month whose
    `staff` > 0 has at least min(`min_agents`, staff) employees scheduled, counted as in
    rule 9. One message per interval, capped like rule 9's by `max_coverage_messages`.
11. Fair months: per contract, among the employees employed on every day of the month
    (`start_date` empty or <= its first day, `end_date` empty or >= its last day) with no
    approved time off in it, and only when there are at least 2 of them, each count over
    the month differs by at most `fair_spread` (max - min): late shifts (WORK rows ending
    after `late_after`, strictly, on their `date`, or on a later date, so 24:00 is late),
    weekend days (WORK rows whose `date` is a `weekend` weekday) and, when `weekend` names
    more than one weekday, each weekend weekday alone. Ties for the fewest or the most
    are named by the lowest employee_id.
12. Stable weeks: per employee and week (weeks as in rule 7, only days inside the month),
    the start times of their WORK rows (minutes after midnight of the row's `date`) lie
    within `start_spread_hours` (max - min; exactly the limit passes). The message names
    the first day of the earliest and of the latest start. A WORK row that does not start
    on its `date` is left to rule 1.
13. Paired days off (when `paired_days_off`, for contracts whose `days_off_per_week` is
    not 1): no isolated day off, i.e. no day d with d-1 and d+1 both inside the month and
    working days, while d is not one but is open (the closed-day convention below),
    inside the employment dates and not approved time off. A closed day is a day off, so
    Saturday off beside a closed Sunday is a pair.
14. Requested days off (`kind = requested` in the time-off CSV; requirements CSV
    needed): a WORK row on a requested day is a violation when, without that shift,
    every open interval of that day in which it was counted (as in rule 9) still has
    scheduled >= required. The message gives the smallest margin (scheduled - 1 -
    required) and where it is. A shift counted in no open interval of its day is a
    violation too (nothing falls short without it). Only the intervals of the row's
    `date` are looked at, even when the shift runs past midnight; a day that is also
    approved time off is left to rule 8.

Conventions chosen where DESIGN.md is silent (each is stated so the lead can align):

- Closed days are the weekdays missing from `open_days`, and, when a requirements CSV is
  given, open weekdays it shuts: days with rows but none open (its `open` column false
  throughout, or, without that column, `staff` 0 throughout), e.g. a Christmas Day the
  forecast expects no calls on. No WORK on them and no coverage rows for them. A public
  holiday the requirements keep open is an open day (many centres open on holidays), but
  it still pro-rates the weekly minimum (rule 7).
- A whole-day row may end `YYYY-MM-DDT24:00` or at 00:00 of the next day; both are read.
- OVERHAUL rows count as working days (rules 6, 8 and 13) and add their `paid_minutes` to
  the weekly hours (rule 7); they are not on the phones (rule 9). LEAVE and OFF rows add
  nothing to the weekly hours (approved leave pro-rates the minimum instead).
- Missing config keys take DESIGN.md's defaults for `[centre]` (all days open, weeks from
  Monday, 30-minute intervals, hours 00:00-24:00); a contract without `shifts` allows
  every template; a contract key that is absent switches its rule off; a break without
  `within` may sit anywhere in its shift, without `activity` it is a BREAK.
- Rules 10 and 14 read a missing or empty `staff` as 0 (nothing required there). Rule 11
  counts WORK rows only (an OVERHAUL is neither a late shift nor a weekend shift).
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

LONG_COLUMNS = ["employee_id", "name", "date", "start", "end", "activity", "paid_minutes"]
UTC_COLUMNS = ["start_utc", "end_utc"]
OWN_EMPLOYEE_COLUMNS = ("employee_id", "name", "contract", "skills", "leave_days_per_year",
                        "start_date", "end_date")
COVERAGE_COLUMNS = ["interval_start", "required", "scheduled", "service_level", "asa_seconds",
                    "volume", "aht_seconds"]
ACTIVITIES = ("WORK", "BREAK", "LUNCH", "SPLIT", "LEAVE", "OVERHAUL", "OFF")
BREAK_KINDS = ("BREAK", "LUNCH", "SPLIT")
WHOLE_DAY = ("LEAVE", "OFF")
WORKING = ("WORK", "OVERHAUL")          # activities that make a day a working day
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TOLERANCE_HOURS = 1e-6

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?:[+-]\d\d:\d\d|Z)?$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")

MinHoursRule = Callable[[float, int, int], float]


def prorated_min(min_hours: float, available_days: int, open_days_per_week: int) -> float:
    """The default weekly minimum: min × available days / open days in a full week."""
    if open_days_per_week <= 0:
        return 0.0
    return min_hours * available_days / open_days_per_week


# -- the config -----------------------------------------------------------------------------
@dataclass(frozen=True)
class BreakRule:
    """One break of a shift template; `lo`/`hi` are minutes after the shift start."""

    activity: str
    minutes: int
    lo: int
    hi: int
    paid: bool


@dataclass(frozen=True)
class Template:
    """A `[[shift]]` template; start window in minutes after midnight."""

    name: str
    start_lo: int
    start_hi: int
    minutes: int
    breaks: tuple[BreakRule, ...]
    weekdays: frozenset[int] = frozenset(range(7))  # `days`, when the template names them

    @property
    def unpaid_minutes(self) -> int:
        return sum(b.minutes for b in self.breaks if not b.paid)

    def describe(self) -> str:
        return (f"{self.name}: start {_clock(self.start_lo)}-{_clock(self.start_hi)}, "
                f"{_num(self.minutes / 60)} h")


@dataclass(frozen=True)
class Contract:
    """A `[[contract]]`; None means the config does not set that limit."""

    name: str
    min_hours: float | None
    max_hours: float | None
    max_consecutive_days: int | None
    min_rest_hours: float | None
    shifts: tuple[str, ...] | None
    days_off_per_week: int = 0
    overtime_hours: float = 0.0


@dataclass(frozen=True)
class Centre:
    """Open weekdays (0 = Mon), first day of a week, interval length, agent hours."""

    open_weekdays: frozenset[int]
    week_start: int
    interval: int
    hours: dict[int, tuple[int, int]]
    country: str = ""
    subdivision: str = ""
    categories: tuple[str, ...] = ("public",)
    shut: frozenset[date] = frozenset()  # open weekdays the requirements close
    timezone: str = "UTC"

    def is_open(self, day: date) -> bool:
        return day.weekday() in self.open_weekdays and day not in self.shut

    def public_holidays(self, first: date, last: date) -> set[date]:
        """Public holidays of the config's country between first and last."""
        if not self.country:
            return set()
        import holidays

        table = holidays.country_holidays(self.country, subdiv=self.subdivision or None,
                                          years=range(first.year, last.year + 1),
                                          categories=self.categories)
        return {d for d in table if first <= d <= last}


@dataclass(frozen=True)
class RosterRules:
    """The keys of rules 10-14 (`[service] min_agents` and `[roster]`), with wfm's defaults."""

    min_agents: int = 1
    start_spread_hours: float = 2.0
    paired_days_off: bool = True
    fair_spread: int = 2
    weekend: tuple[int, ...] = (5, 6)          # weekdays, 0 = Mon
    late_after: int = 19 * 60                  # minutes after midnight
    overhang: int = 30                         # [roster] overhang_minutes


@dataclass(frozen=True)
class Setup:
    centre: Centre
    templates: dict[str, Template]
    contracts: dict[str, Contract]
    rules: RosterRules = field(default_factory=RosterRules)


def _clock_minutes(text: str, where: str) -> int:
    """'HH:MM' (up to '24:00') as minutes after midnight."""
    m = _CLOCK.match(str(text).strip())
    if not m or int(m[2]) > 59 or int(m[1]) * 60 + int(m[2]) > 1440:
        raise ValueError(f"{where}: expected a time HH:MM, got {text!r}")
    return int(m[1]) * 60 + int(m[2])


def _weekday(name: str, where: str) -> int:
    if name not in WEEKDAYS:
        raise ValueError(f"{where}: unknown weekday {name!r}")
    return WEEKDAYS.index(name)


def _pair(value, where: str) -> tuple:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ValueError(f"{where}: expected a pair [a, b], got {value!r}")
    return value[0], value[1]


def _load_centre(raw: dict) -> Centre:
    """`[centre]` with DESIGN.md's defaults."""
    open_days = raw.get("open_days", list(WEEKDAYS))
    open_weekdays = frozenset(_weekday(d, "[centre] open_days") for d in open_days)
    week_start = _weekday(raw.get("week_start", "Mon"), "[centre] week_start")
    interval = int(raw.get("interval_minutes", 30))
    if interval <= 0 or 1440 % interval:
        raise ValueError(f"[centre] interval_minutes: {interval} does not divide a day")
    table = raw.get("hours", {})
    default = table.get("default", ["00:00", "24:00"])
    hours = {}
    for wd in sorted(open_weekdays):
        lo, hi = _pair(table.get(WEEKDAYS[wd], default), f"[centre.hours] {WEEKDAYS[wd]}")
        hours[wd] = (_clock_minutes(lo, "[centre.hours]"), _clock_minutes(hi, "[centre.hours]"))
    return Centre(open_weekdays, week_start, interval, hours,
                  country=str(raw.get("country", "")).strip().upper(),
                  subdivision=str(raw.get("subdivision", "")).strip(),
                  categories=tuple(raw.get("holiday_categories", ["public"])),
                  timezone=str(raw.get("timezone", "UTC")))


def _load_template(raw: dict) -> Template:
    name = raw.get("name")
    if not name:
        raise ValueError(f"[[shift]] without a name: {raw!r}")
    where = f"[[shift]] {name}"
    lo, hi = _pair(raw.get("start"), f"{where} start")
    minutes = round(float(raw["hours"]) * 60)
    breaks = []
    for b in raw.get("breaks", []):
        w_lo, w_hi = _pair(b.get("within", [0, minutes / 60]), f"{where} breaks within")
        breaks.append(BreakRule(activity=str(b.get("activity", "BREAK")),
                                minutes=round(float(b["minutes"])),
                                lo=round(float(w_lo) * 60), hi=round(float(w_hi) * 60),
                                paid=bool(b.get("paid", b.get("activity") != "SPLIT"))))
    days = raw.get("days", list(WEEKDAYS))
    return Template(name, _clock_minutes(lo, f"{where} start"),
                    _clock_minutes(hi, f"{where} start"), minutes, tuple(breaks),
                    frozenset(_weekday(d, f"{where} days") for d in days))


def _load_contract(raw: dict, templates: dict[str, Template]) -> Contract:
    name = raw.get("name")
    if not name:
        raise ValueError(f"[[contract]] without a name: {raw!r}")
    lo = hi = None
    if "hours_per_week" in raw:
        lo, hi = (float(x) for x in _pair(raw["hours_per_week"],
                                          f"[[contract]] {name} hours_per_week"))
    shifts = tuple(raw["shifts"]) if "shifts" in raw else None
    for s in shifts or ():
        if s not in templates:
            raise ValueError(f"[[contract]] {name}: unknown shift {s!r}")
    consecutive = raw.get("max_consecutive_days")
    rest = raw.get("min_rest_hours")
    return Contract(name, lo, hi, None if consecutive is None else int(consecutive),
                    None if rest is None else float(rest), shifts,
                    int(raw.get("days_off_per_week", 0)),
                    float(raw.get("overtime_hours", 0.0)))


def _load_rules(service: dict, roster: dict) -> RosterRules:
    """`[service] min_agents` and the `[roster]` keys of rules 10-14, defaults filled in."""
    paired = roster.get("paired_days_off", True)
    if not isinstance(paired, bool):
        raise ValueError(f"[roster] paired_days_off: expected true or false, got {paired!r}")
    weekend = roster.get("weekend", ["Sat", "Sun"])
    if not isinstance(weekend, list):
        raise ValueError(f"[roster] weekend: expected a list of weekdays, got {weekend!r}")
    return RosterRules(
        min_agents=int(service.get("min_agents", 1)),
        start_spread_hours=float(roster.get("start_spread_hours", 2.0)),
        paired_days_off=paired,
        fair_spread=int(roster.get("fair_spread", 2)),
        weekend=tuple(_weekday(d, "[roster] weekend") for d in weekend),
        late_after=_clock_minutes(roster.get("late_after", "19:00"), "[roster] late_after"),
        overhang=int(roster.get("overhang_minutes", 30)))


def load_setup(config_path: str | Path) -> Setup:
    """Read the TOML config into the centre, the shift templates and the contracts."""
    with open(config_path, "rb") as fh:
        raw = tomllib.load(fh)
    templates = {t.name: t for t in (_load_template(s) for s in raw.get("shift", []))}
    contracts = {c.name: c for c in (_load_contract(x, templates)
                                     for x in raw.get("contract", []))}
    return Setup(_load_centre(raw.get("centre", {})), templates, contracts,
                 _load_rules(raw.get("service", {}), raw.get("roster", {})))


# -- employees, time off, requirements --------------------------------------------------------
@dataclass(frozen=True)
class Employee:
    employee_id: str
    name: str
    contract: Contract
    start: date | None
    end: date | None
    extras: dict[str, str] = field(default_factory=dict)  # the file's further columns

    def employed(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


def _read_text_csv(path: str | Path) -> pd.DataFrame:
    """A CSV with every cell as stripped text ('' for empty)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.apply(lambda col: col.str.strip())


def _optional_date(text: str, where: str) -> date | None:
    if text == "":
        return None
    day = parse_date(text)
    if day is None:
        raise ValueError(f"{where}: expected a date YYYY-MM-DD, got {text!r}")
    return day


def load_employees(path: str | Path, setup: Setup) -> dict[str, Employee]:
    """employees.csv: employee_id, name, contract, optional start_date / end_date."""
    frame = _read_text_csv(path)
    for col in ("employee_id", "name", "contract"):
        if col not in frame.columns:
            raise ValueError(f"{path}: missing column {col!r}")
    out = {}
    for i, rec in enumerate(frame.to_dict("records"), start=2):
        where = f"{path} line {i}"
        if rec["contract"] not in setup.contracts:
            raise ValueError(f"{where}: unknown contract {rec['contract']!r}")
        out[rec["employee_id"]] = Employee(
            rec["employee_id"], rec["name"], setup.contracts[rec["contract"]],
            _optional_date(rec.get("start_date", ""), where),
            _optional_date(rec.get("end_date", ""), where),
            {c: rec[c] for c in frame.columns if c not in OWN_EMPLOYEE_COLUMNS})
    return out


def load_approved_time_off(path: str | Path | None) -> dict[str, list[tuple[date, date]]]:
    """Approved time off per employee as inclusive (first, last) date pairs."""
    return load_time_off(path, "approved")


def load_time_off(path: str | Path | None, kind: str) -> dict[str, list[tuple[date, date]]]:
    """Time off of one `kind` (approved, requested) per employee as inclusive date pairs."""
    out: dict[str, list[tuple[date, date]]] = defaultdict(list)
    if path is None:
        return out
    frame = _read_text_csv(path)
    for i, rec in enumerate(frame.to_dict("records"), start=2):
        if rec["kind"].lower() != kind:
            continue
        where = f"{path} line {i}"
        first = _optional_date(rec["start_date"], where)
        last = _optional_date(rec["end_date"], where) or first
        out[rec["employee_id"]].append((first, last))
    return out


def shut_days(path: str | Path) -> frozenset[date]:
    """Days the requirements CSV has rows for but keeps wholly closed."""
    frame = _read_text_csv(path)
    if "open" in frame.columns:
        is_open = frame["open"].str.lower().isin(["true", "1", "yes"])
    else:
        is_open = frame["staff"].map(_number) > 0
    day = frame["interval_start"].str.slice(0, 10)
    by_day = is_open.groupby(day).any()
    return frozenset(date.fromisoformat(d) for d, anything in by_day.items() if not anything)


def load_requirements(path: str | Path, column: str = "staff") -> dict[datetime, float]:
    """requirements.csv: `staff` (or another column) per `interval_start`."""
    frame = _read_text_csv(path)
    for col in ("interval_start", column):
        if col not in frame.columns:
            raise ValueError(f"{path}: missing column {col!r}")
    out: dict[datetime, float] = {}
    texts: set[str] = set()
    for i, rec in enumerate(frame.to_dict("records"), start=2):
        t = parse_datetime(rec["interval_start"])
        if t is None or rec["interval_start"] in texts:
            raise ValueError(f"{path} line {i}: bad or repeated interval_start "
                             f"{rec['interval_start']!r}")
        texts.add(rec["interval_start"])
        # an autumn repeated hour (two offsets, one wall-clock time) needs its busier half
        out[t] = max(out.get(t, 0.0), _number(rec[column]))
    return out


# -- small parsers and formatters -----------------------------------------------------------
def parse_date(text: str) -> date | None:
    """`YYYY-MM-DD` or None."""
    if not _DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_datetime(text: str) -> datetime | None:
    """`YYYY-MM-DDTHH:MM` (local, optionally with its UTC offset) as the local wall-clock
    time, or None; `T24:00` is 00:00 of the next day."""
    m = _DATETIME.match(text)
    day = parse_date(m[1]) if m else None
    if m is None or day is None:
        return None
    hour, minute = int(m[2]), int(m[3])
    if hour == 24 and minute == 0:
        return datetime.combine(day + timedelta(days=1), time())
    if hour > 23 or minute > 59:
        return None
    return datetime.combine(day, time(hour, minute))


def parse_month(month: str) -> tuple[date, date]:
    """'YYYY-MM' as its first and last day."""
    if not re.match(r"^\d{4}-\d{2}$", month):
        raise ValueError(f"month: expected YYYY-MM, got {month!r}")
    first = date.fromisoformat(f"{month}-01")
    nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def _number(text: str) -> float:
    """A float, NaN for '' or anything that is not a number."""
    try:
        return float(text) if text != "" else math.nan
    except ValueError:
        return math.nan


def _num(x: float) -> str:
    """A number with at most two decimals and no trailing zeros: 9.5, 11, 37.25."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M")


def _hm(t: datetime, day: date) -> str:
    """HH:MM on `day`, the full date-time otherwise."""
    return t.strftime("%H:%M") if t.date() == day else _iso(t)


def _minutes(a: datetime, b: datetime) -> int:
    return round((b - a).total_seconds() / 60)


def _length(r: Row) -> int:
    """A row's length in minutes."""
    return _minutes(r.start, r.end)


def _days(first: date, last: date) -> Iterable[date]:
    for k in range((last - first).days + 1):
        yield first + timedelta(days=k)


# -- the roster long CSV ----------------------------------------------------------------------
@dataclass
class Row:
    """One parsed row of the long CSV (`line` is the file line, header = 1)."""

    line: int
    employee_id: str
    day: date
    start: datetime
    end: datetime
    activity: str
    paid_minutes: float
    outside_work: bool = False

    def span(self) -> str:
        return f"{self.activity} {_hm(self.start, self.day)}-{_hm(self.end, self.day)}"


@dataclass
class Shift:
    """A WORK row with its BREAK/LUNCH rows and the template chosen for it (if any)."""

    work: Row
    breaks: list[Row] = field(default_factory=list)
    template: Template | None = None

    @property
    def paid_minutes(self) -> float:
        if self.template is not None:
            return _minutes(self.work.start, self.work.end) - self.template.unpaid_minutes
        return self.work.paid_minutes


def _row_problems(n: int, rec: dict, employees: dict[str, Employee],
                  first: date, last: date) -> tuple[Row | None, list[str]]:
    """Parse and check one long-CSV record (rule 1); the Row is None when unusable."""
    where = f"roster line {n}"
    problems = []
    emp, act = rec["employee_id"], rec["activity"]
    if act not in ACTIVITIES:
        problems.append(f"{where}: activity {act!r} is not one of {', '.join(ACTIVITIES)}")
    day = parse_date(rec["date"])
    start, end = parse_datetime(rec["start"]), parse_datetime(rec["end"])
    for col, value in (("date", day), ("start", start), ("end", end)):
        if value is None:
            like = "a date like 1999-12-05" if col == "date" else \
                "a local ISO date-time like 1999-12-05T15:00"
            problems.append(f"{where}: {col} {rec[col]!r} is not {like}")
    paid = _number(rec["paid_minutes"])
    if not paid >= 0:
        problems.append(f"{where}: paid_minutes {rec['paid_minutes']!r} is not a number >= 0")
    if emp not in employees:
        problems.append(f"{where}: employee {emp!r} is not in employees.csv")
    if problems or day is None or start is None or end is None:
        return None, problems
    label = f"{emp} {day}"
    if end <= start:
        problems.append(f"{label}: {act} ends {_iso(end)}, not after its start {_iso(start)}")
        return None, problems
    if not first <= day <= last:
        problems.append(f"{label}: {act} row dated outside the month {first:%Y-%m}")
    if act in WORKING and start.date() != day:
        problems.append(f"{label}: {act} starts {_iso(start)}; `date` must be the day the "
                        "shift starts")
    if act in WHOLE_DAY and (start != datetime.combine(day, time())
                             or end != datetime.combine(day + timedelta(days=1), time())):
        problems.append(f"{label}: {act} runs {_iso(start)} to {_iso(end)}, expected the whole "
                        f"day {day}T00:00 to {day}T24:00")
    if act in (*BREAK_KINDS, "WORK") and paid > _minutes(start, end):
        problems.append(f"{label}: {act} paid_minutes {_num(paid)} exceed its length "
                        f"{_minutes(start, end)} min")
    return Row(n, emp, day, start, end, act, paid), problems


def utc_text(local: datetime, zone: str) -> str:
    """A local clock time in `zone` as UTC text: the first of a repeated time, the first
    real minute after a skipped one."""
    tz = ZoneInfo(zone)
    t = local
    while True:
        aware = t.replace(tzinfo=tz)  # fold 0: the first occurrence
        if aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == t:
            return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        t += timedelta(minutes=1)  # inside the spring gap


def read_roster(path: str | Path, employees: dict[str, Employee], first: date, last: date,
                problems: list[str], zone: str = "UTC") -> list[Row] | None:
    """Rule 1: read the long CSV; None when its columns are wrong (nothing else is checked)."""
    frame = _read_text_csv(path)
    further = list(next(iter(employees.values())).extras) if employees else []
    allowed = (LONG_COLUMNS, [*LONG_COLUMNS, *UTC_COLUMNS, *further])
    if list(frame.columns) not in allowed:
        problems.append(f"roster: columns are {', '.join(frame.columns)}; expected exactly "
                        f"{' or '.join(', '.join(a) for a in allowed)}")
        return None
    with_utc = list(frame.columns) != LONG_COLUMNS
    rows = []
    wrong_names: dict[tuple[str, str], int] = {}
    for n, rec in enumerate(frame.to_dict("records"), start=2):
        row, found = _row_problems(n, rec, employees, first, last)
        problems.extend(found)
        emp = employees.get(rec["employee_id"])
        if with_utc and row is not None:
            for column, local in (("start_utc", row.start), ("end_utc", row.end)):
                expected = utc_text(local, zone)
                if rec[column] != expected:
                    problems.append(f"roster line {n}: {column} {rec[column]!r} is not "
                                    f"{_iso(local)} in {zone} ({expected})")
        if with_utc and emp is not None:
            for column, value in emp.extras.items():
                if rec[column] != value:
                    problems.append(f"roster line {n}: {column} {rec[column]!r} is not "
                                    f"{emp.employee_id}'s {value!r} in employees.csv")
        if emp is not None and rec["name"] != emp.name:
            wrong_names.setdefault((emp.employee_id, rec["name"]), n)
        if row is not None:
            rows.append(row)
    for (emp_id, name), n in wrong_names.items():
        problems.append(f"{emp_id}: name {name!r} (first on roster line {n}) is not "
                        f"{employees[emp_id].name!r} as in employees.csv")
    return rows


# -- rule 2: one shift a day, breaks attached to their shift ------------------------------------
def build_shifts(rows: list[Row], problems: list[str]) -> dict[str, list[Shift]]:
    """Group WORK rows into shifts per employee (sorted by start) and attach the breaks."""
    by_day: dict[tuple[str, date], list[Shift]] = defaultdict(list)
    for r in sorted(rows, key=lambda r: (r.employee_id, r.start)):
        if r.activity == "WORK":
            by_day[(r.employee_id, r.day)].append(Shift(r))
    for (emp, day), shifts in sorted(by_day.items()):
        if len(shifts) > 1:
            spans = ", ".join(s.work.span() for s in shifts)
            problems.append(f"{emp} {day}: {len(shifts)} WORK rows on one day ({spans}); at "
                            "most one shift a day")
    for r in sorted(rows, key=lambda r: (r.employee_id, r.start)):
        if r.activity not in BREAK_KINDS:
            continue
        candidates = by_day.get((r.employee_id, r.day), [])
        if not candidates:
            problems.append(f"{r.employee_id} {r.day}: {r.span()} has no WORK row that day")
            continue
        inside = [s for s in candidates if s.work.start <= r.start and r.end <= s.work.end]
        shift = inside[-1] if inside else candidates[0]
        if not inside:
            r.outside_work = True
            problems.append(f"{r.employee_id} {r.day}: {r.span()} is not inside its "
                            f"{shift.work.span()}")
        shift.breaks.append(r)
    out: dict[str, list[Shift]] = defaultdict(list)
    for (emp, _), shifts in sorted(by_day.items()):
        out[emp].extend(shifts)
    for shifts in out.values():
        shifts.sort(key=lambda s: s.work.start)
    return out


def check_overlaps(shifts: dict[str, list[Shift]], problems: list[str]) -> None:
    """Rule 2: one employee's WORK rows never overlap."""
    for emp, items in sorted(shifts.items()):
        latest: Shift | None = None
        for s in items:
            if latest is not None and s.work.start < latest.work.end:
                problems.append(f"{emp} {s.work.day}: {s.work.span()} overlaps the "
                                f"{latest.work.span()} dated {latest.work.day}")
            if latest is None or s.work.end > latest.work.end:
                latest = s


def check_day_kinds(rows: list[Row], problems: list[str]) -> None:
    """Rule 2: a WORK day has no LEAVE or OFF row for the same employee."""
    kinds: dict[tuple[str, date], set[str]] = defaultdict(set)
    for r in rows:
        kinds[(r.employee_id, r.day)].add(r.activity)
    for (emp, day), acts in sorted(kinds.items()):
        for other in WHOLE_DAY:
            if "WORK" in acts and other in acts:
                problems.append(f"{emp} {day}: WORK and {other} on the same day")


# -- rules 3 and 4: templates and breaks ------------------------------------------------------
def _in_window(minute: int, lo: int, hi: int) -> bool:
    """Start minute inside [lo, hi]; a window with hi < lo wraps past midnight."""
    return lo <= minute <= hi if lo <= hi else (minute >= lo or minute <= hi)


def fits_template(work: Row, t: Template) -> bool:
    """On one of the template's days, start inside its window and length equal to its
    hours (grid apart)."""
    minute = work.start.hour * 60 + work.start.minute
    return work.day.weekday() in t.weekdays and _in_window(minute, t.start_lo, t.start_hi) \
        and _minutes(work.start, work.end) == t.minutes


def _describe_breaks(counter: Counter) -> str:
    if not counter:
        return "none"
    return ", ".join(f"{act} {mins} min" + (f" x{n}" if n > 1 else "")
                     for (act, mins), n in sorted(counter.items()))


def break_problems(shift: Shift, t: Template) -> list[str]:
    """Rule 4 against one template: kinds and minutes one to one, each inside its window.

    Rows are matched to the template's breaks greedily (rows by start, each to the
    feasible break whose latest start is earliest), which is optimal for this
    point-to-interval matching.
    """
    work = shift.work
    label = f"{work.employee_id} {work.day}"
    found = Counter((r.activity, _length(r)) for r in shift.breaks)
    expected = Counter((b.activity, b.minutes) for b in t.breaks)
    if found != expected:
        return [f"{label}: breaks {_describe_breaks(found)} do not match shift '{t.name}', "
                f"which has {_describe_breaks(expected)}"]
    unused = list(t.breaks)
    problems = []
    for r in sorted(shift.breaks, key=lambda r: r.start):
        offset = _minutes(work.start, r.start)
        fits = [b for b in unused if (b.activity, b.minutes) == (r.activity, _length(r))
                and b.lo <= offset <= b.hi - b.minutes]
        if fits:
            unused.remove(min(fits, key=lambda b: b.hi - b.minutes))
            continue
        if r.outside_work:
            continue                    # already reported as outside its WORK row
        windows = " or ".join(
            f"{_num(b.lo / 60)}-{_num(b.hi / 60)} h after the {_hm(work.start, work.day)} "
            f"start ({_hm(work.start + timedelta(minutes=b.lo), work.day)}-"
            f"{_hm(work.start + timedelta(minutes=b.hi), work.day)})"
            for b in t.breaks if b.activity == r.activity and b.minutes == _length(r))
        problems.append(f"{label}: {r.span()} is outside its window in shift '{t.name}': "
                        f"{windows}")
    return problems


def check_break_overlaps(shift: Shift, problems: list[str]) -> None:
    """Rule 4: the breaks of one shift do not overlap one another."""
    items = sorted(shift.breaks, key=lambda r: r.start)
    for a, b in pairwise(items):
        if b.start < a.end:
            problems.append(f"{a.employee_id} {a.day}: {a.span()} overlaps {b.span()}")


def check_shift(shift: Shift, employee: Employee, setup: Setup, problems: list[str],
                check_work_paid_minutes: bool) -> None:
    """Rules 3 and 4 for one WORK row; sets `shift.template` to the template that fits."""
    work = shift.work
    label = f"{work.employee_id} {work.day}"
    centre = setup.centre
    if work.day.weekday() not in centre.open_weekdays:
        problems.append(f"{label}: WORK on a closed day ({WEEKDAYS[work.day.weekday()]})")
    elif work.day in centre.shut:
        problems.append(f"{label}: WORK on a day the requirements close (no open interval)")
    minute = work.start.hour * 60 + work.start.minute
    if minute % centre.interval:
        problems.append(f"{label}: WORK starts at {_hm(work.start, work.day)}, not on the "
                        f"{centre.interval}-minute interval grid")
    contract = employee.contract
    allowed = [setup.templates[n] for n in contract.shifts] if contract.shifts is not None \
        else list(setup.templates.values())
    candidates = [t for t in allowed if fits_template(work, t)]
    check_break_overlaps(shift, problems)
    if not candidates:
        length = _num(_minutes(work.start, work.end) / 60)
        others = [t.name for t in setup.templates.values()
                  if t not in allowed and fits_template(work, t)]
        note = f"; it fits '{', '.join(others)}', which that contract does not allow" \
            if others else ""
        problems.append(f"{label}: {work.span()} ({length} h) matches no shift the "
                        f"{contract.name} contract allows "
                        f"({'; '.join(t.describe() for t in allowed) or 'none'}){note}")
        return
    results = [(t, break_problems(shift, t)) for t in candidates]
    good = [t for t, found in results if not found]
    # of several templates that fit, prefer the one the row's paid_minutes agrees with
    length = _minutes(work.start, work.end)
    good.sort(key=lambda t: abs(length - t.unpaid_minutes - work.paid_minutes))
    shift.template = good[0] if good else results[0][0]
    if not good:
        problems.extend(results[0][1])
    if check_work_paid_minutes and abs(work.paid_minutes - shift.paid_minutes) > 1e-6:
        problems.append(f"{label}: WORK paid_minutes {_num(work.paid_minutes)}, expected "
                        f"{_num(shift.paid_minutes)} (shift '{shift.template.name}': "
                        f"{shift.template.minutes} min less "
                        f"{shift.template.unpaid_minutes} min unpaid breaks)")


# -- rules 5 to 8: rest, consecutive days, weekly hours, time off -------------------------------
def check_rest(emp: Employee, shifts: list[Shift], problems: list[str]) -> None:
    """Rule 5: rest from the end of one WORK row to the start of the next."""
    need = emp.contract.min_rest_hours
    if need is None:
        return
    for a, b in pairwise(shifts):
        rest = (b.work.start - a.work.end).total_seconds() / 3600
        if 0 <= rest < need - TOLERANCE_HOURS:
            problems.append(f"{emp.employee_id} {a.work.day}: rest {_num(rest)} h before the "
                            f"shift starting {_iso(b.work.start)}, contract needs {_num(need)} h")


def working_days(rows: list[Row]) -> dict[str, set[date]]:
    out: dict[str, set[date]] = defaultdict(set)
    for r in rows:
        if r.activity in WORKING:
            out[r.employee_id].add(r.day)
    return out


def check_consecutive(emp: Employee, days: set[date], first: date, last: date,
                      problems: list[str]) -> None:
    """Rule 6: runs of working days inside the month are at most max_consecutive_days."""
    limit = emp.contract.max_consecutive_days
    if limit is None:
        return
    run: list[date] = []
    for day in [*_days(first, last), None]:
        if day is not None and day in days:
            run.append(day)
            continue
        if len(run) > limit:
            problems.append(f"{emp.employee_id} {run[0]}..{run[-1]}: {len(run)} consecutive "
                            f"working days, contract allows {limit}")
        run = []


def longest_paid_hours(day: date, contract: Contract, setup: Setup) -> float:
    """The most paid hours one shift of the contract can give on `day`: templates allowed
    that weekday that fit its open hours, `[roster] overhang_minutes` either side."""
    lo, hi = setup.centre.hours[day.weekday()]
    best = 0.0
    for name, t in setup.templates.items():
        if contract.shifts is not None and name not in contract.shifts:
            continue
        start = max(t.start_lo, lo - setup.rules.overhang)
        if day.weekday() in t.weekdays and start <= t.start_hi and \
                start + t.minutes <= hi + setup.rules.overhang:
            best = max(best, (t.minutes - t.unpaid_minutes) / 60)
    return best


def check_weekly_hours(emp: Employee, shifts: list[Shift], rows: list[Row],
                       approved: set[date], setup: Setup, first: date, last: date,
                       rule: MinHoursRule, problems: list[str]) -> None:
    """Rule 7: paid hours per week within hours_per_week, the min pro-rated by `rule` and
    never above what the longest allowed shift of each available day pays."""
    centre = setup.centre
    contract = emp.contract
    if contract.min_hours is None and contract.max_hours is None:
        return
    paid_by_day: dict[date, float] = defaultdict(float)
    for s in shifts:
        paid_by_day[s.work.day] += s.paid_minutes
    for r in rows:
        if r.activity == "OVERHAUL":
            paid_by_day[r.day] += r.paid_minutes
    n_open = len(centre.open_weekdays)
    holidays = centre.public_holidays(first, last)
    week = first - timedelta(days=(first.weekday() - centre.week_start) % 7)
    while week <= last:
        days = [d for d in _days(week, week + timedelta(days=6)) if first <= d <= last]
        paid = sum(paid_by_day.get(d, 0.0) for d in days) / 60
        free = [d for d in days if centre.is_open(d) and d not in holidays
                and emp.employed(d) and d not in approved]
        available = len(free)
        label = f"{emp.employee_id} week {week}..{week + timedelta(days=6)}"
        if contract.min_hours is not None:
            need = rule(contract.min_hours, available, n_open)
            if need < contract.min_hours:  # a pro-rated week: what its shifts can pay
                need = min(need, sum(longest_paid_hours(d, contract, setup) for d in free))
            if need < contract.min_hours and len(days) < 7:  # cut by the month's edge:
                # whole shifts, rounded down
                shift = max(((t.minutes - t.unpaid_minutes) / 60
                             for name, t in setup.templates.items()
                             if contract.shifts is None or name in contract.shifts),
                            default=0.0)
                need = math.floor(need / shift + 1e-9) * shift if shift else need
            if paid < need - TOLERANCE_HOURS:
                how = "" if math.isclose(need, contract.min_hours) else \
                    f" ({_num(contract.min_hours)} h pro-rated: {available} of {n_open} open " \
                    "days available)"
                problems.append(f"{label}: {_num(paid)} paid h, below the {contract.name} "
                                f"minimum of {_num(need)} h{how}")
        most = None if contract.max_hours is None else \
            contract.max_hours + contract.overtime_hours
        if most is not None and paid > most + TOLERANCE_HOURS:
            extra = f" with {_num(contract.overtime_hours)} h overtime" \
                if contract.overtime_hours else ""
            problems.append(f"{label}: {_num(paid)} paid h, above the {contract.name} "
                            f"maximum of {_num(most)} h{extra}")
        week += timedelta(days=7)


def approved_days(spans: list[tuple[date, date]]) -> set[date]:
    return {d for lo, hi in spans for d in _days(lo, hi)}


def check_time_off_and_employment(emp: Employee, days: set[date], approved: set[date],
                                  spans: list[tuple[date, date]], problems: list[str]) -> None:
    """Rule 8: no work on approved time off, before start_date or after end_date."""
    for day in sorted(days):
        if day in approved:
            lo, hi = next((lo, hi) for lo, hi in spans if lo <= day <= hi)
            problems.append(f"{emp.employee_id} {day}: works on approved time off "
                            f"({lo}..{hi})")
        if emp.start is not None and day < emp.start:
            problems.append(f"{emp.employee_id} {day}: works before the start date {emp.start}")
        if emp.end is not None and day > emp.end:
            problems.append(f"{emp.employee_id} {day}: works after the end date {emp.end}")


# -- rule 9: coverage -------------------------------------------------------------------------
def open_intervals(centre: Centre, first: date, last: date) -> list[datetime]:
    """Starts of the intervals of open days that overlap the agent hours."""
    out = []
    step = centre.interval
    for day in _days(first, last):
        if not centre.is_open(day):
            continue
        lo, hi = centre.hours[day.weekday()]
        midnight = datetime.combine(day, time())
        out.extend(midnight + timedelta(minutes=m) for m in range(0, 1440, step)
                   if m + step > lo and m < hi)
    return out


def scheduled_counts(rows: list[Row], starts: list[datetime], interval: int,
                     partial_break_counts: bool) -> np.ndarray:
    """Employees at WORK and on no BREAK/LUNCH/SPLIT for the whole interval, per interval
    start.

    With `partial_break_counts`, an employee counts unless a break covers the whole
    interval (the other reading of DESIGN.md's sentence).
    """
    if not starts:
        return np.zeros(0, dtype=int)
    origin = min(starts) - timedelta(days=2)
    size = _minutes(origin, max(starts)) + interval + 2 * 1440
    offsets = np.array([_minutes(origin, t) for t in starts])
    total = np.zeros(len(starts), dtype=int)
    by_emp: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        if r.activity in ("WORK", *BREAK_KINDS):
            by_emp[r.employee_id].append(r)
    for items in by_emp.values():
        work = np.zeros(size, dtype=bool)
        rest = np.zeros(size, dtype=bool)
        for r in items:
            lo = min(max(_minutes(origin, r.start), 0), size)
            hi = min(max(_minutes(origin, r.end), 0), size)
            (work if r.activity == "WORK" else rest)[lo:hi] = True
        if partial_break_counts:
            at_work = _whole(work, offsets, interval)
            on_break = _whole(rest, offsets, interval)
            total += at_work & ~on_break
        else:
            total += _whole(work & ~rest, offsets, interval)
    return total


def _whole(mask: np.ndarray, offsets: np.ndarray, interval: int) -> np.ndarray:
    """True where mask holds for every minute of [offset, offset + interval)."""
    cum = np.concatenate([[0], np.cumsum(mask)])
    return (cum[offsets + interval] - cum[offsets]) == interval


def _capped(problems: list[str], found: list[str], what: str, cap: int | None,
            prefix: str = "coverage") -> None:
    """Add at most `cap` per-interval messages and one line counting the rest."""
    if cap is None or len(found) <= cap:
        problems.extend(found)
        return
    problems.extend(found[:cap])
    problems.append(f"{prefix}: {len(found) - cap} more intervals where {what}")


def check_coverage(path: str | Path, rows: list[Row], requirements: dict[datetime, float] | None,
                   centre: Centre, first: date, last: date, partial_break_counts: bool,
                   cap: int | None, problems: list[str],
                   volumes: dict[datetime, float] | None = None) -> None:
    """Rule 9: the coverage CSV's rows, `scheduled`, `required` and `volume`."""
    frame = _read_text_csv(path)
    if list(frame.columns) != COVERAGE_COLUMNS:
        problems.append(f"coverage: columns are {', '.join(frame.columns)}; expected exactly "
                        f"{', '.join(COVERAGE_COLUMNS)}")
        return
    expected = open_intervals(centre, first, last)
    expected_set = set(expected)
    seen: dict[datetime, dict] = {}
    texts: set[str] = set()
    repeated, extra = [], []
    for n, rec in enumerate(frame.to_dict("records"), start=2):
        t = parse_datetime(rec["interval_start"])
        if t is None:
            problems.append(f"coverage line {n}: interval_start {rec['interval_start']!r} is "
                            "not a local ISO date-time like 1999-12-05T15:00")
        elif rec["interval_start"] in texts:
            repeated.append(_iso(t))
        elif t in seen:  # an autumn repeated hour's second half: the same people on it
            texts.add(rec["interval_start"])
            if rec["scheduled"] != seen[t]["scheduled"]:
                problems.append(f"coverage line {n}: the repeated hour's halves differ")
        elif t not in expected_set:
            extra.append(_iso(t))
        else:
            texts.add(rec["interval_start"])
            seen[t] = rec
    if repeated:
        problems.append(f"coverage: {len(repeated)} repeated interval(s): "
                        f"{', '.join(repeated[:5])}")
    if extra:
        problems.append(f"coverage: {len(extra)} row(s) are not open intervals of "
                        f"{first:%Y-%m}: {', '.join(extra[:5])}")
    missing = [_iso(t) for t in expected if t not in seen]
    if missing:
        problems.append(f"coverage: {len(missing)} open interval(s) of {first:%Y-%m} have no "
                        f"row: {', '.join(missing[:5])}")
    counts = dict(zip(expected, scheduled_counts(rows, expected, centre.interval,
                                                  partial_break_counts), strict=True))
    wrong_sched, wrong_req, wrong_kpi = [], [], []
    for t, rec in sorted(seen.items()):
        sched = _number(rec["scheduled"])
        if sched != counts[t]:
            wrong_sched.append(f"coverage {_iso(t)}: scheduled {rec['scheduled']!r}, but the "
                               f"roster has {counts[t]} employee(s) at WORK and off breaks for "
                               "the whole interval")
        if requirements is not None:
            staff = requirements.get(t)
            req = _number(rec["required"])
            if staff is None:
                wrong_req.append(f"coverage {_iso(t)}: the requirements have no row for this "
                                 "interval")
            elif not (abs(req - staff) <= 1e-6 or (math.isnan(req) and math.isnan(staff))):
                wrong_req.append(f"coverage {_iso(t)}: required {rec['required']!r}, but the "
                                 f"requirements' staff is {_num(staff)}")
        if volumes is not None and t in volumes and not abs(
                _number(rec["volume"]) - volumes[t]) <= 1e-3:
            wrong_req.append(f"coverage {_iso(t)}: volume {rec['volume']!r}, but the "
                             f"requirements' volume is {_num(volumes[t])}")
        sl, asa = _number(rec["service_level"]), _number(rec["asa_seconds"])
        if (rec["service_level"] and not 0 <= sl <= 1) or (rec["asa_seconds"] and
                                                            not asa >= 0):
            wrong_kpi.append(f"coverage {_iso(t)}: service_level {rec['service_level']!r} "
                             f"(expected empty or 0..1), asa_seconds {rec['asa_seconds']!r} "
                             "(expected empty or >= 0)")
    _capped(problems, wrong_sched, "scheduled differs", cap)
    _capped(problems, wrong_req, "required differs", cap)
    _capped(problems, wrong_kpi, "service_level or asa_seconds is out of range", cap)


# -- rules 10 to 14: floor, fairness, stable weeks, paired days off, requested days --------------
def _required(requirements: dict[datetime, float], t: datetime) -> float:
    """The requirements' staff at t; missing or empty reads as 0 (nothing required)."""
    staff = requirements.get(t, 0.0)
    return 0.0 if math.isnan(staff) else staff


def check_floor(counts: dict[datetime, int], requirements: dict[datetime, float],
                rules: RosterRules, cap: int | None, problems: list[str]) -> None:
    """Rule 10: min(min_agents, staff) on the phones wherever anything is required."""
    found = []
    for t, scheduled in sorted(counts.items()):
        staff = _required(requirements, t)
        need = min(rules.min_agents, staff)
        if staff > 0 and scheduled < need - 1e-9:
            found.append(f"floor {t:%Y-%m-%d %H:%M} ({WEEKDAYS[t.weekday()]}): {scheduled} "
                         f"scheduled, {_num(need)} needed (the fewer of [service] min_agents "
                         f"{rules.min_agents} and the required {_num(staff)})")
    _capped(problems, found, "fewer than min(min_agents, required) are scheduled", cap,
            prefix="floor")


def whole_month(emp: Employee, approved: set[date], first: date, last: date) -> bool:
    """Employed on every day of the month and no approved time off in it (rule 11)."""
    return emp.employed(first) and emp.employed(last) and \
        not any(first <= d <= last for d in approved)


def is_late(work: Row, late_after: int) -> bool:
    """Ends after `late_after` on its `date`, or on a later date (rule 11)."""
    end_minute = work.end.hour * 60 + work.end.minute
    return work.end.date() > work.day or end_minute > late_after


def check_fairness(employees: dict[str, Employee], shifts: dict[str, list[Shift]],
                   time_off: dict[str, list[tuple[date, date]]], rules: RosterRules,
                   first: date, last: date, problems: list[str]) -> None:
    """Rule 11: late shifts, weekend days and each weekend day spread fairly per contract."""
    kinds: list[tuple[str, Callable[[Row], bool]]] = [
        (f"late shifts (ending after {_clock(rules.late_after)})",
         lambda w: is_late(w, rules.late_after)),
        (f"weekend days ({', '.join(WEEKDAYS[d] for d in rules.weekend)})",
         lambda w: w.day.weekday() in rules.weekend)]
    if len(rules.weekend) > 1:
        kinds += [(f"{WEEKDAYS[d]} shifts", lambda w, d=d: w.day.weekday() == d)
                  for d in rules.weekend]
    by_contract: dict[str, list[Employee]] = defaultdict(list)
    for emp_id in sorted(employees):
        emp = employees[emp_id]
        if whole_month(emp, approved_days(time_off.get(emp_id, [])), first, last):
            by_contract[emp.contract.name].append(emp)
    for contract, people in sorted(by_contract.items()):
        if len(people) < 2:
            continue
        for what, counts in kinds:
            n = {e.employee_id: sum(1 for s in shifts.get(e.employee_id, [])
                                    if first <= s.work.day <= last and counts(s.work))
                 for e in people}
            low = min(n, key=lambda k: n[k])
            high = max(n, key=lambda k: n[k])
            spread = n[high] - n[low]
            if spread > rules.fair_spread:
                problems.append(f"{contract} contract: {what} differ by {spread} across the "
                                f"{len(people)} people working the whole month, more than "
                                f"fair_spread {rules.fair_spread}: fewest {low} ({n[low]}), "
                                f"most {high} ({n[high]})")


def check_start_spread(emp: Employee, shifts: list[Shift], centre: Centre, rules: RosterRules,
                       first: date, last: date, problems: list[str]) -> None:
    """Rule 12: a week's shift start times lie within start_spread_hours of one another."""
    limit = rules.start_spread_hours * 60
    by_week: dict[date, list[tuple[int, date]]] = defaultdict(list)
    for s in shifts:
        day = s.work.day
        if first <= day <= last and s.work.start.date() == day:   # else rule 1 reports it
            week = day - timedelta(days=(day.weekday() - centre.week_start) % 7)
            by_week[week].append((_minutes(datetime.combine(day, time()), s.work.start), day))
    for week, starts in sorted(by_week.items()):
        (lo, lo_day) = min(starts)
        (hi, hi_day) = max(starts, key=lambda s: (s[0], -s[1].toordinal()))  # first on ties
        if hi - lo > limit + 1e-6:
            problems.append(f"{emp.employee_id} week {week}..{week + timedelta(days=6)}: shift "
                            f"starts from {_clock(lo)} ({lo_day}) to {_clock(hi)} ({hi_day}), "
                            f"{_num((hi - lo) / 60)} h apart, more than start_spread_hours "
                            f"{_num(rules.start_spread_hours)}")


def check_paired_days_off(emp: Employee, days: set[date], approved: set[date], centre: Centre,
                          rules: RosterRules, first: date, last: date,
                          problems: list[str]) -> None:
    """Rule 13: no open, employed, non-leave day off between two working days."""
    if not rules.paired_days_off or emp.contract.days_off_per_week == 1:
        return
    for day in _days(first + timedelta(days=1), last - timedelta(days=1)):
        before, after = day - timedelta(days=1), day + timedelta(days=1)
        if day in days or before not in days or after not in days:
            continue
        if centre.is_open(day) and emp.employed(day) and day not in approved:
            problems.append(f"{emp.employee_id} {day} ({WEEKDAYS[day.weekday()]}): an "
                            f"isolated day off between the working days {before} and {after} "
                            f"(paired_days_off; the {emp.contract.name} contract's "
                            f"days_off_per_week is {emp.contract.days_off_per_week})")


def check_requested_days(emp: Employee, shifts: list[Shift], requested: set[date],
                         approved: set[date], counts: dict[datetime, int],
                         requirements: dict[datetime, float], centre: Centre,
                         first: date, last: date, partial_break_counts: bool,
                         problems: list[str]) -> None:
    """Rule 14: a requested day off is worked only when the day needs that shift."""
    for s in shifts:
        day = s.work.day
        if day not in requested or day in approved or not first <= day <= last:
            continue
        starts = open_intervals(centre, day, day)
        mine = scheduled_counts([s.work, *s.breaks], starts, centre.interval,
                                partial_break_counts)
        margins = [(counts[t] - 1 - _required(requirements, t), t)
                   for t, counted in zip(starts, mine, strict=True) if counted]
        label = f"{emp.employee_id} {day}: works a requested day off"
        if not margins:
            problems.append(f"{label}, and the shift ({s.work.span()}) is counted in no open "
                            "interval of the day")
            continue
        margin, t = min(margins, key=lambda m: (m[0], m[1]))
        if margin >= -1e-9:
            problems.append(f"{label}, though without them every interval they cover still has "
                            f"scheduled >= required (smallest margin {_num(margin)}, at "
                            f"{t:%H:%M})")


# -- the entry point ----------------------------------------------------------------------------
def check_roster(config_path: str | Path, employees_csv: str | Path,
                 time_off_csv: str | Path | None, roster_long_csv: str | Path,
                 coverage_csv: str | Path | None, requirements_csv: str | Path | None,
                 month: str, *, min_hours_rule: MinHoursRule = prorated_min,
                 partial_break_counts: bool = False, check_work_paid_minutes: bool = True,
                 max_coverage_messages: int | None = 20) -> list[str]:
    """Every violation of DESIGN.md's roster rules (see the module docstring); [] = valid.

    `min_hours_rule(min_hours, available_days, open_days_per_week)` gives a week's
    pro-rated minimum; `partial_break_counts` switches rule 9 to "counts unless a break
    covers the whole interval"; `check_work_paid_minutes` switches off the check of WORK
    rows' paid_minutes; `max_coverage_messages` caps each kind of per-interval coverage
    message, rule 10's floor messages included (None = no cap). Rules 10 and 14 run only
    with a requirements CSV; rules 11-14 take their settings from the config.
    """
    setup = load_setup(config_path)
    first, last = parse_month(month)
    employees = load_employees(employees_csv, setup)
    time_off = load_approved_time_off(time_off_csv)
    requested = load_time_off(time_off_csv, "requested")
    requirements = load_requirements(requirements_csv) if requirements_csv else None
    if requirements_csv:
        setup = replace(setup, centre=replace(setup.centre, shut=shut_days(requirements_csv)))

    problems: list[str] = []
    rows = read_roster(roster_long_csv, employees, first, last, problems,
                       setup.centre.timezone)
    if rows is None:
        return problems
    shifts = build_shifts(rows, problems)
    check_overlaps(shifts, problems)
    check_day_kinds(rows, problems)
    for emp_id, items in sorted(shifts.items()):
        for s in items:
            check_shift(s, employees[emp_id], setup, problems, check_work_paid_minutes)
    worked = working_days([r for r in rows if first <= r.day <= last])
    for emp_id, emp in employees.items():
        approved = approved_days(time_off.get(emp_id, []))
        mine = shifts.get(emp_id, [])
        check_rest(emp, mine, problems)
        check_consecutive(emp, worked.get(emp_id, set()), first, last, problems)
        check_weekly_hours(emp, mine, [r for r in rows if r.employee_id == emp_id], approved,
                           setup, first, last, min_hours_rule, problems)
        check_time_off_and_employment(emp, worked.get(emp_id, set()), approved,
                                      time_off.get(emp_id, []), problems)
        check_start_spread(emp, mine, setup.centre, setup.rules, first, last, problems)
        check_paired_days_off(emp, worked.get(emp_id, set()), approved, setup.centre,
                              setup.rules, first, last, problems)
    check_fairness(employees, shifts, time_off, setup.rules, first, last, problems)
    if coverage_csv is not None:
        volumes = (load_requirements(requirements_csv, "volume")
                   if requirements_csv and "volume" in _read_text_csv(requirements_csv).columns
                   else None)
        check_coverage(coverage_csv, rows, requirements, setup.centre, first, last,
                       partial_break_counts, max_coverage_messages, problems, volumes)
    if requirements is not None:
        starts = open_intervals(setup.centre, first, last)
        counts = dict(zip(starts, (int(c) for c in scheduled_counts(
            rows, starts, setup.centre.interval, partial_break_counts)), strict=True))
        check_floor(counts, requirements, setup.rules, max_coverage_messages, problems)
        for emp_id, emp in employees.items():
            check_requested_days(emp, shifts.get(emp_id, []),
                                 approved_days(requested.get(emp_id, [])),
                                 approved_days(time_off.get(emp_id, [])), counts, requirements,
                                 setup.centre, first, last, partial_break_counts, problems)
    return problems
