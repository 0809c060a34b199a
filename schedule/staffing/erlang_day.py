"""Erlang A through the day: the M/M/n+M queue solved interval by interval with the calls
still queued at the end of one interval carried into the next.

The classic figures treat every interval as if it had run forever at its own load
(stationary). A real day does not: a queue built before a shift change is still there
after it, and a morning that starts empty begins better than steady state. Here the
number of calls in the system is a birth-death chain (arrivals at the interval's rate,
departures min(N, n)/AHT + max(N - n, 0)/patience), started empty each day (or from the
night before in a 24-hour centre) and stepped by uniformisation, all days side by side.
Poisson arrivals see the time average of the state, and what an arrival then gets
(answered in time, abandoned, its wait) follows from the same conditional formulas as
the stationary Erlang A (`wfm.schedule.staffing.erlang.queued_caller`), for the agents on duty.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from wfm.schedule.staffing.erlang import queued_caller


def _arrival_outcomes(n: np.ndarray, aht: np.ndarray, patience: float, answer_seconds: float,
                      size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row (n agents, AHT) and per state N: P(answered within the answer time),
    P(answered) and the mean wait if answered, for an arrival that finds N in the system."""
    states = np.arange(size, dtype=float)[None, :]
    n_, h = n[:, None].astype(float), aht[:, None]
    queued = states >= n_
    k = np.maximum(states - n_ + 1.0, 1.0)  # its place in the queue
    x = np.maximum(n_ * patience / h, 1e-12)
    served, within, mean_wait = queued_caller(x, k, patience, answer_seconds)
    served = np.where(queued, served, 1.0)
    in_time = np.where(queued, served * within, 1.0)
    wait = np.where(queued, mean_wait, 0.0)
    none = n_ == 0
    return (np.where(none, 0.0, in_time), np.where(none, 0.0, served),
            np.where(none, 0.0, wait))


def _uniformised(state: np.ndarray, births: np.ndarray, deaths: np.ndarray, seconds: float
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Rows of a birth-death chain stepped `seconds` ahead: the end state and its time
    average, both from the same powers of the uniformised chain."""
    exits = births + deaths
    rate = float(exits.max()) or 1.0
    lam = rate * seconds
    steps = int(lam + 8.0 * np.sqrt(lam) + 20)
    weights = stats.poisson.pmf(np.arange(steps + 1), lam)
    beyond = stats.poisson.sf(np.arange(steps + 1), lam)  # P(more than k jumps)
    stay = 1.0 - exits / rate
    up, down = births / rate, deaths / rate
    v = state.copy()
    end = weights[0] * v
    mean = beyond[0] * v
    for j in range(1, steps + 1):
        nxt = v * stay
        nxt[:, 1:] += v[:, :-1] * up[:, :-1]
        nxt[:, :-1] += v[:, 1:] * down[:, 1:]
        v = nxt
        end += weights[j] * v
        mean += beyond[j] * v
    return end, mean / lam


def erlang_a_through_day(plan: pd.DataFrame, interval_seconds: float, answer_seconds: float,
                         patience_seconds: float) -> pd.DataFrame:
    """Per interval of `plan` (`interval_start`, `volume`, `aht_seconds`, `agents`):
    service level and abandonment (shares of arrivals) and ASA of answered calls, with
    the queue carried from each interval into the next. A day starts empty unless the
    day before ran up to midnight (a 24-hour centre): then it starts from that day's
    last state, found by a first pass."""
    starts = pd.DatetimeIndex(plan["interval_start"])
    day = starts.normalize()
    slot = np.asarray((starts - day) / pd.Timedelta(seconds=interval_seconds)).astype(int)
    row, days = pd.factorize(day, sort=True)
    n_slots = int(slot.max()) + 1 if len(slot) else 0
    shape = (len(days), n_slots)
    calls, agents, aht = np.zeros(shape), np.zeros(shape, dtype=int), np.full(shape, 1.0)
    calls[row, slot] = plan["volume"].to_numpy(dtype=float)
    agents[row, slot] = np.rint(plan["agents"].to_numpy(dtype=float)).astype(int)
    h = plan["aht_seconds"].to_numpy(dtype=float)
    aht[row, slot] = np.where(np.isfinite(h) & (h > 0), h, 1.0)
    covered = np.zeros(shape, dtype=bool)
    covered[row, slot] = True
    rate = calls / interval_seconds
    queue = rate * patience_seconds
    size = int(np.max(agents + queue + 8.0 * np.sqrt(queue + 1.0), initial=0) + 20)
    empty = np.zeros((len(days), size))
    empty[:, 0] = 1.0
    carried = np.zeros(len(days), dtype=bool)
    if n_slots * interval_seconds >= 86_400:
        busy_at_midnight = covered[:-1, -1] & ((calls[:-1, -1] > 0) | (agents[:-1, -1] > 0))
        next_day = np.asarray(days[1:] - days[:-1] == pd.Timedelta(days=1))
        carried[1:] = next_day & covered[1:, 0] & busy_at_midnight
    figures, last = _days(empty, rate, agents, aht, interval_seconds, answer_seconds,
                          patience_seconds)
    if carried.any():
        start = empty.copy()
        start[1:][carried[1:]] = last[:-1][carried[1:]]
        figures, _ = _days(start, rate, agents, aht, interval_seconds, answer_seconds,
                           patience_seconds)
    return pd.DataFrame({"interval_start": plan["interval_start"].to_numpy(),
                         **{k: v[row, slot] for k, v in figures.items()}})


def _days(state: np.ndarray, rate: np.ndarray, agents: np.ndarray, aht: np.ndarray,
          interval_seconds: float, answer_seconds: float, patience_seconds: float
          ) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Every day (a row) stepped slot by slot from `state`: the figures per day and slot,
    and each day's state at its end."""
    size = state.shape[1]
    figures = {k: np.zeros(rate.shape) for k in ("service_level", "abandonment", "asa")}
    states = np.arange(size)[None, :]
    for s in range(rate.shape[1]):
        n = agents[:, s][:, None]
        births = np.repeat(rate[:, s][:, None], size, axis=1)
        births[:, -1] = 0.0
        deaths = np.minimum(states, n) / aht[:, s][:, None] + \
            np.maximum(states - n, 0) / patience_seconds
        state, seen = _uniformised(state, births, deaths, interval_seconds)
        seen /= np.maximum(seen.sum(axis=1, keepdims=True), 1e-300)
        in_time, answered, wait = _arrival_outcomes(agents[:, s], aht[:, s], patience_seconds,
                                                    answer_seconds, size)
        p_answered = (seen * answered).sum(axis=1)
        figures["service_level"][:, s] = (seen * in_time).sum(axis=1)
        figures["abandonment"][:, s] = 1.0 - p_answered
        figures["asa"][:, s] = np.where(
            p_answered > 0, (seen * answered * wait).sum(axis=1) / np.maximum(p_answered,
                                                                              1e-300), 0.0)
    return figures, state
