"""CP-SAT as the roster and the season plan run it: solvers that give the same answer
from the same inputs and seed, a solve that Ctrl-C and SIGTERM stop at once, and progress
lines (time so far, what the plan costs (pay and priced late calls), the best possible,
and how close the plan is to it)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from wfm.core import interrupts

Progress = Callable[[str], None]

# A time limit is spent as this much of CP-SAT's deterministic work a second. The work
# clock runs at 0.7 to 1 work-second per second on the roster's and the season's models
# on two cores, so a season of 60 s takes about 85 s; at 0.75 it kept to 60 s but its
# leave landed in less quiet weeks (the sample's test of it failed).
WORK_PER_SECOND = 1.0
# Wall-clock seconds a solve may take per second of its limit before it is cut: a
# backstop for a slow or busy machine, never reached on one as fast as the work clock
# (a 60 s season takes about 85 s alone on two cores, about 170 s beside another solve).
WALL_MARGIN = 5.0
# ...and never less than this: a roster's short stages (half a second of work each) were
# cut after 2.5 s on a busy machine (two test processes, each solving on two threads),
# and the same month then came out differently run to run
WALL_FLOOR = 30.0


def new_solver(seconds: float, seed: int = 0, workers: int = 1) -> cp_model.CpSolver:
    """A solver that stops after `seconds` (times WORK_PER_SECOND) of CP-SAT's
    deterministic work clock, so the same model, seed and workers give the same answer
    run after run on one machine (several workers search interleaved, which keeps them
    deterministic too); the wall-clock limit is WALL_MARGIN times `seconds`, at least
    WALL_FLOOR. Ctrl-C is left to wfm, not the solver."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    seconds = max(float(seconds), 0.05)
    params.max_deterministic_time = seconds * WORK_PER_SECOND
    params.max_time_in_seconds = max(seconds * WALL_MARGIN, WALL_FLOOR)
    params.random_seed = int(seed)
    params.num_workers = max(int(workers), 1)
    params.interleave_search = workers > 1
    params.catch_sigint_signal = False
    return solver


def run(solver: cp_model.CpSolver, model: cp_model.CpModel,
        callback: cp_model.CpSolverSolutionCallback | None = None) -> int:
    """solver.Solve(model) on a worker thread while this one waits, so that Ctrl-C or
    SIGTERM (raised here, in the main thread) stops the search within a moment and goes
    on up instead of being swallowed by the solver."""
    out: list[int] = []
    failed: list[BaseException] = []
    done = threading.Event()  # set by the worker: a join cut short by Ctrl-C can lie

    def work() -> None:
        try:
            out.append(solver.Solve(model, callback) if callback else solver.Solve(model))
        except BaseException as exc:  # handed to the waiting thread
            failed.append(exc)
        finally:
            done.set()

    threading.Thread(target=work, name="cp-sat", daemon=True).start()
    try:
        while not done.wait(0.1):
            pass
    except BaseException:
        if interrupts.leaving():  # the command line exits at once (core/interrupts.py)
            interrupts.abandoned.set()
            raise
        solver.StopSearch()
        _wait_out(done)  # the solver must be gone before Python exits, or C++ aborts
        raise
    if failed:
        raise failed[0]
    return out[0]


def _wait_out(done: threading.Event) -> None:
    """Wait for a stopped solve to return, through further Ctrl-C presses."""
    while True:
        try:
            if done.wait(0.1):
                return
        except BaseException:  # pressed again: keep waiting, it is stopping
            continue


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
        cost = self.ObjectiveValue() / self.scale
        bound = self.BestObjectiveBound() / self.scale
        self.progress(f"{seconds:6.1f} s  plan costs {cost:,.0f}  best possible >= "
                      f"{bound:,.0f}  ({closeness(cost, bound)})")


def closeness(cost: float, bound: float) -> str:
    """How far a plan may be from the best, in words: "within 4.2% of the best" once the
    solver has proved a bound within half the cost, "no (useful) bound proved yet"
    before."""
    if bound <= 0 or cost <= 0:
        return "no bound proved yet" if cost > 0 else "the best possible"
    gap = max(cost - bound, 0.0) / cost
    if gap >= 0.5:  # a bound a fraction of the cost says nothing a planner can use
        return "no useful bound proved yet"
    return f"within {gap:.1%} of the best"
