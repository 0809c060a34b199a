"""The what-if page's charts (serve/charts.py): required staff through the month, baseline
beside the scenario, and the headline figures as pairs of bars."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm.serve import charts, page


def test_charts_draw_both_scenarios(plan, busier):
    scenarios, table = busier
    name = scenarios.scenarios[1].name
    daily = page.daily_staff_hours(page.required_staff(scenarios, plan), 30)
    fig = charts.staff_chart(daily, "baseline", name, "title")
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.get_lines()] == ["baseline", name]
    assert ax.get_ylabel() == "staff-hours required" and ax.get_xlabel() == "day"
    assert np.isnan(ax.get_lines()[0].get_ydata()[5:]).all()  # the line breaks at weekends
    fig = charts.kpi_chart(page.headline(table, "baseline"), page.headline(table, name),
                           "baseline", name)
    assert len(fig.axes) == 4 and all(len(ax.patches) == 2 for ax in fig.axes)
    fte = fig.axes[0].patches
    assert fte[1].get_height() > fte[0].get_height()


def _tiles(fte, cost, sl, ab) -> list[page.Tile]:
    labels = ("Required FTE", "Cost", "Service level", "Abandonment")
    return [page.Tile(label=k, value=v, delta=0.0)
            for k, v in zip(labels, (fte, cost, sl, ab), strict=True)]


def test_staff_chart_draws_each_day_and_breaks_on_closed_days():
    days = pd.date_range("2027-03-05", periods=4, name="date")  # Fri, Sat, Sun, Mon
    daily = pd.DataFrame({"baseline": [80.0, 0.0, 0.0, 90.0],
                          "busy": [96.0, 0.0, 4.0, 108.0]}, index=days)
    fig = charts.staff_chart(daily, "baseline", "busy", "required staff")
    ax = fig.axes[0]
    base, busy = ax.get_lines()
    np.testing.assert_array_equal(base.get_ydata(), [80.0, np.nan, 0.0, 90.0])
    # Saturday nobody is needed in either: a break; Sunday the scenario needs 4 hours
    np.testing.assert_array_equal(busy.get_ydata(), [96.0, np.nan, 4.0, 108.0])
    assert [base.get_color(), busy.get_color()] == [charts.BASE_COLOUR, charts.SCENARIO_COLOUR]
    assert ax.get_title() == "required staff" and ax.get_ylim()[0] == 0


def test_kpi_chart_labels_each_bar_and_draws_shares_in_percent():
    fig = charts.kpi_chart(_tiles(41.24, 150_000.0, 0.812, 0.021),
                           _tiles(47.5, 172_500.0, 0.79, 0.034), "baseline", "volume +15%")
    assert fig._suptitle.get_text() == "baseline vs volume +15%"
    fte, cost, sl, ab = fig.axes
    assert [p.get_height() for p in sl.patches] == pytest.approx([81.2, 79.0])
    assert [p.get_height() for p in ab.patches] == pytest.approx([2.1, 3.4])
    assert [t.get_text() for t in fte.texts] == ["41.2", "47.5"]
    assert [t.get_text() for t in cost.texts] == ["150,000", "172,500"]
    assert [t.get_text() for t in sl.texts] == ["81.2%", "79.0%"]
    assert [ax.get_ylabel() for ax in fig.axes] == ["FTE", "cost", "%", "%"]
    assert fte.get_ylim() == pytest.approx((0, 47.5 * 1.18))
    assert [t.get_text() for t in fte.get_xticklabels()] == ["baseline", "scenario"]


def test_kpi_chart_without_a_cost_keeps_a_sensible_axis():
    nan = float("nan")
    fig = charts.kpi_chart(_tiles(10.0, nan, 0.8, 0.0), _tiles(12.0, nan, 0.7, 0.0), "a", "b")
    cost, ab = fig.axes[1], fig.axes[3]
    assert cost.get_ylim() == pytest.approx((0, 1.18))  # no rate: no cost to draw
    assert ab.get_ylim() == pytest.approx((0, 1.0))  # nobody abandons


def test_charts_save_as_png(tmp_path):
    fig = charts.kpi_chart(_tiles(1.0, 2.0, 0.5, 0.1), _tiles(1.5, 2.5, 0.6, 0.05), "a", "b")
    fig.savefig(tmp_path / "kpi.png")
    data = (tmp_path / "kpi.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
