"""The roster's chart: required against scheduled staff per open interval, and below it
the people missing in each interval, so that a short evening shows at a glance."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from wfm.core.charts import plt


def coverage_chart(coverage: pd.DataFrame, title: str,
                   under_workload: np.ndarray | None = None) -> Figure:
    """Required against scheduled staff per open interval (days side by side, closed days
    left out), and a strip of the people missing per interval: red bars where short, a
    black mark where calls are expected and nobody is on the phones, an orange one where
    `under_workload` (per row: fewer agents than the calls' workload) says so."""
    fig, (ax, gap) = plt.subplots(2, 1, figsize=(12, 5.5), sharex=True,
                                  gridspec_kw={"height_ratios": [3, 1], "hspace": 0.08})
    t = pd.to_datetime(coverage["interval_start"], format="ISO8601")
    x = np.arange(len(t))
    required = coverage["required"].to_numpy(dtype=float)
    scheduled = coverage["scheduled"].to_numpy(dtype=float)
    ax.step(x, required, where="mid", color="#d62728", lw=0.9, label="required")
    ax.step(x, scheduled, where="mid", color="#1f77b4", lw=0.9, label="scheduled")
    short = scheduled < required
    ax.fill_between(x, scheduled, required, where=short, step="mid", color="#d62728",
                    alpha=0.25, label="short")
    missing = np.where(short, required - scheduled, 0.0)
    gap.bar(x, missing, width=1.0, color="#d62728", label="people missing")
    empty = (scheduled == 0) & (required > 0)
    if empty.any():
        gap.plot(x[empty], missing[empty], "v", color="black", ms=4,
                 label="nobody on the phones")
    under = (np.zeros(len(t), dtype=bool) if under_workload is None
             else np.asarray(under_workload, dtype=bool))
    if under.any():
        gap.plot(x[under], missing[under], "v", color="#ff7f0e", ms=4,
                 label="fewer agents than the workload")
    days = t.dt.normalize()
    starts = [i for i in range(len(t)) if i == 0 or days.iloc[i] != days.iloc[i - 1]]
    gap.set_xticks([i - 0.5 for i in starts[1:]], minor=True)  # a faint line between days
    for a in (ax, gap):
        a.grid(which="minor", axis="x", color="grey", lw=0.3, alpha=0.5)
        a.tick_params(which="minor", length=0)
    gap.set_xticks(starts[::2], [f"{days.iloc[i]:%d %a}" for i in starts[::2]], rotation=90,
                   fontsize=7)
    # room above the bars for the legend, so that its marks do not hide the last ones
    gap.set_ylim(0, max(2.0, float(missing.max()) * (1.9 if under.any() or empty.any()
                                                    else 1.15)))
    gap.set_ylabel("missing")
    gap.legend(loc="upper right", fontsize=8)
    gap.text(0.005, 0.95, f"{int(short.sum())} intervals short, {int(empty.sum())} with "
             "nobody" + (f", {int(under.sum())} with fewer agents than the calls' workload"
                         if under.any() else ""), transform=gap.transAxes, va="top",
             fontsize=8)
    ax.set_ylabel("staff on the floor")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper right", fontsize=8)
    ax.set_xlim(-0.5, len(t) - 0.5)
    return fig
