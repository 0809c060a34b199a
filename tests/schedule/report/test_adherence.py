"""Adherence and conformance against hand-worked minutes, and bad activity logs."""

from __future__ import annotations

import pandas as pd
import pytest

from wfm.core.errors import InputError
from wfm.schedule.report.adherence import adherence, load_activity

DAY = pd.Timestamp("2024-04-01")
PHONE_STATES = ["AVAILABLE", "TALK"]
BREAK_STATES = ["BREAK", "LUNCH"]


def _t(hhmm: str) -> pd.Timestamp:
    return pd.Timestamp(f"2024-04-01T{hhmm}")


def _roster():
    # 08:00-12:00 on the phones but for a break 10:00-10:15: 240 scheduled minutes
    return pd.DataFrame({"employee_id": ["E1", "E1"], "date": [DAY, DAY],
                         "start": [_t("08:00"), _t("10:00")], "end": [_t("12:00"), _t("10:15")],
                         "activity": ["WORK", "BREAK"], "paid_minutes": [240.0, 15.0]})


def _log():
    # in 5 minutes late, back 5 minutes late from the break, a meeting from 11:30
    rows = [("AVAILABLE", "08:05", "10:00"), ("BREAK", "10:00", "10:20"),
            ("TALK", "10:20", "11:30"), ("MEETING", "11:30", "12:00")]
    return pd.DataFrame({"employee_id": "E1", "state": [r[0] for r in rows],
                         "start": [_t(r[1]) for r in rows], "end": [_t(r[2]) for r in rows]})


def _adherence(grace: int, log=None):
    return adherence(_roster(), _log() if log is None else log, DAY, DAY, PHONE_STATES,
                     BREAK_STATES, grace, 30)


def test_adherence_counts_the_minutes_spent_as_scheduled():
    totals, people, intervals = _adherence(0)
    # kept: 08:05-10:00 (115), the break 10:00-10:15 (15), 10:20-11:30 (70) = 200 of 240;
    # out: 08:00-08:05, 10:15-10:20 and the meeting 11:30-12:00 (5 + 5 + 30)
    assert totals["adherence"] == pytest.approx(200 / 240)
    row = people.iloc[0]
    assert row["minutes_out_of_adherence"] == 40 and row["scheduled_hours"] == 4
    # conformance: worked (phone or meeting) 115 + 70 + 30 = 215 of 225 on the phones
    assert totals["conformance"] == pytest.approx(215 / 225)
    assert row["worked_hours"] == pytest.approx(215 / 60)
    first = intervals.iloc[0]  # 08:00-08:30: 25 of 30 minutes kept, on the phones 25 of 30
    assert first["interval_start"] == _t("08:00")
    assert first["adherence"] == pytest.approx(25 / 30)
    assert (first["scheduled_on_phones"], first["on_phones"]) == (1.0, pytest.approx(25 / 30))
    assert len(intervals) == 8  # 08:00 to 11:30, the intervals anyone was scheduled


def test_a_grace_forgives_minutes_next_to_a_change_in_the_schedule():
    totals, _, _ = _adherence(5)
    # 08:00-08:05, 10:15-10:20 and 11:55-12:00 now count: 215 of 240
    assert totals["adherence"] == pytest.approx(215 / 240)


def test_logged_out_on_a_break_keeps_it_and_a_perfect_day_is_100_percent():
    perfect = pd.DataFrame({"employee_id": "E1", "state": ["AVAILABLE", "TALK"],
                            "start": [_t("08:00"), _t("10:15")],
                            "end": [_t("10:00"), _t("12:00")]})
    totals, _, _ = _adherence(0, perfect)
    assert totals["adherence"] == 1.0 and totals["conformance"] == 1.0


def test_more_time_as_scheduled_never_lowers_adherence():
    late = _log()
    early = late.assign(start=late["start"].where(late["state"] != "AVAILABLE", _t("08:00")))
    assert _adherence(0, early)[0]["adherence"] > _adherence(0, late)[0]["adherence"]


def test_the_tiny_centres_april(april):
    # Dana logs off at 16:00 instead of 16:30 each day: 480 of 510 scheduled minutes kept,
    # and the default 2-minute grace forgives 16:28-16:30; worked 120 + 105 + 210 = 435
    # minutes of the 465 scheduled on the phones
    kpi = april.kpis.set_index("kpi")["value"]
    assert kpi["adherence"] == pytest.approx(482 / 510)
    assert kpi["conformance"] == pytest.approx(435 / 465)
    assert april.adherence_people["employee_id"].tolist() == ["E1"]
    assert len(april.adherence_intervals) == 30 * 17  # 08:00-16:30 on each April day


@pytest.mark.parametrize(("text", "message"), [
    ("employee_id,state,start,end\nE1,TALK,2024-04-01T09:00,2024-04-01T08:00\n",
     r"row 1, column 'end'"),
    ("employee_id,state,start,end\nE1,,2024-04-01T08:00,2024-04-01T09:00\n",
     r"row 1, column 'state': expected a value"),
    ("employee_id,state,start\nE1,TALK,2024-04-01T08:00\n", r"end"),
    ("employee_id,state,start,end\nE1,TALK,soon,2024-04-01T09:00\n", r"row 1, column 'start'"),
])
def test_bad_activity_logs_name_the_cell(tmp_path, text, message):
    path = tmp_path / "activity.csv"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        load_activity(path)


def test_an_offset_in_the_log_converts_to_the_centres_time(tmp_path):
    path = tmp_path / "activity.csv"
    path.write_text("employee_id,state,start,end\n"
                    "E1,TALK,2024-04-01T13:00+00:00,2024-04-01T14:00+00:00\n")
    log = load_activity(path, "America/Chicago")
    assert log["start"].iloc[0] == pd.Timestamp("2024-04-01T08:00")


def test_a_night_across_the_autumn_change_is_kept_on_the_wall_clock(tmp_path):
    # Chicago, Sunday 1 November 2026: clocks go back at 02:00 CDT to 01:00 CST. A night
    # shift 00:00-04:00 on the rota is five real hours; the ACD logs it in UTC.
    night = pd.Timestamp("2026-11-01")
    roster = pd.DataFrame({"employee_id": ["E1"], "date": [night], "start": [night],
                           "end": [night + pd.Timedelta(hours=4)], "activity": ["WORK"],
                           "paid_minutes": [240.0]})
    path = tmp_path / "activity.csv"
    path.write_text("employee_id,state,start,end\n"
                    "E1,AVAILABLE,2026-11-01T05:00Z,2026-11-01T10:00Z\n")
    log = load_activity(path, "America/Chicago")
    assert log["start"].iloc[0] == night and log["end"].iloc[0] == roster["end"].iloc[0]
    totals, people, intervals = adherence(roster, log, night, night, PHONE_STATES,
                                          BREAK_STATES, 0, 30)
    assert totals["adherence"] == 1.0 and totals["conformance"] == 1.0
    assert people.iloc[0]["scheduled_hours"] == 4  # the rota's hours, as it is read
    assert len(intervals) == 8  # wall-clock half-hours: the repeated hour counted once
