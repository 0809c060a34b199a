"""Shift templates and contracts from the config, checked so a mistake names the shift.

A template has a start window on the interval grid, a length with breaks included, and
breaks each placed inside its window (hours from the shift start). A contract names the
templates its staff may work, the paid hours per week (and the overtime a week may add
above them), rest and consecutive-day rules, and the cost per paid hour.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass

from wfm.core.config import WEEKDAYS, Config
from wfm.core.errors import InputError

# BREAK and LUNCH are rest on the shift; SPLIT is the unpaid gap of a split shift (e.g.
# 08:00-12:00 and 16:00-20:00 as one 12-hour shift with a 4-hour SPLIT)
BREAK_ACTIVITIES = ("BREAK", "LUNCH", "SPLIT")


@dataclass(frozen=True)
class Break:
    """A break of `minutes`, starting `earliest`..`latest` minutes after the shift start."""

    activity: str
    minutes: int
    earliest: int
    latest: int  # latest start, so the break ends inside its window
    paid: bool

    def offsets(self, grid: int) -> list[int]:
        """Start offsets (minutes after the shift start) on the interval grid."""
        first = math.ceil(self.earliest / grid) * grid
        return list(range(first, self.latest + 1, grid))


@dataclass(frozen=True)
class ShiftTemplate:
    """A shift: when it may start, how long it lasts (breaks included), its breaks."""

    name: str
    earliest: int  # minutes after midnight
    latest: int
    minutes: int
    breaks: tuple[Break, ...]
    weekdays: frozenset[int] = frozenset(range(7))  # 0 = Mon; days it may be worked

    @property
    def paid_minutes(self) -> int:
        return self.minutes - sum(b.minutes for b in self.breaks if not b.paid)

    def starts(self, grid: int) -> list[int]:
        return list(range(self.earliest, self.latest + 1, grid))


@dataclass(frozen=True)
class Contract:
    """Rules and cost for the staff on one contract."""

    name: str
    hours_min: float
    hours_max: float
    max_consecutive_days: int
    min_rest_hours: float
    shifts: tuple[str, ...]
    cost_per_hour: float
    days_off_per_week: int
    overtime_hours: float = 0.0  # paid hours a week may add above hours_max, at a premium

    def rested(self, end: int, next_start: int) -> bool:
        """Does a shift ending `end` minutes after its day's midnight leave the minimum
        rest before one starting `next_start` minutes after the next day's midnight?"""
        return next_start + 1440 - end >= self.min_rest_hours * 60


def _minutes(text: object, where: str, file: str) -> int:
    if not isinstance(text, str) or len(text.split(":")) != 2:
        raise InputError(f"{where}: expected a time 'HH:MM', got {text!r}", file=file)
    hh, mm = text.split(":")
    if not (hh.isdigit() and mm.isdigit()) or int(mm) >= 60 or int(hh) > 24:
        raise InputError(f"{where}: expected a time 'HH:MM', got {text!r}", file=file)
    return int(hh) * 60 + int(mm)


def _number(table: dict, key: str, where: str, file: str, default: float | None = None
            ) -> float:
    value = table.get(key, default)
    if value is None:
        raise InputError(f"{where}: missing key '{key}'", file=file)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{where} {key}: expected a number, got {value!r}", file=file)
    return float(value)


def _named(entries: tuple[dict, ...], kind: str, known: set[str], file: str
           ) -> Iterator[tuple[str, str, dict]]:
    """Each [[kind]] table with its name, checked: a name, given once, no unknown keys."""
    seen: set[str] = set()
    for i, raw in enumerate(entries, start=1):
        name = raw.get("name")
        where = f"[[{kind}]] {name!r}" if isinstance(name, str) else f"[[{kind}]] #{i}"
        if not isinstance(name, str) or not name:
            raise InputError(f"{where}: missing key 'name'", file=file)
        if name in seen:
            raise InputError(f"{where}: a second {kind} with the same name", file=file)
        seen.add(name)
        unknown = set(raw) - known
        if unknown:
            raise InputError(f"{where}: unknown key '{sorted(unknown)[0]}'", file=file)
        yield where, name, raw


def load_shifts(config: Config) -> dict[str, ShiftTemplate]:
    """Every [[shift]] template, validated against the interval grid."""
    file = str(config.path) if config.path else "config"
    grid = config.centre["interval_minutes"]
    out: dict[str, ShiftTemplate] = {}
    for where, name, raw in _named(config.shifts, "shift",
                                   {"name", "start", "hours", "breaks", "days"}, file):
        span = raw.get("start")
        if not (isinstance(span, list) and len(span) == 2):
            raise InputError(f"{where} start: expected [\"HH:MM\", \"HH:MM\"], the earliest and "
                             "latest start", file=file)
        earliest, latest = (_minutes(t, f"{where} start", file) for t in span)
        if latest < earliest:
            raise InputError(f"{where} start: the latest start is before the earliest", file=file)
        if earliest % grid or latest % grid:
            raise InputError(f"{where} start: start times must be on the {grid}-minute grid",
                             file=file)
        hours = _number(raw, "hours", where, file)
        minutes = round(hours * 60)
        if minutes <= 0 or minutes % grid:
            raise InputError(f"{where} hours: expected a length on the {grid}-minute grid, got "
                             f"{hours}", file=file)
        breaks = tuple(_break(b, where, minutes, grid, file) for b in raw.get("breaks", []))
        ordered = sorted(breaks, key=lambda b: b.earliest)
        for a, b in itertools.pairwise(ordered):
            if a.latest + a.minutes > b.earliest:
                raise InputError(f"{where}: the windows of {a.activity} and {b.activity} "
                                 "overlap; give each break its own window", file=file)
        out[name] = ShiftTemplate(name, earliest, latest, minutes, breaks,
                                  _weekdays(raw.get("days", list(WEEKDAYS)), where, file))
    return out


def _weekdays(days: object, where: str, file: str) -> frozenset[int]:
    """`days = ["Sat"]`: the weekdays a template may be worked (default: every day)."""
    if not (isinstance(days, list) and days and all(d in WEEKDAYS for d in days)):
        raise InputError(f"{where} days: expected a list of weekdays like [\"Mon\", \"Sat\"], "
                         f"got {days!r}", file=file)
    return frozenset(WEEKDAYS.index(d) for d in days)


def _break(raw: object, where: str, length: int, grid: int, file: str) -> Break:
    if not isinstance(raw, dict):
        raise InputError(f"{where} breaks: expected tables like {{ minutes = 15, within = "
                         "[1.5, 3.0] }", file=file)
    minutes = int(_number(raw, "minutes", f"{where} break", file))
    within = raw.get("within")
    if not (isinstance(within, list) and len(within) == 2
            and all(isinstance(v, int | float) for v in within)):
        raise InputError(f"{where} break within: expected [from, to] in hours after the start",
                         file=file)
    earliest, end = round(within[0] * 60), round(within[1] * 60)
    activity = str(raw.get("activity", "BREAK")).upper()
    if activity not in BREAK_ACTIVITIES:
        raise InputError(f"{where} break activity: expected BREAK, LUNCH or SPLIT, got "
                         f"{activity!r}", file=file)
    paid = bool(raw.get("paid", activity != "SPLIT"))
    if activity == "SPLIT" and paid:
        raise InputError(f"{where} SPLIT: the gap of a split shift is unpaid; leave out "
                         "paid = true", file=file)
    brk = Break(activity, minutes, earliest, end - minutes, paid)
    if minutes <= 0 or earliest < 0 or end > length or brk.latest < earliest:
        raise InputError(f"{where} {activity}: the window {within} does not fit a {minutes}-"
                         f"minute break inside a {length / 60:g}-hour shift", file=file)
    if not brk.offsets(grid):
        raise InputError(f"{where} {activity}: no start on the {grid}-minute grid fits the "
                         f"window {within}", file=file)
    return brk


def load_contracts(config: Config, shifts: dict[str, ShiftTemplate]) -> dict[str, Contract]:
    """Every [[contract]], checked against the shift templates it names."""
    file = str(config.path) if config.path else "config"
    out: dict[str, Contract] = {}
    known = {"name", "hours_per_week", "max_consecutive_days", "min_rest_hours", "shifts",
             "cost_per_hour", "days_off_per_week", "overtime_hours"}
    for where, name, raw in _named(config.contracts, "contract", known, file):
        band = raw.get("hours_per_week", [0, 168])
        if not (isinstance(band, list) and len(band) == 2
                and all(isinstance(v, int | float) for v in band) and 0 <= band[0] <= band[1]):
            raise InputError(f"{where} hours_per_week: expected [min, max] with min <= max",
                             file=file)
        names = raw.get("shifts", list(shifts))
        if not isinstance(names, list) or not names:
            raise InputError(f"{where} shifts: expected a list of shift names", file=file)
        for s in names:
            if s not in shifts:
                raise InputError(f"{where} shifts: unknown shift {s!r} (known: "
                                 f"{', '.join(shifts) or 'none'})", file=file)
        overtime = _number(raw, "overtime_hours", where, file, 0)
        if overtime < 0:
            raise InputError(f"{where} overtime_hours: expected 0 or more paid hours a week "
                             f"above hours_per_week's maximum, got {overtime:g}", file=file)
        out[name] = Contract(
            name=name, hours_min=float(band[0]), hours_max=float(band[1]),
            max_consecutive_days=int(_number(raw, "max_consecutive_days", where, file, 6)),
            min_rest_hours=_number(raw, "min_rest_hours", where, file, 11),
            shifts=tuple(names), cost_per_hour=_number(raw, "cost_per_hour", where, file, 0),
            days_off_per_week=int(_number(raw, "days_off_per_week", where, file, 0)),
            overtime_hours=overtime,
        )
    return out
