"""Agents needed per interval for the service goal: Erlang C, or Erlang A where callers abandon.

The stable public API (other code and notebooks call it):

    from wfm.schedule.staffing.agents import required_agents, service_level

Both take arrays (or scalars) and work on every interval at once. Zero-volume and closed
intervals need 0 agents. An occupancy cap that lands exactly on a whole number of agents
is not rounded up.
"""

from __future__ import annotations

import numpy as np

from wfm.schedule.staffing.erlang import (
    erlang_a,
    erlang_a_service_level,
    erlang_c_asa,
    erlang_c_service_level,
)

_EPS = 1e-9


def _check(calls: np.ndarray, aht: np.ndarray, interval_seconds: float, *,
           goal: float | None = None, answer_seconds: float = 0.0,
           max_occupancy: float | None = None, patience: np.ndarray | None = None) -> None:
    """Reject inputs no queue can have, with a message a planner can act on."""
    if np.any(~np.isfinite(calls)) or np.any(calls < 0):
        raise ValueError("calls must be finite and >= 0")
    if np.any(~np.isfinite(aht) & (calls > 0)) or np.any((aht <= 0) & (calls > 0)):
        raise ValueError("aht_seconds must be > 0 wherever there are calls")
    if not interval_seconds > 0:
        raise ValueError("interval_seconds must be > 0")
    if goal is not None and not 0 < goal < 1:
        raise ValueError(f"goal must be a share between 0 and 1, got {goal}")
    if not answer_seconds >= 0:
        raise ValueError(f"answer_seconds must be >= 0, got {answer_seconds}")
    if max_occupancy is not None and not 0 < max_occupancy <= 1:
        raise ValueError(f"max_occupancy must be in (0, 1], got {max_occupancy}")
    if patience is not None and np.any(~(patience > 0)):
        raise ValueError("patience_seconds must be > 0")


def agents_on_phones(staff, shrinkage: float) -> np.ndarray:
    """Whole agents on the phones among `staff` people on the floor, after the share
    `shrinkage` is taken off (rounded down, with a hair of slack so 20 x 0.75 is 15)."""
    return np.floor(np.asarray(staff, dtype=float) * (1.0 - shrinkage) + 1e-9)


def offered_load(calls, aht_seconds, interval_seconds: float) -> np.ndarray:
    """Erlangs offered: calls x AHT / interval length (work arriving per second of time)."""
    calls = np.asarray(calls, dtype=float)
    aht = np.asarray(aht_seconds, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.where(calls > 0, calls * aht / interval_seconds, 0.0)


def service_level(agents, calls, aht_seconds, interval_seconds: float, answer_seconds: float,
                  patience_seconds=None) -> np.ndarray:
    """Share of calls answered within `answer_seconds` (Erlang A if patience is given)."""
    n, c, h = np.broadcast_arrays(np.asarray(agents, dtype=float),
                                  np.asarray(calls, dtype=float),
                                  np.asarray(aht_seconds, dtype=float))
    patience = None if patience_seconds is None else np.broadcast_to(
        np.asarray(patience_seconds, dtype=float), n.shape)
    _check(c, h, interval_seconds, answer_seconds=answer_seconds, patience=patience)
    if np.any(n < 0):
        raise ValueError("agents must be >= 0")
    load = offered_load(c, h, interval_seconds)
    safe_h = np.where(c > 0, h, 1.0)
    if patience is None:
        return erlang_c_service_level(n, load, safe_h, answer_seconds)
    return erlang_a_service_level(n, load, safe_h, patience, answer_seconds)


def occupancy_floor(load: np.ndarray, max_occupancy: float | None) -> np.ndarray:
    """Fewest agents keeping occupancy (load / agents) at or below the cap."""
    if max_occupancy is None:
        return np.zeros(load.shape)
    ratio = load / max_occupancy
    nearest = np.round(ratio)
    exact = np.abs(ratio - nearest) <= _EPS * np.maximum(1.0, ratio)
    return np.where(exact, nearest, np.ceil(ratio))


def required_agents(calls, aht_seconds, interval_seconds: float, goal: float,
                    answer_seconds: float, max_occupancy: float | None = None,
                    patience_seconds=None) -> np.ndarray:
    """Smallest whole number of agents per interval meeting the goal and occupancy cap."""
    c, h = np.broadcast_arrays(np.asarray(calls, dtype=float),
                               np.asarray(aht_seconds, dtype=float))
    patience = None if patience_seconds is None else np.broadcast_to(
        np.asarray(patience_seconds, dtype=float), c.shape)
    _check(c, h, interval_seconds, goal=goal, answer_seconds=answer_seconds,
           max_occupancy=max_occupancy, patience=patience)
    shape = c.shape
    c, h = c.ravel(), h.ravel()
    patience = None if patience is None else patience.ravel()
    load = offered_load(c, h, interval_seconds)
    safe_h = np.where(c > 0, h, 1.0)
    floor = occupancy_floor(load, max_occupancy)

    def sl(n: np.ndarray, rows: np.ndarray) -> np.ndarray:
        if patience is None:
            return erlang_c_service_level(n, load[rows], safe_h[rows], answer_seconds)
        return erlang_a_service_level(n, load[rows], safe_h[rows], patience[rows],
                                      answer_seconds)

    busy = np.flatnonzero(load > 0)
    result = np.zeros(len(c))
    if busy.size:
        # lower end: Erlang C needs more agents than Erlangs of load; Erlang A may need fewer
        # (no more than agents/load of the calls can be served, so Erlang A needs at least
        # goal x load agents)
        lo = (np.floor(load[busy]) + 1 if patience is None
              else np.maximum(np.ceil(goal * load[busy]) - 1, 0.0))
        lo = np.maximum(lo, floor[busy])
        ok = sl(lo, busy) >= goal
        result[busy[ok]] = lo[ok]
        rows, lo = busy[~ok], lo[~ok]
        # grow an upper end until it meets the goal, then bisect (SL rises with agents)
        step = np.maximum(np.ceil(np.sqrt(load[rows])), 1.0)
        hi = lo + step
        pending = np.ones(rows.size, dtype=bool)
        while pending.any():
            met = sl(hi[pending], rows[pending]) >= goal
            idx = np.flatnonzero(pending)
            lo[idx[~met]] = hi[idx[~met]]
            step[idx[~met]] *= 2
            hi[idx[~met]] += step[idx[~met]]
            pending[idx[met]] = False
        while np.any(hi - lo > 1):
            open_rows = np.flatnonzero(hi - lo > 1)
            mid = np.floor((lo[open_rows] + hi[open_rows]) / 2)
            met = sl(mid, rows[open_rows]) >= goal
            hi[open_rows[met]] = mid[met]
            lo[open_rows[~met]] = mid[~met]
        result[rows] = hi
    return result.astype(np.int64).reshape(shape)


def asa_seconds(agents, calls, aht_seconds, interval_seconds: float,
                patience_seconds=None) -> np.ndarray:
    """Average speed of answer of answered calls (Erlang C, or Erlang A with patience)."""
    n, c, h = np.broadcast_arrays(np.asarray(agents, dtype=float),
                                  np.asarray(calls, dtype=float),
                                  np.asarray(aht_seconds, dtype=float))
    load = offered_load(c, h, interval_seconds)
    safe_h = np.where(c > 0, h, 1.0)
    if patience_seconds is None:
        return erlang_c_asa(n, load, safe_h)
    p = np.broadcast_to(np.asarray(patience_seconds, dtype=float), n.shape)
    return erlang_a(n, load, safe_h, p, 0.0)["asa"]
