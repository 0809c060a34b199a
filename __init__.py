"""wfm: workforce forecasting and scheduling for contact centres.

The whole chain on DataFrames and paths, in the order the work flows (`wfm.api`)::

    import wfm
    config = wfm.load_config("data/config.toml")
    history = wfm.load_history("data/history.csv", config)
    forecast = wfm.make_forecast(history, config, month="2026-12")
    staffing = wfm.staff(forecast, config)
    roster = wfm.roster(staffing, "2026-12", config, "data/employees.csv")
    wfm.write_files("out", {**forecast.files(), **staffing.files(), **roster.files()})

Names load on first use, so `import wfm` (and `wfm --help`) stays quick. The forecast is
`make_forecast`, not `forecast`: `wfm.forecast` is the forecast stage's package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# name -> the module that defines it; `__all__` lists exactly these (tests/test_public_api.py)
_EXPORTS = {
    "load_config": "wfm.api", "load_history": "wfm.api", "load_queues": "wfm.api",
    "calendar": "wfm.api", "make_forecast": "wfm.api", "backtest": "wfm.api",
    "staff": "wfm.api", "roster": "wfm.api", "plan_year": "wfm.api", "plan": "wfm.api",
    "whatif": "wfm.api", "simulate": "wfm.api", "report": "wfm.api",
    "write_files": "wfm.api", "export": "wfm.api",
    "Forecast": "wfm.api", "Staffing": "wfm.api", "Roster": "wfm.api", "Plan": "wfm.api",
    "WhatIf": "wfm.api", "Simulation": "wfm.api", "Report": "wfm.api",
    "YearPlan": "wfm.schedule.yearplan.plan",
    "Config": "wfm.core.config", "Calendar": "wfm.core.calendar",
    "History": "wfm.forecast.history", "ForecastResult": "wfm.forecast.pipeline",
    "Progress": "wfm.core.progress",
    "InputError": "wfm.core.errors", "InfeasiblePlan": "wfm.core.errors",
    "NotEnoughHistory": "wfm.core.errors", "SolverTimeout": "wfm.core.errors",
    "required_agents": "wfm.schedule.staffing.agents",
    "service_level": "wfm.schedule.staffing.agents",
}

__all__ = [
    "Calendar", "Config", "Forecast", "ForecastResult", "History", "InfeasiblePlan",
    "InputError", "NotEnoughHistory", "Plan", "Progress", "Report", "Roster", "Simulation",
    "SolverTimeout", "Staffing", "WhatIf", "YearPlan", "backtest", "calendar", "export",
    "load_config",
    "load_history", "load_queues", "make_forecast", "plan", "plan_year", "report",
    "required_agents", "roster", "service_level", "simulate", "staff", "whatif", "write_files",
]

if TYPE_CHECKING:  # for type checkers and editors; at run time names load on first use
    from wfm.api import (
        Forecast,
        Plan,
        Report,
        Roster,
        Simulation,
        Staffing,
        WhatIf,
        backtest,
        calendar,
        export,
        load_config,
        load_history,
        load_queues,
        make_forecast,
        plan,
        plan_year,
        report,
        roster,
        simulate,
        staff,
        whatif,
        write_files,
    )
    from wfm.core.calendar import Calendar
    from wfm.core.config import Config
    from wfm.core.errors import InfeasiblePlan, InputError, NotEnoughHistory, SolverTimeout
    from wfm.core.progress import Progress
    from wfm.forecast.history import History
    from wfm.forecast.pipeline import ForecastResult
    from wfm.schedule.staffing.agents import required_agents, service_level
    from wfm.schedule.yearplan.plan import YearPlan


def __getattr__(name: str) -> Any:
    """Load a public name from its module on first use."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'wfm' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
