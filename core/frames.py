"""The contract of every frame passed between stages and written to CSV: its columns in
order, each column's kind, and what it means. One declaration per frame; `check` holds a
frame to it at a stage boundary, and the README's table of frames is made from it.

Kinds: `time` (a date-time on the centre's clock: datetime64 in memory, aware in
`[centre] timezone` on the real clock of the forecast, staffing and coverage; in files the
`YYYY-MM-DDTHH:MM+HH:MM` text, local time and UTC offset; histories and the report keep
the wall clock), `date` (`YYYY-MM-DD`),
`month` (`YYYY-MM`), `number`, `integer`, `text`, `flag` (true / false). A frame may carry
a `queue` column in front when the history has queues (a roster's files carry `team`, the
team's queues, instead); the names below are the only names for these concepts.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Column:
    """One column of a frame: its name, kind and meaning; optional ones may be absent."""

    name: str
    kind: str
    meaning: str
    optional: bool = False


@dataclass(frozen=True)
class Frame:
    """A frame's contract: the file it is written to (if any), what a row is, its columns."""

    name: str
    file: str
    row: str
    columns: tuple[Column, ...]
    dynamic: str = ""  # columns named by data (e.g. one per date), described in words

    @property
    def required(self) -> list[str]:
        """The columns every such frame has."""
        return [c.name for c in self.columns if not c.optional]


def _columns(*tables: str) -> tuple[Column, ...]:
    """Columns from text tables, a line each: name, kind, meaning; a name ending in `?`
    is optional."""
    cols = []
    for line in "\n".join(tables).strip().splitlines():
        if line.strip():
            name, kind, meaning = line.split(maxsplit=2)
            cols.append(Column(name.rstrip("?"), kind, meaning, name.endswith("?")))
    return tuple(cols)


QUEUE = """
queue?          text     the queue (with a queue column in the history)
"""
BOUNDS = """
lo              number   80% interval, lower bound
hi              number   80% interval, upper bound
lo_95           number   95% interval, lower bound
hi_95           number   95% interval, upper bound
"""
PERSON = """
employee_id     text     the person
name            text     their name
"""

FRAMES: dict[str, Frame] = {f.name: f for f in (
    Frame("history", "history.csv (input)", "a contact, an interval's count or a day's count",
          _columns("""
timestamp?      time     when the contact arrived (contacts)
interval_start? time     start of the interval (interval counts)
date?           date     the day (daily counts)
volume?         number   contacts offered (counts)
aht_seconds?    number   mean handle time (interval counts)
handle_seconds? number   handle time of one contact
wait_seconds?   number   wait before answer or abandon
outcome?        text     answered | abandoned
queue?          text     the queue the contact belongs to
channel?        text     voice, chat or email
""")),
    Frame("forecast_daily", "forecast_daily.csv", "a forecast day", _columns(QUEUE, """
date            date     the day
volume          number   contacts forecast
""", BOUNDS, """
model           text     the model (or combination) that made it
""")),
    Frame("forecast_monthly", "forecast_monthly.csv", "a month, twelve from the first",
          _columns(QUEUE, """
month           month    the month
volume          number   contacts forecast
lo              number   80% lower bound (the days' bounds added up)
hi              number   80% upper bound (the days' bounds added up)
days            integer  days in the month
forecast_days   integer  days forecast
index           number   the month's mean daily volume over the twelve months' mean
season          text     busy, normal or quiet (by [forecast] season_band)
model           text     the model
""")),
    Frame("forecast_intervals", "forecast_intervals.csv", "an interval of a forecast day",
          _columns(QUEUE, """
interval_start  time     start of the interval
volume          number   contacts forecast
""", BOUNDS, """
aht_seconds     number   handle time forecast
model           text     the daily model
channel?        text     voice, chat or email
""")),
    Frame("requirements", "requirements.csv", "an interval", _columns(QUEUE, """
interval_start  time     start of the interval
channel?        text     the channel, when the forecast has channels
volume          number   contacts to answer
aht_seconds     number   handle time
agents          integer  agents on the phones for the goal
staff           integer  staff to roster: agents grossed up for shrinkage (coverage's `required`)
service_level   number   share answered in time with `agents`
asa_seconds     number   mean wait of answered contacts
occupancy       number   share of the agents' time on contacts
""")),
    Frame("coverage", "coverage.csv", "an open interval of the rostered month", _columns("""
team?           text     the team: its queues (with teams)
interval_start  time     start of the interval
required        integer  the requirements' `staff`
scheduled       integer  people at WORK and on no break
service_level   number   from the staffing model on the scheduled staff
asa_seconds     number   mean wait with the scheduled staff
volume          number   contacts forecast (the requirements' volume)
aht_seconds     number   handle time
""")),
    Frame("roster_long", "roster_long.csv", "an activity of a person on a day",
          _columns(PERSON, """
date            date     the day the shift starts
start           time     the activity's start
end             time     the activity's end
activity        text     WORK, BREAK, LUNCH, SPLIT (a split shift's unpaid gap), LEAVE or OFF
paid_minutes    integer  paid minutes of the activity
start_utc       time     start in UTC (`2026-12-01T14:00:00Z`)
end_utc         time     end in UTC
"""), dynamic="then the employees file's own further columns (e-mail, payroll id, site)"),
    Frame("roster_grid", "roster_grid.csv", "a person", _columns(PERSON, """
contract        text     their contract
"""), dynamic="then one column per date with a shift code (`early 08:30`, `OFF`, `LEAVE`; "
              "empty outside employment), then the employees file's own further columns"),
    Frame("roster_people", "roster_people.csv", "a person's rostered month",
          _columns(PERSON, """
contract        text     their contract
shifts          integer  shifts worked in the month
paid_hours      number   paid hours in the month
overtime_hours  number   paid hours above the contract's weekly maximum, summed over weeks
late_shifts     integer  shifts ending after [roster] late_after
weekend_days    integer  shifts on the centre's open weekend days
widest_start_spread_hours number the widest spread of start times within one week
lone_days_off   integer  single days off between two working days
requested_days_worked integer requested days off worked
days_off_by_week text    each week's days off, weeks apart by `|`
""")),
    Frame("leave_plan", "leave_plan.csv", "a block of leave", _columns(PERSON, """
start_date      date     the first day away
end_date        date     the last day away
days            integer  working days away
kind            text     planned, or approved (already in the time off)
""")),
    Frame("overhaul_plan", "overhaul_plan.csv", "a job's stretch of days in a week", _columns("""
job_id          text     the overhaul job
week            date     the week's first day
start_date      date     its first day that week
end_date        date     its last day that week
staff_days      integer  staff-days on the job that week
staff           integer  people on it
""")),
    Frame("capacity", "capacity.csv", "a week of the year (paid hours)", _columns("""
week            date     the week's first day
volume          number   contacts
required        number   paid hours the work needs
available       number   the team's hours before leave
on_leave        number   hours on leave
on_overhaul     number   hours on overhauls
hires           number   hires at work (people)
hire_hours      number   their hours
overtime        number   overtime hours
gap             number   hours nothing covers
spare           number   hours left over
leave_days      number   leave days away, planned and approved
leave_cap       number   leave days the cap on staff away allows
""")),
    Frame("whatif", "whatif.csv", "a scenario", _columns("""
scenario        text     its name
plan            text     goal, headcount or roster
volume          number   contacts
goal            number   the service-level goal it is staffed for
required_fte    number   full-time equivalents the goal needs
paid_hours      number   paid hours
cost            number   paid hours at the contracts' rates
cost_per_contact number  cost over contacts
service_level_erlang_a number service level, Erlang A through the day
service_level_sim number simulated service level
service_level_sim_lo number its 95% interval, lower end
service_level_sim_hi number its 95% interval, upper end
asa_erlang_a    number   ASA, Erlang A
asa_sim         number   ASA simulated
asa_sim_lo      number   its 95% interval, lower end
asa_sim_hi      number   its 95% interval, upper end
abandonment_erlang_a number abandonment, Erlang A
abandonment_sim number   abandonment simulated
abandonment_sim_lo number its 95% interval, lower end
abandonment_sim_hi number its 95% interval, upper end
occupancy_erlang_a number occupancy, Erlang A
occupancy_sim   number   occupancy simulated
fte_change      number   required FTE against the baseline
cost_change     number   cost against the baseline
""")),
    Frame("kpis", "kpis.csv", "a measure over the period it was computed over", _columns("""
kpi             text     the measure
value           number   its value
unit            text     share, seconds, contacts, hours, ...
period_start    date     the first day it covers
period_end      date     the last day it covers
queue           text     the queue it is for; empty for the whole centre
""")),
)}


def _is_text(s: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(s) or pd.api.types.is_object_dtype(s)


def _is_moment(s: pd.Series) -> bool:
    """A date or time: datetime64, or text (as written to files, `YYYY-MM-DD[THH:MM]`)."""
    return pd.api.types.is_datetime64_any_dtype(s) or _is_text(s)


_KINDS = {
    "time": _is_moment,
    "date": _is_moment,
    "month": lambda s: _is_text(s) or isinstance(s.dtype, pd.PeriodDtype) or _is_moment(s),
    "number": pd.api.types.is_numeric_dtype,
    "integer": pd.api.types.is_numeric_dtype,
    "text": lambda s: not pd.api.types.is_numeric_dtype(s) or s.isna().all(),
    "flag": pd.api.types.is_bool_dtype,
}


class FrameContractError(TypeError):
    """A stage handed on a frame that breaks its declared contract: a bug, not bad input."""


def check(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """The frame itself if it has every required column of `name`'s contract, each of its
    declared kind; otherwise FrameContractError naming the frame and the column."""
    contract = FRAMES[name]
    missing = [c for c in contract.required if c not in frame.columns]
    if missing:
        raise FrameContractError(f"{name}: missing column {missing[0]!r}")
    for col in contract.columns:
        if col.name in frame.columns and len(frame) and not _KINDS[col.kind](frame[col.name]):
            raise FrameContractError(f"{name}: column {col.name!r} should be {col.kind}, "
                                     f"is {frame[col.name].dtype}")
    return frame


def markdown_table() -> str:
    """The README's table of frames: file, row, columns (optional ones in brackets)."""
    lines = ["| frame | file | a row is | columns |", "| --- | --- | --- | --- |"]
    for f in FRAMES.values():
        cols = ", ".join(f"[{c.name}]" if c.optional else c.name for c in f.columns)
        if f.dynamic:
            cols += f", {f.dynamic}"
        lines.append(f"| `{f.name}` | `{f.file}` | {f.row} | {cols} |")
    return "\n".join(lines)
