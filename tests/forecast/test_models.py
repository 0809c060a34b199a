"""Daily models: every registered model on noiseless series with known futures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wfm.forecast.events import event_days
from wfm.forecast.models import (
    CANDIDATES,
    MODELS,
    Context,
    DailyModel,
    SeasonalMean,
    SeasonalNaive,
    fourier,
)

H = 28
TRAIN = 182


def _context(synth, y: pd.Series, h: int = H) -> Context:
    future = pd.date_range(y.index[-1] + pd.Timedelta(days=1), periods=h, freq="D")
    dates = y.index.append(future)
    return Context(future=future, events=event_days(dates, synth.calendar()), raw=y)


@pytest.fixture(scope="module")
def trend_case(synth):
    """A weekly pattern on a slow trend (+0.05 % a day), with the true next 28 days."""
    full = synth.daily(start="2023-01-02", days=TRAIN + H, trend=0.0005)
    return full.iloc[:TRAIN], full.iloc[TRAIN:].to_numpy()


@pytest.fixture(scope="module")
def fitted(synth, trend_case):
    y, _ = trend_case
    return {name: cls().fit(y, _context(synth, y)) for name, cls in MODELS.items()}


def test_the_models_are_registered_and_five_are_candidates():
    assert set(MODELS) == {"seasonal_naive", "ets", "mstl", "regression", "gbm",
                           "seasonal_mean"}
    assert CANDIDATES == ("seasonal_naive", "ets", "mstl", "regression", "gbm")
    for name, cls in MODELS.items():
        assert issubclass(cls, DailyModel) and cls.name == name


def test_seasonal_mean_is_each_weekdays_median_of_its_last_four_weeks():
    """Five weeks; the oldest is left out; one storm day does not move the median."""
    idx = pd.date_range("2024-01-01", periods=35, freq="D")
    week = np.array([100.0, 90, 80, 70, 60, 20, 10])
    levels = np.array([9.0, 1.0, 1.1, 1.2, 1.3])  # week 0 is far off and too old to count
    y = pd.Series(np.concatenate([week * k for k in levels]), index=idx)
    y.iloc[29] = 5000.0  # a storm on the last week's Tuesday
    got = SeasonalMean().fit(y, Context(future=pd.date_range("2024-02-05", periods=10))
                             ).predict(10)
    # median of 1.0, 1.1, 1.2, 1.3 (x the weekday) in log space: between 1.1 and 1.2
    expected = np.expm1(np.median(np.log1p(np.outer([1.0, 1.1, 1.2, 1.3], week)), axis=0))
    expected[1] = np.expm1(np.median(np.log1p([90.0, 99.0, 108.0, 5000.0])))  # Tuesday
    assert got[:7] == pytest.approx(expected)
    assert got[7:] == pytest.approx(expected[:3])


@pytest.mark.parametrize("name", sorted(MODELS))
def test_model_forecasts_weekly_pattern_with_trend(name, fitted, trend_case):
    _, truth = trend_case
    point = fitted[name].predict(H)
    error = np.abs(point / truth - 1)
    assert error.max() < 0.05, f"{name}: worst day off by {error.max():.1%}"
    # the weekly shape is kept: the quietest forecast day is a Sunday (weekday 6)
    days = pd.date_range("2023-07-03", periods=H)  # TRAIN days after 2023-01-02
    assert days[np.argmin(point)].weekday() == 6


@pytest.mark.parametrize("name", sorted(MODELS))
@pytest.mark.parametrize("h", [1, 7, H])
def test_predict_returns_h_finite_non_negative_values(name, h, fitted):
    point = np.asarray(fitted[name].predict(h))
    assert point.shape == (h,)
    assert np.all(np.isfinite(point)) and np.all(point >= 0)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_collapsing_series_never_forecasts_below_zero(name, synth):
    # volume falling towards zero, with zero Sundays: a log model must not go negative
    y = synth.daily(start="2023-01-02", days=TRAIN, level=60.0, trend=-0.02)
    y[y.index.day_of_week == 6] = 0.0
    point = np.asarray(MODELS[name]().fit(y, _context(synth, y)).predict(H))
    assert point.shape == (H,)
    assert np.all(np.isfinite(point)) and np.all(point >= 0)


def test_seasonal_naive_repeats_the_last_week_exactly(synth):
    y = synth.daily(days=30, noise=0.2, seed=3)
    point = SeasonalNaive().fit(y, _context(synth, y)).predict(17)
    last = y.to_numpy()[-7:]
    np.testing.assert_array_equal(point, np.concatenate([last, last, last[:3]]))


@settings(max_examples=50, deadline=None)
@given(values=st.lists(st.floats(0, 1e6), min_size=7, max_size=60),
       h=st.integers(1, 60))
def test_seasonal_naive_property(values, h):
    y = pd.Series(values, index=pd.date_range("2024-01-01", periods=len(values)))
    ctx = Context(future=pd.date_range("2030-01-01", periods=h))
    point = SeasonalNaive().fit(y, ctx).predict(h)
    assert len(point) == h
    for i in range(h):
        assert point[i] == values[len(values) - 7 + i % 7]


def test_fourier_terms_by_hand():
    dates = pd.date_range("2024-01-01", periods=3)
    x = fourier(dates, 4.0, 1, pd.Timestamp("2024-01-01"))
    np.testing.assert_allclose(x, [[0, 1], [1, 0], [0, -1]], atol=1e-12)
    assert fourier(dates, 365.25, 0, dates[0]).shape == (3, 0)
