"""Reading the files a KPI report looks back over: a forecast, a coverage plan, a long roster
and a business-driver series, each checked so a bad cell names its file, row and column."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from wfm.core.clock import on_wall_clock
from wfm.core.csvin import (
    parse_numbers,
    parse_times,
    read_csv_text,
    require_column,
    require_order,
)
from wfm.core.errors import InputError

ACTIVITIES = ("WORK", "BREAK", "LUNCH", "SPLIT", "LEAVE", "OVERHAUL", "OFF")


def _no_duplicates(keys: pd.Series, path: Path, column: str, what: str) -> None:
    dup = keys.duplicated().to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        raise InputError(f"duplicate {what}; each may appear once", file=path, row=i + 1,
                         column=column)


def load_forecast(path: str | Path, timezone: str = "UTC") -> pd.DataFrame:
    """A forecast CSV (`date` or `interval_start`, `volume`, optional `queue` and `channel`,
    added together) as `period`, `volume`, `grain`.

    `grain` is "day" or "interval", so accuracy is scored against the matching actuals.
    """
    p = Path(path)
    frame = read_csv_text(p, "date or interval_start, volume")
    column = "interval_start" if "interval_start" in frame.columns else "date"
    require_column(frame, column, p, "a forecast has a date or interval_start column")
    require_column(frame, "volume", p, "the forecast volume")
    times, keys = parse_times(frame[column], p, column, timezone)
    for split in ("queue", "channel"):
        if split in frame.columns:
            keys = keys + " | " + frame[split].astype(str)
    _no_duplicates(keys, p, column, column.replace("_", " "))
    volume = parse_numbers(frame["volume"], p, "volume", what="a volume >= 0")
    out = pd.DataFrame({"period": times, "volume": volume.to_numpy()})
    if column == "date":
        out["period"] = out["period"].dt.normalize()
    # queues and channels added together
    out = out.groupby("period", as_index=False)["volume"].sum()
    out["grain"] = "interval" if column == "interval_start" else "day"
    return out


def load_coverage(path: str | Path, timezone: str = "UTC") -> pd.DataFrame:
    """coverage.csv from `wfm roster`: interval_start, required, scheduled, optional
    service_level and asa_seconds (empty cells allowed there); with a `team` column, the
    teams added up per interval."""
    p = Path(path)
    frame = read_csv_text(p, "interval_start,required,scheduled,service_level,asa_seconds")
    for col in ("interval_start", "required", "scheduled"):
        require_column(frame, col, p, "expected the coverage.csv that `wfm roster` writes")
    starts, keys = parse_times(frame["interval_start"], p, "interval_start", timezone)
    team = next((c for c in ("team", "queue") if c in frame.columns), None)  # queue: wfm <= 0.1
    if team:  # a roster of several teams: one row per team
        keys = keys + " | " + frame[team].astype(str)
    _no_duplicates(keys, p, "interval_start", "interval")
    out = pd.DataFrame({
        "interval_start": starts,
        "required": parse_numbers(frame["required"], p, "required", what="staff >= 0"),
        "scheduled": parse_numbers(frame["scheduled"], p, "scheduled", what="staff >= 0"),
    })
    for col in ("service_level", "asa_seconds"):
        if col in frame.columns:  # an interval nobody staffs has an infinite ASA
            out[col] = parse_numbers(frame[col], p, col, allow_empty=True,
                                     allow_inf=col == "asa_seconds")
    if "service_level" in out and (out["service_level"] > 1).any():
        i = int(np.flatnonzero((out["service_level"] > 1).to_numpy())[0])
        raise InputError(f"expected a share from 0 to 1, got {frame['service_level'].iloc[i]!r}",
                         file=p, row=i + 1, column="service_level")
    if team:
        out = _teams_added(out)
    # the report reads the centre on its wall clock, as its history is kept: an autumn
    # repeated hour's two rows become one (the roster had the same people on both)
    out = on_wall_clock(out, "interval_start", largest=("required", "scheduled"))
    return out.sort_values("interval_start").reset_index(drop=True)


def _teams_added(coverage: pd.DataFrame) -> pd.DataFrame:
    """Teams' coverage per interval added up: staff summed, service level and ASA weighted
    by each team's required staff (the closest the file has to its share of the calls),
    over the teams that have the figure; an interval where none has it stays empty."""
    by = coverage["interval_start"]
    out = coverage.groupby(by)[["required", "scheduled"]].sum()
    weight = coverage["required"].clip(lower=1e-9)
    for col in ("service_level", "asa_seconds"):
        if col in coverage:
            known = weight.where(coverage[col].notna(), 0.0).groupby(by).sum()
            total = (coverage[col].fillna(0.0) * weight).groupby(by).sum()
            out[col] = total / known.where(known > 0)
    return out.reset_index()


def load_roster_long(path: str | Path, timezone: str) -> pd.DataFrame:
    """roster_long.csv: employee_id, date, start, end, activity, paid_minutes; one row per
    activity, as `wfm roster` writes it (DESIGN.md's long layout), start and end on the
    centre's wall clock (the roster's own)."""
    p = Path(path)
    frame = read_csv_text(p, "employee_id,name,date,start,end,activity,paid_minutes")
    for col in ("employee_id", "date", "start", "end", "activity", "paid_minutes"):
        require_column(frame, col, p, "expected the roster_long.csv that `wfm roster` writes")
    activity = frame["activity"].str.strip().str.upper()
    bad = ~activity.isin(ACTIVITIES)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(f"expected an activity ({', '.join(ACTIVITIES)}), got "
                         f"{frame['activity'].iloc[i]!r}", file=p, row=i + 1, column="activity")
    day, _ = parse_times(frame["date"], p, "date", timezone)
    start, _ = parse_times(frame["start"], p, "start", timezone)
    end, _ = parse_times(frame["end"], p, "end", timezone)
    require_order(start, end, p, "start", "end")
    return pd.DataFrame({
        "employee_id": frame["employee_id"].str.strip(),
        "date": day.dt.normalize(),
        "start": start, "end": end,
        "activity": activity,
        "paid_minutes": parse_numbers(frame["paid_minutes"], p, "paid_minutes",
                                      what="minutes >= 0"),
    })


def load_driver(path: str | Path) -> pd.DataFrame:
    """A business-driver series (`date`, `value`, e.g. orders or accounts) as a frame;
    dates may be days or months (a monthly figure dated on any day of its month)."""
    p = Path(path)
    frame = read_csv_text(p, "date,value")
    require_column(frame, "date", p, "a driver file has date and value columns")
    require_column(frame, "value", p, "a driver file has date and value columns")
    dates, _ = parse_times(frame["date"], p, "date", "UTC")
    off_midnight = (dates != dates.dt.normalize()).to_numpy()
    if off_midnight.any():
        i = int(np.flatnonzero(off_midnight)[0])
        raise InputError(f"expected a date without a time of day, got "
                         f"{frame['date'].iloc[i]!r}", file=p, row=i + 1, column="date")
    _no_duplicates(dates.astype(str), p, "date", "date")
    value = parse_numbers(frame["value"], p, "value", what="a driver value >= 0")
    return pd.DataFrame({"date": dates, "value": value.to_numpy()})


def has_column(path: str | Path, column: str) -> bool:
    """Whether a CSV's header names `column` (e.g. whether a history records outcomes)."""
    try:
        header = pd.read_csv(path, nrows=0, dtype=str)
    except (OSError, ValueError, pd.errors.EmptyDataError):
        return False
    return column in [c.strip() for c in header.columns]
