"""Charts a planner opens as PNG: history with the forecast and its intervals; seasons."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from wfm.core.charts import SEASON_COLOURS, plt, season_legend


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


