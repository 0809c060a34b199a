"""The forecast charts show what they say: recent history, the forecast and its two bands
(closed days left out); monthly bars coloured by season with their intervals."""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_hex
from matplotlib.container import ErrorbarContainer

from wfm.core.charts import SEASON_COLOURS
from wfm.forecast.charts import forecast_chart, seasons_chart

PNG = b"\x89PNG\r\n\x1a\n"


def _history(days: int = 200) -> pd.Series:
    idx = pd.date_range("2024-01-01", periods=days, freq="D")
    return pd.Series(np.arange(days, dtype=float) + 100, index=idx, name="volume")


def _daily(start="2024-07-19", days=14, closed=(), with_95=True) -> pd.DataFrame:
    dates = pd.date_range(start, periods=days, freq="D")
    vol = np.full(days, 300.0)
    frame = pd.DataFrame({"date": dates, "volume": vol, "lo": vol * 0.9, "hi": vol * 1.1,
                          "lo_95": vol * 0.8, "hi_95": vol * 1.2, "model": "ets"})
    frame.loc[frame["date"].isin(pd.to_datetime(list(closed))),
              ["volume", "lo", "hi", "lo_95", "hi_95"]] = 0.0
    return frame if with_95 else frame.drop(columns=["lo_95", "hi_95"])


def _saves(fig, tmp_path) -> None:
    path = tmp_path / "chart.png"
    fig.savefig(path)
    assert path.read_bytes()[:8] == PNG and path.stat().st_size > 5_000


def test_forecast_chart_draws_history_forecast_and_both_bands(tmp_path):
    fig = forecast_chart(_history(), _daily(), "Test centre: daily volume forecast")
    ax = fig.axes[0]
    assert ax.get_title() == "Test centre: daily volume forecast"
    assert ax.get_ylabel() == "contacts per day"
    _, forecast = ax.get_lines()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "history", "95% interval", "80% interval", "forecast (ets)"]
    assert len([c for c in ax.collections if isinstance(c, PolyCollection)]) == 2
    np.testing.assert_allclose(forecast.get_ydata(), 300.0)
    # the bands reach the 95% bounds
    lo, hi = ax.dataLim.y0, ax.dataLim.y1
    assert lo <= 240.0 and hi >= 360.0
    _saves(fig, tmp_path)


def test_only_the_last_days_of_history_are_shown():
    history = _history(200)
    fig = forecast_chart(history, _daily(), "t", days_shown=30)
    line = fig.axes[0].get_lines()[0]
    assert len(line.get_xdata()) == 30
    np.testing.assert_allclose(line.get_ydata(), history.iloc[-30:].to_numpy())
    first = mdates.date2num(history.index[-30])
    assert mdates.date2num(pd.Timestamp(line.get_xdata()[0])) == pytest.approx(first)


def test_gaps_in_history_and_closed_forecast_days_are_not_drawn_as_zeros():
    history = _history(60)
    history.iloc[-10:-5] = np.nan
    daily = _daily(start="2024-03-01", days=14, closed=["2024-03-03", "2024-03-10"])
    fig = forecast_chart(history, daily, "t")
    hist_line, fc_line = fig.axes[0].get_lines()
    assert len(hist_line.get_xdata()) == 55
    assert not np.isnan(hist_line.get_ydata()).any()
    assert len(fc_line.get_xdata()) == 12
    assert (np.asarray(fc_line.get_ydata()) > 0).all()


def test_without_a_95_level_only_the_80_band_is_drawn():
    fig = forecast_chart(_history(), _daily(with_95=False), "t")
    ax = fig.axes[0]
    assert len([c for c in ax.collections if isinstance(c, PolyCollection)]) == 1
    assert "95% interval" not in [t.get_text() for t in ax.get_legend().get_texts()]


def _months() -> pd.DataFrame:
    months = [str(p) for p in pd.period_range("2025-01", periods=12, freq="M")]
    volume = np.array([130, 120, 100, 100, 90, 80, 80, 85, 100, 110, 120, 135], dtype=float)
    season = ["busy", "busy", "normal", "normal", "quiet", "quiet", "quiet", "quiet",
              "normal", "normal", "busy", "busy"]
    return pd.DataFrame({"month": months, "volume": volume, "lo": volume - 10,
                         "hi": volume + 15, "days": 30, "forecast_days": 30,
                         "index": volume / volume.mean(), "season": season, "model": "ets"})


def test_seasons_chart_colours_each_month_by_its_season(tmp_path):
    months = _months()
    fig = seasons_chart(months, "Test centre: monthly volume and seasons")
    ax = fig.axes[0]
    assert ax.get_title() == "Test centre: monthly volume and seasons"
    assert ax.get_ylabel() == "contacts per month"
    bars = ax.patches
    assert len(bars) == 12
    assert [b.get_height() for b in bars] == list(months["volume"])
    assert [to_hex(b.get_facecolor()) for b in bars] == [SEASON_COLOURS[s]
                                                         for s in months["season"]]
    assert [t.get_text() for t in ax.get_xticklabels()] == list(months["month"])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(SEASON_COLOURS)
    # whiskers from lo to hi: the data reach the highest `hi`
    assert ax.dataLim.y1 == pytest.approx(months["hi"].max())
    _saves(fig, tmp_path)


def test_seasons_chart_whiskers_span_each_months_interval():
    months = _months()
    fig = seasons_chart(months, "t")
    ax = fig.axes[0]
    (errorbars,) = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    _, _, (whiskers,) = errorbars.lines
    segments = whiskers.get_segments()
    assert len(segments) == 12
    for seg, (_, row) in zip(segments, months.iterrows(), strict=True):
        assert sorted(seg[:, 1]) == pytest.approx([row["lo"], row["hi"]])
