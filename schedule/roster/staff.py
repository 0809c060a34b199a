"""Named staff and their time off, read from CSV with errors naming file, row and column."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from wfm.core.csvin import parse_times, read_csv_text, require_column, require_order
from wfm.core.errors import InputError
from wfm.schedule.roster.shifts import Contract

EMPLOYEE_FIELDS = ("employee_id", "name", "contract", "skills", "leave_days_per_year",
                   "start_date", "end_date")  # wfm's own; any other column passes through


@dataclass(frozen=True)
class Employee:
    """One person on the roster; dates are inclusive, None = open-ended."""

    employee_id: str
    name: str
    contract: str
    skills: tuple[str, ...] = ()
    leave_days_per_year: float = 0.0
    start_date: pd.Timestamp | None = None
    end_date: pd.Timestamp | None = None
    extras: tuple[tuple[str, str], ...] = ()  # the file's other columns: e-mail, site, ...

    def employed_on(self, day: pd.Timestamp) -> bool:
        return ((self.start_date is None or day >= self.start_date)
                and (self.end_date is None or day <= self.end_date))


def _optional_dates(frame: pd.DataFrame, column: str, path: Path) -> list[pd.Timestamp | None]:
    if column not in frame.columns:
        return [None] * len(frame)
    text = frame[column].astype(str).str.strip()
    out: list[pd.Timestamp | None] = [None] * len(frame)
    filled = text != ""
    if filled.any():
        parsed, _ = parse_times(text[filled], path, column, "UTC")
        for i, value in zip(np.flatnonzero(filled.to_numpy()), parsed, strict=True):
            out[i] = pd.Timestamp(value).normalize()
    return out


def load_employees(path: str | Path, contracts: dict[str, Contract]) -> list[Employee]:
    """employees.csv: employee_id, name, contract, optional skills, leave_days_per_year,
    start_date, end_date; any other column (e-mail, payroll id, site) is kept as text and
    passes through to the roster files."""
    p = Path(path)
    frame = read_csv_text(p, "employee_id,name,contract")
    for col in ("employee_id", "name", "contract"):
        require_column(frame, col, p, "employees need employee_id, name and contract")
    ids = frame["employee_id"].str.strip()
    for i, value in enumerate(ids, start=1):
        if not value:
            raise InputError("empty employee_id", file=p, row=i, column="employee_id")
    dup = ids.duplicated().to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        raise InputError(f"employee_id {ids.iloc[i]!r} appears twice", file=p, row=i + 1,
                         column="employee_id")
    for i, name in enumerate(frame["contract"].str.strip(), start=1):
        if name not in contracts:
            raise InputError(f"unknown contract {name!r} (the config has: "
                             f"{', '.join(contracts) or 'no [[contract]]'})", file=p, row=i,
                             column="contract")
    leave = (frame["leave_days_per_year"] if "leave_days_per_year" in frame.columns
             else pd.Series("", index=frame.index))
    leave_days = pd.to_numeric(leave.str.strip().replace("", "0"), errors="coerce")
    if leave_days.isna().any() or (leave_days < 0).any():
        i = int(np.flatnonzero((leave_days.isna() | (leave_days < 0)).to_numpy())[0])
        raise InputError(f"expected a number of days >= 0, got {leave.iloc[i]!r}", file=p,
                         row=i + 1, column="leave_days_per_year")
    starts = _optional_dates(frame, "start_date", p)
    ends = _optional_dates(frame, "end_date", p)
    skills = (frame["skills"] if "skills" in frame.columns
              else pd.Series("", index=frame.index))
    extra_columns = [c for c in frame.columns if c not in EMPLOYEE_FIELDS]
    out = []
    for i in range(len(frame)):
        if starts[i] is not None and ends[i] is not None and ends[i] < starts[i]:
            raise InputError("end_date is before start_date", file=p, row=i + 1,
                             column="end_date")
        out.append(Employee(
            employee_id=ids.iloc[i], name=frame["name"].iloc[i].strip(),
            contract=frame["contract"].iloc[i].strip(),
            skills=tuple(s.strip() for s in skills.iloc[i].split(";") if s.strip()),
            leave_days_per_year=float(leave_days.iloc[i]),
            start_date=starts[i], end_date=ends[i],
            extras=tuple((c, frame[c].iloc[i].strip()) for c in extra_columns)))
    return out


def load_time_off(path: str | Path, employees: list[Employee]) -> pd.DataFrame:
    """time_off.csv: employee_id, start_date, end_date, kind (approved | requested)."""
    p = Path(path)
    frame = read_csv_text(p, "employee_id,start_date,end_date,kind", allow_no_rows=True)
    for col in ("employee_id", "start_date", "end_date", "kind"):
        require_column(frame, col, p, "time off needs employee_id, start_date, end_date, kind")
    known = {e.employee_id for e in employees}
    for i, eid in enumerate(frame["employee_id"].str.strip(), start=1):
        if eid not in known:
            raise InputError(f"employee {eid!r} is not in the employees file", file=p, row=i,
                             column="employee_id")
    for i, kind in enumerate(frame["kind"].str.strip(), start=1):
        if kind not in ("approved", "requested"):
            raise InputError(f"expected approved or requested, got {kind!r}", file=p, row=i,
                             column="kind")
    if frame.empty:
        return no_time_off()
    start, _ = parse_times(frame["start_date"], p, "start_date", "UTC")
    end, _ = parse_times(frame["end_date"], p, "end_date", "UTC")
    require_order(start, end, p, "start_date", "end_date")
    return pd.DataFrame({"employee_id": frame["employee_id"].str.strip(),
                         "start_date": start.dt.normalize(), "end_date": end.dt.normalize(),
                         "kind": frame["kind"].str.strip()})


def no_time_off() -> pd.DataFrame:
    """An empty time-off table, for a plan made without a time-off file."""
    return pd.DataFrame(columns=["employee_id", "start_date", "end_date", "kind"])


def days_off(time_off: pd.DataFrame, kind: str) -> set[tuple[str, pd.Timestamp]]:
    """(employee_id, day) pairs covered by time off of one kind."""
    out: set[tuple[str, pd.Timestamp]] = set()
    for rec in time_off[time_off["kind"] == kind].itertuples():
        for day in pd.date_range(rec.start_date, rec.end_date, freq="D"):
            out.add((rec.employee_id, day))
    return out
