"""Staffing many queues (schedule/queue_staffing.py): each queue for its own goal and hours,
and the roll-up across queues checked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm.core.calendar import calendar_from_config
from wfm.core.config import config_for_queue, parse_config
from wfm.core.errors import InputError
from wfm.forecast.history import History
from wfm.forecast.queues import jobs
from wfm.schedule.staffing.queues import plan_job, rollup_requirements, staff_queues
from wfm.schedule.staffing.requirements import requirements

DAYS = pd.date_range("2024-03-04", periods=2, freq="D")  # Monday, Tuesday


def _day_shape() -> np.ndarray:
    """Calls per 30-minute slot: none at night, a bell from 07:00 to 21:00."""
    x = np.arange(48)
    shape = np.where((x >= 14) & (x < 42), 40 * np.exp(-0.5 * ((x - 26) / 6) ** 2), 0.0)
    return np.round(shape + np.where(shape > 0, 2, 0), 1)


def _intervals(queues: dict[str, float]) -> pd.DataFrame:
    """An interval forecast with a queue column: each queue the day shape x its scale."""
    starts = pd.DatetimeIndex(np.concatenate([
        pd.date_range(d, periods=48, freq="30min").to_numpy() for d in DAYS]))
    vol = np.tile(_day_shape(), len(DAYS))
    return pd.concat([pd.DataFrame({"queue": q, "interval_start": starts,
                                    "volume": vol * k, "aht_seconds": 240.0})
                      for q, k in queues.items()], ignore_index=True)


CFG = parse_config({
    "service": {"goal": 0.8, "answer_seconds": 20, "shrinkage": 0.25},
    "queues": {"vip": {"service": {"goal": 0.9}},
               "web": {"centre": {"hours": {"default": ["10:00", "16:00"]}}}},
})


@pytest.fixture(scope="module")
def req():
    return staff_queues(_intervals({"std": 1.0, "vip": 1.0, "web": 0.5}), CFG)


def _queue(req: pd.DataFrame, q: str) -> pd.DataFrame:
    return req[req["queue"] == q].reset_index(drop=True)


def test_queues_come_back_sorted_with_the_queue_column_in_front(req):
    assert req.columns[0] == "queue"
    assert list(dict.fromkeys(req["queue"])) == ["std", "vip", "web"]
    assert len(req) == 3 * 96


def test_a_queue_with_a_higher_goal_meets_it_with_more_agents(req):
    std, vip = _queue(req, "std"), _queue(req, "vip")
    busy = vip["open"] & (vip["volume"] > 0)
    assert busy.sum() == 56
    assert (vip.loc[busy, "service_level"] >= 0.9).all()
    assert (std.loc[busy, "service_level"] >= 0.8).all()
    assert (std.loc[busy, "service_level"] < 0.9).any()  # 0.8 alone would not do for vip
    assert (vip["agents"] >= std["agents"]).all()
    assert vip["agents"].sum() > std["agents"].sum()
    # each queue exactly as staffing it alone with its own config
    alone = requirements(_intervals({"vip": 1.0}).drop(columns="queue"),
                         config_for_queue(CFG, "vip"),
                         calendar_from_config(config_for_queue(CFG, "vip")))
    pd.testing.assert_frame_equal(vip.drop(columns="queue"), alone)


def test_a_queue_is_staffed_only_in_its_own_hours(req):
    web, std = _queue(req, "web"), _queue(req, "std")
    minutes = web["interval_start"].dt.hour * 60 + web["interval_start"].dt.minute
    inside = (minutes >= 600) & (minutes < 960)
    assert web.loc[inside, "open"].all() and not web.loc[~inside, "open"].any()
    assert (web.loc[~inside, "agents"] == 0).all() and (web.loc[~inside, "staff"] == 0).all()
    assert (web.loc[inside, "agents"] > 0).all()
    assert web.loc[~inside, "volume"].sum() > 0  # volume outside the hours is kept, unstaffed
    assert web.loc[~inside, "service_level"].isna().all()
    assert (std.loc[std["volume"] > 0, "agents"] > 0).all()  # the centre's hours: all day


def test_rollup_adds_agents_staff_and_volume_per_interval(req):
    total = rollup_requirements(req)
    assert len(total) == 96
    sums = req.groupby("interval_start")[["volume", "agents", "staff"]].sum()
    assert total["agents"].tolist() == sums["agents"].tolist()
    assert total["staff"].tolist() == sums["staff"].tolist()
    np.testing.assert_allclose(total["volume"], sums["volume"])
    assert set(total["queues"]) == {3}
    assert total["agents"].sum() == req["agents"].sum()
    assert list(total.columns) == ["interval_start", "volume", "aht_seconds", "agents",
                                   "staff", "service_level", "asa_seconds", "occupancy",
                                   "queues", "open"]


def test_rollup_weights_service_level_asa_aht_and_occupancy_by_hand():
    t1, t2, t3 = (pd.Timestamp(f"2024-03-04 {h}") for h in ("09:00", "09:30", "23:00"))
    nan = np.nan
    frame = pd.DataFrame({
        "queue": ["a", "a", "a", "b", "b", "b"],
        "interval_start": [t1, t2, t3, t1, t2, t3],
        "volume": [10.0, 0.0, 0.0, 30.0, 5.0, 0.0],
        "aht_seconds": [200.0, 300.0, 240.0, 100.0, 400.0, 240.0],
        "agents": [3, 1, 0, 4, 0, 0], "staff": [4, 2, 0, 6, 0, 0],
        "service_level": [0.9, 1.0, nan, 0.7, nan, nan],
        "asa_seconds": [5.0, 0.0, nan, 20.0, nan, nan],
        "occupancy": [0.5, 0.0, 0.0, 0.8, 0.0, 0.0],
        "open": [True, True, False, True, False, False]})
    got = rollup_requirements(frame).set_index("interval_start")
    assert got["volume"].tolist() == [40.0, 5.0, 0.0]
    assert got["agents"].tolist() == [7, 1, 0] and got["staff"].tolist() == [10, 2, 0]
    # t1: (10 x 200 + 30 x 100) / 40 = 125 s; SL (10 x 0.9 + 30 x 0.7) / 40 = 0.75;
    # ASA (10 x 5 + 30 x 20) / 40 = 16.25 s; occupancy (3 x 0.5 + 4 x 0.8) / 7 agents
    assert got.loc[t1, "aht_seconds"] == pytest.approx(125.0)
    assert got.loc[t1, "service_level"] == pytest.approx(0.75)
    assert got.loc[t1, "asa_seconds"] == pytest.approx(16.25)
    assert got.loc[t1, "occupancy"] == pytest.approx(4.7 / 7)
    # t2: b's 5 calls fall outside its hours, so no open calls: a staffed interval without
    # calls has met its goal; AHT still weights every call
    assert got.loc[t2, "aht_seconds"] == pytest.approx(400.0)
    assert got.loc[t2, "service_level"] == 1.0 and got.loc[t2, "asa_seconds"] == 0.0
    assert bool(got.loc[t2, "open"])
    # t3: closed everywhere, no calls: nothing to report
    assert not got.loc[t3, "open"]
    assert np.isnan(got.loc[t3, "service_level"]) and np.isnan(got.loc[t3, "aht_seconds"])
    assert got.loc[t3, "occupancy"] == 0.0
    assert got["queues"].tolist() == [2, 2, 2]


def test_a_bad_interval_names_its_queue():
    frame = _intervals({"ok": 1.0, "broken": 1.0})
    frame.loc[(frame["queue"] == "broken").to_numpy().nonzero()[0][20], "volume"] = -1.0
    with pytest.raises(InputError) as info:
        staff_queues(frame, CFG)
    assert str(info.value) == "queue 'broken': volume must be finite and >= 0 in every interval"


def test_plan_job_forecasts_and_staffs_one_queue_with_its_config(synth):
    daily = synth.daily(days=70, level=400.0, noise=0.05)
    history = History(source="h.csv", form="daily", daily=daily, intervals=None,
                      contacts=None, native_minutes=1440)
    cfg = parse_config({"forecast": {"models": ["seasonal_naive", "ets"]},
                        "queues": {"vip": {"service": {"goal": 0.9, "aht_seconds": 360},
                                           "centre": {"hours": {"default": ["09:00",
                                                                            "17:00"]}}}}})
    job = jobs({"vip": history}, cfg, days=3)["vip"]
    result, need = plan_job(job)
    assert len(result.daily) == 3 and result.daily["date"].iloc[0] == pd.Timestamp("2023-03-13")
    assert (result.intervals["aht_seconds"] == 360.0).all()
    hours = result.intervals["interval_start"].dt.hour
    assert result.intervals.loc[(hours < 9) | (hours >= 17), "volume"].eq(0).all()
    np.testing.assert_allclose(result.intervals["volume"].sum(), result.daily["volume"].sum())
    pd.testing.assert_frame_equal(need, requirements(result.intervals, job.config, job.calendar))
    busy = need["open"] & (need["volume"] > 0)
    assert busy.sum() == 3 * 16 and (need.loc[busy, "service_level"] >= 0.9).all()
    assert (need.loc[~need["open"], "agents"] == 0).all()


# -- one pooled team for every queue ---------------------------------------------------------
def test_one_pool_needs_what_erlang_gives_for_the_calls_added_up():
    """Two queues with different handle times, pooled: the agents Erlang C gives for the
    summed calls and the call-weighted handle time, at the centre's goal."""
    from wfm.schedule.staffing.agents import required_agents
    from wfm.schedule.staffing.queues import pooled_agents

    two = _intervals({"a": 1.0, "b": 0.5})
    two.loc[two["queue"] == "b", "aht_seconds"] = 480.0
    req = staff_queues(two, CFG)
    pooled = pooled_agents(req, CFG, 30)
    a, b = _queue(req, "a"), _queue(req, "b")
    calls = a["volume"] + b["volume"]
    aht = (a["volume"] * 240 + b["volume"] * 480) / calls.where(calls > 0)
    want = required_agents(calls.to_numpy(), aht.fillna(240).to_numpy(), 1800, 0.8, 20, 0.85)
    want = np.where(a["open"] | b["open"], np.maximum(want, 1), 0)
    assert pooled["pooled_agents"].tolist() == want.tolist()
    assert pooled["pooled_staff"].tolist() == np.ceil(want / 0.75 - 1e-9).astype(int).tolist()


def test_pooling_never_needs_more_agents_than_dedicated_queues():
    """Same goal everywhere: one pool of the calls needs at most the dedicated teams'
    agents in every interval (Erlang's economies of scale), and fewer over the day."""
    from wfm.schedule.staffing.queues import pooled_agents

    same = parse_config({"service": {"goal": 0.8, "answer_seconds": 20, "shrinkage": 0.25}})
    req = staff_queues(_intervals({"x": 1.0, "y": 0.3, "z": 0.1}), same)
    dedicated = rollup_requirements(req)["agents"].to_numpy()
    pooled = pooled_agents(req, same, 30)["pooled_agents"].to_numpy()
    assert (pooled <= dedicated).all() and pooled.sum() < dedicated.sum()


def test_a_single_queue_pooled_is_that_queue():
    from wfm.schedule.staffing.queues import pooled_agents

    same = parse_config({"service": {"goal": 0.8, "answer_seconds": 20}})
    req = staff_queues(_intervals({"only": 1.0}), same)
    assert pooled_agents(req, same, 30)["pooled_agents"].tolist() == req["agents"].tolist()
