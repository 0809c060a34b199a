"""Erlang B, C and A (schedule/erlang.py) against hand-worked values and an mpmath reference.

The reference (tests/reference_erlang.py) is written independently: Erlang B by the
textbook recursion at 50 digits, Erlang A from the birth-death chain with the caller's
wait as a race of exponentials solved by uniformisation.
"""

from __future__ import annotations

import math
import warnings

import mpmath as mp
import numpy as np
import pytest
import reference_erlang as ref
from hypothesis import given, settings
from hypothesis import strategies as st

from wfm.schedule.staffing.erlang import (
    erlang_a,
    erlang_a_service_level,
    erlang_b,
    erlang_c,
    erlang_c_asa,
    erlang_c_service_level,
    place_waits,
    place_within,
)


# -- the reference checks itself -----------------------------------------------------------
@pytest.mark.parametrize("a", [0.1, 1.0, 2.5, 10.0, 37.3])
def test_reference_recursion_equals_the_defining_sum(a):
    q = ref.Queue(mp.mpf(a))
    for n in range(0, 60):
        assert abs(q.erlang_b(n) - ref.erlang_b_sum(n, a)) < mp.mpf(10) ** -40


def test_reference_erlang_a_without_patience_limit_is_erlang_c():
    # with patience 10^12 s nobody abandons within any queue this short
    calls, aht, iv = 10 * 1800 / 180, 180.0, 1800.0
    q = ref.Queue(ref.load(calls, aht, iv))
    for n in (11, 12, 14):
        r = ref.erlang_a(n, calls, aht, iv, 1e12, 20.0)
        assert r["service_level"] == pytest.approx(float(q.service_level(n, aht, 20.0)),
                                                   abs=1e-7)
        assert r["wait"] == pytest.approx(float(q.erlang_c(n)), abs=1e-7)
        assert r["asa"] == pytest.approx(float(q.asa(n, aht)), rel=1e-6)


# -- published / hand-worked values --------------------------------------------------------
def test_erlang_b_textbook_value():
    # B(10 agents, 10 Erlangs) = (10^10/10!) / sum_k 10^k/k! = 0.21458...
    assert float(erlang_b(10, 10.0)) == pytest.approx(0.2146, abs=5e-5)
    assert float(erlang_b(10, 10.0)) == pytest.approx(float(ref.erlang_b_sum(10, 10)),
                                                      rel=1e-12)
    # B(1, A) = A / (1 + A); B(0, A) = 1
    assert float(erlang_b(1, 3.0)) == pytest.approx(0.75, rel=1e-14)
    assert float(erlang_b(0, 3.0)) == pytest.approx(1.0, abs=1e-15)


def test_erlang_c_textbook_value():
    # 100 calls in 30 minutes at 180 s AHT = 10 Erlangs; with 11 agents:
    # B(11) = 10 B(10) / (11 + 10 B(10)) = 0.16323; C = B / (1 - (10/11)(1 - B)) = 0.6821
    assert float(erlang_c(11, 10.0)) == pytest.approx(0.6821, abs=5e-5)
    assert float(erlang_c(11, 10.0)) == pytest.approx(float(ref.Queue(10).erlang_c(11)),
                                                      rel=1e-12)
    # one agent: M/M/1 waits with probability rho
    assert float(erlang_c(1, 0.3)) == pytest.approx(0.3, rel=1e-13)


def test_erlang_c_service_level_and_asa_hand_worked():
    # same example: SL(20 s) = 1 - 0.68212 exp(-(11 - 10) 20 / 180) = 0.38961,
    # ASA = 0.68212 * 180 / (11 - 10) = 122.78 s
    assert float(erlang_c_service_level(11, 10.0, 180.0, 20.0)) == pytest.approx(0.3896,
                                                                                   abs=1e-4)
    assert float(erlang_c_asa(11, 10.0, 180.0)) == pytest.approx(122.78, abs=0.01)
    # the classic table for this example (P(wait), SL in 20 s): 12 agents 0.4494 / 0.6402,
    # 13 agents 0.2853 / 0.7956, 14 agents 0.1741 / 0.8884, so 80/20 needs 14 agents
    n = np.array([12, 13, 14])
    np.testing.assert_allclose(erlang_c(n, 10.0), [0.4494, 0.2853, 0.1741], atol=1e-4)
    np.testing.assert_allclose(erlang_c_service_level(n, 10.0, 180.0, 20.0),
                               [0.6402, 0.7956, 0.8884], atol=1e-4)


def test_no_steady_state_at_or_below_the_load():
    n = np.array([0, 5, 9, 10])
    np.testing.assert_array_equal(erlang_c(n, 10.0), 1.0)
    np.testing.assert_array_equal(erlang_c_service_level(n, 10.0, 180.0, 20.0), 0.0)
    assert np.isinf(erlang_c_asa(n, 10.0, 180.0)).all()


def test_no_load_means_no_waiting():
    assert float(erlang_b(3, 0.0)) == 0.0
    assert float(erlang_c(3, 0.0)) == 0.0
    assert float(erlang_c_service_level(3, 0.0, 180.0, 20.0)) == 1.0
    assert float(erlang_c_asa(3, 0.0, 180.0)) == 0.0


# -- against the reference over a wide range ------------------------------------------------
LOADS = [0.1, 0.7, 3.3, 12.0, 49.5, 180.0, 777.7, 2500.0, 10_000.0]


@pytest.mark.parametrize("a", LOADS)
def test_erlang_b_and_c_match_the_reference(a):
    q = ref.Queue(mp.mpf(repr(a)))
    base = math.floor(a)
    spread = int(4 * math.sqrt(a)) + 3
    n = np.unique(np.clip(np.arange(base - spread, base + 2 * spread), 0, None))
    b = erlang_b(n, a)
    c = erlang_c(n, a)
    for k, bk, ck in zip(n, b, c, strict=True):
        want_b = float(q.erlang_b(int(k)))
        want_c = float(q.erlang_c(int(k)))
        assert bk == pytest.approx(want_b, rel=1e-9, abs=1e-300), (a, k)
        assert ck == pytest.approx(want_c, rel=1e-9, abs=1e-300), (a, k)


# -- Erlang A --------------------------------------------------------------------------------
ERLANG_A_CASES = [  # (load, aht, patience, answer_seconds)
    (0.3, 300.0, 30.0, 60.0),
    (2.5, 240.0, 600.0, 30.0),
    (5.0, 180.0, 60.0, 20.0),
    (10.0, 300.0, 180.0, 20.0),
    (20.0, 120.0, 90.0, 10.0),
    (15.0, 200.0, 1000.0, 0.0),
]


@pytest.mark.parametrize(("a", "aht", "patience", "t"), ERLANG_A_CASES)
def test_erlang_a_matches_the_reference(a, aht, patience, t):
    iv = 1800.0
    calls = a * iv / aht
    for n in range(max(1, int(a) - 3), int(a) + 4):
        want = ref.erlang_a(n, calls, aht, iv, patience, t)
        got = {k: float(v) for k, v in erlang_a(n, calls * aht / iv, aht, patience, t).items()}
        for key in ("service_level", "abandonment", "wait"):
            assert got[key] == pytest.approx(want[key], abs=1e-9), (key, n)
        assert got["asa"] == pytest.approx(want["asa"], rel=1e-9, abs=1e-9), n


@pytest.mark.parametrize(("n", "a"), [(10, 10.0), (3, 1.5), (25, 30.0)])
def test_erlang_a_with_tiny_patience_is_the_loss_system(n, a):
    # callers who would have to wait hang up at once: M/M/n/n, so P(wait) = abandonment =
    # B(n, A) and the share answered within any t > 0 is P(no wait) = 1 - B(n, A).
    b = float(ref.Queue(mp.mpf(repr(a))).erlang_b(n))
    res = erlang_a(n, a, 180.0, 1e-6, 20.0)
    assert float(res["wait"]) == pytest.approx(b, abs=1e-6)
    assert float(res["abandonment"]) == pytest.approx(b, abs=1e-6)
    assert float(res["service_level"]) == pytest.approx(1 - b, abs=1e-6)
    if (n, a) == (10, 10.0):
        assert float(res["service_level"]) == pytest.approx(1 - 0.2146, abs=1e-4)


def test_erlang_a_answer_time_zero_is_share_not_waiting():
    for n in (8, 10, 12):
        res = erlang_a(n, 10.0, 180.0, 120.0, 0.0)
        assert float(res["service_level"]) == pytest.approx(1 - float(res["wait"]), abs=1e-12)


def test_erlang_a_with_infinite_patience_is_erlang_c():
    n = np.arange(0, 40)
    a = 17.3
    res = erlang_a(n, a, 240.0, np.inf, 20.0)
    np.testing.assert_allclose(res["service_level"], erlang_c_service_level(n, a, 240.0, 20.0),
                               atol=1e-12)
    np.testing.assert_allclose(res["wait"], erlang_c(n, a), atol=1e-12)
    np.testing.assert_array_equal(res["abandonment"], 0.0)
    np.testing.assert_allclose(res["asa"], erlang_c_asa(n, a, 240.0), rtol=1e-12)


@pytest.mark.parametrize(("a", "aht", "n"), [(10.0, 30.0, 11), (10.0, 300.0, 12),
                                             (50.0, 180.0, 53), (1000.0, 300.0, 1010)])
def test_erlang_a_with_very_long_patience_matches_the_reference(a, aht, n):
    # 10^7 s of patience: nearly Erlang C, and exactly the reference
    iv = 1800.0
    want = ref.erlang_a(n, a * iv / aht, aht, iv, 1e7, 20.0)
    got = erlang_a(n, a, aht, 1e7, 20.0)
    assert float(got["service_level"]) == pytest.approx(want["service_level"], abs=1e-9)
    assert float(got["abandonment"]) == pytest.approx(want["abandonment"], abs=1e-9)
    c = float(erlang_c_service_level(n, a, aht, 20.0))
    assert abs(float(got["service_level"]) - c) < 2e-4


# Erlang A where the answer is far from 1/2: a half-staffed interval (service level 1e-11,
# 1e-38), 30% over (abandonment 6e-10), agents far above the load (P(x + 1, y) underflows and G
# comes from quadrature), very patient callers (abandonment 2e-15). The reference needs the
# digits given to resolve values this small.
ERLANG_A_TAILS = [  # (n, load, aht, patience, answer_seconds, reference digits)
    (175, 350.0, 300.0, 180.0, 20.0, 60),
    (150, 300.0, 300.0, 600.0, 20.0, 80),
    (455, 350.0, 300.0, 180.0, 20.0, 60),
    (120, 30.0, 60.0, 600.0, 20.0, 90),
    (40, 10.0, 300.0, 3600.0, 60.0, 90),
]


@pytest.mark.parametrize(("n", "a", "aht", "patience", "t", "dps"), ERLANG_A_TAILS)
def test_erlang_a_is_exact_far_into_the_tails(n, a, aht, patience, t, dps):
    iv = 1800.0
    want = ref.erlang_a(n, a * iv / aht, aht, iv, patience, t, dps=dps)
    got = erlang_a(n, a, aht, patience, t)
    for key in ("service_level", "abandonment", "wait", "asa"):
        assert float(got[key]) == pytest.approx(want[key], rel=1e-9, abs=0), key


def test_erlang_a_service_level_alone_is_erlang_a_s():
    n = np.arange(0, 80)
    for patience, t in ((180.0, 20.0), (30.0, 0.0), (np.inf, 20.0), (1e7, 60.0)):
        np.testing.assert_array_equal(erlang_a_service_level(n, 41.7, 240.0, patience, t),
                                      erlang_a(n, 41.7, 240.0, patience, t)["service_level"])


@pytest.mark.parametrize("x", [1e-9, 0.3, 7.0, 250.0, 4000.0])
@pytest.mark.parametrize(("patience", "t"), [(180.0, 20.0), (60.0, 300.0), (1e-3, 20.0),
                                             (600.0, 0.0)])
def test_queue_places_are_the_incomplete_beta_and_harmonic_sums(x, patience, t):
    # P(answered within t | answered) at place k is I_q(k, x + 1), the mean wait patience *
    # sum_{j<=k} 1/(x + j) = patience (psi(x + k + 1) - psi(x + 1)); against mpmath
    places = 300
    served, wait = place_waits(np.array([x]), places, patience)
    within = place_within(np.array([x]), places, patience, t)
    q = -mp.expm1(-mp.mpf(t) / patience)
    for k in (1, 2, 5, 20, 80, 300):
        assert served[0, k - 1] == pytest.approx(x / (x + k), rel=1e-15)
        mean = patience * (mp.digamma(x + k + 1) - mp.digamma(x + 1))
        assert wait[0, k - 1] == pytest.approx(float(mean), rel=1e-13)
        beta = mp.betainc(k, x + 1, 0, q, regularized=True) if t > 0 else 0
        assert within[0, k - 1] == pytest.approx(float(beta), rel=1e-12, abs=1e-300), k


@settings(max_examples=60, deadline=None)
@given(a=st.floats(0.05, 60.0), aht=st.floats(10.0, 3600.0),
       ratio=st.floats(0.05, 20.0), t=st.floats(0.0, 300.0))
def test_erlang_a_probabilities_stay_in_range(a, aht, ratio, t):
    # patience = ratio x AHT; a queue short enough to stay out of the overflow bug below
    patience = ratio * aht
    if a * ratio > 600:
        a = 600 / ratio
    n = np.arange(0, int(a + 4 * math.sqrt(a)) + 6)
    with np.errstate(all="warn", under="ignore"), warnings.catch_warnings():
        warnings.simplefilter("error")
        res = erlang_a(n, a, aht, patience, t)
    for key in ("service_level", "abandonment", "wait"):
        v = res[key]
        assert np.isfinite(v).all(), key
        assert (v >= -1e-12).all() and (v <= 1 + 1e-12).all(), (key, v)
    assert (res["asa"] >= 0).all() and np.isfinite(res["asa"]).all()
    assert (res["service_level"] <= 1 - res["abandonment"] + 1e-12).all()


# -- no warning, NaN or overflow up to 50,000 Erlangs ------------------------------------------
BIG = [100.0, 1_000.0, 5_000.0, 10_000.0, 20_000.0, 50_000.0]


@pytest.mark.parametrize("a", BIG)
def test_erlang_b_c_big_loads_are_finite_and_silent(a):
    n = np.unique(np.linspace(0, 1.3 * a, 400).round())
    with np.errstate(all="warn", under="ignore"), warnings.catch_warnings():
        warnings.simplefilter("error")
        b = erlang_b(n, a)
        c = erlang_c(n, a)
        sl = erlang_c_service_level(n, a, 300.0, 20.0)
        asa = erlang_c_asa(n, a, 300.0)
    for v in (b, c, sl):
        assert np.isfinite(v).all() and (v >= 0).all() and (v <= 1).all()
    assert (np.diff(sl) >= -1e-12).all()
    assert np.isfinite(asa[n > a]).all()
    # spot checks against the reference just above the load
    q = ref.Queue(mp.mpf(repr(a)))
    for k in (int(a) + 1, int(a + 2 * math.sqrt(a))):
        assert float(erlang_c(k, a)) == pytest.approx(float(q.erlang_c(k)), rel=1e-9)


@pytest.mark.parametrize("a", BIG)
def test_erlang_a_big_loads_are_finite_and_silent(a):
    # heavily under-staffed intervals too: a roster with too few people must still get a
    # service level (near 0), not NaN
    n = np.array([a / 4, a / 2, 0.9 * a, a, 1.05 * a]).round()
    with np.errstate(all="warn", under="ignore"), warnings.catch_warnings():
        warnings.simplefilter("error")
        res = erlang_a(n, a, 300.0, 180.0, 20.0)
    for key in ("service_level", "abandonment", "wait"):
        v = res[key]
        assert np.isfinite(v).all(), (key, v)
        assert (v >= 0).all() and (v <= 1).all(), (key, v)
    assert (np.diff(res["service_level"]) >= -1e-12).all()


def test_erlang_a_far_more_agents_than_load_is_silent():
    # 200 agents for 1 Erlang (a quiet interval in a big roster): Erlang B underflows to 0
    # and must not turn into a divide-by-zero on the way to P(wait) = 0
    with np.errstate(all="warn", under="ignore"), warnings.catch_warnings():
        warnings.simplefilter("error")
        res = erlang_a(200, 1.0, 300.0, 180.0, 20.0)
    assert float(res["service_level"]) == 1.0
    assert float(res["wait"]) == 0.0
