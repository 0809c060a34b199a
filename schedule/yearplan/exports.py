"""Season plan exports: leave blocks per person, overhaul days per job and week, and the
weeks' capacity, as frames for CSV."""

from __future__ import annotations

import math

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
    first = pd.Timestamp(year=year.year, month=1, day=1)
    last = pd.Timestamp(year=year.year, month=12, day=31)
    names = {p.employee_id: p.name for p in year.people}
    approved = time_off[(time_off["kind"] == "approved") & (time_off["end_date"] >= first)
                        & (time_off["start_date"] <= last)]
    open_days = {d for week in year.days for d in week}
    for rec in approved.itertuples():
        span = pd.date_range(max(rec.start_date, first), min(rec.end_date, last), freq="D")
        rows.append({"employee_id": rec.employee_id, "name": names.get(rec.employee_id, ""),
                     "start_date": span[0].date(), "end_date": span[-1].date(),
                     "days": year.leave_days([d for d in span if d in open_days]),
                     "kind": "approved"})
    frame = pd.DataFrame(rows, columns=LEAVE_COLUMNS)
    return frame.sort_values(["employee_id", "start_date"], ignore_index=True)


def overhaul_plan(year: Year, jobs: list[Job], result: SeasonResult) -> pd.DataFrame:
    """One row per job and week it runs in: its days that week and the staff it takes."""
    rows = []
    for job in jobs:
        for w in range(len(year.weeks)):
            n = result.overhaul.get((job.job_id, w), 0)
            if not n:
                continue
            days = [d for d in year.days[w] if job.earliest <= d <= job.latest]
            if job.is_crew:
                start = result.crew_start[job.job_id]
                end = start + pd.Timedelta(days=job.duration_days - 1)
                days = [d for d in days if start <= d <= end]
                staff = job.staff_needed
            else:
                days = days[:max(1, min(len(days), n))]
                staff = math.ceil(n / max(len(days), 1))
            rows.append({"job_id": job.job_id, "week": year.weeks[w].date(),
                         "start_date": days[0].date(), "end_date": days[-1].date(),
                         "staff_days": n, "staff": staff})
    return pd.DataFrame(rows, columns=OVERHAUL_COLUMNS)


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

