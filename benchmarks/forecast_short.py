"""Daily forecasts from short histories on the real panel: `wfm forecast` against seasonal naive.

Issue 14's must-show for a centre that has only just started keeping history: with 28 and
56 days of history, wfm's forecast of the next 28 days is no worse than repeating last
week, and the Anonymous Bank's February 1999 total is forecast from January alone.

The panel is benchmarks/forecast_panel.py's (`PANEL`: bank, toronto, toronto_weekdays,
nyc, boston, each with the centre facts wfm is told, nothing else), and so is the way wfm
is run (`run_wfm`: the real `wfm forecast HISTORY --config CONFIG --days 28 --out DIR`
command as a subprocess, its forecast, model and 80% bounds read from
forecast_daily.csv).

Protocol, per series and history length L in (28, 56) calendar days: 6 origins 28 days
apart (`wfm.forecast.backtest.origins_for`), the last window ending on the series' last
day; at each origin the training cut is only the L calendar days before it (for the
weekday-only centre, its open weekdays within them: 20 or 40 days), and the forecast is
of the 28 calendar days after it.

- wfm: `run_wfm` on the L-day cut; the config holds no forecast settings, so wfm picks
  its method itself (with so little history, it says so in its notes).
- seasonal naive (the target's peer): each open day of the window repeats the latest day
  of the same weekday in the cut that has data, i.e. the last week of the cut (for the
  weekday-only centre, the same weekday a week before).
- for information only: statsforecast AutoETS and AutoARIMA with a weekly season (5 open
  days for the weekday-only centre) on the cut's open days, via forecast_panel's
  `run_peer` (`--no-peers` leaves them out).

Scores, per series, L, origin and method, on the window's open days with an actual
(holidays count): WAPE (sum |actual - forecast| / sum actual), bias (sum of forecast -
actual over sum of actual), and for wfm the model it names in forecast_daily.csv's
`model` column and its 80% interval coverage. Pooled per series and L over the 6 windows:
WAPE = the windows' absolute errors summed over their actuals summed (likewise bias and
coverage over all scored days). Per-origin rows go to out/bench/forecast_short.csv.

Bank 1999, January alone: the bank series of the panel (6-minute file summed per day),
1999-01-01..1999-01-31, forecast with `wfm forecast --month 1999-02`; February's forecast
total against the actual total (percent error), with wfm's own lines (its summary and
`note:` lines) printed so the reader sees which method it used and why.

Targets (issue 14; exit status 1 if any is missed): pooled wfm WAPE <= seasonal naive's
on every series and history length; the bank's February total from January alone within
15% of the actual.

Run: python benchmarks/forecast_short.py [--series bank,nyc] [--lengths 28,56]
[--no-peers] [--keep]   (`--keep` keeps every wfm output folder under
out/bench/forecast_short_runs/ for inspection.) About 3 minutes on 2 cores for the whole
panel: 60 wfm runs of 2-3 s, the peers, the bank January run.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
from _common import REPO, Targets, fmt, section, table
from forecast_panel import PANEL, Centre, Run, chosen_series, run_peer, run_wfm, warm_up

from wfm.forecast.backtest import origins_for

HORIZON = 28  # calendar days per window
STEP = 28
ORIGINS = 6
LENGTHS = (28, 56)  # calendar days of history
INFO_PEERS = ("AutoETS", "AutoARIMA")
OUT = REPO / "out" / "bench"
KEEP = OUT / "forecast_short_runs"

# targets
BANK_TOLERANCE = 0.15
BANK_TRAIN = ("1999-01-01", "1999-01-31")
BANK_MONTH = "1999-02"


# -- the seasonal naive peer ----------------------------------------------------------------
def seasonal_naive(centre: Centre, train: pd.Series, dates: pd.DatetimeIndex) -> Run:
    """Each open day of the window at the latest value of its weekday in the cut."""
    started = time.perf_counter()
    kept = train[centre.is_open(train.index)].dropna()
    last = kept.groupby(kept.index.day_of_week).last()  # the cut is in date order
    mean = np.full(len(dates), np.nan)
    is_open = centre.is_open(dates)
    mean[is_open] = dates[is_open].day_of_week.map(last).to_numpy(dtype=float)
    nan = np.full(len(dates), np.nan)
    return Run(mean, {80: (nan, nan), 95: (nan, nan)}, time.perf_counter() - started)


# -- scores ---------------------------------------------------------------------------------
def score(run: Run, actual: np.ndarray, scored: np.ndarray) -> dict[str, float]:
    """Sums for pooling plus the window's own WAPE, bias and 80% coverage."""
    a, p = actual[scored], run.mean[scored]
    lo, hi = run.bounds[80][0][scored], run.bounds[80][1][scored]
    ok = np.isfinite(p).all() and a.size > 0
    total = float(a.sum())
    abs_err = float(np.abs(a - p).sum()) if ok else np.nan
    err = float((p - a).sum()) if ok else np.nan
    has_bounds = a.size > 0 and np.isfinite(lo).all() and np.isfinite(hi).all()
    inside = int(((a >= lo) & (a <= hi)).sum()) if has_bounds else -1
    return {
        "days": int(scored.sum()), "actual": total, "abs_err": abs_err, "err": err,
        "inside_80": inside,
        "wape": abs_err / total if total > 0 else np.nan,
        "bias": err / total if total > 0 else np.nan,
        "coverage_80": inside / a.size if inside >= 0 else np.nan,
        "forecast_total": float(p.sum()) if ok else np.nan,
    }


def model_of(note: str) -> str:
    """The model wfm named, or FAILED (the message is listed once in the summary)."""
    return "FAILED" if note.startswith("exit ") else note


def pooled(rows: pd.DataFrame) -> pd.Series:
    """One method's windows of one series and L pooled (NaN if any window failed)."""
    actual = rows["actual"].sum()
    inside = rows["inside_80"]
    return pd.Series({
        "wape": rows["abs_err"].sum(skipna=False) / actual,
        "bias": rows["err"].sum(skipna=False) / actual,
        "coverage_80": (inside.sum() / rows["days"].sum()) if (inside >= 0).all() else np.nan,
        "worst_wape": rows["wape"].max(skipna=False),
        "seconds": rows["seconds"].mean(),
    })


# -- one series -----------------------------------------------------------------------------
def run_series(centre: Centre, lengths: tuple[int, ...], peers: tuple[str, ...], tmp: Path,
               keep: bool) -> list[dict]:
    y = centre.y
    last = y.last_valid_index()
    starts = origins_for(last, HORIZON, ORIGINS, STEP)
    print(f"\n{centre.name}: {centre.title}; open {', '.join(centre.open_days)}; origins "
          f"{', '.join(str(s.date()) for s in starts)}", flush=True)
    rows: list[dict] = []
    for length in lengths:
        for k, cut in enumerate(starts):
            train = y[(y.index >= cut - pd.Timedelta(days=length)) & (y.index < cut)]
            dates = pd.date_range(cut, periods=HORIZON, freq="D")
            actual = y.reindex(dates).to_numpy(dtype=float)
            scored = centre.is_open(dates) & ~np.isnan(actual)
            folder = tmp / f"{centre.name}-L{length}-{k}"
            folder.mkdir()
            wfm = run_wfm(centre, train, dates, folder)
            wfm = replace(wfm, note=wfm.note.replace(f"{folder}/", ""))  # no temp paths
            runs = {"wfm": wfm,
                    "snaive": seasonal_naive(centre, train, dates)}
            for name in peers:
                runs[name] = run_peer(name, centre, train, dates)
            if keep:
                shutil.copytree(folder, KEEP / folder.name, dirs_exist_ok=True)
            base = {"series": centre.name, "L": length, "origin": cut.date(),
                    "train_days": int(train.notna().sum()),
                    "train_from": train.index[0].date(), "train_to": train.index[-1].date()}
            for method, run in runs.items():
                rows.append({**base, "method": method, **score(run, actual, scored),
                             "seconds": run.seconds, "note": run.note})
            w, s = rows[-len(runs)], rows[-len(runs) + 1]
            print(f"  L={length:>2} origin {cut.date()} ({base['train_days']} days): wfm "
                  f"{w['seconds']:.1f} s ({w['note']}) WAPE {w['wape']:.1%}; seasonal naive "
                  f"{s['wape']:.1%}", flush=True)
    return rows


# -- bank 1999, January alone ---------------------------------------------------------------
def bank_january(tmp: Path, keep: bool) -> dict:
    """`wfm forecast --month 1999-02` on the bank's January; wfm's stdout lines kept."""
    centre = PANEL["bank"]()
    train = centre.y[BANK_TRAIN[0]:BANK_TRAIN[1]].dropna()
    month = centre.y[BANK_MONTH]
    folder = tmp / "bank-january"
    folder.mkdir()
    history, config, out = folder / "history.csv", folder / "config.toml", folder / "out"
    pd.DataFrame({"date": train.index.strftime("%Y-%m-%d"), "volume": train.to_numpy()}).to_csv(
        history, index=False)
    config.write_text(centre.config())
    wfm = Path(sys.executable).with_name("wfm")
    cmd = [str(wfm), "forecast", str(history), "--config", str(config), "--month", BANK_MONTH,
           "--out", str(out)]
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if keep:
        shutil.copytree(folder, KEEP / folder.name, dirs_exist_ok=True)
    result = {"days": len(train), "actual": float(month.sum()), "seconds": seconds,
              "lines": done.stdout.replace(f"{folder}/", "").strip().splitlines(),
              "forecast": np.nan, "model": "", "error": ""}
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        result["error"] = f"exit {done.returncode}: {tail[0]}"
        return result
    daily = pd.read_csv(out / "forecast_daily.csv", parse_dates=["date"]).set_index("date")
    feb = daily.loc[BANK_MONTH]
    if len(feb) != len(month):
        result["error"] = f"forecast has {len(feb)} days of {BANK_MONTH}, expected {len(month)}"
    result["forecast"] = float(feb["volume"].sum())
    result["lo"], result["hi"] = float(feb["lo"].sum()), float(feb["hi"].sum())
    result["model"] = "+".join(str(m) for m in feb["model"].dropna().unique())
    result["weekday"] = feb.groupby(feb.index.strftime("%a"))["volume"].mean()
    result["actual_weekday"] = month.groupby(month.index.strftime("%a")).mean()
    return result


# -- report ---------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", default=",".join(PANEL),
                        help=f"comma-separated subset of {', '.join(PANEL)}")
    parser.add_argument("--lengths", default=",".join(str(n) for n in LENGTHS),
                        help="comma-separated history lengths in calendar days "
                        f"(default {','.join(str(n) for n in LENGTHS)})")
    parser.add_argument("--no-peers", action="store_true",
                        help="leave out the statsforecast AutoETS and AutoARIMA (information)")
    parser.add_argument("--keep", action="store_true",
                        help=f"keep wfm's output folders in {KEEP.relative_to(REPO)}")
    args = parser.parse_args()
    names = chosen_series(parser, args.series, PANEL)
    try:
        lengths = tuple(int(s) for s in args.lengths.split(",") if s.strip())
    except ValueError:
        parser.error("--lengths takes whole numbers of days, e.g. 28,56")
    if not lengths or min(lengths) < 7:
        parser.error("--lengths must be at least 7 days each")
    peers = () if args.no_peers else INFO_PEERS

    started = time.perf_counter()
    centres = [PANEL[n]() for n in names]
    print("wfm short-history benchmark (issue 14): `wfm forecast` from "
          f"{' and '.join(str(n) for n in lengths)} days of history against seasonal naive")
    print(f"{ORIGINS} origins {STEP} days apart, {HORIZON} calendar days ahead each, the last "
          "window ending on the series' last day; each trained on only the L days before it")
    if peers:
        warm_up({c.season for c in centres})
    if args.keep:
        KEEP.mkdir(parents=True, exist_ok=True)

    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="wfm-short-") as tmp:
        for centre in centres:
            rows += run_series(centre, lengths, peers, Path(tmp), args.keep)
        bank = bank_january(Path(tmp), args.keep)
    by_origin = pd.DataFrame(rows)
    OUT.mkdir(parents=True, exist_ok=True)
    by_origin.to_csv(OUT / "forecast_short.csv", index=False, float_format="%.6g")
    pools = by_origin.groupby(["series", "L", "method"], sort=False)[
        ["actual", "abs_err", "err", "inside_80", "days", "wape", "seconds"]].apply(pooled)

    # -- per series ---------------------------------------------------------------------
    header = ["method", "WAPE", "bias", "worst", "cover80", "s / run"]
    specs = ["", ".1%", "+.1%", ".1%", ".0%", ".2f"]
    labels = {"wfm": "wfm forecast", "snaive": "seasonal naive"}
    for centre in centres:
        for length in lengths:
            p = pools.loc[(centre.name, length)]
            section(f"{centre.name}, {length} days of history: {centre.title} "
                    f"(pooled over {ORIGINS} windows)")
            print(table(header, [[labels.get(m, f"statsforecast {m}"), r["wape"], r["bias"],
                                  r["worst_wape"], r["coverage_80"], r["seconds"]]
                                 for m, r in p.iterrows()], specs))
            mine = by_origin[(by_origin["series"] == centre.name) &
                             (by_origin["L"] == length)]
            w = mine[mine["method"] == "wfm"]
            s = mine[mine["method"] == "snaive"]
            print(table(["origin", "train days", "wfm model", "wfm WAPE", "wfm bias",
                         "wfm cov80", "snaive WAPE"],
                        [[str(a["origin"]), a["train_days"], model_of(a["note"]), a["wape"],
                          a["bias"], a["coverage_80"], b["wape"]]
                         for (_, a), (_, b) in zip(w.iterrows(), s.iterrows(), strict=True)],
                        ["", "d", "", ".1%", "+.1%", ".0%", ".1%"]))
    print("\nworst = the highest single-window WAPE; cover80 = share of scored days inside "
          "the 80% interval (seasonal naive has none).")

    # -- bank, January alone ------------------------------------------------------------
    section(f"bank: {BANK_MONTH} from January 1999 alone ({bank['days']} days)")
    print("wfm said:")
    for line in bank["lines"]:
        print(f"  | {line}")
    bank_error = (bank["forecast"] - bank["actual"]) / bank["actual"]
    if bank["error"]:
        print(f"FAILED: {bank['error']}")
    else:
        print(f"model {bank['model']}; {bank['seconds']:.1f} s")
        print(f"February total: forecast {bank['forecast']:,.0f} (80% day bounds summed "
              f"{bank['lo']:,.0f}..{bank['hi']:,.0f}), actual {bank['actual']:,.0f}, "
              f"error {bank_error:+.1%}")
        days = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
        print(table(["mean per day", *days],
                    [["wfm forecast", *(bank["weekday"].get(d, np.nan) for d in days)],
                     ["actual", *(bank["actual_weekday"].get(d, np.nan) for d in days)]],
                    ["", *([",.0f"] * len(days))]))

    # -- summary ------------------------------------------------------------------------
    section("Summary: pooled WAPE over the windows; ratio = wfm / seasonal naive")
    summary = []
    for centre in centres:
        for length in lengths:
            p = pools.loc[(centre.name, length)]
            models = by_origin[(by_origin["series"] == centre.name) & (by_origin["L"] == length)
                               & (by_origin["method"] == "wfm")]["note"].map(model_of).unique()
            summary.append([centre.name, length, p.loc["wfm", "wape"], p.loc["snaive", "wape"],
                            p.loc["wfm", "wape"] / p.loc["snaive", "wape"],
                            *(p.loc[m, "wape"] for m in peers), p.loc["wfm", "bias"],
                            p.loc["wfm", "coverage_80"], ", ".join(str(m) for m in models)])
    print(table(["series", "L", "wfm WAPE", "snaive WAPE", "ratio", *peers, "wfm bias",
                 "wfm cov80", "wfm model"], summary,
                ["", "d", ".1%", ".1%", ".3f", *([".1%"] * len(peers)), "+.1%", ".0%", ""]))
    wfm_rows = by_origin[by_origin["method"] == "wfm"]
    print(f"wfm forecast: {len(wfm_rows)} runs, slowest {wfm_rows['seconds'].max():.1f} s, "
          f"mean {wfm_rows['seconds'].mean():.1f} s")
    failed = by_origin[~np.isfinite(by_origin["wape"])]
    for (series, length, method, note), g in failed.groupby(
            ["series", "L", "method", "note"], sort=False):
        print(f"FAILED: {series} L={length} {method} at {len(g)} origin(s) "
              f"({', '.join(str(o) for o in g['origin'])}): {note}")
    print(f"per-origin rows: {(OUT / 'forecast_short.csv').relative_to(REPO)}")

    # -- targets ------------------------------------------------------------------------
    targets = Targets()
    for name, length, w, s, ratio, *_ in summary:
        targets.check(f"{name}, {length} days: WAPE vs seasonal naive", bool(w <= s),
                      f"wfm {fmt(w, '.1%')} <= seasonal naive {fmt(s, '.1%')} (ratio "
                      f"{fmt(ratio, '.3f')})" + ("" if np.isfinite(w) else ", wfm failed"))
    targets.check(f"bank: {BANK_MONTH} total from January alone",
                  not bank["error"] and bool(abs(bank_error) <= BANK_TOLERANCE),
                  f"|{bank_error:+.1%}| <= {BANK_TOLERANCE:.0%}"
                  + (f" ({bank['error']})" if bank["error"] else ""))
    print(f"\ntotal run time {time.perf_counter() - started:.1f} s")
    targets.report_and_exit()


if __name__ == "__main__":
    main()
