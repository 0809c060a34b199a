"""Requirements per interval (schedule/staffing/requirements.py): voice by Erlang, chat as
sessions over concurrency, e-mail by the response window (`wfm staff` is tested in
tests/cli/test_staff.py)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
import reference_erlang as ref

from wfm.core.calendar import calendar_from_config
from wfm.core.config import parse_config
from wfm.schedule.staffing.agents import required_agents, service_level
from wfm.schedule.staffing.requirements import requirements

DESIGN_COLUMNS = ["interval_start", "volume", "aht_seconds", "agents", "staff",
                  "service_level", "asa_seconds", "occupancy"]


# -- a small hand-made frame ------------------------------------------------------------------
# Hourly intervals; agents work 08:00-12:00 on Mon-Sat (Sat 09:00-11:00); Sunday is closed.
SERVICE = {"goal": 0.8, "answer_seconds": 20, "max_occupancy": 0.85, "shrinkage": 0.3,
           "aht_seconds": 240, "min_agents": 7}


def _config(**service):
    return parse_config({
        "centre": {"interval_minutes": 60, "country": "",
                   "open_days": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
                   "hours": {"default": ["08:00", "12:00"], "Sat": ["09:00", "11:00"]}},
        "service": {**SERVICE, **service},
    })


def _frame() -> pd.DataFrame:
    rows = [
        # Monday 2024-01-01: calls before, inside and after the hours
        ("2024-01-01 07:00", 30.0, 300.0),   # before opening: reported, not staffed
        ("2024-01-01 08:00", 100.0, 300.0),
        ("2024-01-01 09:00", 0.0, 300.0),    # open, no calls: min_agents
        ("2024-01-01 10:00", 1.0, 300.0),    # open, one call: min_agents lifts it
        ("2024-01-01 11:00", 250.0, np.nan),  # no handle time: the config's 240 s
        ("2024-01-01 12:00", 40.0, 300.0),   # after closing
        ("2024-01-01 20:00", 5.0, 300.0),
        # Tuesday: a day with no calls at all (a holiday the centre shuts) gets nobody
        ("2024-01-02 08:00", 0.0, 300.0),
        ("2024-01-02 09:00", 0.0, 300.0),
        ("2024-01-02 10:00", 0.0, 300.0),
        # Saturday: shorter hours
        ("2024-01-06 08:00", 60.0, 180.0),   # before Saturday opening
        ("2024-01-06 09:00", 60.0, 180.0),
        ("2024-01-06 10:00", 60.0, 180.0),
        ("2024-01-06 11:00", 60.0, 180.0),   # after Saturday closing
        # Sunday: closed all day, calls or not
        ("2024-01-07 09:00", 80.0, 300.0),
        ("2024-01-07 10:00", 80.0, 300.0),
    ]
    return pd.DataFrame({"interval_start": pd.to_datetime([r[0] for r in rows]),
                         "volume": [r[1] for r in rows], "aht_seconds": [r[2] for r in rows]})


OPEN = [False, True, True, True, True, False, False,
        True, True, True,   # open hours, but the day has no calls
        False, True, True, False,
        False, False]
STAFFED = [o and not (7 <= i <= 9) for i, o in enumerate(OPEN)]


@pytest.fixture(scope="module")
def hand_made():
    cfg = _config()
    frame = _frame()
    return frame, requirements(frame, cfg, calendar_from_config(cfg))


def test_requirements_have_the_design_columns_and_every_row(hand_made):
    frame, req = hand_made
    assert list(req.columns[:8]) == DESIGN_COLUMNS
    assert len(req) == len(frame)
    assert (req["interval_start"].to_numpy() == frame["interval_start"].to_numpy()).all()
    assert req["agents"].dtype.kind == "i" and req["staff"].dtype.kind == "i"


def test_outside_hours_no_agents_but_volume_kept(hand_made):
    frame, req = hand_made
    closed = ~np.array(OPEN)
    np.testing.assert_array_equal(req.loc[closed, "agents"], 0)
    np.testing.assert_array_equal(req.loc[closed, "staff"], 0)
    np.testing.assert_array_equal(req["volume"], frame["volume"])  # reported, not dropped
    assert req.loc[closed, "volume"].sum() == 30 + 40 + 5 + 60 + 60 + 80 + 80


def test_day_without_calls_gets_no_agents_despite_min_agents(hand_made):
    _, req = hand_made
    tuesday = req["interval_start"].dt.day == 2
    assert tuesday.sum() == 3
    np.testing.assert_array_equal(req.loc[tuesday, "agents"], 0)
    np.testing.assert_array_equal(req.loc[tuesday, "staff"], 0)


def test_min_agents_in_open_intervals_with_little_or_no_volume(hand_made):
    _, req = hand_made
    at = req.set_index("interval_start")
    assert at.loc["2024-01-01 09:00", "agents"] == 7   # no calls, open
    assert at.loc["2024-01-01 10:00", "agents"] == 7   # one call needs 1; the floor is 7
    assert at.loc["2024-01-01 09:00", "service_level"] == pytest.approx(1.0)


def test_agents_are_the_erlang_c_answer_in_staffed_intervals(hand_made):
    frame, req = hand_made
    staffed = np.array(STAFFED)
    aht = frame["aht_seconds"].fillna(240.0).to_numpy()
    want = required_agents(frame["volume"].to_numpy()[staffed], aht[staffed], 3600, 0.8, 20,
                           0.85)
    np.testing.assert_array_equal(req.loc[staffed, "agents"], np.maximum(want, 7))
    # spot check against the reference: 100 calls x 300 s an hour = 8.33 Erlangs
    assert int(req.loc[1, "agents"]) == ref.required_agents(100, 300, 3600, 0.8, 20, 0.85)
    # the missing handle time is the config's 240 s, shown in the output
    assert req.loc[4, "aht_seconds"] == 240.0
    assert int(req.loc[4, "agents"]) == ref.required_agents(250, 240, 3600, 0.8, 20, 0.85)


def test_staff_is_agents_grossed_up_for_shrinkage_exactly(hand_made):
    _, req = hand_made
    # ceil(agents / (1 - 0.3)) in exact decimals: 7 agents are exactly 10 staff, not 11
    want = [math.ceil(Fraction(int(a)) / (1 - Fraction("0.3"))) for a in req["agents"]]
    np.testing.assert_array_equal(req["staff"], want)
    assert (req.loc[req["agents"] == 7, "staff"] == 10).all()
    assert (req["agents"] == 7).sum() >= 2


def test_reported_service_level_asa_and_occupancy(hand_made):
    _, req = hand_made
    staffed = np.array(STAFFED)
    busy = staffed & (req["volume"].to_numpy() > 0)
    aht = req["aht_seconds"].to_numpy()
    sl = service_level(req["agents"].to_numpy()[busy], req["volume"].to_numpy()[busy],
                       aht[busy], 3600, 20)
    np.testing.assert_allclose(req.loc[busy, "service_level"], sl, atol=1e-12)
    assert (req.loc[busy, "service_level"] >= 0.8).all()
    load = req["volume"] * aht / 3600
    occ = (load / req["agents"])[busy]
    np.testing.assert_allclose(req.loc[busy, "occupancy"], occ, rtol=1e-12)
    assert (req.loc[busy, "occupancy"] <= 0.85 + 1e-12).all()
    assert (req.loc[busy, "asa_seconds"] >= 0).all()
    assert np.isfinite(req.loc[busy, "asa_seconds"]).all()
    np.testing.assert_array_equal(req.loc[req["agents"] == 0, "occupancy"], 0.0)


def test_erlang_a_model_uses_the_patience():
    cfg = _config(staffing_model="erlang_a", patience_seconds=120.0, min_agents=0)
    frame = _frame()
    req = requirements(frame, cfg, calendar_from_config(cfg))
    staffed = np.array(STAFFED)
    aht = frame["aht_seconds"].fillna(240.0).to_numpy()
    want = required_agents(frame["volume"].to_numpy()[staffed], aht[staffed], 3600, 0.8, 20,
                           0.85, 120.0)
    np.testing.assert_array_equal(req.loc[staffed, "agents"], want)
    busy = staffed & (frame["volume"].to_numpy() > 0)
    assert (req.loc[busy, "service_level"] >= 0.8).all()
    # no calls and no floor: nobody
    assert req.loc[2, "agents"] == 0


def test_fifteen_minute_intervals_with_hour_long_calls():
    cfg = parse_config({"centre": {"interval_minutes": 15, "country": "",
                                   "hours": {"default": ["08:00", "09:00"]}},
                        "service": {"min_agents": 0}})
    starts = pd.date_range("2024-01-01 08:00", periods=4, freq="15min")
    frame = pd.DataFrame({"interval_start": starts, "volume": [10.0, 10.0, 5.0, 0.0],
                          "aht_seconds": [3600.0] * 4})
    req = requirements(frame, cfg, calendar_from_config(cfg))
    want = [ref.required_agents(v, 3600, 900, 0.8, 20, 0.85) if v else 0
            for v in frame["volume"]]
    np.testing.assert_array_equal(req["agents"], want)
    assert req.loc[0, "agents"] > 40  # 10 one-hour calls per quarter hour = 40 Erlangs


def test_negative_volume_in_a_staffed_interval_is_a_value_error():
    cfg = _config()
    frame = _frame()
    frame.loc[1, "volume"] = -5.0
    with pytest.raises(ValueError, match=r"(?i)volume|calls"):
        requirements(frame, cfg, calendar_from_config(cfg))


def test_negative_volume_outside_hours_is_a_value_error():
    # bad input wherever it is: a negative count is not a volume to report
    cfg = _config()
    frame = _frame()
    frame.loc[0, "volume"] = -5.0  # 07:00, before opening
    with pytest.raises(ValueError, match=r"(?i)volume|calls"):
        requirements(frame, cfg, calendar_from_config(cfg))


@pytest.mark.parametrize("bad", [0.0, -30.0])
def test_zero_handle_time_with_calls_is_a_value_error(bad):
    # a missing handle time (NaN) means "unknown: use [service] aht_seconds"; 0 s or less
    # where there are calls is bad input (as load_interval_forecast and required_agents say)
    cfg = _config()
    frame = _frame()
    frame.loc[1, "aht_seconds"] = bad
    with pytest.raises(ValueError, match=r"(?i)aht|handle"):
        requirements(frame, cfg, calendar_from_config(cfg))


# -- chat and e-mail: sessions over concurrency, the response-window workload ----------------
CHANNEL_STARTS = pd.date_range("2026-12-01", periods=48, freq="30min")


def _channel_config(**channels):
    return parse_config({"centre": {"hours": {"default": ["08:00", "18:00"]}},
                         "service": {"min_agents": 0}, "channels": channels})


def _channel_frame(channel: str, volume: float = 40.0, aht: float = 300.0) -> pd.DataFrame:
    return pd.DataFrame({"interval_start": CHANNEL_STARTS, "volume": volume,
                         "aht_seconds": aht, "channel": channel})


def test_chat_agents_are_sessions_over_concurrency():
    cfg = _channel_config(chat={"channel": "chat", "concurrency": 3, "answer_seconds": 60})
    req = requirements(_channel_frame("chat"), cfg, calendar_from_config(cfg))
    sessions = required_agents(40.0, 300.0, 1800, 0.8, 60, 0.85)
    row = req[req["interval_start"] == "2026-12-01 10:00"].iloc[0]
    assert row["agents"] == int(np.ceil(sessions / 3))
    assert row["service_level"] >= 0.8  # measured on agents x concurrency sessions


def test_email_staffs_the_mean_workload_of_the_response_window():
    cfg = _channel_config(email={"channel": "email", "response_hours": 2.0,
                                 "max_occupancy": 1.0})
    # 08:00-10:00 quiet, then a burst of work at 10:00
    frame = _channel_frame("email", volume=0.0)
    frame.loc[frame["interval_start"] == "2026-12-01 10:00", "volume"] = 72.0  # 12 Erlangs
    req = requirements(frame, cfg, calendar_from_config(cfg)).set_index("interval_start")
    # a 2-hour window is 4 intervals: 12 Erlangs spread over them = 3 agents each
    for t in ("10:00", "10:30", "11:00", "11:30"):
        assert req.loc[f"2026-12-01 {t}", "agents"] == 3
    assert req.loc["2026-12-01 12:00", "agents"] == 0
    assert req.loc["2026-12-01 09:30", "agents"] == 0


def test_channels_keep_their_own_rows_and_voice_is_erlang():
    cfg = _channel_config(chat={"channel": "chat", "concurrency": 2})
    frame = pd.concat([_channel_frame("voice"), _channel_frame("chat")])
    req = requirements(frame, cfg, calendar_from_config(cfg))
    assert len(req) == 96 and set(req["channel"]) == {"voice", "chat"}
    voice = req[(req["channel"] == "voice") & (req["interval_start"] == "2026-12-01 10:00")]
    assert voice["agents"].item() == required_agents(40.0, 300.0, 1800, 0.8, 20, 0.85)
