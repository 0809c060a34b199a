"""The contract of every frame passed between stages and written to CSV: its columns in
order, each column's kind, and what it means. One declaration per frame; `check` holds a
frame to it at a stage boundary, and the README's table of frames is made from it.

Kinds: `time` (a local date-time; `YYYY-MM-DDTHH:MM` in files), `date` (`YYYY-MM-DD`),
`month` (`YYYY-MM`), `number`, `integer`, `text`, `flag` (true / false). A frame may carry
a `queue` column in front (the queue, or with rosters the team's queues) when the history
has queues; the names below are the only names for these concepts.
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


def _c(name: str, kind: str, meaning: str, optional: bool = False) -> Column:
    return Column(name, kind, meaning, optional)


BOUNDS = (_c("lo", "number", "80% interval, lower bound"),
          _c("hi", "number", "80% interval, upper bound"),
          _c("lo_95", "number", "95% interval, lower bound"),
          _c("hi_95", "number", "95% interval, upper bound"))
QUEUE = _c("queue", "text", "the queue (with a queue column in the history)", True)

FRAMES: dict[str, Frame] = {f.name: f for f in (
    Frame("history", "history.csv (input)", "a contact, an interval's count or a day's count",
          (_c("timestamp", "time", "when the contact arrived (contacts)", True),
           _c("interval_start", "time", "start of the interval (interval counts)", True),
           _c("date", "date", "the day (daily counts)", True),
           _c("volume", "number", "contacts offered (counts)", True),
           _c("aht_seconds", "number", "mean handle time (interval counts)", True),
           _c("handle_seconds", "number", "handle time of one contact", True),
           _c("wait_seconds", "number", "wait before answer or abandon", True),
           _c("outcome", "text", "answered | abandoned", True),
           _c("queue", "text", "the queue the contact belongs to", True),
           _c("channel", "text", "voice, chat or email", True))),
    Frame("forecast_daily", "forecast_daily.csv", "a forecast day",
          (QUEUE, _c("date", "date", "the day"),
           _c("volume", "number", "contacts forecast"), *BOUNDS,
           _c("model", "text", "the model (or combination) that made it"))),
    Frame("forecast_monthly", "forecast_monthly.csv", "a month, twelve from the first",
          (QUEUE, _c("month", "month", "the month"),
           _c("volume", "number", "contacts forecast"),
           _c("lo", "number", "80% lower bound (daily bounds added up)"),
           _c("hi", "number", "80% upper bound (daily bounds added up)"),
           _c("days", "integer", "days in the month"),
           _c("forecast_days", "integer", "days forecast"),
           _c("index", "number", "mean daily volume over the twelve months' mean"),
           _c("season", "text", "busy, normal or quiet (by [forecast] season_band)"),
           _c("model", "text", "the model"))),
    Frame("forecast_intervals", "forecast_intervals.csv", "an interval of a forecast day",
          (QUEUE, _c("interval_start", "time", "start of the interval"),
           _c("volume", "number", "contacts forecast"), *BOUNDS,
           _c("aht_seconds", "number", "handle time forecast"),
           _c("model", "text", "the daily model"),
           _c("channel", "text", "voice, chat or email", True))),
    Frame("requirements", "requirements.csv", "an interval",
          (QUEUE, _c("interval_start", "time", "start of the interval"),
           _c("channel", "text", "the channel, when the forecast has channels", True),
           _c("volume", "number", "contacts to answer"),
           _c("aht_seconds", "number", "handle time"),
           _c("agents", "integer", "agents on the phones for the goal"),
           _c("staff", "integer", "staff to roster: agents grossed up for shrinkage (a "
                                  "roster's coverage calls it `required`)"),
           _c("service_level", "number", "share answered in time with `agents`"),
           _c("asa_seconds", "number", "mean wait of answered contacts"),
           _c("occupancy", "number", "share of agents' time on contacts"))),
    Frame("coverage", "coverage.csv", "an open interval of the rostered month",
          (_c("queue", "text", "the team's queues (with teams)", True),
           _c("interval_start", "time", "start of the interval"),
           _c("required", "integer", "the requirements' `staff`"),
           _c("scheduled", "integer", "people at WORK and on no break"),
           _c("service_level", "number", "from the staffing model on the scheduled staff"),
           _c("asa_seconds", "number", "mean wait with the scheduled staff"))),
    Frame("roster_long", "roster_long.csv", "an activity of a person on a day",
          (_c("employee_id", "text", "the person"), _c("name", "text", "their name"),
           _c("date", "date", "the day the shift starts"),
           _c("start", "time", "activity start"), _c("end", "time", "activity end"),
           _c("activity", "text", "WORK, BREAK, LUNCH, LEAVE or OFF"),
           _c("paid_minutes", "integer", "paid minutes of the activity"))),
    Frame("roster_grid", "roster_grid.csv", "a person",
          (_c("employee_id", "text", "the person"), _c("name", "text", "their name"),
           _c("contract", "text", "their contract")),
          dynamic="then one column per date with a shift code (`early 08:30`, `OFF`, "
                  "`LEAVE`; empty outside employment)"),
    Frame("leave_plan", "leave_plan.csv", "a block of leave",
          (_c("employee_id", "text", "the person"), _c("name", "text", "their name"),
           _c("start_date", "date", "first day away"), _c("end_date", "date", "last day"),
           _c("days", "integer", "working days away"),
           _c("kind", "text", "planned, or approved (already in the time off)"))),
    Frame("overhaul_plan", "overhaul_plan.csv", "a job in a week it runs",
          (_c("job_id", "text", "the overhaul job"), _c("week", "date", "week start"),
           _c("start_date", "date", "first day"), _c("end_date", "date", "last day"),
           _c("staff_days", "integer", "staff-days on the job that week"),
           _c("staff", "integer", "people on it"))),
    Frame("capacity", "capacity.csv", "a week of the year (paid hours)",
          (_c("week", "date", "week start"), _c("volume", "number", "contacts"),
           _c("required", "number", "paid hours needed"),
           _c("available", "number", "the team's hours before leave"),
           _c("on_leave", "number", "hours on leave"),
           _c("on_overhaul", "number", "hours on overhauls"),
           _c("hires", "number", "hires at work (people)"),
           _c("hire_hours", "number", "their hours"),
           _c("overtime", "number", "overtime hours"),
           _c("gap", "number", "hours nothing covers"),
           _c("spare", "number", "hours left over"),
           _c("leave_days", "number", "leave days away, planned and approved"),
           _c("leave_cap", "number", "leave days the cap on staff away allows"))),
    Frame("whatif", "whatif.csv", "a scenario",
          (_c("scenario", "text", "its name"), _c("plan", "text", "goal, headcount or roster"),
           _c("volume", "number", "contacts"),
           _c("required_fte", "number", "full-time equivalents needed"),
           _c("paid_hours", "number", "paid hours"), _c("cost", "number", "cost"),
           _c("cost_per_contact", "number", "cost per contact"),
           _c("service_level_erlang_a", "number", "service level, Erlang A through the day"),
           _c("service_level_sim", "number", "simulated service level"),
           _c("service_level_sim_lo", "number", "its 95% interval, lower"),
           _c("service_level_sim_hi", "number", "its 95% interval, upper"),
           _c("asa_erlang_a", "number", "ASA, Erlang A"), _c("asa_sim", "number", "ASA simulated"),
           _c("asa_sim_lo", "number", "lower"), _c("asa_sim_hi", "number", "upper"),
           _c("abandonment_erlang_a", "number", "abandonment, Erlang A"),
           _c("abandonment_sim", "number", "abandonment simulated"),
           _c("abandonment_sim_lo", "number", "lower"),
           _c("abandonment_sim_hi", "number", "upper"),
           _c("occupancy_erlang_a", "number", "occupancy, Erlang A"),
           _c("occupancy_sim", "number", "occupancy simulated"),
           _c("fte_change", "number", "FTE against the baseline"),
           _c("cost_change", "number", "cost against the baseline"))),
    Frame("kpis", "kpis.csv", "a measure over the report's period",
          (_c("kpi", "text", "the measure"), _c("value", "number", "its value"),
           _c("unit", "text", "share, seconds, contacts, hours, ..."))),
)}

_KINDS = {
    "time": pd.api.types.is_datetime64_any_dtype,
    "date": lambda s: pd.api.types.is_datetime64_any_dtype(s) or pd.api.types.is_object_dtype(s),
    "month": lambda s: True,
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
