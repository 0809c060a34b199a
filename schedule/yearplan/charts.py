"""The year plan's chart: hours required against the team's hours by week."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from wfm.core.charts import plt


def season_chart(capacity: pd.DataFrame, title: str) -> Figure:
    """Hours needed against hours the team gives by week, with leave, overhauls and hires
    shown as the layers that move the supply."""
    fig, ax = plt.subplots(figsize=(12, 5))
    x = pd.to_datetime(capacity["week"])
    after = capacity["available"] - capacity["on_leave"] - capacity["on_overhaul"]
    ax.fill_between(x, after, after + capacity["on_overhaul"], step="mid", color="#ff7f0e",
                    alpha=0.45, label="on overhaul")
    ax.fill_between(x, after + capacity["on_overhaul"], capacity["available"], step="mid",
                    color="#2ca02c", alpha=0.35, label="on leave")
    extra = after + capacity["hire_hours"] + capacity["overtime"]
    ax.fill_between(x, after, extra, where=extra > after, step="mid", color="#9467bd",
                    alpha=0.4, label="hires and overtime")
    ax.step(x, after, where="mid", color="#1f77b4", lw=1.2, label="team after leave and overhauls")
    ax.step(x, capacity["required"], where="mid", color="#d62728", lw=1.4, label="required")
    ax.set_ylabel("paid hours per week")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", fontsize=8)
    fig.autofmt_xdate()
    return fig
