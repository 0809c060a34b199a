"""How a run stops on Ctrl-C or SIGTERM while CP-SAT is searching.

In a library call the search is stopped and waited out, so Python goes on cleanly. The
command line instead leaves the search to end with the process (`leave_solves()`): CP-SAT
can abort in its postsolve when stopped at an unlucky moment (seen as SIGABRT under load),
and a command that is exiting anyway needs nothing from it.
"""

from __future__ import annotations

import threading

_LEAVE = threading.Event()  # set by the command line
abandoned = threading.Event()  # set when a search was left running by an interrupt


def leave_solves(leave: bool = True) -> None:
    """While set, an interrupted search is left running for the process's exit (the
    command line sets it for a command's run and clears it after)."""
    if leave:
        _LEAVE.set()
    else:
        _LEAVE.clear()


def leaving() -> bool:
    """Whether an interrupted search is left to the process's exit."""
    return _LEAVE.is_set()
