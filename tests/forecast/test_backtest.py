"""Rolling-origin backtest: hand-worked scores, origin placement, closed days, model choice."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from wfm.forecast.backtest import backtest, mase_scale, origins_for, scores
from wfm.forecast.daily import DailyForecaster


def test_scores_by_hand():
    actual = np.array([10.0, 20.0, np.nan, 30.0])
    point = np.array([12.0, 18.0, 5.0, 33.0])
    s = scores(actual, point, scale=2.0)
    # errors 2, 2, 3 on the days with an actual (the NaN day is left out)
    assert s["mase"] == pytest.approx((7 / 3) / 2)
    assert s["wape"] == pytest.approx(7 / 60)
    assert s["bias"] == pytest.approx(3 / 60)


def test_scores_without_actuals_are_nan():
    s = scores(np.array([np.nan, np.nan]), np.array([1.0, 2.0]), 1.0)
    assert all(np.isnan(v) for v in s.values())


def test_mase_scale_by_hand():
    v = np.array([1, 2, 3, 4, 5, 6, 7, 3, 4, 5, 6, 7, 8, 9], dtype=float)
    assert mase_scale(pd.Series(v)) == 2.0
    v[8] = np.nan  # that pair drops out; the rest are still 2 apart
    v[0] = 11.0  # |3 - 11| = 8
    assert mase_scale(pd.Series(v)) == pytest.approx((8 + 2 * 5) / 6)


def test_origins_by_hand():
    end = pd.Timestamp("2024-03-31")
    assert origins_for(end, 7, 3, 7) == [pd.Timestamp(d) for d in
                                         ("2024-03-11", "2024-03-18", "2024-03-25")]
    got = origins_for(end, 5, 4, 3, end=pd.Timestamp("2024-03-20"))
    assert got == [pd.Timestamp(d) for d in
                   ("2024-03-07", "2024-03-10", "2024-03-13", "2024-03-16")]
    assert got[-1] + pd.Timedelta(days=4) == pd.Timestamp("2024-03-20")
    with pytest.raises(ValueError, match="after the history"):
        origins_for(end, 7, 1, 7, end=pd.Timestamp("2024-04-01"))


def _trend_with_closed_sundays(synth):
    """100 + t on every day (t = 0 on Monday 2024-01-01); the file's Sundays say 9999."""
    idx = pd.date_range("2024-01-01", periods=70, freq="D")
    t = np.arange(70, dtype=float)
    y = pd.Series(100 + t, index=idx)
    y[idx.day_of_week == 6] = 9999.0
    return y, synth.calendar(open_days=range(6))


def test_hand_worked_backtest_with_closed_days(synth):
    y, cal = _trend_with_closed_sundays(synth)
    fc = DailyForecaster(y, cal)
    result = backtest(fc, ["seasonal_naive"], horizon=14, origins=1, step=14)
    assert result.origins == (pd.Timestamp("2024-02-26"),)  # t = 56, a Monday
    frame = result.forecasts
    sundays = frame["date"].dt.day_of_week == 6
    assert sundays.sum() == 2
    assert (frame.loc[sundays, "volume"] == 0).all()  # closed: forecast 0
    assert frame.loc[sundays, "actual"].isna().all()  # and not scored
    # seasonal naive repeats the last week: 7 short in week one, 14 short in week two;
    # the in-sample MASE scale (same day last week, open days only) is 7
    open_t = [t for t in range(56, 70) if t % 7 != 6]
    err = [7.0 if t < 63 else 14.0 for t in open_t]
    actual = sum(100.0 + t for t in open_t)
    row = result.by_origin.iloc[0]
    assert row["mase"] == pytest.approx(np.mean(err) / 7)  # = 1.5
    assert row["mase"] == pytest.approx(1.5)
    assert row["wape"] == pytest.approx(sum(err) / actual)
    assert row["bias"] == pytest.approx(-sum(err) / actual)
    summary = result.scores.loc["seasonal_naive"]
    assert summary["mase"] == pytest.approx(1.5)
    assert summary["wape"] == pytest.approx(sum(err) / actual)


@pytest.fixture(scope="module")
def three_models(synth):
    y = synth.daily(days=26 * 7, noise=0.08, seed=7, trend=0.001)
    fc = DailyForecaster(y, synth.calendar())
    return y, backtest(fc, ["seasonal_naive", "ets", "mstl"], horizon=14, origins=3, step=7)


def test_origins_end_at_the_history_end_and_are_step_apart(three_models):
    y, result = three_models
    starts = list(result.origins)
    assert len(starts) == 3
    assert starts[-1] + pd.Timedelta(days=13) == y.index[-1]
    assert [b - a for a, b in itertools.pairwise(starts)] == [pd.Timedelta(days=7)] * 2
    assert set(result.by_origin["origin"]) == {s.date() for s in starts}


def test_backtest_end_option(synth):
    y = synth.daily(days=120, noise=0.05)
    fc = DailyForecaster(y, synth.calendar())
    end = pd.Timestamp("2023-04-09")
    result = backtest(fc, ["seasonal_naive"], horizon=7, origins=2, step=10, end=end)
    assert list(result.origins) == [pd.Timestamp("2023-03-24"), pd.Timestamp("2023-04-03")]
    assert result.forecasts["date"].max() == end


def test_chosen_model_has_the_lowest_mean_mase(three_models):
    _, result = three_models
    table = result.scores
    mean_mase = result.by_origin.groupby("model")["mase"].mean()
    assert set(table.index) == set(mean_mase.index)
    # combinations of the best two and three models are scored too
    assert {"seasonal_naive", "ets", "mstl"} < set(table.index)
    assert any(name.startswith("combo(") for name in table.index)
    np.testing.assert_allclose(table["mase"], mean_mase.reindex(table.index))
    assert mean_mase.idxmin() == table.index[0]
    assert list(table["mase"]) == sorted(table["mase"])
    # the mean of every model but the naive benchmark, unless one is clearly better
    chosen = result.chosen_name
    assert chosen == "combo(ets+mstl)" or (
        table.loc[chosen, "mase"] <= 0.9 * table.loc["combo(ets+mstl)", "mase"])


def _origin_scores(scores: dict[str, list[float]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A model table and its per-origin rows, as backtest() makes them."""
    rows = [{"model": m, "origin": k, "mase": v} for m, vs in scores.items()
            for k, v in enumerate(vs)]
    by_origin = pd.DataFrame(rows)
    table = by_origin.groupby("model")[["mase"]].mean().sort_values("mase")
    return table, by_origin


def test_the_pooled_forecast_is_kept_unless_another_is_clearly_better_everywhere():
    from wfm.forecast.backtest import choose

    pooled = "combo(ets+mstl+gbm)"
    # ets is 5% better on the mean: not enough, the mean of the models is kept
    table, rows = _origin_scores({"ets": [0.57, 0.57, 0.57], pooled: [0.60, 0.60, 0.60],
                                  "mstl": [0.7, 0.7, 0.7]})
    assert choose(table, rows, pooled) == pooled
    # ets is 20% better on the mean but loses one origin: still the pooled forecast
    table, rows = _origin_scores({"ets": [0.30, 0.30, 0.84], pooled: [0.60, 0.60, 0.60]})
    assert table.loc["ets", "mase"] <= 0.8 * table.loc[pooled, "mase"]
    assert choose(table, rows, pooled) == pooled
    # better by 15% at every origin: a model that drags the pooled mean down, left out
    table, rows = _origin_scores({"ets": [0.50, 0.51, 0.52], pooled: [0.60, 0.60, 0.60]})
    assert choose(table, rows, pooled) == "ets"
    # without a pooled default (combine = false), the lowest mean MASE wins
    assert choose(table, rows, None) == "ets"
    table, rows = _origin_scores({"ets": [0.59, 0.59, 0.59], "mstl": [0.6, 0.6, 0.6]})
    assert choose(table, rows, None) == "ets"


def test_pooled_spec_is_every_fitted_model_but_the_naive_benchmark_in_registry_order():
    from wfm.forecast.backtest import pooled_spec

    assert pooled_spec(["gbm", "seasonal_naive", "ets", "regression"]) == (
        "ets", "regression", "gbm")
    assert pooled_spec(["seasonal_naive"]) == ()


def test_coverage_is_a_share(three_models):
    _, result = three_models
    for frame in (result.scores, result.by_origin):
        for level in (80, 95):
            col = frame[f"coverage_{level}"]
            assert ((col >= 0) & (col <= 1)).all()
    assert (result.scores["coverage_95"] >= result.scores["coverage_80"]).all()
    f = result.forecasts
    assert ((f["lo_80"] <= f["volume"]) & (f["volume"] <= f["hi_80"])).all()
    assert ((f["lo_95"] <= f["lo_80"]) & (f["hi_80"] <= f["hi_95"])).all()


def test_scores_are_finite_and_sensible(three_models):
    _, result = three_models
    t = result.scores
    assert np.isfinite(t[["mase", "wape", "bias"]].to_numpy()).all()
    assert (t["wape"] < 0.25).all()  # 8 % day noise: nobody is far off
    assert (t["fit_seconds"] >= 0).all()


def test_unknown_model_is_rejected(synth):
    fc = DailyForecaster(synth.daily(days=90), synth.calendar())
    with pytest.raises(ValueError, match="prophet"):
        backtest(fc, ["ets", "prophet"], horizon=7, origins=1, step=7)


@pytest.mark.xfail(strict=True, reason="a forecast equal to the actuals gets a zero-width "
                   "interval, and expm1(log1p(x)) rounds a hair below or above x, so the "
                   "actuals fall outside it: the backtest reports 0% coverage for a perfect "
                   "model (the score compares without a tolerance)")
def test_a_perfect_forecast_has_every_actual_inside_its_interval(synth):
    y = synth.daily(days=14 * 7)  # an exact weekly pattern: seasonal naive is exact
    result = backtest(DailyForecaster(y, synth.calendar()), ["seasonal_naive"], horizon=7,
                      origins=2, step=7)
    frame = result.forecasts
    np.testing.assert_allclose(frame["volume"], frame["actual"])
    assert result.scores.loc["seasonal_naive", "coverage_80"] == 1.0
