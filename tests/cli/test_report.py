"""`wfm report`: the KPIs, page and charts it writes and the lines it prints for the tiny
centre of tests/conftest.py (worked by hand), what it leaves out for want of an input, the
bank's February 1999 against an independent count from the raw call records, and bad files
and options as one line with exit status 2 and nothing written."""

from __future__ import annotations

import locations
import numpy as np
import pandas as pd
import pytest

BANK_CALLS_TOML = locations.EXAMPLES / "bank_1999_calls.toml"


# -- the tiny centre, every file given or some left out ------------------------------------------
def test_april_kpis_by_hand(full_report):
    out, result = full_report
    k = pd.read_csv(out / "kpis.csv").set_index("kpi")["value"]
    days = 30
    assert (k["offered"], k["answered"], k["abandoned"]) == (10 * days, 8 * days, 2 * days)
    assert k["service_level"] == pytest.approx(5 / 10)  # waits 0, 5, 10, 20, 2 of ten offered
    assert k["asa"] == pytest.approx((0 + 5 + 10 + 20 + 21 + 30 + 60 + 2) / 8)
    assert k["abandonment"] == pytest.approx(0.2)
    assert k["aht"] == pytest.approx(120.0)  # the VRU's 10 s calls left out
    assert k["forecast_wape"] == pytest.approx(2 * days / (10 * days))
    assert k["forecast_bias"] == pytest.approx(0.2)
    assert k["schedule_fit"] == 0.75
    assert k["understaffed_hours"] == 0.5 and k["overstaffed_hours"] == 0.5
    assert k["planned_service_level"] == pytest.approx(0.8)
    assert k["paid_hours"] == 8 * days
    # Dana works every day: 56 h in each of April's four Monday-Sunday weeks against the
    # contract's 48 h maximum, 8 h a week at the 1.5 premium: 4 x 8 x 20 x 0.5 = 320 more
    cost = 8 * days * 20.0 + 320
    assert k["cost"] == cost
    assert k["cost_per_contact"] == pytest.approx(cost / 300)
    phone = days * (8.5 - 0.25 - 0.5) * 3600
    assert k["occupancy"] == pytest.approx(days * 7 * 120 / phone)
    assert k["season_index"] == pytest.approx(1.0)  # March and April alike
    assert k["contacts_per_driver_unit"] == pytest.approx(300 / 300)
    assert k["contacts_per_driver_unit_trend"] == pytest.approx(1.0 - 310 / 620)
    assert k["cost_per_driver_unit"] == pytest.approx(cost / 300)
    assert "contacts per driver unit: rising" in result.stdout
    assert "2024-04 is a normal month" in result.stdout


def test_writes_the_page_the_table_and_the_charts(full_report):
    out, _ = full_report
    names = sorted(p.name for p in out.iterdir())
    assert names == ["adherence_intervals.csv", "adherence_people.csv", "goals.csv",
                     "kpis.csv", "report.html", "report_adherence.png", "report_aht.png",
                     "report_drivers.png", "report_forecast.png", "report_goals.png",
                     "report_schedule_fit.png", "report_seasons.png", "report_service.png",
                     "report_surveys.png", "report_tickets.png", "report_volume.png"]
    for png in out.glob("*.png"):
        assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    kpis = pd.read_csv(out / "kpis.csv", keep_default_na=False)
    assert list(kpis.columns) == ["kpi", "value", "unit", "period_start", "period_end", "queue"]
    # every figure for April, the month asked for, centre-wide; the driver trend over the
    # months it covers
    rows = kpis.set_index("kpi")
    assert (rows.loc["service_level", ["period_start", "period_end", "queue"]].tolist()
            == ["2024-04-01", "2024-04-30", ""])
    assert rows.loc["paid_hours", "period_start"] == "2024-04-01"
    assert rows.loc["contacts_per_driver_unit_trend", "period_start"] == "2024-03-01"


def test_missing_inputs_are_listed_as_not_available(cli, centre, report_args, tmp_path):
    out = tmp_path / "out"
    result = cli(*report_args(centre, out, forecast=True, coverage=True, employees=True,
                              driver=True))
    assert result.exit_code == 0, result.output
    kpis = set(pd.read_csv(out / "kpis.csv")["kpi"])
    assert {"paid_hours", "occupancy", "service_level"} <= kpis
    assert not kpis & {"forecast_wape", "schedule_fit", "cost", "cost_per_contact",
                       "contacts_per_driver_unit"}
    page = (out / "report.html").read_text()
    for line in ("forecast_wape: not available: needs --forecast",
                 "schedule_fit: not available: needs --coverage",
                 "cost_per_contact: not available: needs --employees",
                 "contacts_per_driver_unit: not available: needs --driver"):
        assert line in page
    assert not (out / "report_forecast.png").exists()


def test_interval_forecast_is_scored_interval_by_interval(cli, centre, tmp_path):
    # April 1st has one call in each hour's first half-hour from 09:00 to 16:00
    fc = tmp_path / "forecast_intervals.csv"
    fc.write_text("interval_start,volume,aht_seconds\n" + "".join(
        f"2024-04-01T{h:02d}:00,2,120\n" for h in range(9, 17)))
    out = tmp_path / "out"
    result = cli("report", "--history", centre["history"], "--config", centre["config"],
                 "--forecast", fc, "--out", out)
    assert result.exit_code == 0, result.output
    k = pd.read_csv(out / "kpis.csv").set_index("kpi")["value"]
    # by interval: |2 - 1| in each of 8 intervals over 8 calls (by day it would be 6 / 10)
    assert k["forecast_wape"] == pytest.approx(1.0)
    assert k["forecast_bias"] == pytest.approx(1.0)


def test_counts_history_gives_volume_only(cli, centre, tmp_path):
    counts = tmp_path / "daily.csv"
    counts.write_text("date,volume\n" + "".join(f"2024-04-{d:02d},{100 + d}\n"
                                                 for d in range(1, 31)))
    out = tmp_path / "out"
    result = cli("report", "--history", counts, "--config", centre["config"], "--out", out)
    assert result.exit_code == 0, result.output
    k = pd.read_csv(out / "kpis.csv").set_index("kpi")["value"]
    assert list(k.index) == ["offered"]
    assert k["offered"] == sum(100 + d for d in range(1, 31))
    page = (out / "report.html").read_text()
    assert "service_level: not available: needs contact records" in page
    assert "aht: not available" in page


def test_contacts_without_outcomes_or_waits(cli, tmp_path):
    history = tmp_path / "contacts.csv"
    history.write_text("timestamp,handle_seconds\n2024-04-01T09:00,100\n"
                       "2024-04-01T09:10,200\n2024-04-02T10:00,300\n")
    out = tmp_path / "out"
    result = cli("report", "--history", history, "--out", out)
    assert result.exit_code == 0, result.output
    k = pd.read_csv(out / "kpis.csv").set_index("kpi")["value"]
    assert dict(k) == {"offered": 3, "aht": 200}
    assert "service_level: needs an outcome column" in result.stdout
    assert "asa: needs wait times" in result.stdout


# -- the real February 1999 month -----------------------------------------------------------
def _independent_count(raw: pd.DataFrame, answer_seconds: float = 20) -> dict[str, float]:
    """The definitions applied straight to the raw records, without the library."""
    agent = raw[raw["outcome"] == "AGENT"]
    hang = raw[raw["outcome"] == "HANG"]
    offered = len(agent) + len(hang)
    return {
        "offered": offered,
        "service_level": (agent["q_time"] <= answer_seconds).sum() / offered,
        "asa": agent["q_time"].mean(),
        "abandonment": len(hang) / offered,
        "aht": agent.loc[agent["server"] != "NO_SERVER", "ser_time"].mean(),
    }


def _independent_fcr(raw: pd.DataFrame, hours: int) -> tuple[float, float]:
    """FCR and the repeat-contact rate over `hours`, counted per customer with sorted
    start times (not the library's next-contact shift): PHANTOM records left out,
    customer id 0 unknown, same-second contacts in file order."""
    calls = raw[raw["outcome"] != "PHANTOM"].copy()
    calls["start"] = pd.to_datetime(calls["date"] + " " + calls["vru_entry"])
    first, last = calls["start"].min().to_datetime64(), calls["start"].max().to_datetime64()
    window = np.timedelta64(hours, "h")
    resolved, judged, repeats, seen = 0, 0, 0, 0
    for _, own in calls[calls["customer_id"] != "0"].groupby("customer_id"):
        starts = own["start"].to_numpy()
        order = np.lexsort((np.arange(len(own)), starts))  # by start, then file order
        starts, answered = starts[order], (own["outcome"].to_numpy() == "AGENT")[order]
        for i, t in enumerate(starts):
            if answered[i] and t + window <= last:
                judged += 1
                later = np.searchsorted(starts, t + window, side="right") - (i + 1)
                resolved += later == 0
            if t - window >= first:
                seen += 1
                repeats += i > 0 and starts[i - 1] >= t - window
    return resolved / judged, repeats / seen


@pytest.mark.parametrize("month", [None, "1999-02"])
def test_february_1999_matches_an_independent_count(cli, bank_calls, bank_calls_raw, tmp_path,
                                                    month):
    out = tmp_path / "report"
    args = ["report", "--history", bank_calls, "--config", BANK_CALLS_TOML, "--out", out]
    result = cli(*args, *(["--month", month] if month else []))
    assert result.exit_code == 0, result.output
    got = pd.read_csv(out / "kpis.csv").set_index("kpi")
    want = _independent_count(bank_calls_raw)
    assert want["offered"] == 27162 + 5904  # the README's profile, PHANTOM left out
    assert got.loc["offered", "value"] == want["offered"]
    for rate in ("service_level", "abandonment"):
        assert got.loc[rate, "unit"] == "share"
        assert abs(got.loc[rate, "value"] - want[rate]) <= 0.001, rate
    for time in ("asa", "aht"):
        assert got.loc[time, "unit"] == "seconds"
        assert got.loc[time, "value"] == pytest.approx(want[time], rel=0.001), time
    # first-contact resolution and repeat contacts by customer id, over 24 h and 7 days
    for hours, label in ((24, "24h"), (168, "7d")):
        fcr, repeat = _independent_fcr(bank_calls_raw, hours)
        assert got.loc[f"fcr_{label}", "value"] == pytest.approx(fcr, abs=1e-3), label
        assert got.loc[f"repeat_contacts_{label}", "value"] == pytest.approx(repeat, abs=1e-3)
        assert got.loc[f"fcr_{label}", "unit"] == "share"
    assert 0.3 < got.loc["fcr_7d", "value"] < got.loc["fcr_24h", "value"] < 1  # 38%, 60%
    # the figures and their definitions are printed
    for name in ("service_level", "asa", "abandonment", "aht", "fcr_24h"):
        assert name in result.stdout
    assert "<= 20 s" in result.stdout and "NO_SERVER" in result.stdout


# -- bad input: one line, exit 2, nothing written ------------------------------------------------
def test_roster_with_someone_not_employed(cli, centre, report_args, tmp_path):
    bad = tmp_path / "bad_roster_long.csv"
    bad.write_text(centre["roster"].read_text()
                   + "E9,Noa,2024-04-02,2024-04-02T08:00,2024-04-02T16:30,WORK,480\n")
    files = {**centre, "roster": bad}
    out = tmp_path / "out"
    line = cli.fails_cleanly(report_args(files, out), list(files.values()), out)
    assert line.startswith("error: ") and str(bad) in line
    assert "row 91" in line and "'E9'" in line and "column 'employee_id'" in line


@pytest.mark.parametrize(("extra", "words"), [
    (["--month", "2023-01"], "no days in that month"),
    (["--month", "April"], "expected YYYY-MM"),
    (["--short-abandon", "-1"], "--short-abandon"),
])
def test_bad_options(cli, centre, tmp_path, extra, words):
    out = tmp_path / "out"
    args = ["report", "--history", centre["history"], "--config", centre["config"],
            "--out", out, *extra]
    assert words in cli.fails_cleanly(args, [centre["history"]], out)


def test_activity_without_a_roster(cli, centre, report_args, tmp_path):
    out = tmp_path / "out"
    line = cli.fails_cleanly(report_args(centre, out, roster=True), list(centre.values()), out)
    assert "--activity needs --roster" in line


def test_employees_without_a_roster_give_headcount_and_attrition(cli, centre, report_args,
                                                                 tmp_path):
    out = tmp_path / "out"
    result = cli(*report_args(centre, out, roster=True, activity=True))
    assert result.exit_code == 0, result.output
    kpis = pd.read_csv(out / "kpis.csv").set_index("kpi")["value"]
    assert (kpis["headcount"], kpis["attrition"]) == (1, 0)  # Dana, all April
    assert "paid_hours" not in kpis


def _bad(cli, centre, report_args, tmp_path, key: str, text: str) -> str:
    bad = tmp_path / f"bad_{centre[key].name}"
    bad.write_text(text)
    files = {**centre, key: bad}
    out = tmp_path / "out"
    line = cli.fails_cleanly(report_args(files, out), list(files.values()), out)
    assert line.startswith("error: ") and str(bad) in line
    return line


def test_coverage_missing_a_column(cli, centre, report_args, tmp_path):
    line = _bad(cli, centre, report_args, tmp_path, "coverage",
                "interval_start,required\n2024-04-01T08:00,2\n")
    assert "header" in line and "column 'scheduled'" in line


def test_driver_with_a_bad_value(cli, centre, report_args, tmp_path):
    line = _bad(cli, centre, report_args, tmp_path, "driver",
                "date,value\n2024-03-01,620\n2024-04-01,lots\n")
    assert "row 2" in line and "column 'value'" in line and "'lots'" in line


def test_driver_with_a_bad_date(cli, centre, report_args, tmp_path):
    line = _bad(cli, centre, report_args, tmp_path, "driver",
                "date,value\n2024-03-01,620\n1/4/2024,300\n")
    assert "row 2" in line and "column 'date'" in line


def test_roster_with_an_unknown_activity(cli, centre, report_args, tmp_path):
    text = "employee_id,name,date,start,end,activity,paid_minutes\n" \
           "E1,Dana,2024-04-01,2024-04-01T08:00,2024-04-01T16:30,NAP,480\n"
    line = _bad(cli, centre, report_args, tmp_path, "roster", text)
    assert "row 1" in line and "column 'activity'" in line


def test_forecast_with_a_negative_volume(cli, centre, report_args, tmp_path):
    line = _bad(cli, centre, report_args, tmp_path, "forecast",
                "date,volume\n2024-04-01,12\n2024-04-02,-3\n")
    assert "row 2" in line and "column 'volume'" in line


def test_the_samples_november_scorecard_matches_an_independent_count(cli, tmp_path):
    """Surveys, tickets and goals on the bundled sample, recounted with plain pandas."""
    data = locations.REPO / "data"
    out = tmp_path / "out"
    result = cli("report", "--history", data / "history.csv", "--config", data / "config.toml",
                 "--surveys", data / "surveys.csv", "--tickets", data / "tickets.csv",
                 "--month", "2026-11", "--out", out)
    assert result.exit_code == 0, result.output
    kpi = pd.read_csv(out / "kpis.csv").set_index("kpi")["value"]
    surveys = pd.read_csv(data / "surveys.csv", parse_dates=["date"])
    nov = surveys[surveys["date"].dt.strftime("%Y-%m") == "2026-11"]
    csat = nov.loc[nov["survey"] == "csat", "score"]
    nps = nov.loc[nov["survey"] == "nps", "score"]
    assert kpi["csat"] == pytest.approx((csat >= 4).mean())
    assert kpi["csat_responses"] == len(csat)
    assert kpi["nps"] == pytest.approx(100 * ((nps >= 9).mean() - (nps <= 6).mean()))
    tickets = pd.read_csv(data / "tickets.csv", parse_dates=["created", "first_response",
                                                             "resolved"])
    t = tickets[tickets["created"].dt.strftime("%Y-%m") == "2026-11"]
    reply = (t["first_response"] - t["created"]).dt.total_seconds() / 3600
    assert kpi["tickets"] == len(t)
    assert kpi["tickets_open"] == t["resolved"].isna().sum()
    assert kpi["first_response_median_hours"] == pytest.approx(reply.median())
    now = tickets[["created", "first_response", "resolved"]].max().max()
    waited = reply.notna() | (t["created"] + pd.Timedelta(hours=24) <= now)
    assert kpi["first_response_within_target"] == pytest.approx(
        (reply[waited] <= 24).sum() / waited.sum())
    # the CSAT goal: the path from 78% on 1 June 2026 to 85% on 30 June 2027, by 30 November
    goals = pd.read_csv(out / "goals.csv").set_index("kpi")
    expected = 0.78 + 0.07 * 182 / 394
    assert goals.loc["csat", "expected"] == pytest.approx(expected)
    assert goals.loc["csat", "status"] == ("on track" if kpi["csat"] >= expected else "at risk")
    assert kpi["aht"] <= 300 and goals.loc["aht", "status"] == "met"
    assert (out / "report_tickets.png").exists() and (out / "report_surveys.png").exists()


TORONTO = locations.SHARED_DATA / "toronto_311_2010_2013" / "daily_metrics.csv.gz"


def test_toronto_311_months_reproduce_the_citys_own_daily_figures():
    """The report reads Toronto's daily performance file as a history and gives each month
    the city's figures combined as their definitions say: service level weighted by calls
    offered, ASA by calls answered, abandonment = abandoned / offered."""
    import dataclasses

    from wfm.core.config import load_config
    from wfm.schedule.report.data import build_report, load_report_inputs

    raw = pd.read_csv(TORONTO, parse_dates=["date"])
    inputs = load_report_inputs(TORONTO, load_config(locations.EXAMPLES / "toronto_311.toml"))
    for month in pd.period_range("2010-01", "2013-12", freq="M").astype(str):
        days = raw[raw["date"].dt.strftime("%Y-%m") == month]
        kpi = build_report(dataclasses.replace(inputs, month=pd.Period(month, "M"))
                           ).kpis.set_index("kpi")["value"]
        offered, answered = days["calls_offered"], days["calls_answered"]
        assert kpi["offered"] == offered.sum()
        assert kpi["answered"] == answered.sum()
        assert kpi["service_level"] == pytest.approx(
            (days["service_level_pct"] * offered).sum() / offered.sum())
        assert kpi["asa"] == pytest.approx(
            (days["avg_speed_answer_s"] * answered).sum() / answered.sum())
        assert kpi["abandonment"] == pytest.approx(
            days["calls_abandoned_gt30s"].sum() / offered.sum())
        assert kpi["aht"] == pytest.approx(
            (days["avg_talk_time_s"] * answered).sum() / answered.sum())


def test_the_time_of_day_figures_keep_to_the_hours_the_phones_open(bank_calls):
    # the bank's VRU takes calls all night, but agents answer from 07:00 ([centre] hours):
    # the night's 0% is no agent's service level and is not charted
    from wfm.core.config import load_config
    from wfm.schedule.report.data import build_report, load_report_inputs

    data = build_report(load_report_inputs(bank_calls, load_config(BANK_CALLS_TOML)))
    assert data.time_of_day.index[0] == "07:00" and data.time_of_day.index[-1] == "23:30"


def test_the_samples_contacts_per_order_fall_as_the_generator_says(cli, tmp_path):
    data = locations.REPO / "data"
    out = tmp_path / "out"
    result = cli("report", "--history", data / "history.csv", "--config", data / "config.toml",
                 "--driver", data / "orders.csv", "--month", "2026-11", "--out", out)
    assert result.exit_code == 0, result.output
    kpi = pd.read_csv(out / "kpis.csv").set_index("kpi")["value"]
    history = pd.read_csv(data / "history.csv", parse_dates=["interval_start"])
    calls = history.loc[history["interval_start"].dt.strftime("%Y-%m") == "2026-11", "volume"]
    orders = pd.read_csv(data / "orders.csv").set_index("date")["value"]
    assert kpi["contacts_per_driver_unit"] == pytest.approx(calls.sum() / orders["2026-11-01"])
    assert kpi["contacts_per_driver_unit_trend"] < 0  # data/README.md: 0.14 -> 0.11
    assert "contacts per driver unit: falling" in result.stdout


@pytest.mark.slow
def test_the_samples_cost_per_order_from_a_november_roster(cli, tmp_path):
    """Staff the sample's own November (its history as the volume), roster it, and report
    it with the orders: cost per order is roster_summary's cost over November's orders,
    and paid hours and cost are the same figures in both files."""
    data = locations.REPO / "data"
    config = data / "config.toml"
    req = tmp_path / "requirements.csv"
    assert cli("staff", data / "history.csv", "--config", config, "--out", req).exit_code == 0
    roster = tmp_path / "roster"
    result = cli("roster", "--requirements", req, "--employees", data / "employees.csv",
                 "--time-off", data / "time_off.csv", "--config", config, "--month", "2026-11",
                 "--time-limit", "10", "--out", roster)
    assert result.exit_code == 0, result.output
    out = tmp_path / "report"
    result = cli("report", "--history", data / "history.csv", "--config", config,
                 "--roster", roster / "roster_long.csv", "--employees", data / "employees.csv",
                 "--driver", data / "orders.csv", "--month", "2026-11", "--out", out)
    assert result.exit_code == 0, result.output
    kpi = pd.read_csv(out / "kpis.csv").set_index("kpi")["value"]
    summary = pd.read_csv(roster / "roster_summary.csv").set_index("kpi")["value"]
    orders = pd.read_csv(data / "orders.csv").set_index("date")["value"]
    assert kpi["cost"] == pytest.approx(float(summary["cost"]))
    assert kpi["paid_hours"] == pytest.approx(float(summary["paid_hours"]))
    assert kpi["cost_per_driver_unit"] == pytest.approx(float(summary["cost"])
                                                        / orders["2026-11-01"])
