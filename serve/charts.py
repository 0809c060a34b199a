"""The what-if page's two charts as matplotlib figures: required staff through the month,
and the headline figures of the baseline beside the changed scenario."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import StrMethodFormatter

from wfm.core.charts import plt
from wfm.serve.page import Tile

BASE_COLOUR, SCENARIO_COLOUR = "#7f7f7f", "#1f77b4"


def staff_chart(daily: pd.DataFrame, baseline: str, scenario: str, title: str) -> Figure:
    """Staff-hours to schedule per day, the baseline (grey) beside the scenario (blue); the
    lines break on days nobody is needed (closed days)."""
    fig, ax = plt.subplots(figsize=(10.0, 3.6))
    days = pd.DatetimeIndex(daily.index)
    closed = (daily[[baseline, scenario]] <= 0).all(axis=1).to_numpy()
    for name, colour in ((baseline, BASE_COLOUR), (scenario, SCENARIO_COLOUR)):
        ax.plot(days, daily[name].where(~closed), color=colour, marker="o", markersize=3,
                linewidth=1.6, label=name)
    ax.set_xlabel("day")
    ax.set_ylabel("staff-hours required")
    ax.set_title(title, fontsize=10)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(loc="best", fontsize=8)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def kpi_chart(base: list[Tile], changed: list[Tile], baseline: str, scenario: str) -> Figure:
    """One small panel per headline figure, a bar for the baseline and one for the scenario
    (each labelled with its value); shares are drawn in percent."""
    fig, axes = plt.subplots(1, len(changed), figsize=(10.0, 3.0))
    for ax, b, c in zip(np.atleast_1d(axes), base, changed, strict=True):
        share = c.label in ("Service level", "Abandonment")
        scale = 100.0 if share else 1.0
        values = [b.value * scale, c.value * scale]
        bars = ax.bar([0, 1], values, color=[BASE_COLOUR, SCENARIO_COLOUR], width=0.6)
        digits = 0 if c.label == "Cost" else 1
        ax.bar_label(bars, labels=[f"{v:,.{digits}f}{'%' if share else ''}" for v in values],
                     fontsize=8)
        if c.label == "Cost":
            ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        ax.set_xticks([0, 1], ["baseline", "scenario"], fontsize=8)
        ax.set_title(c.label, fontsize=10)
        ax.set_ylabel("%" if share else ("FTE" if c.label == "Required FTE" else "cost"),
                      fontsize=8)
        top = max(v for v in values if np.isfinite(v)) if np.isfinite(values).any() else 1.0
        ax.set_ylim(0, top * 1.18 or 1.0)
        ax.grid(axis="y", alpha=0.3)
    fig.suptitle(f"{baseline} vs {scenario}", fontsize=10)
    fig.tight_layout()
    return fig
