"""Goals set the SMART way and where each one stands: a named measure, a target to reach
at least or at most, a due date, and optionally the baseline it started from.

A goal is judged over the report's period. Its status is "met" when the period's value
reaches the target; "missed" when it does not and the period ends on or after the due
date; otherwise "on track" when the value is at or past the straight path from the
baseline (at its start date) to the target (at the due date), or, without a baseline,
when it moved towards the target since the previous period; else "at risk".
"""

from __future__ import annotations

import datetime

import numpy as np
import pandas as pd

from wfm.core.errors import InputError

STATUSES = ("met", "on track", "at risk", "missed")
GOAL_COLUMNS = ["kpi", "name", "period", "direction", "target", "due", "baseline", "start",
                "value", "previous", "change", "trend", "expected", "status"]
SPANS = {"month": "M", "quarter": "Q", "year": "Y"}  # a goal's period as a pandas frequency


def check_goal_kpis(goals: tuple[dict, ...], known: dict[str, str], file: str) -> None:
    """Every goal names a KPI the report knows (one line naming the goal otherwise)."""
    for i, g in enumerate(goals, start=1):
        if g["kpi"] not in known:
            raise InputError(f"[[goal]] {i} kpi: {g['kpi']!r} is not a KPI the report gives "
                             f"(e.g. {', '.join(list(known)[:6])})", file=file)


def _better(direction: str, a: float, b: float) -> bool:
    """Whether `a` is at least as good as `b` for a goal in this direction."""
    return a >= b - 1e-12 if direction == "at_least" else a <= b + 1e-12


def glide_path(goal: dict, day: datetime.date) -> float:
    """Where the value should be on `day` on the straight path from baseline to target
    (NaN without a baseline; the target itself from the due date on)."""
    if goal["baseline"] is None:
        return float("nan")
    span = (goal["due"] - goal["start"]).days
    done = min(max((day - goal["start"]).days / span, 0.0), 1.0)
    return goal["baseline"] + (goal["target"] - goal["baseline"]) * done


def goal_status(goal: dict, value: float, previous: float, period_end: datetime.date
                ) -> dict:
    """One goal's row: its value over the period, the previous period's, the change and
    its direction in words, the path's expected value at the period's end, and status."""
    direction, target = goal["direction"], goal["target"]
    change = value - previous if np.isfinite(previous) else float("nan")
    if not np.isfinite(change) or abs(change) <= 1e-12:
        trend = "no previous period" if not np.isfinite(change) else "flat"
    else:
        trend = "improving" if _better(direction, value, previous) else "worsening"
    expected = glide_path(goal, period_end)
    if not np.isfinite(value):
        status = "no value"
    elif _better(direction, value, target):
        status = "met"
    elif period_end >= goal["due"]:
        status = "missed"
    elif np.isfinite(expected):
        status = "on track" if _better(direction, value, expected) else "at risk"
    else:
        status = "on track" if trend == "improving" else "at risk"
    return {"kpi": goal["kpi"], "name": goal["name"] or goal["kpi"], "period": "",
            "direction": direction,
            "target": target, "due": goal["due"].isoformat(),
            "baseline": goal["baseline"] if goal["baseline"] is not None else np.nan,
            "start": goal["start"].isoformat() if goal["start"] else "",
            "value": value, "previous": previous, "change": change, "trend": trend,
            "expected": expected, "status": status}


def goal_table(goals: tuple[dict, ...], values: dict[str, float],
               previous: dict[str, float], period_end: datetime.date,
               spans: dict[str, tuple[str, dict, dict]] | None = None) -> pd.DataFrame:
    """Every goal's row (GOAL_COLUMNS), in the config's order: over the report's period
    (`values`, `previous`), or over a calendar span (`spans[goal period]`: its label and
    its own values and previous values)."""
    rows = []
    for g in goals:
        label, now, before = (spans or {}).get(g.get("period", "report"),
                                               ("", values, previous))
        row = goal_status(g, now.get(g["kpi"], np.nan), before.get(g["kpi"], np.nan),
                          period_end)
        row["period"] = label
        rows.append(row)
    return pd.DataFrame(rows, columns=GOAL_COLUMNS)
