"""Staffing charts: agents and staff per interval, and a simulated plan beside Erlang."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from wfm.core.charts import plt
from wfm.core.clock import wall_clock


def requirements_chart(req: pd.DataFrame, title: str) -> Figure:
    """Agents needed on the phones and staff to schedule, interval by interval."""
    fig, (ax, ax2) = plt.subplots(2, 1, figsize=(11, 6.5), height_ratios=[2, 1.3])
    when = wall_clock(req["interval_start"])  # the centre's own clock on the axis
    ax.step(when, req["staff"], where="post", color="#ff7f0e", lw=0.8,
            label="staff to schedule (with shrinkage)")
    ax.step(when, req["agents"], where="post", color="#1f77b4", lw=0.8,
            label="agents on the phones")
    ax.set_ylabel("people")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize=8)
    # the average day shape: mean agents by weekday and time of day
    frame = req.assign(weekday=req["interval_start"].dt.day_name().str[:3],
                       time=req["interval_start"].dt.strftime("%H:%M"))
    pivot = frame.pivot_table(index="weekday", columns="time", values="agents", aggfunc="mean")
    order = [d for d in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun") if d in pivot.index]
    pivot = pivot.loc[order]
    image = ax2.imshow(pivot.to_numpy(), aspect="auto", cmap="viridis")
    ax2.set_yticks(range(len(order)), order)
    ticks = list(range(0, pivot.shape[1], max(1, pivot.shape[1] // 12)))
    ax2.set_xticks(ticks, [pivot.columns[i] for i in ticks])
    ax2.set_title("mean agents by weekday and time of day", fontsize=9)
    fig.colorbar(image, ax=ax2, label="agents")
    fig.tight_layout()
    return fig


def simulation_chart(intervals: pd.DataFrame, summary: pd.DataFrame, title: str) -> Figure:
    """Simulated service level per interval with its 95% band, beside Erlang C and A."""
    fig, ax = plt.subplots(figsize=(11, 4.5))
    intervals = _broken_at_gaps(intervals)
    t = wall_clock(pd.to_datetime(intervals["interval_start"]))
    ax.fill_between(t, intervals["service_level_lo"], intervals["service_level_hi"],
                    color="#1f77b4", alpha=0.25, step="mid", label="simulated, 95% interval")
    ax.plot(t, intervals["service_level"], color="#1f77b4", lw=0.9, label="simulated")
    ax.plot(t, intervals["erlang_c_service_level"], color="#d62728", lw=0.8, ls="--",
            label="Erlang C")
    ax.plot(t, intervals["erlang_a_service_level"], color="#2ca02c", lw=0.8, ls=":",
            label="Erlang A")
    sl = summary.set_index("kpi").loc["service_level"]
    ax.set_title(f"{title} — overall service level {sl['value']:.1%} "
                 f"({sl['lo']:.1%} to {sl['hi']:.1%})")
    ax.set_ylabel("share answered in time")
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", fontsize=8)
    fig.autofmt_xdate()
    return fig


def _broken_at_gaps(intervals: pd.DataFrame) -> pd.DataFrame:
    """The rows with an empty row after each one followed by a gap (a closed night in a
    coverage file, which holds open intervals only), so lines and bands stop there
    instead of bridging the closure."""
    t = pd.to_datetime(intervals["interval_start"])
    if len(t) < 3:
        return intervals
    steps = t.diff().iloc[1:]
    step = steps[steps > pd.Timedelta(0)].min()
    before = np.flatnonzero((steps > step).to_numpy())  # row i is followed by a gap
    if not len(before):
        return intervals
    blanks = pd.DataFrame({"interval_start": t.iloc[before].to_numpy() + step})
    out = pd.concat([intervals.assign(interval_start=t), blanks], ignore_index=True)
    return out.sort_values("interval_start", kind="stable").reset_index(drop=True)
