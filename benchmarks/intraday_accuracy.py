"""Intraday (30-minute) forecast accuracy on real data: wfm's pipeline against two peers.

Data: the Anonymous Bank (Israel) 1999 6-minute arrival counts on a 30-minute grid, read
with examples/bank_1999.toml (all days open, country IL, weeks start on Sunday).

Protocol: one week ahead from the start of each of the last 8 weeks of 1999 (Sundays
1999-11-07 ... 1999-12-26); the last window is cut at 1999-12-31 (6 days). Each origin is
trained on everything before it. All 48 intervals of every day are scored.

- wfm: `wfm.forecast.pipeline.run_forecast(history_before_origin, config, calendar, days=7)`
  (its own backtest, model choice, daily forecast and intraday profile); `intervals`.
- peer (a) "same slot last week": each interval repeats the one 7 days earlier.
- peer (b) "statsforecast + profile": the best statsforecast daily model (SeasonalNaive,
  AutoETS, AutoARIMA, MSTL, AutoTheta with a weekly season; the best is the lowest pooled
  daily WAPE over these same 7-day windows, all are reported) spread over intervals by
  the weekday profile of the last four weeks (per weekday, the mean share of each slot
  over the 4 previous same weekdays).

Metric: WAPE over all 30-minute intervals (sum |actual - forecast| / sum actual), per
origin and pooled over all windows.

Target (exit status 1 if missed): wfm's pooled WAPE below both peers'.

Run: python benchmarks/intraday_accuracy.py   (about 1-2 minutes on 2 cores)
"""

from __future__ import annotations

import dataclasses
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

from wfm.core.config import WEEKDAYS
from wfm.forecast.backtest import mase_scale
from wfm.forecast.history import History
from wfm.forecast.pipeline import run_forecast

WEEKS = 8
DAYS = 7
END = pd.Timestamp("1999-12-31")
PROFILE_WEEKS = 4


def week_origins(week_start: str, end: pd.Timestamp, count: int) -> list[pd.Timestamp]:
    """The first day of each of the last `count` weeks that start on or before `end`."""
    wd = WEEKDAYS.index(week_start)  # 0 = Mon
    last = end - pd.Timedelta(days=(end.weekday() - wd) % 7)
    return [last - pd.Timedelta(weeks=k) for k in range(count - 1, -1, -1)]


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


def main() -> None:
    started = time.perf_counter()
    bank = load_bank()
    cfg, cal, hist = bank.config, bank.calendar, bank.history
    assert hist.intervals is not None
    vol = hist.intervals["volume"].asfreq(f"{cfg.centre['interval_minutes']}min")
    slots = cal.slots_per_day()
    origins = week_origins(cfg.centre["week_start"], END, WEEKS)
    print("wfm intraday accuracy benchmark: Anonymous Bank 1999, "
          f"{cfg.centre['interval_minutes']}-minute intervals")
    print(f"{WEEKS} origins (week start {cfg.centre['week_start']}), {DAYS} days ahead, "
          f"windows cut at {END.date()}: " + ", ".join(str(o.date()) for o in origins))

    warm = warm_up_peers()
    per_origin: list[dict] = []
    slot_frames: list[pd.DataFrame] = []
    daily_rows: list[dict] = []
    wfm_seconds = 0.0
    for origin in origins:
        last = min(origin + pd.Timedelta(days=DAYS - 1), END)
        dates = pd.date_range(origin, last, freq="D")
        starts = pd.date_range(origin, periods=len(dates) * slots,
                               freq=f"{cfg.centre['interval_minutes']}min")
        actual = vol.reindex(starts).to_numpy(dtype=float)
        actual_daily = hist.daily.reindex(dates).to_numpy(dtype=float)
        train = hist.daily[hist.daily.index < origin]
        scale = mase_scale(train)

        t0 = time.perf_counter()
        result = run_forecast(before(hist, origin), cfg, cal, days=DAYS)
        wfm_seconds += time.perf_counter() - t0
        wfm = (result.intervals.set_index("interval_start")["volume"].reindex(starts)
               .to_numpy(dtype=float))
        wfm_daily = (result.daily.set_index("date")["volume"].reindex(dates)
                     .to_numpy(dtype=float))
        model = str(result.daily["model"].iloc[0])
        frame = pd.DataFrame({"origin": origin, "interval_start": starts, "actual": actual,
                              "wfm": wfm,
                              "last_week": vol.reindex(starts - pd.Timedelta(weeks=1))
                              .to_numpy(dtype=float)})
        # profile-only diagnostic: the actual day totals spread by each side's profile
        wfm_share = wfm / np.repeat(np.where(wfm_daily > 0, wfm_daily, 1.0), slots)
        frame["wfm_profile_only"] = wfm_share * np.repeat(actual_daily, slots)
        frame["profile4_only"] = spread(actual_daily, dates, vol, origin, slots)
        daily_rows.append({"model": "wfm", "origin": origin, "actual": actual_daily,
                           "forecast": wfm_daily, "scale": scale, "seconds": 0.0})
        for name in PEER_NAMES:
            run = peer_forecast(name, train.to_numpy(dtype=float), DAYS)
            point = run.mean[: len(dates)]
            daily_rows.append({"model": name, "origin": origin, "actual": actual_daily,
                               "forecast": point, "scale": scale, "seconds": run.seconds})
            frame[f"sf_{name}"] = spread(point, dates, vol, origin, slots)
        slot_frames.append(frame)
        per_origin.append({"origin": origin, "days": len(dates), "model": model})
        print(f"  origin {origin.date()}: wfm chose {model} "
              f"({time.perf_counter() - t0:.1f} s incl. peers)", flush=True)
    slots_all = pd.concat(slot_frames, ignore_index=True)

    # -- daily accuracy, to pick the statsforecast model -------------------------------
    section(f"Daily accuracy of the {DAYS}-day forecasts (picks the statsforecast model)")
    daily = pd.DataFrame(daily_rows)
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

    # -- intraday -----------------------------------------------------------------------
    peer_b = f"sf_{best}"
    section("Intraday WAPE over all 30-minute intervals, per origin")
    header = ["origin", "days", "calls", "wfm model", "wfm", "last week", f"{best}+prof",
              "wfm/lastwk", "wfm/sf", "daily wfm", f"daily {best}"]
    rows = []
    for info in per_origin:
        s = slots_all[slots_all["origin"] == info["origin"]]
        a = s["actual"].to_numpy()
        w, n, b = (wape(a, s[c].to_numpy()) for c in ("wfm", "last_week", peer_b))
        dw, db = (daily[(daily["model"] == m) & (daily["origin"] == info["origin"])].iloc[0]
                  for m in ("wfm", best))
        rows.append([str(info["origin"].date()), info["days"], a.sum(), info["model"], w, n, b,
                     w / n, w / b, wape(dw["actual"], dw["forecast"]),
                     wape(db["actual"], db["forecast"])])
    a = slots_all["actual"].to_numpy()
    overall = {c: wape(a, slots_all[c].to_numpy())
               for c in ["wfm", "last_week", *[f"sf_{m}" for m in PEER_NAMES],
                         "wfm_profile_only", "profile4_only"]}
    rows.append(["overall", len(slots_all) // slots, a.sum(), "", overall["wfm"],
                 overall["last_week"], overall[peer_b], overall["wfm"] / overall["last_week"],
                 overall["wfm"] / overall[peer_b], summary_df.loc["wfm", "wape"],
                 summary_df.loc[best, "wape"]])
    print(table(header, rows, ["", "d", ",.0f", "", ".1%", ".1%", ".1%", ".3f", ".3f", ".1%",
                               ".1%"]))
    print("daily wfm / daily sf: WAPE of the 7 daily totals (the level part of the error)")
    lost_a = [r[0] for r in rows[:-1] if r[4] >= r[5]]
    lost_b = [r[0] for r in rows[:-1] if r[4] >= r[6]]
    print(f"wfm loses to same-slot-last-week on: {', '.join(lost_a) or 'none'}; "
          f"to {best}+profile on: {', '.join(lost_b) or 'none'}")

    section("Pooled intraday WAPE, every variant")
    rows = [["wfm run_forecast", overall["wfm"], overall["wfm"] / overall["wfm"]],
            ["same slot last week", overall["last_week"],
             overall["wfm"] / overall["last_week"]]]
    rows += [[f"statsforecast {m} + 4-week profile" + ("  <- peer (b)" if m == best else ""),
              overall[f"sf_{m}"], overall["wfm"] / overall[f"sf_{m}"]] for m in PEER_NAMES]
    rows += [["diagnostic: actual day totals x wfm profile", overall["wfm_profile_only"],
              None],
             ["diagnostic: actual day totals x 4-week profile", overall["profile4_only"], None]]
    print(table(["forecast", "WAPE", "wfm/this"], rows, ["", ".2%", ".3f"]))
    print("The diagnostics score the intraday profiles alone (perfect daily totals).")
    print(f"Wall time: wfm run_forecast {wfm_seconds:.1f} s over {len(origins)} origins; "
          f"statsforecast numba warm-up {warm:.1f} s.")

    targets = Targets()
    for label, key in (("same slot last week", "last_week"),
                       (f"statsforecast {best} + 4-week profile", peer_b)):
        ratio = overall["wfm"] / overall[key]
        targets.check(f"intraday WAPE vs {label}", overall["wfm"] < overall[key],
                      f"wfm {overall['wfm']:.2%} < {overall[key]:.2%} (ratio {ratio:.3f})")
    print(f"\ntotal run time {time.perf_counter() - started:.1f} s")
    targets.report_and_exit()


if __name__ == "__main__":
    main()
