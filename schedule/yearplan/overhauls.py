"""Overhaul jobs: equipment or system work that takes staff off the phones for a while.

Two kinds, as DESIGN.md's overhaul CSV has them: a job of `staff_days` spread as the
plan likes inside its window (training everyone on a new CRM), or a crew of
`staff_needed` people for `duration_days` running days (a platform switch-over). An
optional `after` column names a job that must be finished first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from wfm.core.csvin import parse_numbers, parse_times, read_csv_text, require_column
from wfm.core.errors import InputError

COLUMNS = "job_id,staff_days,staff_needed,duration_days,earliest,latest"


@dataclass(frozen=True)
class Job:
    """One overhaul job; dates inclusive."""

    job_id: str
    earliest: pd.Timestamp
    latest: pd.Timestamp
    staff_days: float = 0.0  # spread freely inside the window
    staff_needed: int = 0  # or a crew ...
    duration_days: int = 0  # ... for this many running days
    after: str = ""  # a job that must be finished before this one starts

    @property
    def is_crew(self) -> bool:
        return self.staff_needed > 0


def load_overhauls(path: str | Path) -> list[Job]:
    """overhauls.csv, checked: every job has either staff_days or staff_needed with
    duration_days, and a window long enough for it."""
    p = Path(path)
    frame = read_csv_text(p, COLUMNS, allow_no_rows=True)
    for col in ("job_id", "earliest", "latest"):
        require_column(frame, col, p, "overhaul jobs need job_id, earliest and latest")
    if frame.empty:
        return []
    for col in ("staff_days", "staff_needed", "duration_days", "after"):
        if col not in frame.columns:
            frame[col] = ""
    earliest, _ = parse_times(frame["earliest"], p, "earliest", "UTC")
    latest, _ = parse_times(frame["latest"], p, "latest", "UTC")
    staff_days = parse_numbers(frame["staff_days"], p, "staff_days", allow_empty=True)
    crew = parse_numbers(frame["staff_needed"], p, "staff_needed", allow_empty=True,
                         what="a whole number of staff >= 0")
    duration = parse_numbers(frame["duration_days"], p, "duration_days", allow_empty=True,
                             what="a whole number of days >= 0")
    jobs: list[Job] = []
    seen: set[str] = set()
    for i in range(len(frame)):
        row = i + 1
        job_id = frame["job_id"].iloc[i].strip()
        if not job_id or job_id in seen:
            raise InputError(f"expected a unique job_id, got {job_id!r}", file=p, row=row,
                             column="job_id")
        seen.add(job_id)
        lo, hi = earliest.iloc[i].normalize(), latest.iloc[i].normalize()
        if hi < lo:
            raise InputError("latest is before earliest", file=p, row=row, column="latest")
        window = (hi - lo).days + 1
        days, n, length = staff_days.iloc[i], crew.iloc[i], duration.iloc[i]
        if pd.notna(days) and days > 0:
            if pd.notna(n) and n > 0:
                raise InputError("give staff_days or staff_needed + duration_days, not both",
                                 file=p, row=row, column="staff_needed")
            jobs.append(Job(job_id, lo, hi, staff_days=float(days),
                            after=frame["after"].iloc[i].strip()))
            continue
        if not (pd.notna(n) and n > 0 and pd.notna(length) and length > 0):
            raise InputError("expected staff_days, or staff_needed with duration_days",
                             file=p, row=row, column="staff_days")
        if int(n) != n or int(length) != length:
            raise InputError("staff_needed and duration_days must be whole numbers", file=p,
                             row=row, column="staff_needed")
        if length > window:
            raise InputError(f"the job takes {int(length)} days but its window "
                             f"{lo.date()}..{hi.date()} has only {window}", file=p, row=row,
                             column="latest")
        jobs.append(Job(job_id, lo, hi, staff_needed=int(n), duration_days=int(length),
                        after=frame["after"].iloc[i].strip()))
    names = {j.job_id for j in jobs}
    follows = {j.job_id: j.after for j in jobs}
    for i, job in enumerate(jobs, start=1):
        if job.after and job.after not in names:
            raise InputError(f"after names an unknown job {job.after!r}", file=p, row=i,
                             column="after")
        chain, step = [job.job_id], job.after
        while step:  # follow the `after` links: they must end, never come back
            if step in chain:
                loop = " -> ".join([*chain[chain.index(step):], step])
                raise InputError(f"job {job.job_id!r} must follow itself ({loop})", file=p,
                                 row=i, column="after")
            chain.append(step)
            step = follows[step]
    return jobs
