"""Discrete-event simulation of a staffing plan: the check that Erlang's assumptions hold.

Calls arrive (Poisson from the interval forecast, or replayed from contact records), wait
first come first served for the next free agent, and hang up if their wait would exceed
their patience. Agents per interval come from the plan; when the plan drops agents at an
interval boundary, the agents who free up first go home (after their current call).

The core is the FCFS free-agent recursion: a call starts when the earliest agent is free,
so one heap of agents' free times replaces a full event list, which is why it is fast.
"""

from __future__ import annotations

import heapq
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import t as student_t

from wfm.core.clock import localize
from wfm.schedule.staffing.agents import agents_on_phones, offered_load
from wfm.schedule.staffing.erlang import erlang_a, erlang_c_asa, erlang_c_service_level


@dataclass(frozen=True)
class Calls:
    """Arrival times (seconds from the plan start), handle and patience seconds, sorted."""

    arrival: np.ndarray
    handle: np.ndarray
    patience: np.ndarray


def poisson_calls(volume: np.ndarray, aht: np.ndarray, interval_seconds: float,
                  patience_seconds: float | None, rng: np.random.Generator,
                  handle_pool: np.ndarray | None = None) -> Calls:
    """Poisson arrivals at each interval's rate; exponential (or resampled) handle times."""
    counts = rng.poisson(np.maximum(volume, 0.0))
    idx = np.repeat(np.arange(len(volume)), counts)
    arrival = (idx + rng.random(idx.size)) * interval_seconds
    order = np.argsort(arrival, kind="stable")
    arrival, idx = arrival[order], idx[order]
    if handle_pool is not None and handle_pool.size:
        handle = rng.choice(handle_pool, size=idx.size) * (aht[idx] / handle_pool.mean())
    else:
        handle = rng.exponential(1.0, idx.size) * aht[idx]
    patience = (np.full(idx.size, np.inf) if patience_seconds is None
                else rng.exponential(patience_seconds, idx.size))
    return Calls(arrival=arrival, handle=handle, patience=patience)


def run_queue(calls: Calls, agents: np.ndarray, interval_seconds: float) -> dict[str, np.ndarray]:
    """One replication: each call's wait, whether it was served, and its service start."""
    n_calls = calls.arrival.size
    start = np.full(n_calls, np.nan)
    served = np.zeros(n_calls, dtype=bool)
    free: list[float] = []  # heap of times at which agents on shift are free
    boundaries = np.arange(len(agents) + 1) * interval_seconds
    on_shift = 0
    k = 0  # next interval boundary to apply
    arrival, handle, patience = calls.arrival, calls.handle, calls.patience
    heappush, heappop, heapreplace = heapq.heappush, heapq.heappop, heapq.heapreplace

    def shift_change(k: int) -> None:
        nonlocal on_shift
        target, t = int(agents[k]), boundaries[k]
        while on_shift < target:
            heappush(free, t)
            on_shift += 1
        while on_shift > target:
            heappop(free)  # the agent who frees up first goes home
            on_shift -= 1

    n_bounds = len(agents)
    inf = float("inf")
    for i in range(n_calls):
        a = arrival[i]
        while k < n_bounds and boundaries[k] <= a:
            shift_change(k)
            k += 1
        begin = (free[0] if free[0] > a else a) if free else inf
        # Staffing changes before the call would be answered: agents who join while it
        # waits can take it (a call is never held for an agent already busy).
        while k < n_bounds and boundaries[k] <= begin and boundaries[k] - a <= patience[i]:
            shift_change(k)
            k += 1
            begin = (free[0] if free[0] > a else a) if free else inf
        if not free or begin - a > patience[i]:
            continue  # nobody on shift, or the caller hangs up first
        heapreplace(free, begin + handle[i])
        start[i] = begin
        served[i] = True
    return {"start": start, "served": served}


def _busy_seconds(start: np.ndarray, end: np.ndarray, n_intervals: int,
                  interval_seconds: float) -> np.ndarray:
    """Agent-seconds spent on calls inside each interval.

    Busy time up to t is sum over calls started before t of (t - start), less the same
    over calls ended before t; both come from sorted times and prefix sums.
    """
    grid = np.arange(n_intervals + 1) * interval_seconds

    def before(times: np.ndarray) -> np.ndarray:
        times = np.sort(times)
        prefix = np.concatenate([[0.0], np.cumsum(times)])
        count = np.searchsorted(times, grid, side="left")
        return count * grid - prefix[count]

    return np.diff(before(start) - before(end))


@dataclass(frozen=True)
class SimulationResult:
    """Per-interval and overall KPIs with 95% confidence intervals over replications."""

    intervals: pd.DataFrame
    summary: pd.DataFrame
    replications: int
    calls_simulated: int


# the values each figure can take: its 95% interval is cut to them (a t-interval over a
# few replications can otherwise reach a service level above 100% or an ASA below 0 s)
RANGES = {"service_level": (0.0, 1.0), "asa_seconds": (0.0, np.inf),
          "abandonment": (0.0, 1.0), "occupancy": (0.0, 1.0)}


def _ci(values: np.ndarray, bounds: tuple[float, float] = (-np.inf, np.inf)
        ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean and 95% t-interval over replications (axis 0), ignoring NaN, the interval cut
    to `bounds` (the values the figure can take).

    Intervals with no calls give NaN quietly (numpy would warn about empty means).
    """
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(values, axis=0)
        count = np.sum(~np.isnan(values), axis=0)
        sd = np.nanstd(values, axis=0, ddof=1) if values.shape[0] > 1 else np.zeros_like(mean)
        # the t distribution's 97.5% point with count - 1 degrees of freedom, any count
        t = np.where(count > 1, student_t.ppf(0.975, np.maximum(count - 1, 1)), np.nan)
        half = t * sd / np.sqrt(np.maximum(count, 1))
        lo, hi = np.clip(mean - half, *bounds), np.clip(mean + half, *bounds)
    return mean, lo, hi


def simulate(plan: pd.DataFrame, *, interval_seconds: float, answer_seconds: float,
             patience_seconds: float | None, replications: int = 10, seed: int = 0,
             contacts: Calls | None = None, handle_pool: np.ndarray | None = None,
             progress=None) -> SimulationResult:
    """Simulate a plan (`interval_start`, `volume`, `aht_seconds`, `agents`) many times."""
    if replications < 2:
        raise ValueError("replications must be 2 or more for a confidence interval")
    n = len(plan)
    volume = plan["volume"].to_numpy(dtype=float)
    aht = plan["aht_seconds"].to_numpy(dtype=float)
    agents = plan["agents"].to_numpy(dtype=float)
    rng = np.random.default_rng(seed)
    per = {k: np.full((replications, n), np.nan) for k in
           ("service_level", "asa_seconds", "abandonment", "occupancy", "offered")}
    overall = {k: np.zeros(replications) for k in
               ("service_level", "asa_seconds", "abandonment", "occupancy")}
    total_calls = 0
    for r in range(replications):
        if progress:
            progress(r, replications, f"replication {r + 1}")
        if contacts is None:
            calls = poisson_calls(volume, aht, interval_seconds, patience_seconds, rng,
                                  handle_pool)
        else:
            p = (np.full(contacts.arrival.size, np.inf) if patience_seconds is None
                 else rng.exponential(patience_seconds, contacts.arrival.size))
            calls = Calls(contacts.arrival, contacts.handle, p)
        total_calls += calls.arrival.size
        res = run_queue(calls, agents, interval_seconds)
        wait = res["start"] - calls.arrival
        slot = np.minimum((calls.arrival // interval_seconds).astype(int), n - 1)
        offered = np.bincount(slot, minlength=n).astype(float)
        in_time = np.bincount(slot, weights=(res["served"] & (wait <= answer_seconds + 1e-9)),
                              minlength=n)
        served = np.bincount(slot, weights=res["served"], minlength=n)
        wait_sum = np.bincount(slot, weights=np.where(res["served"], wait, 0.0), minlength=n)
        ok = res["served"]
        busy = _busy_seconds(res["start"][ok], res["start"][ok] + calls.handle[ok], n,
                             interval_seconds)
        capacity = agents * interval_seconds
        with np.errstate(all="ignore"):
            per["offered"][r] = offered
            per["service_level"][r] = np.where(offered > 0, in_time / offered, np.nan)
            per["asa_seconds"][r] = np.where(served > 0, wait_sum / served, np.nan)
            per["abandonment"][r] = np.where(offered > 0, 1 - served / offered, np.nan)
            per["occupancy"][r] = np.where(capacity > 0, busy / capacity, np.nan)
        tot = offered.sum()
        overall["service_level"][r] = in_time.sum() / tot if tot else np.nan
        overall["asa_seconds"][r] = wait_sum.sum() / served.sum() if served.sum() else np.nan
        overall["abandonment"][r] = 1 - served.sum() / tot if tot else np.nan
        overall["occupancy"][r] = busy.sum() / capacity.sum() if capacity.sum() else np.nan
    if progress:
        progress(replications, replications, "done")
    frame = pd.DataFrame({"interval_start": plan["interval_start"].to_numpy(),
                          "agents": agents})
    frame["offered"] = per["offered"].mean(axis=0)
    for key in ("service_level", "asa_seconds", "abandonment", "occupancy"):
        mean, lo, hi = _ci(per[key], RANGES[key])
        frame[key], frame[f"{key}_lo"], frame[f"{key}_hi"] = mean, lo, hi
    rows = []
    for key in ("service_level", "asa_seconds", "abandonment", "occupancy"):
        mean, lo, hi = _ci(overall[key][:, None], RANGES[key])
        rows.append({"kpi": key, "value": float(mean[0]), "lo": float(lo[0]),
                     "hi": float(hi[0])})
    return SimulationResult(intervals=frame, summary=pd.DataFrame(rows),
                            replications=replications, calls_simulated=total_calls)


def load_plan(path, timezone: str = "UTC", shrinkage: float = 0.0) -> pd.DataFrame:
    """A staffing plan to simulate: requirements.csv (`agents`) or a roster's coverage.csv
    (`scheduled`: the people on the floor, of whom the share `shrinkage` is taken off the
    phones, as the roster figures its own service level).

    Needs `interval_start`, `volume` and the agents per interval; `aht_seconds` is
    optional (the config default fills it).
    """
    from wfm.core.csvin import (
        MOST_CONTACTS,
        parse_instants,
        parse_numbers,
        read_csv_text,
    )
    from wfm.core.errors import InputError

    p = Path(path)
    frame = read_csv_text(p, "interval_start,volume,aht_seconds,agents")
    agents_col = "scheduled" if "scheduled" in frame.columns else "agents"
    for col in ("interval_start", "volume", agents_col):
        if col not in frame.columns:
            raise InputError(f"missing column '{col}' (expected requirements.csv with "
                             "interval_start, volume, aht_seconds, agents, or a roster's "
                             "coverage.csv)", file=p, row=0, column=col)
    starts, _ = parse_instants(frame["interval_start"], p, "interval_start", timezone)
    agents = parse_numbers(frame[agents_col], p, agents_col,
                           what="a whole number of agents >= 0")
    if agents_col == "scheduled":  # the roster's own reckoning of who is on the phones
        agents = agents_on_phones(agents, shrinkage)
    plan = pd.DataFrame({
        "interval_start": starts,
        "volume": parse_numbers(frame["volume"], p, "volume", what="a volume >= 0",
                                most=MOST_CONTACTS),
        "agents": agents,
    })
    if "aht_seconds" in frame.columns:
        plan["aht_seconds"] = parse_numbers(frame["aht_seconds"], p, "aht_seconds",
                                            allow_empty=True, what="seconds > 0")
    return plan.sort_values("interval_start").reset_index(drop=True)


def replay_calls(contacts: pd.DataFrame, plan_start: pd.Timestamp, n_intervals: int,
                 interval_seconds: float, handle_pool: np.ndarray,
                 rng: np.random.Generator) -> Calls:
    """Arrivals replayed from contact records (their wall-clock times put on the plan's
    real clock); abandoned calls get a resampled handle time."""
    stamps = pd.DatetimeIndex(contacts["timestamp"])
    if plan_start.tzinfo is not None:
        stamps = localize(stamps, plan_start.tzinfo)
    t = (stamps - plan_start).total_seconds().to_numpy()
    keep = (t >= 0) & (t < n_intervals * interval_seconds)
    t = t[keep]
    handle = contacts["handle_seconds"].to_numpy(dtype=float)[keep]
    served_handle = contacts["outcome"].to_numpy()[keep] == "answered"
    missing = ~served_handle | ~np.isfinite(handle)
    if handle_pool.size:
        handle[missing] = rng.choice(handle_pool, size=int(missing.sum()))
    order = np.argsort(t, kind="stable")
    return Calls(arrival=t[order], handle=handle[order], patience=np.full(t.size, np.inf))


def erlang_reference(plan: pd.DataFrame, interval_seconds: float, answer_seconds: float,
                     patience: float | None) -> dict:
    """Erlang C and Erlang A figures for the same plan, per interval and overall."""
    n = plan["agents"].to_numpy(dtype=float)
    vol = plan["volume"].to_numpy(dtype=float)
    aht = plan["aht_seconds"].to_numpy(dtype=float)
    load = offered_load(vol, aht, interval_seconds)
    c_sl = erlang_c_service_level(n, load, aht, answer_seconds)
    c_asa = erlang_c_asa(n, load, aht)
    a = erlang_a(n, load, aht, np.full(len(n), patience or np.inf), answer_seconds)
    weight = vol / vol.sum() if vol.sum() > 0 else np.zeros(len(vol))
    answered = vol * (1 - a["abandonment"])

    def wmean(values: np.ndarray, w: np.ndarray) -> float:
        ok = np.isfinite(values) & (w > 0)
        return float((values[ok] * w[ok]).sum() / w[ok].sum()) if ok.any() else float("nan")

    summary = pd.DataFrame({
        "kpi": ["service_level", "asa_seconds", "abandonment"],
        "erlang_c": [wmean(c_sl, weight), wmean(c_asa, vol), 0.0],
        "erlang_a": [wmean(a["service_level"], weight), wmean(a["asa"], answered),
                     wmean(a["abandonment"], weight)],
    })
    return {"intervals": {"erlang_c_service_level": c_sl,
                          "erlang_a_service_level": a["service_level"],
                          "erlang_a_abandonment": a["abandonment"]},
            "summary": summary}
