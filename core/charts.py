"""Chart helpers every stage shares: pyplot on a backend that needs no screen, and the
colours of the busy, normal and quiet months.

Every chart module takes `plt` from here, so the backend is chosen before pyplot loads:
Agg for the command line and servers, but never over a backend someone chose already
(a notebook's inline backend, `MPLBACKEND`, or pyplot already in use).
"""

from __future__ import annotations

import os
import sys

import matplotlib

if "matplotlib.pyplot" not in sys.modules and not os.environ.get("MPLBACKEND"):
    matplotlib.use("Agg")
import matplotlib.pyplot as plt

__all__ = ["SEASON_COLOURS", "plt", "season_legend"]

SEASON_COLOURS = {"busy": "#d62728", "quiet": "#2ca02c", "normal": "#7f7f7f"}


def season_legend(ax) -> None:
    """A legend of the busy / normal / quiet colours beside the plot, and a light grid."""
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in SEASON_COLOURS.values()]
    ax.legend(handles, list(SEASON_COLOURS), loc="upper left", bbox_to_anchor=(1.0, 1.0),
              fontsize=8)
    ax.grid(axis="y", alpha=0.3)
