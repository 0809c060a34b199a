"""Erlang A through the day: the stationary figures when nothing changes, the carried
queue when something does, and agreement with the simulation where the stationary
figures and the simulation part."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import linalg, special

from wfm.schedule.staffing.erlang import erlang_a
from wfm.schedule.staffing.erlang_day import erlang_a_through_day
from wfm.schedule.staffing.simulation import simulate

HALF_HOUR = 1800.0


def _plan(volume, agents, start="2027-03-01 08:00", aht=240.0) -> pd.DataFrame:
    volume = np.asarray(volume, dtype=float)
    return pd.DataFrame({"interval_start": pd.date_range(start, periods=len(volume),
                                                         freq="30min"),
                         "volume": volume, "aht_seconds": aht,
                         "agents": np.broadcast_to(agents, volume.shape)})


def _stationary(plan: pd.DataFrame) -> dict[str, np.ndarray]:
    load = plan["volume"] * plan["aht_seconds"] / HALF_HOUR
    return erlang_a(plan["agents"].to_numpy(), load.to_numpy(), plan["aht_seconds"].to_numpy(),
                    180.0, 20.0)


def test_a_steady_day_settles_to_the_stationary_figures():
    plan = _plan(np.full(30, 140.0), 20)
    day = erlang_a_through_day(plan, HALF_HOUR, 20.0, 180.0)
    still = _stationary(plan)
    for kpi in ("service_level", "abandonment", "asa"):
        assert day[kpi].iloc[-1] == pytest.approx(still[kpi][-1], rel=1e-9)
    # the morning starts empty: the first half hour is better than steady state
    assert day["service_level"].iloc[0] > still["service_level"][0]


def test_a_queue_left_by_an_overload_costs_the_next_interval():
    plan = _plan([300.0, 120.0, 120.0, 120.0], 17)
    day = erlang_a_through_day(plan, HALF_HOUR, 20.0, 180.0)
    still = _stationary(plan)
    assert day["service_level"].iloc[1] < still["service_level"][1] - 0.01
    assert day["abandonment"].iloc[1] > still["abandonment"][1]
    # and it wears off: two intervals later the day is back at steady state
    assert day["service_level"].iloc[3] == pytest.approx(still["service_level"][3], abs=1e-3)


def test_a_falling_afternoon_agrees_with_the_simulation():
    """The load and the agents fall together through the afternoon, each interval staffed
    for its own load. The simulation carries each queue into the next interval; so does
    Erlang A through the day, and it lands inside the simulated 95% interval."""
    volume = np.concatenate([np.full(4, 200.0), np.linspace(200.0, 40.0, 12)])
    agents = np.ceil(volume * 240.0 / HALF_HOUR * 1.1 + 2).astype(int)
    plan = _plan(volume, agents)
    day = erlang_a_through_day(plan, HALF_HOUR, 20.0, 180.0)
    sim = simulate(plan, interval_seconds=HALF_HOUR, answer_seconds=20.0,
                   patience_seconds=180.0, replications=300, seed=11)
    summary = sim.summary.set_index("kpi")
    sl = float((day["service_level"] * volume).sum() / volume.sum())
    lo, hi = summary.loc["service_level", ["lo", "hi"]]
    assert lo <= sl <= hi
    abandon = float((day["abandonment"] * volume).sum() / volume.sum())
    lo, hi = summary.loc["abandonment", ["lo", "hi"]]
    assert lo <= abandon <= hi


def test_a_24_hour_centre_carries_the_night_into_the_next_day():
    """The same 24 half hours from noon to noon give the same figures as from midnight to
    midnight: the night is carried over midnight, not restarted empty."""
    volume = np.concatenate([np.full(12, 200.0), np.full(12, 60.0)])
    agents = np.concatenate([np.full(12, 24), np.full(12, 7)])
    across = erlang_a_through_day(_plan(volume, agents, start="2027-03-01 12:00"), HALF_HOUR,
                                  20.0, 180.0)
    inside = erlang_a_through_day(_plan(volume, agents, start="2027-03-02 00:00"), HALF_HOUR,
                                  20.0, 180.0)
    np.testing.assert_allclose(across["service_level"], inside["service_level"], atol=1e-9)


def test_no_agents_means_every_call_is_lost():
    day = erlang_a_through_day(_plan([10.0, 10.0], 0), HALF_HOUR, 20.0, 180.0)
    assert (day["service_level"] == 0).all() and (day["abandonment"] == 1).all()


def _by_matrix_exponential(plan: pd.DataFrame, answer: float, patience: float,
                           size: int = 200) -> dict[str, np.ndarray]:
    """One day's figures computed another way: each interval's generator exponentiated by
    scipy (Pade), the time average as the top-right block of expm([[Q, I], [0, 0]] T)
    (Van Loan), and what an arrival gets from betainc and digamma directly."""
    state = np.zeros(size)
    state[0] = 1.0
    states = np.arange(size, dtype=float)
    out: dict[str, list[float]] = {"service_level": [], "abandonment": [], "asa": []}
    for volume, aht, n in plan[["volume", "aht_seconds", "agents"]].itertuples(index=False):
        births = np.full(size, volume / HALF_HOUR)
        births[-1] = 0.0
        deaths = np.minimum(states, n) / aht + np.maximum(states - n, 0) / patience
        q = np.diag(births[:-1], 1) + np.diag(deaths[1:], -1) - np.diag(births + deaths)
        block = np.zeros((2 * size, 2 * size))
        block[:size, :size], block[:size, size:] = q, np.eye(size)
        e = linalg.expm(block * HALF_HOUR)
        seen = state @ e[:size, size:]
        state = state @ e[:size, :size]
        seen /= seen.sum()
        k = np.maximum(states - n + 1, 1.0)
        x = n * patience / aht
        queued = states >= n
        served = np.where(queued, x / (x + k), 1.0) if n else np.zeros(size)
        within = special.betainc(k, x + 1, -np.expm1(-answer / patience))
        wait = np.where(queued, patience * (special.digamma(x + k + 1) - special.digamma(x + 1)),
                        0.0)
        answered = float(seen @ served)
        out["service_level"].append(float(seen @ (served * np.where(queued, within, 1.0))))
        out["abandonment"].append(1.0 - answered)
        out["asa"].append(float(seen @ (served * wait)) / answered if answered else 0.0)
    return {k: np.array(v) for k, v in out.items()}


@pytest.mark.parametrize(("answer", "patience"), [(20.0, 180.0), (0.0, 60.0), (60.0, 900.0)])
def test_equals_the_matrix_exponential_of_each_interval(answer, patience):
    """An overload, a closed half hour with the queue still there, then too few agents
    and a quiet end: the banded, cut uniformisation against expm, interval by interval."""
    plan = _plan([300.0, 120.0, 0.0, 90.0, 160.0, 10.0, 0.0], [17, 17, 0, 12, 14, 4, 2])
    day = erlang_a_through_day(plan, HALF_HOUR, answer, patience)
    want = _by_matrix_exponential(plan, answer, patience)
    for kpi in ("service_level", "abandonment", "asa"):
        np.testing.assert_allclose(day[kpi], want[kpi], rtol=1e-9, atol=1e-13, err_msg=kpi)
