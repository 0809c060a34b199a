"""The roster's coverage chart (schedule/roster/charts.py): required and scheduled staff as
two step lines over the open intervals, shortfalls shaded, a tick per other day."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wfm.schedule.roster.charts import coverage_chart


def _coverage() -> pd.DataFrame:
    """Three days of four open intervals; Tuesday is one short at 09:00 and 09:30."""
    starts = [f"2027-02-0{d}T{h}" for d in (1, 2, 3) for h in ("08:00", "08:30", "09:00",
                                                               "09:30")]
    scheduled = [2, 2, 2, 2, 3, 3, 1, 1, 2, 2, 2, 2]
    return pd.DataFrame({"interval_start": starts, "required": 2, "scheduled": scheduled})


def test_the_chart_draws_required_and_scheduled_per_open_interval():
    fig = coverage_chart(_coverage(), "Tiny Centre: February")
    ax = fig.axes[0]
    assert ax.get_title() == "Tiny Centre: February"
    assert ax.get_ylabel() == "staff on the floor"
    required, scheduled = ax.get_lines()
    assert (required.get_label(), scheduled.get_label()) == ("required", "scheduled")
    assert list(np.asarray(required.get_ydata())) == [2] * 12
    assert list(np.asarray(scheduled.get_ydata())) == _coverage()["scheduled"].tolist()
    assert list(np.asarray(scheduled.get_xdata())) == list(range(12))  # one x per interval
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["required", "scheduled",
                                                                   "short"]


def test_only_the_short_intervals_are_shaded():
    fig = coverage_chart(_coverage(), "t")
    ax = fig.axes[0]
    (shade,) = ax.collections
    assert shade.get_label() == "short"
    # the shaded area spans the two short intervals (x = 6, 7) and nothing else
    xs = np.concatenate([path.vertices[:, 0] for path in shade.get_paths()])
    ys = np.concatenate([path.vertices[:, 1] for path in shade.get_paths()])
    assert xs.min() >= 5.5 and xs.max() <= 7.5
    assert ys.min() == 1 and ys.max() == 2


def test_a_tick_on_every_other_day_names_the_day():
    fig = coverage_chart(_coverage(), "t")
    ax = fig.axes[0]
    assert list(ax.get_xticks()) == [0, 8]  # days start at 0, 4, 8; every other one shown
    assert [t.get_text() for t in ax.get_xticklabels()] == ["01 Mon", "03 Wed"]


def test_the_chart_saves_as_a_png(tmp_path):
    path = tmp_path / "coverage.png"
    coverage_chart(_coverage(), "t").savefig(path, format="png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 1000
