"""Outages and clock changes in interval counts, on series with known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm.forecast.outages import clock_change_days, day_grid, find_outages, usual_counts

HOURS = 24


def _hourly(days: int = 70, start: str = "2024-01-01") -> pd.DataFrame:
    """Hourly counts: 100 an hour from 08:00 to 20:00, 2 an hour at night, every day."""
    idx = pd.date_range(start, periods=days * HOURS, freq="60min")
    hour = idx.hour.to_numpy()
    vol = np.where((hour >= 8) & (hour < 20), 100.0, 2.0)
    return pd.DataFrame({"volume": vol}, index=pd.DatetimeIndex(idx, name="interval_start"))


def _daily(intervals: pd.DataFrame) -> pd.Series:
    return intervals["volume"].groupby(intervals.index.normalize()).sum()


def test_hours_of_zeros_in_busy_hours_are_an_outage_and_the_day_is_completed():
    iv = _hourly()
    iv.loc["2024-02-05 14:00":"2024-02-05 18:00", "volume"] = 0.0  # five busy hours lost
    iv.loc["2024-02-06 03:00", "volume"] = 0.0  # a quiet night hour at zero: just quiet
    found = find_outages(iv, _daily(iv), HOURS, pd.DatetimeIndex([]), pd.DatetimeIndex([]))
    assert list(found.slots) == list(pd.date_range("2024-02-05 14:00", periods=5, freq="60min"))
    assert list(found.days) == [pd.Timestamp("2024-02-05")]
    assert found.daily["2024-02-05"] == pytest.approx(12 * 100 + 12 * 2)  # as on any day
    assert found.daily["2024-02-06"] == 12 * 100 + 11 * 2  # left as it is
    assert "5 hours" in found.note(60) and "2024-02-05 14:00 to 2024-02-05 19:00" in found.note(60)


def test_a_whole_day_of_zeros_and_event_days_are_left_to_the_daily_model():
    iv = _hourly()
    iv.loc["2024-02-05", "volume"] = 0.0  # closed all day: a holiday or a closure
    iv.loc["2024-02-12 13:00":"2024-02-12 19:00", "volume"] = 0.0  # an eve closing early
    found = find_outages(iv, _daily(iv), HOURS, pd.DatetimeIndex(["2024-02-12"]),
                         pd.DatetimeIndex([]))
    assert found.slots.empty and found.days.empty
    pd.testing.assert_series_equal(found.daily, _daily(iv).asfreq("D"), check_names=False,
                                   check_freq=False)


def test_a_day_that_lost_most_of_its_volume_is_a_gap():
    iv = _hourly()
    iv.loc["2024-02-05 09:00":"2024-02-05 19:00", "volume"] = 0.0  # 11 of 12 busy hours
    found = find_outages(iv, _daily(iv), HOURS, pd.DatetimeIndex([]), pd.DatetimeIndex([]))
    assert np.isnan(found.daily["2024-02-05"])


def test_the_clock_change_hours_are_not_outages():
    iv = _hourly(days=120, start="2016-01-04")
    iv["volume"] = 100.0  # a centre busy all night
    iv.loc["2016-03-13 02:00", "volume"] = 0.0  # spring forward: the hour does not exist
    clock = clock_change_days(pd.date_range("2016-01-04", periods=120), "America/New_York")
    assert list(clock) == [pd.Timestamp("2016-03-13")]
    found = find_outages(iv, _daily(iv), HOURS, pd.DatetimeIndex([]), clock)
    assert found.slots.empty
    # without the clock change known, the same zero is an outage hour
    found = find_outages(iv, _daily(iv), HOURS, pd.DatetimeIndex([]), pd.DatetimeIndex([]))
    assert list(found.slots) == [pd.Timestamp("2016-03-13 02:00")]


def test_clock_change_days_by_zone():
    year = pd.date_range("2016-01-01", "2016-12-31")
    assert [d.strftime("%m-%d") for d in clock_change_days(year, "America/New_York")] == [
        "03-13", "11-06"]
    assert [d.strftime("%m-%d") for d in clock_change_days(year, "Europe/London")] == [
        "03-27", "10-30"]
    assert clock_change_days(year, "Asia/Tokyo").empty


def test_usual_counts_is_the_median_of_the_same_weekday_nearby():
    grid = np.arange(60, dtype=float)[:, None] * np.ones((1, 2))
    usual = usual_counts(grid)
    # day 30: days 2, 9, 16, 23 before and 37, 44, 51, 58 after -> median 30
    assert usual[30, 0] == 30.0
    assert usual[0, 1] == pytest.approx(np.median([7, 14, 21, 28]))


def test_day_grid_puts_each_interval_in_its_day_and_slot():
    iv = _hourly(days=2)
    grid = day_grid(iv["volume"], pd.date_range("2024-01-01", periods=3), HOURS)
    assert grid.shape == (3, 24) and grid[0, 8] == 100.0 and grid[1, 3] == 2.0
    assert np.isnan(grid[2]).all()
