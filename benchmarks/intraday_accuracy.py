"""Intraday forecast accuracy on two real centres: wfm's pipeline against two peers.

Centres, each read through wfm's own intake with a config of its facts:

- bank: the Anonymous Bank (Israel) 1999 6-minute arrival counts on a 30-minute grid, read
  with examples/bank_1999.toml (all days open, country IL, weeks start on Sunday). One week
  ahead from the start of each of the last 8 weeks of 1999 (Sundays 1999-11-07 ...
  1999-12-26); the last window is cut at 1999-12-31 (6 days).
- nyc: NYC 311 call-centre inquiries per hour (../shared/data/nyc_311_2011_2016/
  hourly.csv.gz, `timestamp,volume`, wall-clock America/New_York), auto-detected by
  `wfm.load_history` as interval counts on a 60-minute grid. The config (written to a temp
  folder) holds only centre facts: name, country US, subdivision NY, America/New_York,
  open all seven days, `interval_minutes = 60`, agent hours 00:00-24:00, weeks start on
  Sunday. One week ahead from 8 Sundays one week apart, the last window being the series'
  last full week (2016-11-06 ... 2016-12-25; the data end on Saturday 2016-12-31).

Each origin is trained on everything before it. Methods:

- wfm: `wfm.forecast.pipeline.run_forecast(history_before_origin, config, calendar, days=7)`
  (its own backtest, model choice, daily forecast and intraday profile); `intervals`.
- peer (a) "same slot last week": each interval repeats the one 7 days earlier.
- peer (b) "statsforecast + profile": the best statsforecast daily model (SeasonalNaive,
  AutoETS, AutoARIMA, MSTL, AutoTheta with a weekly season; the best is the lowest pooled
  daily WAPE over the centre's own 7-day windows, all are reported) spread over intervals
  by the weekday profile of the last four weeks (per weekday, the mean share of each slot
  over the 4 previous same weekdays).

Scoring: WAPE (sum |actual - forecast| / sum actual) over the scored intervals, per origin
and pooled over all windows. Intervals where the feed, not the demand, is wrong are left
out of every method's score (the rule is this benchmark's own, independent of wfm's code):

- outage: the actual is below 10% of the median of the same weekday and slot over the
  4 weeks before and the 4 weeks after (whichever of those 8 exist in the data), where
  that median is at least 10 calls. NYC's feed has logging outages that show as zero
  hours inside busy hours (the longest 2016-11-06 17:00 .. 11-07 02:00).
- clock change: any interval that holds a wall-clock time that does not exist (spring
  forward, in the US the 02:00 hour, recorded as 0) or exists twice (fall back, in the US
  the 01:00 hour, holding two hours of calls) in the centre's time zone.

How many intervals each rule leaves out is printed per centre, with their spans. On NYC:
18 hours (the 2016-11-06 01:00 fall-back hour; outages 2016-11-06 17:00 .. 11-07 03:00 and
2016-12-08 22:00 .. 12-09 03:00). On the bank: 4 half-hours (13:30 and 14:00 on Fridays
1999-11-19 and 11-26, 0 calls where the other Fridays have 17-46; no clock change falls in
its windows), which moves every method's pooled WAPE by about 0.1 point and the ratios by
at most 0.003. The pooled WAPE over all intervals is printed beside, for reference. The
daily WAPE that picks the statsforecast model is on the raw daily totals.

Targets (issue 14; exit status 1 if any is missed), on each centre: wfm's pooled intraday
WAPE <= 0.97 x each peer's (at least 3% below, relative).

Per-interval rows go to out/bench/intraday_accuracy.csv.

Run: python benchmarks/intraday_accuracy.py   (about 4.5-5 minutes on 2 cores: the 16
origins run in 2 worker processes; a NYC origin takes 25-35 s of wfm run_forecast on six
years of hourly history and 15-25 s of statsforecast, AutoARIMA most of it; a bank origin
5-9 s of wfm)
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from _common import (
    PEER_NAMES,
    REPO,
    SHARED_DATA,
    Targets,
    load_bank,
    peer_forecast,
    section,
    table,
    wape,
    warm_up_peers,
)

from wfm.core.calendar import Calendar, calendar_from_config
from wfm.core.config import WEEKDAYS, Config, load_config
from wfm.forecast.backtest import mase_scale
from wfm.forecast.history import History, load_history
from wfm.forecast.pipeline import run_forecast

WEEKS = 8
DAYS = 7
PROFILE_WEEKS = 4
TARGET_RATIO = 0.97  # wfm's pooled WAPE <= 0.97 x each peer's, on each centre
WORKERS = max(1, min(2, os.cpu_count() or 1))
OUT = REPO / "out" / "bench"

# the scoring rule: intervals left out of every method's score
OUTAGE_WEEKS = 4  # neighbours: the same weekday and slot, 4 weeks before and 4 after
OUTAGE_SHARE = 0.10  # an actual below 10% of the neighbours' median ...
OUTAGE_MIN_MEDIAN = 10.0  # ... where that median is at least 10 calls

NYC_HOURLY = SHARED_DATA / "nyc_311_2011_2016" / "hourly.csv.gz"
NYC_CONFIG = """\
[centre]
name = "NYC 311"
country = "US"
subdivision = "NY"
timezone = "America/New_York"
open_days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
week_start = "Sun"
interval_minutes = 60

[centre.hours]
default = ["00:00", "24:00"]
"""


# -- centres --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Centre:
    """One interval series with its config, and the origins it is scored from."""

    key: str
    title: str
    config: Config
    calendar: Calendar
    history: History
    end: pd.Timestamp  # the last day scored
    origins: list[pd.Timestamp]

    @property
    def minutes(self) -> int:
        return int(self.config.centre["interval_minutes"])

    @property
    def slots(self) -> int:
        return self.calendar.slots_per_day()

    @property
    def volume(self) -> pd.Series:
        intervals = self.history.intervals
        assert intervals is not None
        return intervals["volume"].asfreq(f"{self.minutes}min")


def week_origins(week_start: str, end: pd.Timestamp, count: int) -> list[pd.Timestamp]:
    """The first day of each of the last `count` weeks that start on or before `end`."""
    wd = WEEKDAYS.index(week_start)  # 0 = Mon
    last = end - pd.Timedelta(days=(end.weekday() - wd) % 7)
    return [last - pd.Timedelta(weeks=k) for k in range(count - 1, -1, -1)]


def bank_centre() -> Centre:
    """Bank 1999 on 30 minutes; the last window cut at 1999-12-31 (6 days)."""
    bank = load_bank()
    end = pd.Timestamp("1999-12-31")
    return Centre("bank", "Anonymous Bank 1999", bank.config, bank.calendar, bank.history,
                  end, week_origins(bank.config.centre["week_start"], end, WEEKS))


def nyc_centre(folder: Path) -> Centre:
    """NYC 311 hourly, config of centre facts written to `folder`; full weeks only."""
    if not NYC_HOURLY.is_file():
        sys.exit(f"error: real data not found at {NYC_HOURLY} (expected ../shared/data "
                 "beside the repository)")
    path = folder / "nyc_311.toml"
    path.write_text(NYC_CONFIG)
    config = load_config(path)
    history = load_history(NYC_HOURLY, config)
    if history.form != "intervals" or history.native_minutes != 60:
        sys.exit(f"error: {NYC_HOURLY.name} read as {history.form} "
                 f"({history.native_minutes} min), expected 60-minute intervals")
    end = history.last_day  # last origin: the start of the last week that fits before it
    origins = week_origins(config.centre["week_start"], end - pd.Timedelta(days=DAYS - 1),
                           WEEKS)
    end = origins[-1] + pd.Timedelta(days=DAYS - 1)
    return Centre("nyc", "NYC 311 hourly", config, calendar_from_config(config), history,
                  end, origins)


# -- peers ----------------------------------------------------------------------------------
def before(history: History, origin: pd.Timestamp) -> History:
    """The history as it was known on the morning of `origin`."""
    intervals = history.intervals
    assert intervals is not None
    return dataclasses.replace(history, daily=history.daily[history.daily.index < origin],
                               intervals=intervals[intervals.index < origin])


def four_week_profile(vol: pd.Series, day: pd.Timestamp, slots: int) -> np.ndarray:
    """Mean share of each slot over the 4 previous same weekdays (days with calls only)."""
    step = pd.Timedelta(days=1) / slots
    shares = []
    for k in range(1, PROFILE_WEEKS + 1):
        prev = day - pd.Timedelta(weeks=k)
        v = vol.reindex(pd.date_range(prev, periods=slots, freq=step))
        v = v.to_numpy(dtype=float)
        if np.nansum(v) > 0:
            shares.append(np.nan_to_num(v) / np.nansum(v))
    return np.mean(shares, axis=0) if shares else np.full(slots, 1.0 / slots)


def spread(daily: np.ndarray, dates: pd.DatetimeIndex, vol: pd.Series, origin: pd.Timestamp,
           slots: int) -> np.ndarray:
    """Daily totals spread over slots by the 4-week weekday profile known at `origin`."""
    parts = []
    for total, day in zip(daily, dates, strict=True):
        assert day - pd.Timedelta(weeks=1) < origin
        parts.append(total * four_week_profile(vol, day, slots))
    return np.concatenate(parts)


# -- the scoring rule -----------------------------------------------------------------------
def outage_slots(vol: pd.Series, starts: pd.DatetimeIndex) -> np.ndarray:
    """Intervals whose actual is below OUTAGE_SHARE of the median of the same weekday and
    slot over the OUTAGE_WEEKS weeks before and after (those in the data), where that median
    is at least OUTAGE_MIN_MEDIAN: a logging outage, not demand."""
    actual = vol.reindex(starts).to_numpy(dtype=float)
    weeks = [k for k in range(-OUTAGE_WEEKS, OUTAGE_WEEKS + 1) if k]
    around = np.column_stack([vol.reindex(starts + pd.Timedelta(weeks=k)).to_numpy(dtype=float)
                              for k in weeks])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all 8 missing: median NaN, kept
        median = np.nanmedian(around, axis=1)
    return (median >= OUTAGE_MIN_MEDIAN) & (actual < OUTAGE_SHARE * median)


def clock_slots(starts: pd.DatetimeIndex, timezone: str, minutes: int) -> np.ndarray:
    """Intervals holding a wall-clock minute that does not exist (spring forward) or exists
    twice (fall back) in `timezone`."""
    offsets = np.arange(minutes) * np.timedelta64(1, "m")
    wall = pd.DatetimeIndex((starts.to_numpy()[:, None] + offsets[None, :]).ravel())
    local = wall.tz_localize(timezone, ambiguous="NaT", nonexistent="NaT")
    return np.asarray(local.isna()).reshape(len(starts), minutes).any(axis=1)


# -- one origin (runs in a worker process) --------------------------------------------------
CENTRES: dict[str, Centre] = {}  # filled before the workers fork
_WARM = {"done": False}


def run_origin(job: tuple[str, pd.Timestamp]) -> dict[str, Any]:
    """wfm and every peer from one origin of one centre: interval frame and daily rows."""
    warm = 0.0
    if not _WARM["done"]:
        warm, _WARM["done"] = warm_up_peers(), True
    key, origin = job
    c = CENTRES[key]
    vol, slots, hist = c.volume, c.slots, c.history
    t0 = time.perf_counter()
    last = min(origin + pd.Timedelta(days=DAYS - 1), c.end)
    dates = pd.date_range(origin, last, freq="D")
    starts = pd.date_range(origin, periods=len(dates) * slots, freq=f"{c.minutes}min")
    actual = vol.reindex(starts).to_numpy(dtype=float)
    actual_daily = hist.daily.reindex(dates).to_numpy(dtype=float)
    train = hist.daily[hist.daily.index < origin]
    scale = mase_scale(train)

    result = run_forecast(before(hist, origin), c.config, c.calendar, days=DAYS)
    wfm_seconds = time.perf_counter() - t0
    wfm = (result.intervals.set_index("interval_start")["volume"].reindex(starts)
           .to_numpy(dtype=float))
    wfm_daily = (result.daily.set_index("date")["volume"].reindex(dates)
                 .to_numpy(dtype=float))
    model = str(result.daily["model"].iloc[0])
    outage = outage_slots(vol, starts)
    clock = clock_slots(starts, c.config.centre["timezone"], c.minutes)
    frame = pd.DataFrame({"centre": key, "origin": origin, "interval_start": starts,
                          "actual": actual, "outage": outage, "clock": clock,
                          "scored": ~(outage | clock), "wfm": wfm,
                          "last_week": vol.reindex(starts - pd.Timedelta(weeks=1))
                          .to_numpy(dtype=float)})
    # profile-only diagnostic: the actual day totals spread by each side's profile
    wfm_share = wfm / np.repeat(np.where(wfm_daily > 0, wfm_daily, 1.0), slots)
    frame["wfm_profile_only"] = wfm_share * np.repeat(actual_daily, slots)
    frame["profile4_only"] = spread(actual_daily, dates, vol, origin, slots)
    daily_rows = [{"model": "wfm", "origin": origin, "actual": actual_daily,
                   "forecast": wfm_daily, "scale": scale, "seconds": 0.0}]
    for name in PEER_NAMES:
        run = peer_forecast(name, train.to_numpy(dtype=float), DAYS)
        point = run.mean[: len(dates)]
        daily_rows.append({"model": name, "origin": origin, "actual": actual_daily,
                           "forecast": point, "scale": scale, "seconds": run.seconds})
        frame[f"sf_{name}"] = spread(point, dates, vol, origin, slots)
    return {"key": key, "origin": origin, "frame": frame, "daily": daily_rows,
            "info": {"origin": origin, "days": len(dates), "model": model},
            "wfm_seconds": wfm_seconds, "seconds": time.perf_counter() - t0, "warm": warm}


# -- one centre's tables --------------------------------------------------------------------
def report_centre(c: Centre, runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Print the centre's daily, per-origin and pooled tables; return its pooled scores."""
    runs = sorted(runs, key=lambda r: r["origin"])
    slots_all = pd.concat([r["frame"] for r in runs], ignore_index=True)
    per_origin = [r["info"] for r in runs]
    daily = pd.DataFrame([row for r in runs for row in r["daily"]])
    unit = f"{c.minutes}-minute intervals"

    section(f"{c.title}: daily accuracy of the {DAYS}-day forecasts "
            "(picks the statsforecast model)")
    summary = []
    for name in ["wfm", *PEER_NAMES]:
        d = daily[daily["model"] == name]
        a = np.concatenate(d["actual"].to_list())
        p = np.concatenate(d["forecast"].to_list())
        mase = np.mean([np.abs(r.actual - r.forecast).mean() / r.scale
                        for r in d.itertuples()])
        summary.append({"model": name, "wape": wape(a, p), "mase": float(mase),
                        "seconds": float(d["seconds"].mean())})
    summary_df = pd.DataFrame(summary).set_index("model")
    peers_df = summary_df.drop(index="wfm").sort_values("wape")
    best = str(peers_df.index[0])
    rows = [["wfm (its chosen model per origin)", summary_df.loc["wfm", "wape"],
             summary_df.loc["wfm", "mase"], None]]
    rows += [[f"statsforecast {m}" + ("  <- best" if m == best else ""), r["wape"], r["mase"],
              r["seconds"]] for m, r in peers_df.iterrows()]
    print(table(["daily model", "daily WAPE", "mean MASE", "fit s"], rows,
                ["", ".1%", ".3f", ".2f"]))

    # -- left out ------------------------------------------------------------------------
    outage, clock = slots_all["outage"].to_numpy(), slots_all["clock"].to_numpy()
    scored = slots_all["scored"].to_numpy()
    section(f"{c.title}: {unit} left out of every score")
    print(f"{(~scored).sum()} of {len(scored)} left out: {outage.sum()} outage "
          f"(actual < {OUTAGE_SHARE:.0%} of its +/-{OUTAGE_WEEKS}-week weekday-slot median, "
          f"median >= {OUTAGE_MIN_MEDIAN:.0f}), {clock.sum()} clock change, "
          f"{(outage & clock).sum()} both")
    gone = slots_all[~scored]
    if len(gone):
        runs_out = (gone["interval_start"].diff() != pd.Timedelta(minutes=c.minutes)).cumsum()
        spans = [f"{g['interval_start'].iloc[0]:%Y-%m-%d %H:%M}"
                 + (f" .. {g['interval_start'].iloc[-1]:%m-%d %H:%M}" if len(g) > 1 else "")
                 + f" ({'clock' if g['clock'].all() else 'outage'}, "
                 f"{g['actual'].sum():,.0f} calls)"
                 for _, g in gone.groupby(runs_out)]
        print("  " + "; ".join(spans))

    # -- intraday -------------------------------------------------------------------------
    peer_b = f"sf_{best}"
    section(f"{c.title}: intraday WAPE over the scored {unit}, per origin")
    header = ["origin", "days", "left out", "calls", "wfm model", "wfm", "last week",
              f"{best}+prof", "wfm/lastwk", "wfm/sf", "daily wfm", f"daily {best}"]
    rows = []
    for info in per_origin:
        s = slots_all[(slots_all["origin"] == info["origin"]) & slots_all["scored"]]
        n_out = int((~slots_all.loc[slots_all["origin"] == info["origin"], "scored"]).sum())
        a = s["actual"].to_numpy()
        w, n, b = (wape(a, s[col].to_numpy()) for col in ("wfm", "last_week", peer_b))
        dw, db = (daily[(daily["model"] == m) & (daily["origin"] == info["origin"])].iloc[0]
                  for m in ("wfm", best))
        rows.append([str(info["origin"].date()), info["days"], n_out, a.sum(), info["model"],
                     w, n, b, w / n, w / b, wape(dw["actual"], dw["forecast"]),
                     wape(db["actual"], db["forecast"])])
    columns = ["wfm", "last_week", *[f"sf_{m}" for m in PEER_NAMES], "wfm_profile_only",
               "profile4_only"]
    s = slots_all[scored]
    a = s["actual"].to_numpy()
    overall = {col: wape(a, s[col].to_numpy()) for col in columns}
    raw = {col: wape(slots_all["actual"].to_numpy(), slots_all[col].to_numpy())
           for col in columns}
    rows.append(["overall", len(slots_all) // c.slots, int((~scored).sum()), a.sum(), "",
                 overall["wfm"], overall["last_week"], overall[peer_b],
                 overall["wfm"] / overall["last_week"], overall["wfm"] / overall[peer_b],
                 summary_df.loc["wfm", "wape"], summary_df.loc[best, "wape"]])
    print(table(header, rows, ["", "d", "d", ",.0f", "", ".1%", ".1%", ".1%", ".3f", ".3f",
                               ".1%", ".1%"]))
    print("daily wfm / daily sf: WAPE of the 7 daily totals (the level part of the error)")
    lost_a = [r[0] for r in rows[:-1] if r[5] >= r[6]]
    lost_b = [r[0] for r in rows[:-1] if r[5] >= r[7]]
    print(f"wfm loses to same-slot-last-week on: {', '.join(lost_a) or 'none'}; "
          f"to {best}+profile on: {', '.join(lost_b) or 'none'}")

    section(f"{c.title}: pooled intraday WAPE, every variant")
    rows = [["wfm run_forecast", overall["wfm"], 1.0, raw["wfm"]],
            ["same slot last week", overall["last_week"],
             overall["wfm"] / overall["last_week"], raw["last_week"]]]
    rows += [[f"statsforecast {m} + 4-week profile" + ("  <- peer (b)" if m == best else ""),
              overall[f"sf_{m}"], overall["wfm"] / overall[f"sf_{m}"], raw[f"sf_{m}"]]
             for m in PEER_NAMES]
    rows += [["diagnostic: actual day totals x wfm profile", overall["wfm_profile_only"],
              None, raw["wfm_profile_only"]],
             ["diagnostic: actual day totals x 4-week profile", overall["profile4_only"],
              None, raw["profile4_only"]]]
    print(table(["forecast", "WAPE", "wfm/this", "all intervals"], rows,
                ["", ".2%", ".3f", ".2%"]))
    print("WAPE: the scored intervals; all intervals: nothing left out (reference only).")
    print("The diagnostics score the intraday profiles alone (perfect daily totals).")
    return {"centre": c, "best": best, "overall": overall, "left_out": int((~scored).sum()),
            "intervals": len(scored), "frame": slots_all,
            "wfm_seconds": sum(r["wfm_seconds"] for r in runs)}


# -- main -----------------------------------------------------------------------------------
def main() -> None:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="wfm-intraday-") as tmp:
        for c in (bank_centre(), nyc_centre(Path(tmp))):
            CENTRES[c.key] = c
        print("wfm intraday accuracy benchmark: "
              + "; ".join(f"{c.title} ({c.minutes}-minute intervals)"
                          for c in CENTRES.values()))
        for c in CENTRES.values():
            print(f"  {c.key}: {WEEKS} origins (week start {c.config.centre['week_start']}), "
                  f"{DAYS} days ahead, windows cut at {c.end.date()}: "
                  + ", ".join(str(o.date()) for o in c.origins))
        # the long NYC origins first, so the two workers finish together
        jobs = [(k, o) for k in ("nyc", "bank") for o in CENTRES[k].origins]
        print(f"{len(jobs)} origins in {WORKERS} worker processes", flush=True)
        runs: dict[str, list[dict[str, Any]]] = {k: [] for k in CENTRES}
        warm: list[float] = []
        with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
            for r in pool.imap_unordered(run_origin, jobs):
                runs[r["key"]].append(r)
                if r["warm"]:
                    warm.append(r["warm"])
                print(f"  {r['key']} origin {r['origin'].date()}: wfm chose "
                      f"{r['info']['model']} (wfm {r['wfm_seconds']:.1f} s, "
                      f"{r['seconds']:.1f} s incl. peers)", flush=True)
        results = [report_centre(c, runs[c.key]) for c in CENTRES.values()]

    OUT.mkdir(parents=True, exist_ok=True)
    pd.concat([r["frame"] for r in results], ignore_index=True).to_csv(
        OUT / "intraday_accuracy.csv", index=False, float_format="%.3f")

    section("Summary: pooled intraday WAPE per centre (scored intervals)")
    rows = []
    for r in results:
        c, o, best = r["centre"], r["overall"], r["best"]
        rows.append([c.title, c.minutes, r["intervals"] - r["left_out"], r["left_out"],
                     o["wfm"], o["last_week"], f"{best}+prof", o[f"sf_{best}"],
                     o["wfm"] / o["last_week"], o["wfm"] / o[f"sf_{best}"]])
    print(table(["centre", "min", "scored", "left out", "wfm", "last week", "peer (b)",
                 "sf+prof", "wfm/lastwk", "wfm/sf"], rows,
                ["", "d", ",d", "d", ".2%", ".2%", "", ".2%", ".3f", ".3f"]))
    print(f"Targets: wfm/peer <= {TARGET_RATIO} on every centre.")
    print("Wall time: wfm run_forecast "
          + ", ".join(f"{r['centre'].key} {r['wfm_seconds']:.1f} s" for r in results)
          + f" over {WEEKS} origins each (summed over {WORKERS} workers); statsforecast numba "
          f"warm-up {max(warm, default=0.0):.1f} s per worker. Per-interval rows: "
          f"{(OUT / 'intraday_accuracy.csv').relative_to(REPO)}")

    targets = Targets()
    for r in results:
        c, o, best = r["centre"], r["overall"], r["best"]
        for label, key in (("same slot last week", "last_week"),
                           (f"statsforecast {best} + 4-week profile", f"sf_{best}")):
            ratio = o["wfm"] / o[key]
            targets.check(f"{c.key} intraday WAPE vs {label}", ratio <= TARGET_RATIO,
                          f"wfm {o['wfm']:.2%} vs {o[key]:.2%}, ratio {ratio:.3f} "
                          f"(target <= {TARGET_RATIO})")
    print(f"\ntotal run time {time.perf_counter() - started:.1f} s")
    targets.report_and_exit()


if __name__ == "__main__":
    main()
