"""The KPI report's charts (schedule/report/charts.py): each chart draws the frame it is
given, the report draws only the charts its inputs allow, and a chart becomes PNG bytes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from wfm.core.charts import SEASON_COLOURS, plt
from wfm.schedule.report.charts import (
    accuracy_chart,
    aht_chart,
    driver_chart,
    png_bytes,
    report_charts,
    seasons_index_chart,
    service_chart,
    volume_chart,
)
from wfm.schedule.report.data import ReportData

DAYS = pd.date_range("2024-04-01", periods=5, name="period")


def _labels(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_volume_chart_stacks_answered_and_abandoned_under_offered():
    daily = pd.DataFrame({"offered": [10.0, 12, 9, 11, 10], "answered": [8.0, 9, 8, 10, 8],
                          "abandoned": [2.0, 3, 1, 1, 2]}, index=DAYS)
    ax = volume_chart(daily, "Contacts per day").axes[0]
    bars = ax.patches
    assert len(bars) == 10
    assert [b.get_height() for b in bars[:5]] == daily["answered"].tolist()
    assert [b.get_y() for b in bars[5:]] == daily["answered"].tolist()  # stacked on top
    assert ax.get_lines()[0].get_ydata().tolist() == daily["offered"].tolist()
    assert _labels(ax) == ["offered", "answered", "abandoned"]
    assert ax.get_title() == "Contacts per day" and ax.get_ylabel() == "contacts per day"


def test_volume_chart_of_counts_shows_the_volume_alone():
    ax = volume_chart(pd.DataFrame({"offered": [5.0, 6, 7, 8, 9]}, index=DAYS), "t").axes[0]
    assert [b.get_height() for b in ax.patches] == [5, 6, 7, 8, 9]
    assert not ax.get_lines() and _labels(ax) == ["contacts"]


def test_service_chart_has_its_own_axis_per_figure_by_day_and_by_time_of_day():
    daily = pd.DataFrame({"service_level": [0.7, 0.8, 0.9, 0.85, 0.6],
                          "asa_seconds": [30.0, 20, 10, 15, 40]}, index=DAYS)
    tod = pd.DataFrame({"offered": [4, 6, 0], "service_level": [1.0, 0.5, 0.0],
                        "asa_seconds": [0.0, 25.0, np.nan]}, index=["09:00", "09:30", "10:00"])
    fig = service_chart(daily, tod, 0.8, "Service")
    sl = [ax for ax in fig.axes if ax.get_ylabel() == "service level (%)"]
    asa = [ax for ax in fig.axes if ax.get_ylabel() == "ASA (seconds)"]
    assert len(sl) == len(asa) == 2 and len(fig.axes) == 4  # no twin axes
    assert [ax.get_title() for ax in sl] == ["Service by day", "Service by time of day"]
    for ax in sl:
        _, goal = ax.get_lines()
        assert goal.get_ydata()[0] == 80 and ax.get_ylim() == (0, 100)
        assert _labels(ax) == ["service level", "goal 80%"]
    # 10:00 had no contacts offered: not drawn as 0%
    assert sl[1].get_lines()[0].get_ydata().tolist() == [100.0, 50.0]
    assert asa[0].get_lines()[0].get_ydata().tolist() == daily["asa_seconds"].tolist()
    assert [t.get_text() for t in sl[1].get_xticklabels()] == ["09:00", "09:30"]
    assert len(service_chart(daily, None, 0.8, "Service").axes) == 2  # by day only


def test_aht_and_accuracy_charts_draw_their_series():
    ax = aht_chart(pd.DataFrame({"aht_seconds": [100.0, 120, 110, 90, 130]}, index=DAYS),
                   "AHT").axes[0]
    assert ax.get_lines()[0].get_ydata().tolist() == [100, 120, 110, 90, 130]
    assert ax.get_ylim()[0] == 0 and ax.get_ylabel() == "AHT (seconds)"
    both = pd.DataFrame({"period": DAYS, "forecast": 12.0, "actual": [10.0, 11, 12, 13, 14]})
    ax = accuracy_chart(both, "Forecast against actual").axes[0]
    actual, forecast = ax.get_lines()
    assert actual.get_ydata().tolist() == [10, 11, 12, 13, 14]
    assert forecast.get_ydata().tolist() == [12.0] * 5 and forecast.get_linestyle() == "--"
    assert _labels(ax) == ["actual", "forecast"]


def test_seasons_chart_colours_each_month_by_its_season():
    seasons = pd.DataFrame({"month": ["2024-01", "2024-02", "2024-03"],
                            "index": [1.2, 1.0, 0.8], "season": ["busy", "normal", "quiet"]})
    ax = seasons_index_chart(seasons, 0.1, "Seasons").axes[0]
    assert [b.get_height() for b in ax.patches] == [1.2, 1.0, 0.8]
    assert [to_hex(b.get_facecolor()) for b in ax.patches] == [
        SEASON_COLOURS["busy"], SEASON_COLOURS["normal"], SEASON_COLOURS["quiet"]]
    assert sorted(line.get_ydata()[0] for line in ax.get_lines()) == pytest.approx(
        [0.9, 1.0, 1.1])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2024-01", "2024-02", "2024-03"]


def test_driver_chart_spaces_months_by_the_calendar_and_draws_the_trend():
    ratios = pd.DataFrame({"month": ["2024-01", "2024-02", "2024-04"],
                           "contacts_per_unit": [1.0, 1.5, 2.5],
                           "cost_per_unit": [np.nan, 10.0, 12.0]})
    fig = driver_chart(ratios, "Drivers")
    ax, cost = fig.axes
    points, trend = ax.get_lines()
    assert points.get_xdata().tolist() == [0.0, 1.0, 3.0]  # March is missing: a gap
    # the least-squares line through (0, 1), (1, 1.5), (3, 2.5): 1 + 0.5 x exactly
    np.testing.assert_allclose(trend.get_ydata(), [1.0, 1.5, 2.5])
    assert cost.get_ylabel() == "cost per driver unit"
    assert _labels(ax) == ["contacts per unit", "trend", "cost per unit"]
    one = driver_chart(ratios.iloc[:1].drop(columns="cost_per_unit"), "Drivers")
    assert len(one.axes) == 1 and len(one.axes[0].get_lines()) == 1  # no trend of one month


def test_the_report_draws_every_chart_its_inputs_allow(april):
    charts = report_charts(april, 0.8, 0.1)
    assert [c.name for c in charts] == [
        "report_volume.png", "report_service.png", "report_aht.png", "report_forecast.png",
        "report_schedule_fit.png", "report_adherence.png", "report_seasons.png",
        "report_drivers.png", "report_tickets.png",
        "report_surveys.png", "report_goals.png"]
    assert all(len(c.alt) > 20 for c in charts)
    assert "answered and abandoned stacked" in charts[0].alt
    assert charts[1].alt.endswith("by day and by time of day")
    fit = charts[4].figure.axes[0]
    assert fit.get_lines()[0].get_ydata().tolist() == [2, 3, 4, 1]  # required per interval


def test_a_history_of_counts_gets_the_volume_and_seasons_charts_only():
    daily = pd.DataFrame({"offered": [5.0, 6, 7, 8, 9]}, index=DAYS)
    seasons = pd.DataFrame({"month": ["2024-04"], "volume": [35.0], "days": [5],
                            "mean_daily": [7.0], "index": [1.0], "season": ["normal"]})
    data = ReportData(title="t", period="2024-04", kpis=pd.DataFrame(), definitions=[],
                      unavailable=[], notes=[], daily=daily, seasons=seasons)
    charts = report_charts(data, 0.8, 0.1)
    assert [c.name for c in charts] == ["report_volume.png", "report_seasons.png"]
    assert charts[0].alt == "Bar chart of contacts per day"


def test_png_bytes_are_a_png_and_the_figure_is_closed():
    fig = aht_chart(pd.DataFrame({"aht_seconds": [100.0] * 5}, index=DAYS), "AHT")
    data = png_bytes(fig)
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5_000
    assert not plt.fignum_exists(fig.number)


def test_a_goal_on_a_charted_measure_is_drawn_on_its_chart():
    goals = pd.DataFrame({"kpi": ["aht", "service_level"], "target": [300.0, 0.85],
                          "direction": ["at_most", "at_least"], "due": ["2027-06-30"] * 2})
    ax = aht_chart(pd.DataFrame({"aht_seconds": [310.0, 320, 305, 290, 330]}, index=DAYS),
                   "AHT", goals).axes[0]
    assert [line.get_ydata()[0] for line in ax.get_lines()[1:]] == [300.0]
    assert "goal: at most 300 by 2027-06-30" in _labels(ax)
    daily = pd.DataFrame({"service_level": [0.7, 0.8, 0.9, 0.85, 0.6],
                          "asa_seconds": [30.0, 20, 10, 15, 40]}, index=DAYS)
    sl = service_chart(daily, None, 0.8, "Service", goals).axes[0]
    assert "goal: at least 85 by 2027-06-30" in _labels(sl)
