"""What-if scenarios side by side: each one staffed, costed and simulated on one forecast.

The forecast is made once; each scenario changes copies of the interval forecast, the
config and the calendar (schedule.scenario_inputs), is staffed by the requirements stage,
optionally rostered (CP-SAT) or given a fixed team instead, and is then simulated with
abandonment (patience from the config) beside the Erlang A figures for the same agents.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from wfm.core.calendar import Calendar
from wfm.core.clock import wall_clock
from wfm.core.config import Config, solver_settings
from wfm.core.errors import InfeasiblePlan, InputError
from wfm.forecast.history import History
from wfm.schedule.roster.month import load_team
from wfm.schedule.roster.shifts import Contract, load_contracts, load_shifts
from wfm.schedule.roster.staff import Employee
from wfm.schedule.staffing.agents import agents_on_phones
from wfm.schedule.staffing.requirements import requirements
from wfm.schedule.whatif.inputs import scenario_calendar, scenario_config, scenario_intervals
from wfm.schedule.whatif.scenarios import Scenario, ScenarioSet
from wfm.schedule.whatif.service import service_figures

Progress = Callable[[int, int, str], None]
DEFAULT_FTE_HOURS = 40.0

COLUMNS = ["scenario", "plan", "volume", "goal", "required_fte", "paid_hours", "cost",
           "cost_per_contact", "service_level_erlang_a", "service_level_sim",
           "service_level_sim_lo", "service_level_sim_hi", "asa_erlang_a", "asa_sim",
           "asa_sim_lo", "asa_sim_hi", "abandonment_erlang_a", "abandonment_sim",
           "abandonment_sim_lo", "abandonment_sim_hi", "occupancy_erlang_a", "occupancy_sim",
           "fte_change", "cost_change"]


@dataclass(frozen=True)
class Costing:
    """What a full-time equivalent works and what an hour costs.

    `fte_hours` is the full-time contract's maximum weekly hours (the contract with the
    most), or `[whatif] fte_hours_per_week`; `cost_per_hour` is that contract's rate (NaN
    without contracts). Hires work the `[season] hire_contract` (else full-time) maximum.
    """

    fte_hours: float
    cost_per_hour: float
    hire_hours: float
    hire_cost_per_hour: float
    schedule_efficiency: float


@dataclass(frozen=True)
class RosterInputs:
    """Named staff and solver settings for scenarios with `roster = true`."""

    employees: list[Employee]
    contracts: dict[str, Contract]
    shifts: dict
    time_off: pd.DataFrame
    time_limit: float
    seed: int
    workers: int


def default_month(history: History) -> str:
    """The first whole month after the history (YYYY-MM)."""
    nxt = history.last_day + pd.Timedelta(days=1)
    return str(nxt.to_period("M") + (0 if nxt.day == 1 else 1))


def costing(config: Config, scenarios: ScenarioSet) -> Costing:
    """FTE hours and hourly costs from the config's contracts (see `Costing`)."""
    contracts = load_contracts(config, load_shifts(config)) if config.contracts else {}
    full = max(contracts.values(), key=lambda c: c.hours_max, default=None)
    fte = scenarios.fte_hours_per_week or (full.hours_max if full else DEFAULT_FTE_HOURS)
    rate = full.cost_per_hour if full else float("nan")
    hire = full
    name = config.season["hire_contract"]
    if name:
        if name not in contracts:
            raise InputError(f"[season] hire_contract: no contract is called {name!r}",
                             file=config.path or "config")
        hire = contracts[name]
    return Costing(fte_hours=fte, cost_per_hour=rate,
                   hire_hours=hire.hours_max if hire else fte,
                   hire_cost_per_hour=hire.cost_per_hour if hire else rate,
                   schedule_efficiency=config.season["schedule_efficiency"])


def run_whatif(scenarios: ScenarioSet, intervals: pd.DataFrame, config: Config,
               calendar: Calendar, *, roster: RosterInputs | None = None,
               seed: int | None = None, replications: int | None = None,
               progress: Progress | None = None) -> pd.DataFrame:
    """One row per scenario: volume, required FTE, paid hours, cost, and service figures.

    `intervals` is the interval forecast of the month (run once, shared). FTE: required
    staff-hours (staff per interval, shrinkage included) over `fte_hours` x weeks in the
    plan (days / 7). Paid hours: staff-hours / `[season] schedule_efficiency` (a roster of
    whole shifts pays more than bare staff-hours); a roster scenario's own paid hours; or,
    with a headcount, the team's hours. Cost = paid hours x the hourly rate (`Costing`).
    Every scenario is simulated with the same seed (common random numbers), with
    `replications` runs (default: the scenario file's); 0 gives the Erlang A figures only
    and NaN in the simulated columns.
    """
    cost = costing(config, scenarios)
    seed = scenarios.seed if seed is None else seed
    replications = scenarios.replications if replications is None else replications
    if replications != 0 and replications < 2:
        raise InputError(f"replications: expected 0 (Erlang A only) or 2 or more, got "
                         f"{replications}", file=scenarios.path)
    if any(s.roster for s in scenarios.scenarios) and roster is None:
        raise InputError("a scenario has roster = true: give the employees ([whatif] "
                         "employees or --employees)", file=scenarios.path)
    rows = []
    total = len(scenarios.scenarios)
    for i, scenario in enumerate(scenarios.scenarios):
        if progress:
            progress(i, total, scenario.name)
        rows.append(_scenario_row(scenario, scenarios, intervals, config, calendar, cost,
                                  roster, seed, replications))
    if progress:
        progress(total, total, "done")
    table = pd.DataFrame(rows)
    base = table.set_index("scenario").loc[scenarios.baseline]
    table["fte_change"] = table["required_fte"] - base["required_fte"]
    table["cost_change"] = table["cost"] - base["cost"]
    return table[COLUMNS]


def _scenario_row(scenario: Scenario, scenarios: ScenarioSet, intervals: pd.DataFrame,
                  config: Config, calendar: Calendar, cost: Costing,
                  roster: RosterInputs | None, seed: int, replications: int) -> dict:
    """One scenario staffed (or rostered, or given its team), costed and simulated."""
    cfg = scenario_config(config, scenario)
    cal = scenario_calendar(calendar, cfg)
    frame = scenario_intervals(intervals, scenario, cal, scenarios.path)
    try:
        req = requirements(frame, cfg, cal)
    except ValueError as exc:
        raise InputError(f"scenario '{scenario.name}': {exc}", file=scenarios.path) from None
    hours_per_interval = cal.interval_minutes / 60.0
    days = pd.DatetimeIndex(req["interval_start"]).normalize().nunique()
    weeks = days / 7.0
    staff_hours = float(req["staff"].sum() * hours_per_interval)
    agents = req["agents"].to_numpy(dtype=float)
    if scenario.roster:
        agents, paid_hours, money, plan = _rostered(req, cfg, cal, roster, scenario)
    elif scenario.capacity_view:
        paid_hours = (scenario.headcount * cost.fte_hours + scenario.hires * cost.hire_hours
                      ) * weeks
        money = (scenario.headcount * cost.fte_hours * cost.cost_per_hour
                 + scenario.hires * cost.hire_hours * cost.hire_cost_per_hour) * weeks
        agents = _team_agents(req, paid_hours * cost.schedule_efficiency, hours_per_interval,
                              cfg.service["shrinkage"])
        plan = "headcount"
    else:
        paid_hours = staff_hours / cost.schedule_efficiency
        money = paid_hours * cost.cost_per_hour
        plan = "goal"
    volume = float(req["volume"].sum())
    figures = service_figures(req.assign(agents=agents), cfg, cal.interval_minutes * 60.0,
                              replications, seed)
    return {"scenario": scenario.name, "plan": plan, "volume": volume,
            "goal": cfg.service["goal"], "required_fte": staff_hours / (cost.fte_hours * weeks),
            "paid_hours": paid_hours, "cost": money,
            "cost_per_contact": money / volume if volume > 0 else float("nan"), **figures}


def _team_agents(req: pd.DataFrame, staff_hours: float, hours_per_interval: float,
                 shrinkage: float) -> np.ndarray:
    """A fixed team's staff-hours spread over the month in the shape of the requirement
    (an ideal roster), less shrinkage, rounded to whole agents per interval (per channel)."""
    need = req["staff"].to_numpy(dtype=float)
    total = need.sum() * hours_per_interval
    scale = staff_hours / total if total > 0 else 0.0
    return np.floor(need * scale * (1.0 - shrinkage) + 0.5)


def _rostered(req: pd.DataFrame, cfg: Config, cal: Calendar, inputs: RosterInputs,
              scenario: Scenario) -> tuple[np.ndarray, float, float, str]:
    """Roster named staff for the month; agents on the phones, paid hours and cost."""
    from wfm.schedule.roster import exports
    from wfm.schedule.roster.model import build_problem, solve
    from wfm.schedule.roster.reach import check_reach

    check_reach(inputs.shifts, inputs.contracts, cal, cfg.roster["overhang_minutes"],
                f"{cfg.path or 'config'} (scenario '{scenario.name}')")
    month = str(wall_clock(pd.DatetimeIndex(req["interval_start"])).to_period("M")[0])
    problem = build_problem(req, month, cfg, cal, inputs.employees, inputs.contracts,
                            inputs.shifts, inputs.time_off)
    try:
        result = solve(problem, time_limit=inputs.time_limit, seed=inputs.seed,
                       workers=inputs.workers)
    except InfeasiblePlan as exc:
        raise InfeasiblePlan(f"scenario '{scenario.name}': {exc}") from None
    kpis = exports.summary(result, cfg.service["goal"]).set_index("kpi")["value"]
    index = pd.date_range(problem.days[0], periods=len(problem.required),
                          freq=f"{problem.grid}min")
    # the roster's wall-clock coverage on the plan's intervals (both halves of a repeated
    # hour have the people rostered then)
    scheduled = pd.Series(result.coverage, index=index).reindex(
        wall_clock(pd.DatetimeIndex(req["interval_start"]))).fillna(0.0).to_numpy()
    agents = agents_on_phones(scheduled, cfg.service["shrinkage"])
    return agents, float(kpis["paid_hours"]), float(kpis["cost"]), "roster"


def roster_inputs(config: Config, employees: str | Path, time_off: str | Path | None, *,
                  time_limit: float | None = None, seed: int | None = None,
                  workers: int | None = None) -> RosterInputs:
    """Named staff and solver settings (the options over `[roster]`) for scenarios with
    roster = true."""
    shifts, contracts, staff, off = load_team(config, employees, time_off)
    solver = solver_settings(config, time_limit, seed, workers)
    return RosterInputs(employees=staff, contracts=contracts, shifts=shifts, time_off=off,
                        time_limit=solver.time_limit, seed=solver.seed,
                        workers=solver.workers)


def whatif_lines(table: pd.DataFrame) -> list[str]:
    """The side-by-side table as text, in the units a manager reads."""
    shown = pd.DataFrame({
        "scenario": table["scenario"], "plan": table["plan"],
        "contacts": table["volume"].map("{:,.0f}".format),
        "FTE": table["required_fte"].map("{:.1f}".format),
        "paid h": table["paid_hours"].map("{:,.0f}".format),
        "cost": _or_na(table["cost"], "{:,.0f}"),
        "per contact": _or_na(table["cost_per_contact"], "{:.2f}"),
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
        "cost change": _or_na(table["cost_change"], "{:+,.0f}"),
    })
    with pd.option_context("display.width", 250, "display.max_columns", 30):
        text = shown.to_string(index=False)
    lines = [*text.splitlines(), "ASA and abandonment: Erlang A / simulated"]
    if table["cost"].isna().any():
        lines.append("cost n/a: the config has no [[contract]] to take an hourly rate from")
    return lines


def _or_na(values: pd.Series, fmt: str) -> pd.Series:
    """Figures in `fmt`, and "n/a" where there is none (a cost without an hourly rate)."""
    return values.map(lambda v: "n/a" if pd.isna(v) else fmt.format(v))
