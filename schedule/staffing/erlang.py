"""Erlang B, C and A queueing formulas, vectorised over intervals with numpy.

Everything is computed without factorials: Erlang B from the Poisson probability in log
space (or from a short convergent series where that would underflow), Erlang C from
Erlang B, and Erlang A (customers abandon, exponential patience) from the stationary
M/M/n+M queue in closed form: its service level, P(wait) and abandonment come from two
regularised incomplete gamma functions per interval, and only the ASA sums over queue
places (see `erlang_a`).

Units: `load` in Erlangs (calls x AHT / interval), times in seconds.
"""

from __future__ import annotations

import numpy as np
from scipy import special

_TINY = 1e-280
_FLUID_SPAN = 200_000  # queue lengths beyond which Erlang A's ASA uses its fluid limit
_LOG_2PI = float(np.log(2.0 * np.pi))
_UNDERFLOW = -600.0  # log Poisson term below which P(x + 1, y) would underflow (see _log_g)
_LAGUERRE = np.polynomial.laguerre.laggauss(40)  # nodes and weights for _g_deep


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

    With x = n*patience/AHT and y = A*patience/AHT, the queue lengths m seen on arrival
    have weights y^m / prod_{j<=m}(x + j) relative to "n busy, none queued"; they sum to
    1 + y G with G = e^y y^-(x+1) gamma(x + 1, y) (lower incomplete gamma). A caller at
    place k = m + 1 moves up at rate (x + k - 1)/patience and abandons at rate 1/patience,
    so is served with probability x/(x + k), after a mean wait patience * sum_{j<=k}
    1/(x + j). Summed over m, the calls answered after waiting are pi_n x G, and those
    answered after more than t are pi_n x G' with G' the same sum for y' = y exp(-t /
    patience) (the virtual wait has density prop. to exp(-n t/AHT + y (1 - exp(-t /
    patience)))): hence service level and P(wait) in closed form. The ASA sums the places'
    mean waits, and abandonment, pi_n (1 + (y - x) G), is summed the same way where x > y
    (where the closed form cancels; see `_Queue.asa_and_abandonment`).
    """
    return _erlang_a(agents, load, aht, patience, answer_seconds, all_figures=True)


def erlang_a_service_level(agents: np.ndarray, load: np.ndarray, aht: np.ndarray,
                           patience: np.ndarray, answer_seconds: float) -> np.ndarray:
    """Erlang A's service level alone (the same value as `erlang_a`'s): what staffing
    searches on, without the ASA's sum over queue places."""
    return _erlang_a(agents, load, aht, patience, answer_seconds,
                     all_figures=False)["service_level"]


def _erlang_a(agents: np.ndarray, load: np.ndarray, aht: np.ndarray, patience: np.ndarray,
              answer_seconds: float, all_figures: bool) -> dict[str, np.ndarray]:
    """`erlang_a` for any inputs: Erlang C where patience is infinite, every call lost
    with no agents, no queue with no load. The ASA and abandonment, which sum over queue
    places, only if `all_figures` (else left at 0)."""
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
        asa[i] = erlang_c_asa(n[i], a[i], h[i]) if all_figures else 0.0
        wait[i] = erlang_c(n[i], a[i])
    live = ~infinite & (a > 0)
    no_agents = live & (n == 0)
    sl[no_agents], asa[no_agents], abandon[no_agents], wait[no_agents] = 0.0, 0.0, 1.0, 1.0
    live &= n > 0
    if live.any():
        q = _Queue(n[live], a[live], h[live], p[live])
        sl[live], wait[live] = q.service_level(answer_seconds), q.wait
        if all_figures:
            asa[live], abandon[live] = q.asa_and_abandonment()
    return {k: v.reshape(shape) for k, v in
            (("service_level", sl), ("asa", asa), ("abandonment", abandon), ("wait", wait))}


class _Queue:
    """The stationary M/M/n+M queue of rows with load > 0 and agents > 0 (see `erlang_a`).

    Written with u = log(B y G) (B = Erlang B), so that pi_n = B / (1 + e^u) and the share
    of calls that wait, e^u / (1 + e^u), stay exact where G overflows a float."""

    def __init__(self, n: np.ndarray, a: np.ndarray, h: np.ndarray, p: np.ndarray) -> None:
        self.x, self.y, self.p = n * p / h, a * p / h, p
        b = erlang_b(n, a)
        self.log_g, self.p_y, self.deep = _log_g(self.x + 1.0, self.y)
        log_b = _log_where_positive(b)
        u = log_b + np.log(self.y) + self.log_g
        self.log_pi = log_b - np.logaddexp(0.0, u)
        self.pi = b * special.expit(-u)  # P(n busy, none queued)
        self.queued = special.expit(u)  # P(arrivals find a queue) = B y G / (1 + B y G)
        self.no_wait = (1.0 - b) * special.expit(-u)
        self.wait = self.pi + self.queued
        self.answered_late = self.x / self.y * self.queued  # answered after waiting: pi_n x G

    def service_level(self, t: float) -> np.ndarray:
        """Answered on arrival, or after waiting at most t: of the calls answered after
        waiting, the share 1 - G'/G, a difference of regularised incomplete gammas (of P,
        or of Q where P > 1/2, so that it never cancels)."""
        if not t > 0:
            return self.no_wait.copy()
        nu, y = self.x + 1.0, self.y
        y_t = y * np.exp(-t / self.p)
        share = np.empty(len(y))
        top = np.flatnonzero(~self.deep)
        p_y = self.p_y[top]
        low = p_y <= 0.5
        i, j = top[low], top[~low]
        share[i] = (p_y[low] - special.gammainc(nu[i], y_t[i])) / p_y[low]
        share[j] = (special.gammaincc(nu[j], y_t[j]) - special.gammaincc(nu[j], y[j])) / \
            p_y[~low]
        d = self.deep
        if d.any():  # G by quadrature: G' = e^(y - y_t) (y_t / y)^nu G(nu, y_t)
            late = np.exp(y[d] - y_t[d] - nu[d] * t / self.p[d]) * _g_deep(nu[d], y_t[d])
            share[d] = 1.0 - late / np.exp(self.log_g[d])
        return self.no_wait + self.answered_late * np.clip(share, 0.0, 1.0)

    def asa_and_abandonment(self) -> tuple[np.ndarray, np.ndarray]:
        """Mean wait of answered calls and the share that abandons, summed over queue
        places (`_queue_sums`) in chunks of similar span. Abandonment is pi_n (1 + (y - x) G)
        where y >= x; where x > y that difference cancels, so the sum is used. Where the
        queue runs past _FLUID_SPAN calls the ASA is the fluid limit's."""
        x, y, p = self.x, self.y, self.p
        span = _queue_span(x, y)
        fluid = span > _FLUID_SPAN
        asa = np.empty(len(x))
        asa[fluid] = p[fluid] * np.log(np.maximum(y[fluid] / x[fluid], 1.0))
        under = self.pi * (1.0 - (x - y) * np.exp(np.minimum(self.log_g, 0.0)))  # G < 1 there
        abandon = np.where(y >= x, self.pi + (y - x) / y * self.queued, under)
        answered = np.maximum(self.no_wait + self.answered_late, 1e-300)
        order = np.flatnonzero(~fluid)[np.argsort(span[~fluid])]
        start = 0
        while start < len(order):
            stop = start + 1
            while stop < len(order) and (stop - start + 1) * span[order[stop]] <= 4_000_000:
                stop += 1
            rows = order[start:stop]
            waited, lost = _queue_sums(x[rows], y[rows], p[rows], self.log_pi[rows],
                                       int(span[rows].max()))
            asa[rows] = waited / answered[rows]
            abandon[rows] = np.where(x[rows] > y[rows], lost, abandon[rows])
            start = stop
        return asa, abandon


def _log_where_positive(v: np.ndarray) -> np.ndarray:
    """log(v), -inf where v is 0, without a warning."""
    with np.errstate(divide="ignore"):
        return np.log(v)


def _queue_sums(x: np.ndarray, y: np.ndarray, p: np.ndarray, log_pi: np.ndarray,
                m_max: int) -> tuple[np.ndarray, np.ndarray]:
    """Over queue lengths m = 0..m_max seen on arrival, P(m) = pi_n y^m / prod_{j<=m}(x + j):
    the total wait of answered calls, sum P(m) x/(x + k) * mean wait at place k = m + 1,
    and the share that abandons, sum P(m) k/(x + k). Positive terms only."""
    k = np.arange(1, m_max + 2, dtype=float)
    log_w = np.zeros((len(x), m_max + 1))
    if m_max:  # log weights y^m / prod_{j<=m}(x + j), scaled by their largest
        log_w[:, 1:] = np.cumsum(np.log(y[:, None]) - np.log(x[:, None] + k[None, :-1]),
                                 axis=1)
    top = log_w.max(axis=1)
    w = np.exp(log_w - top[:, None])
    served, mean_wait = place_waits(x, m_max + 1, p)
    scale = np.exp(log_pi + top)
    return (scale * np.sum(w * served * mean_wait, axis=1),
            scale * np.sum(w * k / (x[:, None] + k), axis=1))


def place_waits(x: np.ndarray, places: int, patience: np.ndarray | float
                ) -> tuple[np.ndarray, np.ndarray]:
    """A caller at place k = 1..places of an Erlang A queue (rows: x = agents * patience /
    AHT): P(answered) = x/(x + k), and the mean wait if answered, patience * sum_{j<=k}
    1/(x + j) (a running sum, so exact where the digamma difference would cancel)."""
    k = np.arange(1, places + 1, dtype=float)
    inv = 1.0 / (x[:, None] + k[None, :])
    return x[:, None] * inv, np.asarray(patience, dtype=float).reshape(-1, 1) * \
        np.cumsum(inv, axis=1)


def place_within(x: np.ndarray, places: int, patience: np.ndarray | float, t: float
                 ) -> np.ndarray:
    """P(wait <= t | answered) for a caller at place k = 1..places (rows: x as in
    `place_waits`): the regularised incomplete beta I_q(k, x + 1), q = 1 - exp(-t /
    patience), summed from the top as the negative-binomial tail sum_{j>=k} T_j with
    T_j = C(x + j, j) q^j (1 - q)^(x + 1); one betainc per row for the places beyond."""
    rows = len(x)
    if not t > 0:
        return np.zeros((rows, places))
    c = t / np.broadcast_to(np.asarray(patience, dtype=float), (rows,))
    q = -np.expm1(-c)
    j = np.arange(1, places + 1, dtype=float)
    with np.errstate(divide="ignore"):
        log_step = np.log(q)[:, None] + np.log(x[:, None] + j[None, :]) - np.log(j)[None, :]
    log_t = np.cumsum(log_step, axis=1) - ((x + 1.0) * c)[:, None]
    beyond = special.betainc(places + 1.0, x + 1.0, q)
    return np.cumsum(np.exp(log_t)[:, ::-1], axis=1)[:, ::-1] + beyond[:, None]


def _queue_span(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Queue lengths worth summing per row: past the weights' peak until they are < e^-45."""
    span = np.maximum(y - x, 0.0) + 12.0 * np.sqrt(np.maximum(y, 1.0)) + 40.0
    with np.errstate(all="ignore"):
        geometric = 45.0 / np.log(x / y) + 40.0  # weights fall at least as fast as (y/x)^m
    return np.ceil(np.where(x > y, np.minimum(span, geometric), span))


def _log_g(nu: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """log G(nu, y), G = e^y y^-nu gamma(nu, y) = P(nu, y) / (nu * y^nu e^-y / Gamma(nu + 1)),
    with P(nu, y) itself, and the rows where P would underflow (y well below nu): there
    `_g_deep` gives G and P is left at 0."""
    log_pmf = _log_poisson(nu, y)
    deep = (log_pmf < _UNDERFLOW) & (y < nu)
    p = np.zeros(len(nu))
    p[~deep] = special.gammainc(nu[~deep], y[~deep])
    out = np.empty(len(nu))
    out[~deep] = np.log(p[~deep]) - np.log(nu[~deep]) - log_pmf[~deep]
    out[deep] = np.log(_g_deep(nu[deep], y[deep]))
    return out, p, deep


def _g_deep(nu: np.ndarray, y: np.ndarray) -> np.ndarray:
    """G(nu, y) where y is far below nu (P(nu, y) < e^-600): G = int_0^inf e^(-nu s +
    y (1 - e^-s)) ds = (1/w) int_0^inf e^-v exp(-y phi(v / w)) dv with w = nu - y and
    phi(u) = e^-u - 1 + u; here y / w^2 < 1e-3, so the factor after e^-v is smooth and
    Gauss-Laguerre on 40 nodes is exact to rounding."""
    w = nu - y
    v, weight = _LAGUERRE
    u = v[None, :] / w[:, None]
    return np.exp(-y[:, None] * (np.expm1(-u) + u)) @ weight / w


def _log_poisson(nu: np.ndarray, y: np.ndarray) -> np.ndarray:
    """log(y^nu e^-y / Gamma(nu + 1)) for real nu >= 1, without the cancellation of its
    large terms (Loader's saddle-point form: Stirling's error and the deviance bd0)."""
    return -0.5 * (_LOG_2PI + np.log(nu)) - _stirling_error(nu) - _deviance(nu, y)


def _stirling_error(nu: np.ndarray) -> np.ndarray:
    """log Gamma(nu + 1) - log(sqrt(2 pi nu) (nu/e)^nu): its asymptotic series past 15."""
    out = np.empty(nu.shape)
    big = nu > 15.0
    v = nu[big]
    v2 = v * v
    out[big] = (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / (1188 * v2)) / v2) / v2)
                / v2) / v
    s = nu[~big]
    out[~big] = special.gammaln(s + 1.0) - (s + 0.5) * np.log(s) + s - 0.5 * _LOG_2PI
    return out


def _deviance(nu: np.ndarray, y: np.ndarray) -> np.ndarray:
    """nu log(nu / y) + y - nu, by its series in (nu - y)/(nu + y) where nu is near y."""
    with np.errstate(divide="ignore"):
        out = nu * np.log(nu / y) + y - nu
    near = np.abs(nu - y) < 0.1 * (nu + y)
    d = nu[near] - y[near]
    v = d / (nu[near] + y[near])
    total, term, v2 = d * v, 2.0 * nu[near] * v, v * v
    for j in range(1, 12):
        term = term * v2
        total = total + term / (2 * j + 1)
    out[near] = total
    return out
