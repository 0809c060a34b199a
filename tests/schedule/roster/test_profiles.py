"""Roster exports for HR and WFM systems: activities that do not overlap, the employees
file's own columns beside each person, UTC and local times across clock changes, and the
round trip (export, read back, the same roster)."""

from __future__ import annotations

import pandas as pd
import pytest

from wfm.core.errors import InputError
from wfm.schedule.roster.profiles import (
    employee_extras,
    export_roster,
    read_export,
    segments,
)

T = pd.Timestamp
CHICAGO = "America/Chicago"


def _long(day: str = "2026-12-01") -> pd.DataFrame:
    d = T(day)
    rows = [("E1", d, d + pd.Timedelta(hours=8), d + pd.Timedelta(hours=16.5), "WORK", 480),
            ("E1", d, d + pd.Timedelta(hours=10), d + pd.Timedelta(hours=10.25), "BREAK", 15),
            ("E1", d, d + pd.Timedelta(hours=12), d + pd.Timedelta(hours=12.5), "LUNCH", 0),
            ("E2", d, d, d + pd.Timedelta(days=1), "LEAVE", 384),
            ("E3", d, d, d + pd.Timedelta(days=1), "OFF", 0)]
    return pd.DataFrame(rows, columns=["employee_id", "date", "start", "end", "activity",
                                       "paid_minutes"])


@pytest.fixture
def people(tmp_path):
    path = tmp_path / "employees.csv"
    path.write_text("employee_id,name,contract,email,payroll_id,site\n"
                    "E1,Ann Archer,ft,ann@example.com,P-001,Leeds\n"
                    "E2,Bo Baker,ft,bo@example.com,P-002,York\n"
                    "E3,Cy Cole,pt,cy@example.com,P-003,Leeds\n")
    return path


def test_a_shift_becomes_its_stretches_between_its_breaks():
    seg = segments(_long())
    e1 = seg[seg["employee_id"] == "E1"]
    assert e1["activity"].tolist() == ["WORK", "BREAK", "WORK", "LUNCH", "WORK"]
    assert [t.strftime("%H:%M") for t in e1["start"]] == ["08:00", "10:00", "10:15",
                                                          "12:00", "12:30"]
    # 480 paid minutes: 15 for the paid break, 465 over 465 minutes on the phones
    assert e1["paid_minutes"].tolist() == [120, 15, 105, 0, 240]
    assert "OFF" not in set(seg["activity"]) and (seg["activity"] == "LEAVE").sum() == 1


def test_the_utc_profile_carries_the_employees_columns_and_utc_times(people):
    table = export_roster(_long(), employee_extras(people), CHICAGO, "utc")
    assert list(table.columns) == ["employee_id", "name", "email", "payroll_id", "site",
                                   "activity", "start_utc", "end_utc", "paid_minutes"]
    first = table.iloc[0]
    assert (first["email"], first["payroll_id"]) == ("ann@example.com", "P-001")
    assert (first["start_utc"], first["end_utc"]) == ("2026-12-01T14:00:00Z",
                                                      "2026-12-01T16:00:00Z")  # CST, -6 h


def test_the_local_profile_gives_the_offset_or_a_chosen_format(people):
    table = export_roster(_long("2026-07-01"), employee_extras(people), CHICAGO, "local")
    assert table.iloc[0]["start"] == "2026-07-01T08:00:00-05:00"  # CDT in summer
    table = export_roster(_long(), employee_extras(people), CHICAGO, "local",
                          "%d/%m/%Y %H:%M")
    assert table.iloc[0]["start"] == "01/12/2026 08:00"


def test_a_night_across_the_autumn_clock_change_is_nine_real_hours(people):
    # 1 November 2026, Chicago: 02:00 CDT goes back to 01:00 CST; 00:00-08:00 on the
    # clock is 9 hours of real time
    d = T("2026-11-01")
    night = pd.DataFrame([("E1", d, d, d + pd.Timedelta(hours=8), "WORK", 480)],
                         columns=["employee_id", "date", "start", "end", "activity",
                                  "paid_minutes"])
    row = export_roster(night, employee_extras(people), CHICAGO, "utc").iloc[0]
    assert (row["start_utc"], row["end_utc"]) == ("2026-11-01T05:00:00Z",
                                                  "2026-11-01T14:00:00Z")


@pytest.mark.parametrize("profile", ["utc", "local"])
def test_export_and_read_back_give_the_same_roster(people, tmp_path, profile):
    long = pd.concat([_long(), _long("2026-07-01")], ignore_index=True)
    path = tmp_path / "export.csv"
    export_roster(long, employee_extras(people), CHICAGO, profile).to_csv(path, index=False)
    back = read_export(path, CHICAGO)
    want = segments(long).drop(columns="date").reset_index(drop=True)
    pd.testing.assert_frame_equal(back, want, check_dtype=False)
    # the shifts: each person-day's first start and last end are the WORK rows'
    work = back[back["activity"].isin(["WORK", "BREAK", "LUNCH"])]
    spans = work.groupby(["employee_id", work["start"].dt.date]).agg(
        start=("start", "min"), end=("end", "max")).reset_index(drop=True)
    original = long[long["activity"] == "WORK"].sort_values("start")[["start", "end"]]
    original = original.reset_index(drop=True)
    pd.testing.assert_frame_equal(spans, original, check_dtype=False)


def test_a_person_missing_from_the_employees_file_is_named(tmp_path):
    path = tmp_path / "employees.csv"
    path.write_text("employee_id,name,contract\nE1,Ann Archer,ft\n")
    with pytest.raises(InputError, match="employee 'E2' is on the roster but not in the "
                                         "employees file"):
        export_roster(_long(), employee_extras(path), CHICAGO)


def test_an_unknown_profile_is_refused(people):
    with pytest.raises(InputError, match="--profile: expected one of utc, local"):
        export_roster(_long(), employee_extras(people), CHICAGO, "sap")
