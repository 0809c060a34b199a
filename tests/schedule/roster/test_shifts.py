"""Shift templates and contracts from the config (schedule/roster/shifts.py): a good
config read into minutes and grid starts, and each bad key an InputError naming the shift
or contract and the key."""

from __future__ import annotations

import copy

import pytest

from wfm.core.config import load_config, parse_config
from wfm.core.errors import InputError
from wfm.schedule.roster.shifts import Break, load_contracts, load_shifts

EARLY = {"name": "early", "start": ["08:00", "09:00"], "hours": 8.5,
         "breaks": [{"minutes": 15, "within": [1.5, 3.0], "activity": "BREAK"},
                    {"minutes": 30, "within": [3.5, 5.0], "activity": "LUNCH", "paid": False}]}
SAT = {"name": "sat", "days": ["Sat"], "start": ["09:00", "09:00"], "hours": 4}
FULL = {"name": "full-time", "hours_per_week": [32, 40], "max_consecutive_days": 5,
        "min_rest_hours": 12, "shifts": ["early", "sat"], "cost_per_hour": 24.0,
        "days_off_per_week": 2}


def _config(shifts=None, contracts=None, interval: int = 30):
    return parse_config({
        "centre": {"interval_minutes": interval},
        "shift": copy.deepcopy([EARLY, SAT] if shifts is None else shifts),
        "contract": copy.deepcopy([FULL] if contracts is None else contracts)})


def _shift(**change):
    raw = {**copy.deepcopy(EARLY), **change}
    return [{k: v for k, v in raw.items() if v is not None}]


def _break(**change):
    return _shift(breaks=[{"minutes": 15, "within": [1.5, 3.0], **change}])


# -- good config -----------------------------------------------------------------------------

def test_a_split_shift_is_one_template_with_an_unpaid_gap():
    split = _shift(name="split", start=["08:00", "08:00"], hours=12,
                   breaks=[{"minutes": 240, "within": [4, 8], "activity": "SPLIT"}])
    shift = load_shifts(_config(shifts=split))["split"]
    assert shift.breaks[0].paid is False and shift.breaks[0].offsets(30) == [240]
    assert (shift.minutes, shift.paid_minutes) == (720, 480)


def test_a_template_is_read_in_minutes_with_its_breaks():
    shifts = load_shifts(_config())
    assert list(shifts) == ["early", "sat"]
    early = shifts["early"]
    assert (early.earliest, early.latest, early.minutes) == (480, 540, 510)
    assert early.breaks == (Break("BREAK", 15, 90, 165, True), Break("LUNCH", 30, 210, 270,
                                                                     False))
    assert early.paid_minutes == 480  # the unpaid lunch is not paid
    assert early.starts(30) == [480, 510, 540]
    assert early.weekdays == frozenset(range(7))  # every day when `days` is absent
    assert early.breaks[0].offsets(30) == [90, 120, 150]
    assert early.breaks[1].offsets(30) == [210, 240, 270]
    assert shifts["sat"].weekdays == frozenset({5})
    assert shifts["sat"].paid_minutes == 240 and shifts["sat"].breaks == ()


def test_break_offsets_start_on_the_grid_inside_the_window():
    # a 10-minute break within 1.25 h to 2.5 h: starts from 75 to 140 minutes, on a
    # 15-minute grid 75, 90, ... 135
    shifts = load_shifts(_config(shifts=_break(minutes=10, within=[1.25, 2.5]), contracts=[
        {"name": "c"}], interval=15))
    assert shifts["early"].breaks[0].offsets(15) == [75, 90, 105, 120, 135]
    assert shifts["early"].breaks[0].offsets(30) == [90, 120]


def test_a_contract_is_read_with_its_rules():
    contracts = load_contracts(_config(), load_shifts(_config()))
    ft = contracts["full-time"]
    assert (ft.hours_min, ft.hours_max, ft.max_consecutive_days, ft.min_rest_hours) == (
        32.0, 40.0, 5, 12.0)
    assert (ft.shifts, ft.cost_per_hour, ft.days_off_per_week) == (("early", "sat"), 24.0, 2)


def test_a_contract_may_allow_overtime_above_its_maximum():
    cfg = _config(contracts=[{"name": "c", "hours_per_week": [30, 40], "overtime_hours": 6}])
    assert load_contracts(cfg, load_shifts(cfg))["c"].overtime_hours == 6.0
    bad = _config(contracts=[{"name": "c", "overtime_hours": -1}])
    with pytest.raises(InputError, match=r"\[\[contract\]\] 'c' overtime_hours: expected 0 "
                                         r"or more paid hours a week above"):
        load_contracts(bad, load_shifts(bad))


def test_a_contract_with_only_a_name_takes_the_defaults():
    cfg = _config(contracts=[{"name": "casual"}])
    casual = load_contracts(cfg, load_shifts(cfg))["casual"]
    assert (casual.hours_min, casual.hours_max) == (0.0, 168.0)
    assert casual.shifts == ("early", "sat")  # every template
    assert (casual.max_consecutive_days, casual.min_rest_hours, casual.cost_per_hour,
            casual.days_off_per_week) == (6, 11.0, 0.0, 0)


def test_the_bundled_sample_config_reads(sample_dir):
    cfg = load_config(sample_dir / "config.toml")
    shifts = load_shifts(cfg)
    contracts = load_contracts(cfg, shifts)
    assert set(shifts) == {"early", "day", "late", "short", "sat"}
    assert shifts["sat"].weekdays == frozenset({5})
    assert {c: contracts[c].shifts for c in contracts} == {
        "full-time": ("early", "day", "late", "sat"), "part-time": ("short",)}


# -- bad shifts ------------------------------------------------------------------------------

BAD_SHIFTS = [
    (_shift(start=None), "[[shift]] 'early' start: expected"),
    (_shift(start="08:00"), "[[shift]] 'early' start: expected"),
    (_shift(start=["8am", "09:00"]), "[[shift]] 'early' start: expected a time 'HH:MM', "
                                     "got '8am'"),
    (_shift(start=["08:00", "09:75"]), "got '09:75'"),
    (_shift(start=["09:00", "08:00"]), "[[shift]] 'early' start: the latest start is before "
                                       "the earliest"),
    (_shift(start=["08:15", "09:00"]), "[[shift]] 'early' start: start times must be on the "
                                       "30-minute grid"),
    (_shift(hours=None), "[[shift]] 'early': missing key 'hours'"),
    (_shift(hours="eight"), "[[shift]] 'early' hours: expected a number, got 'eight'"),
    (_shift(hours=True), "[[shift]] 'early' hours: expected a number"),
    (_shift(hours=8.25), "[[shift]] 'early' hours: expected a length on the 30-minute grid"),
    (_shift(hours=0), "[[shift]] 'early' hours: expected a length"),
    (_shift(breaks=["15 minutes"]), "[[shift]] 'early' breaks: expected tables"),
    (_shift(breaks=[{"within": [1.5, 3.0]}]), "[[shift]] 'early' break: missing key 'minutes'"),
    (_break(within=[1.5]), "[[shift]] 'early' break within: expected [from, to]"),
    (_break(within=["1h", "2h"]), "[[shift]] 'early' break within: expected [from, to]"),
    (_break(activity="nap"), "[[shift]] 'early' break activity: expected BREAK, LUNCH or "
                             "SPLIT, got 'NAP'"),
    (_break(activity="SPLIT", paid=True), "[[shift]] 'early' SPLIT: the gap of a split shift "
                                          "is unpaid"),
    (_break(within=[7.0, 9.0]), "[[shift]] 'early' BREAK: the window [7.0, 9.0] does not fit "
                                "a 15-minute break inside a 8.5-hour shift"),
    (_break(minutes=60, within=[1.5, 2.0]), "does not fit a 60-minute break"),
    (_break(within=[1.6, 1.95]), "[[shift]] 'early' BREAK: no start on the 30-minute grid "
                                 "fits the window [1.6, 1.95]"),
    (_shift(breaks=[{"minutes": 15, "within": [1.5, 3.0]},
                    {"minutes": 30, "within": [2.5, 4.0], "activity": "LUNCH"}]),
     "[[shift]] 'early': the windows of BREAK and LUNCH overlap"),
    (_shift(days=["Funday"]), "[[shift]] 'early' days: expected a list of weekdays"),
    (_shift(days=[]), "[[shift]] 'early' days: expected a list of weekdays"),
    (_shift(lenght=8), "[[shift]] 'early': unknown key 'lenght'"),
    (_shift() + _shift(), "[[shift]] 'early': a second shift with the same name"),
    ([{k: v for k, v in EARLY.items() if k != "name"}], "[[shift]] #1: missing key 'name'"),
]


@pytest.mark.parametrize(("shifts", "message"), BAD_SHIFTS,
                         ids=[m[:40] for _, m in BAD_SHIFTS])
def test_a_bad_shift_key_names_the_shift(shifts, message):
    with pytest.raises(InputError) as info:
        load_shifts(_config(shifts=shifts, contracts=[]))
    assert str(info.value).startswith("config: ")
    assert message in str(info.value)


# -- bad contracts ---------------------------------------------------------------------------

def _contract(**change):
    raw = {**FULL, **change}
    return [{k: v for k, v in raw.items() if v is not None}]


BAD_CONTRACTS = [
    (_contract(hours_per_week=[40, 32]), "[[contract]] 'full-time' hours_per_week: expected "
                                         "[min, max] with min <= max"),
    (_contract(hours_per_week=40), "[[contract]] 'full-time' hours_per_week: expected"),
    (_contract(hours_per_week=[-1, 40]), "[[contract]] 'full-time' hours_per_week: expected"),
    (_contract(shifts=["early", "night"]), "[[contract]] 'full-time' shifts: unknown shift "
                                           "'night' (known: early, sat)"),
    (_contract(shifts=[]), "[[contract]] 'full-time' shifts: expected a list of shift names"),
    (_contract(shifts="early"), "[[contract]] 'full-time' shifts: expected a list"),
    (_contract(max_consecutive_days="five"), "[[contract]] 'full-time' max_consecutive_days: "
                                             "expected a number, got 'five'"),
    (_contract(min_rest_hours=False), "[[contract]] 'full-time' min_rest_hours: expected a "
                                      "number"),
    (_contract(cost_per_hour="24"), "[[contract]] 'full-time' cost_per_hour: expected a "
                                    "number"),
    (_contract(hours=40), "[[contract]] 'full-time': unknown key 'hours'"),
    (_contract() + _contract(), "[[contract]] 'full-time': a second contract with the same "
                                "name"),
    ([{"hours_per_week": [0, 40]}], "[[contract]] #1: missing key 'name'"),
    ([{"name": ""}], ": missing key 'name'"),
]


@pytest.mark.parametrize(("contracts", "message"), BAD_CONTRACTS,
                         ids=[m[:40] for _, m in BAD_CONTRACTS])
def test_a_bad_contract_key_names_the_contract(contracts, message):
    cfg = _config(contracts=contracts)
    with pytest.raises(InputError) as info:
        load_contracts(cfg, load_shifts(cfg))
    assert message in str(info.value)


def test_a_config_file_is_named_in_the_error(tmp_path):
    path = tmp_path / "centre.toml"
    path.write_text('[[shift]]\nname = "early"\nstart = ["08:00", "09:00"]\nhours = 8.25\n')
    with pytest.raises(InputError) as info:
        load_shifts(load_config(path))
    assert str(info.value).startswith(f"{path}: [[shift]] 'early' hours:")
