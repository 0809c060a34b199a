"""Charts a planner opens as PNG: history with the forecast and its intervals; seasons."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

SEASON_COLOURS = {"busy": "#d62728", "quiet": "#2ca02c", "normal": "#7f7f7f"}


def forecast_chart(history: pd.Series, daily: pd.DataFrame, title: str,
                   days_shown: int = 120) -> Figure:
    """Recent daily history, the forecast, and its 80% and 95% bands."""
    fig, ax = plt.subplots(figsize=(11, 4.5))
    recent = history[history.index > history.index[-1] - pd.Timedelta(days=days_shown)]
    recent = recent.dropna()  # gaps and closed days are not drawn as zeros
    daily = daily[daily["hi"] > 0]  # closed days
    ax.plot(recent.index, recent.to_numpy(), color="#1f77b4", lw=1.2, label="history")
    if "lo_95" in daily:
        ax.fill_between(daily["date"], daily["lo_95"], daily["hi_95"], color="#ff7f0e",
                        alpha=0.15, label="95% interval", step="mid")
    ax.fill_between(daily["date"], daily["lo"], daily["hi"], color="#ff7f0e", alpha=0.3,
                    label="80% interval", step="mid")
    ax.plot(daily["date"], daily["volume"], color="#ff7f0e", lw=1.6,
            label=f"forecast ({daily['model'].iloc[0]})")
    ax.set_title(title)
    ax.set_ylabel("contacts per day")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize=8)
    fig.autofmt_xdate()
    return fig


def seasons_chart(monthly: pd.DataFrame, title: str) -> Figure:
    """Monthly volume as bars coloured busy / normal / quiet, with the interval as whiskers."""
    fig, ax = plt.subplots(figsize=(11, 4.5))
    colours = [SEASON_COLOURS[s] for s in monthly["season"]]
    x = range(len(monthly))
    err = [monthly["volume"] - monthly["lo"], monthly["hi"] - monthly["volume"]]
    ax.bar(x, monthly["volume"], color=colours, yerr=err, capsize=3, ecolor="#333333")
    ax.set_xticks(list(x), monthly["month"], rotation=45, ha="right")
    ax.set_ylabel("contacts per month")
    ax.set_title(title)
    season_legend(ax)
    return fig


def season_legend(ax) -> None:
    """A legend of the busy / normal / quiet colours beside the plot, and a light grid."""
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in SEASON_COLOURS.values()]
    ax.legend(handles, list(SEASON_COLOURS), loc="upper left", bbox_to_anchor=(1.0, 1.0),
              fontsize=8)
    ax.grid(axis="y", alpha=0.3)


def requirements_chart(req: pd.DataFrame, title: str) -> Figure:
    """Agents needed on the phones and staff to schedule, interval by interval."""
    fig, (ax, ax2) = plt.subplots(2, 1, figsize=(11, 6.5), height_ratios=[2, 1.3])
    ax.step(req["interval_start"], req["staff"], where="post", color="#ff7f0e", lw=0.8,
            label="staff to schedule (with shrinkage)")
    ax.step(req["interval_start"], req["agents"], where="post", color="#1f77b4", lw=0.8,
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
    t = pd.to_datetime(intervals["interval_start"])
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


def coverage_chart(coverage: pd.DataFrame, title: str) -> Figure:
    """Required against scheduled staff per open interval, shortfalls shaded."""
    fig, ax = plt.subplots(figsize=(12, 4.5))
    t = pd.to_datetime(coverage["interval_start"])
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
