"""How a run stops on Ctrl-C during a CP-SAT search: a library call stops the search and
waits it out; the command line leaves it to end with the process and says so."""

from __future__ import annotations

import _thread
import signal
import threading
import time

import pytest
from ortools.sat.python import cp_model

from wfm.core import interrupts
from wfm.schedule.solver import new_solver, run


def _hard() -> cp_model.CpModel:
    model = cp_model.CpModel()
    xs = [model.NewIntVar(0, 60, f"x{i}") for i in range(60)]
    for i in range(59):
        model.Add(xs[i] + xs[i + 1] <= 60 + i % 7)
    model.AddAllDifferent(xs)
    model.Maximize(sum((i % 13 + 1) * x * (1 if i % 2 else -1) for i, x in enumerate(xs)))
    return model


def test_the_flag_is_set_for_a_commands_run_and_cleared_after():
    assert not interrupts.leaving()
    interrupts.leave_solves()
    try:
        assert interrupts.leaving()
    finally:
        interrupts.leave_solves(False)
    assert not interrupts.leaving()


def test_a_left_search_is_marked_and_not_waited_for():
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    solver = new_solver(60, seed=0, workers=2)
    interrupts.leave_solves()
    try:
        threading.Timer(0.5, _thread.interrupt_main).start()
        started = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            run(solver, _hard())
        assert time.monotonic() - started < 2 and interrupts.abandoned.is_set()
    finally:
        interrupts.leave_solves(False)
        signal.signal(signal.SIGINT, previous)
        solver.StopSearch()  # this test's process goes on: stop the search it left
        deadline = time.monotonic() + 30
        while [t for t in threading.enumerate() if t.name == "cp-sat"]:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        interrupts.abandoned.clear()
