"""The `wfm` command: parses options, calls the library, writes files, prints progress.

This is the only module that prints or exits. Bad input ends with one line on stderr
and exit status 2, with nothing written.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path

import click
import numpy as np
import pandas as pd

from forecast.backtest import backtest as run_backtest
from forecast.calendar import calendar_from_config
from forecast.config import WEEKDAYS, Config, load_config
from forecast.daily import DailyForecaster, NotEnoughHistory
from forecast.errors import InputError
from forecast.files import check_outputs, csv_writer, figure_writer, write_all
from forecast.history import History, load_history
from forecast.models import MODELS
from forecast.outputs import FORECAST_FILES, QUEUE_FILES, forecast_files, queue_forecast_files
from forecast.pipeline import ForecastResult, parse_month, run_forecast
from forecast.queues import NO_QUEUE, QueueJob
from schedule.plan_files import ROSTER_FILES, staffing_files
from schedule.requirements import load_interval_forecast, load_requirements, requirements
from schedule.team_roster import load_team


def _fail_cleanly(func: Callable) -> Callable:
    """Turn InputError (and NotEnoughHistory, of the history or of one queue) into one
    line on stderr and exit status 2."""
    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (InputError, NotEnoughHistory) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
    return wrapper


def _report_staffing(req: pd.DataFrame, cfg: Config) -> None:
    from schedule.queue_staffing import pooled_agents, rollup_requirements

    svc = cfg.service
    hours = cfg.centre["interval_minutes"] / 60.0
    goal = f"{svc['staffing_model']} for {svc['goal']:.0%} in {svc['answer_seconds']:g} s"
    pooled = None
    if "queue" in req:
        goal = f"{req['queue'].nunique()} queues, each for its own goal"
        pooled = pooled_agents(req, cfg, cfg.centre["interval_minutes"])
        req = rollup_requirements(req)
    open_rows = req[req["open"]]
    offered = open_rows["volume"].sum()
    sl = (open_rows["service_level"] * open_rows["volume"]).sum() / offered if offered else 1.0
    click.echo(f"staffing: {goal}, peak {int(req['agents'].max())} agents / "
               f"{int(req['staff'].max())} staff, {req['agents'].sum() * hours:,.0f} agent-hours,"
               f" {req['staff'].sum() * hours:,.0f} staff-hours, service level {sl:.1%}")
    if pooled is not None:
        dedicated = req["agents"].sum()
        saved = 1 - pooled["pooled_agents"].sum() / dedicated if dedicated else 0.0
        click.echo(f"pooled: one team taking every queue for {svc['goal']:.0%} in "
                   f"{svc['answer_seconds']:g} s would need "
                   f"{pooled['pooled_agents'].sum() * hours:,.0f} agent-hours ({saved:.0%} "
                   "fewer than dedicated queues)")


def _progress(label: str) -> Callable[[int, int, str], None]:
    """A progress printer: one updating line on a terminal, a line per step otherwise."""
    tty = sys.stderr.isatty()

    def show(done: int, total: int, what: str) -> None:
        text = f"{label} [{done:>3}/{total}] {what}"
        if tty:
            click.echo("\r" + text.ljust(78), err=True, nl=done >= total)
        elif done < total:
            click.echo(text, err=True)
    return show


def _load(history: str, config: str | None,
          special_days: str | None = None) -> tuple[Config, History, object]:
    cfg = load_config(config)
    cal = calendar_from_config(cfg, special_days)
    hist = load_history(history, cfg)
    return cfg, hist, cal


@click.group()
@click.version_option(package_name="wfm-engine")
def main() -> None:
    """wfm: forecast contact volume, staff for the service goal, roster named staff."""


def _report_forecast(result: ForecastResult) -> None:
    d = result.daily
    click.echo(f"forecast: {d['date'].iloc[0].date()} to {d['date'].iloc[-1].date()}, "
               f"{d['volume'].sum():,.0f} contacts, model {d['model'].iloc[0]}")
    if result.backtest is not None:
        best = result.backtest.scores.iloc[0]
        click.echo(f"backtest: {len(result.backtest.origins)} origins x "
                   f"{result.backtest.horizon} days, MASE {best['mase']:.3f}, "
                   f"WAPE {best['wape']:.1%}, 80% interval coverage {best['coverage_80']:.0%}")
    for note in result.notes:
        click.echo(f"note: {note}")


def _scheduler_options(func: Callable) -> Callable:
    """--scheduler and --workers, on every command that fans queues out."""
    func = click.option("--dask-workers", "dask_workers", type=int, default=None,
                        help="Worker processes of the local Dask cluster (default: one "
                             "per core).")(func)
    return click.option(
        "--scheduler", default="auto", show_default=True,
        help="Where per-queue work runs: auto (a local Dask cluster when the history has "
             "several queues and the machine several cores, else serial), serial, local, "
             "or the address of a running Dask scheduler (tcp://host:8786).")(func)


def _where(scheduler: str, queues: int) -> str | None:
    """The `run_by_queue` scheduler for the --scheduler option: None means serial."""
    import os

    from forecast.fanout import LOCAL

    if scheduler == "serial":
        return None
    if scheduler == "auto":
        return LOCAL if queues > 1 and (os.cpu_count() or 1) > 1 else None
    return scheduler


def _run_queues(func: Callable, jobs: dict[str, QueueJob], scheduler: str,
                workers: int | None, label: str) -> dict:
    """Fan the queues' jobs out (serially or on Dask) with a progress line per queue."""
    from forecast.fanout import run_by_queue

    where = _where(scheduler, len(jobs))
    click.echo(f"{label}: {len(jobs)} queues, "
               f"{'serially' if where is None else 'on Dask (' + where + ')'}", err=True)
    return run_by_queue(func, jobs, scheduler=where, workers=workers,
                        progress=_progress(label))


def _report_queues(results: dict[str, ForecastResult]) -> None:
    days = [r.daily["date"] for r in results.values()]
    total = sum(r.daily["volume"].sum() for r in results.values())
    models = pd.Series([r.daily["model"].iloc[0] for r in results.values()]).value_counts()
    click.echo(f"forecast: {len(results)} queues, {min(d.min() for d in days).date()} to "
               f"{max(d.max() for d in days).date()}, {total:,.0f} contacts; models chosen: "
               + ", ".join(f"{m} x{n}" for m, n in models.items()))


@main.command()
@click.argument("history", type=click.Path(dir_okay=False))
@click.option("--config", "config", type=click.Path(dir_okay=False), help="TOML config.")
@click.option("--days", type=int, help="Forecast N calendar days after the history.")
@click.option("--month", help="Forecast one month, YYYY-MM.")
@click.option("--special-days", type=click.Path(dir_okay=False),
              help="CSV of one-off days: date,label[,effect].")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Output folder.")
@_scheduler_options
@_fail_cleanly
def forecast(history: str, config: str | None, days: int | None, month: str | None,
             special_days: str | None, out: str, scheduler: str,
             dask_workers: int | None) -> None:
    """Forecast daily, monthly and interval volume (with AHT) from HISTORY.

    A history with a queue column is forecast queue by queue (on Dask when there are
    several), into the same files with a `queue` column and a roll-up across queues."""
    from forecast import queues as qs

    if days is not None and month is not None:
        raise InputError("give --days or --month, not both")
    inputs = (history, *(p for p in (config, special_days) if p))
    check_outputs(out, (*FORECAST_FILES, *QUEUE_FILES), protect=inputs)
    cfg = load_config(config)
    cal = calendar_from_config(cfg, special_days)
    histories = qs.load_queue_histories(history, cfg)
    if list(histories) == [NO_QUEUE]:
        hist = histories[NO_QUEUE]
        result = run_forecast(hist, cfg, cal, days=days, month=month,
                              progress=_progress("backtest"))
        written = write_all(out, forecast_files(result, hist, cfg), protect=inputs)
        _report_forecast(result)
    else:
        jobs = qs.jobs(histories, cfg, special_days=special_days, days=days, month=month)
        results = _run_queues(qs.forecast_job, jobs, scheduler, dask_workers, "forecast")
        written = write_all(out, queue_forecast_files(results, histories, cfg),
                            protect=inputs)
        _report_queues(results)
    click.echo(f"wrote {len(written)} files to {out}")


@main.command()
@click.argument("history", type=click.Path(dir_okay=False))
@click.option("--config", "config", type=click.Path(dir_okay=False), help="TOML config.")
@click.option("--horizon", type=int, default=28, show_default=True, help="Days per origin.")
@click.option("--origins", type=int, default=6, show_default=True, help="Number of origins.")
@click.option("--step", type=int, default=None, help="Days between origins (default: horizon).")
@click.option("--end", help="Last day of the last window, YYYY-MM-DD (default: history end).")
@click.option("--models", help="Comma-separated models (default: all): " + ", ".join(MODELS))
@click.option("--special-days", type=click.Path(dir_okay=False))
@click.option("--out", type=click.Path(dir_okay=False), help="Also write the table as CSV.")
@_fail_cleanly
def backtest(history: str, config: str | None, horizon: int, origins: int, step: int | None,
             end: str | None, models: str | None, special_days: str | None,
             out: str | None) -> None:
    """Rolling-origin backtest of every model on HISTORY; prints the model table."""
    cfg, hist, cal = _load(history, config, special_days)
    if horizon < 1 or origins < 1 or (step is not None and step < 1):
        raise InputError("--horizon, --origins and --step must be 1 or more")
    names = [m.strip() for m in models.split(",")] if models else list(MODELS)
    for m in names:
        if m not in MODELS:
            raise InputError(f"--models: unknown model {m!r} (known: {', '.join(MODELS)})")
    end_day = None
    if end:
        end_day = pd.to_datetime(end, format="ISO8601", errors="coerce")
        if pd.isna(end_day):
            raise InputError(f"--end: expected a date YYYY-MM-DD, got {end!r}")
        if end_day > hist.last_day:
            raise InputError(f"--end {end} is after the last day of history "
                             f"({hist.last_day.date()})")
    forecaster = DailyForecaster(hist.daily, cal, cfg.forecast["calibration_windows"])
    result = run_backtest(forecaster, names, horizon, origins, step or horizon, end=end_day,
                          levels=tuple(cfg.forecast["levels"]), combine=cfg.forecast["combine"],
                          progress=_progress("backtest"))
    table = result.scores.copy()
    click.echo(f"origins: {', '.join(str(o.date()) for o in result.origins)}; "
               f"horizon {horizon} days")
    with pd.option_context("display.width", 120, "display.max_columns", 20):
        click.echo(table.to_string(float_format=lambda v: f"{v:.3f}"))
    click.echo(f"chosen: {result.chosen_name}")
    if out:
        write_all(Path(out).parent, {Path(out).name: csv_writer(
            table.reset_index(), float_format="%.4f")}, protect=(history,))


@main.command()
@click.argument("forecast_intervals", type=click.Path(dir_okay=False))
@click.option("--config", "config", type=click.Path(dir_okay=False), help="TOML config.")
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="Requirements CSV to write (a PNG is written beside it).")
@_fail_cleanly
def staff(forecast_intervals: str, config: str | None, out: str) -> None:
    """Agents and staff per interval for the service goal, from an interval forecast."""
    target = Path(out)
    stem = target.stem
    inputs = (forecast_intervals, *(p for p in (config,) if p))
    check_outputs(target.parent, (target.name, f"{stem}.png", f"{stem}_total.csv"),
                  protect=inputs)
    cfg = load_config(config)
    cal = calendar_from_config(cfg)
    intervals = load_interval_forecast(forecast_intervals, cfg.centre["timezone"])
    try:
        if "queue" in intervals:
            from schedule.queue_staffing import staff_queues

            req = staff_queues(intervals, cfg)
        else:
            req = requirements(intervals, cfg, cal)
    except ValueError as exc:
        raise InputError(str(exc), file=forecast_intervals) from None
    files = staffing_files(req, cfg, stem)
    files[target.name] = files.pop(f"{stem}.csv")
    write_all(target.parent, files, protect=inputs)
    _report_staffing(req, cfg)
    click.echo(f"wrote {target} and {target.with_suffix('.png')}")


@main.command()
@click.argument("plan_file", metavar="PLAN", type=click.Path(dir_okay=False))
@click.option("--config", "config", type=click.Path(dir_okay=False), help="TOML config.")
@click.option("--contacts", type=click.Path(dir_okay=False),
              help="Replay arrivals (and handle times) from this contacts history.")
@click.option("--handle", type=click.Choice(["exponential", "empirical"]), default="exponential",
              show_default=True, help="Handle times: exponential, or resampled from --contacts.")
@click.option("--replications", type=int, default=10, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--no-abandon", is_flag=True, help="Infinite patience (callers never hang up).")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Output folder.")
@_fail_cleanly
def simulate(plan_file: str, config: str | None, contacts: str | None, handle: str,
             replications: int, seed: int, no_abandon: bool, out: str) -> None:
    """Simulate a staffing plan (requirements.csv or coverage.csv) with a discrete-event model."""
    import numpy as np

    from forecast.plots import simulation_chart
    from schedule.simulation import load_plan, replay_calls
    from schedule.simulation import simulate as run_simulation

    names = ("simulation_intervals.csv", "simulation_summary.csv", "simulation.png")
    inputs = (plan_file, *(p for p in (config, contacts) if p))
    check_outputs(out, names, protect=inputs)
    if replications < 2:
        raise InputError("--replications: expected 2 or more (for a confidence interval)")
    if handle == "empirical" and not contacts:
        raise InputError("--handle empirical needs --contacts (the handle times to resample)")
    cfg = load_config(config)
    svc = cfg.service
    plan = load_plan(plan_file, cfg.centre["timezone"])
    if "aht_seconds" not in plan:
        plan["aht_seconds"] = svc["aht_seconds"]
    plan["aht_seconds"] = plan["aht_seconds"].fillna(svc["aht_seconds"])
    interval_seconds = cfg.centre["interval_minutes"] * 60.0
    patience = None if no_abandon else svc["patience_seconds"]
    pool = replayed = None
    if contacts:
        hist = load_history(contacts, cfg)
        if hist.contacts is None:
            raise InputError("--contacts needs contact records (one row per contact)",
                             file=contacts)
        served = hist.contacts[(hist.contacts["outcome"] == "answered")
                               & ~hist.contacts["agent"].isin(cfg.history["no_agent"])]
        pool = served["handle_seconds"].dropna().to_numpy(dtype=float)
        replayed = replay_calls(hist.contacts, plan["interval_start"].iloc[0], len(plan),
                                interval_seconds, pool, np.random.default_rng(seed))
    result = run_simulation(plan, interval_seconds=interval_seconds,
                            answer_seconds=svc["answer_seconds"], patience_seconds=patience,
                            replications=replications, seed=seed, contacts=replayed,
                            handle_pool=pool if handle == "empirical" else None,
                            progress=_progress("simulation"))
    erlang = _erlang_reference(plan, interval_seconds, svc, patience)
    intervals = result.intervals.assign(**erlang["intervals"])
    summary = result.summary.merge(erlang["summary"], on="kpi", how="left")
    files = {
        "simulation_intervals.csv": csv_writer(intervals.assign(
            interval_start=pd.to_datetime(intervals["interval_start"]).dt.strftime(
                "%Y-%m-%dT%H:%M")), float_format="%.4f"),
        "simulation_summary.csv": csv_writer(summary, float_format="%.4f"),
        "simulation.png": figure_writer(simulation_chart(intervals, summary,
                                                         f"{cfg.centre['name']}: simulated plan")),
    }
    write_all(out, files, protect=inputs)
    click.echo(f"simulated {result.calls_simulated:,} calls in {replications} replications")
    for row in summary.itertuples():
        ref = f"; Erlang C {row.erlang_c:.4g}, Erlang A {row.erlang_a:.4g}" if pd.notna(
            row.erlang_c) else ""
        click.echo(f"  {row.kpi:<14} {row.value:.4g}  (95% CI {row.lo:.4g} to {row.hi:.4g}){ref}")
    click.echo(f"wrote {len(files)} files to {out}")


def _erlang_reference(plan: pd.DataFrame, interval_seconds: float, svc: dict,
                      patience: float | None) -> dict:
    """Erlang C and Erlang A figures for the same plan, per interval and overall."""
    import numpy as np

    from schedule.erlang import erlang_a, erlang_c_asa, erlang_c_service_level
    from schedule.staffing import offered_load

    n = plan["agents"].to_numpy(dtype=float)
    vol = plan["volume"].to_numpy(dtype=float)
    aht = plan["aht_seconds"].to_numpy(dtype=float)
    load = offered_load(vol, aht, interval_seconds)
    c_sl = erlang_c_service_level(n, load, aht, svc["answer_seconds"])
    c_asa = erlang_c_asa(n, load, aht)
    a = erlang_a(n, load, aht, np.full(len(n), patience or np.inf), svc["answer_seconds"])
    weight = vol / vol.sum() if vol.sum() > 0 else np.zeros(len(vol))
    answered = vol * (1 - a["abandonment"])

    def wmean(values: np.ndarray, w: np.ndarray) -> float:
        ok = np.isfinite(values) & (w > 0)
        return float((values[ok] * w[ok]).sum() / w[ok].sum()) if ok.any() else float("nan")

    summary = pd.DataFrame({
        "kpi": ["service_level", "asa_seconds", "abandonment"],
        "erlang_c": [wmean(c_sl, weight), wmean(c_asa, vol), 0.0],
        "erlang_a": [wmean(a["service_level"], weight), wmean(a["asa"], answered),
                     wmean(a["abandonment"], weight)],
    })
    return {"intervals": {"erlang_c_service_level": c_sl,
                          "erlang_a_service_level": a["service_level"],
                          "erlang_a_abandonment": a["abandonment"]},
            "summary": summary}


def _solver_options(func: Callable) -> Callable:
    """--time-limit, --seed and --workers, on every command that solves."""
    func = click.option("--workers", type=int, default=None,
                        help="Solver threads (default: [roster] workers).")(func)
    func = click.option("--seed", type=int, default=None,
                        help="Solver random seed (default: [roster] seed).")(func)
    return click.option("--time-limit", "time_limit", type=float, default=None,
                        help="Solver time limit in seconds (default: [roster] "
                             "time_limit_seconds).")(func)


def _roster(req: pd.DataFrame, month: str, cfg: Config, cal, employees: str,
            time_off: str | None, time_limit: float | None, seed: int | None,
            workers: int | None) -> tuple[pd.DataFrame, dict]:
    """Solve the month (per team, with queues), printing the solver's progress; returns
    the summary table and the export files."""
    from schedule.plan_files import roster_files
    from schedule.team_roster import roster_month

    solved = roster_month(req, month, cfg, cal, employees, time_off, time_limit=time_limit,
                          seed=seed, workers=workers,
                          progress=lambda label, text: click.echo(f"{label} {text}",
                                                                  err=True))
    return roster_files(solved, cfg, month)


def _report_roster(table: pd.DataFrame) -> None:
    teams = table.groupby("queue", sort=False) if "queue" in table else [("", table)]
    for team, rows in teams:
        v = dict(zip(rows["kpi"], rows["value"], strict=True))
        label = f"roster {team}" if team else "roster"
        click.echo(f"{label}: {v['solver_status']} in {float(v['solve_seconds']):.0f} s (gap "
                   f"{float(v['gap']):.1%}), {float(v['paid_hours']):,.0f} paid hours "
                   f"({float(v['paid_over_lower_bound']):+.1%} over the lower bound "
                   f"{float(v['lower_bound_hours']):,.0f}), cost {float(v['cost']):,.0f}, "
                   f"service level {float(v['service_level']):.1%}, "
                   f"{float(v['intervals_meeting_goal']):.0%} of intervals meet the goal")


@main.command()
@click.option("--requirements", "requirements_file", required=True,
              type=click.Path(dir_okay=False), help="requirements.csv from `wfm staff`.")
@click.option("--employees", required=True, type=click.Path(dir_okay=False))
@click.option("--time-off", "time_off", type=click.Path(dir_okay=False))
@click.option("--month", required=True, help="Month to roster, YYYY-MM.")
@click.option("--config", "config", type=click.Path(dir_okay=False), help="TOML config.")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Output folder.")
@_solver_options
@_fail_cleanly
def roster(requirements_file: str, employees: str, time_off: str | None, month: str,
           config: str | None, out: str, time_limit: float | None, seed: int | None,
           workers: int | None) -> None:
    """Shifts, breaks and days off for named staff over a month, at least cost."""
    inputs = (requirements_file, employees, *(p for p in (time_off, config) if p))
    check_outputs(out, ROSTER_FILES, protect=inputs)
    parse_month(month)
    cfg = load_config(config)
    cal = calendar_from_config(cfg)
    req = load_requirements(requirements_file, cfg, cal)
    table, files = _roster(req, month, cfg, cal, employees, time_off, time_limit, seed,
                              workers)
    write_all(out, files, protect=inputs)
    _report_roster(table)
    click.echo(f"wrote {len(files)} files to {out}")


@main.command()
@click.option("--config", "config", type=click.Path(dir_okay=False), help="TOML config.")
@click.option("--history", "history", required=True, type=click.Path(dir_okay=False),
              help="History CSV (contacts, interval counts or daily counts).")
@click.option("--employees", type=click.Path(dir_okay=False),
              help="employees.csv: with it, the plan ends in a roster.")
@click.option("--time-off", "time_off", type=click.Path(dir_okay=False))
@click.option("--month", help="Month to plan, YYYY-MM (default: the month after the history).")
@click.option("--season", "season_year", type=int,
              help="Also plan this year's leave, overhauls and hires (needs --employees).")
@click.option("--overhauls", type=click.Path(dir_okay=False), help="Overhaul jobs CSV.")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Output folder.")
@_scheduler_options
@_solver_options
@_fail_cleanly
def plan(config: str | None, history: str, employees: str | None, time_off: str | None,
         month: str | None, season_year: int | None, overhauls: str | None, out: str,
         time_limit: float | None, seed: int | None, workers: int | None, scheduler: str,
         dask_workers: int | None) -> None:
    """Every stage end to end: history -> forecast -> requirements -> roster -> exports,
    and the season plan when asked. With queues, each queue is forecast and staffed as
    one task (on Dask when there are several); teams come from the staff's skills."""
    if season_year is not None and not employees:
        raise InputError("--season needs --employees (the team whose leave it plans)")
    inputs = (history, *(p for p in (config, employees, time_off, overhauls) if p))
    names = (*FORECAST_FILES, "requirements.csv", "requirements.png",
             *(ROSTER_FILES if employees else ()),
             *(SEASON_FILES if season_year is not None else ()))
    check_outputs(out, (*names, *QUEUE_FILES, "requirements_total.csv"), protect=inputs)
    from forecast import queues as qs
    from schedule.whatif import default_month

    cfg = load_config(config)
    cal = calendar_from_config(cfg)
    histories = qs.load_queue_histories(history, cfg)
    hist = qs.total_history(histories)
    month = month or default_month(hist)
    parse_month(month)
    click.echo(f"history: {hist.form}, {hist.first_day.date()} to {hist.last_day.date()}, "
               f"{hist.daily.sum():,.0f} contacts"
               + ("" if NO_QUEUE in histories else f" in {len(histories)} queues"))
    if NO_QUEUE in histories:
        result = run_forecast(hist, cfg, cal, month=month, progress=_progress("backtest"))
        _report_forecast(result)
        req = requirements(result.intervals, cfg, cal)
        files = forecast_files(result, hist, cfg)
    else:
        from schedule.queue_staffing import plan_job

        done = _run_queues(plan_job, qs.jobs(histories, cfg, month=month), scheduler,
                           dask_workers, "plan")
        results = {q: r for q, (r, _) in done.items()}
        _report_queues(results)
        req = qs.with_queue({q: r for q, (_, r) in done.items()})
        files = queue_forecast_files(results, histories, cfg)
    _report_staffing(req, cfg)
    files.update(staffing_files(req, cfg))
    if employees:
        table, roster_files = _roster(req, month, cfg, cal, employees, time_off,
                                         time_limit, seed, workers)
        _report_roster(table)
        files.update(roster_files)
    if season_year is not None:
        files.update(_season(hist, cfg, cal, season_year, employees, time_off, overhauls,
                             None, seed, workers))
    written = write_all(out, files, protect=inputs)
    click.echo(f"plan for {month}: wrote {len(written)} files to {out}")


SEASON_FILES = ("leave_plan.csv", "overhaul_plan.csv", "capacity.csv", "season.png")


def _season(hist: History, cfg: Config, cal, year: int, employees: str, time_off: str | None,
            overhauls: str | None, time_limit: float | None, seed: int | None,
            workers: int | None) -> dict:
    """Volume for the year, weekly need and supply, the leave and overhaul plan; files."""
    from forecast.errors import InfeasiblePlan
    from forecast.plots import season_chart
    from forecast.year import year_intervals
    from schedule import season_exports
    from schedule.capacity import team_year, weekly_need, year_weeks
    from schedule.overhauls import load_overhauls
    from schedule.season import entitlement_overflow, plan_season, season_rules
    from schedule.shifts import load_contracts, load_shifts
    from schedule.staff import days_off, load_employees, load_time_off, no_time_off

    contracts = load_contracts(cfg, load_shifts(cfg))
    staff = load_employees(employees, contracts)
    off = load_time_off(time_off, staff) if time_off else no_time_off()
    jobs = load_overhauls(overhauls) if overhauls else []
    rules = season_rules(cfg, contracts)
    week_start = WEEKDAYS.index(cfg.centre["week_start"])
    weeks = year_weeks(year, week_start)
    team = team_year(year, cal, week_start, staff, contracts, days_off(off, "approved"),
                     rules.week_days, np.zeros(len(weeks)), np.zeros(len(weeks)))
    overflow = entitlement_overflow(team, rules)
    if overflow:
        e, why = overflow
        raise InputError(f"employee {staff[e].employee_id}: {why}", file=employees, row=e + 1,
                         column="leave_days_per_year")
    intervals, source = year_intervals(hist, cfg, cal, year, progress=_progress("backtest"))
    req = requirements(intervals, cfg, cal)
    team.volume, team.need = weekly_need(req, weeks, cal.interval_minutes,
                                         cfg.season["schedule_efficiency"])
    volume, need = team.volume, team.need
    asked = days_off(off, "requested")
    requested = {(e, w) for e, person in enumerate(staff) for w, days in enumerate(team.days)
                 if days and all((person.employee_id, d) in asked for d in days[:rules.week_days])}
    click.echo(f"season {year}: volume {source}, {volume.sum():,.0f} contacts, need "
               f"{need.sum():,.0f} paid hours, team {team.hours.sum():,.0f} hours before leave")
    try:
        result = plan_season(team, jobs, rules, requested, contracts,
                             time_limit=time_limit or cfg.season["time_limit_seconds"],
                             seed=cfg.roster["seed"] if seed is None else seed,
                             workers=workers or cfg.roster["workers"],
                             progress=lambda text: click.echo(f"season {text}", err=True))
    except InfeasiblePlan as exc:
        raise InputError(f"no season plan meets every rule: {exc}") from None
    leave = season_exports.leave_plan(team, result, off)
    jobs_frame = season_exports.overhaul_plan(team, jobs, result)
    hire_hours = rules.hire_contract.hours_max if rules.hire_contract else 0.0
    cap = season_exports.capacity(team, result, hire_hours)
    planned = leave[leave["kind"] == "planned"]
    click.echo(f"season: {result.status} in {result.seconds:.0f} s; {planned['days'].sum():,} "
               f"leave days in {len(planned)} blocks, {int(jobs_frame['staff_days'].sum()):,} "
               f"overhaul staff-days, {int(result.hires_started.sum())} hires, "
               f"{result.overtime.sum():,.0f} overtime hours, gap {result.gap.sum():,.0f} h")
    chart = season_chart(cap, f"{cfg.centre['name']}: hours required and available by week, "
                              f"{year}")
    return {"leave_plan.csv": csv_writer(leave), "overhaul_plan.csv": csv_writer(jobs_frame),
            "capacity.csv": csv_writer(cap, float_format="%.1f"),
            "season.png": figure_writer(chart)}


@main.command()
@click.option("--config", "config", type=click.Path(dir_okay=False), help="TOML config.")
@click.option("--history", "history", required=True, type=click.Path(dir_okay=False),
              help="History CSV: forecast for the year, or its actuals where it covers it.")
@click.option("--employees", required=True, type=click.Path(dir_okay=False))
@click.option("--time-off", "time_off", type=click.Path(dir_okay=False))
@click.option("--overhauls", type=click.Path(dir_okay=False), help="Overhaul jobs CSV.")
@click.option("--year", required=True, type=int, help="The year to plan, YYYY.")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Output folder.")
@_solver_options
@_fail_cleanly
def season(config: str | None, history: str, employees: str, time_off: str | None,
           overhauls: str | None, year: int, out: str, time_limit: float | None,
           seed: int | None, workers: int | None) -> None:
    """A year by week: annual leave and overhauls in the quiet weeks, hires for busy ones."""
    inputs = (history, employees, *(p for p in (config, time_off, overhauls) if p))
    check_outputs(out, SEASON_FILES, protect=inputs)
    cfg, hist, cal = _load(history, config)
    files = _season(hist, cfg, cal, year, employees, time_off, overhauls, time_limit, seed,
                    workers)
    write_all(out, files, protect=inputs)
    click.echo(f"wrote {len(files)} files to {out}")


WHATIF_FILES = ("whatif.csv", "whatif.png")


def _scenario_progress() -> Callable[[int, int, str], None]:
    """Prints `scenario 2/5: volume +15% ...` on stderr as each scenario starts."""
    def show(done: int, total: int, what: str) -> None:
        if done < total:
            click.echo(f"scenario {done + 1}/{total}: {what} ...", err=True)
    return show


def _report_whatif(table: pd.DataFrame) -> None:
    """The side-by-side table, in the units a manager reads."""
    shown = pd.DataFrame({
        "scenario": table["scenario"], "plan": table["plan"],
        "contacts": table["volume"].map("{:,.0f}".format),
        "FTE": table["required_fte"].map("{:.1f}".format),
        "paid h": table["paid_hours"].map("{:,.0f}".format),
        "cost": table["cost"].map("{:,.0f}".format),
        "per contact": table["cost_per_contact"].map("{:.2f}".format),
        "SL Erlang A": table["service_level_erlang_a"].map("{:.1%}".format),
        "SL simulated (95%)": [f"{v:.1%} ({lo:.1%}-{hi:.1%})" for v, lo, hi in zip(
            table["service_level_sim"], table["service_level_sim_lo"],
            table["service_level_sim_hi"], strict=True)],
        "ASA s": [f"{a:.1f} / {s:.1f}" for a, s in zip(table["asa_erlang_a"],
                                                       table["asa_sim"], strict=True)],
        "abandon": [f"{a:.1%} / {s:.1%}" for a, s in zip(
            table["abandonment_erlang_a"], table["abandonment_sim"], strict=True)],
        "occupancy": table["occupancy_sim"].map("{:.0%}".format),
        "FTE change": table["fte_change"].map("{:+.1f}".format),
        "cost change": table["cost_change"].map("{:+,.0f}".format),
    })
    with pd.option_context("display.width", 250, "display.max_columns", 30):
        click.echo(shown.to_string(index=False))
    click.echo("ASA and abandonment: Erlang A / simulated")


def _whatif_roster(cfg: Config, employees: str | None, time_off: str | None,
                   time_limit: float | None, seed: int | None, workers: int | None):
    """Named staff and solver settings for scenarios with roster = true."""
    from schedule.whatif import RosterInputs

    shifts, contracts, staff, off = load_team(cfg, employees, time_off)
    roster = cfg.roster
    return RosterInputs(employees=staff, contracts=contracts, shifts=shifts, time_off=off,
                        time_limit=time_limit or roster["time_limit_seconds"],
                        seed=roster["seed"] if seed is None else seed,
                        workers=workers or roster["workers"])


@main.command()
@click.argument("scenarios_file", metavar="SCENARIOS", type=click.Path(dir_okay=False))
@click.option("--config", "config", type=click.Path(dir_okay=False), help="TOML config.")
@click.option("--history", "history", type=click.Path(dir_okay=False),
              help="History CSV (default: [whatif] history in the scenario file).")
@click.option("--month", help="Month to plan, YYYY-MM (default: [whatif] month, else the "
                              "first whole month after the history).")
@click.option("--employees", type=click.Path(dir_okay=False),
              help="employees.csv, for scenarios with roster = true.")
@click.option("--time-off", "time_off", type=click.Path(dir_okay=False))
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Output folder.")
@_solver_options
@_fail_cleanly
def whatif(scenarios_file: str, config: str | None, history: str | None, month: str | None,
           employees: str | None, time_off: str | None, out: str, time_limit: float | None,
           seed: int | None, workers: int | None) -> None:
    """Run each scenario of SCENARIOS through forecast, staffing and simulation; compare.

    --seed sets the simulation seed (default: [whatif] seed) and the solver's."""
    from forecast.errors import InfeasiblePlan
    from schedule.scenarios import load_scenarios
    from schedule.whatif import default_month, run_whatif
    from schedule.whatif_chart import whatif_chart

    scenarios = load_scenarios(scenarios_file)
    history = history or (str(scenarios.history) if scenarios.history else None)
    if history is None:
        raise InputError("no history: give --history or [whatif] history", file=scenarios_file)
    employees = employees or (str(scenarios.employees) if scenarios.employees else None)
    time_off = time_off or (str(scenarios.time_off) if scenarios.time_off else None)
    inputs = (scenarios_file, history, *(p for p in (config, employees, time_off) if p))
    check_outputs(out, WHATIF_FILES, protect=inputs)
    cfg, hist, cal = _load(history, config)
    month = month or scenarios.month or default_month(hist)
    parse_month(month)
    team = None
    if any(s.roster for s in scenarios.scenarios):
        if not employees:
            raise InputError("a scenario has roster = true: give --employees or [whatif] "
                             "employees", file=scenarios_file)
        team = _whatif_roster(cfg, employees, time_off, time_limit, seed, workers)
    click.echo(f"history: {hist.form}, {hist.first_day.date()} to {hist.last_day.date()}, "
               f"{hist.daily.sum():,.0f} contacts; planning {month}")
    result = run_forecast(hist, cfg, cal, month=month, progress=_progress("backtest"))
    _report_forecast(result)
    try:
        table = run_whatif(scenarios, result.intervals, cfg, cal, roster=team, seed=seed,
                           progress=_scenario_progress())
    except InfeasiblePlan as exc:
        raise InputError(f"no roster meets every rule: {exc}") from None
    chart = whatif_chart(table, f"{cfg.centre['name']}: what-if scenarios, {month}",
                         scenarios.baseline)
    files = {"whatif.csv": csv_writer(table, float_format="%.4f"),
             "whatif.png": figure_writer(chart)}
    write_all(out, files, protect=inputs)
    _report_whatif(table)
    click.echo(f"wrote {len(files)} files to {out}")


REPORT_CHARTS = ("report_volume.png", "report_service.png", "report_aht.png",
                 "report_forecast.png", "report_schedule_fit.png", "report_seasons.png",
                 "report_drivers.png")


def _report_inputs(history: str, config: str | None, forecast_file: str | None,
                   coverage: str | None, roster_file: str | None, employees: str | None,
                   driver: str | None, month: str | None, short_abandon: float):
    """Load the history and every plan file given, checked, into the report's inputs."""
    from schedule import kpi_inputs as ki
    from schedule.report_data import ReportInputs, employee_rates
    from schedule.shifts import load_contracts, load_shifts
    from schedule.staff import load_employees

    if employees and not roster_file:
        raise InputError("--employees needs --roster (the paid hours to cost)")
    if short_abandon < 0:
        raise InputError(f"--short-abandon: expected seconds >= 0, got {short_abandon:g}")
    period = parse_month(month) if month else None
    cfg = load_config(config)
    tz = cfg.centre["timezone"]
    hist = load_history(history, cfg)
    roster = ki.load_roster_long(roster_file) if roster_file else None
    rates = None
    if employees and roster is not None:
        contracts = load_contracts(cfg, load_shifts(cfg))
        staff = load_employees(employees, contracts)
        rates = employee_rates(roster, {s.employee_id: s.contract for s in staff},
                               {n: c.cost_per_hour for n, c in contracts.items()}, roster_file)
    return cfg, ReportInputs(
        history=hist, config=cfg, month=period,
        outcomes_known=hist.contacts is None or ki.has_column(history, cfg.history["outcome"]),
        forecast=ki.load_forecast(forecast_file, tz) if forecast_file else None,
        coverage=ki.load_coverage(coverage, tz) if coverage else None,
        roster=roster, rates=rates, driver=ki.load_driver(driver) if driver else None,
        short_abandon_seconds=short_abandon)


@main.command()
@click.option("--history", "history", required=True, type=click.Path(dir_okay=False),
              help="History CSV: contact records give service KPIs, counts give volume.")
@click.option("--config", "config", type=click.Path(dir_okay=False), help="TOML config.")
@click.option("--forecast", "forecast_file", type=click.Path(dir_okay=False),
              help="A past forecast (forecast_daily.csv or forecast_intervals.csv) to score.")
@click.option("--coverage", type=click.Path(dir_okay=False), help="coverage.csv of a roster.")
@click.option("--roster", "roster_file", type=click.Path(dir_okay=False),
              help="roster_long.csv: paid hours, occupancy.")
@click.option("--employees", type=click.Path(dir_okay=False),
              help="employees.csv: contracts, so the roster's cost is known.")
@click.option("--driver", type=click.Path(dir_okay=False),
              help="Business-driver CSV (date, value), e.g. orders per day or month.")
@click.option("--month", help="Report one month, YYYY-MM (default: the whole history).")
@click.option("--short-abandon", "short_abandon", type=float, default=0.0, show_default=True,
              help="Leave out abandons that waited less than this many seconds.")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Output folder.")
@_fail_cleanly
def report(history: str, config: str | None, forecast_file: str | None, coverage: str | None,
           roster_file: str | None, employees: str | None, driver: str | None,
           month: str | None, short_abandon: float, out: str) -> None:
    """KPI report over history and plan files: report.html, kpis.csv and the charts."""
    from schedule import kpi_inputs as ki
    from schedule.report import report_html
    from schedule.report_charts import png_bytes, report_charts
    from schedule.report_data import build_report

    inputs = (history, *(p for p in (config, forecast_file, coverage, roster_file, employees,
                                      driver) if p))
    check_outputs(out, ("report.html", "kpis.csv", "kpis_by_queue.csv", *REPORT_CHARTS),
                  protect=inputs)
    cfg, loaded = _report_inputs(history, config, forecast_file, coverage, roster_file,
                                 employees, driver, month, short_abandon)
    data = build_report(loaded)
    if ki.has_column(history, cfg.history["queue"]):
        from forecast.queues import load_queue_histories
        from schedule.report_data import queue_kpis

        data.by_queue = queue_kpis(load_queue_histories(history, cfg), loaded)
    charts = [(c, png_bytes(c.figure)) for c in report_charts(
        data, cfg.service["goal"], cfg.forecast["season_band"])]
    page = report_html(data, charts)
    files = {"report.html": lambda path: path.write_text(page, encoding="utf-8"),
             "kpis.csv": csv_writer(data.kpis, float_format="%.10g")}
    if data.by_queue is not None:
        files["kpis_by_queue.csv"] = csv_writer(data.by_queue, float_format="%.10g")
    for chart, png in charts:
        files[chart.name] = lambda path, png=png: path.write_bytes(png)
    write_all(out, files, protect=inputs)
    _print_report(data)
    click.echo(f"wrote {len(files)} files to {out}")


def _print_report(data) -> None:
    from schedule.report import kpi_rows

    click.echo(data.title)
    for kpi, value, unit in kpi_rows(data):
        click.echo(f"  {kpi:<32} {value:>14}  {unit}")
    click.echo("definitions:")
    for kpi, text in data.definitions:
        click.echo(f"  {kpi}: {text}")
    for kpi, why in data.unavailable:
        click.echo(f"not available: {kpi}: {why}")
    for note in data.notes:
        click.echo(f"note: {note}")
    if data.by_queue is not None and len(data.by_queue):
        from schedule.report import QUEUE_KPIS, format_value

        shown = [k for k in QUEUE_KPIS if k in set(data.by_queue["kpi"])]
        click.echo("by queue:".ljust(12) + "".join(f"{k:>15}" for k in shown))
        for queue, group in data.by_queue.groupby("queue", sort=True):
            cells = {r.kpi: format_value(r.value, r.unit) for r in group.itertuples()}
            click.echo(f"  {queue:<10}" + "".join(f"{cells.get(k, 'n/a'):>15}" for k in shown))


@main.command("serve")
@click.option("--config", "config", type=click.Path(dir_okay=False), help="TOML config.")
@click.option("--history", type=click.Path(dir_okay=False),
              help="History CSV: the page forecasts the month from it.")
@click.option("--forecast", "forecast_file", type=click.Path(dir_okay=False),
              help="forecast_intervals.csv from wfm forecast / wfm plan (no forecast step).")
@click.option("--month", help="Month to plan, YYYY-MM (default: the first whole month after "
                              "the history, or the forecast's first month).")
@click.option("--port", type=int, default=8501, show_default=True)
@click.option("--headless", is_flag=True, help="Do not open a browser.")
@_fail_cleanly
def serve_command(config: str | None, history: str | None, forecast_file: str | None,
                  month: str | None, port: int, headless: bool) -> None:
    """The what-if page in the browser (Streamlit). With no files: the bundled sample."""
    from serve.launch import run

    code = run(config=config, history=history, forecast=forecast_file, month=month,
               port=port, headless=headless)
    if code:
        sys.exit(code)


if __name__ == "__main__":
    main()
