"""CP-SAT as wfm runs it: progress lines (one per improving solution, with the time so far
and the objective and best bound in currency), a solve Ctrl-C stops at once, and a work
limit that gives the same answer run after run."""

from __future__ import annotations

import _thread
import re
import signal
import threading
import time

import pytest
from ortools.sat.python import cp_model

from wfm.schedule.solver import WALL_FLOOR, WALL_MARGIN, SolutionReporter, new_solver, run

LINE = re.compile(r"^ *(\d+\.\d) s  plan costs (-?[\d,]+)  best possible >= (-?[\d,]+)  "
                  r"\((within [\d.]+% of the best|no (useful )?bound proved yet|"
                  r"the best possible)\)$")


def _solve(model: cp_model.CpModel, reporter: SolutionReporter) -> int:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    return solver.Solve(model, reporter)


def _cheapest_cover(cents_x: int = 300, cents_y: int = 500):
    """Cover 7 units with x and y at these costs in cents: the optimum is 7 of x."""
    model = cp_model.CpModel()
    x, y = model.NewIntVar(0, 10, "x"), model.NewIntVar(0, 10, "y")
    model.Add(x + y >= 7)
    model.Minimize(cents_x * x + cents_y * y)
    # start from the dear answer so the solver improves on it
    model.AddHint(x, 0)
    model.AddHint(y, 7)
    return model


def test_each_line_shows_time_objective_and_bound_in_currency():
    lines: list[str] = []
    status = _solve(_cheapest_cover(), SolutionReporter(lines.append, scale=100.0))
    assert status == cp_model.OPTIMAL
    assert lines, "no solution was reported"
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), lines
    objectives = [int(m.group(2).replace(",", "")) for m in parsed]
    bounds = [int(m.group(3).replace(",", "")) for m in parsed]
    # 7 x 300 cents = 21 in currency; objectives only improve, and the bound stays below
    assert objectives[-1] == 21
    assert objectives == sorted(objectives, reverse=True)
    assert all(b <= o for b, o in zip(bounds, objectives, strict=True))
    assert all(float(m.group(1)) < 60 for m in parsed)  # the solver's own wall time


def test_large_objectives_are_grouped_by_thousands():
    model = cp_model.CpModel()
    z = model.NewIntVar(1, 5, "z")
    model.Minimize(1_234_567 * z)
    lines: list[str] = []
    _solve(model, SolutionReporter(lines.append, scale=1.0))
    assert lines[-1].endswith("plan costs 1,234,567  best possible >= 1,234,567  (within "
                              "0.0% of the best)")


def test_a_start_time_counts_from_the_first_of_several_solves():
    lines: list[str] = []
    started = time.perf_counter() - 1000.0  # as if an earlier solve took 1000 s
    _solve(_cheapest_cover(), SolutionReporter(lines.append, scale=100.0, started=started))
    seconds = [float(LINE.match(line).group(1)) for line in lines]
    assert all(1000.0 <= s < 1100.0 for s in seconds), lines


def test_without_progress_the_solve_runs_and_says_nothing(capsys):
    reporter = SolutionReporter(None, scale=100.0)
    assert _solve(_cheapest_cover(), reporter) == cp_model.OPTIMAL
    assert capsys.readouterr() == ("", "")


def _hard(n: int = 60) -> cp_model.CpModel:
    """A model CP-SAT does not finish in seconds: all different, alternating weights."""
    model = cp_model.CpModel()
    xs = [model.NewIntVar(0, 100, f"x{i}") for i in range(n)]
    for i in range(n - 1):
        model.Add(xs[i] + xs[i + 1] <= 100 + i % 7)
    model.AddAllDifferent(xs)
    model.Maximize(sum((i % 13 + 1) * x * (1 if i % 2 else -1) for i, x in enumerate(xs)))
    return model


def test_ctrl_c_stops_a_solve_at_once_and_goes_on_up():
    # the interrupt reaches the waiting thread, which stops the search and re-raises it;
    # the solver thread is gone before run() returns (Ctrl-C as a terminal delivers it: a
    # run a shell started in the background has it ignored)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        solver = new_solver(60, seed=0, workers=2)
        threading.Timer(0.5, _thread.interrupt_main).start()
        started = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            run(solver, _hard())
        assert time.monotonic() - started < 5
    finally:
        signal.signal(signal.SIGINT, previous)
    assert not [t for t in threading.enumerate() if t.name == "cp-sat"]


def test_a_work_limit_gives_the_same_answer_run_after_run():
    # cut by the deterministic work clock, not the wall clock: two workers interleaved
    values = []
    for _ in range(2):
        solver = new_solver(2.0, seed=3, workers=2)
        model = _hard(30)
        status = run(solver, model, SolutionReporter(None, scale=1.0))
        assert status in (cp_model.FEASIBLE, cp_model.OPTIMAL)
        values.append((solver.ObjectiveValue(), solver.parameters.max_time_in_seconds))
    assert values[0] == values[1] and values[0][1] == max(2.0 * WALL_MARGIN, WALL_FLOOR)
    # the wall clock is a backstop for a busy machine: a short stage is not cut at 2.5 s
    assert new_solver(0.5).parameters.max_time_in_seconds == WALL_FLOOR
    assert new_solver(60).parameters.max_time_in_seconds == 60 * WALL_MARGIN


def test_closeness_reads_as_a_planner_would_say_it():
    from wfm.schedule.solver import closeness

    assert closeness(57_337, 52_000) == "within 9.3% of the best"
    assert closeness(57_337, 0) == "no bound proved yet"
    assert closeness(57_092, 180) == "no useful bound proved yet"
    assert closeness(100, 100) == "within 0.0% of the best"
