"""History intake: contact records, interval counts or daily counts, validated and resampled.

Whatever the form, the result is one `History` with the volume per configured interval
(where the file has times of day) and per calendar day. A day with no rows at all is a
gap (NaN), never a zero; inside a day that has rows, an interval with no row had no calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from wfm.core.config import Config
from wfm.core.csvin import (
    MOST_CONTACTS,
    MOST_HANDLE_SECONDS,
    file_row,
    parse_numbers,
    parse_times,
    require_column,
    text_frame,
)
from wfm.core.errors import InputError


@dataclass(frozen=True)
class History:
    """Validated history. `intervals` is None for daily counts; `contacts` only for records.

    intervals: index `interval_start` at the configured interval; columns `volume`,
      `aht_seconds` (NaN where unknown) and `handled` (calls behind the handle time).
    daily: volume per calendar day from the first to the last day, NaN on gap days.
    contacts: one row per contact (`timestamp`, `outcome`, `handle_seconds`,
      `wait_seconds`, `agent`, `customer` ("" when unknown)), PHANTOM-like ignored
      outcomes removed.
    performance: for counts that carry the centre's own figures (an ACD's or a city's
      daily report), per day: `offered`, and those the file has of `answered`,
      `abandoned`, `service_level`, `asa_seconds`, `aht_seconds` (see `performance`).
    """

    source: str
    form: str
    daily: pd.Series
    intervals: pd.DataFrame | None
    contacts: pd.DataFrame | None
    native_minutes: int | None
    performance: pd.DataFrame | None = None  # the centre's own daily figures, when given

    @property
    def first_day(self) -> pd.Timestamp:
        return self.daily.index[0]

    @property
    def last_day(self) -> pd.Timestamp:
        return self.daily.index[-1]


def _duration(values: pd.Series, path: Path, column: str) -> pd.Series:
    """Seconds >= 0; an empty cell is unknown (NaN)."""
    return parse_numbers(values, path, column, allow_empty=True,
                         what="a duration in seconds >= 0", most=MOST_HANDLE_SECONDS)


def _time_column(frame: pd.DataFrame, names: list[str], path: Path) -> tuple[pd.Series, str]:
    """The column(s) holding each row's time; several are joined (e.g. date + clock time)."""
    for name in names:
        require_column(frame, name, path, "map it with [history] timestamp = ...")
    if len(names) == 1:
        return frame[names[0]], names[0]
    joined = frame[names[0]].astype(str).str.strip()
    for name in names[1:]:
        joined = joined + " " + frame[name].astype(str).str.strip()
    return joined, "+".join(names)


def _check_duplicates(times: pd.Series, keys: pd.Series | None, path: Path, column: str) -> None:
    key = times.astype(str)
    if keys is not None:
        key = key + " | " + keys.astype(str).to_numpy()
    dup = key.duplicated().to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        first = int(np.flatnonzero((key == key.iloc[i]).to_numpy())[0])
        raise InputError(f"duplicate time {times.iloc[i]} (first seen on row "
                         f"{file_row(times, first)}); each interval or day may appear once",
                         file=path, row=file_row(times, i), column=column)


def _native_minutes(times: pd.Series) -> int:
    """The recording interval: the smallest gap between distinct consecutive times."""
    uniq = np.unique(times.to_numpy().astype("datetime64[m]").astype(np.int64))
    if len(uniq) < 2:
        return 1440
    gaps = np.diff(uniq)
    return int(gaps.min())


def _to_grid(slots: pd.DataFrame, native: int, interval: int) -> pd.DataFrame:
    """Sum volumes onto the configured grid (finer data), or split evenly (coarser data)."""
    frame = slots.copy()
    if native > interval and native % interval == 0:
        k = native // interval
        parts = []
        for j in range(k):
            part = frame.copy()
            part.index = part.index + pd.Timedelta(minutes=j * interval)
            part["volume"] = part["volume"] / k
            part["handled"] = part["handled"] / k
            parts.append(part)
        frame = pd.concat(parts).sort_index()
    return sum_by_slot(with_work(frame), frame.index.floor(f"{interval}min"))


def with_work(slots: pd.DataFrame) -> pd.DataFrame:
    """Interval rows with their handle-time `work` (AHT x handled calls) to add up."""
    return slots.assign(work=slots["aht_seconds"].fillna(0) * slots["handled"])


def sum_by_slot(frame: pd.DataFrame, slots) -> pd.DataFrame:
    """`volume`, `handled` and `work` added up per slot; the AHT is the work over the
    handled calls (NaN where none were handled)."""
    grid = frame.groupby(slots)[["volume", "handled", "work"]].sum()
    handled = grid["handled"]
    grid["aht_seconds"] = np.where(handled > 0, grid["work"] / handled.where(handled > 0, 1),
                                   np.nan)
    grid.index.name = "interval_start"
    return grid[["volume", "aht_seconds", "handled"]]


def day_slots(days: pd.DatetimeIndex, interval: int) -> pd.DatetimeIndex:
    """Every interval start of the given days."""
    return pd.DatetimeIndex(np.concatenate([
        pd.date_range(d, periods=1440 // interval, freq=f"{interval}min").to_numpy()
        for d in days]))


def _daily_from(intervals: pd.DataFrame) -> pd.Series:
    """Volume per day from interval rows; days with no rows at all are gaps (NaN)."""
    days = intervals.groupby(intervals.index.normalize())["volume"].sum()
    full = pd.date_range(days.index.min(), days.index.max(), freq="D")
    return days.reindex(full).rename("volume").rename_axis("date")


def _fill_day_slots(intervals: pd.DataFrame, interval: int) -> pd.DataFrame:
    """Every slot of every day that has rows; a missing slot inside such a day had no calls."""
    out = intervals.reindex(day_slots(intervals.index.normalize().unique(), interval))
    out["volume"] = out["volume"].fillna(0.0)
    out["handled"] = out["handled"].fillna(0.0)
    out.index.name = "interval_start"
    return out


def _is_contacts(frame: pd.DataFrame, cfg: dict) -> bool:
    """Contact records have no volume column but a timestamp (mapped or named so)."""
    if cfg["volume"] in frame.columns:
        return False
    return bool(cfg["timestamp"]) or "timestamp" in frame.columns or not (
        "interval_start" in frame.columns or cfg["date"] in frame.columns)


def _detect_form(frame: pd.DataFrame, cfg: dict, times: list[str]) -> str:
    if cfg["form"] != "auto":
        return cfg["form"]
    if _is_contacts(frame, cfg):
        return "contacts"
    if times == [cfg["date"]] or (not cfg["timestamp"] and not {"interval_start", "timestamp"}
                                  & set(frame.columns)):
        return "daily"
    return "intervals"


def _time_names(frame: pd.DataFrame, cfg: dict, form: str | None) -> list[str]:
    ts = cfg["timestamp"]
    if ts:
        return [ts] if isinstance(ts, str) else list(ts)
    if form == "contacts" or (form is None and _is_contacts(frame, cfg)):
        return ["timestamp"]
    for name in ("interval_start", "timestamp"):  # counts per interval
        if name in frame.columns and form != "daily":
            return [name]
    return [cfg["date"]]


HISTORY_COLUMNS = "history: contacts, interval counts or daily counts"


def load_history(source: str | Path | pd.DataFrame, config: Config) -> History:
    """Read a history (a CSV file or a frame with the file's columns) in any of the three
    forms; raises InputError naming row and column."""
    frame, p = text_frame(source, HISTORY_COLUMNS)
    return history_from_frame(long_layout(frame, config), p, config)


LONG_LAYOUT = ("unique_id", "ds", "y")  # statsforecast's and Nixtla's long layout


def long_layout(frame: pd.DataFrame, config: Config) -> pd.DataFrame:
    """statsforecast's long layout (`unique_id, ds, y`) as wfm's own columns: `y` is the
    volume, `ds` a date (daily counts) when no row has a time of day, else an interval
    start (interval counts) -- never daily counts spread over intervals -- and
    `unique_id` the queue when there are several. Other files pass unchanged."""
    cfg = config.history
    if not set(LONG_LAYOUT) <= set(frame.columns) or cfg["volume"] in frame.columns:
        return frame
    stamps = frame["ds"].astype(str).str.strip()
    timed = stamps.str.contains(r"[T ]\d", regex=True) & ~stamps.str.contains(
        r"[T ]00:00(?::00)?$", regex=True)
    when = "interval_start" if timed.any() else cfg["date"]
    out = frame.rename(columns={"ds": when, "y": cfg["volume"]})
    if out["unique_id"].astype(str).str.strip().nunique() > 1:
        return out.rename(columns={"unique_id": cfg["queue"]})
    return out.drop(columns="unique_id")


def recording_minutes(frame: pd.DataFrame, p: Path, config: Config) -> int | None:
    """The recording interval of a whole file of interval counts (`[history]
    interval_minutes`, else the smallest step between its times); None for other forms.
    Found once for the file, so a quiet queue with rows only on the hour keeps the file's
    30-minute grid."""
    cfg = config.history
    names = _time_names(frame, cfg, None if cfg["form"] == "auto" else cfg["form"])
    if _detect_form(frame, cfg, names) != "intervals":
        return None
    if cfg["interval_minutes"]:
        return cfg["interval_minutes"]
    raw, column = _time_column(frame, names, p)
    return _native_minutes(parse_times(raw, p, column, config.centre["timezone"],
                                       cfg["clock"])[0])


def history_from_frame(frame: pd.DataFrame, p: Path, config: Config,
                       native: int | None = None) -> History:
    """Validate and resample the rows of a history file already read as text (all of it,
    or one queue's rows: errors name the file's own row either way). `native` is the
    file's recording interval where the rows are a slice of it."""
    cfg = config.history
    interval = config.centre["interval_minutes"]
    timezone = config.centre["timezone"]
    forced = None if cfg["form"] == "auto" else cfg["form"]
    names = _time_names(frame, cfg, forced)
    form = _detect_form(frame, cfg, names)
    raw_times, time_col = _time_column(frame, names, p)
    times, instants = parse_times(raw_times, p, time_col, timezone, cfg["clock"])
    queue = (frame[cfg["queue"]].astype(str).str.strip() if cfg["queue"] in frame.columns
             else None)

    if form == "contacts":
        return _from_contacts(frame, times, p, config)

    volume = parse_numbers(require_column(frame, cfg["volume"], p, "map it with [history] volume"),
                           p, cfg["volume"], what="a volume >= 0", most=MOST_CONTACTS)
    aht = (parse_numbers(frame[cfg["aht_seconds"]], p, cfg["aht_seconds"], allow_empty=True,
                         what="a handle time in seconds >= 0", most=MOST_HANDLE_SECONDS)
           if cfg["aht_seconds"] in frame.columns else pd.Series(np.nan, index=frame.index))
    served = volume
    if cfg["handle_total_seconds"] in frame.columns:  # an ACD's form: total handle time
        aht, served = _aht_from_total(frame, p, cfg, volume)
    _check_duplicates(instants, queue, p, time_col)

    if form == "daily":
        if (times != times.dt.normalize()).any():
            i = int(np.flatnonzero((times != times.dt.normalize()).to_numpy())[0])
            raise InputError("daily counts: expected a date without a time of day",
                             file=p, row=file_row(times, i), column=time_col)
        days = pd.Series(volume.to_numpy(), index=pd.DatetimeIndex(times)).groupby(level=0).sum()
        full = pd.date_range(days.index.min(), days.index.max(), freq="D")
        daily = days.reindex(full).rename("volume").rename_axis("date")
        return History(source=str(p), form="daily", daily=daily, intervals=None,
                       contacts=None, native_minutes=1440,
                       performance=performance(frame, p, cfg, times, volume, aht))

    native = native or cfg["interval_minutes"] or _native_minutes(times)
    slots = pd.DataFrame({"volume": volume.to_numpy(), "aht_seconds": aht.to_numpy(),
                          "handled": np.where(aht.notna(), served, 0.0)},
                         index=pd.DatetimeIndex(times))
    slots = slots.groupby(level=0).agg({"volume": "sum", "aht_seconds": "mean", "handled": "sum"})
    grid = _fill_day_slots(_to_grid(slots, native, interval), interval)
    return History(source=str(p), form="intervals", daily=_daily_from(grid),
                   intervals=grid, contacts=None, native_minutes=native,
                   performance=performance(frame, p, cfg, times, volume, aht))


def _aht_from_total(frame: pd.DataFrame, p: Path, cfg: dict, volume: pd.Series
                    ) -> tuple[pd.Series, pd.Series]:
    """AHT per row from total handle seconds (`[history] handle_total_seconds`) over the
    contacts handled (`[history] answered_count`, else the volume), and that count: the
    form ACD exports and historical imports give instead of AHT."""
    column = cfg["handle_total_seconds"]
    total = parse_numbers(frame[column], p, column, allow_empty=True,
                          what="total handle seconds >= 0")
    served = volume
    if cfg["answered_count"] in frame.columns:
        served = parse_numbers(frame[cfg["answered_count"]], p, cfg["answered_count"],
                               allow_empty=True, what="a count >= 0",
                               most=MOST_CONTACTS).fillna(0.0)
    aht = total / served.where(served > 0)
    too_long = (aht > MOST_HANDLE_SECONDS).to_numpy()
    if too_long.any():
        i = int(np.flatnonzero(too_long)[0])
        raise InputError(f"total handle seconds over handled contacts is {aht.iloc[i]:,.0f} s "
                         "a contact, more than a day: is the column in seconds?", file=p,
                         row=file_row(total, i), column=column)
    return aht, served


PERFORMANCE_KEYS = {"answered_count": "answered", "abandoned_count": "abandoned",
                    "service_level": "service_level", "asa_seconds": "asa_seconds"}


def performance(frame: pd.DataFrame, p: Path, cfg: dict, times: pd.Series,
                volume: pd.Series, aht: pd.Series) -> pd.DataFrame | None:
    """The centre's own figures per day from counts that carry them (columns named by
    [history] answered_count, abandoned_count, service_level, asa_seconds): answered and
    abandoned summed; service level weighted by the offered volume, ASA and AHT by the
    answered calls, as their definitions combine. None when the file has none of them."""
    present = {name: cfg[key] for key, name in PERFORMANCE_KEYS.items()
               if cfg[key] in frame.columns}
    if not present:
        return None
    day = pd.DatetimeIndex(times).normalize()
    cols = {"offered": volume.to_numpy(dtype=float)}
    for name, column in present.items():
        if name == "service_level":
            values = parse_numbers(frame[column], p, column, allow_empty=True,
                                   what="a share from 0 to 1")
            over = (values > 1).to_numpy()
            if over.any():
                i = int(np.flatnonzero(over)[0])
                raise InputError(f"expected a share from 0 to 1 (a percentage divided by "
                                 f"100), got {frame[column].iloc[i]!r}", file=p,
                                 row=file_row(values, i), column=column)
        elif name == "asa_seconds":
            values = _duration(frame[column], p, column)
        else:
            values = parse_numbers(frame[column], p, column, allow_empty=True,
                                   what="a count >= 0", most=MOST_CONTACTS)
        cols[name] = values.to_numpy(dtype=float)
    rows = pd.DataFrame(cols, index=day)
    if aht.notna().any():
        rows["aht_seconds"] = aht.to_numpy(dtype=float)
    answered = rows["answered"] if "answered" in rows else rows["offered"]
    out = rows[["offered"]].groupby(level=0).sum()
    for name in ("answered", "abandoned"):
        if name in rows:
            out[name] = rows[name].groupby(level=0).sum(min_count=1)
    for name, weight in (("service_level", rows["offered"]), ("asa_seconds", answered),
                         ("aht_seconds", answered)):
        if name in rows:
            known = rows[name].notna()
            w = weight.where(known, 0.0)
            total = w.groupby(level=0).sum()
            out[name] = (rows[name].fillna(0.0) * w).groupby(level=0).sum() / total.where(
                total > 0)
    out.index.name = "date"
    return out


def _from_contacts(frame: pd.DataFrame, times: pd.Series, p: Path, config: Config
                   ) -> History:
    """Contact records: count arrivals per interval; AHT from answered, agent-served contacts."""
    cfg = config.history
    interval = config.centre["interval_minutes"]
    outcome = pd.Series("answered", index=frame.index)
    if cfg["outcome"] in frame.columns:
        raw = frame[cfg["outcome"]].astype(str).str.strip()
        mapping = {v: "answered" for v in cfg["answered"]}
        mapping.update({v: "abandoned" for v in cfg["abandoned"]})
        mapping.update({v: "ignore" for v in cfg["ignore"]})
        outcome = raw.map(mapping)
        if outcome.isna().any():
            i = int(np.flatnonzero(outcome.isna().to_numpy())[0])
            allowed = ", ".join(sorted(mapping))
            raise InputError(f"unknown outcome {raw.iloc[i]!r}; expected one of {allowed} "
                             "(map others with [history] answered/abandoned/ignore)",
                             file=p, row=file_row(raw, i), column=cfg["outcome"])
    handle = (_duration(frame[cfg["handle_seconds"]], p, cfg["handle_seconds"])
              if cfg["handle_seconds"] in frame.columns else pd.Series(np.nan, index=frame.index))
    wait = (_duration(frame[cfg["wait_seconds"]], p, cfg["wait_seconds"])
            if cfg["wait_seconds"] in frame.columns else pd.Series(np.nan, index=frame.index))
    agent = (frame[cfg["agent"]].astype(str).str.strip() if cfg["agent"] in frame.columns
             else pd.Series("", index=frame.index))
    # who called: "" where the file has no customer column, or an id meaning "unknown"
    customer = (frame[cfg["customer"]].astype(str).str.strip() if cfg["customer"]
                and cfg["customer"] in frame.columns else pd.Series("", index=frame.index))
    customer = customer.where(~customer.isin(cfg["no_customer"]), "")
    contacts = pd.DataFrame({
        "timestamp": times.to_numpy(),
        "outcome": outcome.to_numpy(),
        "handle_seconds": handle.to_numpy(),
        "wait_seconds": wait.to_numpy(),
        "agent": agent.to_numpy(),
        "customer": customer.to_numpy(),
    }, index=pd.Index(np.asarray(frame.index) + 1, name="row"))
    contacts = contacts[contacts["outcome"] != "ignore"].sort_values("timestamp")
    if contacts.empty:
        raise InputError("no contacts left after ignoring the outcomes in [history] ignore",
                         file=p)
    served = agent_served(contacts, cfg["no_agent"])
    slot = contacts["timestamp"].dt.floor(f"{interval}min")
    grid = sum_by_slot(pd.DataFrame({
        "volume": 1.0, "handled": served.astype(float),
        "work": contacts["handle_seconds"].where(served, 0.0)}, index=contacts.index), slot)
    grid = _fill_day_slots(grid, interval)
    return History(source=str(p), form="contacts", daily=_daily_from(grid),
                   intervals=grid,
                   contacts=contacts.reset_index(drop=True), native_minutes=None)


def agent_served(contacts: pd.DataFrame, no_agent: Iterable[str]) -> pd.Series:
    """Answered contacts with a handle time, served by a named agent (not a VRU transfer);
    the calls behind AHT, the same rule the history intake uses."""
    return ((contacts["outcome"] == "answered") & contacts["handle_seconds"].notna()
            & ~contacts["agent"].isin(list(no_agent)))
