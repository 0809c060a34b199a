"""Calendar: open days and hours, public holidays by country, special days from a CSV."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wfm.core.calendar import SpecialDay, calendar_from_config, load_special_days
from wfm.core.config import parse_config
from wfm.core.errors import InputError

ISRAEL = {
    "centre": {
        "country": "IL",
        "timezone": "Asia/Jerusalem",
        "open_days": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri"],
        "hours": {"default": ["07:00", "24:00"], "Fri": ["07:00", "14:00"]},
    }
}


def _ts(*days: str) -> list[pd.Timestamp]:
    return [pd.Timestamp(d) for d in days]


def test_israeli_holidays_of_1999(bank_6min_config):
    cal = calendar_from_config(bank_6min_config)
    hol = cal.holidays(pd.Timestamp("1999-01-01"), pd.Timestamp("1999-12-31"))
    for day in _ts("1999-09-11", "1999-09-12"):
        assert "Rosh Hashanah" in hol[day]
    assert "Yom Kippur" in hol[pd.Timestamp("1999-09-20")]
    assert "Shavuot" in hol[pd.Timestamp("1999-05-21")]  # 14 calls that day (README)
    assert all(pd.Timestamp("1999-01-01") <= d <= pd.Timestamp("1999-12-31") for d in hol)


def test_holidays_are_limited_to_the_range():
    cal = calendar_from_config(parse_config(ISRAEL))
    hol = cal.holidays(pd.Timestamp("1999-09-12"), pd.Timestamp("1999-09-20"))
    assert sorted(hol) == _ts("1999-09-12", "1999-09-20")


def test_no_country_means_no_holidays():
    cal = calendar_from_config(parse_config({}))
    assert cal.holidays(pd.Timestamp("2024-01-01"), pd.Timestamp("2024-12-31")) == {}


def test_country_code_is_case_insensitive():
    cfg = parse_config({"centre": {"country": "us"}})
    hol = calendar_from_config(cfg).holidays(pd.Timestamp("2024-07-04"),
                                             pd.Timestamp("2024-07-04"))
    assert list(hol) == _ts("2024-07-04")


def test_unknown_country_is_an_input_error():
    with pytest.raises(InputError, match="'XX'"):
        calendar_from_config(parse_config({"centre": {"country": "XX"}}))


def test_unknown_subdivision_and_category_are_input_errors():
    with pytest.raises(InputError, match="subdivision"):
        calendar_from_config(parse_config({"centre": {"country": "US", "subdivision": "ZZ"}}))
    with pytest.raises(InputError, match="holiday_categories"):
        calendar_from_config(parse_config({"centre": {"country": "IL",
                                                      "holiday_categories": ["pagan"]}}))


def test_open_days_follow_the_config():
    cal = calendar_from_config(parse_config(ISRAEL))
    week = pd.date_range("1999-09-05", periods=7)  # Sunday to Saturday
    assert cal.is_open(week).tolist() == [True] * 6 + [False]
    assert cal.open_weekdays == frozenset({6, 0, 1, 2, 3, 4})


def test_open_slots_by_hours_with_24_00_end():
    cal = calendar_from_config(parse_config(ISRAEL))
    assert cal.slots_per_day() == 48
    sunday = cal.open_slots(6)
    assert np.flatnonzero(sunday).tolist() == list(range(14, 48))  # 07:00 to midnight
    friday = cal.open_slots(4)
    assert np.flatnonzero(friday).tolist() == list(range(14, 28))  # 07:00 to 14:00
    assert not cal.open_slots(5).any()  # Saturday is closed


def test_evening_only_day_and_15min_grid(bank_6min_config):
    cal = calendar_from_config(bank_6min_config)
    assert np.flatnonzero(cal.open_slots(5)).tolist() == list(range(40, 48))  # Sat 20-24
    cfg = parse_config({"centre": {"interval_minutes": 15,
                                   "hours": {"default": ["07:15", "13:45"]}}})
    cal15 = calendar_from_config(cfg)
    assert cal15.slots_per_day() == 96
    assert np.flatnonzero(cal15.open_slots(0)).tolist() == list(range(29, 55))


def test_partly_staffed_interval_counts_as_open():
    cfg = parse_config({"centre": {"hours": {"default": ["07:10", "16:45"]}}})
    slots = np.flatnonzero(calendar_from_config(cfg).open_slots(2))
    assert slots[0] == 14 and slots[-1] == 33  # 07:00-07:30 and 16:30-17:00 included


def test_special_days_with_effect_and_closed_label(tmp_path):
    path = tmp_path / "special.csv"
    path.write_text("date,label,effect\n"
                    "2024-03-12,Billing outage,1.8\n"
                    "2024-12-24,closed,\n"
                    "2024-12-31,Closed,0.5\n"
                    "2024-05-01,Spring sale,\n")
    days = load_special_days(path)
    assert days == {
        pd.Timestamp("2024-03-12"): SpecialDay("Billing outage", 1.8),
        pd.Timestamp("2024-12-24"): SpecialDay("closed", 0.0),
        pd.Timestamp("2024-12-31"): SpecialDay("Closed", 0.5),  # an explicit effect wins
        pd.Timestamp("2024-05-01"): SpecialDay("Spring sale", None),
    }


def test_special_days_without_effect_column(tmp_path):
    path = tmp_path / "special.csv"
    path.write_text("date,label\n2024-03-12,Outage\n2024-12-24,closed\n")
    assert load_special_days(path) == {pd.Timestamp("2024-03-12"): SpecialDay("Outage"),
                                       pd.Timestamp("2024-12-24"): SpecialDay("closed", 0.0)}


def test_special_days_from_the_config_path_relative_to_the_config(tmp_path):
    (tmp_path / "special.csv").write_text("date,label\n2024-03-12,Outage\n")
    conf = tmp_path / "c.toml"
    conf.write_text('[forecast]\nspecial_days = "special.csv"\n')
    from wfm.core.config import load_config

    cal = calendar_from_config(load_config(conf))
    assert list(cal.special_days) == _ts("2024-03-12")


@pytest.mark.parametrize(("text", "row", "column"), [
    ("date,label\n2024-03-12,ok\n2024-13-01,bad month\n", 2, "date"),
    ("date,label,effect\n2024-03-12,ok,1.2\n2024-03-13,bad,-1\n", 2, "effect"),
    ("date,label,effect\n2024-03-12,bad,lots\n", 1, "effect"),
    ("day,label\n2024-03-12,x\n", 0, "date"),
    ("date,name\n2024-03-12,x\n", 0, "label"),
])
def test_bad_special_days_name_row_and_column(tmp_path, text, row, column):
    path = tmp_path / "special.csv"
    path.write_text(text)
    with pytest.raises(InputError) as info:
        load_special_days(path)
    assert (info.value.row, info.value.column) == (row, column)
    assert str(path) in str(info.value)


def test_empty_or_missing_special_days_file(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(InputError, match="empty"):
        load_special_days(empty)
    with pytest.raises(InputError, match="not found"):
        load_special_days(tmp_path / "none.csv")
