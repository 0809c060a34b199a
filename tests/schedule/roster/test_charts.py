"""The roster's coverage chart (schedule/roster/charts.py): required and scheduled staff as
two step lines over the open intervals, shortfalls shaded, a tick per other day, and the
strip of people missing below."""

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
    strip = fig.axes[1]  # the day names sit under the strip, shared with the chart above
    assert list(strip.get_xticks()) == [0, 8]  # days start at 0, 4, 8; every other shown
    assert [t.get_text() for t in strip.get_xticklabels()] == ["01 Mon", "03 Wed"]
    assert list(strip.get_xticks(minor=True)) == [3.5, 7.5]  # a line between days


def test_the_strip_below_shows_the_people_missing_and_empty_phones():
    # Tuesday 09:00 and 09:30 are one short; then Wednesday 08:00 has nobody for two needed
    cov = _coverage()
    cov.loc[8, "scheduled"] = 0
    strip = coverage_chart(cov, "t").axes[1]
    heights = [bar.get_height() for bar in strip.patches]
    assert heights == [0] * 6 + [1, 1, 2] + [0] * 3
    (empty,) = strip.get_lines()
    assert empty.get_label() == "nobody on the phones"
    assert list(np.asarray(empty.get_xdata())) == [8]
    assert strip.texts[0].get_text() == "3 intervals short, 1 with nobody"


def test_the_chart_saves_as_a_png(tmp_path):
    path = tmp_path / "coverage.png"
    coverage_chart(_coverage(), "t").savefig(path, format="png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 1000


def test_intervals_under_the_calls_workload_get_an_orange_mark_and_a_count():
    # Tuesday 09:00 and 09:30 are one short; at 09:00 the agents left are no more than
    # the calls' workload (the queue grows all interval)
    under = np.zeros(12, dtype=bool)
    under[6] = True
    strip = coverage_chart(_coverage(), "t", under).axes[1]
    (mark,) = strip.get_lines()
    assert mark.get_label() == "fewer agents than the workload"
    assert list(np.asarray(mark.get_xdata())) == [6]
    assert strip.texts[0].get_text() == ("2 intervals short, 0 with nobody, 1 with fewer "
                                         "agents than the calls' workload")
    assert not coverage_chart(_coverage(), "t", np.zeros(12, dtype=bool)).axes[1].get_lines()
