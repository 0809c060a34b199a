"""Schedule adherence and conformance: what the agents did, from their activity log, against
what the roster asked of them, minute by minute.

Adherence is the share of scheduled minutes (on the phones or on a break) in which the
agent was doing what the roster said: in a phone state when scheduled on the phones, on a
break or logged out when scheduled on a break. Minutes within `[report]
adherence_grace_minutes` of a change in the schedule are forgiven (a call that runs over
the break's start is not a fault). Conformance is the minutes worked (logged in, in any
state but a break) over the minutes scheduled on the phones, over the whole period: above
100% means more time worked than rostered, wherever it fell.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from wfm.core.csvin import parse_times, read_csv_text, require_column, require_order
from wfm.core.errors import InputError
from wfm.schedule.roster.shifts import BREAK_ACTIVITIES

ABSENT, PHONE, BREAK, OTHER = 0, 1, 2, 3  # what a minute holds, scheduled or done
PEOPLE_COLUMNS = ["employee_id", "scheduled_hours", "worked_hours", "adherence",
                  "conformance", "minutes_out_of_adherence"]
INTERVAL_COLUMNS = ["interval_start", "scheduled_on_phones", "on_phones", "adherence"]


def load_activity(path: str | Path, timezone: str = "UTC") -> pd.DataFrame:
    """An agent activity log (`employee_id, state, start, end`), one row per stretch in a
    state, times in the centre's time zone (an offset converts), each end after its start."""
    p = Path(path)
    frame = read_csv_text(p, "employee_id,state,start,end")
    for column in ("employee_id", "state", "start", "end"):
        require_column(frame, column, p, "an activity log has employee_id, state, start and "
                                         "end columns")
    start, _ = parse_times(frame["start"], p, "start", timezone)
    end, _ = parse_times(frame["end"], p, "end", timezone)
    require_order(start, end, p, "start", "end")
    state = frame["state"].astype(str).str.strip().str.upper()
    empty = (state == "") | (frame["employee_id"].astype(str).str.strip() == "")
    if empty.any():
        i = int(np.flatnonzero(empty.to_numpy())[0])
        column = "state" if state.iloc[i] == "" else "employee_id"
        raise InputError("expected a value, got an empty cell", file=p, row=i + 1,
                         column=column)
    return pd.DataFrame({"employee_id": frame["employee_id"].astype(str).str.strip(),
                         "state": state.to_numpy(), "start": start, "end": end})


def _minute(times: pd.Series, origin: pd.Timestamp) -> np.ndarray:
    return ((times - origin).dt.total_seconds() // 60).to_numpy(dtype=np.int64)


def _paint(grid: dict[str, np.ndarray], rows: pd.DataFrame, codes: np.ndarray,
           origin: pd.Timestamp) -> None:
    """Write each row's code over its minutes, later rows over earlier ones."""
    first, last = _minute(rows["start"], origin), _minute(rows["end"], origin)
    for emp, a, b, code in zip(rows["employee_id"], first, last, codes, strict=True):
        line = grid[emp]
        line[max(a, 0):max(min(b, len(line)), 0)] = code


def scheduled(roster: pd.DataFrame, people: list[str], origin: pd.Timestamp, minutes: int
              ) -> dict[str, np.ndarray]:
    """Each person's scheduled minutes: PHONE over WORK rows, BREAK over their breaks,
    lunches and split-shift gaps, ABSENT elsewhere (leave and overhauls are not counted)."""
    grid = {e: np.zeros(minutes, dtype=np.int8) for e in people}
    work = roster[roster["activity"] == "WORK"]
    _paint(grid, work, np.full(len(work), PHONE), origin)
    off = roster[roster["activity"].isin(BREAK_ACTIVITIES)]
    _paint(grid, off, np.full(len(off), BREAK), origin)
    return grid


def done(log: pd.DataFrame, people: list[str], origin: pd.Timestamp, minutes: int,
         phone_states: list[str], break_states: list[str]) -> dict[str, np.ndarray]:
    """Each person's minutes as logged: PHONE in a phone state, BREAK in a break state,
    OTHER in any other logged state (training, meetings, after-call work not listed as
    phone), ABSENT where the log has nothing."""
    grid = {e: np.zeros(minutes, dtype=np.int8) for e in people}
    phone = {s.upper() for s in phone_states}
    rest = {s.upper() for s in break_states}
    codes = np.where(log["state"].isin(phone), PHONE,
                     np.where(log["state"].isin(rest), BREAK, OTHER)).astype(np.int8)
    _paint(grid, log, codes, origin)
    return grid


def _near_change(plan: np.ndarray, grace: int) -> np.ndarray:
    """Minutes within `grace` minutes of a change in the schedule (either side)."""
    near = np.zeros(len(plan), dtype=bool)
    if grace <= 0:
        return near
    for edge in np.flatnonzero(np.diff(plan) != 0) + 1:
        near[max(edge - grace, 0):edge + grace] = True
    return near


def adherence(roster: pd.DataFrame, log: pd.DataFrame, first: pd.Timestamp,
              last: pd.Timestamp, phone_states: list[str], break_states: list[str],
              grace_minutes: int, interval_minutes: int
              ) -> tuple[dict[str, float], pd.DataFrame, pd.DataFrame]:
    """Adherence and conformance over the days `first`..`last` for the people on the
    roster: the totals, one row per person (PEOPLE_COLUMNS) and one per interval with
    anyone scheduled (INTERVAL_COLUMNS). Log rows of people not on the roster are left
    out (they had no schedule to keep)."""
    origin = first.normalize()
    minutes = int(((last.normalize() - origin).days + 1) * 1440)
    people = sorted(set(roster["employee_id"]))
    plan = scheduled(roster, people, origin, minutes)
    log = log[log["employee_id"].isin(people)]
    real = done(log, people, origin, minutes, phone_states, break_states)
    slots = minutes // interval_minutes
    counted_by_slot = np.zeros(slots)
    kept_by_slot = np.zeros(slots)
    planned_phone = np.zeros(slots)
    actual_phone = np.zeros(slots)
    rows = []
    for emp in people:
        want, got = plan[emp], real[emp]
        counted = want != ABSENT
        kept = ((want == PHONE) & (got == PHONE)) | ((want == BREAK) & np.isin(got, (BREAK,
                                                                                     ABSENT)))
        kept = counted & (kept | _near_change(want, grace_minutes))
        on_phone_plan = int((want == PHONE).sum())
        worked = int(((got == PHONE) | (got == OTHER)).sum())
        rows.append((emp, counted.sum() / 60, worked / 60,
                     kept.sum() / counted.sum() if counted.any() else np.nan,
                     worked / on_phone_plan if on_phone_plan else np.nan,
                     int(counted.sum() - kept.sum())))
        counted_by_slot += counted.reshape(slots, -1).sum(axis=1)
        kept_by_slot += kept.reshape(slots, -1).sum(axis=1)
        planned_phone += (want == PHONE).reshape(slots, -1).mean(axis=1)
        actual_phone += (got == PHONE).reshape(slots, -1).mean(axis=1)
    people_frame = pd.DataFrame(rows, columns=PEOPLE_COLUMNS)
    some = counted_by_slot > 0
    starts = origin + pd.to_timedelta(np.arange(slots) * interval_minutes, unit="min")
    intervals = pd.DataFrame({"interval_start": starts[some],
                              "scheduled_on_phones": planned_phone[some],
                              "on_phones": actual_phone[some],
                              "adherence": kept_by_slot[some] / counted_by_slot[some]},
                             columns=INTERVAL_COLUMNS)
    counted_all = float(counted_by_slot.sum())
    phone_minutes = float(sum(int((plan[e] == PHONE).sum()) for e in people))
    totals = {
        "adherence": float(kept_by_slot.sum() / counted_all) if counted_all else np.nan,
        "conformance": (float(people_frame["worked_hours"].sum() * 60 / phone_minutes)
                        if phone_minutes else np.nan),
    }
    return totals, people_frame, intervals
