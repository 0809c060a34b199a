"""What the shift templates can reach: every open hour, and every contract's weekly minimum.

Checked from the config before any solve. A centre open on Friday 07:00-14:00 whose only
shift lasts 8.5 hours gets nobody on Friday, and its full-timers fall short of their
contract every week: no solver can fix that, so the planner hears it at once, with what
would fix it, instead of reading it later in an empty roster.
"""

from __future__ import annotations

from wfm.core.calendar import Calendar
from wfm.core.config import WEEKDAYS
from wfm.core.errors import InputError
from wfm.schedule.roster.shifts import Contract, ShiftTemplate

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def fitting_starts(template: ShiftTemplate, weekday: int, calendar: Calendar,
                   overhang: int) -> list[int]:
    """Starts of `template` that lie within the weekday's open hours, give or take
    `overhang` minutes (the rule the roster's day options follow)."""
    if weekday not in calendar.open_weekdays or weekday not in template.weekdays:
        return []
    opens, closes = calendar.hours[weekday]
    return [s for s in template.starts(calendar.interval_minutes)
            if s >= opens - overhang and s + template.minutes <= closes + overhang]


def uncovered_hours(shifts: dict[str, ShiftTemplate], calendar: Calendar, overhang: int
                    ) -> list[str]:
    """Open hours no template can cover, one line per weekday and stretch of time."""
    grid = calendar.interval_minutes
    lines = []
    for weekday in sorted(calendar.open_weekdays):
        if weekday not in calendar.hours:
            continue
        opens, closes = calendar.hours[weekday]
        covered = set()
        for template in shifts.values():
            for start in fitting_starts(template, weekday, calendar, overhang):
                covered.update(range(start, start + template.minutes, grid))
        gaps = [m for m in range(opens, closes, grid) if m not in covered]
        for first, last in _runs(gaps, grid):
            lines.append(f"{DAY_NAMES[weekday]} {_clock(first)}-{_clock(last + grid)} is open "
                         f"but no shift fits it: {_why(shifts, weekday, calendar, overhang)}")
    return lines


def _runs(minutes: list[int], grid: int) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for m in minutes:
        if runs and m == runs[-1][1] + grid:
            runs[-1] = (runs[-1][0], m)
        else:
            runs.append((m, m))
    return runs


def _why(shifts: dict[str, ShiftTemplate], weekday: int, calendar: Calendar,
         overhang: int) -> str:
    opens, closes = calendar.hours[weekday]
    usable = [t for t in shifts.values() if weekday in t.weekdays]
    if not usable:
        return (f"no [[shift]] may be worked on a {DAY_NAMES[weekday]} (add one, or its "
                "name to a template's `days`)")
    if not any(fitting_starts(t, weekday, calendar, overhang) for t in usable):
        shortest = min(t.minutes for t in usable)
        return (f"the day is open {(closes - opens) / 60:g} h ({_clock(opens)}-"
                f"{_clock(closes)}, {overhang} min either side allowed) and the shortest "
                f"template is {shortest / 60:g} h; add a shorter [[shift]] for that day")
    return ("the allowed starts do not reach it; widen a template's `start` window or add "
            "a [[shift]] that starts there")


def longest_paid(contract: Contract, shifts: dict[str, ShiftTemplate], calendar: Calendar,
                 overhang: int) -> dict[int, int]:
    """The longest paid minutes of the contract's shifts on each open weekday one fits."""
    longest = {}
    for weekday in calendar.open_weekdays:
        paid = [shifts[s].paid_minutes for s in contract.shifts
                if fitting_starts(shifts[s], weekday, calendar, overhang)]
        if paid:
            longest[weekday] = max(paid)
    return longest


def unreachable_contracts(contracts: dict[str, Contract], shifts: dict[str, ShiftTemplate],
                          calendar: Calendar, overhang: int) -> list[str]:
    """Contracts whose weekly minimum no week of their templates can reach: each open day
    at the longest paid shift that fits it, on as many days as the days-off rule and the
    consecutive-day limit allow."""
    lines = []
    for contract in contracts.values():
        longest = longest_paid(contract, shifts, calendar, overhang)
        days = min(len(longest), 7 - contract.days_off_per_week, contract.max_consecutive_days)
        reach = sum(sorted(longest.values(), reverse=True)[:days])
        if contract.hours_min * 60 > reach + 1e-9:
            where = ", ".join(WEEKDAYS[d] for d in sorted(longest)) or "no day"
            lines.append(f"contract {contract.name!r} needs at least {contract.hours_min:g} h "
                         f"a week, but its shifts reach at most {reach / 60:g} h ({days} "
                         f"working days; a shift fits on {where})")
    return lines


def _paired_weeks(days: list[int], open_days: set[int], max_run: int, most: int):
    """Sets of working weekdays, as a week repeated, with no open day off between two
    working days and no run of working days longer than `max_run`."""
    for mask in range(1, 1 << len(days)):
        work = {d for i, d in enumerate(days) if mask >> i & 1}
        if len(work) > most:
            continue
        lone = any(d in open_days and d not in work and (d - 1) % 7 in work
                   and (d + 1) % 7 in work for d in range(7))
        if lone or (len(work) < 7 and _longest_run(work) > max_run) or \
                (len(work) == 7 and max_run < 7):
            continue
        yield work


def _longest_run(work: set[int]) -> int:
    start = next(d for d in range(7) if d not in work)
    run = best = 0
    for i in range(1, 8):
        run = run + 1 if (start + i) % 7 in work else 0
        best = max(best, run)
    return best


def unpaired_days(contracts: dict[str, Contract], shifts: dict[str, ShiftTemplate],
                  calendar: Calendar, overhang: int) -> list[str]:
    """Open days a contract's staff cannot work with their days off in pairs: every week
    that works the day and keeps `[roster] paired_days_off` pays under the contract's
    weekly minimum, so whoever works it gets a lone day off (the roster prices it; this
    says why before solving)."""
    lines = []
    for contract in contracts.values():
        if contract.days_off_per_week == 1:
            continue
        longest = longest_paid(contract, shifts, calendar, overhang)
        most = 7 - contract.days_off_per_week
        best: dict[int, int] = {}
        for work in _paired_weeks(sorted(longest), set(calendar.open_weekdays),
                                  contract.max_consecutive_days, most):
            pay = sum(longest[d] for d in work)
            for d in work:
                best[d] = max(best.get(d, 0), pay)
        for weekday in sorted(longest):
            reach = best.get(weekday, 0)
            if reach < contract.hours_min * 60 - 1e-9:
                lines.append(
                    f"contract {contract.name!r}: a week that works {DAY_NAMES[weekday]} "
                    f"with its days off in pairs pays at most {reach / 60:g} h, under the "
                    f"{contract.hours_min:g} h minimum, so whoever works {DAY_NAMES[weekday]} "
                    "gets a lone day off (fix: a longer shift that day, a lower weekly "
                    f"minimum, or leave {DAY_NAMES[weekday]} to another contract)")
    return lines


def check_reach(shifts: dict[str, ShiftTemplate], contracts: dict[str, Contract],
                calendar: Calendar, overhang: int, file: str) -> None:
    """One InputError naming every open hour no shift can cover and every contract
    minimum no week can reach; nothing when the templates reach them all."""
    problems = uncovered_hours(shifts, calendar, overhang)
    problems += unreachable_contracts(contracts, shifts, calendar, overhang)
    if problems:
        more = f"; and {len(problems) - 4} more" if len(problems) > 4 else ""
        raise InputError("the shift templates cannot cover the week: "
                         + "; ".join(problems[:4]) + more, file=file)
