"""The roster problem as arrays: the month's intervals, the staff, the shift starts
open each day, and the arithmetic both the solver and the shift-mix planner share
(weekly hour bands, the price of a missing person, the lower bound on paid hours)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from wfm.core.calendar import Calendar
from wfm.core.clock import on_wall_clock
from wfm.core.config import WEEKDAYS, Config
from wfm.schedule.roster.reach import unpaired_days
from wfm.schedule.roster.shifts import Contract, ShiftTemplate
from wfm.schedule.roster.staff import Employee, days_off
from wfm.schedule.staffing.agents import agents_on_phones, asa_seconds, service_level

MAX_LEVELS = 15  # shortfall steps priced one by one; deeper shortfall at the last price
# where Erlang prices a further missing person in an interval no higher than the one
# before, it costs this share more: past the point where Erlang C answers nothing in time
# its late calls stop rising, yet the queue still grows and spills into the next
# interval, so a shortage is spread rather than piled into one hopeless interval
SHORTFALL_GROWTH = 0.10
# the planner's preferences, priced in units of `[roster] fairness_penalty`:
FAIR_EXCESS = 20  # each late or weekend shift beyond the fair spread
SPREAD_WEEK = 100  # a week whose starts spread beyond `start_spread_hours` (as a lone day)
LONE_DAY_OFF = 100  # a single day off between two working days
PACE = 5  # each late or weekend shift a person is off the month's even share


@dataclass(frozen=True)
class Option:
    """A shift template starting at a given minute of a given day."""

    day: int
    template: ShiftTemplate
    start: int  # minutes after midnight of the day

    @property
    def key(self) -> tuple[int, str, int]:
        return (self.day, self.template.name, self.start)

    @property
    def end(self) -> int:
        """Minutes after midnight of its day when the shift ends (past 1440 overnight)."""
        return self.start + self.template.minutes


@dataclass
class RosterProblem:
    """Everything the model needs, in minutes and interval indices over the month."""

    days: pd.DatetimeIndex
    grid: int
    required: np.ndarray  # staff required per interval of the month (global index)
    open_slot: np.ndarray  # interval inside agent hours of an open day
    volume: np.ndarray
    aht: np.ndarray
    employees: list[Employee]
    contracts: dict[str, Contract]
    shifts: dict[str, ShiftTemplate]
    approved: set[tuple[str, pd.Timestamp]]
    requested: set[tuple[str, pd.Timestamp]]
    week_start: int
    open_weekdays: frozenset[int]
    weekend: frozenset[int]
    late_after: int
    overhang: int
    shrinkage: float
    answer_seconds: float
    interval_seconds: float
    weights: dict[str, float]
    options: dict[int, list[Option]] = field(default_factory=dict)
    holidays: frozenset[pd.Timestamp] = frozenset()  # public holidays: pro-rate the minimum
    patience_seconds: float | None = None  # set when staffing is Erlang A (callers abandon)
    min_agents: int = 1  # never fewer on the phones in an open interval with demand
    start_spread: int = 24 * 60  # minutes a person's starts may vary within a week
    paired_days_off: bool = False  # no single day off between two working days
    fair_spread: int = 2  # late/weekend shifts per person differ by at most this in a month
    overtime_premium: float = 1.5  # pay multiplier on hours above a contract's weekly maximum
    config_warnings: tuple[str, ...] = ()  # what the config stops the roster keeping, found early
    timezone: str = "UTC"  # [centre] timezone: the roster's clock times are local to it

    @property
    def slots(self) -> int:
        return 1440 // self.grid



def build_problem(requirements: pd.DataFrame, month: str, config: Config, calendar: Calendar,
                  employees: list[Employee], contracts: dict[str, Contract],
                  shifts: dict[str, ShiftTemplate], time_off: pd.DataFrame) -> RosterProblem:
    """Turn the month's requirements and staff into arrays over the month's intervals."""
    period = pd.Period(month, freq="M")
    days = pd.date_range(period.start_time, period.end_time.normalize(), freq="D")
    grid = calendar.interval_minutes
    slots = 1440 // grid
    index = pd.date_range(days[0], periods=len(days) * slots, freq=f"{grid}min")
    # the roster is kept on the wall clock: a repeated autumn hour is one slot, needing
    # what its busier half needs; a skipped spring hour is no slot, so closed
    req = on_wall_clock(requirements, "interval_start",
                        largest=("staff", "volume", "open")).set_index("interval_start")
    required = req["staff"].reindex(index).fillna(0).to_numpy(dtype=float)
    open_col = req["open"] if "open" in req else req["staff"] > 0
    open_slot = open_col.reindex(index, fill_value=False).to_numpy(dtype=bool)
    volume = req["volume"].reindex(index).fillna(0).to_numpy(dtype=float)
    aht = (req["aht_seconds"].reindex(index).fillna(config.service["aht_seconds"])
           .to_numpy(dtype=float))
    roster = config.roster
    hh, mm = roster["late_after"].split(":")
    return RosterProblem(
        days=days, grid=grid, required=np.ceil(required - 1e-9), open_slot=open_slot,
        volume=volume, aht=aht, employees=employees, contracts=contracts, shifts=shifts,
        approved=days_off(time_off, "approved"), requested=days_off(time_off, "requested"),
        week_start=WEEKDAYS.index(config.centre["week_start"]),
        open_weekdays=calendar.open_weekdays,
        weekend=frozenset(WEEKDAYS.index(d) for d in roster["weekend"]),
        late_after=int(hh) * 60 + int(mm), overhang=roster["overhang_minutes"],
        shrinkage=config.service["shrinkage"], answer_seconds=config.service["answer_seconds"],
        interval_seconds=grid * 60.0,
        weights={k: roster[k] for k in ("requested_off_penalty", "fairness_penalty",
                                        "late_call_penalty", "first_day_back_penalty")},
        holidays=frozenset(calendar.holidays(days[0], days[-1])),
        patience_seconds=(config.service["patience_seconds"]
                          if config.service["staffing_model"] == "erlang_a" else None),
        min_agents=config.service["min_agents"],
        start_spread=round(roster["start_spread_hours"] * 60),
        paired_days_off=roster["paired_days_off"], fair_spread=roster["fair_spread"],
        overtime_premium=config.season["overtime_premium"],
        config_warnings=tuple(unpaired_days(contracts, shifts, calendar,
                                            roster["overhang_minutes"])
                              if roster["paired_days_off"] else ()),
        timezone=config.centre["timezone"],
    )


# -- options ----------------------------------------------------------------------------

def day_options(problem: RosterProblem) -> dict[int, list[Option]]:
    """Shift starts usable on each day: the shift must lie within the day's open span of
    required intervals, give or take `overhang` minutes (a shift may start a little before
    opening or end a little after closing, never on a closed day)."""
    out: dict[int, list[Option]] = {}
    s = problem.slots
    for d in range(len(problem.days)):
        opened = np.flatnonzero(problem.open_slot[d * s:(d + 1) * s])
        if opened.size == 0:
            out[d] = []
            continue
        first = int(opened[0]) * problem.grid - problem.overhang
        last = (int(opened[-1]) + 1) * problem.grid + problem.overhang
        opts = []
        weekday = problem.days[d].day_of_week
        for template in problem.shifts.values():
            if weekday not in template.weekdays:
                continue
            for start in template.starts(problem.grid):
                if start >= first and start + template.minutes <= last:
                    opts.append(Option(d, template, start))
        out[d] = opts
    return out


def covered_slots(problem: RosterProblem, option: Option) -> range:
    """Global interval indices wholly inside the shift."""
    base = option.day * problem.slots
    first = base + option.start // problem.grid
    return range(first, first + option.template.minutes // problem.grid)


def break_slots(problem: RosterProblem, option: Option, offset: int, minutes: int) -> range:
    """Global interval indices a break touches (the agent is not counted there)."""
    base = option.day * problem.slots
    start = option.start + offset
    return range(base + start // problem.grid,
                 base + math.ceil((start + minutes) / problem.grid))



def weekly_band(p: RosterProblem, emp: Employee, contract: Contract, week: list[int]
                ) -> tuple[float, float]:
    """Paid-minute band for one week: the minimum pro-rated by the days the employee can
    work (open, not a public holiday, inside the month and employment, not on approved
    leave) over the open days of a full week; such a week never asks more than the
    longest of their shifts on those days pay (one Saturday evening asks four hours, not
    five), and at the month's edge whole longest shifts, rounded down (the rest of the
    week is the neighbouring month's: one day at the edge asks nobody to come in for
    it). The maximum as the contract says, plus the overtime it allows."""
    full = max(len(p.open_weekdays), 1)
    days = [d for d in week
            if p.days[d].day_of_week in p.open_weekdays and p.options[d]
            and p.days[d] not in p.holidays and emp.employed_on(p.days[d])
            and (emp.employee_id, p.days[d]) not in p.approved]
    low = contract.hours_min * 60 * min(len(days), full) / full
    if low >= contract.hours_min * 60:
        return low, most_minutes(contract)  # a whole week asks the contract's minimum
    most = sum(max((o.template.paid_minutes for o in p.options[d]
                    if o.template.name in contract.shifts), default=0) for d in days)
    if len(week) < 7:  # the month's edge cuts the week: whole shifts of it, rounded down
        longest = max((p.shifts[t].paid_minutes for t in contract.shifts), default=1)
        low = math.floor(low / longest + 1e-9) * longest
    return min(low, most), most_minutes(contract)


def most_minutes(contract: Contract) -> float:
    """The paid minutes a week may reach: the contract's maximum and its overtime."""
    return (contract.hours_max + contract.overtime_hours) * 60


def overtime_minutes(p: RosterProblem, shifts: pd.DataFrame) -> dict[tuple[int, int], float]:
    """Paid minutes above the contract's weekly maximum, per (employee index, first day of
    the week) that has any: the hours paid at `[season] overtime_premium`."""
    if not len(shifts):
        return {}
    week_of = {d: week[0] for week in week_groups(p) for d in week}
    paid = shifts.groupby([shifts["employee"].astype(int),
                           shifts["day"].astype(int).map(week_of)])["paid_minutes"].sum()
    out = {}
    for (e, first), minutes in paid.items():
        extra = minutes - p.contracts[p.employees[e].contract].hours_max * 60
        if extra > 1e-9:
            out[int(e), int(first)] = float(extra)
    return out


def shortfall_prices(p: RosterProblem, t: int, need: int,
                     growth: float = SHORTFALL_GROWTH) -> list[float]:
    """Calls answered late for each missing person, first to last (strictly rising:
    convex, so a shortage is shared across intervals rather than piled into one).

    Staff on the floor become agents on the phones after shrinkage; the service level at
    each head count comes from Erlang C on the interval's volume and handle time. Where
    Erlang's price for a further person is no more than the one before (every call
    already late, or the same agents after shrinkage), it costs `growth` more (none:
    the running maximum, rising but flat in places).
    """
    levels = min(need, MAX_LEVELS)
    heads = np.arange(need, need - levels - 1, -1, dtype=float)
    agents = agents_on_phones(heads, p.shrinkage)
    sl, _ = erlang_figures(p, agents, np.full(agents.size, t))
    late = p.volume[t] * (1 - sl)
    prices = np.maximum(np.diff(late), 0.0)
    # the requirement is the target even where Erlang sees no gain (a tiny or hopeless
    # interval): a missing person always costs more than paying one for the interval
    top_rate = max((c.cost_per_hour for c in p.contracts.values()), default=0.0)
    floor = 0.25 * top_rate * p.grid / 60 / max(p.weights["late_call_penalty"], 1e-9)
    prices = np.maximum(prices, floor) + 1e-3  # never free
    for k in range(1, prices.size):  # rising: by Erlang, else by `growth`
        if prices[k] <= prices[k - 1]:
            prices[k] = prices[k - 1] * (1 + growth)
    return [float(v) for v in prices]




def erlang_figures(p: RosterProblem, agents: np.ndarray, slots: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Service level and ASA of `agents` on the phones in the intervals `slots`, by the
    staffing stage's model: Erlang C, or Erlang A when callers abandon."""
    calls, aht = p.volume[slots], p.aht[slots]
    aht = np.where(calls > 0, aht, 1.0)
    sl = service_level(agents, calls, aht, p.interval_seconds, p.answer_seconds,
                       p.patience_seconds)
    asa = asa_seconds(agents, calls, aht, p.interval_seconds, p.patience_seconds)
    return sl, asa


def scheduled_staff(p: RosterProblem, shifts: pd.DataFrame) -> np.ndarray:
    """Staff on the floor per interval, recomputed from the shifts and their breaks: at
    work for the whole interval and on no break during it."""
    cover = np.zeros(len(p.required))
    for r in shifts.itertuples():
        base = r.day * p.slots
        first = base + r.start // p.grid
        last = base + r.end // p.grid
        cover[first:min(last, len(cover))] += 1
        for _, b_start, b_end in r.breaks:
            lo = base + b_start // p.grid
            hi = base + math.ceil(b_end / p.grid)
            cover[lo:min(hi, len(cover))] -= 1
    return cover


def lower_bound_hours(p: RosterProblem, days: list[int] | None = None) -> float:
    """Required staff-hours on the floor (of `days`, else the month), grossed up for the
    breaks the shifts demand: no roster can pay fewer hours and still cover every interval."""
    keep = p.open_slot.copy()
    if days is not None:
        keep &= np.isin(np.arange(len(keep)) // p.slots, days)
    floor_hours = float(p.required[keep].sum()) * p.grid / 60
    ratios = []
    for t in p.shifts.values():
        on_floor = t.minutes - sum(math.ceil(b.minutes / p.grid) * p.grid for b in t.breaks)
        ratios.append(t.paid_minutes / max(on_floor, 1))
    return floor_hours * min(ratios)


def week_groups(p: RosterProblem) -> list[list[int]]:
    """Day indices of the month grouped by week (weeks begin on `[centre] week_start`)."""
    groups: dict[pd.Timestamp, list[int]] = defaultdict(list)
    for d, day in enumerate(p.days):
        back = (day.day_of_week - p.week_start) % 7
        groups[day - pd.Timedelta(days=back)].append(d)
    return [groups[k] for k in sorted(groups)]


# -- the planner's rules for a month that reads well: fair, stable, days off together ----

def is_late(p: RosterProblem, option: Option) -> bool:
    """A shift ending after `[roster] late_after` is a late shift."""
    return option.end > p.late_after


def fair_kinds(p: RosterProblem) -> list[tuple[str, object]]:
    """The shifts fairness spreads over a month, each (name, test(day, option) -> bool):
    late shifts, weekend days, and each weekend day on its own when the weekend has two
    (so that nobody gets every Saturday while another gets every Sunday)."""
    weekend = p.weekend & p.open_weekdays  # a closed Sunday is nobody's to share
    kinds: list[tuple[str, object]] = [("late shifts", lambda day, opt: is_late(p, opt))]
    if weekend:
        kinds.append(("weekend days", lambda day, opt: day.day_of_week in weekend))
    if len(weekend) > 1:
        for wd in sorted(weekend):
            name = pd.Timestamp("2024-01-01") + pd.Timedelta(days=wd)  # a Monday
            kinds.append((f"{name:%A}s", lambda day, opt, wd=wd: day.day_of_week == wd))
    return kinds


def whole_month(p: RosterProblem, emp: Employee) -> bool:
    """Employed every day of the month with no approved leave in it: fairness compares
    counts only between such people (anyone else works fewer days)."""
    return (all(emp.employed_on(day) for day in (p.days[0], p.days[-1]))
            and not any((emp.employee_id, day) in p.approved for day in p.days))


def pairs_days_off(p: RosterProblem, contract: Contract) -> bool:
    """Days off must come at least two together, unless the contract gives one a week."""
    return p.paired_days_off and contract.days_off_per_week != 1


def free_to_pair(p: RosterProblem, emp: Employee, d: int) -> bool:
    """Could a day off on day d be a lone one? Not on a closed day, on approved leave or
    outside employment: those days are off for reasons of their own."""
    day = p.days[d]
    return (bool(p.options.get(d)) and emp.employed_on(day)
            and (emp.employee_id, day) not in p.approved)


def lone_days(p: RosterProblem, emp: Employee, worked: Collection[int],
              free: Collection[int] | None = None, days: range | None = None) -> list[int]:
    """Days off between two working days that could have been paired (`free_to_pair`,
    or the person's days in `free` when the caller keeps them), among `days` (the month
    by default), for a contract whose days off must come together; [] for any other."""
    if not pairs_days_off(p, p.contracts[emp.contract]):
        return []
    within = range(1, len(p.days) - 1)
    days = within if days is None else range(max(days.start, 1), min(days.stop, within.stop))
    return [d for d in days if d not in worked and d - 1 in worked and d + 1 in worked
            and (free_to_pair(p, emp, d) if free is None else d in free)]


def after_leave_week(p: RosterProblem, emp: Employee, d: int) -> bool:
    """Day d is the first day back after a leave week (five or more approved days in a
    in a row ending the day before, closed days passed over): better left off unless the
    week needs the person."""
    run = 0
    day = p.days[d] - pd.Timedelta(days=1)
    for _ in range(14):
        if (emp.employee_id, day) in p.approved:
            run += 1
        elif day.day_of_week in p.open_weekdays:
            break
        day -= pd.Timedelta(days=1)
    return run >= 5


def floor_price(p: RosterProblem) -> float:
    """Currency per person missing below `[service] min_agents` in an interval: twice the
    dearest whole shift, so that a rule-keeping roster never leaves the phones empty to
    save pay, plus a lone day off and a week of spread starts, so that it never does
    for a planner's preference either (the month's rotation of week plans included)."""
    top_rate = max((c.cost_per_hour for c in p.contracts.values()), default=0.0)
    longest = max((t.paid_minutes for t in p.shifts.values()), default=0) / 60
    wishes = (LONE_DAY_OFF + SPREAD_WEEK + PACE) * p.weights["fairness_penalty"]
    return 2.0 * top_rate * max(longest, 1.0) + wishes
