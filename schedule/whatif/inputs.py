"""A scenario applied to the plan's inputs: the interval forecast, the config and the calendar.

Each function returns new objects and leaves the ones it is given untouched, so one
forecast serves every scenario.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd

from wfm.core.calendar import Calendar
from wfm.core.clock import wall_clock
from wfm.core.config import Config, hours_by_weekday
from wfm.core.errors import InputError
from wfm.schedule.staffing.requirements import open_intervals
from wfm.schedule.whatif.scenarios import Scenario

VOICE = "voice"


def scenario_config(config: Config, scenario: Scenario) -> Config:
    """The config with the scenario's service settings and opening hours.

    A service change applies to [service] and to every [channels.NAME] table that takes
    that setting from [service] (its value equals [service]'s before the change).
    """
    service = dict(config.service)
    channels = {name: dict(table) for name, table in config.extra.get("channels", {}).items()}
    for key, value in scenario.service:
        for table in channels.values():
            if table[key] == service[key]:
                table[key] = value
        service[key] = value
    centre = dict(config.centre)
    if scenario.hours is not None:
        centre["hours"] = {day: list(span) for day, span in scenario.hours}
    sections = {**config.sections, "service": service, "centre": centre}
    return dataclasses.replace(config, sections=sections,
                               extra={**config.extra, "channels": channels})


def scenario_calendar(calendar: Calendar, config: Config) -> Calendar:
    """The calendar with the (scenario's) config's opening hours."""
    return dataclasses.replace(calendar, hours=hours_by_weekday(config))


def scenario_intervals(intervals: pd.DataFrame, scenario: Scenario, calendar: Calendar,
                       file: str | Path = "scenarios") -> pd.DataFrame:
    """The interval forecast as the scenario sees it: volume, handle time, hours, channels.

    `calendar` is the scenario's own (see `scenario_calendar`): with changed opening hours,
    contacts forecast outside them are moved into the same day's open intervals in
    proportion to their volume (callers ring again when the centre is open).
    """
    keep = [c for c in ("interval_start", "volume", "aht_seconds", "channel") if c in intervals]
    out = intervals[keep].copy().reset_index(drop=True)
    out["volume"] = out["volume"].astype(float) * scenario.volume
    if scenario.volume_by_month:
        months = wall_clock(pd.DatetimeIndex(out["interval_start"])).to_period("M").astype(str)
        for month, factor in scenario.volume_by_month:
            inside = np.asarray(months == month)
            if not inside.any():
                raise InputError(f"scenario '{scenario.name}' volume: month {month} is not in "
                                 f"the plan ({', '.join(sorted(set(months)))})", file=file)
            out.loc[inside, "volume"] *= factor
    if "aht_seconds" in out:
        out["aht_seconds"] = _handle_times(out, scenario)
    if scenario.hours is not None:
        out = _into_open_hours(out, calendar)
    if scenario.move_to_chat or scenario.move_to_email:
        if "channel" in out:
            raise InputError(f"scenario '{scenario.name}': move_to_chat/move_to_email move "
                             "voice contacts, and this forecast already has channels",
                             file=file)
        out = _move_channels(out, scenario)
    return out


def _handle_times(frame: pd.DataFrame, scenario: Scenario) -> pd.Series:
    """AHT scaled by a factor, or scaled so its volume-weighted mean is the new seconds."""
    aht = frame["aht_seconds"].astype(float) * scenario.aht_factor
    if scenario.aht_seconds is not None:
        vol = frame["volume"].to_numpy(dtype=float)
        ok = (vol > 0) & np.isfinite(aht.to_numpy())
        mean = float((aht[ok] * vol[ok]).sum() / vol[ok].sum()) if ok.any() else float("nan")
        if mean > 0:
            return aht * (scenario.aht_seconds / mean)
        return pd.Series(scenario.aht_seconds, index=frame.index)
    return aht


def _into_open_hours(frame: pd.DataFrame, calendar: Calendar) -> pd.DataFrame:
    """Each day's volume outside the open intervals moved into them, pro rata."""
    out = frame.copy()
    starts = pd.DatetimeIndex(out["interval_start"])
    is_open = open_intervals(starts, calendar)
    group = [starts.normalize()] + ([out["channel"].to_numpy()] if "channel" in out else [])
    vol = out["volume"].to_numpy(dtype=float, copy=True)
    for _, rows in out.groupby(group, sort=False).indices.items():
        inside, outside = rows[is_open[rows]], rows[~is_open[rows]]
        moved = vol[outside].sum()
        if not inside.size or moved <= 0:
            continue
        base = vol[inside]
        share = base / base.sum() if base.sum() > 0 else np.full(inside.size, 1 / inside.size)
        vol[inside] = base + moved * share
        vol[outside] = 0.0
    out["volume"] = vol
    return out


def _move_channels(frame: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """A voice-only forecast split into voice, chat and e-mail rows by the scenario's shares;
    moved contacts keep their interval's handle time."""
    shares = {"chat": scenario.move_to_chat, "email": scenario.move_to_email}
    stay = 1.0 - sum(shares.values())
    parts = [frame.assign(channel=VOICE, volume=frame["volume"] * stay)]
    for channel, share in shares.items():
        if share:
            parts.append(frame.assign(channel=channel, volume=frame["volume"] * share))
    return pd.concat(parts, ignore_index=True).sort_values(
        ["interval_start", "channel"], ignore_index=True)
