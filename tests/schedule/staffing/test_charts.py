"""The staffing charts show the plan: staff and agents per interval, the mean agents by
weekday and time of day; a simulated service level with its band beside Erlang C and A."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib import dates as mdates
from matplotlib.collections import PolyCollection

from wfm.schedule.staffing.charts import requirements_chart, simulation_chart

PNG = b"\x89PNG\r\n\x1a\n"


def _req(start="2024-01-02", days=14) -> pd.DataFrame:
    """Agents = 1 + day number (0 on Sundays), staff = agents + 1, every half-hour."""
    starts = pd.date_range(start, periods=days * 48, freq="30min")
    day = (starts.normalize() - pd.Timestamp(start)).days.to_numpy()
    agents = np.where(starts.day_of_week == 6, 0, 1 + day)
    return pd.DataFrame({"interval_start": starts, "agents": agents, "staff": agents + 1})


def _saves(fig, tmp_path) -> None:
    path = tmp_path / "chart.png"
    fig.savefig(path)
    assert path.read_bytes()[:8] == PNG and path.stat().st_size > 5_000


def test_requirements_chart_steps_staff_and_agents(tmp_path):
    req = _req()
    fig = requirements_chart(req, "Test centre: agents required per interval")
    ax, _, bar = fig.axes
    assert ax.get_title() == "Test centre: agents required per interval"
    assert ax.get_ylabel() == "people"
    staff, agents = ax.get_lines()
    assert staff.get_label().startswith("staff to schedule")
    assert agents.get_label() == "agents on the phones"
    assert staff.get_drawstyle() == agents.get_drawstyle() == "steps-post"
    np.testing.assert_array_equal(staff.get_ydata(), req["staff"])
    np.testing.assert_array_equal(agents.get_ydata(), req["agents"])
    assert ax.dataLim.y1 == req["staff"].max()
    assert bar.get_ylabel() == "agents"
    _saves(fig, tmp_path)


def test_the_day_shape_is_the_mean_agents_by_weekday_and_time():
    req = _req()  # from a Tuesday: two of each weekday, day numbers d and d + 7
    fig = requirements_chart(req, "t")
    heat = fig.axes[1]
    assert heat.get_title() == "mean agents by weekday and time of day"
    assert [t.get_text() for t in heat.get_yticklabels()] == ["Mon", "Tue", "Wed", "Thu",
                                                              "Fri", "Sat", "Sun"]
    image = heat.get_images()[0].get_array()
    assert image.shape == (7, 48)
    # Tuesday is day 0 and 7: mean agents 1 + 3.5; Monday day 6 and 13: 1 + 9.5; Sunday 0
    image = np.ma.getdata(image)
    np.testing.assert_allclose(image[1], 4.5)
    np.testing.assert_allclose(image[0], 10.5)
    np.testing.assert_allclose(image[6], 0.0)
    ticks = [t.get_text() for t in heat.get_xticklabels()]
    assert ticks == [f"{h:02d}:00" for h in range(0, 24, 2)]


def test_weekdays_without_rows_are_left_out_of_the_day_shape():
    fig = requirements_chart(_req(start="2024-01-03", days=2), "t")  # Wednesday, Thursday
    heat = fig.axes[1]
    assert [t.get_text() for t in heat.get_yticklabels()] == ["Wed", "Thu"]
    assert heat.get_images()[0].get_array().shape == (2, 48)


def _simulated(n=16):
    starts = pd.date_range("2024-01-01 08:00", periods=n, freq="30min")
    sl = np.linspace(0.6, 0.95, n)
    intervals = pd.DataFrame({
        "interval_start": starts.strftime("%Y-%m-%dT%H:%M"), "agents": 5,
        "service_level": sl, "service_level_lo": sl - 0.05, "service_level_hi": sl + 0.05,
        "erlang_c_service_level": sl - 0.02, "erlang_a_service_level": sl + 0.01})
    summary = pd.DataFrame({"kpi": ["service_level", "asa_seconds"], "value": [0.85, 12.0],
                            "lo": [0.8, 10.0], "hi": [0.9, 14.0]})
    return intervals, summary


def test_simulation_chart_sets_the_simulation_beside_erlang(tmp_path):
    intervals, summary = _simulated()
    fig = simulation_chart(intervals, summary, "Test centre: simulated plan")
    ax = fig.axes[0]
    assert ax.get_title() == ("Test centre: simulated plan — overall service level 85.0% "
                              "(80.0% to 90.0%)")
    assert [line.get_label() for line in ax.get_lines()] == ["simulated", "Erlang C",
                                                             "Erlang A"]
    for line, col in zip(ax.get_lines(), ["service_level", "erlang_c_service_level",
                                          "erlang_a_service_level"], strict=True):
        np.testing.assert_allclose(line.get_ydata(), intervals[col])
    bands = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(bands) == 1 and bands[0].get_label() == "simulated, 95% interval"
    assert ax.get_ylim() == (0, 1.02)
    assert ax.get_ylabel() == "share answered in time"
    _saves(fig, tmp_path)


def test_the_time_axis_reads_the_centres_own_clock():
    # a Chicago plan: 08:00 on the axis is 08:00 in Chicago (not 14:00 UTC)
    req = _req(days=1).assign(interval_start=lambda f: f["interval_start"].dt.tz_localize(
        "America/Chicago"))
    staff, _ = requirements_chart(req, "t").axes[0].get_lines()
    first = mdates.num2date(mdates.date2num(staff.get_xdata()[16]))
    assert (first.hour, first.minute) == (8, 0)


def test_the_simulated_lines_stop_over_a_closed_night():
    # a coverage file holds open intervals only: Monday 08:00-16:00 then Tuesday's
    monday, summary = _simulated()
    tuesday = monday.assign(interval_start=pd.to_datetime(monday["interval_start"])
                            + pd.Timedelta(days=1))
    both = pd.concat([monday.assign(interval_start=pd.to_datetime(monday["interval_start"])),
                      tuesday], ignore_index=True)
    simulated = simulation_chart(both, summary, "t").axes[0].get_lines()[0]
    y = np.asarray(simulated.get_ydata(), dtype=float)
    assert len(y) == 33 and np.isnan(y[16]) and not np.isnan(np.delete(y, 16)).any()
    x = mdates.date2num(simulated.get_xdata()[16])
    assert mdates.num2date(x).strftime("%H:%M") == "16:00"  # the gap starts at closing
