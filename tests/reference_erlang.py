"""A high-precision Erlang reference, written independently of `schedule/` and used only by tests.

Everything is exact rational arithmetic carried at 50+ significant digits with mpmath:

- Erlang B by the textbook recursion B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1)), which is
  stable for every load (no factorials, no overflow), and by the defining sum for small n
  (the two are checked against each other in the tests);
- Erlang C = B / (1 - rho (1 - B)), rho = A / n;
- the Erlang C service level 1 - C exp(-(n - A) t / AHT), and the ASA C AHT / (n - A);
- the staffing rule: the smallest whole n > A whose service level meets the goal and with
  n >= A / cap, searched upwards from scratch;
- Erlang A (M/M/n+M) from the birth-death chain and, for the wait of a caller who finds
  m calls queued, a hypoexponential race against the caller's own exponential patience
  (partial fractions), not the incomplete-beta form the library uses.

Numbers the planner typed (calls, handle time, goal, cap) are read as the decimals they
print as (`repr`), so a cap of 0.85 is 85/100 exactly and 8.5 Erlangs / 0.85 is exactly 10.
"""

from __future__ import annotations

import math

import mpmath as mp

DPS = 50


def dec(x: float | int | str) -> mp.mpf:
    """The decimal a float prints as, exactly (0.85 -> 85/100, not 0.8499999...)."""
    return mp.mpf(repr(float(x))) if not isinstance(x, str) else mp.mpf(x)


def load(calls: float, aht_seconds: float, interval_seconds: float) -> mp.mpf:
    """Offered Erlangs, calls x AHT / interval, from the decimals given."""
    with mp.workdps(DPS):
        return dec(calls) * dec(aht_seconds) / dec(interval_seconds)


_TABLES: dict[str, list[mp.mpf]] = {}


def _b_table(a: mp.mpf, n: int) -> list[mp.mpf]:
    """B(0..>=n) for load a, by the recursion; kept per load and extended as n grows."""
    key = mp.nstr(a, DPS + 5)
    table = _TABLES.setdefault(key, [mp.mpf(1)])
    if n >= len(table):
        with mp.workdps(DPS):
            b = table[-1]
            for k in range(len(table), n + 64):
                ab = a * b
                b = ab / (k + ab)
                table.append(b)
    return table


class Queue:
    """Erlang B/C for one offered load (the recursion is shared by every Queue of that load)."""

    def __init__(self, a: mp.mpf) -> None:
        self.a = mp.mpf(a)

    def erlang_b(self, n: int) -> mp.mpf:
        if self.a == 0:
            return mp.mpf(1) if n == 0 else mp.mpf(0)
        return _b_table(self.a, n)[n]

    def erlang_c(self, n: int) -> mp.mpf:
        """P(wait) in M/M/n; 1 where n <= A (no steady state)."""
        if self.a == 0:
            return mp.mpf(0) if n > 0 else mp.mpf(1)
        if n <= self.a:
            return mp.mpf(1)
        with mp.workdps(DPS):
            b = self.erlang_b(n)
            rho = self.a / n
            return b / (1 - rho * (1 - b))

    def service_level(self, n: int, aht_seconds: float, answer_seconds: float) -> mp.mpf:
        """Share answered within answer_seconds (Erlang C); 0 where n <= A, 1 with no load."""
        if self.a == 0:
            return mp.mpf(1)
        if n <= self.a:
            return mp.mpf(0)
        with mp.workdps(DPS):
            c = self.erlang_c(n)
            return 1 - c * mp.exp(-(n - self.a) * dec(answer_seconds) / dec(aht_seconds))

    def asa(self, n: int, aht_seconds: float) -> mp.mpf:
        if self.a == 0:
            return mp.mpf(0)
        if n <= self.a:
            return mp.inf
        with mp.workdps(DPS):
            return self.erlang_c(n) * dec(aht_seconds) / (n - self.a)


def erlang_b_sum(n: int, a: float | mp.mpf) -> mp.mpf:
    """Erlang B from its definition (A^n/n!) / sum_k (A^k/k!), for small n."""
    with mp.workdps(DPS):
        a = mp.mpf(a)
        terms = [a**k / mp.factorial(k) for k in range(n + 1)]
        return terms[-1] / mp.fsum(terms)


def required_agents(calls: float, aht_seconds: float, interval_seconds: float, goal: float,
                    answer_seconds: float, max_occupancy: float | None = None) -> int:
    """Smallest n > A meeting the goal with n >= A / cap (0 where there is no load)."""
    if calls == 0:
        return 0
    a = load(calls, aht_seconds, interval_seconds)
    q = Queue(a)
    with mp.workdps(DPS):
        n = int(mp.floor(a)) + 1
        if max_occupancy is not None:
            n = max(n, int(mp.ceil(a / dec(max_occupancy))))
        target = dec(goal)
        while q.service_level(n, aht_seconds, answer_seconds) < target:
            n += 1
        return n


# -- Erlang A -----------------------------------------------------------------------------
def erlang_a(n: int, calls: float, aht_seconds: float, interval_seconds: float,
             patience_seconds: float, answer_seconds: float, dps: int = 40) -> dict[str, float]:
    """M/M/n+M: service level, ASA of answered calls, abandonment and P(wait).

    States k <= n: pi_k ~ A^k / k!; k = n + m: pi_n prod_{j<=m} lambda / (n mu + j theta),
    and an arrival sees them in these proportions (PASTA). A caller who finds m queued
    stands at position k = m + 1 and moves up at rate n mu + (j - 1) theta from position j
    (a service, or an abandonment ahead), racing an independent Exp(theta) patience. Given
    the time T to reach an agent (independent exponentials of rates r_j = n mu + (j-1) theta),
    served within t has probability E[exp(-theta T); T <= t], and exp(-theta s) f_T(s) =
    L(theta) f_T'(s) with L(theta) = prod r_j / (r_j + theta) = n mu / (n mu + k theta) and
    T' the sum of independent Exp(n mu + j theta), j = 1..k. P(T' <= t) comes from
    uniformisation (a Poisson number of steps, each completing a stage with probability
    rate / Lambda): sums of positive terms only, so no cancellation at any precision.
    The mean wait of a served caller is E[T exp(-theta T)] = L(theta) sum_j 1/(n mu + j theta).
    """
    with mp.workdps(dps):
        a = load(calls, aht_seconds, interval_seconds)
        h, p, t = dec(aht_seconds), dec(patience_seconds), dec(answer_seconds)
        mu, theta = 1 / h, 1 / p
        lam = a * mu
        # relative weights of the states 0..n (Poisson terms), then of the queue
        low = [mp.mpf(1)]
        for k in range(1, n + 1):
            low.append(low[-1] * a / k)
        queue = [low[-1]]  # state n + m for m = 0, 1, ...
        top = queue[0]
        m = 0
        while True:
            m += 1
            queue.append(queue[-1] * lam / (n * mu + m * theta))
            top = max(top, queue[-1])
            if queue[-1] < mp.mpf(10) ** -45 * top and n * mu + m * theta > lam:
                break
        total = mp.fsum(low[:-1]) + mp.fsum(queue)
        wait = mp.fsum(queue) / total
        positions = len(queue)  # k = 1..positions
        # served at all, and mean wait of the served, per position k (closed forms)
        served = mp.mpf(0)
        wait_served = mp.mpf(0)
        inv_sum = mp.mpf(0)
        for k in range(1, positions + 1):
            served_k = n * mu / (n * mu + k * theta)
            inv_sum += 1 / (n * mu + k * theta)
            served += queue[k - 1] * served_k
            wait_served += queue[k - 1] * served_k * inv_sum
        # P(T' <= t) per position by uniformisation at rate big >= every stage rate
        big = n * mu + positions * theta
        steps = int(mp.ceil(big * t + 30 * mp.sqrt(big * t + 1) + 60))
        done = [mp.mpf(1)] + [mp.mpf(0)] * min(steps, positions)  # H_N(j), j = 0..
        width = len(done) - 1
        rate = [None] + [(n * mu + j * theta) / big for j in range(1, width + 1)]
        poisson = mp.exp(-big * t)  # P(N = 0)
        within = [mp.mpf(0)] * (width + 1)  # sum_N P(N) H_N(j)
        for steps_taken in range(steps + 1):
            if steps_taken:
                poisson = poisson * big * t / steps_taken
                for j in range(min(steps_taken, width), 0, -1):
                    done[j] = rate[j] * done[j - 1] + (1 - rate[j]) * done[j]
            for j in range(1, min(steps_taken, width) + 1):
                within[j] += poisson * done[j]
        served_in_time = mp.fsum(queue[k - 1] * n * mu / (n * mu + k * theta) * within[k]
                                 for k in range(1, width + 1))
        no_wait = 1 - wait
        answered = no_wait + served / total
        return {
            "service_level": float(no_wait + served_in_time / total),
            "abandonment": float(1 - answered),
            "wait": float(wait),
            "asa": float(wait_served / total / answered),
        }


def ceil_ratio(a: mp.mpf, cap: float) -> int:
    """Fewest agents with A / n <= cap, exactly."""
    with mp.workdps(DPS):
        return int(mp.ceil(mp.mpf(a) / dec(cap)))


def isclose(x: mp.mpf, y: float, tol: float) -> bool:
    return math.isfinite(y) and abs(float(x) - y) <= tol
