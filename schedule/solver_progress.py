"""Progress lines from a CP-SAT run, shared by the roster and the season plan: time so
far, the objective and the best bound, in currency."""

from __future__ import annotations

import time
from collections.abc import Callable

from ortools.sat.python import cp_model

Progress = Callable[[str], None]


class SolutionReporter(cp_model.CpSolverSolutionCallback):
    """Calls `progress` with one line per improving solution; `scale` turns objective
    units into currency, `started` (a perf_counter) times a run of several solves."""

    def __init__(self, progress: Progress | None, scale: float,
                 started: float | None = None) -> None:
        super().__init__()
        self.progress, self.scale, self.started = progress, scale, started

    def on_solution_callback(self) -> None:
        if not self.progress:
            return
        seconds = self.WallTime() if self.started is None else \
            time.perf_counter() - self.started
        self.progress(f"{seconds:6.1f} s  objective {self.ObjectiveValue() / self.scale:,.0f}"
                      f"  bound {self.BestObjectiveBound() / self.scale:,.0f}")
