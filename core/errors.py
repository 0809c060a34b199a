"""Errors a planner can act on: each names the file, the row, the column and what was expected."""

from __future__ import annotations

from pathlib import Path


class InputError(ValueError):
    """Bad input (file, config key or option). The CLI prints it on one line and exits 2.

    `row` counts data rows from 1 (the header is row 0), so row N is line N + 1 of the file.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.row = row
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append("header" if self.row == 0 else f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class InfeasiblePlan(RuntimeError):
    """A plan that cannot meet a hard rule; the message says which rule, for whom, when."""


class SolverTimeout(RuntimeError):
    """No plan found within the time limit, though none was proved impossible: more time
    may find one. The CLI prints it on one line and exits 3 (2 is for bad input and plans
    proved impossible)."""


class NotEnoughHistory(ValueError):
    """Too little history for a model (that model is skipped) or for any (the CLI prints
    it on one line and exits 2)."""
