"""Erlang B, C and A queueing formulas, vectorised over intervals with numpy.

Everything is computed without factorials: Erlang B from the Poisson probability in log
space (or from a short convergent series where that would underflow), Erlang C from
Erlang B, and Erlang A (customers abandon, exponential patience) from the stationary
queue of the M/M/n+M model with the wait of a customer at queue position k written as
a regularised incomplete beta function (see `erlang_a`).

Units: `load` in Erlangs (calls x AHT / interval), times in seconds.
"""

from __future__ import annotations

import numpy as np
from scipy import special

_TINY = 1e-280
_FLUID_SPAN = 200_000  # queue lengths beyond which Erlang A uses its fluid limit


def erlang_b(agents: np.ndarray, load: np.ndarray) -> np.ndarray:
    """Blocking probability of M/M/n/n: (A^n/n!) / sum_k<=n (A^k/k!)."""
    n, a = np.broadcast_arrays(np.asarray(agents, dtype=float), np.asarray(load, dtype=float))
    out = np.ones(n.shape)
    live = a > 0
    with np.errstate(all="ignore"):
        log_pmf = special.xlogy(n, a) - a - special.gammaln(n + 1)
        cdf = special.pdtr(n, a)
        direct = live & (cdf > _TINY)
        out[direct] = np.exp(log_pmf[direct]) / cdf[direct]
    out[~live] = np.where(n[~live] > 0, 0.0, 1.0)
    rest = live & ~direct
    if rest.any():
        out[rest] = 1.0 / _inv_b_series(n[rest], a[rest])
    return np.clip(out, 0.0, 1.0)


def _inv_b_series(n: np.ndarray, a: np.ndarray) -> np.ndarray:
    """1/B = sum_j prod_{i<j} (n - i)/A, convergent where n is well below A."""
    total = np.ones_like(n)
    term = np.ones_like(n)
    for j in range(int(n.max()) + 1):
        term = term * np.maximum(n - j, 0.0) / a
        total += term
        if term.max() < 1e-17 * total.min():
            break
    return total


def erlang_c(agents: np.ndarray, load: np.ndarray) -> np.ndarray:
    """Probability that a call waits (M/M/n); 1 where agents <= load (no steady state)."""
    n, a = np.broadcast_arrays(np.asarray(agents, dtype=float), np.asarray(load, dtype=float))
    out = np.ones(n.shape)
    stable = n > a
    b = erlang_b(n[stable], a[stable])
    rho = a[stable] / n[stable]
    out[stable] = b / (1.0 - rho * (1.0 - b))
    out[(a == 0) & (n > 0)] = 0.0
    return out


def erlang_c_service_level(agents: np.ndarray, load: np.ndarray, aht: np.ndarray,
                           answer_seconds: float) -> np.ndarray:
    """Share of calls answered within `answer_seconds`: 1 - C * exp(-(n - A) t / AHT)."""
    n, a, h = np.broadcast_arrays(np.asarray(agents, dtype=float),
                                  np.asarray(load, dtype=float), np.asarray(aht, dtype=float))
    c = erlang_c(n, a)
    with np.errstate(all="ignore"):
        decay = np.exp(-np.maximum(n - a, 0.0) * answer_seconds / h)
    sl = np.where(n > a, 1.0 - c * decay, 0.0)
    return np.where(a == 0, 1.0, sl)


def erlang_c_asa(agents: np.ndarray, load: np.ndarray, aht: np.ndarray) -> np.ndarray:
    """Average speed of answer C * AHT / (n - A); infinite where agents <= load."""
    n, a, h = np.broadcast_arrays(np.asarray(agents, dtype=float),
                                  np.asarray(load, dtype=float), np.asarray(aht, dtype=float))
    c = erlang_c(n, a)
    with np.errstate(all="ignore"):
        asa = np.where(n > a, c * h / (n - a), np.inf)
    return np.where(a == 0, 0.0, asa)


def erlang_a(agents: np.ndarray, load: np.ndarray, aht: np.ndarray, patience: np.ndarray,
             answer_seconds: float) -> dict[str, np.ndarray]:
    """Erlang A (M/M/n+M): service level, ASA of answered calls, abandonment, P(wait).

    With x = n*patience/AHT and y = A*patience/AHT, an arrival that finds m calls queued
    waits at position k = m + 1. It moves up at rate (x + k - 1)/patience and abandons at
    rate 1/patience, so it is served with probability x/(x + k), after a time distributed
    as the k-th smallest of x + k exponentials: P(W <= t | served) = I_q(k, x + 1) with
    q = 1 - exp(-t/patience) (regularised incomplete beta). The queue length seen on
    arrival has weights y^m / prod_{j<=m}(x + j) relative to n busy agents.
    """
    n, a, h, p = np.broadcast_arrays(
        np.asarray(agents, dtype=float), np.asarray(load, dtype=float),
        np.asarray(aht, dtype=float), np.asarray(patience, dtype=float))
    shape = n.shape
    n, a, h, p = (v.ravel() for v in (n, a, h, p))
    sl = np.ones(n.shape)
    asa = np.zeros(n.shape)
    abandon = np.zeros(n.shape)
    wait = np.zeros(n.shape)
    infinite = ~np.isfinite(p)
    if infinite.any():
        i = infinite
        sl[i] = erlang_c_service_level(n[i], a[i], h[i], answer_seconds)
        asa[i] = erlang_c_asa(n[i], a[i], h[i])
        wait[i] = erlang_c(n[i], a[i])
    live = ~infinite & (a > 0)
    no_agents = live & (n == 0)
    sl[no_agents], asa[no_agents], abandon[no_agents], wait[no_agents] = 0.0, 0.0, 1.0, 1.0
    live &= n > 0
    if live.any():
        res = _erlang_a_core(n[live], a[live], h[live], p[live], answer_seconds)
        sl[live], asa[live], abandon[live], wait[live] = res
    return {k: v.reshape(shape) for k, v in
            (("service_level", sl), ("asa", asa), ("abandonment", abandon), ("wait", wait))}


def _queue_span(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Queue lengths worth summing per row: past the weights' peak until they are < e^-45."""
    span = np.maximum(y - x, 0.0) + 12.0 * np.sqrt(np.maximum(y, 1.0)) + 40.0
    with np.errstate(all="ignore"):
        geometric = 45.0 / np.log(x / y) + 40.0  # weights fall at least as fast as (y/x)^m
    return np.ceil(np.where(x > y, np.minimum(span, geometric), span))


def _erlang_a_core(n: np.ndarray, a: np.ndarray, h: np.ndarray, p: np.ndarray,
                   t: float) -> tuple[np.ndarray, ...]:
    """Erlang A for rows with load > 0 and agents > 0, in chunks of similar queue span."""
    x = n * p / h
    y = a * p / h
    span = _queue_span(x, y)
    order = np.argsort(span)
    out = [np.empty(len(n)) for _ in range(4)]
    start = 0
    while start < len(order):
        width = int(span[order[start]])
        stop = start + 1
        while stop < len(order) and (stop - start + 1) * span[order[stop]] <= 4_000_000:
            stop += 1
        rows = order[start:stop]
        width = int(span[rows].max())
        for arr, val in zip(out, _erlang_a_rows(n[rows], a[rows], x[rows], y[rows], p[rows],
                                                t, width), strict=True):
            arr[rows] = val
        start = stop
    return tuple(out)


def _erlang_a_rows(n: np.ndarray, a: np.ndarray, x: np.ndarray, y: np.ndarray,
                   p: np.ndarray, t: float, m_max: int) -> tuple[np.ndarray, ...]:
    if m_max > _FLUID_SPAN:
        return _erlang_a_fluid(n, a, x, y, p, t)
    b = erlang_b(n, a)
    # log weights of queue lengths m = 0.. m_max relative to the state "n busy, none queued",
    # scaled by their largest so that exp() cannot overflow
    m = np.arange(m_max + 1, dtype=float)
    log_w = np.zeros((len(x), m_max + 1))
    if m_max:
        steps = np.log(y[:, None]) - np.log(x[:, None] + m[None, 1:])
        log_w[:, 1:] = np.cumsum(steps, axis=1)
    top = log_w.max(axis=1)
    w = np.exp(log_w - top[:, None])
    s = w.sum(axis=1)
    with np.errstate(divide="ignore", over="ignore"):
        shrink = np.exp(-top)
        # probability of "n busy, none queued" times e^top; b may underflow to 0 (no queue)
        scale = 1.0 / (shrink / b + s - shrink)
    served, within, mean_wait = queued_caller(x[:, None], m[None, :] + 1.0, p[:, None], t)
    wait = scale * s
    answered_in_time = (1.0 - wait) + scale * np.sum(w * served * within, axis=1)
    answered = (1.0 - wait) + scale * np.sum(w * served, axis=1)
    abandon = 1.0 - answered
    asa = scale * np.sum(w * served * mean_wait, axis=1) / np.maximum(answered, 1e-300)
    return answered_in_time, asa, abandon, wait


def queued_caller(x: np.ndarray, k: np.ndarray, patience: np.ndarray, t: float
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A caller at place k in an Erlang A queue, x = agents * patience / AHT (arrays
    broadcast): P(answered), P(answered within t | answered) and the mean wait if
    answered. See `erlang_a` for where these come from."""
    x, k, patience = np.broadcast_arrays(np.asarray(x, dtype=float),
                                         np.asarray(k, dtype=float),
                                         np.asarray(patience, dtype=float))
    served = x / (x + k)
    q = -np.expm1(-t / patience)
    within = special.betainc(k, x + 1.0, q) if t > 0 else np.zeros(x.shape)
    mean_wait = patience * (special.digamma(x + k + 1.0) - special.digamma(x + 1.0))
    return served, within, mean_wait


def _erlang_a_fluid(n: np.ndarray, a: np.ndarray, x: np.ndarray, y: np.ndarray,
                    p: np.ndarray, t: float) -> tuple[np.ndarray, ...]:
    """Deep overload (queues of more than _FLUID_SPAN calls): the fluid limit is exact to
    within a fraction of a percent. Every arrival waits; the agents serve n of every A
    calls, each after the queue's fluid wait patience * ln(y / x)."""
    served = np.minimum(n / a, 1.0)
    wait_time = p * np.log(np.maximum(y / x, 1.0))
    in_time = np.where(wait_time <= t, served, 0.0)
    return in_time, wait_time, 1.0 - served, np.ones(len(n))
