"""The roster's chart: required against scheduled staff per open interval."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from wfm.core.charts import plt


def coverage_chart(coverage: pd.DataFrame, title: str) -> Figure:
    """Required against scheduled staff per open interval, shortfalls shaded."""
    fig, ax = plt.subplots(figsize=(12, 4.5))
    t = pd.to_datetime(coverage["interval_start"], format="ISO8601")
    x = range(len(t))
    ax.step(x, coverage["required"], where="mid", color="#d62728", lw=0.9, label="required")
    ax.step(x, coverage["scheduled"], where="mid", color="#1f77b4", lw=0.9, label="scheduled")
    short = coverage["scheduled"] < coverage["required"]
    ax.fill_between(x, coverage["scheduled"], coverage["required"], where=short, step="mid",
                    color="#d62728", alpha=0.25, label="short")
    days = t.dt.normalize()
    starts = [i for i in range(len(t)) if i == 0 or days.iloc[i] != days.iloc[i - 1]]
    ax.set_xticks(starts[::2], [f"{days.iloc[i]:%d %a}" for i in starts[::2]], rotation=90,
                  fontsize=7)
    ax.set_ylabel("staff on the floor")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper right", fontsize=8)
    return fig
