"""A year by week: the hours the work needs and the hours the team can give.

Need comes from the staffing stage's requirements (staff per interval, shrinkage
included), divided by the roster's efficiency (a roster of whole shifts pays more than
the bare staff-hours). Supply is each person's contract maximum, pro-rated for the part of the
week's opening hours they can work: inside their employment, not on approved leave, not
a public holiday. Days are weighed by their opening hours, so a holiday on a short
Saturday evening takes less from the week than one on a full Monday. The working days
themselves (open weekdays that are not public holidays) are kept too, with who is employed
and on approved leave each day, for the rules that hold day by day.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from wfm.core.calendar import Calendar
from wfm.schedule.roster.shifts import Contract
from wfm.schedule.roster.staff import Employee


@dataclass
class Year:
    """Weeks of one year and the team's weekly hours; arrays are (employees, weeks)."""

    year: int
    weeks: list[pd.Timestamp]  # first day of each week (may fall in the year before)
    days: list[list[pd.Timestamp]]  # open days of each week inside the year
    volume: np.ndarray  # contacts per week
    need: np.ndarray  # paid hours the week needs
    people: list[Employee]
    hours: np.ndarray  # hours each person can give each week before planned leave
    open_days: np.ndarray  # open days each person can work each week
    work_days: np.ndarray  # leave days a week away costs: `[leave] week_days` pro-rated
    approved_days: np.ndarray  # approved leave days each week (counted like work_days)
    day_hours: np.ndarray  # hours of one day away, per person
    headcount: np.ndarray  # people employed each week
    day_weight: dict[int, float]  # weekday -> its share of a full week's opening hours
    week_days: int  # leave days a full week away costs
    employed: np.ndarray  # (employees, working days): employed that day
    approved: np.ndarray  # (employees, working days): on approved leave that day
    day_volume: np.ndarray | None = None  # contacts per working day, once the work is known

    def with_need(self, volume: np.ndarray, need: np.ndarray,
                  daily: pd.Series | None = None) -> Year:
        """The same team year with the weekly contacts and paid hours the work needs (and
        the contacts per day, `daily`, for the month rules)."""
        day_volume = None if daily is None else \
            daily.reindex(pd.DatetimeIndex(self.dates)).fillna(0.0).to_numpy(float)
        return replace(self, volume=volume, need=need, day_volume=day_volume)

    @property
    def dates(self) -> list[pd.Timestamp]:
        """The year's working days in order: open weekdays that are not public holidays."""
        return [d for week in self.days for d in week]

    @property
    def day_week(self) -> np.ndarray:
        """The week index of each working day."""
        return np.array([w for w, week in enumerate(self.days) for _ in week], dtype=int)

    def busiest_month(self) -> tuple[int, float] | None:
        """The month with the most contacts per working day and that mean, from the year's
        own volume; None while the daily volume is not known (or is nil)."""
        if self.day_volume is None or not self.day_volume.any():
            return None
        months = np.array([d.month for d in self.dates])
        means = {m: float(self.day_volume[months == m].mean()) for m in np.unique(months)}
        month = max(means, key=lambda m: (means[m], -m))
        return int(month), means[month]

    def leave_days(self, dates: list[pd.Timestamp]) -> int:
        """Leave days that time away on these open dates costs (at least one)."""
        return _leave_days(self.day_weight, self.week_days, dates)

    @property
    def overhaul_day_hours(self) -> float:
        """Hours of one staff-day on an overhaul: the team's typical day."""
        return float(np.median(self.day_hours)) if len(self.day_hours) else 8.0


def _share(weight: dict[int, float], dates: list[pd.Timestamp]) -> float:
    """The part of a full week's opening hours that these dates hold."""
    return sum(weight.get(d.day_of_week, 0.0) for d in dates)


def _leave_days(weight: dict[int, float], week_days: int, dates: list[pd.Timestamp]) -> int:
    """Leave days that time away on these open dates costs (at least one)."""
    return max(round(week_days * _share(weight, dates)), 1) if dates else 0


def year_weeks(year: int, week_start: int) -> list[pd.Timestamp]:
    """Starts of the weeks that hold a day of the year."""
    first = pd.Timestamp(year=year, month=1, day=1)
    first -= pd.Timedelta(days=(first.day_of_week - week_start) % 7)
    last = pd.Timestamp(year=year, month=12, day=31)
    return list(pd.date_range(first, last, freq="7D"))


def weekly_need(requirements: pd.DataFrame, weeks: list[pd.Timestamp], grid: int,
                efficiency: float) -> tuple[np.ndarray, np.ndarray]:
    """Contacts and paid hours needed per week from the requirements (staff per interval)."""
    starts = pd.DatetimeIndex(requirements["interval_start"])
    edges = pd.DatetimeIndex([*weeks, weeks[-1] + pd.Timedelta(days=7)])
    which = np.searchsorted(edges.as_unit("ns").asi8, starts.as_unit("ns").asi8,
                            side="right") - 1
    inside = (which >= 0) & (which < len(weeks))
    volume = np.bincount(which[inside], requirements["volume"].to_numpy(float)[inside],
                         minlength=len(weeks))
    hours = np.bincount(which[inside], requirements["staff"].to_numpy(float)[inside],
                        minlength=len(weeks)) * grid / 60
    return volume, hours / efficiency


def daily_volume(requirements: pd.DataFrame) -> pd.Series:
    """Contacts per day from the requirements, indexed by the day."""
    days = pd.DatetimeIndex(requirements["interval_start"]).normalize()
    return requirements["volume"].groupby(days).sum().astype(float)


def team_year(year: int, calendar: Calendar, week_start: int, people: list[Employee],
              contracts: dict[str, Contract], approved: set[tuple[str, pd.Timestamp]],
              week_days: int, volume: np.ndarray | None = None,
              need: np.ndarray | None = None) -> Year:
    """Each person's weekly hours and open days for the year; without `volume` and `need`
    the work is not known yet (`Year.with_need` adds it once the year is forecast)."""
    weeks = year_weeks(year, week_start)
    volume = np.zeros(len(weeks)) if volume is None else volume
    need = np.zeros(len(weeks)) if need is None else need
    holidays = set(calendar.holidays(pd.Timestamp(year=year, month=1, day=1),
                                     pd.Timestamp(year=year, month=12, day=31)))
    length = {wd: max(end - start, 0) for wd, (start, end) in calendar.hours.items()
              if wd in calendar.open_weekdays}
    weight = {wd: n / (sum(length.values()) or 1) for wd, n in length.items()}

    days = []
    for w in weeks:
        span = pd.date_range(w, periods=7, freq="D")
        days.append([d for d in span if d.year == year and d.day_of_week in
                     calendar.open_weekdays and d not in holidays])
    shape = (len(people), len(weeks))
    hours, open_days, work_days = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    approved_days = np.zeros(shape)
    headcount = np.zeros(len(weeks))
    for e, person in enumerate(people):
        contract = contracts[person.contract]
        for w, week in enumerate(days):
            mine = [d for d in week if person.employed_on(d)]
            off = [d for d in mine if (person.employee_id, d) in approved]
            working = _share(weight, mine) - _share(weight, off)
            open_days[e, w] = len(mine) - len(off)
            work_days[e, w] = week_days * working
            approved_days[e, w] = _leave_days(weight, week_days, off)
            hours[e, w] = contract.hours_max * working
            headcount[w] += bool(mine)
    day_hours = np.array([contracts[p.contract].hours_max / max(week_days, 1) for p in people])
    dates = [d for week in days for d in week]
    employed = np.array([[person.employed_on(d) for d in dates] for person in people],
                        dtype=bool).reshape(len(people), len(dates))
    on_leave = np.array([[(person.employee_id, d) in approved for d in dates]
                         for person in people], dtype=bool).reshape(len(people), len(dates))
    return Year(year, weeks, days, volume, need, people, hours, open_days, work_days,
                approved_days, day_hours, headcount, weight, week_days, employed,
                on_leave & employed)
