"""The what-if comparison as a PNG: FTE and cost per scenario, and service level by Erlang A
beside the simulation with its 95% interval."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from wfm.core.charts import plt


def whatif_chart(table: pd.DataFrame, title: str, baseline: str) -> Figure:
    """Three panels over the scenarios: required FTE, cost, and service level (Erlang A and
    simulated with error bars); the baseline's bars are outlined."""
    names = table["scenario"].tolist()
    x = np.arange(len(names))
    fig, axes = plt.subplots(1, 3, figsize=(max(12.0, 1.8 * len(names)), 4.8))
    edge = ["black" if n == baseline else "none" for n in names]
    panels = ((axes[0], "required_fte", "required FTE", "#1f77b4"),
              (axes[1], "cost", "cost (paid hours x rate)", "#ff7f0e"))
    for ax, column, label, colour in panels:
        ax.bar(x, table[column], color=colour, edgecolor=edge, linewidth=1.2)
        ax.set_title(label, fontsize=10)
    ax = axes[2]
    width = 0.4
    ax.bar(x - width / 2, table["service_level_erlang_a"], width, color="#2ca02c",
           label="Erlang A", edgecolor=edge)
    sim = table["service_level_sim"]
    errors = np.vstack([sim - table["service_level_sim_lo"],
                        table["service_level_sim_hi"] - sim])
    ax.bar(x + width / 2, sim, width, yerr=errors, capsize=3, color="#9467bd",
           label="simulated (95% interval)", edgecolor=edge)
    if "goal" in table:  # each scenario's own goal, across its two bars
        for i, goal in enumerate(table["goal"]):
            ax.plot([i - width, i + width], [goal, goal], color="#d62728", lw=2,
                    label="goal" if i == 0 else None)
    low = float(np.nanmin([table["service_level_erlang_a"].min(),
                           table["service_level_sim_lo"].min(),
                           table["goal"].min() if "goal" in table else 1.0]))
    ax.set_ylim(max(0.0, low - 0.1), 1.0)
    ax.set_title("service level", fontsize=10)
    ax.legend(loc="lower right", fontsize=8, ncol=3, framealpha=0.9)
    for ax in axes:
        ax.set_xticks(x, names, rotation=30, ha="right", fontsize=8)
        ax.grid(axis="y", alpha=0.3)
    fig.suptitle(title)
    fig.tight_layout()
    return fig
