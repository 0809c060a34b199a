"""Service figures of a staffed month: Erlang A and simulation for the very same agents.

Voice and chat are queues (chat with `concurrency` sessions per agent); each is simulated
with its own answer time and the config's patience, and the channels are combined by
their contacts. E-mail is worked from a backlog, not a queue, so it has no figures here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wfm.core.config import Config
from wfm.schedule.staffing.agents import offered_load
from wfm.schedule.staffing.erlang_day import erlang_a_through_day
from wfm.schedule.staffing.simulation import simulate

KPIS = ("service_level", "asa", "abandonment", "occupancy")


def channel_settings(config: Config, channel: str) -> dict:
    """The settings a channel is staffed with: [channels.NAME], else [service] as its kind."""
    channels = config.extra.get("channels", {})
    if channel in channels:
        return channels[channel]
    kind = channel if channel in ("chat", "email") else "voice"
    return {**config.service, "channel": kind}


def service_figures(staffed: pd.DataFrame, config: Config, interval_seconds: float,
                    replications: int, seed: int) -> dict[str, float]:
    """Service level, ASA, abandonment and occupancy by Erlang A and by simulation.

    `staffed` has `interval_start`, `volume`, `aht_seconds`, `agents` (on the phones) and
    an optional `channel`. Erlang A is solved through each day with the queue carried
    from one interval to the next (schedule/staffing/erlang_day.py), the model the simulation
    samples; its figures are weighted by volume over the intervals (ASA by answered
    calls, occupancy by agent time). The simulated ones carry 95% intervals over
    replications.
    """
    groups = staffed.groupby("channel", sort=True) if "channel" in staffed else [
        ("voice", staffed)]
    parts = []
    for k, (name, frame) in enumerate(groups):
        svc = channel_settings(config, str(name))
        if svc["channel"] == "email":
            continue
        per_agent = svc["concurrency"] if svc["channel"] == "chat" else 1
        parts.append(_channel(frame, svc, per_agent, interval_seconds, replications,
                              seed + 1000 * k))
    return _combine(parts)


def _channel(frame: pd.DataFrame, svc: dict, per_agent: int, interval_seconds: float,
             replications: int, seed: int) -> dict[str, np.ndarray | float]:
    """Erlang A sums and simulated summary for one queued channel."""
    volume = frame["volume"].to_numpy(dtype=float)
    aht = frame["aht_seconds"].to_numpy(dtype=float)
    aht = np.where(np.isfinite(aht) & (aht > 0), aht, svc["aht_seconds"])
    servers = frame["agents"].to_numpy(dtype=float) * per_agent
    load = offered_load(volume, aht, interval_seconds)
    patience = svc["patience_seconds"]
    plan = pd.DataFrame({"interval_start": frame["interval_start"].to_numpy(),
                         "volume": volume, "aht_seconds": aht, "agents": servers})
    a = erlang_a_through_day(plan, interval_seconds, svc["answer_seconds"], patience)
    answered = volume * (1.0 - a["abandonment"].to_numpy())
    if replications == 0:  # Erlang A only: no simulated figures
        sim = pd.DataFrame(np.nan, index=list(KPIS), columns=["value", "lo", "hi"])
    else:
        sim = simulate(plan, interval_seconds=interval_seconds,
                       answer_seconds=svc["answer_seconds"], patience_seconds=patience,
                       replications=replications, seed=seed).summary.set_index("kpi")
        sim = sim.rename(index={"asa_seconds": "asa"})
    return {
        "volume": volume.sum(), "answered": answered.sum(), "capacity": servers.sum(),
        "service_level": float((a["service_level"].to_numpy() * volume).sum()),
        "asa": float((a["asa"].to_numpy() * answered).sum()),
        "abandonment": float((a["abandonment"].to_numpy() * volume).sum()),
        "occupancy": float((load * (1.0 - a["abandonment"].to_numpy()))[servers > 0].sum()),
        "sim": sim,
    }


def _combine(parts: list[dict]) -> dict[str, float]:
    """Channels added up: Erlang sums over their weights; simulated means weighted alike,
    with the 95% half-widths combined as for independent estimates."""
    weight_of = {"service_level": "volume", "asa": "answered", "abandonment": "volume",
                 "occupancy": "capacity"}
    out: dict[str, float] = {}
    for kpi in KPIS:
        w = np.array([p[weight_of[kpi]] for p in parts], dtype=float)
        total = w.sum()
        erlang = sum(p[kpi] for p in parts) / total if total > 0 else float("nan")
        value = np.array([p["sim"].loc[kpi, "value"] for p in parts], dtype=float)
        half = np.array([(p["sim"].loc[kpi, "hi"] - p["sim"].loc[kpi, "lo"]) / 2
                         for p in parts], dtype=float)
        ok = np.isfinite(value) & (w > 0)
        share = w[ok] / w[ok].sum() if ok.any() else w[ok]
        mean = float((share * value[ok]).sum()) if ok.any() else float("nan")
        spread = float(np.sqrt((share ** 2 * half[ok] ** 2).sum())) if ok.any() else float(
            "nan")
        out[f"{kpi}_erlang_a"] = erlang
        out[f"{kpi}_sim"] = mean
        if kpi != "occupancy":
            out[f"{kpi}_sim_lo"], out[f"{kpi}_sim_hi"] = mean - spread, mean + spread
    return out
