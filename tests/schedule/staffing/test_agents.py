"""required_agents and service_level (schedule/staffing.py): exact against an mpmath reference
over 0.1 to 10,000 Erlangs, silent up to 50,000, monotone, and strict about bad input."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import reference_erlang as ref
from hypothesis import given, settings
from hypothesis import strategies as st

from wfm.schedule.staffing.agents import (
    agents_on_phones,
    asa_seconds,
    required_agents,
    service_level,
)

# -- exact against the reference -----------------------------------------------------------
GRID_LOADS = np.geomspace(0.1, 10_000.0, 40)
AHTS = (30.0, 95.0, 180.0, 300.0, 600.0, 1200.0, 3600.0)
INTERVALS = (900.0, 1800.0, 3600.0)
GOALS = ((0.80, 20.0), (0.90, 30.0), (0.95, 60.0))


def _grid(interval: float) -> tuple[np.ndarray, np.ndarray]:
    """Calls and AHT giving each grid load; the AHT cycles through 30 s .. 1 h."""
    j = INTERVALS.index(interval)
    aht = np.array([AHTS[(i + 3 * j) % len(AHTS)] for i in range(len(GRID_LOADS))])
    return GRID_LOADS * interval / aht, aht


@pytest.mark.parametrize("cap", [None, 0.85], ids=["no-cap", "cap-0.85"])
@pytest.mark.parametrize(("goal", "answer"), GOALS, ids=["80-20", "90-30", "95-60"])
@pytest.mark.parametrize("interval", INTERVALS, ids=["15min", "30min", "60min"])
def test_required_agents_equal_the_reference(interval, goal, answer, cap):
    calls, aht = _grid(interval)
    got = required_agents(calls, aht, interval, goal, answer, cap)
    assert got.shape == calls.shape and got.dtype.kind == "i"
    wrong = []
    for c, h, g in zip(calls, aht, got, strict=True):
        want = ref.required_agents(float(c), float(h), interval, goal, answer, cap)
        if int(g) != want:
            wrong.append((float(ref.load(float(c), float(h), interval)), float(h), int(g), want))
    assert not wrong, f"(load, aht, wfm, reference): {wrong}"
    # one interval at a time gives the same answer as the vector
    for i in (0, 17, 39):
        assert int(required_agents(calls[i], aht[i], interval, goal, answer, cap)) == got[i]


@pytest.mark.parametrize(("goal", "answer"), GOALS, ids=["80-20", "90-30", "95-60"])
@pytest.mark.parametrize("interval", INTERVALS, ids=["15min", "30min", "60min"])
def test_service_level_matches_the_reference_at_n_and_either_side(interval, goal, answer):
    calls, aht = _grid(interval)
    n = required_agents(calls, aht, interval, goal, answer)
    for shift in (-1, 0, 1):
        sl = service_level(n + shift, calls, aht, interval, answer)
        for c, h, k, s in zip(calls, aht, n + shift, sl, strict=True):
            q = ref.Queue(ref.load(float(c), float(h), interval))
            want = float(q.service_level(int(k), float(h), answer))
            assert abs(s - want) <= 1e-9, (float(q.a), int(k), s, want)
    # and the ASA the requirements report
    asa = asa_seconds(n, calls, aht, interval)
    for c, h, k, s in zip(calls, aht, n, asa, strict=True):
        q = ref.Queue(ref.load(float(c), float(h), interval))
        assert s == pytest.approx(float(q.asa(int(k), float(h))), rel=1e-9, abs=1e-9)


# Erlang A staffing: the reference's service level is below the goal at one agent fewer and
# meets it at the count (short and long patience, answer time 0, goals 50-95%)
ERLANG_A_STAFFING = [  # (calls, aht, interval, patience, goal, answer_seconds)
    (1.0, 180.0, 1800.0, 180.0, 0.80, 20.0),
    (12.0, 300.0, 1800.0, 60.0, 0.80, 20.0),
    (100.0, 180.0, 1800.0, 180.0, 0.80, 20.0),
    (250.0, 240.0, 900.0, 30.0, 0.90, 30.0),
    (400.0, 300.0, 1800.0, 600.0, 0.95, 60.0),
    (900.0, 300.0, 1800.0, 180.0, 0.80, 0.0),
    (30.0, 3600.0, 3600.0, 1200.0, 0.80, 20.0),
    (600.0, 600.0, 1800.0, 120.0, 0.50, 10.0),
]


@pytest.mark.parametrize(("calls", "aht", "interval", "patience", "goal", "answer"),
                         ERLANG_A_STAFFING)
def test_erlang_a_required_agents_equal_the_reference(calls, aht, interval, patience, goal,
                                                      answer):
    n = int(required_agents(calls, aht, interval, goal, answer, None, patience))
    assert ref.erlang_a(n, calls, aht, interval, patience, answer)["service_level"] >= goal
    if n > 1:
        assert ref.erlang_a(n - 1, calls, aht, interval, patience,
                            answer)["service_level"] < goal
    got = service_level([n - 1, n], calls, aht, interval, answer, patience)
    for k, sl in zip((n - 1, n), got, strict=True):
        if k:
            want = ref.erlang_a(k, calls, aht, interval, patience, answer)["service_level"]
            assert sl == pytest.approx(want, rel=1e-9)


# -- no warning, NaN or overflow up to 50,000 Erlangs ------------------------------------------
def _silently(func, *args, **kwargs):
    with np.errstate(all="warn", under="ignore"), warnings.catch_warnings():
        warnings.simplefilter("error")
        return func(*args, **kwargs)


@pytest.mark.parametrize("cap", [None, 0.85])
def test_big_loads_erlang_c_are_finite_and_silent(cap):
    loads = np.geomspace(0.1, 50_000.0, 60)
    for interval in INTERVALS:
        for aht in (30.0, 300.0, 3600.0):
            calls = loads * interval / aht
            n = _silently(required_agents, calls, aht, interval, 0.95, 60.0, cap)
            assert (n > loads).all()
            for k in (n - 1, n, n + 1):
                sl = _silently(service_level, k, calls, aht, interval, 60.0)
                asa = _silently(asa_seconds, k, calls, aht, interval)
                assert np.isfinite(sl).all() and (sl >= 0).all() and (sl <= 1).all()
                assert not np.isnan(asa).any() and (asa >= 0).all()
            assert (_silently(service_level, n, calls, aht, interval, 60.0) >= 0.95).all()
    # the top of the range against the reference
    calls = 50_000.0 * 1800 / 300
    assert int(required_agents(calls, 300.0, 1800.0, 0.95, 60.0, cap)) == \
        ref.required_agents(calls, 300.0, 1800.0, 0.95, 60.0, cap)


@pytest.mark.parametrize("cap", [None, 0.85], ids=["no-cap", "cap-0.85"])
def test_big_loads_erlang_a_are_finite_and_silent(cap):
    # Erlang A with the config's default patience, same range of loads
    loads = np.geomspace(0.1, 50_000.0, 25)
    calls = loads * 1800 / 300
    n = _silently(required_agents, calls, 300.0, 1800.0, 0.80, 20.0, cap, 180.0)
    sl = _silently(service_level, n, calls, 300.0, 1800.0, 20.0, 180.0)
    assert np.isfinite(sl).all() and (sl >= 0.80).all() and (sl <= 1).all()


def test_under_staffed_big_interval_has_a_service_level_not_nan():
    # a roster that falls short (1,250 agents for 5,000 Erlangs): SL near 0, never NaN
    calls = 5_000.0 * 1800 / 300
    for patience in (None, 180.0):
        sl = service_level(1_250, calls, 300.0, 1800.0, 20.0, patience)
        assert np.isfinite(sl) and 0 <= float(sl) < 0.01, (patience, sl)


# -- hand-worked cases -------------------------------------------------------------------------
def test_textbook_example_needs_fourteen_agents():
    # 100 calls in 30 min, AHT 180 s = 10 Erlangs, 80% in 20 s: 13 agents give 79.6%, 14 give
    # 88.8% (the classic Erlang C worked example)
    assert int(required_agents(100, 180, 1800, 0.80, 20)) == 14
    sl = service_level([13, 14], 100, 180, 1800, 20)
    np.testing.assert_allclose(sl, [0.7956, 0.8884], atol=1e-4)


def test_zero_volume_needs_no_agents():
    calls = np.array([0.0, 0.0, 12.0, 0.0])
    aht = np.array([300.0, np.nan, 300.0, 0.0])  # no handle time needed without calls
    n = required_agents(calls, aht, 1800, 0.8, 20, 0.85)
    np.testing.assert_array_equal(n, [0, 0, ref.required_agents(12, 300, 1800, 0.8, 20, 0.85), 0])
    n = required_agents(calls, aht, 1800, 0.8, 20, 0.85, 180.0)
    assert n[0] == n[1] == n[3] == 0
    assert float(service_level(0, 0.0, 300, 1800, 20)) == 1.0


def test_occupancy_cap_landing_on_a_whole_number_is_not_rounded_up():
    # 8.5 Erlangs at a cap of 0.85 is exactly 10 agents. A 10% in 20 s goal is met by 9, so
    # the cap decides, and 10 agents (occupancy exactly 0.85) are enough.
    calls, aht = 51.0, 300.0  # 51 x 300 / 1800 = 8.5 Erlangs
    assert int(required_agents(calls, aht, 1800, 0.10, 20)) == 9
    assert int(required_agents(calls, aht, 1800, 0.10, 20, 0.85)) == 10
    assert ref.required_agents(calls, aht, 1800, 0.10, 20, 0.85) == 10
    # the same with Erlang A, and with the load spread over other interval lengths
    assert int(required_agents(calls, aht, 1800, 0.10, 20, 0.85, 180.0)) == 10
    assert int(required_agents(34.0, 225.0, 900, 0.10, 20, 0.85)) == 10  # 8.5 Erlangs
    # 170 Erlangs / 0.85 = 200 exactly; just above that needs 201
    assert int(required_agents(1020.0, 300.0, 1800, 0.10, 20, 0.85)) == 200
    assert int(required_agents(1020.6, 300.0, 1800, 0.10, 20, 0.85)) == 201
    # a cap of 1 never binds above the Erlang C floor
    assert int(required_agents(calls, aht, 1800, 0.10, 20, 1.0)) == 9


def test_handle_time_longer_than_the_interval():
    # one-hour calls in 15-minute intervals: 10 calls starting per 15 min = 40 Erlangs
    n = required_agents(10.0, 3600.0, 900, 0.80, 20)
    assert int(n) == ref.required_agents(10.0, 3600.0, 900, 0.80, 20)
    assert int(n) > 40
    assert float(service_level(n, 10.0, 3600.0, 900, 20)) >= 0.80
    assert float(service_level(n - 1, 10.0, 3600.0, 900, 20)) < 0.80
    na = required_agents(10.0, 3600.0, 900, 0.80, 20, None, 180.0)
    assert float(service_level(na, 10.0, 3600.0, 900, 20, 180.0)) >= 0.80


def test_answer_time_zero_goal_is_share_not_waiting():
    # with t = 0 the goal is on P(no wait) = 1 - C
    n = int(required_agents(100, 180, 1800, 0.80, 0))
    q = ref.Queue(10)
    assert 1 - float(q.erlang_c(n)) >= 0.80 > 1 - float(q.erlang_c(n - 1))


# -- properties -----------------------------------------------------------------------------------
loads = st.floats(0.05, 2_000.0)
ahts = st.floats(10.0, 3_600.0)
intervals = st.sampled_from(INTERVALS)
answers = st.floats(0.0, 120.0)
goals = st.floats(0.5, 0.99)


def _agents_around(a: float) -> np.ndarray:
    return np.arange(0, int(a + 6 * math.sqrt(a)) + 8)


@settings(max_examples=80, deadline=None)
@given(a=loads, aht=ahts, interval=intervals, t=answers)
def test_service_level_never_falls_as_agents_are_added(a, aht, interval, t):
    calls = a * interval / aht
    sl = service_level(_agents_around(a), calls, aht, interval, t)
    assert (np.diff(sl) >= -1e-12).all()
    assert (sl >= 0).all() and (sl <= 1).all()


@settings(max_examples=80, deadline=None)
@given(a=loads, aht=ahts, interval=intervals, t=answers,
       more=st.floats(1.0, 1.5), which=st.sampled_from(["calls", "aht"]))
def test_service_level_never_rises_with_more_work(a, aht, interval, t, more, which):
    calls = a * interval / aht
    n = _agents_around(a * more)
    before = service_level(n, calls, aht, interval, t)
    if which == "calls":
        after = service_level(n, calls * more, aht, interval, t)
    else:
        after = service_level(n, calls, aht * more, interval, t)
    assert (after <= before + 1e-12).all()


# Erlang A: load x patience / AHT is kept below 400 (600 after the 1.5x growth below) so the
# properties are tested away from the overflow to NaN that test_big_loads_erlang_a_* and
# test_under_staffed_big_interval_* pin down (it starts near 750).
@st.composite
def erlang_a_cases(draw):
    aht = draw(ahts)
    ratio = draw(st.floats(0.05, 20.0))
    a = min(draw(st.floats(0.05, 60.0)), 400.0 / ratio)
    return a, aht, ratio * aht


@settings(max_examples=60, deadline=None)
@given(case=erlang_a_cases(), interval=intervals, t=answers)
def test_erlang_a_service_level_never_falls_as_agents_are_added(case, interval, t):
    a, aht, patience = case
    calls = a * interval / aht
    sl = service_level(_agents_around(a), calls, aht, interval, t, patience)
    assert (np.diff(sl) >= -1e-12).all()
    assert (sl >= 0).all() and (sl <= 1 + 1e-12).all()


@settings(max_examples=60, deadline=None)
@given(case=erlang_a_cases(), interval=intervals, t=answers, more=st.floats(1.0, 1.5),
       which=st.sampled_from(["calls", "aht"]))
def test_erlang_a_service_level_never_rises_with_more_work(case, interval, t, more, which):
    a, aht, patience = case
    calls = a * interval / aht
    n = _agents_around(a * more)
    before = service_level(n, calls, aht, interval, t, patience)
    if which == "calls":
        after = service_level(n, calls * more, aht, interval, t, patience)
    else:
        after = service_level(n, calls, aht * more, interval, t, patience)
    assert (after <= before + 1e-12).all()


@settings(max_examples=80, deadline=None)
@given(a=loads, aht=ahts, interval=intervals, t=answers, goal=goals,
       cap=st.one_of(st.none(), st.floats(0.5, 1.0)))
def test_required_agents_is_the_fewest_meeting_goal_and_cap(a, aht, interval, t, goal, cap):
    calls = a * interval / aht
    n = int(required_agents(calls, aht, interval, goal, t, cap))
    assert float(service_level(n, calls, aht, interval, t)) >= goal
    load = calls * aht / interval
    if cap is not None:
        assert load / n <= cap * (1 + 1e-9)
    fewer_meets = float(service_level(n - 1, calls, aht, interval, t)) >= goal
    fewer_within_cap = cap is None or (n > 1 and load / (n - 1) <= cap * (1 + 1e-9))
    assert not (fewer_meets and fewer_within_cap)


@settings(max_examples=50, deadline=None)
@given(case=erlang_a_cases(), interval=intervals, t=answers, goal=goals,
       cap=st.one_of(st.none(), st.floats(0.5, 1.0)))
def test_erlang_a_required_agents_is_the_fewest_meeting_goal_and_cap(case, interval, t, goal,
                                                                      cap):
    a, aht, patience = case
    calls = a * interval / aht
    n = int(required_agents(calls, aht, interval, goal, t, cap, patience))
    assert n >= 1
    assert float(service_level(n, calls, aht, interval, t, patience)) >= goal
    if cap is not None:
        assert a / n <= cap * (1 + 1e-9)
    fewer_meets = n >= 1 and float(service_level(n - 1, calls, aht, interval, t,
                                                 patience)) >= goal
    fewer_within_cap = cap is None or (n > 1 and a / (n - 1) <= cap * (1 + 1e-9))
    assert not (fewer_meets and fewer_within_cap)


@settings(max_examples=60, deadline=None)
@given(a=loads, aht=ahts, interval=intervals, t=answers, goal=goals)
def test_erlang_a_with_infinite_patience_is_erlang_c(a, aht, interval, t, goal):
    calls = a * interval / aht
    n = _agents_around(a)
    np.testing.assert_allclose(service_level(n, calls, aht, interval, t, np.inf),
                               service_level(n, calls, aht, interval, t), atol=1e-12)
    assert int(required_agents(calls, aht, interval, goal, t, None, np.inf)) == \
        int(required_agents(calls, aht, interval, goal, t))
    np.testing.assert_allclose(asa_seconds(n, calls, aht, interval, np.inf),
                               asa_seconds(n, calls, aht, interval), rtol=1e-12)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # see the test after this one
@pytest.mark.parametrize(("calls", "aht", "interval"), [
    (3.0, 600.0, 1800.0), (10.0, 900.0, 3600.0), (4.0, 3600.0, 3600.0), (1.0, 1200.0, 900.0)])
def test_erlang_a_with_very_long_patience_staffs_like_erlang_c(calls, aht, interval):
    # 10^7 s (four months) of patience: nobody abandons, so Erlang C's answer and service level
    nc = int(required_agents(calls, aht, interval, 0.8, 20))
    na = int(required_agents(calls, aht, interval, 0.8, 20, None, 1e7))
    assert na == nc
    n = np.arange(nc - 1, nc + 4)
    np.testing.assert_allclose(service_level(n, calls, aht, interval, 20, 1e7),
                               service_level(n, calls, aht, interval, 20), atol=1e-4)


def test_erlang_a_staffing_with_long_patience_is_silent_at_small_loads():
    # 4 Erlangs, one-hour calls, 10^7 s patience: the search passes through 2 agents, where the
    # queue weights of M/M/n+M exceed e^709 unless computed in a scaled form
    n = _silently(required_agents, 4.0, 3600.0, 3600.0, 0.8, 20.0, None, 1e7)
    assert int(n) == int(required_agents(4.0, 3600.0, 3600.0, 0.8, 20.0))


# -- bad input ----------------------------------------------------------------------------------
GOOD = {"calls": 100.0, "aht_seconds": 180.0, "interval_seconds": 1800.0, "goal": 0.8,
        "answer_seconds": 20.0}


@pytest.mark.parametrize(("change", "word"), [
    ({"calls": -1.0}, "calls"),
    ({"calls": np.nan}, "calls"),
    ({"calls": np.inf}, "calls"),
    ({"aht_seconds": 0.0}, "aht"),
    ({"aht_seconds": -30.0}, "aht"),
    ({"aht_seconds": np.nan}, "aht"),
    ({"interval_seconds": 0.0}, "interval"),
    ({"goal": 0.0}, "goal"),
    ({"goal": 1.0}, "goal"),
    ({"goal": 1.5}, "goal"),
    ({"goal": -0.2}, "goal"),
    ({"goal": np.nan}, "goal"),
    ({"answer_seconds": -1.0}, "answer"),
    ({"answer_seconds": np.nan}, "answer"),
    ({"max_occupancy": 0.0}, "occupancy"),
    ({"max_occupancy": -0.5}, "occupancy"),
    ({"max_occupancy": 1.01}, "occupancy"),
    ({"max_occupancy": np.nan}, "occupancy"),
    ({"patience_seconds": 0.0}, "patience"),
    ({"patience_seconds": -5.0}, "patience"),
])
def test_bad_input_is_a_value_error(change, word):
    with pytest.raises(ValueError, match=word):
        required_agents(**{**GOOD, **change})


def test_bad_input_in_one_interval_of_many():
    calls = np.array([10.0, 20.0, -3.0])
    with pytest.raises(ValueError, match="calls"):
        required_agents(calls, 180.0, 1800, 0.8, 20)
    with pytest.raises(ValueError, match="aht"):
        required_agents([10.0, 20.0], [180.0, np.nan], 1800, 0.8, 20)
    with pytest.raises(ValueError, match="aht"):
        required_agents([10.0, 20.0], [180.0, 0.0], 1800, 0.8, 20)


def test_service_level_rejects_bad_input_too():
    with pytest.raises(ValueError, match="calls"):
        service_level(10, -1.0, 180, 1800, 20)
    with pytest.raises(ValueError, match="aht"):
        service_level(10, 100.0, 0.0, 1800, 20)
    with pytest.raises(ValueError, match="answer"):
        service_level(10, 100.0, 180, 1800, -1)
    with pytest.raises(ValueError, match="agents"):
        service_level(-1, 100.0, 180, 1800, 20)


def test_agents_on_the_phones_are_whole_people_after_shrinkage():
    # 20 x 0.75 = 15 exactly (no float shortfall to 14); 7 x 0.75 = 5.25 -> 5; 0 -> 0
    np.testing.assert_array_equal(agents_on_phones([20, 7, 0, 1], 0.25), [15, 5, 0, 0])
    np.testing.assert_array_equal(agents_on_phones([3, 10], 0.0), [3, 10])
    assert agents_on_phones([10], 0.9)[0] == 1  # 10 x (1 - 0.9) is 0.9999999999999998 in floats
