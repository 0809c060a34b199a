"""What a long run tells as it goes. The library calls a Progress; the CLI's prints it, a
notebook's may draw a bar, and the default says nothing (the library never prints)."""

from __future__ import annotations


class Progress:
    """Hooks for long work, each a no-op here: override the ones to show."""

    def step(self, label: str, done: int, total: int, what: str) -> None:
        """`done` of `total` steps of `label` (backtest origins, queues, scenarios) are
        finished; `what` names the one under way."""

    def note(self, text: str) -> None:
        """A one-off line about how the work runs, e.g. "forecast: 3 queues, serially"."""

    def solver(self, label: str, text: str) -> None:
        """A solver's line for `label` (a team's roster, the season): time, objective and
        best bound as it improves."""


QUIET = Progress()
