"""The discrete-event simulation agrees with Erlang C (M/M/c) and Erlang A (M/M/c+M)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm.schedule.staffing.erlang import erlang_a, erlang_c_asa, erlang_c_service_level
from wfm.schedule.staffing.simulation import (
    RANGES,
    Calls,
    _busy_seconds,
    _ci,
    poisson_calls,
    run_queue,
    simulate,
)

INTERVAL = 1800.0


def _steady_plan(load: float, agents: int, aht: float = 300.0, n: int = 96) -> pd.DataFrame:
    calls = load * INTERVAL / aht
    return pd.DataFrame({
        "interval_start": pd.date_range("2026-12-01", periods=n, freq="30min"),
        "volume": calls, "aht_seconds": aht, "agents": agents,
    })


def _summary(result) -> pd.Series:
    return result.summary.set_index("kpi")


@pytest.mark.parametrize(("load", "agents"), [(17.0, 20), (8.0, 10), (45.0, 48)])
def test_mmc_service_level_interval_contains_erlang_c(load, agents):
    plan = _steady_plan(load, agents)
    res = simulate(plan, interval_seconds=INTERVAL, answer_seconds=20, patience_seconds=None,
                   replications=8, seed=3)
    sl = _summary(res).loc["service_level"]
    exact = float(erlang_c_service_level(agents, load, 300.0, 20))
    assert sl["lo"] <= exact <= sl["hi"], (sl.to_dict(), exact)
    asa = _summary(res).loc["asa_seconds"]
    assert asa["lo"] <= float(erlang_c_asa(agents, load, 300.0)) <= asa["hi"]
    assert _summary(res).loc["abandonment", "value"] == 0.0


@pytest.mark.parametrize(("load", "agents", "patience"), [(17.0, 17, 120.0), (30.0, 28, 300.0)])
def test_abandonment_case_interval_contains_erlang_a(load, agents, patience):
    # ten days, so the empty start (every run opens with no queue) does not bias the figure
    plan = _steady_plan(load, agents, n=480)
    res = simulate(plan, interval_seconds=INTERVAL, answer_seconds=20,
                   patience_seconds=patience, replications=8, seed=5)
    exact = erlang_a(np.array([agents], float), np.array([load]), np.array([300.0]),
                     np.array([patience]), 20)
    s = _summary(res)
    assert s.loc["service_level", "lo"] <= exact["service_level"][0] <= s.loc["service_level", "hi"]
    assert s.loc["abandonment", "lo"] <= exact["abandonment"][0] <= s.loc["abandonment", "hi"]


def test_occupancy_is_carried_load_over_agents():
    plan = _steady_plan(16.0, 20)
    res = simulate(plan, interval_seconds=INTERVAL, answer_seconds=20, patience_seconds=None,
                   replications=6, seed=1)
    occ = _summary(res).loc["occupancy"]
    assert occ["lo"] - 0.01 <= 0.8 <= occ["hi"] + 0.01


def test_fixed_seed_reproduces_and_another_seed_differs():
    plan = _steady_plan(10.0, 12, n=24)
    kwargs = {"interval_seconds": INTERVAL, "answer_seconds": 20, "patience_seconds": 180.0,
              "replications": 3}
    a = simulate(plan, seed=7, **kwargs).summary
    b = simulate(plan, seed=7, **kwargs).summary
    c = simulate(plan, seed=8, **kwargs).summary
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


def test_hand_worked_queue_with_two_agents():
    # two agents; calls at 0, 1, 2, 3 s, each 10 s long: the third waits until 10 s, the
    # fourth until 11 s; with patience 8.5 s the fourth hangs up (it would wait 8 s: stays)
    calls = Calls(arrival=np.array([0.0, 1.0, 2.0, 3.0]), handle=np.full(4, 10.0),
                  patience=np.array([np.inf, np.inf, np.inf, 7.5]))
    res = run_queue(calls, np.array([2]), 3600.0)
    np.testing.assert_allclose(res["start"][:3], [0.0, 1.0, 10.0])
    assert res["served"].tolist() == [True, True, True, False]


def test_agents_leaving_at_a_boundary_finish_their_call_first():
    # one agent in the first interval, none after: a call arriving at 50 s (interval 0)
    # is served; one arriving at 110 s (interval 1, no agents) is lost
    calls = Calls(arrival=np.array([50.0, 110.0]), handle=np.array([30.0, 5.0]),
                  patience=np.full(2, np.inf))
    res = run_queue(calls, np.array([1, 0]), 100.0)
    assert res["served"].tolist() == [True, False]


def test_busy_seconds_split_across_intervals():
    busy = _busy_seconds(np.array([50.0, 150.0]), np.array([130.0, 160.0]), 3, 100.0)
    np.testing.assert_allclose(busy, [50.0, 40.0, 0.0])


def test_poisson_arrivals_have_the_planned_rate():
    rng = np.random.default_rng(0)
    calls = poisson_calls(np.full(200, 50.0), np.full(200, 240.0), INTERVAL, None, rng)
    assert abs(calls.arrival.size / 200 - 50.0) < 1.5
    assert abs(calls.handle.mean() - 240.0) < 5.0
    assert np.all(np.diff(calls.arrival) >= 0)


def test_closed_intervals_give_no_warning_and_no_calls():
    import warnings

    plan = pd.DataFrame({"interval_start": pd.date_range("2026-01-01", periods=2, freq="30min"),
                         "volume": [0.0, 50.0], "aht_seconds": 300.0, "agents": [0, 10]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = simulate(plan, interval_seconds=INTERVAL, answer_seconds=20,
                       patience_seconds=None, replications=3)
    assert res.intervals["offered"].iloc[0] == 0.0
    assert np.isnan(res.intervals["service_level"].iloc[0])


def test_an_agent_who_joins_takes_the_call_already_waiting():
    """One agent busy for 1,000 s; a second joins at the 60 s boundary. The call that
    arrived at 50 s is answered at 60 s by the newcomer, not held for the busy agent."""
    calls = Calls(arrival=np.array([0.0, 50.0]), handle=np.array([1000.0, 30.0]),
                  patience=np.array([np.inf, np.inf]))
    out = run_queue(calls, np.array([1, 2]), 60.0)
    assert out["served"].all()
    assert out["start"].tolist() == [0.0, 60.0]


def test_a_call_waits_for_the_first_agent_of_the_day_within_its_patience():
    """Nobody on shift in the first interval: a call with enough patience is answered when
    the first agent arrives; one with too little abandons."""
    calls = Calls(arrival=np.array([30.0, 40.0]), handle=np.array([10.0, 10.0]),
                  patience=np.array([5.0, 100.0]))
    out = run_queue(calls, np.array([0, 1]), 60.0)
    assert out["served"].tolist() == [False, True]
    assert out["start"][1] == 60.0


def test_a_patient_caller_with_nobody_ever_on_shift_is_lost():
    calls = Calls(arrival=np.array([10.0]), handle=np.array([60.0]), patience=np.array([np.inf]))
    out = run_queue(calls, np.array([0, 0]), 60.0)
    assert not out["served"].any()


@pytest.mark.parametrize(("n", "t"), [(11, 2.228), (17, 2.120), (2, 12.706), (31, 2.042)])
def test_the_interval_uses_students_t_for_any_replication_count(n, t):
    # published two-sided 95% points with n - 1 degrees of freedom (a table lists 10 df:
    # 2.228, 16 df: 2.120); values 0, 1, 0, 1, ...: the half-width is t x sd / sqrt(n)
    values = np.array([[i % 2] for i in range(n)], dtype=float)
    _, lo, hi = _ci(values)
    half = (hi - lo)[0] / 2
    assert half == pytest.approx(t * np.std(values, ddof=1) / np.sqrt(n), rel=1e-3)


def test_the_interval_stays_within_what_the_figure_can_be():
    # three replications of a service level at 100%, 100% and 70%: the t-interval
    # (0.9 +- 4.303 x 0.173 / sqrt 3 = 0.47 to 1.33) is cut at 100%; an ASA's at 0 s
    sl = np.array([[1.0], [1.0], [0.7]])
    mean, lo, hi = _ci(sl, RANGES["service_level"])
    assert mean[0] == pytest.approx(0.9) and lo[0] == pytest.approx(0.9 - 0.4303, abs=1e-3)
    assert hi[0] == 1.0
    _, lo, _ = _ci(np.array([[0.0], [0.0], [3.0]]), RANGES["asa_seconds"])
    assert lo[0] == 0.0
    assert set(RANGES) == {"service_level", "asa_seconds", "abandonment", "occupancy"}
