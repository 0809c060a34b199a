"""Holiday and special-day effects, learned from a series with known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm.core.calendar import SpecialDay
from wfm.forecast.daily import DailyForecaster
from wfm.forecast.events import apply_effects, event_days, learn_effects, same_weekday_baseline

YEARS = (2021, 2022, 2023)
CUT = pd.Timestamp("2024-01-01")  # the history runs 2021-01-04 .. 2023-12-31


def _history(synth, multiplier: float, names=("Founders Day", "Harvest")):
    """Three years with a weekly pattern; each named holiday scaled by `multiplier`."""
    dates = {"Founders Day": "03-15", "Harvest": "10-10"}
    table = [(f"{y}-{dates[n]}", n) for y in YEARS for n in names]
    y = synth.daily(start="2021-01-04", days=3 * 364, multipliers={d: multiplier
                                                                   for d, _ in table})
    return y, table


def _base(synth, day: str) -> float:
    return 1000.0 * synth.WEEKLY[pd.Timestamp(day).weekday()]


def _forecast_on(synth, y, table, day: str, special_days=None) -> float:
    cal = synth.calendar(holidays=table, special_days=special_days)
    fc = DailyForecaster(y, cal)
    run = fc.run("seasonal_naive", CUT, 120)
    return float(run.point[run.dates.get_loc(pd.Timestamp(day))])


def test_holiday_at_ten_percent_each_year_is_learned(synth):
    y, table = _history(synth, 0.1)
    table_future = [*table, ("2024-03-15", "Founders Day")]
    cal = synth.calendar(holidays=table_future)
    effects = DailyForecaster(y, cal).prepare(CUT).effects
    learned = effects.table().set_index(["family", "name"])["multiplier"]
    assert learned[("holiday", "Founders Day")] == pytest.approx(0.1, abs=0.002)
    assert learned[("holiday", "Harvest")] == pytest.approx(0.1, abs=0.002)
    # the eve and the day after were ordinary days: no effect learned for them
    assert not any(fam in ("eve", "after") for fam, _ in effects.by_name)
    point = _forecast_on(synth, y, table_future, "2024-03-15")
    assert point == pytest.approx(0.1 * _base(synth, "2024-03-15"), rel=0.01)
    for ordinary in ("2024-03-14", "2024-03-16"):
        assert _forecast_on(synth, y, table_future, ordinary) == pytest.approx(
            _base(synth, ordinary), rel=1e-9)


def test_centre_open_on_holidays_gets_no_holiday_effect(synth):
    y, table = _history(synth, 1.0)
    table_future = [*table, ("2024-03-15", "Founders Day"), ("2024-02-14", "New Day")]
    cal = synth.calendar(holidays=table_future)
    effects = DailyForecaster(y, cal).prepare(CUT).effects
    assert effects.by_name == {} and effects.pooled == {}
    for day in ("2024-03-15", "2024-02-14"):
        assert _forecast_on(synth, y, table_future, day) == pytest.approx(_base(synth, day),
                                                                          rel=1e-9)


def test_pooled_effect_for_a_holiday_never_seen(synth):
    y, table = _history(synth, 0.1)
    table_future = [*table, ("2024-02-14", "New Day")]  # a Wednesday, never in the history
    cal = synth.calendar(holidays=table_future)
    effects = DailyForecaster(y, cal).prepare(CUT).effects
    assert ("holiday", "New Day") not in effects.by_name
    assert np.exp(effects.pooled["holiday"]) == pytest.approx(0.1, abs=0.002)
    point = _forecast_on(synth, y, table_future, "2024-02-14")
    assert point == pytest.approx(0.1 * _base(synth, "2024-02-14"), rel=0.01)


def test_pooled_special_day_effect_and_explicit_multipliers(synth):
    # two one-off events in the history, each +60%; a new one in the future gets the pool
    y = synth.daily(start="2021-01-04", days=3 * 364,
                    multipliers={"2022-05-03": 1.6, "2023-06-06": 1.6})
    specials = {
        pd.Timestamp("2022-05-03"): SpecialDay("App outage"),
        pd.Timestamp("2023-06-06"): SpecialDay("Mailing"),
        pd.Timestamp("2024-02-06"): SpecialDay("Price letters"),
        pd.Timestamp("2024-02-13"): SpecialDay("Launch", 1.5),
        pd.Timestamp("2024-02-20"): SpecialDay("closed", 0.0),
    }
    at = {d: _forecast_on(synth, y, [], d, specials)
          for d in ("2024-02-06", "2024-02-13", "2024-02-20")}
    base = _base(synth, "2024-02-06")  # all three are Tuesdays
    assert at["2024-02-06"] == pytest.approx(1.6 * base, rel=0.01)
    assert at["2024-02-13"] == pytest.approx(1.5 * base, rel=1e-9)  # as given
    assert at["2024-02-20"] == 0.0


def test_event_days_families_and_priority(synth):
    cal = synth.calendar(holidays=[("2024-12-25", "Christmas")],
                         special_days={pd.Timestamp("2024-12-26"): SpecialDay("Sale"),
                                       pd.Timestamp("2024-12-25"): SpecialDay("Outage")})
    ev = event_days(pd.date_range("2024-12-23", "2024-12-27"), cal)
    assert ev["family"].tolist() == ["", "eve", "special", "special", "yearend"]
    assert ev["name"].tolist() == ["", "Christmas", "Outage", "Sale", "27 Dec"]


def test_holiday_just_outside_the_range_marks_its_eve_and_after(synth):
    cal = synth.calendar(holidays=[("2024-01-01", "New Year"), ("2024-01-05", "Later")])
    ev = event_days(pd.date_range("2024-01-02", "2024-01-04"), cal)
    assert ev["family"].tolist() == ["after", "", "eve"]


def test_same_weekday_baseline_by_hand():
    y = pd.Series(np.arange(50.0), index=pd.date_range("2024-01-01", periods=50))
    exclude = np.zeros(50, dtype=bool)
    base = same_weekday_baseline(y, exclude)
    assert base[21] == 21  # median of 0, 7, 14, 28, 35, 42
    exclude[14] = True
    assert same_weekday_baseline(y, exclude)[21] == 28  # median of 0, 7, 28, 35, 42
    assert base[0] == 14  # only later weeks: 7, 14, 21


def test_learn_effects_noise_floor_and_significance():
    dates = pd.date_range("2024-01-01", periods=70)
    y = pd.Series(500.0, index=dates)
    y.iloc[35] = 480.0  # -4%: within 2.5 noise (0.02 floor) of an ordinary day
    fam = pd.Series("", index=dates, dtype=object)
    fam.iloc[35] = "holiday"
    events = pd.DataFrame({"family": fam, "name": fam.where(fam == "", "Small")})
    eff = learn_effects(y, events)
    assert eff.noise == 0.02
    assert eff.by_name == {} and eff.pooled == {}


def test_apply_effects_by_hand(synth):
    cal = synth.calendar(special_days={pd.Timestamp("2024-01-03"): SpecialDay("x", 2.0)})
    ev = event_days(pd.date_range("2024-01-01", periods=3), cal)
    base = np.array([100.0, 100.0, 100.0])
    out = apply_effects(base, np.array([0.0, np.log(0.5), np.nan]), ev, cal)
    np.testing.assert_allclose(out, [100.0, 101 * 0.5 - 1, 200.0])


def test_year_end_days_are_learned_without_a_holiday_calendar(synth):
    # No holidays configured; each year Christmas runs at 30% and New Year's Eve at 60%,
    # and the days between are ordinary: those two are learned, the others are left alone.
    marks = {f"{y}-12-25": 0.3 for y in (2021, 2022, 2023)}
    marks |= {f"{y}-12-31": 0.6 for y in (2021, 2022)}
    y = synth.daily(start="2021-01-04", days=3 * 364 - 7, multipliers=marks, noise=0.03)
    cal = synth.calendar()
    effects = DailyForecaster(y, cal).prepare(pd.Timestamp("2023-12-28")).effects
    learned = effects.table().set_index(["family", "name"])["multiplier"]
    assert learned[("yearend", "25 Dec")] == pytest.approx(0.3, rel=0.08)
    assert learned[("yearend", "31 Dec")] == pytest.approx(0.6, rel=0.08)
    assert ("yearend", "27 Dec") not in effects.by_name
    run = DailyForecaster(y, cal).run("seasonal_naive", pd.Timestamp("2024-12-01"), 35)
    at = pd.Series(run.point, index=run.dates)
    assert at["2024-12-25"] == pytest.approx(0.3 * at["2024-12-18"], rel=0.1)
    assert at["2024-12-31"] == pytest.approx(0.6 * at["2024-12-24"] / 1.0, rel=0.15)
