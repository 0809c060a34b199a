"""What a KPI report shows (schedule/report/data.py): the library's table equals the one
`wfm report` writes for the tiny centre of tests/conftest.py (whose KPIs are worked by hand in
tests/cli/test_report.py), the frames the charts draw, what is not available and why, the
employees' rates, the KPIs queue by queue, and the checks on the report's options."""

from __future__ import annotations

import pandas as pd
import pytest

from wfm.core.config import load_config, parse_config
from wfm.core.errors import InputError
from wfm.forecast.history import load_history
from wfm.forecast.queues import load_queue_histories
from wfm.schedule.report.data import (
    ReportInputs,
    build_report,
    employee_rates,
    history_has_column,
    load_report_inputs,
    queue_kpis,
)


# -- the library's own calls ---------------------------------------------------------------------
def test_the_library_gives_the_table_the_command_writes(april, full_report):
    written = pd.read_csv(full_report[0] / "kpis.csv")
    assert april.kpis["kpi"].tolist() == written["kpi"].tolist()
    assert april.kpis["unit"].tolist() == written["unit"].tolist()
    pd.testing.assert_series_equal(april.kpis["value"], written["value"], rtol=1e-9)
    assert (april.title, april.period) == ("Test centre: KPI report, 2024-04", "2024-04")
    # each KPI shown has its definition, in the table's order; only what needs customer
    # ids (the tiny centre's records have none) and eNPS (asked in March) are missing
    assert [k for k, _ in april.definitions] == april.kpis["kpi"].tolist()
    assert april.unavailable == [
        (f"fcr_{w}", "needs customer ids in the contact records ([history] customer)")
        for w in ("24h", "7d")] + [("enps", "needs enps responses in the survey file dated "
                                            "in 2024-04")]
    assert april.notes[0] == ("2024-04 is a normal month (volume index 1.00 over 2 month(s) "
                              "of history)")


def test_the_frames_the_charts_draw(april):
    assert len(april.daily) == 30 and (april.daily["offered"] == 10).all()
    assert (april.daily["answered"] == 8).all() and (april.daily["aht_seconds"] == 120).all()
    # by time of day over April: the 09:05 call every day, answered at once
    nine = april.time_of_day.loc["09:00"]
    assert (nine["offered"], nine["service_level"]) == (30, 1.0)
    assert (april.accuracy["forecast"] == 12).all() and (april.accuracy["actual"] == 10).all()
    assert len(april.accuracy) == 30 and len(april.coverage) == 4
    assert april.seasons[["month", "volume", "days"]].values.tolist() == [
        ["2024-03", 310.0, 31], ["2024-04", 300.0, 30]]
    assert april.drivers["contacts_per_unit"].tolist() == [0.5, 1.0]
    assert april.drivers["cost"].isna().tolist() == [True, False]  # March has no roster


def test_history_alone_lists_each_plan_kpi_with_the_file_it_needs(centre):
    cfg = load_config(centre["config"])
    data = build_report(load_report_inputs(centre["history"], cfg))
    gaps = dict(data.unavailable)
    assert gaps["forecast_wape"] == gaps["forecast_bias"] == "needs --forecast"
    assert gaps["schedule_fit"] == gaps["planned_service_level"] == "needs --coverage"
    assert gaps["paid_hours"] == gaps["cost_per_contact"] == "needs --roster"
    assert gaps["contacts_per_driver_unit"] == "needs --driver (a CSV of date, value)"
    # the whole history when no month is named: March and April
    assert data.period == "2024-03-01 to 2024-04-30"
    assert data.kpis.set_index("kpi").loc["offered", "value"] == 610
    assert "season_index" not in set(data.kpis["kpi"])  # a month's index needs a month
    assert data.accuracy is data.coverage is data.drivers is None


def test_a_month_without_history_or_plan_rows_is_explained(centre):
    cfg = load_config(centre["config"])
    with pytest.raises(InputError, match=r"--month 2024-06: the history has no days in that "
                                         r"month \(it covers 2024-03-01 to 2024-04-30\)"):
        build_report(load_report_inputs(centre["history"], cfg, month="2024-06"))
    march = build_report(load_report_inputs(centre["history"], cfg, month="2024-03",
                                            coverage=centre["coverage"],
                                            roster=centre["roster"]))
    gaps = dict(march.unavailable)
    assert gaps["schedule_fit"] == "needs a coverage file with intervals in 2024-03"
    assert gaps["paid_hours"] == "needs a roster with days in 2024-03"


def test_short_abandons_are_left_out_of_every_figure(centre):
    """The 18:20 abandon waited 7 s: under a 10 s threshold it is not a contact at all."""
    cfg = load_config(centre["config"])
    data = build_report(load_report_inputs(centre["history"], cfg, month="2024-04",
                                           short_abandon=10))
    k = data.kpis.set_index("kpi")["value"]
    assert (k["offered"], k["abandoned"]) == (9 * 30, 1 * 30)
    assert k["abandonment"] == pytest.approx(1 / 9)
    assert k["service_level"] == pytest.approx(5 / 9)
    assert "abandons that waited under 10 s are left out" in dict(data.definitions)["offered"]


def test_employee_rates_come_from_each_contract():
    roster = pd.DataFrame({"employee_id": ["E1", "E2", "E1"]})
    rates = employee_rates(roster, {"E1": "ft", "E2": "pt", "E3": "ft"},
                           {"ft": 24.0, "pt": 19.0}, "roster_long.csv")
    assert rates == {"E1": 24.0, "E2": 19.0, "E3": 24.0}
    # no contract with a cost: no rates at all
    assert employee_rates(roster, {"E1": "ft", "E2": "ft"}, {"ft": 0.0}, "r.csv") is None
    with pytest.raises(InputError) as err:
        employee_rates(roster, {"E1": "ft"}, {"ft": 24.0}, "roster_long.csv")
    assert str(err.value) == ("roster_long.csv, row 2, column 'employee_id': employee 'E2' is "
                              "not in the employees file (needed for the cost per hour)")


def test_options_are_checked_before_any_file_is_read(tmp_path):
    cfg = parse_config({})
    missing = tmp_path / "nope.csv"
    with pytest.raises(InputError, match="--activity needs --roster"):
        load_report_inputs(missing, cfg, activity=missing)
    with pytest.raises(InputError, match="--short-abandon: expected seconds >= 0, got -5"):
        load_report_inputs(missing, cfg, short_abandon=-5)
    with pytest.raises(InputError, match="expected YYYY-MM"):
        load_report_inputs(missing, cfg, month="April")


def test_kpis_queue_by_queue_each_with_its_own_answer_time(tmp_path):
    """Two queues of the same calls: the vip queue answers in 5 s, so fewer are in time;
    a queue with no calls in the month is left out."""
    rows = ["timestamp,queue,outcome,handle_seconds,wait_seconds"]
    for q in ("sales", "vip"):
        for i, wait in enumerate([0, 4, 10, 30]):
            rows.append(f"2024-04-01T09:{10 * i:02d},{q},answered,100,{wait}")
    rows.append("2024-03-01T09:00,old,answered,100,0")
    (tmp_path / "history.csv").write_text("\n".join(rows) + "\n")
    cfg = parse_config({"service": {"answer_seconds": 20},
                        "queues": {"vip": {"service": {"answer_seconds": 5}}}})
    histories = load_queue_histories(tmp_path / "history.csv", cfg)
    assert set(histories) == {"old", "sales", "vip"}
    inputs = ReportInputs(history=load_history(tmp_path / "history.csv", cfg), config=cfg,
                          month=pd.Period("2024-04", freq="M"))
    table = queue_kpis(histories, inputs)
    assert list(table.columns) == ["kpi", "value", "unit", "period_start", "period_end", "queue"]
    assert sorted(table["queue"].unique()) == ["sales", "vip"]
    sl = table[table["kpi"] == "service_level"].set_index("queue")["value"]
    assert sl.to_dict() == {"sales": 0.75, "vip": 0.5}
    offered = table[table["kpi"] == "offered"].set_index("queue")["value"]
    assert offered.to_dict() == {"sales": 4, "vip": 4}
    none = queue_kpis({}, inputs)
    assert none.empty and list(none.columns) == list(table.columns)


def test_history_has_column_reads_a_header_or_a_frame(tmp_path):
    path = tmp_path / "history.csv"
    path.write_text("timestamp, outcome ,wait_seconds\n2024-04-01T09:00,answered,3\n")
    assert history_has_column(path, "outcome") and not history_has_column(path, "queue")
    assert not history_has_column(tmp_path / "nope.csv", "outcome")
    frame = pd.DataFrame({"timestamp": [], " queue": []})
    assert history_has_column(frame, "queue") and not history_has_column(frame, "outcome")
