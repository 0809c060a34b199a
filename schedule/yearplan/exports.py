"""Season plan exports: leave blocks per person, overhaul days per job and week, and the
weeks' capacity, as frames for CSV; and the people away each working day, to check the
cap on staff away against."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wfm.schedule.yearplan.capacity import Year
from wfm.schedule.yearplan.model import SeasonResult, full_week_days
from wfm.schedule.yearplan.overhauls import Job

LEAVE_COLUMNS = ["employee_id", "name", "start_date", "end_date", "days", "kind"]
OVERHAUL_COLUMNS = ["job_id", "week", "start_date", "end_date", "staff_days", "staff"]
CAPACITY_COLUMNS = ["week", "volume", "required", "available", "on_leave", "on_overhaul",
                    "hires", "hire_hours", "overtime", "gap", "spare", "leave_days",
                    "leave_cap"]


def leave_plan(year: Year, result: SeasonResult, time_off: pd.DataFrame) -> pd.DataFrame:
    """One row per employee and block: planned blocks (runs of weeks away, the short block
    joined to the run it leans on) and the approved leave already in the year."""
    rows = []
    full = full_week_days(year)
    for e, person in enumerate(year.people):
        weeks = sorted(w for (ee, w) in result.leave if ee == e)
        runs: list[list[int]] = []
        for w in weeks:
            if runs and w == runs[-1][-1] + 1:
                runs[-1].append(w)
            else:
                runs.append([w])
        for run in runs:
            dates: list[pd.Timestamp] = []
            for i, w in enumerate(run):
                mine = [d for d in year.days[w] if person.employed_on(d)]
                n = result.leave[e, w]
                if n >= full[e, w]:
                    dates += mine  # a whole week away
                elif i == 0 and len(run) > 1:
                    dates += mine[-n:]  # the days before the run's next week
                else:
                    dates += mine[:n]
            if dates:
                rows.append({"employee_id": person.employee_id, "name": person.name,
                             "start_date": min(dates).date(), "end_date": max(dates).date(),
                             "days": sum(result.leave[e, w] for w in run), "kind": "planned"})
    rows += _approved_rows(year, time_off)
    frame = pd.DataFrame(rows, columns=LEAVE_COLUMNS)
    return frame.sort_values(["employee_id", "start_date"], ignore_index=True)


def _approved_rows(year: Year, time_off: pd.DataFrame) -> list[dict]:
    """The approved leave in the year, one row per time-off record, its days counted as the
    plan counts them (week by week, as `Year.approved_days`), so that approved and planned
    leave together never pass a person's allowance."""
    first = pd.Timestamp(year=year.year, month=1, day=1)
    last = pd.Timestamp(year=year.year, month=12, day=31)
    index = {p.employee_id: e for e, p in enumerate(year.people)}
    approved = time_off[(time_off["kind"] == "approved") & (time_off["end_date"] >= first)
                        & (time_off["start_date"] <= last)]
    records: list[tuple[int, pd.Timestamp, pd.Timestamp]] = []
    for rec in approved.itertuples():
        records.append((index.get(rec.employee_id, -1), max(rec.start_date, first),
                        min(rec.end_date, last)))
    days = [0] * len(records)
    for e in range(len(year.people)):
        mine = [k for k, rec in enumerate(records) if rec[0] == e]
        person = year.people[e]
        for w, week in enumerate(year.days):
            left = int(year.approved_days[e, w])
            here = [(k, [d for d in week if records[k][1] <= d <= records[k][2]
                         and person.employed_on(d)]) for k in mine]
            here = [(k, dates) for k, dates in here if dates]
            for j, (k, dates) in enumerate(here):  # each its share; the last what is left
                n = left if j == len(here) - 1 else \
                    min(year.leave_days(dates), left)
                days[k] += n
                left -= n
    names = {p.employee_id: p.name for p in year.people}
    return [{"employee_id": rec.employee_id, "name": names.get(rec.employee_id, ""),
             "start_date": lo.date(), "end_date": hi.date(), "days": n, "kind": "approved"}
            for rec, (_, lo, hi), n in zip(approved.itertuples(), records, days, strict=True)]


def overhaul_plan(year: Year, jobs: list[Job], result: SeasonResult) -> pd.DataFrame:
    """One row per job and week it runs in (and per stretch of that week's working days
    with the same staff): its days, the staff-days and the people on it each of those
    days. A crew's days are working days: its rows skip closed days and holidays."""
    rows = []
    for job in jobs:
        for w, week in enumerate(year.days):
            run: list[pd.Timestamp] = []
            staff = 0
            for d in [*week, None]:
                n = result.job_staff.get((job.job_id, d), 0) if d is not None else 0
                if run and n != staff:
                    rows.append({"job_id": job.job_id, "week": year.weeks[w].date(),
                                 "start_date": run[0].date(), "end_date": run[-1].date(),
                                 "staff_days": staff * len(run), "staff": staff})
                    run = []
                if n:
                    run.append(d)
                    staff = n
    return pd.DataFrame(rows, columns=OVERHAUL_COLUMNS)


def people_away(year: Year, result: SeasonResult, leave: pd.DataFrame) -> pd.DataFrame:
    """Per working day: people on leave (the leave plan's blocks, planned and approved),
    on overhauls, away in all, and the most the cap on staff away allows."""
    dates = pd.DatetimeIndex(year.dates)
    position = {d: i for i, d in enumerate(dates)}
    index = {p.employee_id: e for e, p in enumerate(year.people)}
    away = np.zeros((len(year.people), len(dates)), dtype=bool)
    for row in leave.itertuples():
        e = index[row.employee_id]
        for d in pd.date_range(pd.Timestamp(row.start_date), pd.Timestamp(row.end_date)):
            if d in position and year.employed[e, position[d]]:
                away[e, position[d]] = True
    on_leave = away.sum(axis=0)
    jobs = np.zeros(len(dates), dtype=int)
    for (_, d), n in result.job_staff.items():
        jobs[position[d]] += n
    cap = result.day_cap if result.day_cap is not None else np.zeros(len(dates), dtype=int)
    return pd.DataFrame({"date": dates, "on_leave": on_leave, "on_overhaul": jobs,
                         "away": on_leave + jobs, "cap": cap})


def capacity(year: Year, result: SeasonResult, hire_hours: float) -> pd.DataFrame:
    """Per week, in paid hours: required, the team before leave, on leave, on overhaul,
    hires (people and hours), overtime, the gap left, and the spare after all."""
    leave, overhaul = result.leave_hours, result.overhaul_hours
    available = year.hours.sum(axis=0)
    hires = result.hires_active.astype(float)
    hired = hires * hire_hours
    supply = available - leave - overhaul + hired + result.overtime
    frame = pd.DataFrame({
        "week": [w.date() for w in year.weeks], "volume": year.volume,
        "required": year.need, "available": available, "on_leave": leave,
        "on_overhaul": overhaul, "hires": hires, "hire_hours": hired,
        "overtime": result.overtime, "gap": result.gap,
        "spare": supply + result.gap - year.need, "leave_days": result.away_days,
        "leave_cap": result.away_cap})
    return frame[CAPACITY_COLUMNS]

