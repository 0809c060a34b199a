"""AHT per weekday and interval: hand-worked shrinkage, recency, and the config fallback."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from wfm.forecast.handle_time import aht_for, aht_table


def _frame(days: int, start: str = "2024-01-01") -> pd.DataFrame:
    idx = pd.date_range(start, periods=days * 48, freq="30min", name="interval_start")
    return pd.DataFrame({"volume": 10.0, "aht_seconds": np.nan, "handled": 0.0}, index=idx)


def test_no_handle_times_falls_back_to_the_config_default():
    table = aht_table(None, 48, 240.0)
    assert table.shape == (7, 48) and (table == 240.0).all()
    table = aht_table(_frame(14), 48, 180.0)  # volume but no handle times
    assert (table == 180.0).all()


def test_table_by_hand():
    # one Monday: 30 calls at 200 s in slot 20, 10 calls at 400 s in slot 21
    f = _frame(7)
    f.loc[pd.Timestamp("2024-01-01 10:00"), ["aht_seconds", "handled"]] = [200.0, 30.0]
    f.loc[pd.Timestamp("2024-01-01 10:30"), ["aht_seconds", "handled"]] = [400.0, 10.0]
    t = aht_table(f, 48, 999.0)
    # overall mean 250; Monday mean (10000 + 30*250) / (40 + 30) = 250;
    # each slot leans on it with 30 calls' weight
    assert t[0, 20] == pytest.approx((6000 + 30 * 250) / 60)  # 225
    assert t[0, 21] == pytest.approx((4000 + 30 * 250) / 40)  # 287.5
    assert t[0, 5] == pytest.approx(250.0)
    assert t[3] == pytest.approx(np.full(48, 250.0))  # no Thursday data: the overall mean


def test_only_recent_weeks_count():
    f = _frame(70)  # ten weeks from Monday 2024-01-01
    f.loc[f.index < "2024-01-08", ["aht_seconds", "handled"]] = [900.0, 50.0]  # week 1
    f.loc[f.index >= "2024-01-08", ["aht_seconds", "handled"]] = [300.0, 50.0]
    t = aht_table(f, 48, 240.0, weeks=8)
    np.testing.assert_allclose(t, 300.0)
    t_all = aht_table(f, 48, 240.0, weeks=10)
    assert (t_all > 300.0).all()


def test_before_cuts_the_history():
    f = _frame(28)
    f.loc[f.index < "2024-01-15", ["aht_seconds", "handled"]] = [200.0, 5.0]
    f.loc[f.index >= "2024-01-15", ["aht_seconds", "handled"]] = [500.0, 5.0]
    np.testing.assert_allclose(aht_table(f, 48, 240.0, before=pd.Timestamp("2024-01-15")),
                               200.0)


def test_old_handle_times_only_still_give_a_usable_table():
    # handle times only in the first week of twelve; the last eight weeks have none.
    # The table must still be usable (the default, or the older figures), never NaN.
    f = _frame(84)
    f.loc[f.index < "2024-01-08", ["aht_seconds", "handled"]] = [300.0, 10.0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        table = aht_table(f, 48, 240.0, weeks=8)
    n_nan = int(np.isnan(table).sum())
    assert n_nan == 0, f"{n_nan} of {table.size} AHT cells are NaN"
    assert (table > 0).all()


def test_lookup_by_weekday_and_slot():
    table = np.arange(7 * 48, dtype=float).reshape(7, 48)
    starts = pd.DatetimeIndex(["2024-01-01 00:00", "2024-01-01 10:30", "2024-01-07 23:30"])
    np.testing.assert_array_equal(aht_for(starts, table), [0, 21, 6 * 48 + 47])
    quarter = np.arange(7 * 96, dtype=float).reshape(7, 96)
    assert aht_for(pd.DatetimeIndex(["2024-01-02 10:45"]), quarter)[0] == 96 + 43
