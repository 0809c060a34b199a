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
the stationary Erlang A (`wfm.schedule.staffing.erlang.place_waits`, `place_within`), for
the agents on duty.

Speed: uniformisation takes about (largest exit rate x interval) steps, here a thousand or
more per interval; they are taken eight at a time as one banded product (`_uniformised`),
each interval's chain is cut where its probability ends (checked, see `_slot`), and days
with no calls and nobody waiting are not stepped at all.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view
from scipy import stats

from wfm.schedule.staffing.erlang import place_waits, place_within

_BLOCK = 8  # uniformisation steps per banded product
_EMPTY = 1e-30  # probability of anyone in the system below which a quiet day is left alone
_CUT = 1e-20  # state probability below which the top of the chain is cut off
_LEAK = 1e-14  # most expected arrivals turned away at the cut before it is moved up


def _arrival_outcomes(n: np.ndarray, aht: np.ndarray, patience: float, answer_seconds: float,
                      size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row (n agents, AHT) and per state N: P(answered within the answer time),
    P(answered) and the mean wait if answered, for an arrival that finds N in the system."""
    states = np.arange(size)[None, :]
    n_ = n[:, None]
    queued = states >= n_
    x = np.maximum(n * patience / aht, 1e-12)
    places = max(size - int(n.min()), 1)
    served, mean_wait = place_waits(x, places, patience)
    within = place_within(x, places, patience, answer_seconds)
    k = np.clip(states - n_, 0, places - 1)  # its place in the queue, less one
    served = np.where(queued, np.take_along_axis(served, k, axis=1), 1.0)
    in_time = np.where(queued, served * np.take_along_axis(within, k, axis=1), 1.0)
    wait = np.where(queued, np.take_along_axis(mean_wait, k, axis=1), 0.0)
    none = n_ == 0
    return (np.where(none, 0.0, in_time), np.where(none, 0.0, served),
            np.where(none, 0.0, wait))


def _uniformised(state: np.ndarray, births: np.ndarray, deaths: np.ndarray, seconds: float
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Rows of a birth-death chain stepped `seconds` ahead: the end state and its time
    average, both from the powers v P^j of the uniformised chain P, weighted by Poisson
    probabilities. Every term is positive (no cancellation). The powers are taken
    _BLOCK at a time through P^_BLOCK (banded); sum_j c_j v P^j is then
    sum_r (sum_i c_(8i+r) v P^(8i)) P^r, the inner sums one matrix product."""
    exits = births + deaths
    rate = float(exits.max()) or 1.0
    lam = rate * seconds
    steps = int(lam + 8.0 * np.sqrt(lam) + 20)
    j = np.arange(steps + 1)
    weights = stats.poisson.pmf(j, lam)
    below = stats.poisson.cdf(j, lam)  # P(at most j jumps); the time average wants 1 - it
    rows, size = state.shape
    length = rows * size
    stay = (1.0 - exits / rate).ravel()
    up = (births / rate).ravel()  # a row's last state has no births, its first no deaths,
    down = (deaths / rate).ravel()  # so the rows laid end to end never mix
    m = _BLOCK
    band = _banded_power(stay, up, down, m)
    blocks = steps // m + 1
    powers = np.zeros((blocks, length + 2 * m))
    powers[0, m:m + length] = state.ravel()
    # windows[i, k, l] = powers[i, l + k]: v P^m is sum_k band[k] * windows[i, k]
    windows = sliding_window_view(powers, length, axis=1)
    for i in range(1, blocks):
        powers[i, m:m + length] = np.einsum("kl,kl->l", windows[i - 1], band)
    powers = powers[:, m:m + length]
    # coefficients of v P^(m i + r): Poisson weights (end), P(more than m i + r jumps) (mean);
    # both are negligible below `first`, so only the blocks from there are multiplied
    first = int(np.argmax(below > 1e-20)) // m
    at = np.arange(first, blocks)[None, :] * m + np.arange(m)[:, None]
    inside = at <= steps
    coef = np.zeros((2 * m, blocks - first))
    coef[:m][inside] = weights[at[inside]]
    coef[m:][inside] = 1.0 - below[at[inside]]
    sums = coef @ powers[first:]
    sums[m:] += powers[:first].sum(axis=0)
    acc = sums[[m - 1, 2 * m - 1]]
    for r in range(m - 2, -1, -1):
        nxt = acc * stay
        nxt[:, 1:] += acc[:, :-1] * up[:-1]
        nxt[:, :-1] += acc[:, 1:] * down[1:]
        acc = nxt + sums[[r, m + r]]
    return acc[0].reshape(rows, size), acc[1].reshape(rows, size) / lam


def _banded_power(stay: np.ndarray, up: np.ndarray, down: np.ndarray, m: int) -> np.ndarray:
    """P^m of the tridiagonal chain P (stay on the diagonal, up/down to the next/previous
    state) by diagonals: (v P^m)_i = sum_k band[k, i] v[i + k - m], k = 0..2m."""
    length = len(stay)
    from_below = np.concatenate([[0.0], up[:-1]])  # P(i - 1 -> i)
    from_above = np.concatenate([down[1:], [0.0]])  # P(i + 1 -> i)
    band, nxt = np.zeros((2 * m + 3, length + 2)), np.zeros((2 * m + 3, length + 2))
    band[m + 1, 1:-1] = 1.0
    scratch = np.empty((2 * m + 1, length))
    for t in range(m):  # P^(t + 1) = P^t P, its band one wider each side
        lo, hi = m - t, m + t + 3
        out, tmp = nxt[lo:hi, 1:-1], scratch[:hi - lo]
        np.multiply(band[lo + 1:hi + 1, :-2], from_below, out=out)
        out += np.multiply(band[lo:hi, 1:-1], stay, out=tmp)
        out += np.multiply(band[lo - 1:hi - 1, 2:], from_above, out=tmp)
        band, nxt = nxt, band
    return band[1:-1, 1:-1]


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
    and each day's state at its end. A day with no calls in the slot and (to _EMPTY)
    nobody in the system stays as it is: with agents every arrival would be answered at
    once, without, none."""
    state = state.copy()
    figures = {k: np.zeros(rate.shape) for k in ("service_level", "abandonment", "asa")}
    for s in range(rate.shape[1]):
        n = agents[:, s]
        busy = np.flatnonzero((rate[:, s] > 0) | (state[:, 1:].sum(axis=1) > _EMPTY))
        figures["service_level"][:, s] = n > 0
        figures["abandonment"][:, s] = n == 0
        if not busy.size:
            continue
        end, seen = _slot(state[busy], rate[busy, s], n[busy], aht[busy, s], interval_seconds,
                          patience_seconds)
        state[busy] = end
        seen /= np.maximum(seen.sum(axis=1, keepdims=True), 1e-300)
        in_time, answered, wait = _arrival_outcomes(n[busy], aht[busy, s], patience_seconds,
                                                    answer_seconds, seen.shape[1])
        p_answered = (seen * answered).sum(axis=1)
        figures["service_level"][busy, s] = (seen * in_time).sum(axis=1)
        figures["abandonment"][busy, s] = 1.0 - p_answered
        figures["asa"][busy, s] = np.where(
            p_answered > 0, (seen * answered * wait).sum(axis=1) / np.maximum(p_answered,
                                                                              1e-300), 0.0)
    return figures, state


def _slot(state: np.ndarray, rate: np.ndarray, agents: np.ndarray, aht: np.ndarray,
          seconds: float, patience: float) -> tuple[np.ndarray, np.ndarray]:
    """Rows (days) through one slot: the end state (full width) and the time average
    over the states kept. The chain is cut past both the start's probability (_CUT) and
    the slot's stationary distribution (to _CUT of its peak); an arrival turned away at
    the cut is the only way the cut chain and the full one can part, so the cut is moved
    up until the expected number turned away (rate x seconds x time at the cut) is < _LEAK."""
    full = state.shape[1]
    index = np.arange(full)
    occupied = np.where(state > _CUT, index, 0).max(axis=1)
    deaths = (np.minimum(index[None, 1:], agents[:, None]) / aht[:, None]
              + np.maximum(index[None, 1:] - agents[:, None], 0) / patience)
    with np.errstate(divide="ignore"):
        log_pi = np.cumsum(np.log(rate)[:, None] - np.log(deaths), axis=1)
    log_pi = np.concatenate([np.zeros((len(rate), 1)), log_pi], axis=1)
    spread = np.where(log_pi >= log_pi.max(axis=1, keepdims=True) + np.log(_CUT), index, 0)
    size = int(min(full, max(occupied.max() + 8, spread.max() + 2)))
    while True:
        states = index[None, :size]
        n = agents[:, None]
        births = np.repeat(rate[:, None], size, axis=1)
        births[:, -1] = 0.0
        deaths = np.minimum(states, n) / aht[:, None] + np.maximum(states - n, 0) / patience
        end, seen = _uniformised(state[:, :size], births, deaths, seconds)
        if size == full or (rate * seconds * seen[:, -1]).max() < _LEAK:
            break
        size = min(full, 2 * size)
    out = np.zeros(state.shape)
    out[:, :size] = end
    return out, seen
