"""The year plan's chart (schedule/yearplan/charts.py): hours required against the team's
hours by week, with leave, overhauls and hires as the layers that move the supply."""

from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest

from wfm.schedule.yearplan.charts import season_chart
from wfm.schedule.yearplan.exports import capacity


@pytest.fixture
def cap(season) -> pd.DataFrame:
    return capacity(season.year, season.result, 20.0)


def test_the_chart_draws_the_need_against_the_team_after_leave_and_overhauls(cap):
    fig = season_chart(cap, "Tiny Centre: hours required and available by week, 2027")
    ax = fig.axes[0]
    assert ax.get_title() == "Tiny Centre: hours required and available by week, 2027"
    assert ax.get_ylabel() == "paid hours per week"
    team, required = ax.get_lines()
    assert team.get_label() == "team after leave and overhauls"
    assert required.get_label() == "required"
    assert np.allclose(np.asarray(required.get_ydata(), float), cap["required"])
    after = cap["available"] - cap["on_leave"] - cap["on_overhaul"]
    assert np.allclose(np.asarray(team.get_ydata(), float), after)
    assert len(required.get_xdata()) == 53  # a point per week
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "on overhaul", "on leave", "hires and overtime", "team after leave and overhauls",
        "required"]


def test_the_layers_are_shaded_where_they_move_the_supply(cap):
    ax = season_chart(cap, "t").axes[0]
    overhaul, leave, extra = ax.collections
    assert [c.get_label() for c in ax.collections] == ["on overhaul", "on leave",
                                                       "hires and overtime"]
    # hires run in weeks 40 to 47 (4 Oct to 22 Nov) and are the only extra hours but one
    # week's overtime inside them: one shaded stretch
    (path,) = extra.get_paths()
    first, last = (mdates.num2date(x).date() for x in (path.vertices[:, 0].min(),
                                                       path.vertices[:, 0].max()))
    assert (str(first), str(last)) == ("2027-10-04", "2027-11-22")
    assert path.vertices[:, 1].max() == pytest.approx(120 + 40 + 12.4)
    # overhaul and leave stack up from the team after both to the team before them
    tops = np.concatenate([p.vertices[:, 1] for p in overhaul.get_paths()])
    assert tops.max() <= cap["available"].max() + 1e-9
    leave_tops = np.concatenate([p.vertices[:, 1] for p in leave.get_paths()])
    assert leave_tops.max() == pytest.approx(cap["available"].max())


def test_the_chart_spans_the_years_weeks_and_saves_as_a_png(cap, tmp_path):
    fig = season_chart(cap, "t")
    lo, hi = (mdates.num2date(x).date() for x in fig.axes[0].get_xlim())
    assert str(lo) <= "2026-12-28" and str(hi) >= "2027-12-27"
    path = tmp_path / "season.png"
    fig.savefig(path, format="png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 1000
