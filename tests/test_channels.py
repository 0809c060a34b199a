"""Chat and e-mail staffing: sessions over concurrency, and the response-window workload."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm.core.calendar import calendar_from_config
from wfm.core.config import parse_config
from wfm.core.errors import InputError
from wfm.schedule.staffing.agents import required_agents
from wfm.schedule.staffing.requirements import requirements

STARTS = pd.date_range("2026-12-01", periods=48, freq="30min")


def _config(**channels):
    return parse_config({"centre": {"hours": {"default": ["08:00", "18:00"]}},
                         "service": {"min_agents": 0}, "channels": channels})


def _frame(channel: str, volume: float = 40.0, aht: float = 300.0) -> pd.DataFrame:
    return pd.DataFrame({"interval_start": STARTS, "volume": volume, "aht_seconds": aht,
                         "channel": channel})


def test_chat_agents_are_sessions_over_concurrency():
    cfg = _config(chat={"channel": "chat", "concurrency": 3, "answer_seconds": 60})
    req = requirements(_frame("chat"), cfg, calendar_from_config(cfg))
    sessions = required_agents(40.0, 300.0, 1800, 0.8, 60, 0.85)
    row = req[req["interval_start"] == "2026-12-01 10:00"].iloc[0]
    assert row["agents"] == int(np.ceil(sessions / 3))
    assert row["service_level"] >= 0.8  # measured on agents x concurrency sessions


def test_email_staffs_the_mean_workload_of_the_response_window():
    cfg = _config(email={"channel": "email", "response_hours": 2.0, "max_occupancy": 1.0})
    # 08:00-10:00 quiet, then a burst of work at 10:00
    frame = _frame("email", volume=0.0)
    frame.loc[frame["interval_start"] == "2026-12-01 10:00", "volume"] = 72.0  # 12 Erlangs
    req = requirements(frame, cfg, calendar_from_config(cfg)).set_index("interval_start")
    # a 2-hour window is 4 intervals: 12 Erlangs spread over them = 3 agents each
    for t in ("10:00", "10:30", "11:00", "11:30"):
        assert req.loc[f"2026-12-01 {t}", "agents"] == 3
    assert req.loc["2026-12-01 12:00", "agents"] == 0
    assert req.loc["2026-12-01 09:30", "agents"] == 0


def test_channels_keep_their_own_rows_and_voice_is_erlang():
    cfg = _config(chat={"channel": "chat", "concurrency": 2})
    frame = pd.concat([_frame("voice"), _frame("chat")])
    req = requirements(frame, cfg, calendar_from_config(cfg))
    assert len(req) == 96 and set(req["channel"]) == {"voice", "chat"}
    voice = req[(req["channel"] == "voice") & (req["interval_start"] == "2026-12-01 10:00")]
    assert voice["agents"].item() == required_agents(40.0, 300.0, 1800, 0.8, 20, 0.85)


@pytest.mark.parametrize(("table", "message"), [
    ({"chat": {"concurrency": 0}}, "concurrency"),
    ({"chat": {"channel": "fax"}}, "channel"),
    ({"chat": {"concurency": 2}}, "did you mean 'concurrency'"),
    ({"email": {"response_hours": "4h"}}, "response_hours"),
])
def test_bad_channel_settings_name_the_key(table, message):
    with pytest.raises(InputError) as info:
        parse_config({"channels": table})
    assert message in str(info.value)
