"""Requirements: the interval forecast turned into agents on the phones and staff to roster.

Volume outside the agent hours (or on closed days) is reported but not staffed. Inside
the hours each interval gets the agents the service goal needs (Erlang C, or Erlang A
with the config's patience), at least `[service] min_agents`, and the staff to schedule
is agents / (1 - shrinkage), rounded up.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from wfm.core.calendar import Calendar, calendar_from_config
from wfm.core.config import Config, config_for_queue
from wfm.core.csvin import (
    MOST_CONTACTS,
    MOST_HANDLE_SECONDS,
    parse_instants,
    parse_numbers,
    read_csv_text,
)
from wfm.core.errors import InputError
from wfm.schedule.staffing.agents import offered_load, required_agents
from wfm.schedule.staffing.erlang import erlang_a, erlang_c_asa, erlang_c_service_level

COLUMNS = ["interval_start", "volume", "aht_seconds", "agents", "staff", "service_level",
           "asa_seconds", "occupancy"]


def load_interval_forecast(path: str | Path, timezone: str = "UTC") -> pd.DataFrame:
    """Read forecast_intervals.csv (`interval_start`, `volume`, optional `aht_seconds`,
    `channel` and `queue`)."""
    p = Path(path)
    frame = read_csv_text(p, "interval_start,volume,aht_seconds")
    for col in ("interval_start", "volume"):
        if col not in frame.columns:
            raise InputError(f"missing column '{col}' (expected the forecast_intervals.csv "
                             "that `wfm forecast` writes)", file=p, row=0, column=col)
    starts, keys = parse_instants(frame["interval_start"], p, "interval_start", timezone)
    for col in ("queue", "channel"):
        if col in frame.columns:
            keys = keys + " | " + frame[col].astype(str)
    dup = keys.duplicated().to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        raise InputError(f"duplicate interval {frame['interval_start'].iloc[i]}", file=p,
                         row=i + 1, column="interval_start")
    out = pd.DataFrame({"interval_start": starts,
                        "volume": parse_numbers(frame["volume"], p, "volume",
                                                what="a volume >= 0", most=MOST_CONTACTS)})
    if "aht_seconds" in frame.columns:
        aht = parse_numbers(frame["aht_seconds"], p, "aht_seconds", allow_empty=True,
                            what="a handle time in seconds > 0", most=MOST_HANDLE_SECONDS)
        zero = (aht <= 0) & (out["volume"] > 0)
        if zero.any():
            i = int(np.flatnonzero(zero.to_numpy())[0])
            raise InputError("expected a handle time in seconds > 0 where there are calls, "
                             f"got {frame['aht_seconds'].iloc[i]!r}", file=p, row=i + 1,
                             column="aht_seconds")
        out["aht_seconds"] = aht
    if "channel" in frame.columns:
        out["channel"] = frame["channel"].astype(str).str.strip()
    if "queue" in frame.columns:
        out.insert(0, "queue", frame["queue"].astype(str).str.strip())
        return out.sort_values(["queue", "interval_start"], kind="stable").reset_index(
            drop=True)
    return out.sort_values("interval_start", kind="stable").reset_index(drop=True)


def open_intervals(starts: pd.DatetimeIndex, calendar: Calendar) -> np.ndarray:
    """True for intervals inside the agent hours of an open day."""
    starts = pd.DatetimeIndex(starts)
    slot = ((starts.hour * 60 + starts.minute) // calendar.interval_minutes).to_numpy()
    masks = np.vstack([calendar.open_slots(d) for d in range(7)])
    return masks[starts.day_of_week.to_numpy(), slot] & calendar.is_open(starts.normalize())


def requirements(intervals: pd.DataFrame, config: Config, calendar: Calendar) -> pd.DataFrame:
    """Agents and staff per interval, with the service level, ASA and occupancy they give.

    A `channel` column splits the work: each channel is staffed with its own settings
    ([channels.NAME] over [service]) and keeps its own rows. Times keep the clock they
    come on: the real clock of a forecast, or the wall clock of a history (the year plan).
    """
    if "channel" not in intervals.columns:
        return _channel_requirements(intervals, config.service, calendar)
    channels = config.extra.get("channels", {})
    parts = []
    for name, group in intervals.groupby("channel", sort=True):
        settings = channels.get(str(name), {**config.service, "channel": _kind_of(str(name))})
        part = _channel_requirements(group.drop(columns="channel"), settings, calendar)
        part.insert(1, "channel", name)
        parts.append(part)
    return pd.concat(parts, ignore_index=True).sort_values(
        ["interval_start", "channel"], ignore_index=True)


def _kind_of(name: str) -> str:
    """A channel named like a known kind (chat, email) is staffed as that kind."""
    lowered = name.lower().replace("-", "")
    return lowered if lowered in ("chat", "email") else "voice"


def _channel_requirements(intervals: pd.DataFrame, svc: dict, calendar: Calendar
                          ) -> pd.DataFrame:
    """Requirements for one channel: voice and chat by Erlang, e-mail by workload."""
    interval_seconds = calendar.interval_minutes * 60.0
    starts = pd.DatetimeIndex(pd.to_datetime(intervals["interval_start"]))
    volume = intervals["volume"].to_numpy(dtype=float)
    aht = intervals["aht_seconds"].to_numpy(dtype=float) if "aht_seconds" in intervals else \
        np.full(len(intervals), svc["aht_seconds"])
    if np.any(volume < 0) or np.any(~np.isfinite(volume)):
        raise ValueError("volume must be finite and >= 0 in every interval")
    if np.any((aht <= 0) & (volume > 0)):
        raise ValueError("aht_seconds must be > 0 wherever there are calls")
    aht = np.where(np.isfinite(aht), aht, svc["aht_seconds"])  # unknown: the config default
    staffed = open_intervals(starts, calendar)
    # a day forecast to have no contacts at all is closed (e.g. a holiday the centre shuts)
    day_total = pd.Series(volume).groupby(starts.normalize().to_numpy()).transform("sum")
    staffed &= day_total.to_numpy() > 0
    calls = np.where(staffed, volume, 0.0)
    load = offered_load(calls, aht, interval_seconds)
    if svc["channel"] == "email":
        agents, sl, asa = _backlog_agents(load, staffed, svc, interval_seconds)
        slots = agents.astype(float)
    else:
        erlang_a_model = svc["staffing_model"] == "erlang_a"
        patience = svc["patience_seconds"] if erlang_a_model else None
        per_agent = svc["concurrency"] if svc["channel"] == "chat" else 1
        # chat: each agent holds `concurrency` sessions; staff the sessions, then the agents
        sessions = required_agents(calls, aht, interval_seconds, svc["goal"],
                                   svc["answer_seconds"], svc["max_occupancy"], patience)
        agents = np.ceil(sessions / per_agent).astype(int)
        agents = np.where(staffed, np.maximum(agents, svc["min_agents"]), 0)
        slots = agents * float(per_agent)
        sl, asa = _performance(slots, load, aht, svc, erlang_a_model)
    staff = np.ceil(agents / (1.0 - svc["shrinkage"]) - 1e-9).astype(int)
    with np.errstate(all="ignore"):
        occupancy = np.where(slots > 0, load / np.maximum(slots, 1), 0.0)
    frame = pd.DataFrame({
        "interval_start": starts, "volume": volume, "aht_seconds": aht, "agents": agents,
        "staff": staff, "service_level": np.where(staffed, sl, np.nan),
        "asa_seconds": np.where(staffed, asa, np.nan), "occupancy": occupancy,
    })
    frame["open"] = staffed
    return frame


def _backlog_agents(load: np.ndarray, staffed: np.ndarray, svc: dict,
                    interval_seconds: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """E-mail and tickets: answer within `response_hours`, so staff the work of that window.

    Agents in each open interval = the mean workload (Erlangs) of the open intervals in
    the response window ending there, over the occupancy cap; the service level reported
    is the share of the window's work that capacity covers.
    """
    window = max(1, round(svc["response_hours"] * 3600 / interval_seconds))
    open_load = pd.Series(load[staffed])
    mean_load = open_load.rolling(window, min_periods=1).mean().to_numpy()
    agents = np.zeros(len(load), dtype=int)
    need = np.ceil(mean_load / svc["max_occupancy"] - 1e-9).astype(int)
    agents[staffed] = np.maximum(need, svc["min_agents"])
    capacity = pd.Series(agents[staffed].astype(float)).rolling(window, min_periods=1).sum()
    work = open_load.rolling(window, min_periods=1).sum()
    sl = np.full(len(load), np.nan)
    with np.errstate(all="ignore"):
        sl[staffed] = np.where(work > 0, np.minimum(1.0, capacity / work), 1.0)
    return agents, sl, np.full(len(load), np.nan)


def _performance(servers: np.ndarray, load: np.ndarray, aht: np.ndarray, svc: dict,
                 erlang_a_model: bool) -> tuple[np.ndarray, np.ndarray]:
    n = servers.astype(float)
    if erlang_a_model:
        res = erlang_a(n, load, aht, np.full(len(n), svc["patience_seconds"]),
                       svc["answer_seconds"])
        return res["service_level"], res["asa"]
    return (erlang_c_service_level(n, load, aht, svc["answer_seconds"]),
            erlang_c_asa(n, load, aht))


def load_requirements(path: str | Path, cfg: Config, cal: Calendar) -> pd.DataFrame:
    """requirements.csv back into a frame, with the open flag the roster needs."""
    p = Path(path)
    frame = read_csv_text(p, ",".join(COLUMNS))
    for col in ("interval_start", "volume", "staff"):
        if col not in frame.columns:
            raise InputError(f"missing column '{col}' (expected the requirements.csv that "
                             "`wfm staff` writes)", file=p, row=0, column=col)
    starts, keys = parse_instants(frame["interval_start"], p, "interval_start",
                               cfg.centre["timezone"])
    queues = frame["queue"].str.strip() if "queue" in frame.columns else None
    if queues is not None:
        keys = keys + " | " + queues
    dup = keys.duplicated().to_numpy()
    if dup.any():
        i = int(dup.argmax())
        raise InputError("duplicate interval", file=p, row=i + 1, column="interval_start")
    req = pd.DataFrame({"interval_start": starts,
                        "volume": parse_numbers(frame["volume"], p, "volume",
                                                most=MOST_CONTACTS),
                        "staff": parse_numbers(frame["staff"], p, "staff",
                                               what="a whole number of staff >= 0")})
    req["aht_seconds"] = (parse_numbers(frame["aht_seconds"], p, "aht_seconds",
                                        allow_empty=True)
                          if "aht_seconds" in frame.columns else cfg.service["aht_seconds"])
    req["open"] = open_intervals(pd.DatetimeIndex(starts), cal) & (req["staff"] > 0)
    if queues is not None:  # each queue open in its own hours
        req.insert(0, "queue", queues.to_numpy())
        for name, rows in req.groupby("queue").indices.items():
            own = calendar_from_config(config_for_queue(cfg, str(name)))
            req.loc[req.index[rows], "open"] = open_intervals(
                pd.DatetimeIndex(req["interval_start"].iloc[rows]), own) & (
                req["staff"].iloc[rows] > 0).to_numpy()
    return req
