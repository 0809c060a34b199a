"""Intraday profiles and the split of daily forecasts into intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wfm.forecast.intraday import (
    holiday_profile,
    smooth,
    split_days,
    weekday_profiles,
    z_score,
)


@pytest.fixture(scope="module")
def history(synth):
    # eight weeks from Monday 2024-01-01; Sundays closed and empty
    return synth.intervals(days=56, closed_weekdays=(6,), seed=11)


@pytest.fixture(scope="module")
def calendar(synth):
    return synth.calendar(open_days=range(6))


def test_profiles_sum_to_one_on_open_weekdays_and_zero_on_closed(history, calendar):
    p = weekday_profiles(history, calendar, weeks=8)
    assert p.shape == (7, 48)
    np.testing.assert_allclose(p[:6].sum(axis=1), 1.0, rtol=1e-12)
    assert (p >= 0).all()
    assert (p[6] == 0).all()
    assert (p[:, :12] == 0).all()  # no calls before 06:00 in the history: none in the profile


def test_profile_follows_the_history_shape(history, calendar, synth):
    p = weekday_profiles(history, calendar, weeks=8)
    vol = history["volume"].to_numpy().reshape(56, 48)
    mondays = vol[::7]
    truth = mondays.sum(axis=0) / mondays.sum()
    assert np.abs(p[0] - truth).max() < 0.01
    assert abs(int(np.argmax(p[0])) - int(np.argmax(truth))) <= 1


def test_one_week_profile_is_the_smoothed_last_week(history, calendar):
    p = weekday_profiles(history, calendar, weeks=1)
    last_monday = history.loc["2024-02-19", "volume"].to_numpy()
    np.testing.assert_allclose(p[0], smooth(last_monday / last_monday.sum()), rtol=1e-12)


def test_skipped_days_do_not_shape_the_profile(history, calendar):
    odd = history.copy()
    day = odd.loc["2024-02-05"].index
    odd.loc[day, "volume"] = 0.0
    odd.loc[day[3], "volume"] = 1000.0  # a strange Monday: everything at 01:30
    skip = pd.DatetimeIndex(["2024-02-05"])
    clean = weekday_profiles(history, calendar, 8, skip_days=skip)
    np.testing.assert_array_equal(weekday_profiles(odd, calendar, 8, skip_days=skip), clean)
    assert weekday_profiles(odd, calendar, 8)[0, 3] > 0.01  # it would, if not skipped


def test_before_leaves_out_later_days(history, calendar):
    cut = pd.Timestamp("2024-02-12")
    np.testing.assert_array_equal(
        weekday_profiles(history, calendar, 8, before=cut),
        weekday_profiles(history[history.index < cut], calendar, 8))


def test_weekday_without_history_gets_a_flat_profile_over_its_hours(synth, history):
    cal = synth.calendar(open_days=range(6), hours={**{d: (0, 1440) for d in range(5)},
                                                    5: (9 * 60, 17 * 60)})
    no_saturdays = history.copy()
    no_saturdays.loc[no_saturdays.index.day_of_week == 5, "volume"] = 0.0
    p = weekday_profiles(no_saturdays, cal, 8)
    expected = np.zeros(48)
    expected[18:34] = 1 / 16  # 09:00 to 17:00
    np.testing.assert_allclose(p[5], expected)


def test_smooth_by_hand():
    out = smooth(np.array([0.0, 0.25, 0.5, 0.25, 0.0]))
    np.testing.assert_allclose(out, np.array([0, 0.25, 0.4375, 0.25, 0]) / 0.9375)


def test_hourly_shares_are_not_smoothed():
    # at 60 minutes the kernel would span three hours and carry a steep evening drop into
    # the next hour (NYC 311's 17:00 ran 8% high that way)
    shares = np.array([0.0, 0.25, 0.5, 0.25, 0.0])
    np.testing.assert_array_equal(smooth(shares, 60), shares)
    assert smooth(shares, 15)[2] < 0.5


def test_holiday_profile_is_the_mean_shape_of_past_holidays(synth):
    cal = synth.calendar(open_days=range(7))
    idx = pd.date_range("2024-01-01", periods=120 * 48, freq="30min")
    vol = pd.Series(10.0, index=idx)
    flat_days = pd.DatetimeIndex(["2024-01-15", "2024-02-19", "2024-03-18"])
    for d in flat_days:  # holidays: all their calls between 12:00 and 14:00
        vol[d:d + pd.Timedelta(hours=23, minutes=30)] = 0.0
        vol[d + pd.Timedelta(hours=12):d + pd.Timedelta(hours=13, minutes=30)] = 25.0
    frame = vol.to_frame("volume")
    shape = holiday_profile(frame, cal, flat_days, pd.Timestamp("2024-04-01"))
    assert shape.sum() == pytest.approx(1.0)
    assert shape[24:28].sum() == pytest.approx(1.0)  # 12:00-14:00, smoothing keeps zeros
    # one holiday is too few to learn a shape from; holidays after `before` do not count
    assert holiday_profile(frame, cal, flat_days[:1], pd.Timestamp("2024-04-01")) is None
    assert holiday_profile(frame, cal, flat_days, pd.Timestamp("2024-02-01")) is None


def test_split_uses_the_profile_given_for_a_day(synth):
    cal = synth.calendar(open_days=range(7))
    profiles = np.full((7, 48), 1 / 48)
    holiday = np.zeros(48)
    holiday[24] = 1.0
    daily = _daily(["2024-01-01", "2024-01-02"], [480.0, 480.0])
    out = split_days(daily, profiles, cal, by_day={pd.Timestamp("2024-01-02"): holiday})
    assert out["volume"].iloc[:48].eq(10.0).all()
    assert out["volume"].iloc[48 + 24] == 480.0 and out["volume"].iloc[48:].sum() == 480.0


def _daily(dates, volumes):
    v = np.asarray(volumes, dtype=float)
    return pd.DataFrame({"date": pd.DatetimeIndex(dates), "volume": v, "lo": 0.8 * v,
                         "hi": 1.25 * v, "lo_95": 0.7 * v, "hi_95": 1.5 * v, "model": "x"})


def test_split_by_hand(synth):
    cal = synth.calendar(open_days=range(6))
    profiles = np.zeros((7, 48))
    profiles[:6, 20] = 0.1
    profiles[:6, 21] = 0.9
    daily = _daily(["2024-01-01", "2024-01-07"], [480.0, 300.0])  # Monday, closed Sunday
    out = split_days(daily, profiles, cal)
    assert len(out) == 96
    assert list(out.columns[:1]) == ["interval_start"]
    assert out["interval_start"].iloc[20] == pd.Timestamp("2024-01-01 10:00", tz="UTC")
    monday = out.iloc[:48]
    assert monday["volume"].iloc[20] == pytest.approx(48.0)
    assert monday["volume"].iloc[21] == pytest.approx(432.0)
    noise = 1.281552 * np.sqrt(48.0)  # Poisson widening at 80 % (z to six places)
    assert monday["lo"].iloc[20] == pytest.approx(0.8 * 48 - noise)
    assert monday["hi"].iloc[20] == pytest.approx(1.25 * 48 + noise)
    assert monday["hi_95"].iloc[20] == pytest.approx(1.5 * 48 + 1.959964 * np.sqrt(48.0))
    sunday = out.iloc[48:]
    assert (sunday[["volume", "lo", "hi", "lo_95", "hi_95"]] == 0).all().all()


@settings(max_examples=40, deadline=None)
@given(volumes=st.lists(st.floats(0, 5e4), min_size=1, max_size=10),
       seed=st.integers(0, 2**16))
def test_split_preserves_daily_totals_and_bounds_contain_the_point(volumes, seed):
    from wfm.core.calendar import Calendar

    cal = Calendar(open_weekdays=frozenset(range(7)), hours={d: (0, 1440) for d in range(7)})
    rng = np.random.default_rng(seed)
    profiles = rng.random((7, 48)) * (rng.random((7, 48)) > 0.3)
    profiles[:, 0] += 1e-3
    profiles /= profiles.sum(axis=1, keepdims=True)
    dates = pd.date_range("2024-01-01", periods=len(volumes))
    out = split_days(_daily(dates, volumes), profiles, cal)
    totals = out.groupby(out["interval_start"].dt.normalize())["volume"].sum()
    np.testing.assert_allclose(totals.to_numpy(), volumes, rtol=1e-9, atol=1e-9)
    assert (out["lo"] <= out["volume"] + 1e-9).all() and (out["volume"] <= out["hi"] + 1e-9).all()
    assert (out["lo_95"] <= out["lo"] + 1e-9).all() and (out["hi"] <= out["hi_95"] + 1e-9).all()
    assert (out["lo"] >= 0).all()


@pytest.mark.parametrize(("level", "z"), [(80, 1.2816), (90, 1.6449), (95, 1.9600),
                                          (99, 2.5758), (50, 0.6745)])
def test_every_interval_level_widens_by_its_own_normal_quantile(level, z):
    assert z_score(level) == pytest.approx(z, abs=1e-4)
