"""Simulation speed and validity: wfm's discrete-event simulation against ciw on M/M/c.

1. One M/M/c queue, c = 20 agents, exponential handle times with mean 300 s, offered
   load 17 Erlangs (204 calls an hour), no abandonment, one steady day: 48 intervals of
   30 minutes (86,400 s), 20 replications, both starting empty.
   - wfm: `schedule.simulation.simulate(plan, interval_seconds=1800, answer_seconds=20,
     patience_seconds=None, replications=20)` (Poisson arrivals, FCFS, all KPIs and 95%
     intervals included in the time); best of 3 runs after a warm-up.
   - peer: ciw 3 (`ciw.create_network` with Exponential arrivals and services and 20
     servers, `Simulation.simulate_until_max_time(86400)`, `get_all_records()`), one
     replication per `ciw.seed(r)`, the same 20 replications; network building, the run
     and reading the records are timed.
   Calls per second = calls simulated / wall seconds (wfm: calls generated; ciw: service
   records, i.e. calls that finished within the day). Service level = share of calls
   answered within 20 s, with a 95% t-interval over replications, beside Erlang C's exact
   steady-state value (`schedule.erlang.erlang_c_service_level`).
2. A month of 30-minute intervals (1,440) for a centre of at most 50 agents: open
   07:00-24:00 every day, load following a daily hump up to about 44 Erlangs with
   seeded noise, AHT 300 s, agents per interval from `required_agents` (80/20, occupancy
   cap 0.85) capped at 50, mean patience 180 s; `simulate` with 10 replications. Erlang
   A's volume-weighted prediction is printed beside the simulated KPIs.

Targets (exit status 1 if missed): wfm simulates >= 5x as many calls per second as ciw;
the month simulates in under 30 s; wfm's 95% interval for the M/M/c service level
contains Erlang C's value. A 95% interval misses one seed in twenty by design, so the
last is checked on 20 runs with consecutive seeds (20 replications each): it must hold in
at least 17 of them (a correct interval fails this with probability 1.6%).

Run: python benchmarks/simulation_speed.py   (about 15 s)
"""

from __future__ import annotations

import os
import sys
import time
import warnings

import numpy as np
import pandas as pd
from _common import Targets, section, table
from scipy.stats import t as student_t

from wfm.schedule.staffing.agents import required_agents
from wfm.schedule.staffing.erlang import erlang_a, erlang_c, erlang_c_asa, erlang_c_service_level
from wfm.schedule.staffing.simulation import simulate

INTERVAL = 1800.0
ANSWER = 20.0
SEED = 2026

# 1. M/M/c
AGENTS = 20
AHT = 300.0
ERLANGS = 17.0
N_STEADY = 48
REPLICATIONS = 20
WFM_RUNS = 3
MIN_RATIO = 5.0
COVERAGE_SEEDS = 20  # independent runs of 20 replications each, seeds SEED .. SEED + 19
MIN_COVERED = 17  # a true 95% interval misses 4+ times in 20 with probability 1.6%

# 2. the month
MONTH_INTERVALS = 1440
MONTH_REPLICATIONS = 10
MONTH_MAX_AGENTS = 50
MONTH_PEAK_ERLANGS = 44.0
MONTH_PATIENCE = 180.0
MONTH_LIMIT = 30.0


def ciw_module():
    try:
        import ciw
    except ImportError:
        sys.exit("error: ciw is not installed; run `pip install -e \".[bench]\"` "
                 "(or `make bench`)")
    return ciw


def t_interval(values: np.ndarray) -> tuple[float, float, float]:
    """Mean and 95% t-interval (scipy's t distribution, as wfm's simulate)."""
    n = len(values)
    mean = float(np.mean(values))
    half = float(student_t.ppf(0.975, n - 1)) * float(np.std(values, ddof=1)) / np.sqrt(n)
    return mean, mean - half, mean + half


def steady_plan() -> pd.DataFrame:
    calls = ERLANGS * INTERVAL / AHT
    return pd.DataFrame({
        "interval_start": pd.date_range("2026-01-04", periods=N_STEADY, freq="30min"),
        "volume": np.full(N_STEADY, calls), "aht_seconds": np.full(N_STEADY, AHT),
        "agents": np.full(N_STEADY, AGENTS)})


def run_wfm(plan: pd.DataFrame, replications: int, patience: float | None,
            seed: int = SEED):
    with warnings.catch_warnings():
        # closed intervals (no calls) give all-NaN columns; numpy warns about their mean
        warnings.simplefilter("ignore", RuntimeWarning)
        return simulate(plan, interval_seconds=INTERVAL, answer_seconds=ANSWER,
                        patience_seconds=patience, replications=replications, seed=seed)


def run_ciw(ciw, horizon: float, replications: int) -> dict:
    """`replications` runs of the M/M/c queue; per-run SL and ASA, total records."""
    sl, asa, calls = [], [], 0
    for r in range(replications):
        ciw.seed(SEED + r)
        network = ciw.create_network(
            arrival_distributions=[ciw.dists.Exponential(rate=ERLANGS / AHT)],
            service_distributions=[ciw.dists.Exponential(rate=1.0 / AHT)],
            number_of_servers=[AGENTS])
        sim = ciw.Simulation(network)
        sim.simulate_until_max_time(horizon)
        records = sim.get_all_records()
        wait = np.fromiter((rec.waiting_time for rec in records), float, len(records))
        calls += len(records)
        sl.append(float(np.mean(wait <= ANSWER)))
        asa.append(float(np.mean(wait)))
    return {"sl": np.array(sl), "asa": np.array(asa), "calls": calls}


def month_plan() -> pd.DataFrame:
    """1,440 half hours, open 07:00-24:00, a daily hump of load, agents from Erlang C."""
    rng = np.random.default_rng(SEED)
    starts = pd.date_range("2026-03-01", periods=MONTH_INTERVALS, freq="30min")
    hour = np.asarray(starts.hour + starts.minute / 60.0)
    hump = np.clip(np.sin(np.pi * (hour - 7.0) / 17.0), 0.0, None)
    hump[hour < 7.0] = 0.0
    erlangs = MONTH_PEAK_ERLANGS * hump * rng.uniform(0.9, 1.1, MONTH_INTERVALS)
    aht = np.full(MONTH_INTERVALS, AHT)
    volume = erlangs * INTERVAL / aht
    agents = np.minimum(required_agents(volume, aht, INTERVAL, 0.8, ANSWER,
                                        max_occupancy=0.85), MONTH_MAX_AGENTS)
    return pd.DataFrame({"interval_start": starts, "volume": volume, "aht_seconds": aht,
                         "agents": agents})


def main() -> None:
    started = time.perf_counter()
    ciw = ciw_module()
    load = os.getloadavg()
    print("wfm simulation speed: M/M/c against ciw, and a month of half hours")
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} "
          f"{load[2]:.2f} at start")
    targets = Targets()

    # -- 1. M/M/c ------------------------------------------------------------------------
    plan = steady_plan()
    horizon = N_STEADY * INTERVAL
    exact_sl = float(erlang_c_service_level(AGENTS, ERLANGS, AHT, ANSWER))
    exact_asa = float(erlang_c_asa(AGENTS, ERLANGS, AHT))
    exact_wait = float(erlang_c(AGENTS, ERLANGS))
    print(f"M/M/c: c = {AGENTS}, AHT {AHT:.0f} s, {ERLANGS:g} Erlangs "
          f"({ERLANGS * 3600 / AHT:.0f} calls/h, occupancy {ERLANGS / AGENTS:.2f}), "
          f"{horizon / 3600:.0f} h, {REPLICATIONS} replications")

    run_wfm(plan.iloc[:4], 2, None)  # warm-up
    wfm_times = []
    for _ in range(WFM_RUNS):
        t0 = time.perf_counter()
        res = run_wfm(plan, REPLICATIONS, None)
        wfm_times.append(time.perf_counter() - t0)
    wfm_s = min(wfm_times)
    summary = res.summary.set_index("kpi")
    wfm_rate = res.calls_simulated / wfm_s

    run_ciw(ciw, INTERVAL, 1)  # warm-up
    t0 = time.perf_counter()
    peer = run_ciw(ciw, horizon, REPLICATIONS)
    ciw_s = time.perf_counter() - t0
    ciw_rate = peer["calls"] / ciw_s
    ratio = wfm_rate / ciw_rate
    ciw_sl = t_interval(peer["sl"])
    ciw_asa = t_interval(peer["asa"])

    section(f"M/M/{AGENTS}: speed")
    print(table(["simulator", "calls", "wall s", "calls / s", "x ciw"],
                [[f"wfm simulate (best of {WFM_RUNS})", res.calls_simulated, wfm_s, wfm_rate,
                  ratio],
                 ["ciw", peer["calls"], ciw_s, ciw_rate, 1.0]],
                ["", ",d", ".2f", ",.0f", ".1f"]))
    print(f"wfm / ciw = {wfm_rate:,.0f} / {ciw_rate:,.0f} calls per second = {ratio:.1f}x")

    section(f"M/M/{AGENTS}: service level (answered within {ANSWER:.0f} s) and ASA")
    sl = summary.loc["service_level"]
    asa = summary.loc["asa_seconds"]
    print(table(["source", "SL", "SL 95% lo", "SL 95% hi", "ASA s", "ASA 95% lo",
                 "ASA 95% hi"],
                [["Erlang C (exact, steady state)", exact_sl, None, None, exact_asa, None,
                  None],
                 ["wfm simulate", sl["value"], sl["lo"], sl["hi"], asa["value"], asa["lo"],
                  asa["hi"]],
                 ["ciw", *ciw_sl, *ciw_asa]],
                ["", ".4f", ".4f", ".4f", ".1f", ".1f", ".1f"]))
    print(f"Erlang C: P(wait) = {exact_wait:.4f}. Both simulations start empty; each "
          "replication is one 24-hour day,\nso replication-to-replication spread is wide at "
          f"occupancy {ERLANGS / AGENTS:.2f} (per-day SL in ciw: "
          f"{peer['sl'].min():.3f}-{peer['sl'].max():.3f}).")

    # coverage: the same run with other seeds (each 20 replications, i.e. 20 days)
    runs = [res] + [run_wfm(plan, REPLICATIONS, None, SEED + k)
                    for k in range(1, COVERAGE_SEEDS)]
    cover = np.array([r.summary.set_index("kpi").loc["service_level", ["value", "lo", "hi"]]
                      .to_numpy(dtype=float) for r in runs])
    covered = int(np.sum((cover[:, 1] <= exact_sl) & (exact_sl <= cover[:, 2])))
    pooled = t_interval(cover[:, 0])
    print()
    missed = np.flatnonzero((cover[:, 1] > exact_sl) | (exact_sl > cover[:, 2]))
    print(f"coverage: {covered} of {COVERAGE_SEEDS} wfm runs (seeds {SEED}-"
          f"{SEED + COVERAGE_SEEDS - 1}, {REPLICATIONS} replications each) have\n"
          f"Erlang C's {exact_sl:.4f} inside their 95% interval; missed by seed(s) "
          + (", ".join(str(SEED + k) for k in missed) or "none") + ".\n"
          f"All {COVERAGE_SEEDS * REPLICATIONS} simulated days pooled: SL {pooled[0]:.4f} "
          f"[{pooled[1]:.4f}, {pooled[2]:.4f}].")

    # -- 2. the month ----------------------------------------------------------------------
    month = month_plan()
    t0 = time.perf_counter()
    mres = run_wfm(month, MONTH_REPLICATIONS, MONTH_PATIENCE)
    month_s = time.perf_counter() - t0
    msum = mres.summary.set_index("kpi")
    vol = month["volume"].to_numpy()
    pred = erlang_a(month["agents"].to_numpy(dtype=float), vol * AHT / INTERVAL,
                    np.full(len(vol), AHT), np.full(len(vol), MONTH_PATIENCE), ANSWER)
    open_rows = vol > 0
    weights = vol[open_rows] / vol[open_rows].sum()
    answered = vol * (1 - pred["abandonment"])
    erlang_kpi = {
        "service_level": float(np.sum(weights * pred["service_level"][open_rows])),
        "abandonment": float(np.sum(weights * pred["abandonment"][open_rows])),
        "asa_seconds": float(np.sum(answered * pred["asa"]) / answered.sum()),
    }

    section(f"A month: {MONTH_INTERVALS} half hours, up to {MONTH_MAX_AGENTS} agents, "
            f"{MONTH_REPLICATIONS} replications")
    print(f"plan: {int(open_rows.sum())} open intervals, {vol.sum():,.0f} calls expected, "
          f"agents 0-{int(month['agents'].max())}\n"
          f"({int(np.sum(month['agents'] == MONTH_MAX_AGENTS))} intervals at the "
          f"{MONTH_MAX_AGENTS}-agent ceiling), patience {MONTH_PATIENCE:.0f} s")
    print(f"simulated {mres.calls_simulated:,} calls in {month_s:.2f} s = "
          f"{mres.calls_simulated / month_s:,.0f} calls/s\n"
          f"(ciw at its M/M/c rate would need about {mres.calls_simulated / ciw_rate:,.0f} s)")
    print()
    rows = []
    for kpi, spec in (("service_level", ".4f"), ("asa_seconds", ".2f"),
                      ("abandonment", ".4f"), ("occupancy", ".4f")):
        row = msum.loc[kpi]
        rows.append([kpi, format(row["value"], spec), format(row["lo"], spec),
                     format(row["hi"], spec),
                     format(erlang_kpi[kpi], spec) if kpi in erlang_kpi else "-"])
    print(table(["KPI (whole month)", "wfm simulate", "95% lo", "95% hi",
                 "Erlang A (volume-weighted)"], rows, ["", "", "", "", ""]))
    print("Erlang A treats each half hour as its own steady state; the simulation carries "
          "queues across\ninterval boundaries and sends agents home as the plan drops, so "
          "small gaps are expected.")

    targets.check(f"wfm >= {MIN_RATIO:g}x ciw calls per second", ratio >= MIN_RATIO,
                  f"{ratio:.1f}x ({wfm_rate:,.0f} against {ciw_rate:,.0f} calls/s)")
    targets.check(f"month simulates in under {MONTH_LIMIT:.0f} s", month_s < MONTH_LIMIT,
                  f"{month_s:.2f} s for {MONTH_INTERVALS} intervals x "
                  f"{MONTH_REPLICATIONS} replications ({mres.calls_simulated:,} calls)")
    targets.check("wfm's 95% SL interval contains Erlang C",
                  covered >= MIN_COVERED,
                  f"in {covered} of {COVERAGE_SEEDS} seeded runs (need >= {MIN_COVERED}); "
                  f"seed {SEED}: {exact_sl:.4f} "
                  f"{'in' if sl['lo'] <= exact_sl <= sl['hi'] else 'NOT in'} "
                  f"[{sl['lo']:.4f}, {sl['hi']:.4f}]")
    print(f"\ntotal run time {time.perf_counter() - started:.1f} s")
    targets.report_and_exit()


if __name__ == "__main__":
    main()
