"""Monthly totals with busy / quiet seasons, by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm.forecast.monthly import monthly


def _daily(per_day: dict[str, float], start="2025-01-01", end="2025-03-31") -> pd.DataFrame:
    dates = pd.date_range(start, end, freq="D")
    vol = np.array([per_day[d.strftime("%Y-%m")] for d in dates])
    return pd.DataFrame({"date": dates, "volume": vol, "lo": 0.9 * vol, "hi": 1.1 * vol,
                         "model": "ets"})


def test_busy_and_quiet_months_by_hand():
    daily = _daily({"2025-01": 100.0, "2025-02": 115.0, "2025-03": 85.0})
    out = monthly(daily, band=0.10)
    assert out["month"].tolist() == ["2025-01", "2025-02", "2025-03"]
    assert out["volume"].tolist() == pytest.approx([3100, 28 * 115, 2635])
    assert out["days"].tolist() == [31, 28, 31]
    assert out["forecast_days"].tolist() == [31, 28, 31]
    # daily means 100, 115, 85; their mean is 100
    assert out["index"].tolist() == pytest.approx([1.0, 1.15, 0.85])
    assert out["season"].tolist() == ["normal", "busy", "quiet"]
    assert out["lo"].tolist() == pytest.approx([2790, 0.9 * 28 * 115, 0.9 * 2635])
    assert (out["model"] == "ets").all()


def test_a_wider_band_makes_every_month_normal():
    daily = _daily({"2025-01": 100.0, "2025-02": 115.0, "2025-03": 85.0})
    assert monthly(daily, band=0.2)["season"].tolist() == ["normal"] * 3


def test_short_month_is_not_quiet_for_being_short():
    daily = _daily({"2025-01": 100.0, "2025-02": 100.0, "2025-03": 100.0})
    out = monthly(daily, band=0.05)
    assert out["volume"].iloc[1] < out["volume"].iloc[0]  # February has fewer days
    assert out["season"].tolist() == ["normal"] * 3


def test_known_days_of_a_started_month_count_as_actual():
    daily = _daily({"2025-01": 100.0, "2025-02": 100.0}, start="2025-01-16", end="2025-02-28")
    actual = pd.Series(50.0, index=pd.date_range("2024-12-01", "2025-01-15"))
    out = monthly(daily, actual=actual, band=0.10)
    jan = out.iloc[0]
    assert jan["month"] == "2025-01"
    assert jan["volume"] == pytest.approx(15 * 50 + 16 * 100)  # December is not counted
    assert jan["days"] == 31 and jan["forecast_days"] == 16
    assert jan["lo"] == pytest.approx(15 * 50 + 16 * 90)  # known days have no spread
    # daily means 75 and 100 around 87.5: January is quiet, February busy
    assert out["season"].tolist() == ["quiet", "busy"]
