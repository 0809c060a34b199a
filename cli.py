"""The `wfm` command: parses options, calls the `wfm` API, writes the files through the
shared writer, prints the summaries and maps errors to exit codes.

This is the only module that prints or exits. Bad input ends with one line on stderr
and exit status 2, with nothing written. The library loads inside each command, so
`wfm --help` answers without importing pandas, the models or the solvers.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from wfm.core import interrupts
from wfm.core.errors import InputError, NotEnoughHistory, SolverTimeout
from wfm.core.progress import Progress


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that a run stops the way Ctrl-C stops it."""


def _on_sigterm(signum: int, frame) -> None:
    raise Terminated


def _fail_cleanly(func: Callable) -> Callable:
    """Turn InputError (and NotEnoughHistory, of the history or of one queue) into one
    line on stderr and exit status 2; a solver that ran out of time, exit status 3; Ctrl-C
    and SIGTERM into one line and 130 or 143, with --out as it was (files are written all
    at once at the end, and a solve in progress is stopped)."""
    @wraps(func)
    def wrapper(*args, **kwargs):
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
        interrupts.leave_solves()
        try:
            return func(*args, **kwargs)
        except (InputError, NotEnoughHistory) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        except SolverTimeout as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(3)
        except KeyboardInterrupt:
            _stopped("\nstopped (Ctrl-C): nothing was written", 130)
        except Terminated:
            _stopped("stopped (SIGTERM): nothing was written", 143)
        finally:
            signal.signal(signal.SIGTERM, previous)
            interrupts.leave_solves(False)
            from wfm.core.output import release_all

            release_all()  # the --out folders this run held
    return wrapper


def _stopped(message: str, status: int) -> None:
    """Say the run stopped and exit; with a solve left searching (core/interrupts.py),
    at once, so its threads end with the process instead of being stopped."""
    click.echo(message, err=True)
    if interrupts.abandoned.is_set():
        from wfm.core.output import release_all

        release_all()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)


_QUIET = False  # set by `wfm --quiet`: warnings and errors only


class _Printer(Progress):
    """Progress on stderr: one updating line on a terminal, a line per step otherwise;
    nothing but warnings under --quiet."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()

    def step(self, label: str, done: int, total: int, what: str) -> None:
        if _QUIET:
            return
        if label == "scenario":  # scenarios are few and slow: say which one starts
            if done < total:
                click.echo(f"scenario {done + 1}/{total}: {what} ...", err=True)
            return
        text = f"{label} [{done:>3}/{total}] {what}"
        if self.tty:
            click.echo("\r" + text.ljust(78), err=True, nl=done >= total)
        elif done < total:
            click.echo(text, err=True)

    def note(self, text: str) -> None:
        if not _QUIET or "warning" in text:
            click.echo(text, err=True)

    def solver(self, label: str, text: str) -> None:
        if not _QUIET:
            click.echo(f"{label} {text}", err=True)


def _say(lines: Iterable[str]) -> None:
    """A result's summary on stdout; under --quiet only its warnings."""
    for line in lines:
        if not _QUIET or "warning" in line:
            click.echo(line)


def _inputs(*paths: str | Path | None) -> tuple[str | Path, ...]:
    """The run's input files, which no output may overwrite (not `-`, standard input)."""
    return tuple(p for p in paths if p and str(p) != "-")


def _history(path: str):
    """A history path, or `-`: standard input read as CSV text (its errors name <stdin>)."""
    if path != "-":
        return path
    import io

    import pandas as pd

    text = sys.stdin.read()
    if not text.strip():
        raise InputError("standard input is empty; expected a history CSV with a header row",
                         file="<stdin>")
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    frame.attrs["source"] = "<stdin>"
    return frame


def _check_out(out: str | Path, names: Iterable[str], inputs: tuple[str | Path, ...]) -> None:
    from wfm.core.output import check_outputs, table_name

    check_outputs(out, tuple(table_name(n, _FOLDER["tables"]) for n in names), protect=inputs)


# --clean and --tables of the command running (only folder commands have them)
_FOLDER: dict[str, Any] = {"clean": False, "tables": "csv"}


def _folder_out(func: Callable) -> Callable:
    """--out (a folder), --clean and --tables, on every command that writes a folder of
    files."""
    func = click.option(
        "--tables", type=click.Choice(["csv", "parquet"]), default="csv", show_default=True,
        expose_value=False,
        callback=lambda ctx, param, value: _FOLDER.update(tables=value),
        help="File format of the tables written (charts stay PNG); parquet needs pyarrow, "
             "the parquet extra.")(func)
    func = click.option(
        "--clean", is_flag=True, expose_value=False,
        callback=lambda ctx, param, value: _FOLDER.update(clean=bool(value)),
        help="Remove the files an earlier run left in --out that this run does not "
             "write (without it they are listed).")(func)
    return click.option("--out", required=True, type=click.Path(file_okay=False),
                        help="Output folder.")(func)


def _write(out: str | Path, files: dict, inputs: tuple[str | Path, ...],
           folder: bool = True) -> list[Path]:
    """Write the files into `out` all at once; in a folder of its own (`folder`), as
    --tables asks, and name the files an earlier run left there, or remove them with
    --clean."""
    import wfm
    from wfm.core.output import as_parquet, leftovers

    clean = folder and _FOLDER["clean"]
    if folder and _FOLDER["tables"] == "parquet":
        files = as_parquet(files)
    written = wfm.write_files(out, files, protect=inputs, clean=clean)
    old = leftovers(out, written) if folder and not clean else []
    if old:
        names = ", ".join(p.name for p in old[:8]) + (", ..." if len(old) > 8 else "")
        click.echo(f"note: {len(old)} file{'s' if len(old) > 1 else ''} in {out} "
                   f"{'are' if len(old) > 1 else 'is'} from an earlier run, not this one: "
                   f"{names} (--clean removes them)", err=True)
    return written


def _deliver(out: str | Path, result, inputs: tuple[str | Path, ...],
             files: dict | None = None) -> None:
    """Write a result's files (or `files`) into `out`, all or none, then print its
    summary."""
    written = _write(out, result.files() if files is None else files, inputs)
    _say(result.summary())
    _say([f"wrote {len(written)} files to {out}"])


_NO_ARGS = getattr(click.exceptions, "NoArgsIsHelpError", ())  # click 8.2 and later


class _Wfm(click.Group):
    """The command group; a mistyped option or value (click's usage errors) is one line
    and exit status 2, as every other bad input is, not click's three-line usage."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,
             **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except _NO_ARGS as exc:  # `wfm` alone: the help, as click gives it
            exc.show()
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            where = " ".join(["wfm", *(exc.ctx.command_path.split()[1:] if exc.ctx else [])])
            click.echo(f"error: {exc.format_message()} (see {where} --help)", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=_Wfm)
@click.version_option(None, "-V", "--version", package_name="wfm-engine", prog_name="wfm")
@click.option("-q", "--quiet", is_flag=True,
              help="Print only warnings and errors: no progress, no summary.")
def main(quiet: bool = False) -> None:
    """wfm: forecast contact volume, staff for the service goal, roster named staff."""
    global _QUIET
    _QUIET = quiet
    _FOLDER.update(clean=False, tables="csv")  # a command without the options: the defaults


def _scheduler_options(func: Callable) -> Callable:
    """--scheduler and --dask-workers, on every command that fans queues out."""
    func = click.option("--dask-workers", "dask_workers", type=int, default=None,
                        help="Worker processes of the local pool or Dask cluster "
                             "(default: one per core).")(func)
    return click.option(
        "--scheduler", default="auto", show_default=True,
        help="Where per-queue work runs: auto (with several queues and cores, a local Dask "
             "cluster when Dask is installed, else local processes; serial otherwise), "
             "serial, processes, local (Dask), or the address of a running Dask scheduler "
             "(tcp://host:8786).")(func)


def _solver_options(func: Callable) -> Callable:
    """--time-limit, --seed and --workers, on every command that solves."""
    func = click.option("--workers", type=int, default=None,
                        help="Solver threads (default: [roster] workers).")(func)
    func = click.option("--seed", type=int, default=None,
                        help="Solver random seed (default: [roster] seed).")(func)
    return click.option("--time-limit", "time_limit", type=float, default=None,
                        help="Solver time limit in seconds (default: [roster] "
                             "time_limit_seconds).")(func)


@main.command()
@click.argument("history", type=click.Path(dir_okay=False))
@click.option("--config", "config", type=click.Path(dir_okay=False), help="TOML config.")
@click.option("--days", type=int, help="Forecast N calendar days after the history.")
@click.option("--month", help="Forecast one month, YYYY-MM.")
@click.option("--special-days", type=click.Path(dir_okay=False),
              help="CSV of one-off days: date,label[,effect].")
@click.option("--layout", default="wfm", show_default=True,
              help="wfm: the forecast files; long: also forecast_long.csv in statsforecast's "
                   "layout (unique_id, ds, wfm, wfm-lo-80, ...).")
@_folder_out
@_scheduler_options
@_fail_cleanly
def forecast(history: str, config: str | None, days: int | None, month: str | None,
             special_days: str | None, layout: str, out: str, scheduler: str,
             dask_workers: int | None) -> None:
    """Forecast daily, monthly and interval volume (with AHT) from HISTORY.

    Example: wfm forecast data/history.csv --config data/config.toml --month 2026-12
    --out out/forecast

    A history with a queue column is forecast queue by queue (on Dask when there are
    several), into the same files with a `queue` column and a roll-up across queues."""
    import wfm
    from wfm.core.output import csv_writer
    from wfm.forecast.files import FORECAST_FILES, LONG_FILE, QUEUE_FILES, statsforecast_layout

    if days is not None and month is not None:
        raise InputError("give --days or --month, not both")
    if layout not in ("wfm", "long"):
        raise InputError(f"--layout: expected wfm or long, got {layout!r}")
    inputs = _inputs(history, config, special_days)
    _check_out(out, (*FORECAST_FILES, *QUEUE_FILES, LONG_FILE), inputs)
    cfg = wfm.load_config(config)
    result = wfm.make_forecast(_history(history), cfg, days=days, month=month,
                               special_days=special_days, scheduler=scheduler,
                               workers=dask_workers, progress=_Printer())
    files = result.files()
    if layout == "long":
        files[LONG_FILE] = csv_writer(statsforecast_layout(result.daily,
                                                           cfg.forecast["levels"]))
    _deliver(out, result, inputs, files)


@main.command()
@click.argument("history", type=click.Path(dir_okay=False))
@click.option("--config", "config", type=click.Path(dir_okay=False), help="TOML config.")
@click.option("--horizon", type=int, default=28, show_default=True, help="Days per origin.")
@click.option("--origins", type=int, default=6, show_default=True, help="Number of origins.")
@click.option("--step", type=int, default=None, help="Days between origins (default: horizon).")
@click.option("--end", help="Last day of the last window, YYYY-MM-DD (default: history end).")
@click.option("--models", help="Comma-separated models (default: all but seasonal_mean): "
                               "seasonal_naive, ets, mstl, regression, gbm, seasonal_mean.")
@click.option("--special-days", type=click.Path(dir_okay=False),
              help="Special days CSV (date, label[, effect]); default: [forecast] special_days.")
@click.option("--out", type=click.Path(dir_okay=False),
              help="Also write the table: .csv, or .parquet.")
@_fail_cleanly
def backtest(history: str, config: str | None, horizon: int, origins: int, step: int | None,
             end: str | None, models: str | None, special_days: str | None,
             out: str | None) -> None:
    """Rolling-origin backtest of every model on HISTORY; prints the model table.

    Example: wfm backtest data/history.csv --config data/config.toml --horizon 28
    --origins 4 --out out/backtest.csv"""
    import wfm

    result = wfm.backtest(_history(history), wfm.load_config(config), horizon=horizon,
                          origins=origins, step=step, end=end,
                          models=[m.strip() for m in models.split(",")] if models else None,
                          special_days=special_days, progress=_Printer())
    _say(result.summary())
    if out:
        _write(Path(out).parent, result.files(Path(out).name), (history,), folder=False)


@main.command()
@click.argument("forecast_intervals", type=click.Path(dir_okay=False))
@click.option("--config", "config", type=click.Path(dir_okay=False), help="TOML config.")
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="Requirements file to write: .csv, or .parquet (a PNG is written "
                   "beside it).")
@_fail_cleanly
def staff(forecast_intervals: str, config: str | None, out: str) -> None:
    """Agents and staff per interval for the service goal, from an interval forecast.

    Example: wfm staff out/forecast_intervals.csv --config data/config.toml
    --out out/requirements.csv"""
    import wfm
    from wfm.core.csvin import PARQUET_SUFFIXES
    from wfm.core.output import as_parquet

    target = Path(out)
    stem, suffix = target.stem, target.suffix.lower()
    if suffix not in (".csv", *PARQUET_SUFFIXES):
        raise InputError("expected a .csv or .parquet file name for the requirements (the "
                         "chart is written beside it, as .png)", file=target)
    inputs = _inputs(forecast_intervals, config)
    _check_out(target.parent, (target.name, f"{stem}.png", f"{stem}_total{suffix}"), inputs)
    result = wfm.staff(forecast_intervals, wfm.load_config(config))
    files = result.files(stem)
    if suffix != ".csv":  # Parquet, named with the suffix asked for
        files = {name.removesuffix(".parquet") + suffix if name.endswith(".parquet")
                 else name: writer for name, writer in as_parquet(files).items()}
    files[target.name] = files.pop(f"{stem}{suffix}")
    _write(target.parent, files, inputs, folder=False)
    _say(result.summary())
    _say([f"wrote {target} and {target.with_suffix('.png')}"])


@main.command()
@click.argument("plan_file", metavar="PLAN", type=click.Path(dir_okay=False))
@click.option("--config", "config", type=click.Path(dir_okay=False), help="TOML config.")
@click.option("--contacts", type=click.Path(dir_okay=False),
              help="Replay arrivals (and handle times) from this contacts history.")
@click.option("--handle", type=click.Choice(["exponential", "empirical"]), default="exponential",
              show_default=True, help="Handle times: exponential, or resampled from --contacts.")
@click.option("--replications", type=int, default=10, show_default=True,
              help="Simulated months; more narrow the 95% intervals.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Random seed: the same seed gives the same simulation.")
@click.option("--no-abandon", is_flag=True, help="Infinite patience (callers never hang up).")
@_folder_out
@_fail_cleanly
def simulate(plan_file: str, config: str | None, contacts: str | None, handle: str,
             replications: int, seed: int, no_abandon: bool, out: str) -> None:
    """Simulate a staffing plan (requirements.csv or coverage.csv) with a discrete-event model.

    Example: wfm simulate out/requirements.csv --config data/config.toml --replications 20
    --out out/simulation"""
    import wfm
    from wfm.schedule.staffing.files import SIMULATION_FILES

    inputs = _inputs(plan_file, config, contacts)
    _check_out(out, SIMULATION_FILES, inputs)
    result = wfm.simulate(plan_file, wfm.load_config(config), contacts=contacts, handle=handle,
                          replications=replications, seed=seed, abandon=not no_abandon,
                          progress=_Printer())
    _deliver(out, result, inputs)


@main.command()
@click.option("--requirements", "requirements_file", required=True,
              type=click.Path(dir_okay=False), help="requirements.csv from `wfm staff`.")
@click.option("--employees", required=True, type=click.Path(dir_okay=False),
              help="employees.csv: the people, their contracts and dates.")
@click.option("--time-off", "time_off", type=click.Path(dir_okay=False),
              help="time_off.csv: approved and requested days off.")
@click.option("--month", required=True, help="Month to roster, YYYY-MM.")
@click.option("--config", "config", type=click.Path(dir_okay=False), help="TOML config.")
@_folder_out
@_solver_options
@_fail_cleanly
def roster(requirements_file: str, employees: str, time_off: str | None, month: str,
           config: str | None, out: str, time_limit: float | None, seed: int | None,
           workers: int | None) -> None:
    """Shifts, breaks and days off for named staff over a month, at least cost.

    Example: wfm roster --requirements out/requirements.csv --employees
    data/employees.csv --time-off data/time_off.csv --month 2026-12 --config
    data/config.toml --out out/roster"""
    import wfm
    from wfm.core.config import check_solver_options
    from wfm.schedule.roster.files import ROSTER_FILES

    check_solver_options(time_limit, workers)
    inputs = _inputs(requirements_file, employees, time_off, config)
    _check_out(out, ROSTER_FILES, inputs)
    result = wfm.roster(requirements_file, month, wfm.load_config(config), employees,
                        time_off, time_limit=time_limit, seed=seed, workers=workers,
                        progress=_Printer())
    _deliver(out, result, inputs)


@main.command()
@click.option("--config", "config", type=click.Path(dir_okay=False), help="TOML config.")
@click.option("--history", "history", required=True, type=click.Path(dir_okay=False),
              help="History CSV (contacts, interval counts or daily counts).")
@click.option("--employees", type=click.Path(dir_okay=False),
              help="employees.csv: with it, the plan ends in a roster.")
@click.option("--time-off", "time_off", type=click.Path(dir_okay=False),
              help="time_off.csv: approved and requested days off.")
@click.option("--month", help="Month to plan, YYYY-MM (default: the month after the history).")
@click.option("--season", "season_year", type=int,
              help="Also plan this year's leave, overhauls and hires (needs --employees).")
@click.option("--overhauls", type=click.Path(dir_okay=False), help="Overhaul jobs CSV.")
@_folder_out
@_scheduler_options
@_solver_options
@_fail_cleanly
def plan(config: str | None, history: str, employees: str | None, time_off: str | None,
         month: str | None, season_year: int | None, overhauls: str | None, out: str,
         time_limit: float | None, seed: int | None, workers: int | None, scheduler: str,
         dask_workers: int | None) -> None:
    """Every stage end to end: history -> forecast -> requirements -> roster -> exports,
    and the season plan when asked. With queues, each queue is forecast and staffed as
    one task (on Dask when there are several); teams come from the staff's skills.

    Example: wfm plan --config data/config.toml --history data/history.csv --employees
    data/employees.csv --time-off data/time_off.csv --out out"""
    import wfm
    from wfm.core.config import check_solver_options
    from wfm.forecast.files import FORECAST_FILES, QUEUE_FILES
    from wfm.schedule.roster.files import ROSTER_FILES
    from wfm.schedule.yearplan.plan import YEARPLAN_FILES

    check_solver_options(time_limit, workers)

    if season_year is not None and not employees:
        raise InputError("--season needs --employees (the team whose leave it plans)")
    inputs = _inputs(history, config, employees, time_off, overhauls)
    _check_out(out, (*FORECAST_FILES, "requirements.csv", "requirements.png",
                     *(ROSTER_FILES if employees else ()),
                     *(YEARPLAN_FILES if season_year is not None else ()),
                     *QUEUE_FILES, "requirements_total.csv"), inputs)
    result = wfm.plan(_history(history), wfm.load_config(config), month=month,
                      employees=employees,
                      time_off=time_off, year=season_year, overhauls=overhauls,
                      time_limit=time_limit, seed=seed, workers=workers, scheduler=scheduler,
                      dask_workers=dask_workers, progress=_Printer())
    written = _write(out, result.files(), inputs)
    _say(result.summary())
    _say([f"plan for {result.month}: wrote {len(written)} files to {out}",
          _open_first({p.name for p in written})])


# What a planner opens first after `wfm plan`, most useful first, and why.
OPEN_FIRST = (("roster_grid.csv", "who works when"),
              ("coverage.png", "staff against the requirement, interval by interval"),
              ("roster_summary.csv", "paid hours, cost, service level and warnings"),
              ("forecast.png", "the forecast with its intervals"),
              ("requirements.png", "the staff each interval needs"),
              ("forecast_daily.csv", "contacts a day with their bounds"))


def _open_first(names: set[str]) -> str:
    """The three files of a plan to open first, in a planner's words."""
    from wfm.core.output import table_name

    picks = [f"{table_name(name, _FOLDER['tables'])} ({why})" for name, why in OPEN_FIRST
             if table_name(name, _FOLDER["tables"]) in names][:3]
    return "open first: " + "; ".join(picks)


@main.command()
@click.option("--config", "config", type=click.Path(dir_okay=False), help="TOML config.")
@click.option("--history", "history", required=True, type=click.Path(dir_okay=False),
              help="History CSV: forecast for the year, or its actuals where it covers it.")
@click.option("--employees", required=True, type=click.Path(dir_okay=False),
              help="employees.csv: the people, their contracts and dates.")
@click.option("--time-off", "time_off", type=click.Path(dir_okay=False),
              help="time_off.csv: approved and requested days off.")
@click.option("--overhauls", type=click.Path(dir_okay=False), help="Overhaul jobs CSV.")
@click.option("--year", required=True, type=int, help="The year to plan, YYYY.")
@_folder_out
@_solver_options
@_fail_cleanly
def season(config: str | None, history: str, employees: str, time_off: str | None,
           overhauls: str | None, year: int, out: str, time_limit: float | None,
           seed: int | None, workers: int | None) -> None:
    """A year by week: annual leave and overhauls in the quiet weeks, hires for busy ones.

    Example: wfm season --config data/config.toml --history data/history.csv --employees
    data/employees.csv --time-off data/time_off.csv --overhauls data/overhauls.csv
    --year 2027 --out out/season"""
    import wfm
    from wfm.core.config import check_solver_options
    from wfm.schedule.yearplan.plan import YEARPLAN_FILES

    check_solver_options(time_limit, workers)
    inputs = _inputs(history, employees, config, time_off, overhauls)
    _check_out(out, YEARPLAN_FILES, inputs)
    result = wfm.plan_year(_history(history), wfm.load_config(config), year, employees,
                           time_off,
                           overhauls, time_limit=time_limit, seed=seed, workers=workers,
                           progress=_Printer())
    _deliver(out, result, inputs)


@main.command()
@click.argument("scenarios_file", metavar="SCENARIOS", type=click.Path(dir_okay=False))
@click.option("--config", "config", type=click.Path(dir_okay=False), help="TOML config.")
@click.option("--history", "history", type=click.Path(dir_okay=False),
              help="History CSV (default: [whatif] history in the scenario file).")
@click.option("--month", help="Month to plan, YYYY-MM (default: [whatif] month, else the "
                              "first whole month after the history).")
@click.option("--employees", type=click.Path(dir_okay=False),
              help="employees.csv, for scenarios with roster = true.")
@click.option("--time-off", "time_off", type=click.Path(dir_okay=False),
              help="time_off.csv: approved and requested days off.")
@_folder_out
@_solver_options
@_fail_cleanly
def whatif(scenarios_file: str, config: str | None, history: str | None, month: str | None,
           employees: str | None, time_off: str | None, out: str, time_limit: float | None,
           seed: int | None, workers: int | None) -> None:
    """Run each scenario of SCENARIOS through forecast, staffing and simulation; compare.

    --seed sets the simulation seed (default: [whatif] seed) and the solver's.

    Example: wfm whatif examples/scenarios.toml --out out/whatif"""
    import wfm
    from wfm.core.config import check_solver_options
    from wfm.schedule.whatif.files import WHATIF_FILES
    from wfm.schedule.whatif.scenarios import load_scenarios

    check_solver_options(time_limit, workers)

    scenarios = load_scenarios(scenarios_file)
    history, employees, time_off = scenarios.inputs(history, employees, time_off)
    inputs = _inputs(scenarios_file, history, config, employees, time_off)
    _check_out(out, WHATIF_FILES, inputs)
    result = wfm.whatif(scenarios, wfm.load_config(config), history=history, month=month,
                        employees=employees, time_off=time_off, time_limit=time_limit,
                        seed=seed, workers=workers, progress=_Printer())
    _deliver(out, result, inputs)


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
@click.option("--surveys", type=click.Path(dir_okay=False),
              help="Survey responses CSV (date, survey, score): CSAT, NPS, CES, eNPS.")
@click.option("--activity", type=click.Path(dir_okay=False),
              help="Agent activity log CSV (employee_id, state, start, end): adherence "
                   "against --roster.")
@click.option("--tickets", type=click.Path(dir_okay=False),
              help="Tickets CSV (created, first_response, resolved, messages): response "
                   "and resolution times.")
@click.option("--month", help="Report one month, YYYY-MM (default: the whole history).")
@click.option("--short-abandon", "short_abandon", type=float, default=0.0, show_default=True,
              help="Leave out abandons that waited less than this many seconds.")
@_folder_out
@_fail_cleanly
def report(history: str, config: str | None, forecast_file: str | None, coverage: str | None,
           roster_file: str | None, employees: str | None, driver: str | None,
           surveys: str | None, activity: str | None, tickets: str | None,
           month: str | None, short_abandon: float, out: str) -> None:
    """KPI report over history and plan files: report.html, kpis.csv and the charts.

    Example: wfm report --history data/history.csv --config data/config.toml --surveys
    data/surveys.csv --tickets data/tickets.csv --driver data/orders.csv --out
    out/report"""
    import wfm
    from wfm.schedule.report.files import REPORT_FILES

    inputs = _inputs(history, config, forecast_file, coverage, roster_file, employees, driver,
                     surveys, activity, tickets)
    _check_out(out, REPORT_FILES, inputs)
    result = wfm.report(_history(history), wfm.load_config(config), forecast=forecast_file,
                        coverage=coverage, roster=roster_file, employees=employees,
                        driver=driver, month=month, short_abandon=short_abandon,
                        surveys=surveys, activity=activity, tickets=tickets)
    _deliver(out, result, inputs)


@main.command("export")
@click.argument("roster_file", type=click.Path(dir_okay=False))
@click.option("--employees", required=True, type=click.Path(dir_okay=False),
              help="employees.csv: its columns beyond wfm's own (e-mail, user name, payroll "
                   "id, site) go beside each person.")
@click.option("--config", "config", type=click.Path(dir_okay=False),
              help="TOML config: the centre's time zone.")
@click.option("--profile", default="utc", show_default=True,
              help="utc: start_utc, end_utc (2026-12-01T14:00:00Z); local: local times with "
                   "their UTC offset (2026-12-01T08:00:00-06:00).")
@click.option("--date-format", "date_format",
              help="With --profile local: a strftime format for the times, e.g. "
                   "'%d/%m/%Y %H:%M' (default ISO 8601 with the offset).")
@click.option("--out", required=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="The export to write: .csv, or .parquet; - for CSV on standard output.")
@_fail_cleanly
def export(roster_file: str, employees: str, config: str | None, profile: str,
           date_format: str | None, out: str) -> None:
    """A roster (roster_long.csv) as HR and WFM systems import it: one row per activity.

    Example: wfm export out/roster_long.csv --employees data/employees.csv
    --config data/config.toml --out out/schedule_utc.csv
    """
    import wfm
    from wfm.core.csvin import PARQUET_SUFFIXES
    from wfm.core.output import table_writer

    if date_format and profile != "local":
        raise InputError("--date-format goes with --profile local (UTC times are ISO 8601)")
    if out == "-":  # the export on standard output, for a pipe into an import tool
        table = wfm.export(roster_file, wfm.load_config(config), employees, profile=profile,
                           date_format=date_format)
        sys.stdout.write(table.to_csv(index=False, float_format="%.6g"))
        return
    target = Path(out)
    if target.suffix.lower() not in (".csv", *PARQUET_SUFFIXES):
        raise InputError("expected a .csv (or .parquet) file name for the export", file=target)
    inputs = _inputs(roster_file, employees, config)
    _check_out(target.parent, (target.name,), inputs)
    table = wfm.export(roster_file, wfm.load_config(config), employees, profile=profile,
                       date_format=date_format)
    _write(target.parent, {target.name: table_writer(table, target, float_format="%.6g")},
           inputs, folder=False)
    people = table["employee_id"].nunique()
    _say([f"wrote {target}: {len(table):,} activities of {people} people ({profile} times)"])


@main.command("serve")
@click.option("--config", "config", type=click.Path(dir_okay=False), help="TOML config.")
@click.option("--history", type=click.Path(dir_okay=False),
              help="History CSV: the page forecasts the month from it.")
@click.option("--forecast", "forecast_file", type=click.Path(dir_okay=False),
              help="forecast_intervals.csv from wfm forecast / wfm plan (no forecast step).")
@click.option("--month", help="Month to plan, YYYY-MM (default: the first whole month after "
                              "the history, or the forecast's first month).")
@click.option("--port", type=int, default=8501, show_default=True,
              help="The port the page is served on.")
@click.option("--address", default="127.0.0.1", show_default=True,
              help="The interface to listen on: this machine only by default; 0.0.0.0 "
                   "opens the page to the network (it has no login).")
@click.option("--save-dir", "save_dir", type=click.Path(file_okay=False, exists=True),
              help="A folder the page may save scenario files in (else the page only "
                   "offers them as downloads).")
@click.option("--headless", is_flag=True, help="Do not open a browser.")
@_fail_cleanly
def serve_command(config: str | None, history: str | None, forecast_file: str | None,
                  month: str | None, port: int, address: str, save_dir: str | None,
                  headless: bool) -> None:
    """The what-if page in the browser (Streamlit). With no files: the bundled sample.

    Example: wfm serve --config data/config.toml --history data/history.csv --port 8502"""
    from wfm.serve.launch import run

    code = run(config=config, history=history, forecast=forecast_file, month=month,
               port=port, headless=headless, address=address, save_dir=save_dir)
    if code:
        sys.exit(code)


if __name__ == "__main__":
    main()
