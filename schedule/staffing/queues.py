"""Staffing for many queues: each queue sized for its own service goal, AHT and hours
(`[queues.NAME]`), and the roll-up a planner rosters a shared team against.

Queues are staffed as separate agent groups: the roll-up's agents and staff are the
sums, what dedicated teams need. Beside them, `pooled_agents` sizes one team that takes
every queue's calls for the centre's goal, so a planner sees what cross-training (or
merging small queues) would save.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wfm.core.calendar import Calendar, calendar_from_config
from wfm.core.config import Config, config_for_queue
from wfm.core.errors import InputError
from wfm.core.fanout import named_error
from wfm.forecast.pipeline import ForecastResult
from wfm.forecast.queues import QueueJob, forecast_job
from wfm.schedule.staffing.agents import required_agents
from wfm.schedule.staffing.requirements import requirements


def staff_queue(intervals: pd.DataFrame, cfg: Config, queue: str, calendar: Calendar
                ) -> pd.DataFrame:
    """One queue's requirements with the queue's config and calendar; errors name the
    queue."""
    try:
        return requirements(intervals, cfg, calendar)
    except ValueError as exc:
        raise named_error(queue, InputError(str(exc))) from None


def staff_queues(intervals: pd.DataFrame, config: Config,
                 special_days: str | None = None) -> pd.DataFrame:
    """Requirements per queue for an interval forecast with a `queue` column, the
    `queue` column in front, queues in sorted order."""
    parts = []
    for queue, frame in intervals.groupby("queue", sort=True):
        own = config_for_queue(config, str(queue))
        part = staff_queue(frame.drop(columns="queue"), own, str(queue),
                           calendar_from_config(own, special_days))
        part.insert(0, "queue", queue)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def plan_job(job: QueueJob) -> tuple[ForecastResult, pd.DataFrame]:
    """One queue forecast and staffed in one task (a Dask worker does both)."""
    result = forecast_job(job)
    return result, staff_queue(result.intervals, job.config, job.queue, job.calendar)


def rollup_requirements(req: pd.DataFrame) -> pd.DataFrame:
    """Per interval over all queues (and channels): volume, agents and staff added up;
    AHT and ASA weighted by volume, service level by volume, occupancy by agents. Columns
    a requirements file read back may lack (agents, service figures) count as unknown."""
    defaults = {"agents": 0, "service_level": np.nan, "asa_seconds": np.nan,
                "occupancy": 0.0, "open": True}
    missing = [c for c in defaults if c not in req]
    req = req.assign(**{c: defaults[c] for c in missing})
    calls = req["volume"].where(req["open"], 0.0)
    frame = req.assign(
        work=req["volume"] * req["aht_seconds"],
        # weighted by the calls; an interval nobody answers keeps its infinite ASA
        sl_w=(req["service_level"] * calls).where(calls > 0, 0.0),
        asa_w=(req["asa_seconds"] * calls).where(calls > 0, 0.0),
        occ_w=req["occupancy"] * req["agents"],
        open_volume=req["volume"].where(req["open"], 0.0))
    grouped = frame.groupby("interval_start", sort=True)
    out = grouped[["volume", "agents", "staff", "work", "sl_w", "asa_w", "occ_w",
                   "open_volume"]].sum()
    out["open"] = grouped["open"].any()
    with np.errstate(all="ignore"):
        out["aht_seconds"] = np.where(out["volume"] > 0, out["work"] / out["volume"], np.nan)
        served = out["open_volume"]
        out["service_level"] = np.where(served > 0, out["sl_w"] / served,
                                        np.where(out["open"], 1.0, np.nan))
        out["asa_seconds"] = np.where(served > 0, out["asa_w"] / served,
                                      np.where(out["open"], 0.0, np.nan))
        out["occupancy"] = np.where(out["agents"] > 0, out["occ_w"] / out["agents"], 0.0)
    for col in missing:  # unknown in, unknown out
        if col in ("service_level", "asa_seconds"):
            out[col] = np.nan
    out["queues"] = grouped["queue"].nunique()
    out = out.reset_index()
    return out[["interval_start", "volume", "aht_seconds", "agents", "staff",
                "service_level", "asa_seconds", "occupancy", "queues", "open"]]


def pooled_agents(req: pd.DataFrame, config: Config, interval_minutes: int) -> pd.DataFrame:
    """Per interval: the agents and staff one pooled team would need for all the queues'
    calls (inside each queue's hours) at the centre's [service] goal, answer time,
    occupancy cap, shrinkage and staffing model; handle time weighted by calls. Voice
    queues only: a pool of chat or e-mail work is not sized here."""
    svc = config.service
    calls = req["volume"].where(req["open"], 0.0)
    frame = pd.DataFrame({"interval_start": req["interval_start"], "calls": calls,
                          "work": calls * req["aht_seconds"], "open": req["open"]})
    grouped = frame.groupby("interval_start", sort=True)
    total = grouped[["calls", "work"]].sum()
    staffed = grouped["open"].any().to_numpy()
    c = total["calls"].to_numpy()
    aht = np.divide(total["work"].to_numpy(), c, out=np.full(len(c), svc["aht_seconds"]),
                    where=c > 0)
    patience = svc["patience_seconds"] if svc["staffing_model"] == "erlang_a" else None
    agents = required_agents(c, aht, interval_minutes * 60.0, svc["goal"],
                             svc["answer_seconds"], svc["max_occupancy"], patience)
    agents = np.where(staffed, np.maximum(agents, svc["min_agents"]), 0)
    staff = np.ceil(agents / (1.0 - svc["shrinkage"]) - 1e-9).astype(int)
    return pd.DataFrame({"interval_start": total.index, "pooled_agents": agents,
                         "pooled_staff": staff})


def staffing_summary(req: pd.DataFrame, config: Config) -> list[str]:
    """The staffing stage in a planner's words: the goal, peak agents and staff, agent- and
    staff-hours and the service level over open intervals (weighted by volume); with
    queues, also what one pooled team would need."""
    svc = config.service
    hours = config.centre["interval_minutes"] / 60.0
    goal = f"{svc['staffing_model']} for {svc['goal']:.0%} in {svc['answer_seconds']:g} s"
    pooled = None
    if "queue" in req:
        goal = f"{req['queue'].nunique()} queues, each for its own goal"
        pooled = pooled_agents(req, config, config.centre["interval_minutes"])
        req = rollup_requirements(req)
    open_rows = req[req["open"]]
    offered = open_rows["volume"].sum()
    sl = (open_rows["service_level"] * open_rows["volume"]).sum() / offered if offered else 1.0
    lines = [f"staffing: {goal}, peak {int(req['agents'].max())} agents / "
             f"{int(req['staff'].max())} staff, {req['agents'].sum() * hours:,.0f} "
             f"agent-hours, {req['staff'].sum() * hours:,.0f} staff-hours, service level "
             f"{sl:.1%}"]
    if pooled is not None:
        dedicated = req["agents"].sum()
        saved = 1 - pooled["pooled_agents"].sum() / dedicated if dedicated else 0.0
        lines.append(f"pooled: one team taking every queue for {svc['goal']:.0%} in "
                     f"{svc['answer_seconds']:g} s would need "
                     f"{pooled['pooled_agents'].sum() * hours:,.0f} agent-hours ({saved:.0%} "
                     "fewer than dedicated queues)")
    return lines
