"""KPI definitions on hand-worked frames (the February 1999 bank month, through `wfm report`,
against an independent count from the raw call records: tests/cli/test_report.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm.schedule.report import kpis


def _six_calls() -> pd.DataFrame:
    """Six calls over two days; the numbers below are worked by hand from this table."""
    return pd.DataFrame({
        "timestamp": pd.to_datetime(["2024-03-04 09:00", "2024-03-04 09:10", "2024-03-04 10:40",
                                     "2024-03-05 09:05", "2024-03-05 11:00", "2024-03-05 11:30"]),
        "outcome": ["answered", "answered", "answered", "answered", "abandoned", "abandoned"],
        "handle_seconds": [100.0, 200.0, 300.0, 10.0, 0.0, 0.0],
        "wait_seconds": [0.0, 20.0, 21.0, 5.0, 30.0, 3.0],
        "agent": ["A", "B", "A", "VRU", "VRU", "VRU"],
    })


def test_month_figures_by_the_definitions():
    k = kpis.contact_kpis(_six_calls(), answer_seconds=20, no_agent=["VRU"]).iloc[0]
    assert (k["offered"], k["answered"], k["abandoned"]) == (6, 4, 2)
    # answered within 20 s: waits 0, 20 (the boundary counts) and 5; not 21
    assert k["answered_in_time"] == 3
    assert k["service_level"] == pytest.approx(3 / 6)
    assert k["asa_seconds"] == pytest.approx((0 + 20 + 21 + 5) / 4)
    assert k["abandonment"] == pytest.approx(2 / 6)
    # the VRU-served call (10 s) is not agent service
    assert k["aht_seconds"] == pytest.approx((100 + 200 + 300) / 3)


@pytest.mark.parametrize(("answer_seconds", "in_time"), [(19.999, 2), (20, 3), (21, 4), (0, 1)])
def test_answer_seconds_boundary_is_inclusive(answer_seconds, in_time):
    k = kpis.contact_kpis(_six_calls(), answer_seconds=answer_seconds).iloc[0]
    assert k["answered_in_time"] == in_time
    assert k["service_level"] == pytest.approx(in_time / 6)


def test_per_day_groups():
    calls = _six_calls()
    by_day = kpis.contact_kpis(calls, 20, ["VRU"], kpis.period_labels(calls["timestamp"], "day"))
    assert list(by_day.index) == list(pd.to_datetime(["2024-03-04", "2024-03-05"]))
    d1, d2 = by_day.iloc[0], by_day.iloc[1]
    assert (d1["offered"], d1["service_level"], d1["asa_seconds"]) == (3, pytest.approx(2 / 3),
                                                                       pytest.approx(41 / 3))
    assert d1["abandonment"] == 0 and d1["aht_seconds"] == pytest.approx(200)
    assert (d2["offered"], d2["service_level"], d2["asa_seconds"]) == (3, pytest.approx(1 / 3), 5)
    assert d2["abandonment"] == pytest.approx(2 / 3)
    assert np.isnan(d2["aht_seconds"])  # nobody but the VRU served that day
    # the days add up to the month
    assert by_day["offered"].sum() == 6 and by_day["answered_in_time"].sum() == 3


def test_time_of_day_labels():
    calls = _six_calls()
    labels = kpis.period_labels(calls["timestamp"], "time_of_day", 30)
    assert list(labels) == ["09:00", "09:00", "10:30", "09:00", "11:00", "11:30"]
    by_slot = kpis.contact_kpis(calls, 20, by=labels)
    assert by_slot.loc["09:00", "offered"] == 3 and by_slot.loc["09:00", "service_level"] == 1


def test_short_abandons_can_be_left_out():
    k = kpis.contact_kpis(_six_calls(), 20, ["VRU"], short_abandon_seconds=5).iloc[0]
    assert (k["offered"], k["abandoned"]) == (5, 1)  # the abandon after 3 s is gone
    assert k["service_level"] == pytest.approx(3 / 5)
    assert k["abandonment"] == pytest.approx(1 / 5)


def test_unknown_waits_leave_service_level_and_asa_only():
    calls = _six_calls()
    calls.loc[0, "wait_seconds"] = np.nan  # the 0 s call: wait unknown
    k = kpis.contact_kpis(calls, 20, ["VRU"]).iloc[0]
    assert k["offered"] == 6 and k["abandonment"] == pytest.approx(2 / 6)
    assert k["service_level"] == pytest.approx(2 / 5)
    assert k["asa_seconds"] == pytest.approx((20 + 21 + 5) / 3)


def test_volume_kpis_weight_aht_by_contacts_handled():
    idx = pd.date_range("2024-03-04 08:00", periods=3, freq="30min")
    ivs = pd.DataFrame({"volume": [10.0, 30.0, 5.0], "aht_seconds": [100.0, 200.0, np.nan],
                        "handled": [10.0, 30.0, 0.0]}, index=idx)
    v = kpis.volume_kpis(pd.Series([45.0], index=[idx[0].normalize()]), ivs)
    assert v["offered"] == 45
    assert v["aht_seconds"] == pytest.approx((10 * 100 + 30 * 200) / 40)
    assert "aht_seconds" not in kpis.volume_kpis(pd.Series([45.0]), None)


def test_forecast_accuracy_over_the_days_both_cover():
    days = pd.date_range("2024-03-01", periods=4, freq="D")
    forecast = pd.DataFrame({"period": days, "volume": [10.0, 20.0, 35.0, 99.0]})
    actual = pd.Series([12.0, 18.0, 30.0], index=days[:3])  # the last day is not known yet
    scores, both = kpis.forecast_accuracy(forecast, actual)
    assert scores["periods"] == 3 and len(both) == 3
    assert scores["forecast_wape"] == pytest.approx((2 + 2 + 5) / 60)
    assert scores["forecast_bias"] == pytest.approx((65 - 60) / 60)
    gap = actual.copy()
    gap.iloc[1] = np.nan  # a gap day is left out, not taken as zero
    scores, _ = kpis.forecast_accuracy(forecast, gap)
    assert scores["forecast_wape"] == pytest.approx((2 + 5) / 42)


def test_schedule_fit():
    cov = pd.DataFrame({"interval_start": pd.date_range("2024-04-01 08:00", periods=4,
                                                        freq="30min"),
                        "required": [2.0, 3.0, 4.0, 1.0], "scheduled": [2.0, 2.0, 5.0, 1.0],
                        "service_level": [0.8, 0.6, 0.9, 1.0]})
    fit = kpis.schedule_fit(cov, 30)
    assert fit["schedule_fit"] == 0.75
    assert fit["understaffed_hours"] == 0.5 and fit["overstaffed_hours"] == 0.5
    assert fit["planned_service_level"] == pytest.approx((1.6 + 1.8 + 3.6 + 1.0) / 10)


def _roster() -> pd.DataFrame:
    t = pd.Timestamp
    return pd.DataFrame({
        "employee_id": ["E1", "E1", "E1", "E1", "E2"],
        "date": [t("2024-04-01")] * 3 + [t("2024-04-02"), t("2024-04-01")],
        "start": [t("2024-04-01 08:00"), t("2024-04-01 10:00"), t("2024-04-01 12:00"),
                  t("2024-04-02 00:00"), t("2024-04-01 00:00")],
        "end": [t("2024-04-01 16:30"), t("2024-04-01 10:15"), t("2024-04-01 12:30"),
                t("2024-04-03 00:00"), t("2024-04-02 00:00")],
        "activity": ["WORK", "BREAK", "LUNCH", "LEAVE", "OFF"],
        "paid_minutes": [480.0, 15.0, 0.0, 450.0, 0.0],
    })


def test_roster_hours_and_cost_by_day():
    days = kpis.roster_by_day(_roster(), {"E1": 20.0, "E2": 30.0})
    d1, d2 = days.loc["2024-04-01"], days.loc["2024-04-02"]
    assert d1["paid_hours"] == 8.0  # the WORK row's paid total; BREAK is already in it
    assert d1["phone_hours"] == pytest.approx(8.5 - 0.25 - 0.5)
    assert d1["cost"] == pytest.approx(160.0)
    # a day of paid leave: leave hours, not paid work, and not in the cost (as roster_summary)
    assert (d2["paid_hours"], d2["paid_leave_hours"], d2["phone_hours"], d2["cost"]) == (
        0.0, 7.5, 0.0, 0.0)
    assert "cost" not in kpis.roster_by_day(_roster())


def test_hours_above_the_weekly_maximum_cost_the_overtime_premium():
    # six 8-hour days, Monday 1 to Saturday 6 April 2024: 48 h against a 40 h maximum, 8 h
    # at a 1.5 premium on 20 an hour: 80 more, on the week's first day; the next Monday
    # starts a new week with no overtime
    t = pd.Timestamp
    days = [t("2024-04-01") + pd.Timedelta(days=i) for i in (0, 1, 2, 3, 4, 5, 7)]
    roster = pd.DataFrame({"employee_id": "E1", "date": days,
                           "start": [d + pd.Timedelta(hours=8) for d in days],
                           "end": [d + pd.Timedelta(hours=16) for d in days],
                           "activity": "WORK", "paid_minutes": 480.0})
    cost = kpis.roster_by_day(roster, {"E1": 20.0}, {"E1": 40.0}, 1.5, week_start=0)["cost"]
    assert cost.loc["2024-04-01"] == 160 + 80 and cost.loc["2024-04-02"] == 160
    assert cost.loc["2024-04-08"] == 160 and cost.sum() == 7 * 160 + 80
    # with Sunday as the week's first day, 1-6 April is still one week (Sun 31 March on)
    assert kpis.roster_by_day(roster, {"E1": 20.0}, {"E1": 40.0}, 1.5, 6)["cost"].sum() == (
        7 * 160 + 80)


def test_occupancy_and_workload():
    calls = _six_calls()
    work = kpis.workload_by_day(calls, None, ["VRU"])
    assert work.loc["2024-03-04"] == 600 and work.get(pd.Timestamp("2024-03-05"), 0) == 0
    phone = pd.Series([2.0, 1.0], index=pd.to_datetime(["2024-03-04", "2024-03-09"]))
    assert kpis.occupancy(work, phone) == pytest.approx(600 / 7200)
    assert kpis.workload_by_day(None, None) is None


def test_season_index_uses_the_forecast_season_rule():
    jan = pd.Series(100.0, index=pd.date_range("2024-01-01", "2024-01-31"))
    feb = pd.Series(130.0, index=pd.date_range("2024-02-01", "2024-02-29"))
    mar = pd.Series(115.0, index=pd.date_range("2024-03-01", "2024-03-10"))  # part month
    table = kpis.season_index(pd.concat([jan, feb, mar]), band=0.10).set_index("month")
    assert table.loc["2024-01", "index"] == pytest.approx(100 / 115)
    assert table.loc["2024-02", "index"] == pytest.approx(130 / 115)
    assert table.loc["2024-03", "index"] == pytest.approx(1.0)
    assert list(table["season"]) == ["quiet", "busy", "normal"]
    assert table.loc["2024-03", "days"] == 10


def test_complete_months_drop_part_months_and_gaps():
    daily = pd.Series(10.0, index=pd.date_range("2024-01-15", "2024-04-30"))
    daily.loc["2024-03-03"] = np.nan
    months = kpis.complete_months(daily)
    assert list(months.index) == ["2024-02", "2024-04"]
    assert list(months) == [290.0, 300.0]


def test_driver_ratios_and_trend():
    contacts = pd.Series([100.0, 120.0, 150.0], index=["2024-01", "2024-02", "2024-03"])
    driver = pd.DataFrame({"date": pd.to_datetime(["2024-01-01", "2024-01-20", "2024-02-01",
                                                   "2024-03-01", "2024-04-01"]),
                           "value": [40.0, 60.0, 100.0, 100.0, 100.0]})
    cost = pd.Series([1000.0], index=["2024-02"])
    r = kpis.driver_ratios(contacts, driver, cost).set_index("month")
    assert list(r.index) == ["2024-01", "2024-02", "2024-03"]  # April has no contacts
    assert list(r["contacts_per_unit"]) == [1.0, 1.2, 1.5]
    assert r.loc["2024-02", "cost_per_unit"] == 10.0 and np.isnan(r.loc["2024-01", "cost"])
    slope, words = kpis.linear_trend(r["contacts_per_unit"])
    assert slope == pytest.approx(0.25) and words == "rising"


@pytest.mark.parametrize(("values", "slope", "words"), [
    ({"2024-01": 2.0, "2024-02": 1.0, "2024-03": 0.0}, -1.0, "falling"),
    ({"2024-01": 5.0, "2024-02": 5.02, "2024-03": 5.0}, 0.0, "flat"),
    ({"2024-01": 1.0, "2024-03": 3.0}, 1.0, "rising"),  # a missing month is a month apart
])
def test_trend_words(values, slope, words):
    got, said = kpis.linear_trend(pd.Series(values))
    assert got == pytest.approx(slope, abs=1e-12) and said == words


def test_trend_needs_two_months():
    slope, words = kpis.linear_trend(pd.Series({"2024-01": 1.0}))
    assert np.isnan(slope) and "not enough" in words


def test_attrition_is_leavers_over_the_average_headcount():
    from wfm.schedule.roster.staff import Employee

    t = pd.Timestamp
    staff = [Employee("A", "A", "ft"),
             Employee("B", "B", "ft", end_date=t("2024-04-10")),     # 10 of 30 days
             Employee("C", "C", "ft", start_date=t("2024-04-21")),   # 10 of 30 days
             Employee("D", "D", "ft", end_date=t("2024-03-31"))]     # gone before April
    out = kpis.attrition(staff, t("2024-04-01"), t("2024-04-30"))
    assert out["headcount"] == pytest.approx(1 + 10 / 30 + 10 / 30)
    assert out["attrition"] == pytest.approx(1 / (1 + 20 / 30))  # B left in April: 60%


def test_a_noisy_series_with_no_real_slope_is_flat():
    # the fitted change is 9% of the mean, but the slope is within two standard errors
    noisy = pd.Series({"2024-01": 1.0, "2024-02": 1.3, "2024-03": 0.8, "2024-04": 1.25,
                       "2024-05": 0.9, "2024-06": 1.25})
    slope, words = kpis.linear_trend(noisy)
    assert abs(slope * 5) > 0.05 * noisy.mean() and words == "flat"
