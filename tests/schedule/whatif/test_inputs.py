"""A scenario applied to the plan's inputs (schedule/whatif/inputs.py): each key's effect on
the interval forecast, the config and the calendar, with the originals left untouched."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wfm.core.calendar import calendar_from_config
from wfm.core.config import parse_config
from wfm.core.errors import InputError
from wfm.schedule.whatif.inputs import scenario_calendar, scenario_config, scenario_intervals
from wfm.schedule.whatif.scenarios import Scenario, parse_scenarios

FILE = Path("/plans/scenarios.toml")  # only named in messages; never read


def _one(body: str) -> Scenario:
    return parse_scenarios(tomllib.loads(f'[[scenario]]\nname = "s"\n{body}\n'),
                           FILE).scenarios[0]


def _config(**extra):
    raw = {"centre": {"open_days": ["Mon", "Tue", "Wed", "Thu", "Fri"],
                      "hours": {"default": ["08:00", "12:00"]}}}
    raw.update(extra)
    return parse_config(raw)


def _intervals(days: int = 2, start: str = "2027-01-04") -> pd.DataFrame:
    """Half-hour rows over whole days; volume 10, 20, 30, ... in the open hours, and
    handle times that vary through the day."""
    starts = pd.date_range(start, periods=48 * days, freq="30min")
    slot = starts.hour * 2 + starts.minute // 30
    volume = np.where((slot >= 16) & (slot < 24), (slot - 15) * 10.0, 0.0)
    return pd.DataFrame({"interval_start": starts, "volume": volume,
                         "aht_seconds": 200.0 + 10.0 * slot})



# -- each key's effect on the inputs -------------------------------------------------------------
def test_volume_change_scales_every_interval():
    base = _intervals()
    out = scenario_intervals(base, _one('volume = "+15%"'), None)
    np.testing.assert_allclose(out["volume"], base["volume"] * 1.15)
    np.testing.assert_allclose(out["aht_seconds"], base["aht_seconds"])
    assert base["volume"].sum() == 2 * (10 + 20 + 30 + 40 + 50 + 60 + 70 + 80)  # untouched


def test_volume_by_month_scales_only_that_month():
    base = _intervals(days=4, start="2027-01-30")  # 30, 31 January, 1, 2 February
    out = scenario_intervals(base, _one('volume = { "2027-02" = "-50%" }'), None)
    feb = base["interval_start"] >= "2027-02-01"
    np.testing.assert_allclose(out.loc[feb, "volume"], base.loc[feb, "volume"] * 0.5)
    np.testing.assert_allclose(out.loc[~feb, "volume"], base.loc[~feb, "volume"])


def test_volume_for_a_month_outside_the_plan_is_an_error():
    with pytest.raises(InputError, match=r"scenario 's' volume: month 2027-03 is not in the "
                                         r"plan \(2027-01\)"):
        scenario_intervals(_intervals(), _one('volume = { "2027-03" = "+5%" }'), None, FILE)


def test_aht_change_and_aht_seconds():
    base = _intervals()
    up = scenario_intervals(base, _one('aht = "+10%"'), None)
    np.testing.assert_allclose(up["aht_seconds"], base["aht_seconds"] * 1.1)
    out = scenario_intervals(base, _one("aht = 330"), None)
    busy = base["volume"] > 0
    mean = (out.loc[busy, "aht_seconds"] * base.loc[busy, "volume"]).sum() / 720.0
    assert mean == pytest.approx(330.0)
    ratio = out["aht_seconds"] / base["aht_seconds"]
    np.testing.assert_allclose(ratio, ratio.iloc[0])  # the intraday shape is kept


def test_moves_split_voice_into_channels_with_the_same_handle_time():
    base = _intervals()
    out = scenario_intervals(base, _one("move_to_chat = 0.3\nmove_to_email = 0.1"), None)
    assert len(out) == 3 * len(base)
    by = out.pivot(index="interval_start", columns="channel", values="volume")
    v = base.set_index("interval_start")["volume"]
    np.testing.assert_allclose(by["voice"], v * 0.6)
    np.testing.assert_allclose(by["chat"], v * 0.3)
    np.testing.assert_allclose(by["email"], v * 0.1)
    aht = out.pivot(index="interval_start", columns="channel", values="aht_seconds")
    np.testing.assert_allclose(aht["chat"], base.set_index("interval_start")["aht_seconds"])


def test_service_changes_reach_channels_that_inherit_them():
    cfg = _config(service={"goal": 0.8, "answer_seconds": 20},
                  channels={"chat": {"channel": "chat", "answer_seconds": 60}})
    s = _one("goal = 0.9\nanswer_seconds = 30\nshrinkage = 0.4")
    new = scenario_config(cfg, s)
    assert (new.service["goal"], new.service["answer_seconds"], new.service["shrinkage"]) == (
        0.9, 30, 0.4)
    chat = new.extra["channels"]["chat"]
    assert (chat["goal"], chat["answer_seconds"], chat["shrinkage"]) == (0.9, 60, 0.4)
    # the shared config is untouched
    assert cfg.service["goal"] == 0.8 and cfg.extra["channels"]["chat"]["goal"] == 0.8


def test_hours_move_volume_into_the_new_hours_pro_rata():
    cfg = _config()
    s = _one('hours = { default = ["09:00", "12:00"] }')
    cal = scenario_calendar(calendar_from_config(cfg), scenario_config(cfg, s))
    assert cal.hours[0] == (540, 720) and calendar_from_config(cfg).hours[0] == (480, 720)
    base = _intervals(days=1)  # Monday: 08:00 10, 08:30 20, then 30 ... 80 to 11:30
    out = scenario_intervals(base, s, cal).set_index("interval_start")["volume"]
    assert out["2027-01-04 08:00"] == 0 and out["2027-01-04 08:30"] == 0
    # 30 moved calls shared by 09:00-11:30 (30+40+...+80 = 330) in proportion
    assert out["2027-01-04 09:00"] == pytest.approx(30 + 30 * 30 / 330)
    assert out["2027-01-04 11:30"] == pytest.approx(80 + 30 * 80 / 330)
    assert out.sum() == pytest.approx(base["volume"].sum())


# -- the originals stay as they were; what comes out -----------------------------------------
def test_every_change_leaves_the_given_frame_config_and_calendar_untouched():
    cfg = _config(service={"goal": 0.8}, channels={"chat": {"channel": "chat"}})
    cal = calendar_from_config(cfg)
    base = _intervals(days=3).assign(lo=1.0)
    frame_before, cal_hours = base.copy(), dict(cal.hours)
    sections, extra = copy.deepcopy(cfg.sections), copy.deepcopy(cfg.extra)
    s = _one('volume = "+15%"\naht = "+10%"\nmove_to_chat = 0.2\ngoal = 0.9\nshrinkage = 0.4\n'
             'hours = { default = ["09:00", "11:00"] }')
    new_cfg = scenario_config(cfg, s)
    new_cal = scenario_calendar(cal, new_cfg)
    out = scenario_intervals(base, s, new_cal, FILE)
    pd.testing.assert_frame_equal(base, frame_before)
    assert cfg.sections == sections and cfg.extra == extra
    assert cal.hours == cal_hours and cal.hours[0] == (480, 720)
    # ... while the copies carry the changes
    assert (new_cfg.service["goal"], new_cfg.service["shrinkage"]) == (0.9, 0.4)
    assert new_cfg.centre["hours"] == {"default": ["09:00", "11:00"]}
    assert new_cal.hours == {d: (540, 660) for d in range(5)}
    assert out["volume"].sum() == pytest.approx(base["volume"].sum() * 1.15)


def test_no_change_gives_the_same_figures_and_only_the_plan_columns():
    base = _intervals().assign(lo=0.0, model="ets")
    base.index = base.index + 100  # a frame cut from a longer one
    out = scenario_intervals(base, Scenario(name="same"), None)
    assert list(out.columns) == ["interval_start", "volume", "aht_seconds"]
    pd.testing.assert_frame_equal(out, base[list(out.columns)].reset_index(drop=True))
    cfg = _config()
    assert scenario_config(cfg, Scenario(name="same")).sections == cfg.sections


def test_volume_by_month_applies_on_top_of_the_overall_change():
    base = _intervals(days=4, start="2027-01-30")
    s = Scenario(name="s", volume=1.1, volume_by_month=(("2027-01", 2.0),))
    out = scenario_intervals(base, s, None)
    jan = (base["interval_start"] < "2027-02-01").to_numpy()
    np.testing.assert_allclose(out.loc[jan, "volume"], base.loc[jan, "volume"] * 2.2)
    np.testing.assert_allclose(out.loc[~jan, "volume"], base.loc[~jan, "volume"] * 1.1)


def test_aht_seconds_on_a_plan_without_calls_is_the_handle_time_everywhere():
    base = _intervals().assign(volume=0.0)
    out = scenario_intervals(base, _one("aht = 330"), None)
    assert (out["aht_seconds"] == 330.0).all()


def test_hours_change_gives_each_open_weekday_its_own_hours():
    cfg = _config()  # open Monday to Friday, 08:00-12:00
    s = _one('hours = { default = ["07:00", "19:00"], Fri = ["07:00", "13:30"], '
             'Sat = ["09:00", "12:00"] }')
    cal = scenario_calendar(calendar_from_config(cfg), scenario_config(cfg, s))
    assert cal.hours == {0: (420, 1140), 1: (420, 1140), 2: (420, 1140), 3: (420, 1140),
                         4: (420, 810)}  # Saturday stays closed: it is not an open day
    assert cal.interval_minutes == 30 and cal.open_weekdays == frozenset(range(5))


def test_hours_move_volume_within_each_channel():
    cfg = _config()
    s = _one('hours = { default = ["09:00", "12:00"] }')
    cal = scenario_calendar(calendar_from_config(cfg), scenario_config(cfg, s))
    voice = _intervals(days=1)
    chat = voice.assign(volume=voice["volume"] * 2)
    base = pd.concat([voice.assign(channel="voice"), chat.assign(channel="chat")],
                     ignore_index=True)
    out = scenario_intervals(base, s, cal)
    by = out.pivot(index="interval_start", columns="channel", values="volume")
    assert by["voice"].sum() == pytest.approx(voice["volume"].sum())
    assert by["chat"].sum() == pytest.approx(2 * voice["volume"].sum())
    # chat's 20 + 40 calls before 09:00 go to chat's own open intervals, pro rata
    assert by.loc["2027-01-04 09:00", "chat"] == pytest.approx(60 + 60 * 60 / 660)
    assert by.loc["2027-01-04 09:00", "voice"] == pytest.approx(30 + 30 * 30 / 330)


def test_moving_contacts_of_a_forecast_that_has_channels_is_an_error():
    base = _intervals().assign(channel="voice")
    with pytest.raises(InputError, match=r"scenario 's': move_to_chat/move_to_email move "
                                         r"voice contacts, and this forecast already has"):
        scenario_intervals(base, _one("move_to_email = 0.2"), None, FILE)


def test_a_move_to_email_only_adds_email_rows():
    base = _intervals(days=1)
    out = scenario_intervals(base, _one("move_to_email = 0.25"), None)
    assert sorted(out["channel"].unique()) == ["email", "voice"]
    assert out.groupby("channel")["volume"].sum().to_dict() == pytest.approx(
        {"email": 0.25 * 360, "voice": 0.75 * 360})
    assert out["interval_start"].is_monotonic_increasing
