"""The KPI report's definitions in words (schedule/report/definitions.py): one per KPI with a
unit, and each carries the config's own thresholds and names and the options used."""

from __future__ import annotations

import pytest

from wfm.core.config import parse_config
from wfm.schedule.report.definitions import UNITS, definitions, kpi_units


@pytest.fixture
def cfg():
    return parse_config({
        "history": {"no_agent": ["VRU", "IVR"], "answered": ["AGENT"],
                    "abandoned": ["HANG", "DROP"], "ignore": ["PHANTOM"]},
        "service": {"answer_seconds": 15},
        "forecast": {"season_band": 0.08},
    })


def test_every_kpi_with_a_unit_has_a_definition_and_no_other(cfg):
    assert set(definitions(cfg, 0.0, "contacts")) == set(kpi_units(cfg))
    assert all(text.strip() for text in definitions(cfg, 0.0, "daily").values())


def test_units_are_the_words_the_page_formats_by():
    shares = {k for k, u in UNITS.items() if u == "share"}
    assert {"service_level", "abandonment", "forecast_wape", "forecast_bias", "schedule_fit",
            "planned_service_level", "occupancy", "csat", "adherence", "conformance",
            "first_response_within_target"} <= shares
    assert not {"nps", "ces", "tickets", "asa"} & shares
    assert set(UNITS.values()) <= {
        "share", "seconds", "hours", "contacts", "currency", "currency per contact", "index",
        "contacts per unit", "contacts per unit per month", "currency per unit",
        "currency per unit per month", "points", "score 1-7", "responses", "tickets",
        "messages per ticket", "people"}
    assert UNITS["asa"] == UNITS["aht"] == "seconds"
    assert UNITS["cost"] == "currency" and UNITS["season_index"] == "index"


def test_definitions_carry_the_configs_thresholds_and_names(cfg):
    d = definitions(cfg, 0.0, "contacts")
    assert d["service_level"].startswith("contacts answered with a wait <= 15 s")
    assert d["answered"] == "contacts whose outcome is in [history] answered (AGENT)"
    assert d["abandoned"] == "contacts whose outcome is in [history] abandoned (HANG, DROP)"
    assert "[history] ignore (PHANTOM) are left out" in d["offered"]
    assert "agents in [history] no_agent: VRU, IVR are left out" in d["aht"]
    assert "busy above 1 + 0.08, quiet below 1 − 0.08" in d["season_index"]


def test_defaults_name_none_where_the_config_lists_nothing():
    d = definitions(parse_config({}), 0.0, "contacts")
    assert "[history] ignore (none)" in d["offered"]
    assert "no_agent: none are left out" in d["aht"]
    assert "<= 20 s" in d["service_level"] and "1 + 0.1," in d["season_index"]


def test_short_abandons_are_mentioned_only_when_left_out(cfg):
    assert "abandons" not in definitions(cfg, 0.0, "contacts")["offered"]
    assert definitions(cfg, 5.0, "contacts")["offered"].endswith(
        "; abandons that waited under 5 s are left out of every figure")


@pytest.mark.parametrize(("form", "known", "offered"), [
    ("contacts", True, "answered + abandoned contacts; outcomes in [history] ignore "
                       "(PHANTOM) are left out"),
    ("contacts", False, "every contact record (the history has no outcome column)"),
    ("intervals", True, "the volume of the history's interval counts (every contact the "
                        "file counts)"),
    ("daily", True, "the volume of the history's daily counts (every contact the file "
                    "counts)"),
])
def test_offered_is_defined_by_what_the_history_records(cfg, form, known, offered):
    assert definitions(cfg, 0.0, form, outcomes_known=known)["offered"] == offered


def test_kpi_names_read_as_words_with_their_acronyms():
    from wfm.schedule.report.definitions import kpi_label

    assert kpi_label("service_level") == "Service level"
    assert kpi_label("fcr_24h") == "FCR 24h" and kpi_label("asa") == "ASA"
    assert kpi_label("first_response_p90_hours") == "First response 90th percentile hours"
    assert kpi_label("enps_margin") == "eNPS margin"
