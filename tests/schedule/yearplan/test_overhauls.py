"""Overhaul jobs (schedule/yearplan/overhauls.py): both kinds of job read from CSV, and each
bad row an InputError naming the file, the row and the column."""

from __future__ import annotations

import pandas as pd
import pytest

from wfm.core.errors import InputError
from wfm.schedule.yearplan.overhauls import Job, load_overhauls

HEADER = "job_id,staff_days,staff_needed,duration_days,earliest,latest,after\n"


def _file(tmp_path, *rows: str, header: str = HEADER):
    path = tmp_path / "overhauls.csv"
    path.write_text(header + "".join(r + "\n" for r in rows))
    return path


def _error(path) -> InputError:
    with pytest.raises(InputError) as info:
        load_overhauls(path)
    return info.value


def test_both_kinds_of_job_are_read_with_their_windows_and_order(tmp_path):
    path = _file(tmp_path,
                 "training,160,,,2027-02-01,2027-04-30,",
                 " switch ,,3,10,2027-05-03T09:00,2027-07-30,training")
    jobs = load_overhauls(path)
    assert jobs == [
        Job("training", pd.Timestamp("2027-02-01"), pd.Timestamp("2027-04-30"),
            staff_days=160.0),
        Job("switch", pd.Timestamp("2027-05-03"), pd.Timestamp("2027-07-30"), staff_needed=3,
            duration_days=10, after="training")]
    assert [j.is_crew for j in jobs] == [False, True]


def test_the_optional_columns_may_be_left_out(tmp_path):
    path = _file(tmp_path, "crm,12.5,2027-03-01,2027-03-31",
                 header="job_id,staff_days,earliest,latest\n")
    assert load_overhauls(path) == [Job("crm", pd.Timestamp("2027-03-01"),
                                        pd.Timestamp("2027-03-31"), staff_days=12.5)]


def test_a_file_with_only_a_header_has_no_jobs(tmp_path):
    assert load_overhauls(_file(tmp_path)) == []


def test_a_crew_may_take_its_whole_window(tmp_path):
    (job,) = load_overhauls(_file(tmp_path, "switch,,4,5,2027-03-01,2027-03-05,"))
    assert job.duration_days == 5 and job.staff_needed == 4


def test_the_bundled_sample_jobs_read(sample_dir):
    jobs = load_overhauls(sample_dir / "overhauls.csv")
    assert [j.job_id for j in jobs][:4] == ["crm-upgrade-training", "headset-replacement",
                                            "knowledge-base-rewrite",
                                            "telephony-platform-training"]
    assert all(j.earliest <= j.latest for j in jobs)


def test_overhaul_window_shorter_than_the_job(tmp_path):
    path = tmp_path / "overhauls.csv"
    path.write_text("job_id,staff_days,staff_needed,duration_days,earliest,latest\n"
                    "switch,,4,10,2027-03-01,2027-03-05\n")
    with pytest.raises(InputError) as info:
        load_overhauls(path)
    text = str(info.value)
    assert "row 1" in text and "'latest'" in text and "10 days" in text


@pytest.mark.parametrize(("rows", "where", "words"), [
    (("a,5,,,2027-03-01,2027-03-31,", ",5,,,2027-03-01,2027-03-31,"),
     "row 2, column 'job_id'", "expected a unique job_id, got ''"),
    (("a,5,,,2027-03-01,2027-03-31,", "a,6,,,2027-04-01,2027-04-30,"),
     "row 2, column 'job_id'", "expected a unique job_id, got 'a'"),
    (("a,5,,,2027-03-31,2027-03-01,",), "row 1, column 'latest'",
     "latest is before earliest"),
    (("a,5,2,3,2027-03-01,2027-03-31,",), "row 1, column 'staff_needed'",
     "give staff_days or staff_needed + duration_days, not both"),
    (("a,,,,2027-03-01,2027-03-31,",), "row 1, column 'staff_days'",
     "expected staff_days, or staff_needed with duration_days"),
    (("a,,3,,2027-03-01,2027-03-31,",), "row 1, column 'staff_days'",
     "expected staff_days, or staff_needed with duration_days"),
    (("a,,2.5,3,2027-03-01,2027-03-31,",), "row 1, column 'staff_needed'",
     "staff_needed and duration_days must be whole numbers"),
    (("a,,2,10,2027-03-01,2027-03-05,",), "row 1, column 'latest'",
     "the job takes 10 days but its window 2027-03-01..2027-03-05 has only 5"),
    (("a,many,,,2027-03-01,2027-03-31,",), "row 1, column 'staff_days'",
     "expected a number >= 0, got 'many'"),
    (("a,-5,,,2027-03-01,2027-03-31,",), "row 1, column 'staff_days'", "got '-5'"),
    (("a,,two,3,2027-03-01,2027-03-31,",), "row 1, column 'staff_needed'",
     "expected a whole number of staff >= 0, got 'two'"),
    (("a,5,,,2027-03-01,2027-03-31,", "b,5,,,March,2027-03-31,"),
     "row 2, column 'earliest'", "expected an ISO 8601 date"),
    (("a,5,,,2027-03-01,2027-03-31,", "b,5,,,2027-03-01,2027-03-31,c"),
     "row 2, column 'after'", "after names an unknown job 'c'"),
])
def test_a_bad_overhaul_row_is_named(tmp_path, rows, where, words):
    path = _file(tmp_path, *rows)
    error = _error(path)
    assert str(error).startswith(f"{path}, {where}: ")
    assert words in str(error)


def test_a_missing_window_column_names_the_header(tmp_path):
    path = _file(tmp_path, "a,5,2027-03-01", header="job_id,staff_days,earliest\n")
    error = _error(path)
    assert (error.row, error.column) == (0, "latest")


@pytest.mark.parametrize("rows", [
    ("a,5,,,2027-03-01,2027-03-31,a",),
    ("a,5,,,2027-03-01,2027-03-31,b", "b,5,,,2027-03-01,2027-03-31,a"),
], ids=["itself", "a-cycle"])
def test_a_job_that_must_follow_itself_is_named(tmp_path, rows):
    error = _error(_file(tmp_path, *rows))
    assert error.column == "after" and error.row in (1, len(rows))
