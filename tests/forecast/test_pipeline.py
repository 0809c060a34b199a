"""The forecast stage end to end on synthetic series with known answers: the days asked for
(N days or a named month), twelve months of seasons, intervals that add up to the days,
the summary lines, and what a short history does."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm.core.calendar import calendar_from_config
from wfm.core.clock import wall_clock
from wfm.core.config import parse_config
from wfm.core.errors import InputError
from wfm.forecast.daily import DailyForecaster
from wfm.forecast.history import History
from wfm.forecast.pipeline import (
    ForecastResult,
    band_warning,
    horizon_dates,
    plan_backtest,
    run_forecast,
)

HOURS = {"default": ["08:00", "18:00"]}  # 20 half-hours a day
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri"]


def _config(**forecast):
    return parse_config({"centre": {"hours": HOURS},
                         "forecast": {"models": ["seasonal_naive"], **forecast},
                         "service": {"aht_seconds": 270}})


def _history(series: pd.Series) -> History:
    return History(source="synthetic.csv", form="daily", daily=series, intervals=None,
                   contacts=None, native_minutes=1440)


def _daily(synth, days: int, **kw) -> pd.Series:
    """A synthetic daily series from Monday 2024-01-01."""
    return synth.daily(start="2024-01-01", days=days, **kw)


def _run(series, cfg=None, **kw) -> ForecastResult:
    cfg = cfg or _config()
    return run_forecast(_history(series), cfg, calendar_from_config(cfg), **kw)


@pytest.fixture(scope="module")
def exact(synth) -> tuple[pd.Series, ForecastResult]:
    """14 weeks of an exact weekly pattern (2024-01-01 to 2024-04-07) forecast 7 days."""
    series = _daily(synth, 98)
    return series, _run(series, days=7)


# --- the horizon ------------------------------------------------------------------------------

def test_days_are_the_days_right_after_the_history(exact):
    series, result = exact
    assert list(result.daily["date"]) == list(pd.date_range("2024-04-08", periods=7))
    assert series.index[-1] == pd.Timestamp("2024-04-07")


def test_without_days_or_month_the_config_horizon_is_used(synth):
    result = _run(_daily(synth, 98), _config(horizon_days=3))
    assert len(result.daily) == 3 and result.daily["date"].iloc[0] == pd.Timestamp("2024-04-08")


def test_a_month_is_every_day_of_it_even_with_a_gap_before_it(synth):
    result = _run(_daily(synth, 98), month="2024-06")
    assert list(result.daily["date"]) == list(pd.date_range("2024-06-01", "2024-06-30"))
    assert result.intervals["interval_start"].iloc[0] == pd.Timestamp("2024-06-01", tz="UTC")
    assert result.intervals["interval_start"].iloc[-1] == pd.Timestamp("2024-06-30 23:30",
                                                                      tz="UTC")
    assert result.monthly["month"].iloc[0] == "2024-06"


@pytest.mark.parametrize(("kw", "message"), [
    ({"month": "2024-04"}, r"--month 2024-04: the month must start after the last day of "
                           r"history \(2024-04-07\)"),
    ({"month": "2024-13"}, "2024-13"),
    ({"days": 0}, "--days: expected 1 or more, got 0"),
])
def test_a_horizon_that_cannot_be_forecast_is_bad_input(synth, kw, message):
    with pytest.raises(InputError, match=message):
        _run(_daily(synth, 98), **kw)


def test_horizon_dates_by_hand(synth):
    hist = _history(_daily(synth, 31))
    assert list(horizon_dates(hist, 2, None, 9)) == [pd.Timestamp("2024-02-01"),
                                                     pd.Timestamp("2024-02-02")]
    assert len(horizon_dates(hist, None, None, 9)) == 9
    feb = horizon_dates(hist, None, "2024-02", 9)
    assert (feb[0], feb[-1], len(feb)) == (pd.Timestamp("2024-02-01"),
                                           pd.Timestamp("2024-02-29"), 29)


# --- what is forecast --------------------------------------------------------------------------

def test_an_exact_weekly_pattern_is_repeated_by_the_seasonal_naive_model(exact):
    series, result = exact
    assert (result.daily["model"] == "seasonal_naive").all()
    np.testing.assert_allclose(result.daily["volume"], series.iloc[-7:].to_numpy())
    assert result.backtest is not None and result.backtest.chosen == ("seasonal_naive",)
    assert result.notes == ()


def test_the_daily_bounds_hold_the_point(exact):
    d = exact[1].daily
    assert list(d.columns) == ["date", "volume", "lo", "hi", "lo_95", "hi_95", "model"]
    tol = 1e-9 * d["volume"]
    assert (d["lo_95"] <= d["lo"] + tol).all() and (d["lo"] <= d["volume"] + tol).all()
    assert (d["volume"] <= d["hi"] + tol).all() and (d["hi"] <= d["hi_95"] + tol).all()


def test_intervals_spread_each_day_evenly_over_its_open_hours_without_an_interval_history(
        exact):
    daily, intervals = exact[1].daily, exact[1].intervals
    assert len(intervals) == 7 * 48
    t = wall_clock(intervals["interval_start"])
    open_ = (t.dt.hour >= 8) & (t.dt.hour < 18)
    assert (intervals.loc[~open_, "volume"] == 0).all()
    # 20 open half-hours share the day alike
    per_day = daily.set_index("date")["volume"]
    want = per_day.reindex(t[open_].dt.normalize()).to_numpy() / 20
    np.testing.assert_allclose(intervals.loc[open_, "volume"], want)
    np.testing.assert_allclose(intervals.groupby(t.dt.normalize())["volume"].sum(),
                               per_day.to_numpy())
    # no handle times in the history: the config's
    assert (intervals["aht_seconds"] == 270.0).all()
    assert (intervals["model"] == "seasonal_naive").all()


def test_closed_days_are_forecast_as_zero(synth):
    cfg = parse_config({"centre": {"hours": HOURS, "open_days": WEEKDAYS},
                        "forecast": {"models": ["seasonal_naive"]}})
    series = _daily(synth, 98, weekly=[1, 1, 1, 1, 1, 0, 0], noise=0.05)
    result = _run(series, cfg, days=14)
    weekend = result.daily["date"].dt.day_of_week >= 5
    assert weekend.sum() == 4
    assert (result.daily.loc[weekend, ["volume", "lo", "hi", "lo_95", "hi_95"]] == 0).all(axis=None)
    assert (result.daily.loc[~weekend, "volume"] > 0).all()
    closed = result.intervals["interval_start"].dt.day_of_week >= 5
    assert (result.intervals.loc[closed, "volume"] == 0).all()


def test_twelve_months_from_the_first_forecast_month_by_hand(exact, synth):
    months = exact[1].monthly
    assert list(months["month"]) == [str(p) for p in pd.period_range("2024-04", periods=12,
                                                                     freq="M")]
    # the exact weekly pattern carries on: each month is its days' pattern added up, from
    # the first forecast day (April counts 8 to 30, the days after the history)
    days = pd.date_range("2024-04-08", "2025-03-31")
    want = pd.Series(1000.0 * synth.WEEKLY[days.day_of_week], index=days)
    by_month = want.groupby(days.to_period("M"))
    np.testing.assert_allclose(months["volume"], by_month.sum().to_numpy())
    assert list(months["days"]) == list(by_month.size())
    assert months["days"].iloc[0] == 23
    assert (months["days"] == months["forecast_days"]).all()
    per_day = by_month.mean().to_numpy()
    np.testing.assert_allclose(months["index"], per_day / per_day.mean())
    # a repeating week has no busy or quiet month beyond the 10% band
    assert set(months["season"]) == {"normal"}
    assert (months["model"] == "seasonal_naive").all()


# --- the summary --------------------------------------------------------------------------------

def test_summary_names_the_days_contacts_model_and_backtest(synth):
    series = _daily(synth, 98, noise=0.05, seed=3)
    result = _run(series, days=7)
    lines = result.summary()
    total = result.daily["volume"].sum()
    assert lines[0] == (f"forecast: 2024-04-08 to 2024-04-14, {total:,.0f} contacts, "
                        "model seasonal_naive")
    best = result.backtest.scores.iloc[0]
    assert lines[1] == (f"backtest: 2 origins x 7 days, MASE {best['mase']:.3f}, "
                        f"WAPE {best['wape']:.1%}, 80% interval coverage "
                        f"{best['coverage_80']:.0%}")
    assert len(lines) == 2


SHORT_NOTE = ("8 weeks of history are too few to backtest and choose a model (that needs "
              "about seven months): each weekday is forecast at the median of its last four "
              "weeks, with no trend")


def test_a_short_history_is_forecast_by_the_seasonal_mean_with_a_note(synth):
    result = _run(_daily(synth, 56, noise=0.05), days=7)
    assert result.backtest is None
    assert (result.daily["model"] == "seasonal_mean").all()
    assert result.notes == (SHORT_NOTE,)
    lines = result.summary()
    assert len(lines) == 2 and lines[0].startswith("forecast: ")
    assert lines[1] == f"note: {SHORT_NOTE}"


def test_a_short_rising_history_carries_no_trend_into_the_months_ahead(synth):
    """Eight weeks rising 2% a week: the next weeks stay at the last four weeks' level, and
    the twelve-month view neither runs away nor calls a month busy."""
    flat = _daily(synth, 56, noise=0.0)
    y = flat * 1.02 ** (np.arange(len(flat)) // 7)
    result = _run(y, days=28)
    # each weekday at the median of its last four weeks: weeks 6 and 7 of eight, averaged
    expected = flat.to_numpy()[-28:].sum() * (1.02 ** 5 + 1.02 ** 6) / 2
    assert result.daily["volume"].sum() == pytest.approx(expected, rel=0.01)
    whole = result.monthly[result.monthly["forecast_days"] >= 28]  # a part month's weekday mix
    assert len(whole) == 11 and set(whole["season"]) == {"normal"}
    per_day = whole["volume"] / whole["forecast_days"]
    assert per_day.max() / per_day.min() < 1.1


def test_fewer_than_four_weeks_of_open_days_is_refused_naming_the_file(synth):
    with pytest.raises(InputError, match=r"^synthetic\.csv: history has 27 open days with "
                       r"volume; a forecast needs at least four weeks \(28 open days\)$"):
        _run(_daily(synth, 27), days=7)


def test_closed_days_do_not_count_towards_the_four_weeks(synth):
    # a centre open Monday to Friday: four weeks are 20 open days, whatever the weekends
    cfg = parse_config({"centre": {"hours": HOURS, "open_days": WEEKDAYS}})
    with pytest.raises(InputError, match=r"has 19 open days .* four weeks \(20 open days\)"):
        _run(_daily(synth, 25, weekly=[1, 1, 1, 1, 1, 0, 0]), cfg, days=7)
    result = _run(_daily(synth, 26, weekly=[1, 1, 1, 1, 1, 0, 0]), cfg, days=7)
    assert result.daily["model"].iloc[0] == "seasonal_mean"
    assert result.daily["volume"].gt(0).sum() == 5


# --- how much backtest the history allows ---------------------------------------------------

@pytest.mark.parametrize(("days", "lead", "want"), [
    # horizon = lead clipped to 7..35; first window needs (3 + 1) * horizon + 56 days;
    # origins start at max(4, ceil(84 / horizon)) and drop until the first window fits
    (200, 10, (10, 9, 10)),
    (150, 10, (10, 5, 10)),
    (98, 3, (7, 2, 7)),
    (90, 3, (7, 0, 7)),  # 90 < 84 + 7: no backtest at all
    (400, 60, (35, 4, 35)),
])
def test_backtest_plan_by_hand(synth, days, lead, want):
    cfg = _config()
    forecaster = DailyForecaster(_daily(synth, days), calendar_from_config(cfg), 3)
    assert plan_backtest(forecaster, cfg, lead) == want


def test_backtest_settings_in_the_config_are_used(synth):
    cfg = _config(backtest_horizon=14, step_days=7, origins=2)
    forecaster = DailyForecaster(_daily(synth, 300), calendar_from_config(cfg), 3)
    # horizon 14, step 7, origins max(2, ceil(84 / 14)) = 6, which fit in 300 days
    assert plan_backtest(forecaster, cfg, 5) == (14, 6, 7)


def test_short_history_intervals_follow_the_series_own_week_to_week_noise(synth):
    # Five weeks: no backtest window, so the interval comes from how far each day moved
    # from the same weekday a week before; a noisier centre gets a wider band, and the band
    # widens with the weeks ahead.
    widths = {}
    for noise in (0.02, 0.10):
        result = _run(_daily(synth, 35, noise=noise, seed=11), days=28)
        d = result.daily
        widths[noise] = np.log(d["hi"] / d["volume"]).to_numpy()
        assert (d["lo"] <= d["volume"]).all() and (d["volume"] <= d["hi"]).all()
        assert (d["hi_95"] >= d["hi"]).all() and (d["lo_95"] <= d["lo"]).all()
    assert widths[0.10][0] > 2 * widths[0.02][0]
    assert widths[0.10][-1] == pytest.approx(2 * widths[0.10][0], rel=0.01)  # 4 weeks: x2


# --- a real storm ---------------------------------------------------------------------------

@pytest.mark.slow
def test_toronto_ice_storm_does_not_lift_the_weeks_after_it():
    # Toronto 311 on 2013-12-22 took 55,957 calls, about 21 times a normal Sunday, and
    # 24,238 the day after. A forecast made after the storm must be the forecast it would
    # be had the storm been an ordinary weekend: the days are left out of the training and
    # named in a note.
    import locations

    from wfm.forecast.history import load_history

    path = locations.SHARED_DATA / "toronto_311_2010_2013" / "daily_metrics.csv.gz"
    if not path.is_file():
        pytest.skip("the shared Toronto 311 data is not beside the repository")
    frame = pd.read_csv(path, usecols=["date", "calls_offered"]).rename(
        columns={"calls_offered": "volume"})
    cfg = parse_config({"centre": {"country": "CA", "subdivision": "ON",
                                   "timezone": "America/Toronto", "hours": HOURS},
                        "history": {"form": "daily"}})
    cal = calendar_from_config(cfg)
    stormy = run_forecast(load_history(frame, cfg), cfg, cal, days=28)
    calm_frame = frame.set_index("date")
    for day in ("2013-12-22", "2013-12-23"):  # as the same weekday a week before
        week_before = str((pd.Timestamp(day) - pd.Timedelta(days=7)).date())
        calm_frame.loc[day, "volume"] = calm_frame.loc[week_before, "volume"]
    calm = run_forecast(load_history(calm_frame.reset_index(), cfg), cfg, cal, days=28)
    assert any("2013-12-22 at" in note for note in stormy.notes)
    ratio = stormy.daily["volume"].to_numpy() / calm.daily["volume"].to_numpy()
    assert np.nanmax(np.abs(ratio - 1)) < 0.05
    # the storm still widens the interval: it is an error the forecast could make again
    assert (stormy.daily["hi_95"] >= calm.daily["hi_95"] * 0.999).all()


def test_a_band_past_ten_busiest_days_is_a_warning_and_a_quiet_days_wide_band_is_not():
    days = pd.to_datetime(["2026-12-05", "2026-12-07"])
    quiet = pd.DataFrame({"date": days, "volume": [20.0, 2600.0], "lo": [5.0, 2000.0],
                          "hi": [60.0, 3300.0], "lo_95": [0.0, 1800.0],
                          "hi_95": [400.0, 3700.0]})
    assert band_warning(quiet, (80, 95), 3000.0) is None  # a Saturday evening's 20x band
    wild = quiet.assign(hi_95=[400.0, 5_765_197.0])
    assert band_warning(wild, (80, 95), 3000.0) == (
        "warning: the forecast's 95% interval reaches 5,765,197 on 2026-12-07, over 10 times "
        "the history's busiest day (3,000; the day's forecast is 2,600): the history is too "
        "short or too irregular for honest intervals; read the bounds with care, or give "
        "more history")
