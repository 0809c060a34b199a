"""What the shift templates can reach: open hours and contract minimums, by hand."""

from __future__ import annotations

import locations
import pytest

from wfm.core.calendar import calendar_from_config
from wfm.core.config import load_config, parse_config
from wfm.core.errors import InputError
from wfm.schedule.roster.reach import (
    check_reach,
    fitting_starts,
    uncovered_hours,
    unpaired_days,
    unreachable_contracts,
)
from wfm.schedule.roster.shifts import load_contracts, load_shifts

DAY = {"name": "day", "start": ["07:00", "15:30"], "hours": 8.5,
       "breaks": [{"minutes": 30, "within": [3.5, 5.0], "activity": "LUNCH", "paid": False}]}


def _setup(shifts, contracts=None, hours=None):
    cfg = parse_config({
        "centre": {"open_days": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
                   "hours": hours or {"default": ["07:00", "24:00"], "Fri": ["07:00", "14:00"],
                                      "Sat": ["20:00", "24:00"]}},
        "shift": shifts,
        "contract": contracts or [{"name": "full-time", "hours_per_week": [36, 42]}]})
    templates = load_shifts(cfg)
    return templates, load_contracts(cfg, templates), calendar_from_config(cfg)


def test_the_bank_week_with_one_long_shift_leaves_friday_and_saturday_uncovered():
    shifts, _, cal = _setup([DAY])
    lines = uncovered_hours(shifts, cal, 30)
    assert lines == [
        "Friday 07:00-14:00 is open but no shift fits it: the day is open 7 h (07:00-14:00, "
        "30 min either side allowed) and the shortest template is 8.5 h; add a shorter "
        "[[shift]] for that day",
        "Saturday 20:00-24:00 is open but no shift fits it: the day is open 4 h "
        "(20:00-24:00, 30 min either side allowed) and the shortest template is 8.5 h; add "
        "a shorter [[shift]] for that day"]


def test_a_start_window_that_stops_short_leaves_the_evening_uncovered():
    early = {**DAY, "start": ["07:00", "12:00"]}  # ends by 20:30 at the latest
    shifts, _, cal = _setup([early], hours={"default": ["07:00", "24:00"]})
    lines = uncovered_hours(shifts, cal, 30)
    assert len(lines) == 7 and lines[0].startswith("Monday 20:30-24:00 is open")
    assert "widen a template's `start` window" in lines[0]


def test_a_contract_minimum_beyond_its_shifts_is_named():
    # 8 paid hours on Sunday-Thursday only (Friday and Saturday fit no shift): 40 h a week
    shifts, contracts, cal = _setup([DAY], [{"name": "long", "hours_per_week": [42, 48]},
                                            {"name": "ok", "hours_per_week": [36, 42]}])
    lines = unreachable_contracts(contracts, shifts, cal, 30)
    assert lines == ["contract 'long' needs at least 42 h a week, but its shifts reach at "
                     "most 40 h (5 working days; a shift fits on Mon, Tue, Wed, Thu, Sun)"]


def test_days_off_and_consecutive_days_limit_the_week():
    shifts, contracts, cal = _setup(
        [DAY], [{"name": "two off", "hours_per_week": [40, 40], "days_off_per_week": 2,
                 "max_consecutive_days": 6}], hours={"default": ["07:00", "24:00"]})
    assert unreachable_contracts(contracts, shifts, cal, 30) == []  # 5 x 8 h
    shifts, contracts, cal = _setup(
        [DAY], [{"name": "four in a row", "hours_per_week": [40, 40],
                 "max_consecutive_days": 4}], hours={"default": ["07:00", "24:00"]})
    assert "reach at most 32 h (4 working days" in unreachable_contracts(
        contracts, shifts, cal, 30)[0]


def test_fitting_starts_keep_to_the_open_hours_with_the_overhang():
    shifts, _, cal = _setup([{"name": "four", "start": ["19:00", "21:00"], "hours": 4}])
    # Saturday 20:00-24:00: a 4 h shift may start 19:30 (30 min early) to 20:30 (ends 00:30)
    assert fitting_starts(shifts["four"], 5, cal, 30) == [19 * 60 + 30, 20 * 60, 20 * 60 + 30]
    assert fitting_starts(shifts["four"], 5, cal, 0) == [20 * 60]


def test_the_bank_example_covers_its_week():
    cfg = load_config(locations.EXAMPLES / "bank_1999.toml")
    shifts = load_shifts(cfg)
    check_reach(shifts, load_contracts(cfg, shifts), calendar_from_config(cfg),
                cfg.roster["overhang_minutes"], "bank_1999.toml")


def test_check_reach_is_one_error_naming_the_config():
    shifts, contracts, cal = _setup([DAY])
    with pytest.raises(InputError, match=r"^bank\.toml: the shift templates cannot cover the "
                                         r"week: Friday 07:00-14:00 is open"):
        check_reach(shifts, contracts, cal, 30, "bank.toml")


FRIDAY = {"name": "friday", "start": ["07:00", "07:00"], "hours": 7, "days": ["Fri"],
          "breaks": [{"minutes": 30, "within": [3.0, 4.5], "activity": "LUNCH",
                      "paid": False}]}
SATURDAY = {"name": "saturday evening", "start": ["20:00", "20:00"], "hours": 4,
            "days": ["Sat"]}


def test_a_day_no_paired_week_can_pay_for_is_named():
    # Five days at most: a week with the 4 h Saturday evening and two days off together
    # is Saturday plus Sunday-Wednesday at 8 paid hours, 36 h, under a 38 h minimum;
    # Friday's week (Monday-Thursday and the 6.5 h Friday) pays 38.5 h and is fine
    shifts, contracts, cal = _setup(
        [DAY, FRIDAY, SATURDAY],
        [{"name": "full-time", "hours_per_week": [38, 42], "days_off_per_week": 2}])
    assert unpaired_days(contracts, shifts, cal, 30) == [
        "contract 'full-time': a week that works Saturday with its days off in pairs pays "
        "at most 36 h, under the 38 h minimum, so whoever works Saturday gets a lone day "
        "off (fix: a longer shift that day, a lower weekly minimum, or leave Saturday to "
        "another contract)"]
    shifts, contracts, cal = _setup(
        [DAY, FRIDAY, SATURDAY],
        [{"name": "full-time", "hours_per_week": [36, 42], "days_off_per_week": 2}])
    assert unpaired_days(contracts, shifts, cal, 30) == []


def test_a_contract_with_one_day_off_a_week_has_no_pairs_to_keep():
    shifts, contracts, cal = _setup(
        [DAY, FRIDAY, SATURDAY],
        [{"name": "six days", "hours_per_week": [38, 48], "days_off_per_week": 1}])
    assert unpaired_days(contracts, shifts, cal, 30) == []


def test_the_consecutive_day_limit_counts_across_the_week_end():
    # Open every day, 8 h shifts, 40 h minimum: five days in a row then two off pays 40 h,
    # but not with at most four days in a row (four on, then a pair, wraps to a lone day)
    shifts, contracts, cal = _setup(
        [DAY], [{"name": "a", "hours_per_week": [40, 40], "max_consecutive_days": 5},
                {"name": "b", "hours_per_week": [40, 40], "max_consecutive_days": 4}],
        hours={"default": ["07:00", "24:00"]})
    lines = unpaired_days(contracts, shifts, cal, 30)
    assert len(lines) == 7 and all(line.startswith("contract 'b'") for line in lines)


def test_the_example_configs_can_pair_every_day_off():
    for path in (locations.EXAMPLES / "bank_1999.toml", locations.DATA / "config.toml"):
        cfg = load_config(path)
        shifts = load_shifts(cfg)
        assert unpaired_days(load_contracts(cfg, shifts), shifts, calendar_from_config(cfg),
                             cfg.roster["overhang_minutes"]) == []
