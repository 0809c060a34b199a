"""The year's end without a holiday calendar: `wfm forecast` against statsforecast.

Issue 14's case: a centre open every day with a strong Christmas and New Year pattern and
no country configured, so wfm has no holiday calendar to lean on. The windows over the year
end used to go badly (MSTL with weekly and yearly seasons carries last year's same weeks
and won there); wfm now learns Christmas Eve to New Year's Day as events from the history.

Series (from forecast_panel's `PANEL`, each open every day), each told its centre's facts
with the country and subdivision left out (`country = ""`, no subdivision line), and the
year ends in the data with at least two years of training before them:

- toronto: Toronto 311 `calls_offered`; windows ending 2013-01-27;
- nyc: NYC 311 call-centre inquiries per day; windows ending 2014-01-26 and 2015-01-25;
- boston: Boston 911 dispatches, `total`; windows ending 2014-01-26.

Protocol, per series and year end: 6 origins 28 days apart
(`wfm.forecast.backtest.origins_for(..., end=YEAR_END)`), each forecasting the 28 calendar
days after it and trained on every day before it, so the last two windows cover December
and the turn of the year. A window holding Dec 25 or Jan 1 is a "year-end window".

- wfm: the real command, `wfm forecast HISTORY --config CONFIG --days 28 --out DIR`,
  through forecast_panel's `run_wfm` (a subprocess, the history cut at the origin). The
  config holds only the centre's facts without a country (name, time zone, open days,
  week start, `[history] form = "daily"`), no forecast settings, so wfm chooses its model
  by its own backtest.
- peers: forecast_panel's `run_peer`: statsforecast SeasonalNaive, AutoETS, AutoARIMA and
  AutoTheta with a weekly season (7), and MSTL with seasons [7, 365] (every cut here spans
  two years or more; AutoETS "ZZN" trend), 80% and 95% levels, on the same raw training
  cut; seconds after a numba warm-up.

Scores, per series, year end, origin and method, on every day of the window (holidays
count): MASE (forecast_panel's `score`; mean absolute error over
`wfm.forecast.backtest.mase_scale(train)`, one scale for all methods), WAPE, bias (sum of
forecast - actual over sum of actual), 80% coverage. The per-series tables show each origin;
the summary shows the mean MASE over all origins and over the year-end windows only, wfm
against MSTL and the best peer (the peer with the lowest mean MASE over all of the series'
origins; a series with two year ends pools them). Per-origin rows go to
out/bench/forecast_year_end.csv.

Targets (issue 14; exit status 1 if any is missed), per series: wfm's mean MASE over the
year-end windows <= MSTL's over the same windows; wfm's mean MASE over all origins <= the
best peer's; every wfm run succeeds.

Run: python benchmarks/forecast_year_end.py [--series toronto,nyc] [--keep DIR]
(`--keep` keeps each wfm run's output folder under DIR; about 7 minutes on 2 cores for the
whole set: 24 wfm runs of 9-15 s, the peers)
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from _common import REPO, Targets, section, table
from forecast_panel import (
    HORIZON,
    OUT,
    PANEL,
    PEERS,
    STEP,
    Centre,
    chosen_series,
    run_peer,
    run_wfm,
    score,
    warm_up,
)

from wfm.forecast.backtest import mase_scale, origins_for

ORIGINS = 6
YEAR_ENDS: dict[str, tuple[str, ...]] = {  # the last day of each year end's last window
    "toronto": ("2013-01-27",),
    "nyc": ("2014-01-26", "2015-01-25"),
    "boston": ("2014-01-26",),
}
METHODS = ("wfm", *PEERS)
CSV = OUT / "forecast_year_end.csv"


def without_country(centre: Centre) -> Centre:
    """The same centre with no country or subdivision configured."""
    plain = dataclasses.replace(centre, centre={**centre.centre, "country": "",
                                                "subdivision": ""})
    text = plain.config()
    lines = text.splitlines()
    if 'country = ""' not in lines or any(line.startswith("subdivision") for line in lines):
        raise SystemExit(f"error: {centre.name}'s config still names a country:\n{text}")
    return plain


def is_year_end(dates: pd.DatetimeIndex) -> bool:
    """The window holds Dec 25 or Jan 1."""
    return bool(((dates.month == 12) & (dates.day == 25)).any() or
                ((dates.month == 1) & (dates.day == 1)).any())


def run_year_end(centre: Centre, year_end: str, tmp: Path, keep: Path | None) -> list[dict]:
    """Every method at each of the 6 origins before one year end: per-origin rows."""
    y = centre.y
    end = pd.Timestamp(year_end)
    starts = origins_for(y.last_valid_index(), HORIZON, ORIGINS, STEP, end=end)
    print(f"\n{centre.name}, year end {year_end}: origins "
          f"{', '.join(str(s.date()) for s in starts)}", flush=True)
    rows: list[dict] = []
    for k, cut in enumerate(starts):
        train = y[y.index < cut]
        dates = pd.date_range(cut, periods=HORIZON, freq="D")
        actual = y.reindex(dates).to_numpy(dtype=float)
        scored = centre.is_open(dates) & ~np.isnan(actual)
        scale = mase_scale(train)
        holiday = is_year_end(dates)
        folder = tmp / f"{centre.name}-{year_end}-{k}"
        folder.mkdir()
        runs = {"wfm": run_wfm(centre, train, dates, folder)}
        if keep is not None:
            shutil.copytree(folder, keep / folder.name, dirs_exist_ok=True)
        for name in PEERS:
            runs[name] = run_peer(name, centre, train, dates)
        for method, run in runs.items():
            rows.append({"series": centre.name, "year_end": year_end, "origin": cut.date(),
                         "last_day": dates[-1].date(), "year_end_window": holiday,
                         "method": method, "days": int(scored.sum()), "train_days":
                         int(train.notna().sum()), "scale": scale,
                         **score(run, actual, scored, scale), "note": run.note})
        here = {r["method"]: r for r in rows[-len(runs):]}
        w = here["wfm"]
        print(f"  origin {cut.date()}{' (year end)' if holiday else ''}: wfm "
              f"{w['seconds']:.1f} s ({w['note']}) MASE {w['mase']:.3f}; MSTL "
              f"{here['MSTL']['mase']:.3f}; peers "
              f"{sum(r['seconds'] for m, r in here.items() if m != 'wfm'):.1f} s", flush=True)
    return rows


def mean_mase(rows: pd.DataFrame, method: str) -> float:
    """Mean MASE of `method` over `rows`' origins (NaN if any failed or there are none)."""
    values = rows.loc[rows["method"] == method, "mase"]
    return float(values.mean(skipna=False)) if len(values) else float("nan")


def best_peer(rows: pd.DataFrame) -> str:
    means = {p: mean_mase(rows, p) for p in PEERS}
    return min(means, key=lambda p: np.nan_to_num(means[p], nan=np.inf))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", default=",".join(YEAR_ENDS),
                        help=f"comma-separated subset of {', '.join(YEAR_ENDS)}")
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep each wfm run's folder (history, config, out/) under DIR")
    args = parser.parse_args()
    names = chosen_series(parser, args.series, YEAR_ENDS)
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    centres = [without_country(PANEL[n]()) for n in names]
    print("wfm year-end benchmark (issue 14): `wfm forecast` with no country configured "
          "against statsforecast over the Christmas and New Year windows")
    print(f"{ORIGINS} origins {STEP} days apart per year end, {HORIZON} calendar days ahead "
          "each; year-end windows hold Dec 25 or Jan 1")
    warm_up({c.season for c in centres})

    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="wfm-year-end-") as tmp:
        for centre in centres:
            for year_end in YEAR_ENDS[centre.name]:
                rows += run_year_end(centre, year_end, Path(tmp), args.keep)
    by_origin = pd.DataFrame(rows)
    OUT.mkdir(parents=True, exist_ok=True)
    by_origin.to_csv(CSV, index=False, float_format="%.6g")

    # -- per series, per origin -----------------------------------------------------------
    header = ["year end", "origin", "YE", *(f"{m}" for m in METHODS), "wfm WAPE",
              "wfm bias", "wfm cov80", "MSTL cov80", "wfm model"]
    specs = ["", "", "", *[".3f"] * len(METHODS), ".1%", "+.1%", ".0%", ".0%", ""]
    for centre in centres:
        section(f"{centre.name}: {centre.title}, no country (MASE per origin)")
        mine = by_origin[by_origin["series"] == centre.name]
        table_rows = []
        for (year_end, origin), g in mine.groupby(["year_end", "origin"], sort=False):
            r = g.set_index("method")
            table_rows.append([year_end, str(origin),
                               "*" if r.loc["wfm", "year_end_window"] else "",
                               *(r.loc[m, "mase"] for m in METHODS), r.loc["wfm", "wape"],
                               r.loc["wfm", "bias"], r.loc["wfm", "coverage_80"],
                               r.loc["MSTL", "coverage_80"], r.loc["wfm", "note"]])
        print(table(header, table_rows, specs))
        print("YE * = a year-end window (holds Dec 25 or Jan 1); columns wfm..MSTL are MASE.")

    # -- summary ------------------------------------------------------------------------
    section("Summary: mean MASE, all origins and year-end windows only")
    summary_rows = []
    checks = []
    for centre in centres:
        mine = by_origin[by_origin["series"] == centre.name]
        cases = [(year_end, mine[mine["year_end"] == year_end])
                 for year_end in YEAR_ENDS[centre.name]]
        if len(cases) > 1:
            cases.append(("all", mine))
        for label, g in cases:
            ye = g[g["year_end_window"]]
            best = best_peer(g)
            summary_rows.append([centre.name, label, g["origin"].nunique(),
                                 mean_mase(g, "wfm"), mean_mase(g, "MSTL"), best,
                                 mean_mase(g, best), ye["origin"].nunique(),
                                 mean_mase(ye, "wfm"), mean_mase(ye, "MSTL"),
                                 mean_mase(ye, best)])
        ye = mine[mine["year_end_window"]]
        best = best_peer(mine)
        checks.append((centre.name, mean_mase(ye, "wfm"), mean_mase(ye, "MSTL"),
                       int(ye["origin"].nunique()), mean_mase(mine, "wfm"), best,
                       mean_mase(mine, best), int(mine["origin"].nunique())))
    print(table(["series", "year end", "origins", "wfm", "MSTL", "best peer", "peer",
                 "YE windows", "wfm YE", "MSTL YE", "best peer YE"], summary_rows,
                ["", "", "d", ".3f", ".3f", "", ".3f", "d", ".3f", ".3f", ".3f"]))
    print("best peer: the peer with the lowest mean MASE over those origins; YE = the "
          "year-end windows only.")
    wfm_rows = by_origin[by_origin["method"] == "wfm"]
    failed_wfm = wfm_rows[~np.isfinite(wfm_rows["mase"])]
    print(f"wfm forecast: {len(wfm_rows)} runs, slowest {wfm_rows['seconds'].max():.1f} s, "
          f"mean {wfm_rows['seconds'].mean():.1f} s")
    peer_fail = by_origin[(by_origin["method"] != "wfm") & ~np.isfinite(by_origin["mase"])]
    for _, r in pd.concat([failed_wfm, peer_fail]).iterrows():
        print(f"FAILED: {r['series']} {r['origin']} {r['method']}: {r['note']}")
    print(f"per-origin rows: {CSV.relative_to(REPO)}")

    # -- targets ------------------------------------------------------------------------
    targets = Targets()
    for name, w_ye, m_ye, n_ye, w_all, best, b_all, n_all in checks:
        targets.check(f"{name}: year-end MASE vs MSTL", w_ye <= m_ye,
                      f"wfm {w_ye:.3f} <= MSTL {m_ye:.3f} over {n_ye} year-end windows")
        targets.check(f"{name}: MASE vs best peer", w_all <= b_all,
                      f"wfm {w_all:.3f} <= {best} {b_all:.3f} over {n_all} origins")
    targets.check("every wfm run succeeds", failed_wfm.empty,
                  f"{len(failed_wfm)} of {len(wfm_rows)} runs failed")
    print(f"\ntotal run time {time.perf_counter() - started:.1f} s")
    targets.report_and_exit()


if __name__ == "__main__":
    main()
