"""Service figures of a staffed month (schedule/whatif/service.py): Erlang A through the day
against a simulation of the very same agents, and channels combined by their contacts."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from wfm.core.config import parse_config
from wfm.schedule.whatif.service import KPIS, channel_settings, service_figures

HALF_HOUR = 1800.0
CALLS, AHT = 40.0, 300.0  # 40 calls of 5 minutes a half-hour: 6.67 Erlangs offered
ERLANG_KEYS = [f"{k}_erlang_a" for k in KPIS]
KEYS = {*ERLANG_KEYS, *(f"{k}_sim" for k in KPIS),
        *(f"{k}_sim_{e}" for k in ("service_level", "asa", "abandonment") for e in ("lo", "hi"))}


def _month(agents: float, days: int = 5, channel: str | None = None) -> pd.DataFrame:
    """A small month: `days` weekdays open 08:00-18:00, the same calls every half-hour."""
    starts = pd.date_range("2027-02-01", periods=48 * days, freq="30min")
    open_ = (starts.hour >= 8) & (starts.hour < 18)
    frame = pd.DataFrame({"interval_start": starts, "volume": np.where(open_, CALLS, 0.0),
                          "aht_seconds": AHT, "agents": np.where(open_, agents, 0.0)})
    return frame if channel is None else frame.assign(channel=channel)


def _config(**channels):
    return parse_config({"service": {"answer_seconds": 20, "patience_seconds": 180},
                         "channels": channels})


def test_erlang_a_lies_inside_the_simulated_interval_for_the_same_agents():
    figures = service_figures(_month(agents=8), _config(), HALF_HOUR, replications=10, seed=7)
    assert set(figures) == KEYS
    for kpi in ("service_level", "abandonment", "asa"):
        lo, hi = figures[f"{kpi}_sim_lo"], figures[f"{kpi}_sim_hi"]
        assert lo < figures[f"{kpi}_sim"] < hi
        assert lo <= figures[f"{kpi}_erlang_a"] <= hi, (kpi, lo, figures[f"{kpi}_erlang_a"], hi)
    # 8 agents for 6.67 Erlangs: a queue, but most calls answered in time
    assert 0.6 < figures["service_level_erlang_a"] < 0.95
    assert figures["occupancy_sim"] == pytest.approx(figures["occupancy_erlang_a"], abs=0.02)


def test_ample_agents_answer_every_call_at_once():
    figures = service_figures(_month(agents=30, days=2), _config(), HALF_HOUR, replications=3,
                              seed=1)
    assert figures["service_level_erlang_a"] == pytest.approx(1.0, abs=1e-9)
    assert figures["abandonment_erlang_a"] == pytest.approx(0.0, abs=1e-9)
    assert figures["asa_erlang_a"] == pytest.approx(0.0, abs=1e-6)
    # occupancy: offered work over agent time = (40 x 300 s / 1800 s) / 30 agents
    assert figures["occupancy_erlang_a"] == pytest.approx(40 * 300 / 1800 / 30)
    assert figures["service_level_sim"] == 1.0 and figures["abandonment_sim"] == 0.0
    assert figures["occupancy_sim"] == pytest.approx(0.222, abs=0.01)


def test_more_agents_never_lower_the_service_level():
    cfg = _config()
    runs = [service_figures(_month(agents=n, days=2), cfg, HALF_HOUR, replications=0, seed=0)
            for n in (5, 7, 9, 12)]
    sl = [r["service_level_erlang_a"] for r in runs]
    ab = [r["abandonment_erlang_a"] for r in runs]
    asa = [r["asa_erlang_a"] for r in runs]
    assert all(b >= a for a, b in itertools.pairwise(sl)) and sl[-1] > sl[0]
    assert all(b <= a for a, b in itertools.pairwise(ab)) and ab[-1] < ab[0]
    assert all(b <= a for a, b in itertools.pairwise(asa))


def test_zero_replications_leaves_the_simulated_figures_empty_and_erlang_a_the_same():
    cfg = _config()
    quick = service_figures(_month(agents=8), cfg, HALF_HOUR, replications=0, seed=7)
    full = service_figures(_month(agents=8), cfg, HALF_HOUR, replications=3, seed=7)
    assert set(quick) == KEYS
    assert all(np.isnan(v) for k, v in quick.items() if "_sim" in k)
    assert {k: quick[k] for k in ERLANG_KEYS} == {k: full[k] for k in ERLANG_KEYS}


def test_the_same_seed_gives_the_same_simulation():
    cfg = _config()
    first = service_figures(_month(agents=7), cfg, HALF_HOUR, replications=3, seed=5)
    assert service_figures(_month(agents=7), cfg, HALF_HOUR, replications=3, seed=5) == first
    other = service_figures(_month(agents=7), cfg, HALF_HOUR, replications=3, seed=6)
    assert other["service_level_sim"] != first["service_level_sim"]


def test_a_chat_agent_serves_its_concurrency_in_sessions():
    """Four chat agents with two sessions each are eight servers: the figures of eight
    voice agents with the same answer time and patience."""
    cfg = _config(chat={"channel": "chat", "concurrency": 2})
    chat = service_figures(_month(agents=4, channel="chat"), cfg, HALF_HOUR, 0, 0)
    voice = service_figures(_month(agents=8), cfg, HALF_HOUR, 0, 0)
    for key in ERLANG_KEYS:
        assert chat[key] == pytest.approx(voice[key]), key


def test_email_is_worked_from_a_backlog_and_has_no_queue_figures():
    cfg = _config(email={"channel": "email"})
    both = pd.concat([_month(agents=8, channel="voice"), _month(agents=1, channel="email")])
    alone = service_figures(_month(agents=8), cfg, HALF_HOUR, 0, 0)
    mixed = service_figures(both, cfg, HALF_HOUR, 0, 0)
    assert {k: mixed[k] for k in ERLANG_KEYS} == pytest.approx({k: alone[k] for k in ERLANG_KEYS})


def test_channels_combine_weighted_by_their_contacts():
    """Service level and abandonment by offered contacts, ASA by answered ones, occupancy by
    agent time; the simulated means alike, their 95% half-widths as independent ones."""
    cfg = _config()
    busy = _month(agents=7, channel="a")  # the same calls, fewer agents
    calm = _month(agents=10, channel="b").assign(volume=lambda f: f["volume"] / 2)
    a = service_figures(busy, cfg, HALF_HOUR, replications=3, seed=40)
    b = service_figures(calm, cfg, HALF_HOUR, replications=3, seed=1040)  # group 2's seed
    both = service_figures(pd.concat([busy, calm]), cfg, HALF_HOUR, replications=3, seed=40)
    va, vb = busy["volume"].sum(), calm["volume"].sum()
    ans_a, ans_b = va * (1 - a["abandonment_erlang_a"]), vb * (1 - b["abandonment_erlang_a"])
    cap_a, cap_b = busy["agents"].sum(), calm["agents"].sum()

    def mix(key, wa, wb):
        return (a[key] * wa + b[key] * wb) / (wa + wb)

    assert vb == va / 2
    assert both["service_level_erlang_a"] == pytest.approx(mix("service_level_erlang_a", va, vb))
    assert both["abandonment_erlang_a"] == pytest.approx(mix("abandonment_erlang_a", va, vb))
    assert both["asa_erlang_a"] == pytest.approx(mix("asa_erlang_a", ans_a, ans_b))
    assert both["occupancy_erlang_a"] == pytest.approx(mix("occupancy_erlang_a", cap_a, cap_b))
    assert both["service_level_sim"] == pytest.approx(mix("service_level_sim", va, vb))
    half_a = (a["service_level_sim_hi"] - a["service_level_sim_lo"]) / 2
    half_b = (b["service_level_sim_hi"] - b["service_level_sim_lo"]) / 2
    half = np.sqrt((2 / 3 * half_a) ** 2 + (1 / 3 * half_b) ** 2)
    assert both["service_level_sim_hi"] - both["service_level_sim"] == pytest.approx(half)
    assert both["service_level_sim"] - both["service_level_sim_lo"] == pytest.approx(half)


def test_channel_settings_come_from_the_channel_table_else_from_service():
    cfg = _config(chat={"channel": "chat", "concurrency": 3, "answer_seconds": 60})
    chat = channel_settings(cfg, "chat")
    assert (chat["channel"], chat["concurrency"], chat["answer_seconds"]) == ("chat", 3, 60)
    assert chat["patience_seconds"] == 180  # taken from [service]
    voice = channel_settings(cfg, "sales")
    assert voice == {**cfg.service, "channel": "voice"}
    assert channel_settings(cfg, "email")["channel"] == "email"
    assert channel_settings(_config(), "chat")["channel"] == "chat"
