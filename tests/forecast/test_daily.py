"""DailyForecaster: closed days, gaps, caching, combinations and conformal intervals."""

from __future__ import annotations

import locations
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wfm.forecast.daily import (
    DailyForecaster,
    NotEnoughHistory,
    conformal_bounds,
    fill_gaps,
    spec_name,
)


def test_closed_days_are_unknown_in_history_and_zero_in_the_forecast(synth):
    y = synth.daily(days=84)  # Sundays have volume in the file, but the centre is closed
    cal = synth.calendar(open_days=range(6))
    fc = DailyForecaster(y, cal)
    assert fc.y[fc.y.index.day_of_week == 6].isna().all()
    assert fc.y[fc.y.index.day_of_week != 6].notna().all()
    run = fc.run("seasonal_naive", y.index[-1] + pd.Timedelta(days=1), 14)
    sundays = run.dates.day_of_week == 6
    assert sundays.sum() == 2
    assert (run.point[sundays] == 0).all()
    expected = 1000 * synth.WEEKLY[run.dates.day_of_week[~sundays]]
    np.testing.assert_allclose(run.point[~sundays], expected, rtol=1e-9)


def test_gap_at_the_end_is_filled_from_the_same_weekday(synth):
    y = synth.daily(days=70)
    y.iloc[-7:] = np.nan  # the last week is missing
    fc = DailyForecaster(y, synth.calendar())
    run = fc.run("seasonal_naive", y.index[-1] + pd.Timedelta(days=1), 7)
    np.testing.assert_allclose(run.point, 1000 * synth.WEEKLY[run.dates.day_of_week], rtol=1e-9)


def test_fill_gaps_by_hand():
    y = pd.Series(np.arange(50.0), index=pd.date_range("2024-01-01", periods=50))
    y.iloc[21] = np.nan
    filled = fill_gaps(y)
    assert filled.iloc[21] == 21  # median of 0, 7, 14, 28, 35, 42
    assert filled.drop(filled.index[21]).equals(y.drop(y.index[21]))
    short = pd.Series([1.0, np.nan, 3.0], index=pd.date_range("2024-01-01", periods=3))
    assert fill_gaps(short).tolist() == [1.0, 2.0, 3.0]  # no same weekday: interpolated
    complete = y.dropna()
    assert fill_gaps(complete) is complete  # nothing to fill: returned as is


def test_needs_four_weeks_of_history(synth):
    y = synth.daily(days=60)
    fc = DailyForecaster(y, synth.calendar())
    with pytest.raises(NotEnoughHistory):
        fc.run("seasonal_naive", y.index[27], 7)  # 27 days before the cut
    assert len(fc.run("seasonal_naive", y.index[28], 7).point) == 7


def test_runs_are_cached_and_combinations_average(synth):
    y = synth.daily(days=120, noise=0.1, seed=1)
    fc = DailyForecaster(y, synth.calendar())
    cut = y.index[-1] + pd.Timedelta(days=1)
    a = fc.run("seasonal_naive", cut, 14)
    assert fc.run("seasonal_naive", cut, 14) is a
    b = fc.run("mstl", cut, 14)
    combo = fc.point(("seasonal_naive", "mstl"), cut, 14)
    assert combo.model == "combo(seasonal_naive+mstl)"
    np.testing.assert_allclose(combo.point, (a.point + b.point) / 2)
    assert spec_name(("ets",)) == "ets"


def test_calibration_errors_are_zero_for_a_perfect_model(synth):
    y = synth.daily(days=140)
    fc = DailyForecaster(y, synth.calendar(), calibration_windows=2)
    errors = fc.calibration(("seasonal_naive",), y.index[-1] + pd.Timedelta(days=1), 14)
    assert errors.shape == (28,)
    np.testing.assert_allclose(errors, 0, atol=1e-12)


def test_interval_default_spread_by_hand():
    point = np.array([99.0, 99.0, 99.0])
    lo, hi = conformal_bounds(point, np.empty(0), 80, 1, np.array([True, True, False]))
    np.testing.assert_allclose(lo[:2], [100 * np.exp(-0.25) - 1,
                                        100 * np.exp(-0.25 * np.sqrt(2)) - 1])
    np.testing.assert_allclose(hi[:2], [100 * np.exp(0.25) - 1,
                                        100 * np.exp(0.25 * np.sqrt(2)) - 1])
    assert lo[2] == hi[2] == 0  # closed day


@settings(max_examples=80, deadline=None)
@given(errors=st.lists(st.floats(-2, 2), min_size=5, max_size=200),
       level=st.sampled_from([80, 95]))
def test_interval_covers_its_own_calibration_errors(errors, level):
    # conformal: on the log scale the band holds at least `level`% of the errors it is
    # built from (here within the calibration horizon, so nothing is widened)
    e = np.array(errors)
    p = np.array([99.0])
    lo, hi = conformal_bounds(p, e, level, 7, np.array([True]))
    band = (np.log1p(lo[0]) - np.log1p(99.0), np.log1p(hi[0]) - np.log1p(99.0))
    inside = (e >= band[0] - 1e-9) & (e <= band[1] + 1e-9)
    assert inside.mean() >= level / 100


def test_interval_is_wider_for_larger_errors_and_later_days():
    small = np.linspace(-0.1, 0.1, 50)
    point = np.full(14, 99.0)
    open_ = np.ones(14, dtype=bool)
    lo_s, hi_s = conformal_bounds(point, small, 80, 7, open_)
    lo_b, hi_b = conformal_bounds(point, 3 * small, 80, 7, open_)
    assert np.all(hi_b > hi_s) and np.all(lo_b < lo_s)
    # flat up to the calibration horizon, then wider by sqrt(step / horizon)
    assert np.all(hi_s[:7] == hi_s[0])
    assert np.all(np.diff(hi_s[6:]) > 0)
    q = np.log1p(hi_s[0]) - np.log1p(99.0)
    assert np.log1p(hi_s[13]) - np.log1p(99.0) == pytest.approx(q * np.sqrt(14 / 7))


@settings(max_examples=60, deadline=None)
@given(point=st.lists(st.floats(0, 1e5), min_size=1, max_size=40),
       errors=st.lists(st.floats(-3, 3), max_size=30),
       level=st.sampled_from([80, 95]), calib_h=st.integers(1, 35))
def test_interval_always_contains_the_point(point, errors, level, calib_h):
    p = np.array(point)
    lo, hi = conformal_bounds(p, np.array(errors), level, calib_h, np.ones(len(p), dtype=bool))
    assert np.all(lo >= 0)
    assert np.all(lo <= p * (1 + 1e-9) + 1e-9)
    assert np.all(hi >= p * (1 - 1e-9) - 1e-9)


def test_a_holiday_the_history_shows_closed_forecasts_zero_for_every_model():
    # the sample centre shuts on Christmas Day every year (its history has zeros there);
    # the regression model carries its own holiday regressors, and must still say zero

    from wfm.core.calendar import calendar_from_config
    from wfm.core.config import load_config
    from wfm.forecast.history import load_history

    data = locations.REPO / "data"
    cfg = load_config(data / "config.toml")
    hist = load_history(data / "history.csv", cfg)
    fc = DailyForecaster(hist.daily, calendar_from_config(cfg))
    christmas = pd.Timestamp("2026-12-25")
    for model in ("regression", "ets"):
        run = fc.run(model, pd.Timestamp("2026-12-01"), 31)
        assert run.point[list(run.dates).index(christmas)] == 0.0, model
        assert run.point[list(run.dates).index(pd.Timestamp("2026-12-23"))] > 1000


def test_a_storm_day_is_an_outlier_the_models_do_not_learn(synth):
    # A day at 21 times normal (Toronto's ice storm) and one at a third (an outage) eight
    # and two weeks before the cut: both are found and left out of what the models see,
    # so the seasonal naive forecast of that weekday is the ordinary level.
    y = synth.daily(days=16 * 7, noise=0.03, seed=3,
                    multipliers={"2023-03-06": 21.0, "2023-04-10": 1 / 3})
    fc = DailyForecaster(y, synth.calendar())
    cut = pd.Timestamp("2023-04-17")
    prep = fc.prepare(cut)
    assert list(prep.outliers.index) == [pd.Timestamp("2023-03-06"), pd.Timestamp("2023-04-10")]
    assert prep.outliers.iloc[0] == pytest.approx(21.0, rel=0.1)
    assert prep.outliers.iloc[1] == pytest.approx(1 / 3, rel=0.1)
    monday = fc.run("seasonal_naive", cut, 7).point[0]
    assert monday == pytest.approx(1000.0 * synth.WEEKLY[0], rel=0.1)
    # the raw history keeps them: they still count in the interval's errors
    assert prep.raw["2023-03-06"] == y["2023-03-06"]


def test_ordinary_noise_and_a_gentle_step_are_not_outliers(synth):
    level = np.where(np.arange(20 * 7) < 70, 1.0, 1.15)  # a 15% step up halfway
    y = synth.daily(days=20 * 7, noise=0.06, seed=5) * level
    prep = DailyForecaster(y, synth.calendar()).prepare(y.index[-1] + pd.Timedelta(days=1))
    assert prep.outliers.empty


def test_event_days_and_ordinary_days_get_intervals_of_their_own(synth):
    # A calm weekly series whose monthly "holidays" come out anywhere from a third to
    # three times normal, the model never told: the holidays' interval is sized by their
    # own large errors, the ordinary days' by their small ones (one pooled quantile would
    # be too wide for the one and too narrow for the other).
    rng = np.random.default_rng(4)
    days = pd.date_range("2023-01-02", periods=400)
    holidays = days[(days.day == 15)]
    marks = {d: float(np.exp(rng.uniform(-1.1, 1.1))) for d in holidays}
    y = synth.daily(start="2023-01-02", days=400, multipliers=marks, noise=0.02, seed=4)
    cal = synth.calendar(holidays=[(str(d.date()), "Mid-month") for d in
                                   pd.date_range("2023-01-15", periods=24, freq="MS")
                                   + pd.Timedelta(days=14)])
    fc = DailyForecaster(y, cal, calibration_windows=12)
    cut = pd.Timestamp("2024-01-08")
    run = fc.point(("seasonal_naive",), cut, 28)
    lo, hi = fc.bounds(("seasonal_naive",), cut, 28, run.point, run.dates, 80)
    width = np.log(hi / run.point)
    event = fc.is_event(run.dates)
    assert event.sum() == 3  # the 14th, 15th and 16th: eve, holiday, day after
    assert width[event].min() > 3 * width[~event].max()
    below = np.log1p(run.point) - np.log1p(lo)
    assert below[event].min() > 3 * below[~event].max()
    # with too few event-day errors (one window, before February: three), one interval
    few = DailyForecaster(y, cal, calibration_windows=1)
    feb = pd.Timestamp("2024-02-05")
    run = few.point(("seasonal_naive",), feb, 28)
    lo1, hi1 = few.bounds(("seasonal_naive",), feb, 28, run.point, run.dates, 80)
    assert few.calibration(("seasonal_naive",), feb, 28, days="events").size == 3
    assert np.ptp(np.log1p(hi1) - np.log1p(run.point)) < 1e-9
    assert np.ptp(np.log1p(run.point) - np.log1p(lo1)) < 1e-9
