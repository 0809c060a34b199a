"""The roster problem as arrays (schedule/roster/problem.py): the month's intervals, open
slots and whole-staff requirement, the shift starts offered each day, the weekly hour band
and the lower bound on paid hours, each against hand-worked values."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from wfm.core.config import parse_config
from wfm.schedule.roster.problem import (
    MAX_LEVELS,
    SHORTFALL_GROWTH,
    Option,
    break_slots,
    build_problem,
    covered_slots,
    day_options,
    lone_days,
    lower_bound_hours,
    scheduled_staff,
    shortfall_prices,
    week_groups,
    weekly_band,
)
from wfm.schedule.roster.shifts import load_contracts, load_shifts
from wfm.schedule.roster.staff import Employee

HOLIDAY = "2027-02-15"  # a Monday


def _config(overhang: int = 30, **service):
    return parse_config({
        "centre": {"open_days": ["Mon", "Tue", "Wed", "Thu", "Fri"], "week_start": "Mon",
                   "hours": {"default": ["08:00", "16:00"]}},
        "service": {"shrinkage": 0.2, "aht_seconds": 280, **service},
        "roster": {"overhang_minutes": overhang, "late_after": "15:30",
                   "weekend": ["Sat", "Sun"]},
        "shift": [
            {"name": "day", "start": ["07:00", "09:30"], "hours": 8,
             "breaks": [{"minutes": 15, "within": [1.5, 3.0]},
                        {"minutes": 30, "within": [3.5, 5.0], "activity": "LUNCH",
                         "paid": False}]},
            {"name": "fri", "days": ["Fri"], "start": ["12:00", "12:00"], "hours": 4}],
        "contract": [{"name": "ft", "hours_per_week": [30, 40], "shifts": ["day", "fri"],
                      "cost_per_hour": 20.0}],
    })


def _calendar(synth):
    return synth.calendar(open_days=range(5), hours={d: (480, 960) for d in range(5)},
                          holidays=[(HOLIDAY, "Presidents' Day")])


def _requirements(month: str = "2027-02") -> pd.DataFrame:
    """Every weekday 08:00-16:00 open; 1.2 staff at 08:00, 2 the rest of the day."""
    period = pd.Period(month, freq="M")
    index = pd.date_range(period.start_time, period.end_time.floor("30min"), freq="30min")
    minute = index.hour * 60 + index.minute
    open_ = (index.day_of_week < 5) & (minute >= 480) & (minute < 960)
    staff = np.where(open_, np.where(minute == 480, 1.2, 2.0), 0.0)
    return pd.DataFrame({"interval_start": index, "volume": np.where(open_, 4.0, 0.0),
                         "aht_seconds": 300.0, "staff": staff, "open": open_})


def _problem(synth, requirements=None, employees=None, time_off=None, month="2027-02",
             cfg=None):
    cfg = cfg or _config()
    shifts = load_shifts(cfg)
    off = time_off if time_off is not None else pd.DataFrame(
        columns=["employee_id", "start_date", "end_date", "kind"])
    problem = build_problem(_requirements(month) if requirements is None else requirements,
                            month, cfg, _calendar(synth), employees or [Employee("E1", "A",
                                                                                 "ft")],
                            load_contracts(cfg, shifts), shifts, off)
    problem.options = day_options(problem)
    return problem


def _slot(day: int, hhmm: str) -> int:
    hh, mm = hhmm.split(":")
    return day * 48 + (int(hh) * 60 + int(mm)) // 30


# -- the arrays ----------------------------------------------------------------------------

def test_the_month_is_laid_out_interval_by_interval(synth):
    p = _problem(synth)
    assert len(p.days) == 28 and p.days[0] == pd.Timestamp("2027-02-01")
    assert p.grid == 30 and p.slots == 48 and p.interval_seconds == 1800.0
    assert len(p.required) == len(p.open_slot) == len(p.volume) == len(p.aht) == 28 * 48
    assert p.open_slot.sum() == 20 * 16  # twenty weekdays, 08:00-16:00
    assert not p.open_slot[_slot(5, "10:00")] and p.open_slot[_slot(0, "08:00")]
    assert not p.open_slot[_slot(0, "16:00")] and p.open_slot[_slot(0, "15:30")]


def test_required_staff_are_whole_people_rounded_up_not_past_a_whole_number(synth):
    p = _problem(synth)
    assert p.required[_slot(0, "08:00")] == 2  # 1.2 staff need two people
    assert p.required[_slot(0, "08:30")] == 2  # 2.0 stays two
    assert p.required[_slot(5, "10:00")] == 0
    assert set(np.unique(p.required)) == {0.0, 2.0}


def test_missing_intervals_are_closed_and_handle_time_falls_back_to_the_config(synth):
    req = _requirements()
    req = req[pd.DatetimeIndex(req["interval_start"]).normalize() != "2027-02-03"]
    req.loc[req["interval_start"] == pd.Timestamp("2027-02-01 09:00"), "aht_seconds"] = np.nan
    p = _problem(synth, req)
    wednesday = slice(_slot(2, "00:00"), _slot(3, "00:00"))
    assert not p.open_slot[wednesday].any() and (p.volume[wednesday] == 0).all()
    assert (p.required[wednesday] == 0).all() and p.options[2] == []
    assert p.aht[_slot(0, "09:00")] == 280.0 and p.aht[_slot(0, "09:30")] == 300.0


def test_without_an_open_column_an_interval_is_open_where_staff_are_needed(synth):
    req = _requirements().drop(columns="open")
    req.loc[req["interval_start"] == pd.Timestamp("2027-02-01 08:00"), "staff"] = 0.0
    p = _problem(synth, req)
    assert not p.open_slot[_slot(0, "08:00")] and p.open_slot[_slot(0, "08:30")]
    assert p.open_slot.sum() == 20 * 16 - 1


def test_the_rules_and_time_off_come_from_the_config_and_the_time_off_table(synth):
    off = pd.DataFrame({"employee_id": ["E1", "E1"],
                        "start_date": pd.to_datetime(["2027-02-08", "2027-02-22"]),
                        "end_date": pd.to_datetime(["2027-02-09", "2027-02-22"]),
                        "kind": ["approved", "requested"]})
    p = _problem(synth, time_off=off)
    assert p.approved == {("E1", pd.Timestamp("2027-02-08")), ("E1", pd.Timestamp("2027-02-09"))}
    assert p.requested == {("E1", pd.Timestamp("2027-02-22"))}
    assert (p.week_start, p.open_weekdays, p.weekend) == (0, frozenset(range(5)),
                                                          frozenset({5, 6}))
    assert (p.late_after, p.overhang, p.shrinkage, p.answer_seconds) == (930, 30, 0.2, 20.0)
    assert p.weights == {"requested_off_penalty": 60.0, "fairness_penalty": 30.0,
                         "late_call_penalty": 200.0, "first_day_back_penalty": 60.0}
    assert (p.min_agents, p.start_spread, p.paired_days_off, p.fair_spread) == (1, 120, True, 2)
    assert p.holidays == frozenset({pd.Timestamp(HOLIDAY)})
    assert p.patience_seconds is None


def test_erlang_a_staffing_brings_the_callers_patience(synth):
    cfg = _config(staffing_model="erlang_a", patience_seconds=90)
    assert _problem(synth, cfg=cfg).patience_seconds == 90.0


# -- shift options ---------------------------------------------------------------------------

def _starts(p, day: int, template: str = "day") -> list[int]:
    return [o.start for o in p.options[day] if o.template.name == template]


def test_shift_starts_fit_the_open_hours_give_or_take_the_overhang(synth):
    p = _problem(synth)
    # open 08:00-16:00, 30 minutes either side: an 8-hour shift starts 07:30 to 08:30
    assert _starts(p, 0) == [450, 480, 510]
    assert _starts(p, 5) == [] and p.options[6] == []  # closed weekend
    # the Friday-only template is offered on Friday alone
    assert _starts(p, 4, "fri") == [720] and _starts(p, 3, "fri") == []
    assert all(o.day == 4 for o in p.options[4])


def test_without_overhang_a_shift_must_lie_inside_the_open_hours(synth):
    p = _problem(synth, cfg=_config(overhang=0))
    assert _starts(p, 0) == [480]


def test_an_option_covers_whole_intervals_and_a_break_takes_those_it_touches(synth):
    p = _problem(synth)
    option = Option(1, p.shifts["day"], 480)  # Tuesday 08:00-16:00
    assert option.key == (1, "day", 480)
    assert covered_slots(p, option) == range(_slot(1, "08:00"), _slot(1, "16:00"))
    # 15 minutes from 09:30 take the 09:30 interval; 45 minutes take two
    assert break_slots(p, option, 90, 15) == range(_slot(1, "09:30"), _slot(1, "10:00"))
    assert break_slots(p, option, 90, 45) == range(_slot(1, "09:30"), _slot(1, "10:30"))


def test_staff_on_the_floor_are_counted_from_shifts_and_breaks(synth):
    p = _problem(synth)
    shifts = pd.DataFrame([
        {"day": 0, "start": 480, "end": 960, "breaks": [("BREAK", 585, 600)]},
        {"day": 0, "start": 510, "end": 990, "breaks": [("BREAK", 615, 630),
                                                        ("LUNCH", 720, 750)]},
    ])
    cover = scheduled_staff(p, shifts)
    expected = np.zeros(28 * 48)
    expected[_slot(0, "08:00"):_slot(0, "16:00")] += 1
    expected[_slot(0, "08:30"):_slot(0, "16:30")] += 1
    for hhmm in ("09:30", "10:00", "12:00"):
        expected[_slot(0, hhmm)] -= 1
    assert (cover == expected).all()


# -- bounds ----------------------------------------------------------------------------------

def test_the_weekly_minimum_is_pro_rated_and_the_maximum_is_not(synth):
    staff = [Employee("E1", "A", "ft"), Employee("E2", "B", "ft"),
             Employee("E3", "C", "ft", start_date=pd.Timestamp("2027-02-10"))]
    off = pd.DataFrame({"employee_id": ["E2"], "start_date": [pd.Timestamp("2027-02-16")],
                        "end_date": [pd.Timestamp("2027-02-16")], "kind": ["approved"]})
    p = _problem(synth, employees=staff, time_off=off)
    weeks = week_groups(p)
    contract = p.contracts["ft"]
    e1, e2, e3 = staff
    assert weekly_band(p, e1, contract, weeks[0]) == (30 * 60, 40 * 60)
    # the holiday on Mon 15 leaves four days, and E2's leave on Tue 16 three
    assert weekly_band(p, e1, contract, weeks[2]) == (30 * 60 * 4 / 5, 40 * 60)
    assert weekly_band(p, e2, contract, weeks[2]) == (30 * 60 * 3 / 5, 40 * 60)
    # E3 joins on Wed 10: three days that week, none the week before
    assert weekly_band(p, e3, contract, weeks[1]) == (30 * 60 * 3 / 5, 40 * 60)
    assert weekly_band(p, e3, contract, weeks[0])[0] == 0


def test_a_day_with_no_shift_start_does_not_count_for_the_minimum(synth):
    req = _requirements()
    req.loc[pd.DatetimeIndex(req["interval_start"]).normalize() == "2027-02-26", "open"] = False
    p = _problem(synth, req)
    assert p.options[25] == []
    assert weekly_band(p, p.employees[0], p.contracts["ft"], week_groups(p)[3])[0] == \
        30 * 60 * 4 / 5


def test_weeks_run_from_the_week_start_and_are_cut_by_the_month(synth):
    march = _problem(synth, month="2027-03")  # Mon 1 .. Wed 31
    groups = week_groups(march)
    assert [len(g) for g in groups] == [7, 7, 7, 7, 3]
    assert groups[-1] == [28, 29, 30]
    # 30 h x 3/5 = 18 h, rounded down to whole 7.5-hour shifts at the month's edge: 15 h
    assert weekly_band(march, march.employees[0], march.contracts["ft"], groups[-1])[0] == \
        2 * 450
    wednesday = _problem(synth, cfg=parse_config({
        "centre": {"open_days": ["Mon", "Tue", "Wed", "Thu", "Fri"], "week_start": "Wed",
                   "hours": {"default": ["08:00", "16:00"]}},
        "shift": [{"name": "day", "start": ["08:00", "08:00"], "hours": 8}],
        "contract": [{"name": "ft", "shifts": ["day"]}]}))
    assert [g[0] for g in week_groups(wednesday)] == [0, 2, 9, 16, 23]
    assert [len(g) for g in week_groups(wednesday)] == [2, 7, 7, 7, 5]


def test_the_lower_bound_grosses_the_floor_hours_up_by_the_leanest_shift(synth):
    p = _problem(synth)
    floor_hours = (20 * 16 * 2) * 0.5  # 2 people in every open interval
    # 'day' pays 450 of 480 minutes for 420 on the floor, 'fri' pays all 240 on the floor:
    # the leanest ratio (1.0) bounds the paid hours
    assert lower_bound_hours(p) == pytest.approx(floor_hours)
    only_day = _problem(synth)
    only_day.shifts = {"day": only_day.shifts["day"]}
    assert lower_bound_hours(only_day) == pytest.approx(floor_hours * 450 / 420)


def test_each_missing_person_costs_the_calls_answered_late_and_never_less(synth):
    p = _problem(synth, cfg=_config(shrinkage=0.0))
    t = _slot(0, "09:00")  # 4 calls of 300 s: A = 2/3 erlang, two needed
    sl_one = 1 - (2 / 3) * math.exp(-(1 - 2 / 3) * 20 / 300)
    sl_two = 1 - (1 / 6) * math.exp(-(2 - 2 / 3) * 20 / 300)
    first = 4 * (sl_two - sl_one)  # the second agent's calls late
    # losing the last agent loses fewer calls (4 * sl_one), but the price never falls: it
    # rises by SHORTFALL_GROWTH (a tenth), so a shortage is spread, not piled up
    assert 4 * sl_one < first
    assert SHORTFALL_GROWTH == 0.10
    assert shortfall_prices(p, t, 2) == pytest.approx([first + 1e-3, (first + 1e-3) * 1.1])
    # without growth (the week's mix: HiGHS merges equal prices) the running maximum
    assert shortfall_prices(p, t, 2, 0.0) == pytest.approx([first + 1e-3, first + 1e-3])


def test_shortfall_prices_rise_are_positive_and_stop_at_the_level_cap(synth):
    p = _problem(synth)
    p.volume = np.full_like(p.volume, 60.0)
    prices = shortfall_prices(p, _slot(0, "09:00"), 20)
    assert len(prices) == MAX_LEVELS
    assert all(b > a for a, b in itertools.pairwise(prices))
    assert min(prices) > 0
    # an interval with no calls still prices a missing person above nothing
    p.volume = np.zeros_like(p.volume)
    quiet = shortfall_prices(p, _slot(0, "09:00"), 3)
    floor = 0.25 * 20.0 * 30 / 60 / 200.0
    assert quiet == pytest.approx([(floor + 1e-3) * 1.1 ** k for k in range(3)])


def test_a_shortage_costs_more_piled_into_one_interval_than_shared_out(synth):
    # the bank's Friday (January 2000): ten needed at 10:00, 10:30 and 11:00, and ten
    # lunches to fit there. Erlang's late calls stop rising once an interval is below its
    # load, so six missing at the quietest (10:00) and two at the others cost less in late
    # calls than four, three and three; a growing price spreads them
    p = _problem(synth, cfg=_config(shrinkage=0.25))
    p.aht = np.full_like(p.aht, 180.0)
    slots = [_slot(4, hhmm) for hhmm in ("10:00", "10:30", "11:00")]
    p.volume[slots] = [44.6, 46.4, 45.75]

    def cost(missing):
        return sum(sum(shortfall_prices(p, t, 10)[:k]) for t, k in zip(slots, missing,
                                                                          strict=True))

    assert cost([6, 2, 2]) > cost([4, 3, 3])


def test_lone_days_are_days_off_between_two_working_days_that_could_pair(synth):
    # February 2027 from a Monday, weekdays open: Tuesday 2nd off between Monday and
    # Wednesday is lone; Friday 5th off before the closed weekend is not
    p = _problem(synth)
    emp = p.employees[0]
    worked = {0, 2, 3, 4, 9, 10}
    assert lone_days(p, emp, worked) == [1]
    # the same test on a window of days, and with the caller's own free days
    assert lone_days(p, emp, worked, days=range(3, 12)) == []
    assert lone_days(p, emp, worked, days=range(0, 3)) == [1]
    assert lone_days(p, emp, {7, 9}, days=range(0, 28)) == [8]
    assert lone_days(p, emp, {7, 9}, free=set()) == []
