"""Daily forecast accuracy on real data: wfm's backtest against five statsforecast models.

Data: the Anonymous Bank (Israel) 1999 6-minute arrival counts, read with
examples/bank_1999.toml and summed per day (all days open, holidays from country IL).

Protocol: rolling origins, horizon 28 days, 6 origins 28 days apart, the last window
ending 1999-12-31; each origin is trained on every day before it. Every day of each
window is scored, holidays included.

- wfm: `DailyForecaster` + `backtest(..., horizon=28, origins=6, step=28)` over all
  registered models (and the combinations the backtest builds); every row is reported,
  plus the chosen one.
- peers: statsforecast SeasonalNaive(7), AutoETS, AutoARIMA, MSTL and AutoTheta (weekly
  season), fitted on the same raw training series at the same origins.

Metrics: MASE per origin, scaled by `wfm.forecast.backtest.mase_scale(train)` (in-sample MAE
of the weekly seasonal naive), averaged over origins; WAPE pooled over all scored days;
80% interval coverage; mean seconds per fit.

Targets (exit status 1 if any is missed):
1. wfm's chosen model: mean MASE <= the best statsforecast model's mean MASE;
2. wfm's chosen model: mean MASE at least 20% below statsforecast SeasonalNaive's;
3. wfm's chosen model: 80% interval coverage between 0.70 and 0.90.

Run: python benchmarks/forecast_accuracy.py   (about 1-2 minutes on 2 cores)
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from _common import (
    PEER_NAMES,
    Targets,
    load_bank,
    peer_forecast,
    section,
    table,
    wape,
    warm_up_peers,
)

from wfm.forecast.backtest import backtest, mase_scale, origins_for
from wfm.forecast.daily import DailyForecaster
from wfm.forecast.models import MODELS

HORIZON = 28
ORIGINS = 6
STEP = 28
END = pd.Timestamp("1999-12-31")
LEVEL = 80


def run_peers(y: pd.Series, starts: list[pd.Timestamp]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each peer at each origin: per-origin rows and a per-day frame."""
    rows: list[dict] = []
    days: list[pd.DataFrame] = []
    for cut in starts:
        train = y[y.index < cut]
        dates = pd.date_range(cut, periods=HORIZON, freq="D")
        actual = y.reindex(dates).to_numpy(dtype=float)
        scale = mase_scale(train)
        for name in PEER_NAMES:
            run = peer_forecast(name, train.to_numpy(dtype=float), HORIZON, LEVEL)
            ok = ~np.isnan(actual)
            a, p = actual[ok], run.mean[ok]
            rows.append({"model": name, "origin": cut.date(),
                         "mase": float(np.abs(a - p).mean() / scale), "seconds": run.seconds})
            days.append(pd.DataFrame({"model": name, "origin": cut, "date": dates[ok],
                                      "actual": a, "volume": p, "lo": run.lo[ok],
                                      "hi": run.hi[ok]}))
    return pd.DataFrame(rows), pd.concat(days, ignore_index=True)


def summarise_peers(by_origin: pd.DataFrame, days: pd.DataFrame) -> pd.DataFrame:
    out = []
    for name in PEER_NAMES:
        d = days[days["model"] == name]
        o = by_origin[by_origin["model"] == name]
        inside = (d["actual"] >= d["lo"]) & (d["actual"] <= d["hi"])
        out.append({
            "model": name,
            "mase": float(o["mase"].mean()),
            "wape": wape(d["actual"].to_numpy(), d["volume"].to_numpy()),
            "bias": float((d["volume"] - d["actual"]).sum() / d["actual"].sum()),
            "coverage_80": float(inside.mean()) if d["lo"].notna().any() else float("nan"),
            "fit_seconds": float(o["seconds"].mean()),
        })
    return pd.DataFrame(out).set_index("model").sort_values("mase")


def main() -> None:
    started = time.perf_counter()
    bank = load_bank()
    y = bank.history.daily
    print("wfm forecast accuracy benchmark: Anonymous Bank 1999, daily volume")
    print(f"history {y.index[0].date()} .. {y.index[-1].date()} ({len(y)} days, "
          f"{y.sum():,.0f} calls); horizon {HORIZON} d, {ORIGINS} origins, step {STEP} d, "
          f"last window ends {END.date()}")
    if y.isna().any():
        raise SystemExit("error: the bank series has gap days; the peers need a full series")

    # -- wfm ----------------------------------------------------------------------------
    t0 = time.perf_counter()
    forecaster = DailyForecaster(y, bank.calendar,
                                 bank.config.forecast["calibration_windows"])
    result = backtest(forecaster, list(MODELS), horizon=HORIZON, origins=ORIGINS, step=STEP,
                      end=END)
    wfm_seconds = time.perf_counter() - t0
    starts = list(result.origins)
    expected = origins_for(y.index[-1], HORIZON, ORIGINS, STEP, END)
    assert starts == expected, (starts, expected)
    print("origins: " + ", ".join(str(o.date()) for o in starts))

    # -- peers --------------------------------------------------------------------------
    t0 = time.perf_counter()
    warm = warm_up_peers()
    peer_by_origin, peer_days = run_peers(y, starts)
    peer_seconds = time.perf_counter() - t0
    peers = summarise_peers(peer_by_origin, peer_days)

    # -- tables -------------------------------------------------------------------------
    chosen = result.chosen_name
    wfm_scores = result.scores
    section(f"Scores over {ORIGINS} origins x {HORIZON} days (MASE = mean over origins; "
            "WAPE pooled)")
    header = ["side / model", "MASE", "WAPE", "bias", "cover80", "fit s"]
    rows: list[list] = []
    for model, r in wfm_scores.iterrows():
        label = f"wfm {model}" + ("  <- chosen" if model == chosen else "")
        rows.append([label, r["mase"], r["wape"], r["bias"], r[f"coverage_{LEVEL}"],
                     r["fit_seconds"]])
    for model, r in peers.iterrows():
        rows.append([f"statsforecast {model}", r["mase"], r["wape"], r["bias"],
                     r["coverage_80"], r["fit_seconds"]])
    print(table(header, rows, ["", ".3f", ".1%", "+.1%", ".0%", ".2f"]))
    print("fit s = mean seconds per fit (wfm: summed over a combination's members). "
          f"Wall time: wfm backtest {wfm_seconds:.1f} s (incl. calibration fits); "
          f"statsforecast {peer_seconds:.1f} s (incl. {warm:.1f} s numba warm-up).")

    section("MASE per origin (first forecast day)")
    wfm_pivot = result.by_origin.pivot(index="model", columns="origin", values="mase")
    peer_pivot = peer_by_origin.pivot(index="model", columns="origin", values="mase")
    cols = [o.date() for o in starts]
    header = ["side / model", *[str(c) for c in cols], "mean"]
    rows = []
    for model in wfm_scores.index:
        v = wfm_pivot.loc[model, cols].to_numpy(dtype=float)
        rows.append([f"wfm {model}" + (" *" if model == chosen else ""), *v, v.mean()])
    for model in peers.index:
        v = peer_pivot.loc[model, cols].to_numpy(dtype=float)
        rows.append([f"statsforecast {model}", *v, v.mean()])
    print(table(header, rows, ["", *[".3f"] * (len(cols) + 1)]))

    # per-origin head to head: chosen vs best peer
    best_peer = str(peers.index[0])
    mine = wfm_pivot.loc[chosen, cols].to_numpy(dtype=float)
    theirs = peer_pivot.loc[best_peer, cols].to_numpy(dtype=float)
    lost = [str(c) for c, a, b in zip(cols, mine, theirs, strict=True) if a > b]
    print(f"* chosen. wfm {chosen} beats statsforecast {best_peer} on "
          f"{len(cols) - len(lost)}/{len(cols)} origins"
          + (f"; loses on {', '.join(lost)}" if lost else ""))

    # -- targets ------------------------------------------------------------------------
    wfm_mase = float(wfm_scores.loc[chosen, "mase"])
    best_mase = float(peers.loc[best_peer, "mase"])
    naive_mase = float(peers.loc["SeasonalNaive", "mase"])
    coverage = float(wfm_scores.loc[chosen, f"coverage_{LEVEL}"])
    section("Ratios")
    print(f"wfm {chosen} / statsforecast {best_peer} (best peer), mean MASE: "
          f"{wfm_mase:.3f} / {best_mase:.3f} = {wfm_mase / best_mase:.3f}")
    print(f"wfm {chosen} / statsforecast SeasonalNaive, mean MASE: "
          f"{wfm_mase:.3f} / {naive_mase:.3f} = {wfm_mase / naive_mase:.3f}")

    targets = Targets()
    targets.check("MASE vs best statsforecast model", wfm_mase <= best_mase,
                  f"wfm {wfm_mase:.3f} <= {best_peer} {best_mase:.3f} "
                  f"(ratio {wfm_mase / best_mase:.3f})")
    targets.check("MASE vs statsforecast SeasonalNaive", wfm_mase <= 0.8 * naive_mase,
                  f"wfm {wfm_mase:.3f} <= 0.8 x {naive_mase:.3f} = {0.8 * naive_mase:.3f} "
                  f"({1 - wfm_mase / naive_mase:.1%} below)")
    targets.check("80% interval coverage", 0.70 <= coverage <= 0.90,
                  f"{coverage:.3f} in [0.70, 0.90]")
    print(f"\ntotal run time {time.perf_counter() - started:.1f} s")
    targets.report_and_exit()


if __name__ == "__main__":
    main()
