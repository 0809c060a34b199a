"""Erlang C and Erlang A against the real February 1999 bank call records, hour by hour.

A report more than a race: how well wfm's queueing formulas (`wfm.schedule.staffing.erlang`) predict
the service level, speed of answer and abandonment that the Anonymous Bank's call centre
actually delivered, given the calls it was offered and the agents who served them.

Data: `../shared/data/bank_calls_1999/calls_1999-02.csv.gz` (33,344 call records), read
with pandas for the clock times of queue and service, and through wfm's own intake
(`wfm.load_history` with `examples/bank_1999_calls.toml`) as a cross-check
of the volume and handle times wfm would plan from.

Pooling: the 20 working days Sunday-Thursday of February 1999, agent hours 07:00-24:00.
Every quantity is measured per cell (day x hour, by the hour of `vru_entry`); the models
are evaluated per cell and pooled per hour of day, weighted by offered calls. The mean
absolute errors are unweighted over the hours of day with >= 20 offered calls per day.

Definitions:
- offered to agents: calls served by a named agent (`outcome` AGENT, `server` not
  NO_SERVER) plus calls that abandoned the queue (HANG with a `q_start`). Left out:
  PHANTOM records, HANG calls that hung up in the VRU before queueing, and AGENT calls
  with NO_SERVER (VRU-only or transfer, a few seconds of service).
- observed service level: among offered, the share served with `q_time` <= 20 s (calls
  that never queued waited 0). Observed ASA: mean `q_time` of served calls. Observed
  abandonment: queue abandonments / offered.
- AHT: mean `ser_time` of the cell's calls served by a named agent; load = offered x
  AHT / 3600 Erlangs.
- agents: staffed = distinct named agents with any service time inside the hour (the
  estimator the models use in the main table; an upper bound on agents on the phones,
  since one call in the hour counts a whole agent). Also shown: busy = agent-seconds of
  service inside the hour / 3600 (a lower bound), and on-phones = each agent's services
  joined into sessions across gaps of at most 15 min, session time in the hour / 3600.
  The sensitivity table re-runs the models with each estimator (rounded per cell).
- mean patience, per hour of day: total queue time of all queued offered calls (served
  and abandoned) / number of abandonments, the maximum-likelihood estimate for
  exponential patience with the waits of served calls as censored observations.

Targets (exit status 1 if missed): the file holds the documented outcome counts; Erlang A
is closer to the observed abandonment than Erlang C (which predicts none), as mean
absolute error over the hours with volume, with the staffed-agents estimator.

Run: python benchmarks/bank_february.py   (about 10 s)
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd
from _common import BANK_DIR, REPO, Targets, section, table

from wfm.core.config import load_config
from wfm.forecast.history import load_history
from wfm.schedule.staffing.erlang import erlang_a, erlang_c_asa, erlang_c_service_level

CALLS = BANK_DIR / "calls_1999-02.csv.gz"
CONFIG = REPO / "examples" / "bank_1999_calls.toml"
ANSWER = 20.0
WEEKDAYS = (6, 0, 1, 2, 3)  # Sun-Thu (pandas: Monday = 0)
HOURS = range(7, 24)
BURST = 100  # VRU hang-ups in one hour that mark an incident (normal: under 30)
MIN_OFFERED = 20.0  # offered calls per day in an hour of day for it to count in the errors
SESSION_GAP_MIN = 15
SENSITIVITY_GAPS = (30, 15, 5)
DOCUMENTED = {"AGENT": 27162, "HANG": 5904, "PHANTOM": 278}


# -- data -----------------------------------------------------------------------------------
def read_calls() -> pd.DataFrame:
    """The call records with arrival, service start/end as timestamps (midnight wrap fixed)."""
    if not CALLS.is_file():
        sys.exit(f"error: real data not found at {CALLS} (expected ../shared/data beside "
                 "the repository)")
    f = pd.read_csv(CALLS, dtype={"customer_id": str})
    day = pd.to_datetime(f["date"])
    entry = day + pd.to_timedelta(f["vru_entry"])
    start = day + pd.to_timedelta(f["ser_start"])
    start = start.where(start >= entry - pd.Timedelta(hours=1), start + pd.Timedelta(days=1))
    f["entry"] = entry
    f["ser_begin"] = start
    f["ser_end"] = start + pd.to_timedelta(f["ser_time"], unit="s")
    f["queued"] = f["q_start"] != "00:00:00"
    f["served"] = (f["outcome"] == "AGENT") & (f["server"] != "NO_SERVER")
    f["abandoned"] = (f["outcome"] == "HANG") & f["queued"]
    f["offered"] = f["served"] | f["abandoned"]
    f["in_time"] = f["served"] & (f["q_time"] <= ANSWER)
    f["cell"] = f["entry"].dt.floor("h")
    return f


def seconds_per_hour(start: pd.Series, end: pd.Series, key: pd.Series) -> pd.DataFrame:
    """Seconds of each [start, end) inside each clock hour, as rows (cell, key, seconds)."""
    s = start.to_numpy(dtype="datetime64[s]").astype(np.int64)
    e = end.to_numpy(dtype="datetime64[s]").astype(np.int64)
    keys = key.to_numpy()
    first = s // 3600 * 3600
    parts = []
    k = 0
    while True:
        hour = first + 3600 * k
        live = hour < e
        if not live.any():
            break
        sec = np.minimum(e, hour + 3600) - np.maximum(s, hour)
        keep = live & (sec > 0)
        parts.append(pd.DataFrame({"cell": pd.to_datetime(hour[keep], unit="s"),
                                   "key": keys[keep], "seconds": sec[keep]}))
        k += 1
    return pd.concat(parts, ignore_index=True)


def on_phone_hours(served: pd.DataFrame, gap_minutes: float) -> pd.Series:
    """Agent-hours per cell in sessions of service joined across gaps <= `gap_minutes`."""
    s = served.sort_values(["server", "ser_begin"])
    gap = (s["ser_begin"] - s["ser_end"].shift()).dt.total_seconds()
    new = (s["server"] != s["server"].shift()) | (gap > gap_minutes * 60)
    sessions = s.groupby(new.cumsum()).agg(begin=("ser_begin", "min"), end=("ser_end", "max"),
                                           server=("server", "first"))
    rows = seconds_per_hour(sessions["begin"], sessions["end"], sessions["server"])
    return rows.groupby("cell")["seconds"].sum() / 3600.0


def build_cells(f: pd.DataFrame) -> pd.DataFrame:
    """Per day x hour: offered, outcomes, waits, AHT, and the agent estimates."""
    off = f[f["offered"]]
    cells = off.groupby("cell").agg(
        offered=("offered", "sum"), served=("served", "sum"), in_time=("in_time", "sum"),
        abandoned=("abandoned", "sum"))
    served = f[f["served"]]
    cells["served_wait"] = served.groupby("cell")["q_time"].sum()
    cells["queued_wait"] = off[off["queued"]].groupby("cell")["q_time"].sum()
    cells["handle"] = served.groupby("cell")["ser_time"].sum()
    cells["handled"] = served.groupby("cell").size()
    busy = seconds_per_hour(served["ser_begin"], served["ser_end"], served["server"])
    cells["busy"] = busy.groupby("cell")["seconds"].sum() / 3600.0
    cells["staffed"] = busy.groupby("cell")["key"].nunique()
    for gap in sorted({SESSION_GAP_MIN, *SENSITIVITY_GAPS}):
        cells[f"on_phone_{gap}"] = on_phone_hours(served, gap)
    cells = cells.fillna(0.0)
    cells = cells[cells.index.day_of_week.isin(WEEKDAYS) & cells.index.hour.isin(HOURS)]
    cells["hour"] = cells.index.hour
    return cells


# -- models ---------------------------------------------------------------------------------
def patience_by_hour(cells: pd.DataFrame) -> pd.Series:
    by_hour = cells.groupby("hour")[["queued_wait", "abandoned"]].sum()
    with np.errstate(divide="ignore"):
        return by_hour["queued_wait"] / by_hour["abandoned"].replace(0, np.nan)


def predict(cells: pd.DataFrame, agents: np.ndarray, patience: pd.Series) -> pd.DataFrame:
    """Erlang C and A per cell for the cell's offered load and `agents` (whole numbers)."""
    hour_aht = cells.groupby("hour")["handle"].sum() / cells.groupby("hour")["handled"].sum()
    aht = np.where(cells["handled"] > 0, cells["handle"] / cells["handled"].clip(lower=1),
                   cells["hour"].map(hour_aht))
    load = cells["offered"].to_numpy() * aht / 3600.0
    n = np.round(np.asarray(agents, dtype=float))
    pat = cells["hour"].map(patience).fillna(np.inf).to_numpy()
    a = erlang_a(n, load, aht, pat, ANSWER)
    return pd.DataFrame({
        "hour": cells["hour"].to_numpy(), "offered": cells["offered"].to_numpy(),
        "aht": aht, "load": load, "agents": n,
        "c_sl": erlang_c_service_level(n, load, aht, ANSWER),
        "c_asa": erlang_c_asa(n, load, aht), "unstable": n <= load,
        "a_sl": a["service_level"], "a_asa": a["asa"], "a_ab": a["abandonment"]},
        index=cells.index)


def pool(p: pd.DataFrame) -> pd.DataFrame:
    """Per hour of day, offered-weighted (ASA: over stable cells for C, answered for A)."""
    def per_hour(g: pd.DataFrame) -> pd.Series:
        w = g["offered"]
        stable = ~g["unstable"]
        answered = w * (1 - g["a_ab"])
        return pd.Series({
            "load": g["load"].mean(), "agents": g["agents"].mean(),
            "c_sl": np.average(g["c_sl"], weights=w),
            "c_asa": (np.average(g["c_asa"][stable], weights=w[stable])
                      if w[stable].sum() > 0 else np.nan),
            "unstable": int(g["unstable"].sum()),
            "a_sl": np.average(g["a_sl"], weights=w),
            "a_asa": np.average(g["a_asa"], weights=answered) if answered.sum() else np.nan,
            "a_ab": np.average(g["a_ab"], weights=w)})
    return p[p["offered"] > 0].groupby("hour")[list(p.columns.drop("hour"))].apply(per_hour)


def observed(cells: pd.DataFrame, days: int) -> pd.DataFrame:
    g = cells.groupby("hour")
    s = g[["offered", "served", "in_time", "abandoned", "served_wait", "handle", "handled",
           "busy", "staffed", f"on_phone_{SESSION_GAP_MIN}"]].sum()
    return pd.DataFrame({
        "offered": s["offered"] / days, "aht": s["handle"] / s["handled"],
        "busy": s["busy"] / days, "staffed": s["staffed"] / days,
        "on_phone": s[f"on_phone_{SESSION_GAP_MIN}"] / days,
        "sl": s["in_time"] / s["offered"], "asa": s["served_wait"] / s["served"],
        "ab": s["abandoned"] / s["offered"]})


def mae(a: pd.Series, b: pd.Series) -> float:
    return float(np.mean(np.abs(a.to_numpy(dtype=float) - b.to_numpy(dtype=float))))


# -- wfm intake cross-check ---------------------------------------------------------------
def intake_by_hour(days: int) -> pd.DataFrame:
    """Volume and AHT per hour of day from wfm's intake (30-minute grid summed per hour)."""
    history = load_history(CALLS, load_config(CONFIG))
    grid = history.intervals.copy()
    idx = pd.DatetimeIndex(grid.index)
    if idx.tz is not None:
        idx = idx.tz_localize(None)
    grid.index = idx
    grid["work"] = grid["aht_seconds"].fillna(0.0) * grid["handled"]
    keep = grid.index.day_of_week.isin(WEEKDAYS) & grid.index.hour.isin(HOURS)
    by = grid[keep].groupby(grid.index[keep].hour)[["volume", "work", "handled"]].sum()
    return pd.DataFrame({"volume": by["volume"] / days, "aht": by["work"] / by["handled"],
                         "contacts": len(history.contacts)})


def main() -> None:
    started = time.perf_counter()
    print("Erlang C and Erlang A against the Anonymous Bank's February 1999 call records")
    f = read_calls()
    counts = f["outcome"].value_counts().to_dict()
    targets = Targets()
    targets.check("data as documented", all(counts.get(k) == v for k, v in DOCUMENTED.items()),
                  ", ".join(f"{k} {counts.get(k, 0):,}" for k in DOCUMENTED))
    cells = build_cells(f)
    day_list = sorted(set(cells.index.normalize()))
    days = len(day_list)
    in_scope = (f["cell"].dt.normalize().isin(day_list) & f["cell"].dt.hour.isin(HOURS))
    scope = f[in_scope]
    print(f"pooled: {days} working days Sun-Thu ({day_list[0]:%Y-%m-%d} .. "
          f"{day_list[-1]:%Y-%m-%d}), hours 07-23 by vru_entry; {len(cells)} day x hour cells")
    vru_hang = (scope["outcome"] == "HANG") & ~scope["queued"]
    print(f"records in scope {len(scope):,}: offered to agents {int(scope['offered'].sum()):,} "
          f"(served by a named agent {int(scope['served'].sum()):,},\nabandoned in queue "
          f"{int(scope['abandoned'].sum()):,}); left out: hung up in the VRU "
          f"{int(vru_hang.sum()):,}, AGENT with NO_SERVER "
          f"{int(((scope['outcome'] == 'AGENT') & ~scope['served']).sum()):,}, PHANTOM "
          f"{int((scope['outcome'] == 'PHANTOM').sum()):,}")
    bursts = scope[vru_hang].groupby("cell").size()
    bursts = bursts[bursts >= BURST]
    missing = days * len(HOURS) - len(cells)
    print(f"incidents: {len(bursts)} hours with >= {BURST} VRU hang-ups ("
          + ", ".join(f"{t:%Y-%m-%d %H}:00 {n}" for t, n in bursts.items())
          + f");\n{missing} day x hour cell(s) with no call offered to agents")

    obs = observed(cells, days)
    patience = patience_by_hour(cells)
    preds = pool(predict(cells, cells["staffed"].to_numpy(), patience))
    intake = intake_by_hour(days)
    hours = obs.index[obs["offered"] >= MIN_OFFERED]

    section("Inputs per hour of day (means per working day)")
    rows = [[f"{h:02d}:00", obs.at[h, "offered"], intake.at[h, "volume"], obs.at[h, "aht"],
             preds.at[h, "load"], obs.at[h, "busy"], obs.at[h, "on_phone"],
             obs.at[h, "staffed"], patience.get(h, np.nan)] for h in obs.index]
    print(table(["hour", "offered", "wfm volume", "AHT s", "load Erl", "busy",
                 f"on-phones {SESSION_GAP_MIN}m", "staffed", "patience s"], rows,
                ["", ".1f", ".1f", ".0f", ".2f", ".2f", ".2f", ".2f", ".0f"]))
    aht_gap = float(np.max(np.abs(intake["aht"] - obs["aht"])))
    vol_ratio = float(intake["volume"].sum() / obs["offered"].sum())
    print(f"offered = to agents (named service + queue abandonments). wfm volume = wfm's "
          f"intake (load_history,\n{int(intake['contacts'].iloc[0]):,} contacts: every AGENT "
          f"and HANG call), {vol_ratio:.3f}x offered over these hours.\n"
          f"AHT: wfm's intake and pandas differ by at most {aht_gap:.2g} s. "
          "busy = agent-seconds serving / 3600;\n"
          f"on-phones = service sessions (gaps <= {SESSION_GAP_MIN} min) / 3600; "
          "staffed = distinct agents serving in the hour.")

    section("Observed against Erlang C and Erlang A (agents = staffed)")
    rows = []
    for h in obs.index:
        p = preds.loc[h]
        rows.append([f"{h:02d}:00", obs.at[h, "sl"], p["c_sl"], p["a_sl"], obs.at[h, "asa"],
                     p["c_asa"], p["a_asa"], obs.at[h, "ab"], 0.0, p["a_ab"],
                     int(p["unstable"])])
    print(table(["hour", "SL obs", "SL C", "SL A", "ASA obs", "ASA C", "ASA A", "aband obs",
                 "aband C", "aband A", "C unstable"], rows,
                ["", ".3f", ".3f", ".3f", ".0f", ".0f", ".0f", ".3f", ".3f", ".3f", "d"]))
    print("SL = share of offered answered within 20 s; ASA in s, of answered calls (Erlang C "
          "over the cells\nit can solve); C unstable = cells of that hour with staffed <= load, "
          "where Erlang C has no steady\nstate (SL 0 there).")

    section(f"Mean absolute error over hours with >= {MIN_OFFERED:.0f} offered per day "
            f"({hours[0]:02d}-{hours[-1]:02d}, {len(hours)} hours)")
    o = obs.loc[hours]
    rows = []
    estimators = [("staffed (distinct agents)", cells["staffed"])]
    estimators += [(f"on-phones, gaps <= {g} min", cells[f"on_phone_{g}"])
                   for g in SENSITIVITY_GAPS]
    estimators.append(("busy (agent-seconds / 3600)", cells["busy"]))
    results = {}
    for name, agents in estimators:
        p = pool(predict(cells, agents.to_numpy(), patience)).loc[hours]
        results[name] = p
        rows.append([name, float(p["agents"].mean()), int(p["unstable"].sum()),
                     mae(p["c_sl"], o["sl"]), mae(p["a_sl"], o["sl"]),
                     mae(0 * o["ab"], o["ab"]), mae(p["a_ab"], o["ab"]),
                     mae(p["a_asa"], o["asa"])])
    print(table(["agents estimator", "mean agents", f"C unstable (of {len(cells)})", "SL C",
                 "SL A",
                 "aband C", "aband A", "ASA A s"], rows,
                ["", ".2f", "d", ".3f", ".3f", ".3f", ".3f", ".0f"]))
    print(f"observed over these hours: SL {o['sl'].mean():.3f}, abandonment "
          f"{o['ab'].mean():.3f}, ASA {o['asa'].mean():.0f} s (unweighted means of the hours)")

    queued = scope[scope["offered"] & scope["queued"]]
    prio = queued.assign(p2=queued["priority"] == 2).groupby("p2").agg(
        calls=("offered", "size"), ab=("abandoned", "mean"),
        wait=("q_time", "mean"))
    if len(prio) == 2:
            print(f"queued calls in scope: priority 2: {int(prio.at[True, 'calls']):,}, mean "
              f"queue time {prio.at[True, 'wait']:.0f} s, abandon {prio.at[True, 'ab']:.3f}; "
              f"others: {int(prio.at[False, 'calls']):,}, {prio.at[False, 'wait']:.0f} s, "
              f"{prio.at[False, 'ab']:.3f}")

    main_p = results["staffed (distinct agents)"]
    c_ab, a_ab = float(o["ab"].mean()), mae(main_p["a_ab"], o["ab"])
    targets.check("Erlang A closer to observed abandonment than Erlang C", a_ab < c_ab,
                  f"MAE {a_ab:.3f} against {c_ab:.3f} (staffed agents, hours "
                  f"{hours[0]:02d}-{hours[-1]:02d})")
    print(f"\ntotal run time {time.perf_counter() - started:.1f} s")
    targets.report_and_exit()


if __name__ == "__main__":
    main()
