"""A roster in the forms HR and WFM systems import: one row per activity, matched to the
person by any column of the employees file, with times in UTC or in local time with their
UTC offset.

roster_long.csv keeps DESIGN.md's layout (a WORK row spanning the shift, its breaks inside
it, local clock times). Schedule imports want activities that do not overlap, so a shift
becomes its stretches on the phones between its breaks; OFF days are left out. The
`utc` profile gives `start_utc, end_utc` (`2026-12-01T14:00:00Z`); the `local` profile
gives local times with their offset (`2026-12-01T08:00:00-06:00`) or in a chosen date
format. A local time a clock change repeats is taken as its first occurrence, and one it
skips is moved forward to the first real minute.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from wfm.core.clock import localize
from wfm.core.csvin import parse_times, read_csv_text, require_column
from wfm.core.errors import InputError
from wfm.schedule.roster.shifts import BREAK_ACTIVITIES
from wfm.schedule.roster.staff import EMPLOYEE_FIELDS

PROFILES = ("utc", "local")
UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
SEGMENT_COLUMNS = ["employee_id", "date", "activity", "start", "end", "paid_minutes"]


def segments(long: pd.DataFrame) -> pd.DataFrame:
    """roster_long rows as activities that do not overlap: each WORK row cut into its
    stretches between its breaks (paid minutes spread by length), the breaks as they are,
    LEAVE and OVERHAUL kept, OFF left out."""
    rows = []
    breaks = long[long["activity"].isin(BREAK_ACTIVITIES)]
    by_day = {key: group.sort_values("start") for key, group in
              breaks.groupby(["employee_id", "date"])}
    for r in long.itertuples():
        if r.activity == "OFF" or r.activity in BREAK_ACTIVITIES:
            continue
        if r.activity != "WORK":
            rows.append((r.employee_id, r.date, r.activity, r.start, r.end,
                         float(r.paid_minutes)))
            continue
        inside = by_day.get((r.employee_id, r.date), breaks.iloc[0:0])
        inside = inside[(inside["start"] >= r.start) & (inside["end"] <= r.end)]
        paid_breaks = float(inside["paid_minutes"].sum())
        clock, stretches = r.start, []
        for b in inside.itertuples():
            if b.start > clock:
                stretches.append((clock, b.start))
            clock = max(clock, b.end)
        if r.end > clock:
            stretches.append((clock, r.end))
        on_phone = sum((b - a).total_seconds() for a, b in stretches) / 60
        for a, b in stretches:  # the shift's paid minutes less paid breaks, by length
            share = (b - a).total_seconds() / 60 / on_phone if on_phone else 0.0
            rows.append((r.employee_id, r.date, "WORK", a, b,
                         round((float(r.paid_minutes) - paid_breaks) * share, 6)))
        rows += [(b.employee_id, b.date, b.activity, b.start, b.end, float(b.paid_minutes))
                 for b in inside.itertuples()]
    out = pd.DataFrame(rows, columns=SEGMENT_COLUMNS)
    return out.sort_values(["employee_id", "start", "end"], kind="stable").reset_index(
        drop=True)


def utc_text(times: pd.Series, timezone: str) -> pd.Series:
    """Local clock times (naive, or their text) as UTC text (`2026-12-01T14:00:00Z`)."""
    if times.empty:
        return pd.Series([], index=times.index, dtype=object)
    aware = localize(pd.Series(pd.to_datetime(times), index=times.index), timezone)
    return aware.dt.tz_convert("UTC").dt.strftime(UTC_FORMAT)


def employee_extras(path: str | Path) -> pd.DataFrame:
    """Each person's name and the employees file's columns beyond wfm's own (e-mail, user
    name, payroll id, site, ...), by employee_id, as text: they pass through to the
    export."""
    p = Path(path)
    frame = read_csv_text(p, "employee_id,name,contract")
    for column in ("employee_id", "name"):
        require_column(frame, column, p, "employees need employee_id, name and contract")
    keep = ["name", *(c for c in frame.columns if c not in EMPLOYEE_FIELDS)]
    frame = frame.assign(employee_id=frame["employee_id"].str.strip())
    return frame.set_index("employee_id")[keep].apply(lambda s: s.str.strip())


def export_roster(long: pd.DataFrame, extras: pd.DataFrame, timezone: str,
                  profile: str = "utc", date_format: str | None = None) -> pd.DataFrame:
    """The roster as a schedule import: employee_id, name and the employees file's other
    columns (`extras`, from `employee_extras`), activity, start and end (UTC: `start_utc,
    end_utc`; local: `start, end` with the offset, or in `date_format`), paid_minutes."""
    if profile not in PROFILES:
        raise InputError(f"--profile: expected one of {', '.join(PROFILES)}, got {profile!r}")
    missing = sorted(set(long["employee_id"]) - set(extras.index))
    if missing:
        raise InputError(f"employee {missing[0]!r} is on the roster but not in the employees "
                         "file")
    seg = segments(long)
    out = pd.DataFrame({"employee_id": seg["employee_id"]})
    for column in extras.columns:
        out[column] = seg["employee_id"].map(extras[column]).fillna("")
    out["activity"] = seg["activity"]
    if profile == "utc":
        out["start_utc"] = utc_text(seg["start"], timezone)
        out["end_utc"] = utc_text(seg["end"], timezone)
    else:
        start, end = localize(seg["start"], timezone), localize(seg["end"], timezone)
        out["start"] = [t.strftime(date_format) if date_format else t.isoformat()
                        for t in start]
        out["end"] = [t.strftime(date_format) if date_format else t.isoformat() for t in end]
    out["paid_minutes"] = seg["paid_minutes"]
    return out


def read_export(path: str | Path, timezone: str) -> pd.DataFrame:
    """An export (either profile, in ISO 8601) read back as local activities
    (SEGMENT_COLUMNS but `date`): the round trip's other half."""
    p = Path(path)
    frame = read_csv_text(p, "employee_id,activity,start_utc,end_utc,paid_minutes")
    utc = "start_utc" in frame.columns
    first, last = ("start_utc", "end_utc") if utc else ("start", "end")
    for column in ("employee_id", "activity", first, last, "paid_minutes"):
        require_column(frame, column, p, "expected a file `wfm export` wrote")
    start, _ = parse_times(frame[first], p, first, timezone)
    end, _ = parse_times(frame[last], p, last, timezone)
    return pd.DataFrame({"employee_id": frame["employee_id"].str.strip(),
                         "activity": frame["activity"].str.strip(), "start": start,
                         "end": end,
                         "paid_minutes": pd.to_numeric(frame["paid_minutes"])})
