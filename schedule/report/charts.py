"""The KPI report's charts (matplotlib, Agg): volume, service, handle time, forecast against
actual, schedule fit, seasons and driver ratios; each with alt text for the HTML page."""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from wfm.core.charts import SEASON_COLOURS, plt, season_legend
from wfm.core.output import times_as_text
from wfm.schedule.report.data import ReportData
from wfm.schedule.roster.charts import coverage_chart


@dataclass(frozen=True)
class Chart:
    """One chart of the report: its file name, the figure, and what it shows in words."""

    name: str
    figure: Figure
    alt: str


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG bytes (for a file and for embedding); the figure is closed."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def _dates(ax, fig: Figure) -> None:
    ax.grid(alpha=0.3)
    fig.autofmt_xdate()


def volume_chart(daily: pd.DataFrame, title: str) -> Figure:
    """Contacts per day: answered and abandoned stacked where known, else the volume."""
    fig, ax = plt.subplots(figsize=(11, 4))
    x = pd.DatetimeIndex(daily.index)
    if "answered" in daily and "abandoned" in daily:
        ax.bar(x, daily["answered"], color="#1f77b4", label="answered", width=0.8)
        ax.bar(x, daily["abandoned"], bottom=daily["answered"], color="#d62728",
               label="abandoned", width=0.8)
        ax.plot(x, daily["offered"], color="#333333", lw=0.8, marker=".", label="offered")
    else:
        ax.bar(x, daily["offered"], color="#1f77b4", label="contacts", width=0.8)
    ax.set_ylabel("contacts per day")
    ax.set_title(title)
    ax.legend(loc="upper right", fontsize=8)
    _dates(ax, fig)
    return fig


def service_chart(daily: pd.DataFrame, time_of_day: pd.DataFrame | None, goal: float,
                  title: str, goals: pd.DataFrame | None = None) -> Figure:
    """Service level (with the goal) and ASA by day, and (contact records) by time of day,
    each on its own axis: a panel per figure, only periods with contacts offered."""
    frames = [(daily, "by day")]
    if time_of_day is not None:
        frames.append((time_of_day, "by time of day"))
    fig, axes = plt.subplots(2 * len(frames), 1, figsize=(11, 2.6 * 2 * len(frames)),
                             squeeze=False)
    for i, (frame, label) in enumerate(frames):
        if "offered" in frame:
            frame = frame[frame["offered"] > 0]
        x = (pd.DatetimeIndex(frame.index).to_pydatetime() if label == "by day"
             else np.arange(len(frame)))
        sl, asa = axes[2 * i, 0], axes[2 * i + 1, 0]
        sl.plot(x, frame["service_level"] * 100, color="#1f77b4", marker=".",
                label="service level")
        sl.axhline(goal * 100, color="#2ca02c", ls="--", lw=1, label=f"goal {goal:.0%}")
        sl.set_ylim(0, 100)
        sl.set_ylabel("service level (%)")
        sl.set_title(f"{title} {label}")
        sl.legend(loc="lower left", fontsize=8)
        _goal_lines(sl, goals, "service_level", 100.0)
        asa.plot(x, frame["asa_seconds"], color="#ff7f0e", marker=".", label="ASA")
        _goal_lines(asa, goals, "asa")
        asa.set_ylabel("ASA (seconds)")
        asa.set_ylim(bottom=0)
        for ax in (sl, asa):
            ax.grid(alpha=0.3)
            if label == "by time of day":
                step = max(1, len(frame) // 24)
                ax.set_xticks(x[::step], list(frame.index[::step]), rotation=90, fontsize=7)
                ax.set_xlim(-0.5, len(frame) - 0.5)
            elif len(x):
                ax.set_xlim(x[0], x[-1])
        if label == "by day":
            for ax in (sl, asa):
                for tick in ax.get_xticklabels():
                    tick.set_rotation(30)
                    tick.set_ha("right")
    fig.tight_layout()
    return fig


def aht_chart(daily: pd.DataFrame, title: str, goals: pd.DataFrame | None = None) -> Figure:
    """Average handle time per day, with the target of any goal on it."""
    fig, ax = plt.subplots(figsize=(11, 3.5))
    ax.plot(pd.DatetimeIndex(daily.index), daily["aht_seconds"], color="#2ca02c", marker=".",
            label="AHT")
    _goal_lines(ax, goals, "aht")
    ax.set_ylabel("AHT (seconds)")
    ax.set_ylim(bottom=0)
    ax.set_title(title)
    _dates(ax, fig)
    return fig


def _goal_lines(ax, goals: pd.DataFrame | None, kpi: str, scale: float = 1.0,
                loc: str = "lower left") -> None:
    """Each [[goal]] on `kpi` as a red dashed target line named in the legend, drawn the
    same way on every chart that shows the measure."""
    if goals is None:
        return
    mine = goals[goals["kpi"] == kpi]
    for g in mine.itertuples():
        ax.axhline(g.target * scale, color="#d62728", ls="--", lw=1,
                   label=f"goal: {g.direction.replace('_', ' ')} {g.target * scale:g} by {g.due}")
    if len(mine):
        ax.legend(loc=loc, fontsize=8)


def accuracy_chart(both: pd.DataFrame, title: str) -> Figure:
    """Forecast against actual volume over the periods both cover."""
    fig, ax = plt.subplots(figsize=(11, 4))
    ax.plot(both["period"], both["actual"], color="#1f77b4", lw=1.2, label="actual")
    ax.plot(both["period"], both["forecast"], color="#ff7f0e", lw=1.2, ls="--",
            label="forecast")
    ax.set_ylabel("contacts")
    ax.set_title(title)
    ax.legend(loc="upper right", fontsize=8)
    _dates(ax, fig)
    return fig


def seasons_index_chart(seasons: pd.DataFrame, band: float, title: str) -> Figure:
    """Monthly volume index as bars coloured busy / normal / quiet, with the band."""
    fig, ax = plt.subplots(figsize=(11, 4))
    x = np.arange(len(seasons))
    ax.bar(x, seasons["index"], color=[SEASON_COLOURS[s] for s in seasons["season"]])
    for level in (1 - band, 1.0, 1 + band):
        ax.axhline(level, color="#333333", lw=0.8, ls="-" if level == 1.0 else ":")
    ax.set_xticks(list(x), seasons["month"], rotation=45, ha="right")
    ax.set_ylabel("mean daily volume ÷ mean over months")
    ax.set_title(title)
    season_legend(ax)
    return fig


def driver_chart(ratios: pd.DataFrame, title: str) -> Figure:
    """Contacts (and cost) per driver unit by month, with the least-squares trend."""
    fig, ax = plt.subplots(figsize=(11, 4))
    months = pd.PeriodIndex(ratios["month"].astype(str), freq="M").asi8
    x = (months - months[0]).astype(float)  # a missing month leaves a gap, as in the trend
    y = ratios["contacts_per_unit"].to_numpy(dtype=float)
    ax.plot(x, y, color="#1f77b4", marker="o", label="contacts per unit")
    if len(x) >= 2:
        fit = np.polyfit(x, y, 1)
        ax.plot(x, np.polyval(fit, x), color="#1f77b4", ls=":", label="trend")
    ax.set_ylabel("contacts per driver unit")
    ax.set_ylim(bottom=0)
    handles = ax.get_legend_handles_labels()[0]
    if "cost_per_unit" in ratios and ratios["cost_per_unit"].notna().any():
        ax2 = ax.twinx()
        ax2.plot(x, ratios["cost_per_unit"], color="#9467bd", marker="s",
                 label="cost per unit")
        ax2.set_ylabel("cost per driver unit")
        ax2.set_ylim(bottom=0)
        handles += ax2.get_legend_handles_labels()[0]
    ax.set_xticks(list(x), ratios["month"], rotation=45, ha="right")
    ax.set_title(title)
    ax.legend(handles, [h.get_label() for h in handles], loc="lower left", fontsize=8)
    ax.grid(alpha=0.3)
    return fig


SURVEY_AXES = {"csat": ("CSAT (% scoring 4-5)", 100.0, (0, 100)),
               "nps": ("NPS (points)", 1.0, (-100, 100)),
               "ces": ("customer effort (mean, 1-7)", 1.0, (1, 7)),
               "enps": ("eNPS (points)", 1.0, (-100, 100))}


def survey_chart(months: pd.DataFrame, goals: pd.DataFrame | None, title: str) -> Figure:
    """Each survey's score by month with its 95% margin as an error bar, one panel per
    survey, and the target of any goal on it as a dashed line."""
    names = [s for s in SURVEY_AXES if s in set(months["survey"])]
    fig, axes = plt.subplots(len(names), 1, figsize=(11, 2.6 * len(names)), squeeze=False,
                             sharex=True)
    every = sorted(months["month"].unique())
    for ax, name in zip(axes[:, 0], names, strict=True):
        label, scale, limits = SURVEY_AXES[name]
        part = months[months["survey"] == name]
        x = [every.index(m) for m in part["month"]]
        ax.errorbar(x, part["value"] * scale, yerr=part["margin"].fillna(0) * scale,
                    color="#1f77b4", marker="o", capsize=3, label="score, 95% margin")
        _goal_lines(ax, goals, name, scale)
        ax.set_ylim(*limits)
        ax.set_ylabel(label, fontsize=8)
        ax.grid(alpha=0.3)
        ax.legend(loc="lower left", fontsize=7)
    axes[-1, 0].set_xticks(range(len(every)), every, rotation=45, ha="right")
    axes[0, 0].set_title(title)
    fig.tight_layout()
    return fig


def goals_chart(goals: pd.DataFrame, period_end: pd.Timestamp, title: str) -> Figure:
    """One panel per goal: the target (dashed), the straight path from the baseline to it
    (dotted, when a baseline is set), the previous and current values, and the status."""
    colours = {"met": "#2ca02c", "on track": "#1f77b4", "at risk": "#ff7f0e",
               "missed": "#d62728", "no value": "#7f7f7f"}
    fig, axes = plt.subplots(len(goals), 1, figsize=(11, 2.4 * len(goals)), squeeze=False,
                             sharex=True)
    now = period_end.to_pydatetime()
    before = (period_end - pd.offsets.MonthEnd(1)).to_pydatetime()
    for ax, g in zip(axes[:, 0], goals.itertuples(), strict=True):
        due = pd.Timestamp(g.due).to_pydatetime()
        first = pd.Timestamp(g.start).to_pydatetime() if g.start else before
        ax.plot([min(first, before), max(due, now)], [g.target, g.target], color="#2ca02c",
                ls="--", label=f"target {g.target:g}")
        ax.axvline(due, color="#555555", lw=0.8)
        if g.start:
            ax.plot([first, due], [g.baseline, g.target], color="#555555", ls=":",
                    label="path from the baseline")
        if np.isfinite(g.previous):
            ax.plot([before], [g.previous], marker="o", ls="", color="#999999",
                    label="previous month")
        if np.isfinite(g.value):
            ax.plot([now], [g.value], marker="o", ls="", color=colours[g.status],
                    label="this period")
        ax.set_title(f"{g.name}: {g.status} (due {g.due}, the grey line)", fontsize=9,
                     color=colours[g.status], loc="left")
        ax.grid(alpha=0.3)
        ax.legend(loc="best", fontsize=7)
    axes[0, 0].figure.suptitle(title)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def adherence_chart(intervals: pd.DataFrame, people: pd.DataFrame,
                    goals: pd.DataFrame | None, title: str) -> Figure:
    """Top: agents scheduled on the phones against agents on the phones as logged, by time
    of day, each the mean over the period's rostered days. Bottom: each person's
    adherence, lowest first, with any adherence goal."""
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(11, 7))
    when = pd.DatetimeIndex(intervals["interval_start"])
    days = max(when.normalize().nunique(), 1)
    clock = when.hour * 60 + when.minute
    mean = intervals[["scheduled_on_phones", "on_phones"]].groupby(clock).sum() / days
    step = int(np.diff(mean.index).min()) if len(mean) > 1 else 30
    grid = np.arange(mean.index.min(), mean.index.max() + step, step)
    mean = mean.reindex(grid, fill_value=0.0)
    edges = np.append(grid, grid[-1] + step) / 60
    top.stairs(mean["scheduled_on_phones"], edges, color="#1f77b4", lw=3, alpha=0.5,
               label="scheduled on the phones")
    top.stairs(mean["on_phones"], edges, color="#d62728", lw=1.2,
               label="on the phones (activity log)")
    top.set_xlabel("time of day (h)")
    top.set_ylabel(f"agents, mean of {days} day(s)")
    top.set_ylim(bottom=0)
    top.set_xlim(edges[0], edges[-1])
    top.set_title(title)
    top.legend(loc="upper right", fontsize=8)
    top.grid(alpha=0.3)
    ranked = people.dropna(subset=["adherence"]).sort_values("adherence", kind="stable")
    bottom.bar(range(len(ranked)), ranked["adherence"] * 100, color="#1f77b4")
    _goal_lines(bottom, goals, "adherence", 100.0, loc="lower right")
    every = max(1, len(ranked) // 40)
    bottom.set_xticks(range(0, len(ranked), every), ranked["employee_id"].iloc[::every],
                      rotation=90, fontsize=7)
    bottom.set_ylabel("adherence (%)")
    bottom.set_ylim(0, 100)
    bottom.grid(alpha=0.3, axis="y")
    fig.tight_layout()
    return fig


def tickets_chart(months: pd.DataFrame, targets: tuple[float, float], title: str) -> Figure:
    """Top: tickets created per month. Bottom: median hours to the first reply and to
    resolution per month, each with its target as a dashed line."""
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(11, 6), sharex=True)
    x = np.arange(len(months))
    top.bar(x, months["tickets"], color="#1f77b4")
    top.set_ylabel("tickets created")
    top.set_title(title)
    top.grid(alpha=0.3, axis="y")
    for column, target, colour, label in (
            ("first_response_median_hours", targets[0], "#ff7f0e", "first reply"),
            ("resolution_median_hours", targets[1], "#9467bd", "resolution")):
        bottom.plot(x, months[column], color=colour, marker="o", label=f"median to {label}")
        bottom.axhline(target, color=colour, ls="--", lw=1, label=f"target {target:g} h")
    bottom.set_ylabel("hours")
    bottom.set_ylim(bottom=0)
    bottom.legend(loc="upper left", fontsize=8)
    bottom.grid(alpha=0.3)
    bottom.set_xticks(x, months["month"], rotation=45, ha="right")
    fig.tight_layout()
    return fig


def report_charts(data: ReportData, goal: float, band: float) -> list[Chart]:
    """Every chart the report's data allows, in the order the page shows them."""
    d = data.daily
    out = [Chart("report_volume.png", volume_chart(d, "Contacts per day"),
                 "Bar chart of contacts per day" + (", answered and abandoned stacked"
                                                    if "answered" in d else ""))]
    if "service_level" in d and d["service_level"].notna().any():
        out.append(Chart("report_service.png",
                         service_chart(d, data.time_of_day, goal, "Service level and ASA",
                                       data.goals),
                         "Line charts of service level (with the goal) and average speed of "
                         "answer, each on its own axis, by day"
                         + (" and by time of day" if data.time_of_day is not None else "")))
    if "aht_seconds" in d and d["aht_seconds"].notna().any():
        out.append(Chart("report_aht.png", aht_chart(d, "Average handle time per day",
                                                     data.goals),
                         "Line chart of average handle time in seconds per day"))
    if data.accuracy is not None:
        out.append(Chart("report_forecast.png",
                         accuracy_chart(data.accuracy, "Forecast against actual"),
                         "Line chart of forecast and actual contacts per period"))
    if data.coverage is not None:
        cov = times_as_text(data.coverage)
        out.append(Chart("report_schedule_fit.png",
                         coverage_chart(cov, "Scheduled against required staff"),
                         "Step chart of required and scheduled staff per interval, "
                         "shortfalls shaded"))
    if data.adherence_intervals is not None and len(data.adherence_intervals):
        out.append(Chart("report_adherence.png",
                         adherence_chart(data.adherence_intervals, data.adherence_people,
                                         data.goals, "Scheduled and logged on the phones "
                                         "by time of day"),
                         "Step chart of agents scheduled and logged on the phones by time of "
                         "day, and a bar chart of each person's adherence, lowest first"))
    out.append(Chart("report_seasons.png",
                     seasons_index_chart(data.seasons, band, "Monthly volume index and seasons"),
                     "Bar chart of each month's volume index, coloured busy, normal or quiet"))
    if data.drivers is not None:
        out.append(Chart("report_drivers.png",
                         driver_chart(data.drivers, "Contacts per driver unit by month"),
                         "Line chart of contacts per driver unit by month with its trend"))
    if data.tickets is not None and len(data.tickets):
        out.append(Chart("report_tickets.png",
                         tickets_chart(data.tickets, data.ticket_targets,
                                       "Tickets per month and their response times"),
                         "Bar chart of tickets per month and line chart of the median hours "
                         "to the first reply and to resolution, with their targets"))
    if data.surveys is not None and len(data.surveys):
        out.append(Chart("report_surveys.png",
                         survey_chart(data.surveys, data.goals, "Survey scores by month"),
                         "Line charts of each survey's score by month with 95% margins and "
                         "goal targets"))
    if data.goals is not None and len(data.goals):
        out.append(Chart("report_goals.png",
                         goals_chart(data.goals, data.period_end, "Goals"),
                         "One chart per goal: target, path from the baseline, the previous "
                         "and this period's value, and the status"))
    return out
