"""Daily forecast accuracy on a panel of real centres: `wfm forecast` against statsforecast.

Issue 14's panel: every daily series in ../shared/data, each read as the centre it is.

- bank: Anonymous Bank 1999, the 6-minute arrivals summed per day; IL, Asia/Jerusalem,
  open every day (the facts of examples/bank_1999.toml);
- toronto: Toronto 311 `calls_offered`; CA-ON, America/Toronto, open every day;
- toronto_weekdays: the same series as a centre closed on Saturday and Sunday (weekend
  rows dropped, open Mon-Fri);
- nyc: NYC 311 call-centre inquiries per day; US-NY, America/New_York, open every day;
- boston: Boston 911 dispatches, `total`; US-MA, America/New_York, open every day.

Protocol: 6 rolling origins (`--origins`) 28 days apart, each forecasting the 28 calendar
days after it (20 open days for the weekday-only centre); the last window ends on the last
day of the series. Each origin is trained on every day before it.

- wfm: the real command, `wfm forecast HISTORY --config CONFIG --days 28 --out DIR`, run
  as a subprocess of this environment's `wfm`, once per origin, on the history cut at the
  origin (written as a `date,volume` CSV to a temp folder; the weekday-only centre's file
  has no weekend rows). The config holds only the centre's facts (name, country and
  subdivision, time zone, open days, week start, `[history] form = "daily"`), no forecast
  settings, so wfm chooses its model by its own backtest. The forecast and its 80% and 95%
  bounds are read from forecast_daily.csv. Seconds are the command's wall time (start,
  imports, backtest, forecasts, charts, files).
- peers: statsforecast SeasonalNaive, AutoETS, AutoARIMA and AutoTheta with a weekly
  season (7), and MSTL with seasons [7] plus 365 when the training cut spans two years or
  more (AutoETS "ZZN" trend forecaster), each with 80% and 95% levels, on the same raw
  training cut. For the weekday-only centre they see the open days only, with season 5
  (MSTL's yearly season 261 open days). Seconds are fit plus forecast, after a numba
  warm-up.

Scores, per series, origin and method, on the window's open days (closed days, i.e. the
weekday-only centre's weekends, are left out of every score; holidays count):
MASE (mean absolute error over `wfm.forecast.backtest.mase_scale(train)`, the in-sample
MAE of the same weekday a week earlier on the training cut's open days, one scale for all
methods), WAPE, bias (sum of forecast - actual over sum of actual), 80% and 95% interval
coverage, seconds. The tables show the mean over origins; the best peer is the peer with
the lowest mean MASE. Per-origin rows go to out/bench/forecast_panel.csv, the scored days
of every method to out/bench/forecast_panel_days.csv.

Targets (issue 14; exit status 1 if any is missed), per series: wfm MASE <= 0.95 x the
best peer's and <= SeasonalNaive's; wfm 80% coverage in [0.70, 0.90] and 95% coverage in
[0.88, 0.98]; over the panel: the geometric mean of wfm MASE / best-peer MASE <= 0.75;
every wfm run succeeds within 60 s.

Run: python benchmarks/forecast_panel.py [--series toronto,nyc] [--origins N]
(about 8 minutes on 2 cores for the whole panel: 30 wfm runs of 4-12 s, the peers)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from _common import BANK_6MIN, REPO, SHARED_DATA, Targets, section, table

from wfm.forecast.backtest import mase_scale, origins_for

HORIZON = 28  # calendar days per window
STEP = 28
ORIGINS = 6
LEVELS = (80, 95)
OUT = REPO / "out" / "bench"
LIMIT_SECONDS = 60.0
TWO_YEARS = 730  # calendar days of training before MSTL gets a yearly season

ALL_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri")
PEERS = ("SeasonalNaive", "AutoETS", "AutoARIMA", "AutoTheta", "MSTL")
METRICS = ("mase", "wape", "bias", "coverage_80", "coverage_95", "seconds")

# targets
VS_BEST_PEER = 0.95
GEO_MEAN = 0.75
COVER = {80: (0.70, 0.90), 95: (0.88, 0.98)}


# -- the panel ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Centre:
    """One daily series and the centre facts wfm is told about it."""

    name: str
    title: str
    y: pd.Series  # one row per calendar day; NaN on closed days and gaps
    centre: dict[str, Any]  # the config's [centre] table
    season: int  # the peers' season, in open days

    @property
    def open_days(self) -> tuple[str, ...]:
        return tuple(self.centre["open_days"])

    def is_open(self, dates: pd.DatetimeIndex) -> np.ndarray:
        return np.isin(dates.strftime("%a"), self.open_days)

    @property
    def yearly(self) -> int:
        """MSTL's yearly season in open days (365, or 261 for a five-day week)."""
        return round(365.25 * len(self.open_days) / 7)

    def config(self) -> str:
        """The config TOML: centre facts only, no forecast settings."""
        c = self.centre
        lines = ["[centre]", f'name = "{c["name"]}"', f'country = "{c["country"]}"']
        if c.get("subdivision"):
            lines.append(f'subdivision = "{c["subdivision"]}"')
        days = ", ".join(f'"{d}"' for d in c["open_days"])
        lines += [f'timezone = "{c["timezone"]}"', f"open_days = [{days}]",
                  f'week_start = "{c["week_start"]}"', "", "[history]", 'form = "daily"', ""]
        return "\n".join(lines)


def _calendar_series(values: pd.Series, open_days: tuple[str, ...]) -> pd.Series:
    """Index by every calendar day from the first to the last; NaN on closed days and gaps."""
    values = values.astype(float)
    values.index = pd.to_datetime(values.index)
    full = pd.date_range(values.index.min(), values.index.max(), freq="D")
    y = values.reindex(full)
    y[~np.isin(full.strftime("%a"), open_days)] = np.nan
    return y.rename("volume")


def _read(path: Path, column: str) -> pd.Series:
    if not path.is_file():
        sys.exit(f"error: real data not found at {path} (expected ../shared/data beside the "
                 "repository)")
    frame = pd.read_csv(path, usecols=["date", column])
    return frame.groupby("date")[column].sum()


def _bank() -> Centre:
    centre = {"name": "Anonymous Bank", "country": "IL", "timezone": "Asia/Jerusalem",
              "open_days": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
              "week_start": "Sun"}
    y = _calendar_series(_read(BANK_6MIN, "calls"), ALL_DAYS)
    return Centre("bank", "Anonymous Bank 1999, calls per day (6-minute file summed)", y,
                  centre, 7)


def _toronto(weekdays: bool) -> Centre:
    open_days = WEEKDAYS if weekdays else ALL_DAYS
    raw = _read(SHARED_DATA / "toronto_311_2010_2013" / "daily_metrics.csv.gz",
                "calls_offered")
    if weekdays:  # the same series as a centre closed at weekends: those rows dropped
        raw = raw[pd.to_datetime(raw.index).day_of_week < 5]
    y = _calendar_series(raw, open_days)
    centre = {"name": "Toronto 311" + (" weekdays" if weekdays else ""), "country": "CA",
              "subdivision": "ON", "timezone": "America/Toronto",
              "open_days": list(open_days), "week_start": "Mon"}
    title = ("Toronto 311 calls offered, weekdays only (closed Sat and Sun)" if weekdays
             else "Toronto 311 calls offered per day")
    return Centre("toronto_weekdays" if weekdays else "toronto", title, y, centre,
                  5 if weekdays else 7)


def _nyc() -> Centre:
    centre = {"name": "NYC 311", "country": "US", "subdivision": "NY",
              "timezone": "America/New_York", "open_days": list(ALL_DAYS), "week_start": "Sun"}
    y = _calendar_series(_read(SHARED_DATA / "nyc_311_2011_2016" / "daily.csv.gz", "volume"),
                         ALL_DAYS)
    return Centre("nyc", "NYC 311 call-centre inquiries per day", y, centre, 7)


def _boston() -> Centre:
    centre = {"name": "Boston 911", "country": "US", "subdivision": "MA",
              "timezone": "America/New_York", "open_days": list(ALL_DAYS), "week_start": "Sun"}
    y = _calendar_series(_read(SHARED_DATA / "boston_911_2010_2014" / "daily_by_agency.csv.gz",
                               "total"), ALL_DAYS)
    return Centre("boston", "Boston 911 dispatches per day (total)", y, centre, 7)


PANEL: dict[str, Callable[[], Centre]] = {
    "bank": _bank,
    "toronto": lambda: _toronto(weekdays=False),
    "toronto_weekdays": lambda: _toronto(weekdays=True),
    "nyc": _nyc,
    "boston": _boston,
}


# -- one method's forecast of one window ----------------------------------------------------
@dataclass(frozen=True)
class Run:
    """A forecast on the window's calendar days (NaN where the method says nothing)."""

    mean: np.ndarray
    bounds: dict[int, tuple[np.ndarray, np.ndarray]]
    seconds: float
    note: str = ""  # wfm: the model it chose; on failure: what went wrong

    @classmethod
    def failed(cls, h: int, seconds: float, note: str) -> Run:
        nan = np.full(h, np.nan)
        return cls(nan, {lv: (nan, nan) for lv in LEVELS}, seconds, note)


def run_wfm(centre: Centre, train: pd.Series, dates: pd.DatetimeIndex, folder: Path) -> Run:
    """`wfm forecast` on the training cut; the window's rows of forecast_daily.csv."""
    history = folder / "history.csv"
    config = folder / "config.toml"
    out = folder / "out"
    kept = train.dropna()
    pd.DataFrame({"date": kept.index.strftime("%Y-%m-%d"), "volume": kept.to_numpy()}).to_csv(
        history, index=False)
    config.write_text(centre.config())
    wfm = Path(sys.executable).with_name("wfm")
    cmd = [str(wfm), "forecast", str(history), "--config", str(config), "--days",
           str(len(dates)), "--out", str(out)]
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        return Run.failed(len(dates), seconds, f"exit {done.returncode}: {tail[0]}")
    daily = pd.read_csv(out / "forecast_daily.csv", parse_dates=["date"]).set_index("date")
    if not daily.index.equals(dates):
        return Run.failed(len(dates), seconds,
                          f"forecast days {daily.index[0].date()}..{daily.index[-1].date()}, "
                          f"expected {dates[0].date()}..{dates[-1].date()}")
    models = daily.loc[centre.is_open(dates), "model"].dropna().unique()
    return Run(daily["volume"].to_numpy(dtype=float),
               {80: (daily["lo"].to_numpy(dtype=float), daily["hi"].to_numpy(dtype=float)),
                95: (daily["lo_95"].to_numpy(dtype=float),
                     daily["hi_95"].to_numpy(dtype=float))},
               seconds, "+".join(str(m) for m in models))


def peer_model(name: str, season: int, yearly: int | None) -> Any:
    try:
        from statsforecast import models as m
    except ImportError:
        sys.exit("error: statsforecast is not installed; run `pip install -e \".[bench]\"` "
                 "(or `make bench`)")
    if name == "SeasonalNaive":
        return m.SeasonalNaive(season_length=season)
    if name == "AutoETS":
        return m.AutoETS(season_length=season)
    if name == "AutoARIMA":
        return m.AutoARIMA(season_length=season)
    if name == "AutoTheta":
        return m.AutoTheta(season_length=season)
    if name == "MSTL":
        seasons = [season, yearly] if yearly else season
        return m.MSTL(season_length=seasons, trend_forecaster=m.AutoETS(model="ZZN"))
    raise ValueError(name)


def fill_gaps(values: pd.Series, season: int) -> np.ndarray:
    """The open days' training values without NaN (a gap takes the value a season earlier,
    else the nearest day's), since the peers need a complete series."""
    v = values.copy()
    for _ in range(10):
        if not v.isna().any():
            break
        v = v.fillna(v.shift(season))
    return v.ffill().bfill().to_numpy(dtype=float)


def run_peer(name: str, centre: Centre, train: pd.Series, dates: pd.DatetimeIndex) -> Run:
    """`name` on the training cut's open days, mapped back onto the window's open days."""
    open_train = train[centre.is_open(train.index)]
    y = fill_gaps(open_train, centre.season)
    span = (train.index[-1] - train.index[0]).days + 1
    yearly = centre.yearly if span >= TWO_YEARS else None
    is_open = centre.is_open(dates)
    h = int(is_open.sum())
    started = time.perf_counter()
    try:
        model = peer_model(name, centre.season, yearly)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = model.forecast(y=y, h=h, level=list(LEVELS))
    except Exception as exc:  # a peer that fails is reported, not fatal
        return Run.failed(len(dates), time.perf_counter() - started,
                          f"{type(exc).__name__}: {exc}")
    seconds = time.perf_counter() - started

    def on_window(key: str) -> np.ndarray:
        full = np.full(len(dates), np.nan)
        if key in out:
            full[is_open] = np.asarray(out[key], dtype=float)
        return full

    note = f"seasons [{centre.season}, {yearly}]" if name == "MSTL" and yearly else ""
    return Run(on_window("mean"),
               {lv: (on_window(f"lo-{lv}"), on_window(f"hi-{lv}")) for lv in LEVELS},
               seconds, note)


def warm_up(centre_seasons: set[int]) -> float:
    """Each peer once on a short series per season used, so numba compilation is not
    counted as fit time; prints and returns the seconds it took."""
    started = time.perf_counter()
    rng = np.random.default_rng(0)
    for season in sorted(centre_seasons):
        shape = np.tile(np.linspace(1.2, 0.6, season), 120 // season + 1)[:120]
        y = 100 * shape + rng.normal(0, 3, 120)
        for name in PEERS:
            peer_model(name, season, None).forecast(y=y, h=season, level=list(LEVELS))
    seconds = time.perf_counter() - started
    print(f"statsforecast numba warm-up {seconds:.1f} s (not counted)")
    return seconds


# -- scores ---------------------------------------------------------------------------------
def score(run: Run, actual: np.ndarray, scored: np.ndarray, scale: float) -> dict[str, float]:
    a, p = actual[scored], run.mean[scored]
    total = a.sum()
    row = {
        "mase": float(np.abs(a - p).mean() / scale) if scale > 0 and a.size else np.nan,
        "wape": float(np.abs(a - p).sum() / total) if total > 0 else np.nan,
        "bias": float((p - a).sum() / total) if total > 0 else np.nan,
    }
    for lv in LEVELS:
        lo, hi = run.bounds[lv][0][scored], run.bounds[lv][1][scored]
        ok = ~np.isnan(lo) & ~np.isnan(hi)
        row[f"coverage_{lv}"] = (float(((a >= lo) & (a <= hi))[ok].mean()) if ok.all() and
                                 a.size else np.nan)
        row[f"width_{lv}"] = float(np.mean(hi[ok] - lo[ok]) / a.mean()) if ok.any() else np.nan
    row["seconds"] = run.seconds
    return row


def run_centre(centre: Centre, n_origins: int, tmp: Path) -> tuple[list[dict], list[dict]]:
    """Every method at every origin of one centre: per-origin rows and per-day rows."""
    y = centre.y
    last = y.last_valid_index()
    starts = origins_for(last, HORIZON, n_origins, STEP)
    rows: list[dict] = []
    days: list[dict] = []
    print(f"\n{centre.name}: {centre.title}; {y.index[0].date()} .. {last.date()}, "
          f"{int(y.notna().sum())} open days with data; open {', '.join(centre.open_days)}; "
          f"origins {', '.join(str(s.date()) for s in starts)}", flush=True)
    for k, cut in enumerate(starts):
        train = y[y.index < cut]
        dates = pd.date_range(cut, periods=HORIZON, freq="D")
        actual = y.reindex(dates).to_numpy(dtype=float)
        scored = centre.is_open(dates) & ~np.isnan(actual)
        scale = mase_scale(train)
        folder = tmp / f"{centre.name}-{k}"
        folder.mkdir()
        runs = {"wfm": run_wfm(centre, train, dates, folder)}
        for name in PEERS:
            runs[name] = run_peer(name, centre, train, dates)
        for method, run in runs.items():
            row = {"series": centre.name, "origin": cut.date(), "method": method,
                   "days": int(scored.sum()), "scale": scale,
                   **score(run, actual, scored, scale), "note": run.note}
            rows.append(row)
            for i in np.flatnonzero(scored):
                days.append({"series": centre.name, "origin": cut.date(), "method": method,
                             "date": dates[i].date(), "actual": actual[i],
                             "volume": run.mean[i],
                             **{f"{side}_{lv}": run.bounds[lv][j][i] for lv in LEVELS
                                for j, side in enumerate(("lo", "hi"))}})
        w = rows[-len(runs)]
        best = min((r for r in rows[-len(runs) + 1:]), key=lambda r: np.nan_to_num(
            r["mase"], nan=np.inf))
        failed = [r["method"] for r in rows[-len(runs):] if not np.isfinite(r["mase"])]
        print(f"  origin {cut.date()}: wfm {w['seconds']:.1f} s ({w['note']}) MASE "
              f"{w['mase']:.3f}; best peer {best['method']} {best['mase']:.3f}; peers "
              f"{sum(r['seconds'] for r in rows[-len(runs) + 1:]):.1f} s"
              + (f"; FAILED: {', '.join(failed)}" if failed else ""), flush=True)
    return rows, days


# -- report ---------------------------------------------------------------------------------
def summarise(by_origin: pd.DataFrame) -> pd.DataFrame:
    """Mean of each metric over the origins, per series and method (NaN if any origin
    failed, so a failure is never averaged away)."""
    cols = [*METRICS, "width_80", "width_95"]
    return by_origin.groupby(["series", "method"], sort=False)[cols].agg(
        lambda s: s.mean(skipna=False))


def best_peer(means: pd.DataFrame, series: str) -> str:
    peers = means.loc[series].drop(index="wfm")["mase"]
    return str(peers.fillna(np.inf).idxmin())


def chosen_series(parser: argparse.ArgumentParser, text: str, known) -> list[str]:
    """The `--series` names, each one of `known`; otherwise the parser's usage error."""
    names = [s.strip() for s in text.split(",") if s.strip()]
    unknown = [s for s in names if s not in known]
    if unknown or not names:
        parser.error(f"unknown series {', '.join(unknown)}; choose from {', '.join(known)}")
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", default=",".join(PANEL),
                        help=f"comma-separated subset of {', '.join(PANEL)}")
    parser.add_argument("--origins", type=int, default=ORIGINS,
                        help=f"rolling origins per series (default {ORIGINS})")
    args = parser.parse_args()
    names = chosen_series(parser, args.series, PANEL)
    if args.origins < 1:
        parser.error("--origins must be at least 1")

    started = time.perf_counter()
    centres = [PANEL[n]() for n in names]
    print("wfm forecast panel benchmark (issue 14): `wfm forecast` against statsforecast "
          "on every daily series")
    print(f"{args.origins} origins {STEP} days apart, {HORIZON} calendar days ahead each, "
          "the last window ending on the series' last day")
    warm_up({c.season for c in centres})

    rows: list[dict] = []
    days: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="wfm-panel-") as tmp:
        for centre in centres:
            r, d = run_centre(centre, args.origins, Path(tmp))
            rows += r
            days += d
    by_origin = pd.DataFrame(rows)
    OUT.mkdir(parents=True, exist_ok=True)
    by_origin.to_csv(OUT / "forecast_panel.csv", index=False, float_format="%.6g")
    pd.DataFrame(days).to_csv(OUT / "forecast_panel_days.csv", index=False,
                              float_format="%.6g")
    means = summarise(by_origin)

    # -- per series ---------------------------------------------------------------------
    header = ["method", "MASE", "WAPE", "bias", "cover80", "cover95", "width80", "s / run"]
    specs = ["", ".3f", ".1%", "+.1%", ".0%", ".0%", ".0%", ".1f"]
    for centre in centres:
        m = means.loc[centre.name]
        best = best_peer(means, centre.name)
        section(f"{centre.name}: {centre.title} (mean over {args.origins} origins)")
        table_rows = []
        for method, r in m.iterrows():
            label = ("wfm forecast" if method == "wfm" else f"statsforecast {method}"
                     + ("  <- best peer" if method == best else ""))
            table_rows.append([label, r["mase"], r["wape"], r["bias"], r["coverage_80"],
                               r["coverage_95"], r["width_80"], r["seconds"]])
        print(table(header, table_rows, specs))
        chosen = by_origin[(by_origin["series"] == centre.name) &
                           (by_origin["method"] == "wfm")]
        print("wfm chose: " + "; ".join(f"{o} {n}" for o, n in
                                        zip(chosen["origin"], chosen["note"], strict=True)))
        print(f"best peer: statsforecast {best}. width80 = mean 80% interval width over the "
              "mean actual.")

    # -- summary ------------------------------------------------------------------------
    section("Summary: mean MASE over origins; ratio = wfm / best peer")
    summary_rows = []
    ratios = []
    for centre in centres:
        m = means.loc[centre.name]
        best = best_peer(means, centre.name)
        ratio = m.loc["wfm", "mase"] / m.loc[best, "mase"]
        ratios.append(ratio)
        summary_rows.append([centre.name, m.loc["wfm", "mase"], best, m.loc[best, "mase"],
                             ratio, m.loc["SeasonalNaive", "mase"], m.loc["wfm", "coverage_80"],
                             m.loc["wfm", "coverage_95"]])
    print(table(["series", "wfm MASE", "best peer", "peer MASE", "ratio", "snaive MASE",
                 "wfm cov80", "wfm cov95"], summary_rows,
                ["", ".3f", "", ".3f", ".3f", ".3f", ".0%", ".0%"]))
    geo = float(np.exp(np.mean(np.log(ratios))))
    print(f"geometric mean of wfm / best peer MASE over {len(ratios)} series: {geo:.3f}")
    wfm_rows = by_origin[by_origin["method"] == "wfm"]
    worst = float(wfm_rows["seconds"].max())
    failed_wfm = wfm_rows[~np.isfinite(wfm_rows["mase"])]
    print(f"wfm forecast: {len(wfm_rows)} runs, slowest {worst:.1f} s, mean "
          f"{wfm_rows['seconds'].mean():.1f} s")
    peer_fail = by_origin[(by_origin["method"] != "wfm") & ~np.isfinite(by_origin["mase"])]
    for _, r in pd.concat([failed_wfm, peer_fail]).iterrows():
        print(f"FAILED: {r['series']} {r['origin']} {r['method']}: {r['note']}")
    print(f"per-origin rows: {(OUT / 'forecast_panel.csv').relative_to(REPO)}; scored days: "
          f"{(OUT / 'forecast_panel_days.csv').relative_to(REPO)}")

    # -- targets ------------------------------------------------------------------------
    targets = Targets()
    for centre, (_, w, best, b, ratio, naive, c80, c95) in zip(centres, summary_rows,
                                                                strict=True):
        targets.check(f"{centre.name}: MASE vs best peer", w <= VS_BEST_PEER * b,
                      f"wfm {w:.3f} <= {VS_BEST_PEER} x {best} {b:.3f} = "
                      f"{VS_BEST_PEER * b:.3f} (ratio {ratio:.3f})")
        targets.check(f"{centre.name}: MASE vs seasonal naive", w <= naive,
                      f"wfm {w:.3f} <= SeasonalNaive {naive:.3f}")
        for lv, value in ((80, c80), (95, c95)):
            lo, hi = COVER[lv]
            targets.check(f"{centre.name}: {lv}% coverage", lo <= value <= hi,
                          f"{value:.3f} in [{lo:.2f}, {hi:.2f}]")
    targets.check("geometric mean MASE ratio", geo <= GEO_MEAN,
                  f"{geo:.3f} <= {GEO_MEAN} over {len(ratios)} series")
    targets.check(f"wfm forecast within {LIMIT_SECONDS:.0f} s per run",
                  failed_wfm.empty and worst <= LIMIT_SECONDS,
                  f"slowest of {len(wfm_rows)} runs {worst:.1f} s; "
                  f"{len(failed_wfm)} failed")
    print(f"\ntotal run time {time.perf_counter() - started:.1f} s")
    targets.report_and_exit()


if __name__ == "__main__":
    main()
