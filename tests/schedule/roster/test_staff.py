"""Named staff and time off (schedule/roster/staff.py): good files read into employees and
days off, and each bad row an InputError naming the file, the row and the column."""

from __future__ import annotations

import pandas as pd
import pytest

from wfm.core.errors import InputError
from wfm.schedule.roster.shifts import Contract
from wfm.schedule.roster.staff import (
    Employee,
    days_off,
    load_employees,
    load_time_off,
    no_time_off,
)

CONTRACTS = {name: Contract(name, low, high, 5, 11, ("day",), rate, 0)
             for name, low, high, rate in (("full-time", 32, 40, 24.0),
                                           ("part-time", 16, 24, 19.0))}
HEADER = "employee_id,name,contract,skills,leave_days_per_year,start_date,end_date\n"


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text)
    return path


def _employees(tmp_path, *rows: str, header: str = HEADER):
    return _write(tmp_path, "employees.csv", header + "".join(r + "\n" for r in rows))


def _error(call) -> InputError:
    with pytest.raises(InputError) as info:
        call()
    return info.value


STAFF = ("E1,Ann Archer,full-time,phone;chat,25,2020-01-06,",
         " E2 , Bo Baker ,part-time, sales ; ; billing ,,2027-03-01,2027-09-30",
         "E3,Cy Carter,full-time,,12.5,,")


# -- employees -------------------------------------------------------------------------------

def test_employees_are_read_with_skills_leave_and_employment_dates(tmp_path):
    staff = load_employees(_employees(tmp_path, *STAFF), CONTRACTS)
    assert staff == [
        Employee("E1", "Ann Archer", "full-time", ("phone", "chat"), 25.0,
                 pd.Timestamp("2020-01-06"), None),
        Employee("E2", "Bo Baker", "part-time", ("sales", "billing"), 0.0,
                 pd.Timestamp("2027-03-01"), pd.Timestamp("2027-09-30")),
        Employee("E3", "Cy Carter", "full-time", (), 12.5, None, None)]


def test_only_id_name_and_contract_are_needed(tmp_path):
    path = _employees(tmp_path, "E1,Ann,part-time", header="employee_id,name,contract\n")
    assert load_employees(path, CONTRACTS) == [Employee("E1", "Ann", "part-time")]


def test_employment_dates_are_inclusive_and_open_ended_when_blank(tmp_path):
    _, bo, cy = load_employees(_employees(tmp_path, *STAFF), CONTRACTS)
    assert not bo.employed_on(pd.Timestamp("2027-02-28"))
    assert bo.employed_on(pd.Timestamp("2027-03-01")) and bo.employed_on(
        pd.Timestamp("2027-09-30"))
    assert not bo.employed_on(pd.Timestamp("2027-10-01"))
    assert cy.employed_on(pd.Timestamp("1990-01-01")) and cy.employed_on(
        pd.Timestamp("2099-12-31"))


def test_columns_beyond_wfms_own_are_kept_in_the_files_order(tmp_path):
    path = tmp_path / "employees.csv"
    path.write_text("employee_id,email,name,contract,site\n"
                    "E1, ann@x.org ,Ann,part-time,Leeds\nE2,,Bo,full-time,York\n")
    ann, bo = load_employees(path, CONTRACTS)
    assert ann.extras == (("email", "ann@x.org"), ("site", "Leeds"))
    assert bo.extras == (("email", ""), ("site", "York"))


def test_the_bundled_sample_staff_read(sample_dir):
    from wfm.core.config import load_config
    from wfm.schedule.roster.shifts import load_contracts, load_shifts

    cfg = load_config(sample_dir / "config.toml")
    staff = load_employees(sample_dir / "employees.csv", load_contracts(cfg, load_shifts(cfg)))
    assert len(staff) == 86 and len({e.employee_id for e in staff}) == 86
    assert staff[0].employee_id == "E001" and staff[0].skills == ("phone", "chat")


@pytest.mark.parametrize(("rows", "where", "words"), [
    (("E1,Ann,full-time,,,,", ",Bo,full-time,,,,"), "row 2, column 'employee_id'",
     "empty employee_id"),
    (("E1,Ann,full-time,,,,", "E2,Bo,full-time,,,,", "E1,Cy,part-time,,,,"),
     "row 3, column 'employee_id'", "employee_id 'E1' appears twice"),
    (("E1,Ann,full-time,,,,", "E2,Bo,contractor,,,,"), "row 2, column 'contract'",
     "unknown contract 'contractor' (the config has: full-time, part-time)"),
    (("E1,Ann,full-time,,lots,,",), "row 1, column 'leave_days_per_year'",
     "expected a number of days >= 0, got 'lots'"),
    (("E1,Ann,full-time,,20,,", "E2,Bo,full-time,,-3,,"),
     "row 2, column 'leave_days_per_year'", "got '-3'"),
    (("E1,Ann,full-time,,,2027-01-04,", "E2,Bo,full-time,,,2027-13-01,"),
     "row 2, column 'start_date'", "expected an ISO 8601 date"),
    (("E1,Ann,full-time,,,,someday",), "row 1, column 'end_date'",
     "expected an ISO 8601 date"),
    (("E1,Ann,full-time,,,2027-06-01,2027-05-31",), "row 1, column 'end_date'",
     "end_date is before start_date"),
])
def test_a_bad_employee_row_is_named(tmp_path, rows, where, words):
    path = _employees(tmp_path, *rows)
    error = _error(lambda: load_employees(path, CONTRACTS))
    assert str(error).startswith(f"{path}, {where}: ")
    assert words in str(error)


def test_an_employees_file_without_a_contract_column_names_the_header(tmp_path):
    path = _employees(tmp_path, "E1,Ann", header="employee_id,name\n")
    error = _error(lambda: load_employees(path, CONTRACTS))
    assert (error.file, error.row, error.column) == (str(path), 0, "contract")
    assert str(error).startswith(f"{path}, header, column 'contract': missing column")


def test_a_missing_employees_file_is_named(tmp_path):
    path = tmp_path / "nobody.csv"
    assert str(_error(lambda: load_employees(path, CONTRACTS))) == f"{path}: file not found"


# -- time off --------------------------------------------------------------------------------

OFF_HEADER = "employee_id,start_date,end_date,kind\n"
PEOPLE = [Employee("E1", "Ann", "full-time"), Employee("E2", "Bo", "part-time")]


def _time_off(tmp_path, *rows: str, header: str = OFF_HEADER):
    return _write(tmp_path, "time_off.csv", header + "".join(r + "\n" for r in rows))


def test_time_off_is_read_to_whole_days(tmp_path):
    path = _time_off(tmp_path, "E1,2027-03-01,2027-03-05,approved",
                     " E2 ,2027-03-03T09:00,2027-03-03T17:00, requested ")
    off = load_time_off(path, PEOPLE)
    assert off.to_dict("list") == {
        "employee_id": ["E1", "E2"],
        "start_date": [pd.Timestamp("2027-03-01"), pd.Timestamp("2027-03-03")],
        "end_date": [pd.Timestamp("2027-03-05"), pd.Timestamp("2027-03-03")],
        "kind": ["approved", "requested"]}


def test_a_time_off_file_with_only_a_header_is_no_time_off(tmp_path):
    off = load_time_off(_time_off(tmp_path), PEOPLE)
    assert off.empty and list(off.columns) == list(no_time_off().columns)
    assert days_off(off, "approved") == set()


@pytest.mark.parametrize(("rows", "where", "words"), [
    (("E1,2027-03-01,2027-03-05,approved", "E9,2027-03-01,2027-03-01,approved"),
     "row 2, column 'employee_id'", "employee 'E9' is not in the employees file"),
    (("E1,2027-03-01,2027-03-05,holiday",), "row 1, column 'kind'",
     "expected approved or requested, got 'holiday'"),
    (("E1,2027-03-01,2027-03-05,approved", "E2,2027-03-10,2027-03-08,requested"),
     "row 2, column 'end_date'", "end_date is before start_date"),
    (("E1,03/01/2027,2027-03-05,approved",), "row 1, column 'start_date'",
     "expected an ISO 8601 date or date-time, got '03/01/2027'"),
])
def test_a_bad_time_off_row_is_named(tmp_path, rows, where, words):
    path = _time_off(tmp_path, *rows)
    error = _error(lambda: load_time_off(path, PEOPLE))
    assert str(error).startswith(f"{path}, {where}: ")
    assert words in str(error)


def test_a_time_off_file_without_a_kind_column_names_the_header(tmp_path):
    path = _time_off(tmp_path, "E1,2027-03-01,2027-03-05",
                     header="employee_id,start_date,end_date\n")
    error = _error(lambda: load_time_off(path, PEOPLE))
    assert (error.row, error.column) == (0, "kind")


def test_days_off_are_every_day_of_each_span_of_one_kind():
    off = pd.DataFrame({"employee_id": ["E1", "E1", "E2"],
                        "start_date": pd.to_datetime(["2027-03-01", "2027-03-02", "2027-03-04"]),
                        "end_date": pd.to_datetime(["2027-03-03", "2027-03-04", "2027-03-04"]),
                        "kind": ["approved", "approved", "requested"]})
    day = pd.Timestamp
    assert days_off(off, "approved") == {("E1", day(f"2027-03-0{d}")) for d in (1, 2, 3, 4)}
    assert days_off(off, "requested") == {("E2", day("2027-03-04"))}
