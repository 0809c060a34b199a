"""The errors a planner acts on: InputError's one line naming file, row (or header) and
column; InfeasiblePlan a runtime failure of a plan; NotEnoughHistory a ValueError."""

from __future__ import annotations

from pathlib import Path

import pytest

import wfm
from wfm.core.errors import InfeasiblePlan, InputError, NotEnoughHistory


def test_a_message_alone_is_the_whole_line():
    err = InputError("give --days or --month, not both")
    assert str(err) == "give --days or --month, not both"
    assert (err.file, err.row, err.column) == (None, None, None)


def test_file_row_and_column_come_first_in_that_order():
    err = InputError("expected a volume >= 0, got '-3'", file="history.csv", row=7,
                     column="volume")
    assert str(err) == "history.csv, row 7, column 'volume': expected a volume >= 0, got '-3'"
    assert err.args == (str(err),)  # what `except ValueError as e: print(e)` shows
    assert (err.file, err.row, err.column) == ("history.csv", 7, "volume")


def test_row_zero_is_the_header():
    err = InputError("missing column 'volume'", file=Path("data") / "h.csv", row=0,
                     column="volume")
    assert str(err) == f"{Path('data') / 'h.csv'}, header, column 'volume': missing column 'volume'"
    assert err.file == str(Path("data") / "h.csv")  # a Path is kept as text


@pytest.mark.parametrize(("kwargs", "line"), [
    ({"file": "config.toml"}, "config.toml: bad"),
    ({"row": 3}, "row 3: bad"),
    ({"column": "date"}, "column 'date': bad"),
    ({"file": "f.csv", "column": "date"}, "f.csv, column 'date': bad"),
    ({"row": 0}, "header: bad"),
])
def test_only_the_parts_given_are_named(kwargs, line):
    assert str(InputError("bad", **kwargs)) == line


def test_the_message_is_always_one_line():
    err = InputError("expected a number", file="a.csv", row=12, column="aht_seconds")
    assert "\n" not in str(err)


def test_input_error_is_a_value_error_and_the_others_are_told_apart():
    assert issubclass(InputError, ValueError)
    assert issubclass(NotEnoughHistory, ValueError)
    assert not issubclass(NotEnoughHistory, InputError)
    assert issubclass(InfeasiblePlan, RuntimeError)
    assert not issubclass(InfeasiblePlan, ValueError)
    with pytest.raises(ValueError, match="only 20 days"):
        raise NotEnoughHistory("only 20 days")
    with pytest.raises(RuntimeError, match="E007: 6 days in a row"):
        raise InfeasiblePlan("E007: 6 days in a row")


def test_the_public_names_are_these_classes():
    assert wfm.InputError is InputError
    assert wfm.InfeasiblePlan is InfeasiblePlan
    assert wfm.NotEnoughHistory is NotEnoughHistory
