"""wfm's library API: the whole chain as functions on DataFrames and paths, in the order
the work flows:

    load_config -> load_history -> make_forecast -> staff -> roster   (a month)
                                                 \\-> plan_year        (a year by week)
    plan (all of it, one queue or many) · whatif · simulate · report · write_files

Each returns a typed result holding frames with the columns of `wfm.core.frames`, with
`summary()` (lines in a planner's words) and `files()` (the writers of the files the
CLI writes). Nothing here prints or exits: long work reports through a `Progress`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from wfm.core import frames
from wfm.core.calendar import Calendar, calendar_from_config, parse_month
from wfm.core.clock import localize, wall_clock
from wfm.core.config import Config
from wfm.core.config import load_config as _load_config
from wfm.core.csvin import parse_times
from wfm.core.errors import InfeasiblePlan, InputError
from wfm.core.fanout import PROCESSES, choose_scheduler, run_by_queue
from wfm.core.output import Writer, write_all
from wfm.core.progress import QUIET, Progress
from wfm.forecast import queues as qs
from wfm.forecast.backtest import BacktestResult
from wfm.forecast.backtest import backtest as _backtest
from wfm.forecast.daily import DailyForecaster
from wfm.forecast.files import forecast_files, queue_forecast_files
from wfm.forecast.history import History, agent_served
from wfm.forecast.history import load_history as _load_history
from wfm.forecast.models import CANDIDATES, check_models
from wfm.forecast.pipeline import ForecastResult, run_forecast
from wfm.schedule.report.data import (
    ReportData,
    build_report,
    history_has_column,
    load_report_inputs,
    queue_kpis,
)
from wfm.schedule.report.files import report_files
from wfm.schedule.report.html import report_lines
from wfm.schedule.roster.files import roster_files, roster_lines, shortfall_lines
from wfm.schedule.roster.month import SolvedTeam, check_team, roster_month
from wfm.schedule.staffing.files import simulation_files, staffing_files
from wfm.schedule.staffing.queues import plan_job, staff_queues, staffing_summary
from wfm.schedule.staffing.requirements import load_interval_forecast, requirements
from wfm.schedule.staffing.simulation import (
    erlang_reference,
    load_plan,
    replay_calls,
)
from wfm.schedule.staffing.simulation import simulate as _simulate
from wfm.schedule.whatif.compare import default_month, roster_inputs, run_whatif, whatif_lines
from wfm.schedule.whatif.files import whatif_files
from wfm.schedule.whatif.scenarios import ScenarioSet, load_scenarios, parse_scenarios
from wfm.schedule.yearplan.overhauls import load_overhauls
from wfm.schedule.yearplan.plan import YearPlan, solve_year

Source = str | Path | pd.DataFrame  # a CSV file, or a frame with that file's columns


# --- loading ---------------------------------------------------------------------------

def load_config(path: str | Path | None = None) -> Config:
    """The TOML config, every key checked; no path gives the defaults."""
    return _load_config(path)


def load_history(source: Source | History, config: Config) -> History:
    """A history (contacts, interval counts or daily counts) for the whole centre: every
    row counts, whatever its queue (`load_queues` splits it by queue)."""
    if isinstance(source, History):
        return source
    return _load_history(source, config)


def load_queues(source: Source, config: Config) -> dict[str, History]:
    """A history split by its queue column, one History per queue in sorted order
    (`{"": history}` when the file has no queue column)."""
    return qs.load_queue_histories(source, config)


def calendar(config: Config, special_days: str | Path | None = None) -> Calendar:
    """The centre's calendar: open days and hours, public holidays, special days."""
    return calendar_from_config(config, special_days)


def _histories(history: Source | History | dict[str, History], config: Config
               ) -> dict[str, History]:
    if isinstance(history, dict):
        return history
    if isinstance(history, History):
        return {qs.NO_QUEUE: history}
    return qs.load_queue_histories(history, config)


# --- forecast --------------------------------------------------------------------------

@dataclass(frozen=True)
class Forecast:
    """Every queue's forecast (one entry, keyed "", without queues) with the histories it
    came from; frames carry a `queue` column in front when there are queues."""

    by_queue: dict[str, ForecastResult]
    histories: dict[str, History]
    config: Config

    @property
    def has_queues(self) -> bool:
        """True when the history had a queue column."""
        return qs.NO_QUEUE not in self.by_queue

    @property
    def daily(self) -> pd.DataFrame:
        """forecast_daily: date, volume, bounds, model (per queue with queues)."""
        return self._frame("daily")

    @property
    def monthly(self) -> pd.DataFrame:
        """forecast_monthly: twelve months with busy / normal / quiet seasons."""
        return self._frame("monthly")

    @property
    def intervals(self) -> pd.DataFrame:
        """forecast_intervals: every interval's volume, bounds and AHT."""
        return self._frame("intervals")

    @cached_property
    def _gathered(self) -> dict[str, pd.DataFrame]:
        """Every queue's frames stacked with a `queue` column (built once)."""
        return qs.gather(self.by_queue)

    def _frame(self, name: str) -> pd.DataFrame:
        if not self.has_queues:
            return getattr(self.by_queue[qs.NO_QUEUE], name)
        return self._gathered[name]

    def history(self) -> History:
        """The centre's whole history (the queues added up)."""
        return qs.total_history(self.histories)

    def summary(self) -> list[str]:
        """The forecast in a planner's words."""
        if self.has_queues:
            return qs.queues_summary(self.by_queue)
        return self.by_queue[qs.NO_QUEUE].summary()

    def chart(self):
        """The recent daily history with the forecast and its 80% and 95% bands (a
        matplotlib Figure; with queues, the total)."""
        from wfm.forecast.charts import forecast_chart

        if self.has_queues:
            return forecast_chart(qs.rollup_history(self.histories),
                                  qs.rollup_daily(self.daily), "daily volume forecast")
        return forecast_chart(self.histories[qs.NO_QUEUE].daily, self.daily,
                              "daily volume forecast")

    def files(self) -> dict[str, Writer]:
        """forecast_daily/monthly/intervals.csv, holiday_effects, backtest and the charts;
        with queues also the roll-ups (`*_total.csv`) and queues.csv."""
        if self.has_queues:
            return queue_forecast_files(self.by_queue, self.histories, self.config)
        return forecast_files(self.by_queue[qs.NO_QUEUE], self.histories[qs.NO_QUEUE],
                              self.config)


def _fan_out(func, jobs: dict, scheduler: str | None, workers: int | None, label: str,
             progress: Progress) -> dict:
    where = choose_scheduler(scheduler, len(jobs))
    how = ("serially" if where is None else "in local processes" if where == PROCESSES
           else f"on Dask ({where})")
    progress.note(f"{label}: {len(jobs)} queues, {how}")
    return run_by_queue(func, jobs, scheduler=where, workers=workers,
                        progress=lambda done, total, what: progress.step(label, done, total,
                                                                         what))


def _steps(progress: Progress, label: str):
    return lambda done, total, what: progress.step(label, done, total, what)


def make_forecast(history: Source | History | dict[str, History],
                  config: Config | None = None, *, days: int | None = None,
                  month: str | None = None, special_days: str | Path | None = None,
                  scheduler: str | None = "auto", workers: int | None = None,
                  progress: Progress = QUIET) -> Forecast:
    """Backtest, choose and forecast: `days` after the history or one `month` (YYYY-MM),
    else `[forecast] horizon_days`. A history with queues is forecast queue by queue,
    serially or on Dask (`scheduler`: auto, serial, local or a scheduler's address)."""
    config = config or load_config()
    if days is not None and month is not None:
        raise InputError("give --days or --month, not both")
    histories = _histories(history, config)
    if list(histories) == [qs.NO_QUEUE]:
        result = run_forecast(histories[qs.NO_QUEUE], config,
                              calendar_from_config(config, special_days), days=days,
                              month=month, progress=_steps(progress, "backtest"))
        results = {qs.NO_QUEUE: result}
    else:
        jobs = qs.jobs(histories, config, special_days=special_days, days=days, month=month)
        results = _fan_out(qs.forecast_job, jobs, scheduler, workers, "forecast", progress)
    out = Forecast(results, histories, config)
    frames.check(out.daily, "forecast_daily")
    frames.check(out.intervals, "forecast_intervals")
    return out


def backtest(history: Source | History, config: Config | None = None, *, horizon: int = 28,
             origins: int = 6, step: int | None = None, end: str | None = None,
             models: list[str] | None = None, special_days: str | Path | None = None,
             progress: Progress = QUIET) -> BacktestResult:
    """Rolling-origin backtest of the models (default: all) on the centre's history; the
    last window ends on `end` (YYYY-MM-DD, default the history's last day)."""
    config = config or load_config()
    if horizon < 1 or origins < 1 or (step is not None and step < 1):
        raise InputError("--horizon, --origins and --step must be 1 or more")
    names = check_models(models or list(CANDIDATES), "--models")
    hist = load_history(history, config)
    end_day = None
    if end:
        end_day = pd.to_datetime(end, format="ISO8601", errors="coerce")
        if pd.isna(end_day):
            raise InputError(f"--end: expected a date YYYY-MM-DD, got {end!r}")
        if end_day > hist.last_day:
            raise InputError(f"--end {end} is after the last day of history "
                             f"({hist.last_day.date()})")
    forecaster = DailyForecaster(hist.daily, calendar_from_config(config, special_days),
                                 config.forecast["calibration_windows"])
    return _backtest(forecaster, names, horizon, origins, step or horizon, end=end_day,
                     levels=tuple(config.forecast["levels"]),
                     combine=config.forecast["combine"], progress=_steps(progress, "backtest"))


def _between(frame: pd.DataFrame, start: str | None, end: str | None) -> pd.DataFrame:
    """The rows whose interval starts on or after `start` and before `end` (each optional,
    on the centre's wall clock)."""
    times = wall_clock(pd.to_datetime(frame["interval_start"]))
    keep = pd.Series(True, index=frame.index)
    if start:
        keep &= times >= pd.Timestamp(start)
    if end:
        keep &= times < pd.Timestamp(end)
    return frame[keep]


# --- staffing --------------------------------------------------------------------------

@dataclass(frozen=True)
class Staffing:
    """Requirements per interval: agents on the phones and staff to roster, with the
    service level, ASA and occupancy they give (a `queue` column with queues)."""

    requirements: pd.DataFrame
    config: Config

    def summary(self) -> list[str]:
        """Peak agents and staff, hours, the service level; with queues the pooled team."""
        return staffing_summary(self.requirements, self.config)

    def chart(self, start: str | None = None, end: str | None = None, title: str = ""):
        """Agents and staff per interval from `start` up to `end` (dates; default all),
        with the mean by weekday and time of day (a matplotlib Figure)."""
        from wfm.schedule.staffing.charts import requirements_chart

        req = self.requirements
        if "queue" in req:
            from wfm.schedule.staffing.queues import rollup_requirements

            req = rollup_requirements(req)
        return requirements_chart(_between(req, start, end),
                                  title or "agents and staff required per interval")

    def files(self, name: str = "requirements") -> dict[str, Writer]:
        """NAME.csv and NAME.png; with queues also NAME_total.csv."""
        return staffing_files(self.requirements, self.config, name)


def staff(intervals: Source | Forecast, config: Config | None = None) -> Staffing:
    """Agents and staff per interval for the service goal (each queue for its own) from
    an interval forecast: a Forecast, forecast_intervals.csv or its frame."""
    config = config or load_config()
    if isinstance(intervals, Forecast):
        frame = intervals.intervals
    elif isinstance(intervals, pd.DataFrame):  # plain times are the centre's wall clock
        frame = intervals.assign(interval_start=localize(
            pd.to_datetime(intervals["interval_start"]), config.centre["timezone"],
            skipped="NaT"))
        if frame["interval_start"].isna().any():
            raise InputError(f"interval {frame['interval_start'].isna().to_numpy().argmax() + 1}"
                             " starts at a time the centre's clocks skip; give its UTC offset")
    else:
        frame = load_interval_forecast(intervals, config.centre["timezone"])
    try:
        if "queue" in frame:
            req = staff_queues(frame, config)
        else:
            req = requirements(frame, config, calendar_from_config(config))
    except InputError:
        raise
    except ValueError as exc:  # a forecast the staffing stage cannot size
        source = intervals if isinstance(intervals, str | Path) else None
        raise InputError(str(exc), file=source) from None
    frames.check(req, "requirements")
    return Staffing(req, config)


# --- roster ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Roster:
    """A month's roster of named staff, one solved team without queues or one per skill
    set with them; `summary_table` is roster_summary.csv."""

    teams: list[SolvedTeam]
    summary_table: pd.DataFrame
    writers: dict[str, Writer] = field(repr=False)

    @property
    def long(self) -> pd.DataFrame:
        """roster_long: one row per person, day and activity (the HR and payroll form)."""
        from wfm.schedule.roster import exports

        return pd.concat([exports.roster_long(t.result) for t in self.teams],
                         ignore_index=True)

    @property
    def grid(self) -> pd.DataFrame:
        """roster_grid: one row per person, one shift code per date."""
        from wfm.schedule.roster import exports

        return pd.concat([exports.roster_grid(t.result) for t in self.teams],
                         ignore_index=True)

    @property
    def coverage(self) -> pd.DataFrame:
        """coverage: required against scheduled staff per open interval (teams added)."""
        from wfm.schedule.roster import exports

        parts = [exports.coverage(t.result) for t in self.teams]
        if len(parts) == 1:
            return parts[0]
        return pd.concat(parts).groupby("interval_start", sort=True)[
            ["required", "scheduled"]].sum().reset_index()

    def chart(self, start: str | None = None, end: str | None = None, title: str = ""):
        """Required against scheduled staff per open interval from `start` up to `end`
        (dates; default the month), shortfalls shaded (a matplotlib Figure)."""
        from wfm.schedule.roster.charts import coverage_chart

        return coverage_chart(_between(self.coverage, start, end),
                              title or "required and scheduled staff")

    def summary(self) -> list[str]:
        """Status, gap, paid hours against the lower bound, cost and service, per team; then
        each stretch of open hours below the floor on the phones, with why and a fix."""
        return roster_lines(self.summary_table) + shortfall_lines(self.teams)

    def files(self) -> dict[str, Writer]:
        """roster_long, roster_grid, coverage, roster_summary, roster_penalties, chart."""
        return dict(self.writers)


def _requirements_frame(req: Source | Staffing, config: Config) -> pd.DataFrame:
    if isinstance(req, Staffing):
        return req.requirements
    if isinstance(req, pd.DataFrame):
        return req
    from wfm.schedule.staffing.requirements import load_requirements

    return load_requirements(req, config, calendar_from_config(config))


def roster(requirements: Source | Staffing, month: str, config: Config,
           employees: str | Path, time_off: str | Path | None = None, *,
           time_limit: float | None = None, seed: int | None = None,
           workers: int | None = None, progress: Progress = QUIET) -> Roster:
    """Shifts, breaks and days off for the named staff over `month` (YYYY-MM), at least
    cost within every contract rule; solver settings default to `[roster]`."""
    parse_month(month)
    req = _requirements_frame(requirements, config)
    solved = roster_month(req, month, config, calendar_from_config(config), employees,
                          time_off, time_limit=time_limit, seed=seed, workers=workers,
                          progress=progress.solver)
    table, writers = roster_files(solved, config, month)
    return Roster(solved, table, writers)


def export(roster: str | Path | pd.DataFrame, config: Config, employees: str | Path, *,
           profile: str = "utc", date_format: str | None = None) -> pd.DataFrame:
    """A roster (roster_long.csv, or its frame) as HR and WFM systems import it: one row
    per activity, the employees file's own columns (e-mail, user name, payroll id, ...)
    beside each person, times in UTC (`profile="utc"`) or local with their offset
    (`"local"`, or in `date_format`)."""
    from wfm.schedule.report.inputs import load_roster_long
    from wfm.schedule.roster.profiles import employee_extras, export_roster

    tz = config.centre["timezone"]
    if isinstance(roster, pd.DataFrame):  # Roster.long: times as text with their offset
        long = roster.assign(**{c: parse_times(roster[c].astype(str), Path("roster"), c, tz)[0]
                                for c in ("start", "end") if roster[c].dtype == object})
    else:
        long = load_roster_long(roster, tz)
    return export_roster(long, employee_extras(employees), tz, profile, date_format)


# --- the year --------------------------------------------------------------------------

def plan_year(history: Source | History, config: Config, year: int,
                 employees: str | Path, time_off: str | Path | None = None,
                 overhauls: str | Path | None = None, *, time_limit: float | None = None,
                 seed: int | None = None, workers: int | None = None,
                 progress: Progress = QUIET) -> YearPlan:
    """A year by week: annual leave and overhauls in the quiet weeks, hires for the busy
    ones; the year's volume from the history where it covers the year, else forecast."""
    hist = load_history(history, config)
    out = solve_year(hist, config, calendar_from_config(config), year, employees, time_off,
                    overhauls, time_limit=time_limit, seed=seed, workers=workers,
                    backtest_progress=_steps(progress, "backtest"),
                    progress=lambda text: progress.solver("season", text))
    frames.check(out.leave, "leave_plan")
    frames.check(out.capacity, "capacity")
    return out


# --- the month, end to end -------------------------------------------------------------

@dataclass(frozen=True)
class Plan:
    """What `wfm plan` makes: the forecast, the requirements, and when staff are given the
    roster (and the year plan when asked)."""

    month: str
    forecast: Forecast
    staffing: Staffing
    roster: Roster | None = None
    year: YearPlan | None = None

    def summary(self) -> list[str]:
        """The history, then each stage's summary in order."""
        hist = self.forecast.history()
        queues = "" if not self.forecast.has_queues else \
            f" in {len(self.forecast.histories)} queues"
        lines = [f"history: {hist.form}, {hist.first_day.date()} to {hist.last_day.date()}, "
                 f"{hist.daily.sum():,.0f} contacts{queues}"]
        lines += self.forecast.summary() + self.staffing.summary()
        lines += self.roster.summary() if self.roster else []
        lines += self.year.summary() if self.year else []
        return lines

    def files(self) -> dict[str, Writer]:
        """Every stage's files."""
        out = {**self.forecast.files(), **self.staffing.files()}
        out.update(self.roster.files() if self.roster else {})
        out.update(self.year.files() if self.year else {})
        return out


def plan(history: Source | History | dict[str, History], config: Config | None = None, *,
         month: str | None = None, employees: str | Path | None = None,
         time_off: str | Path | None = None, year: int | None = None,
         overhauls: str | Path | None = None, time_limit: float | None = None,
         seed: int | None = None, workers: int | None = None,
         scheduler: str | None = "auto", dask_workers: int | None = None,
         progress: Progress = QUIET) -> Plan:
    """history -> forecast -> requirements -> roster (with `employees`) -> year plan (with
    `year`) for `month` (default: the month after the history). With queues, each queue
    is forecast and staffed as one task; teams come from the staff's skills."""
    config = config or load_config()
    if year is not None and not employees:
        raise InputError("--season needs --employees (the team whose leave it plans)")
    if employees:  # the staff files and the config's reach, before the forecast's minutes
        check_team(config, calendar_from_config(config), employees, time_off)
    if overhauls:
        load_overhauls(overhauls)
    histories = _histories(history, config)
    whole = qs.total_history(histories)
    month = month or default_month(whole)
    parse_month(month)
    if list(histories) == [qs.NO_QUEUE]:
        fc = make_forecast(histories, config, month=month, progress=progress)
        req = requirements(fc.intervals, config, calendar_from_config(config))
    else:
        done = _fan_out(plan_job, qs.jobs(histories, config, month=month), scheduler,
                        dask_workers, "plan", progress)
        fc = Forecast({q: r for q, (r, _) in done.items()}, histories, config)
        req = qs.with_queue({q: r for q, (_, r) in done.items()})
    frames.check(req, "requirements")
    staffing = Staffing(req, config)
    rostered = None
    if employees:
        rostered = roster(staffing, month, config, employees, time_off,
                          time_limit=time_limit, seed=seed, workers=workers,
                          progress=progress)
    planned = None
    if year is not None:
        planned = plan_year(whole, config, year, employees, time_off, overhauls,
                               seed=seed, workers=workers, progress=progress)
    return Plan(month, fc, staffing, rostered, planned)


# --- what-if, simulation, report ---------------------------------------------------------

@dataclass(frozen=True)
class WhatIf:
    """Scenarios side by side (whatif.csv): FTE, paid hours, cost, service by Erlang A and
    simulated, against the baseline."""

    table: pd.DataFrame
    scenarios: ScenarioSet
    month: str
    forecast: ForecastResult
    history: History
    centre: str

    def summary(self) -> list[str]:
        """The history and month, the forecast, then the table as text."""
        h = self.history
        return [f"history: {h.form}, {h.first_day.date()} to {h.last_day.date()}, "
                f"{h.daily.sum():,.0f} contacts; planning {self.month}",
                *self.forecast.summary(), *whatif_lines(self.table)]

    def chart(self):
        """FTE and cost per scenario, and service level by Erlang A beside the simulated
        figure (a matplotlib Figure)."""
        from wfm.schedule.whatif.charts import whatif_chart

        return whatif_chart(self.table, f"{self.centre}: what-if scenarios, {self.month}",
                            self.scenarios.baseline)

    def files(self) -> dict[str, Writer]:
        """whatif.csv and whatif.png."""
        return whatif_files(self.table, f"{self.centre}: what-if scenarios, {self.month}",
                            self.scenarios.baseline)


def whatif(scenarios: str | Path | dict | ScenarioSet, config: Config | None = None, *,
           history: Source | History | None = None, month: str | None = None,
           forecast: Forecast | None = None, employees: str | Path | None = None,
           time_off: str | Path | None = None, time_limit: float | None = None,
           seed: int | None = None, workers: int | None = None,
           replications: int | None = None, progress: Progress = QUIET) -> WhatIf:
    """Forecast the month once (or take `forecast`), then staff, cost and simulate each
    scenario. `scenarios` is a scenario file, its parsed TOML (a dict) or a ScenarioSet;
    the history, month and staff default to its `[whatif]` table."""
    config = config or load_config()
    if isinstance(scenarios, dict):
        scenarios = parse_scenarios(scenarios, "scenarios")
    sset = scenarios if isinstance(scenarios, ScenarioSet) else load_scenarios(scenarios)
    if forecast is not None:
        if forecast.has_queues:
            raise InputError("what-if plans the centre as one queue: give a forecast of "
                             "a history without queues")
        history = forecast.histories[qs.NO_QUEUE]
        month = month or str(forecast.daily["date"].iloc[0].to_period("M"))
    history, employees, time_off = sset.inputs(history, employees, time_off)
    hist = load_history(history, config)
    month = month or sset.month or default_month(hist)
    parse_month(month)
    team = None
    if any(s.roster for s in sset.scenarios):
        if not employees:
            raise InputError("a scenario has roster = true: give --employees or [whatif] "
                             "employees", file=sset.path)
        team = roster_inputs(config, employees, time_off, time_limit=time_limit, seed=seed,
                             workers=workers)
    cal = calendar_from_config(config)
    if forecast is not None:
        result = forecast.by_queue[qs.NO_QUEUE]
    else:
        result = run_forecast(hist, config, cal, month=month,
                              progress=_steps(progress, "backtest"))
    try:
        table = run_whatif(sset, result.intervals, config, cal, roster=team, seed=seed,
                           replications=replications, progress=_steps(progress, "scenario"))
    except InfeasiblePlan as exc:
        raise InputError(f"no roster meets every rule: {exc}") from None
    frames.check(table, "whatif")
    return WhatIf(table, sset, month, result, hist, config.centre["name"])


@dataclass(frozen=True)
class Simulation:
    """A plan simulated per interval and overall, beside Erlang C and A for the same
    agents, with 95% intervals over replications."""

    intervals: pd.DataFrame
    summary_table: pd.DataFrame
    replications: int
    calls_simulated: int
    centre: str

    def summary(self) -> list[str]:
        """Calls simulated, then each KPI with its interval and the Erlang figures."""
        lines = [f"simulated {self.calls_simulated:,} calls in {self.replications} "
                 "replications"]
        for row in self.summary_table.itertuples():
            ref = (f"; Erlang C {row.erlang_c:.4g}, Erlang A {row.erlang_a:.4g}"
                   if pd.notna(row.erlang_c) else "")
            lines.append(f"  {row.kpi:<14} {row.value:.4g}  (95% CI {row.lo:.4g} to "
                         f"{row.hi:.4g}){ref}")
        return lines

    def files(self) -> dict[str, Writer]:
        """simulation_intervals.csv, simulation_summary.csv, simulation.png."""
        return simulation_files(self.intervals, self.summary_table,
                                f"{self.centre}: simulated plan")


def simulate(plan: Source, config: Config | None = None, *,
             contacts: str | Path | None = None, handle: str = "exponential",
             replications: int = 10, seed: int = 0, abandon: bool = True,
             progress: Progress = QUIET) -> Simulation:
    """Simulate a staffing plan (requirements.csv or coverage.csv, or their frame) with a
    discrete-event model: Poisson arrivals, or arrivals replayed from `contacts`."""
    import numpy as np

    config = config or load_config()
    if replications < 2:
        raise InputError("--replications: expected 2 or more (for a confidence interval)")
    if handle == "empirical" and not contacts:
        raise InputError("--handle empirical needs --contacts (the handle times to resample)")
    svc = config.service
    frame = plan.copy() if isinstance(plan, pd.DataFrame) else \
        load_plan(plan, config.centre["timezone"], svc["shrinkage"])
    if "aht_seconds" not in frame:
        frame["aht_seconds"] = svc["aht_seconds"]
    frame["aht_seconds"] = frame["aht_seconds"].fillna(svc["aht_seconds"])
    interval_seconds = config.centre["interval_minutes"] * 60.0
    patience = svc["patience_seconds"] if abandon else None
    pool = replayed = None
    if contacts:
        hist = load_history(contacts, config)
        if hist.contacts is None:
            raise InputError("--contacts needs contact records (one row per contact)",
                             file=contacts)
        served = hist.contacts[agent_served(hist.contacts, config.history["no_agent"])]
        pool = served["handle_seconds"].to_numpy(dtype=float)
        replayed = replay_calls(hist.contacts, frame["interval_start"].iloc[0], len(frame),
                                interval_seconds, pool, np.random.default_rng(seed))
    result = _simulate(frame, interval_seconds=interval_seconds,
                       answer_seconds=svc["answer_seconds"], patience_seconds=patience,
                       replications=replications, seed=seed, contacts=replayed,
                       handle_pool=pool if handle == "empirical" else None,
                       progress=_steps(progress, "simulation"))
    erlang = erlang_reference(frame, interval_seconds, svc["answer_seconds"], patience)
    return Simulation(result.intervals.assign(**erlang["intervals"]),
                      result.summary.merge(erlang["summary"], on="kpi", how="left"),
                      replications, result.calls_simulated, config.centre["name"])


@dataclass(frozen=True)
class Report:
    """The KPI report: kpis (kpi, value, unit), definitions, what is not available and
    why, and the frames its charts draw."""

    data: ReportData
    config: Config

    @property
    def kpis(self) -> pd.DataFrame:
        """kpis.csv: one row per KPI."""
        return self.data.kpis

    def summary(self) -> list[str]:
        """The KPI table, definitions and gaps as text."""
        return report_lines(self.data)

    def files(self) -> dict[str, Writer]:
        """report.html, kpis.csv (kpis_by_queue.csv with queues) and the chart PNGs."""
        return report_files(self.data, self.config.service["goal"],
                            self.config.forecast["season_band"])


def report(history: Source, config: Config | None = None, *,
           forecast: str | Path | None = None, coverage: str | Path | None = None,
           roster: str | Path | None = None, employees: str | Path | None = None,
           driver: str | Path | None = None, month: str | None = None,
           short_abandon: float = 0.0, surveys: str | Path | None = None,
           activity: str | Path | None = None, tickets: str | Path | None = None) -> Report:
    """KPIs looked back over a history and whichever plan files are given: service,
    handle time, forecast accuracy, schedule fit and adherence, paid hours, cost, drivers,
    surveys, tickets, and each [[goal]]'s status."""
    config = config or load_config()
    inputs = load_report_inputs(history, config, forecast=forecast, coverage=coverage,
                                roster=roster, employees=employees, driver=driver,
                                month=month, short_abandon=short_abandon, surveys=surveys,
                                activity=activity, tickets=tickets)
    data = build_report(inputs)
    if history_has_column(history, config.history["queue"]):
        data.by_queue = queue_kpis(qs.load_queue_histories(history, config), inputs)
    frames.check(data.kpis, "kpis")
    return Report(data, config)


# --- files -------------------------------------------------------------------------------

def write_files(out: str | Path, files: dict[str, Writer],
                protect: tuple[str | Path, ...] = (), clean: bool = False) -> list[Path]:
    """Write every file into the `out` folder, all of them or none (a fresh folder beside
    it, moved in at the end); never over a path in `protect` (the run's inputs); `clean`
    removes the files an earlier run left there."""
    return write_all(out, files, protect, clean)
