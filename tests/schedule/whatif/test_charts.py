"""The what-if comparison chart (schedule/whatif/charts.py): a bar per scenario in each of
its three panels, at the table's values, the baseline outlined, and a PNG that saves."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from wfm.schedule.whatif.charts import whatif_chart


@pytest.fixture
def table() -> pd.DataFrame:
    """Three scenarios as run_whatif gives them (the columns the chart reads)."""
    return pd.DataFrame({
        "scenario": ["baseline", "volume +15%", "team 45"],
        "required_fte": [50.0, 57.5, 50.0],
        "cost": [190_000.0, 218_000.0, 185_000.0],
        "service_level_erlang_a": [0.82, 0.81, 0.55],
        "service_level_sim": [0.80, 0.83, 0.52],
        "service_level_sim_lo": [0.78, 0.80, 0.45],
        "service_level_sim_hi": [0.82, 0.86, 0.59],
    }).set_index("scenario")


def test_chart_has_a_bar_per_scenario_in_each_panel(table):
    fig = whatif_chart(table.reset_index(), "title", "baseline")
    fte, cost, sl = fig.axes[:3]
    n = len(table)
    assert len(fte.patches) == n and len(cost.patches) == n and len(sl.patches) == 2 * n
    assert [t.get_text() for t in fte.get_xticklabels()] == list(table.index)


def test_bars_stand_at_the_table_values_with_the_titles_of_their_panels(table):
    fig = whatif_chart(table.reset_index(), "Northwind, 2026-12", "baseline")
    fte, cost, sl = fig.axes
    assert fig._suptitle.get_text() == "Northwind, 2026-12"
    assert [ax.get_title() for ax in fig.axes] == ["required FTE", "cost (paid hours x rate)",
                                                  "service level"]
    assert [p.get_height() for p in fte.patches] == table["required_fte"].tolist()
    assert [p.get_height() for p in cost.patches] == table["cost"].tolist()
    erlang, simulated = sl.containers[0], sl.containers[2]
    assert [p.get_height() for p in erlang] == table["service_level_erlang_a"].tolist()
    assert [p.get_height() for p in simulated] == table["service_level_sim"].tolist()
    assert [t.get_text() for t in sl.get_legend().get_texts()] == [
        "Erlang A", "simulated (95% interval)"]
    # the error bars span the simulated 95% interval
    segments = sl.containers[1].lines[2][0].get_segments()
    np.testing.assert_allclose([seg[:, 1].min() for seg in segments],
                               table["service_level_sim_lo"])
    np.testing.assert_allclose([seg[:, 1].max() for seg in segments],
                               table["service_level_sim_hi"])
    # the axis starts 0.1 below the lowest figure shown (team 45's low end, 0.45) and ends
    # where a share does
    assert sl.get_ylim() == pytest.approx((0.35, 1.0))


def test_each_scenarios_goal_is_drawn_across_its_bars(table):
    frame = table.reset_index().assign(goal=[0.8] * (len(table) - 1) + [0.9])
    sl = whatif_chart(frame, "title", "baseline").axes[2]
    goals = [line for line in sl.get_lines() if line.get_color() == "#d62728"]
    assert [line.get_ydata()[0] for line in goals] == frame["goal"].tolist()
    assert "goal" in [t.get_text() for t in sl.get_legend().get_texts()]


def test_the_baseline_alone_is_outlined(table):
    frame = table.reset_index()
    fig = whatif_chart(frame, "title", "volume +15%")
    for ax in fig.axes[:2]:
        outlined = [p.get_edgecolor()[3] > 0 for p in ax.patches]
        assert outlined == [False, True, False]


def test_a_low_service_level_keeps_the_axis_at_zero(table):
    frame = table.reset_index().assign(service_level_sim_lo=[0.02, 0.5, 0.05])
    fig = whatif_chart(frame, "title", "baseline")
    assert fig.axes[2].get_ylim()[0] == 0.0


def test_chart_saves_as_a_png(table):
    buf = io.BytesIO()
    whatif_chart(table.reset_index(), "title", "baseline").savefig(buf, format="png")
    data = buf.getvalue()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
