"""Roster exports in DESIGN.md's layouts: long (for HR and payroll), grid, coverage, summary."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wfm.core.clock import TIME_FORMAT, localize, real_slots, time_text
from wfm.schedule.roster.model import RosterResult
from wfm.schedule.roster.problem import (
    RosterProblem,
    erlang_figures,
    fair_kinds,
    lone_days,
    overtime_minutes,
    week_groups,
)
from wfm.schedule.roster.profiles import utc_text
from wfm.schedule.roster.shortfall import under_workload
from wfm.schedule.roster.staff import Employee
from wfm.schedule.staffing.agents import agents_on_phones

LONG_COLUMNS = ["employee_id", "name", "date", "start", "end", "activity", "paid_minutes",
                "start_utc", "end_utc"]


def _stamp(day: pd.Timestamp, minute: int) -> str:
    return (day + pd.Timedelta(minutes=int(minute))).strftime(TIME_FORMAT)


def leave_minutes(result: RosterResult, contract_name: str) -> int:
    """Paid minutes of a day of leave: the contract's minimum week over its open days."""
    p = result.problem
    contract = p.contracts[contract_name]
    return round(contract.hours_min * 60 / max(len(p.open_weekdays), 1))


def roster_long(result: RosterResult) -> pd.DataFrame:
    """One row per activity: WORK spans the shift (its paid_minutes are the shift's paid
    total); BREAK, LUNCH and SPLIT (a split shift's unpaid gap) lie inside it (paid_minutes
    shown for the break itself, already part of the WORK figure when paid); LEAVE and OFF
    take the whole day. start and end are the roster's wall-clock times with their UTC
    offset, start_utc and end_utc the same moments in UTC (a clock time the autumn change
    repeats is its first occurrence, one the spring change skips the first minute after);
    the employees file's own further columns (e-mail, payroll id, site) follow, so HR
    systems can match each row."""
    p = result.problem
    by_key = {(r.employee_id, r.date): r for r in result.shifts.itertuples()}
    rows = []
    for emp in p.employees:
        contract = p.contracts[emp.contract]
        breaks_paid = {}
        for name in contract.shifts:
            for b in p.shifts[name].breaks:
                breaks_paid[(name, b.activity)] = b.paid
        for day in p.days:
            if not emp.employed_on(day):
                continue
            shift = by_key.get((emp.employee_id, day))
            if shift is not None:
                rows.append([emp.employee_id, emp.name, day.date(), _stamp(day, shift.start),
                             _stamp(day, shift.end), "WORK", int(shift.paid_minutes)])
                for activity, start, end in shift.breaks:
                    paid = breaks_paid.get((shift.template, activity), True)
                    rows.append([emp.employee_id, emp.name, day.date(), _stamp(day, start),
                                 _stamp(day, end), activity, (end - start) if paid else 0])
            elif (emp.employee_id, day) in p.approved:
                rows.append([emp.employee_id, emp.name, day.date(), _stamp(day, 0),
                             _stamp(day, 1440), "LEAVE", leave_minutes(result, emp.contract)])
            else:
                rows.append([emp.employee_id, emp.name, day.date(), _stamp(day, 0),
                             _stamp(day, 1440), "OFF", 0])
    frame = pd.DataFrame(rows, columns=LONG_COLUMNS[:7])
    frame["date"] = frame["date"].astype(str)
    for column in ("start", "end"):  # each wall-clock time put on the zone once: with its
        aware = localize(pd.to_datetime(frame[column]), p.timezone)  # offset, and in UTC
        frame[f"{column}_utc"] = utc_text(aware, p.timezone)
        frame[column] = time_text(aware)
    return with_extras(frame, p.employees)


def with_extras(frame: pd.DataFrame, employees: list[Employee]) -> pd.DataFrame:
    """The frame with the employees file's own further columns after wfm's, per row's
    employee_id (the same columns for everyone: the file's)."""
    extras = {e.employee_id: dict(e.extras) for e in employees}
    columns = [c for c, _ in employees[0].extras] if employees else []
    return frame.assign(**{c: frame["employee_id"].map(lambda e, c=c: extras[e].get(c, ""))
                           for c in columns if c not in frame.columns})


def roster_grid(result: RosterResult) -> pd.DataFrame:
    """One row per employee, one column per date, a shift code per cell (e.g. early 08:00),
    then the employees file's own further columns."""
    p = result.problem
    by_key = {(r.employee_id, r.date): r for r in result.shifts.itertuples()}
    rows = []
    for emp in p.employees:
        row = {"employee_id": emp.employee_id, "name": emp.name, "contract": emp.contract}
        for day in p.days:
            shift = by_key.get((emp.employee_id, day))
            if not emp.employed_on(day):
                code = ""
            elif shift is not None:
                code = f"{shift.template} {shift.start // 60:02d}:{shift.start % 60:02d}"
            elif (emp.employee_id, day) in p.approved:
                code = "LEAVE"
            else:
                code = "OFF"
            row[str(day.date())] = code
        rows.append(row)
    return with_extras(pd.DataFrame(rows), p.employees)


def roster_people(result: RosterResult) -> pd.DataFrame:
    """One row per person: what a planner checks before publishing (hours, late and
    weekend shifts over the month, the widest start-time spread in a week, lone days
    off, requests worked) and the days off of each week, so a fair, stable month can be
    read at a glance."""
    p = result.problem
    shifts = result.shifts
    weeks = week_groups(p)
    kinds = dict(fair_kinds(p))
    overtime = overtime_minutes(p, shifts)
    rows = []
    for e, emp in enumerate(p.employees):
        mine = shifts[shifts["employee_id"] == emp.employee_id] if len(shifts) else shifts
        worked = {int(r.day): r for r in mine.itertuples()}
        spread = max((max(worked[d].start for d in w if d in worked)
                      - min(worked[d].start for d in w if d in worked))
                     for w in weeks if any(d in worked for d in w)) if worked else 0
        lone = len(lone_days(p, emp, set(worked)))
        off = ["+".join(f"{p.days[d]:%a}" for d in w if d not in worked
                        and emp.employed_on(p.days[d])
                        and (emp.employee_id, p.days[d]) not in p.approved) or "-"
               for w in weeks]
        late = kinds["late shifts"]
        weekend = kinds.get("weekend days", lambda day, opt: False)
        options = {d: p.options[d][int(r.option)] for d, r in worked.items()}
        rows.append({
            "employee_id": emp.employee_id, "name": emp.name, "contract": emp.contract,
            "shifts": len(worked), "paid_hours": float(mine["paid_minutes"].sum()) / 60
            if len(mine) else 0.0,
            "overtime_hours": sum(m for (who, _), m in overtime.items() if who == e) / 60,
            "late_shifts": sum(1 for d, o in options.items() if late(p.days[d], o)),
            "weekend_days": sum(1 for d, o in options.items() if weekend(p.days[d], o)),
            "widest_start_spread_hours": spread / 60, "lone_days_off": lone,
            "requested_days_worked": sum(1 for d in worked
                                         if (emp.employee_id, p.days[d]) in p.requested),
            "days_off_by_week": " | ".join(off)})
    return pd.DataFrame(rows)


def coverage(result: RosterResult) -> pd.DataFrame:
    """Every open real interval: required and scheduled staff, and the service level and
    ASA the scheduled staff give (the staffing model, Erlang C or A, on the agents left
    after shrinkage), with the volume and handle time they were figured on (so the
    coverage can be simulated as it is). The roster's wall-clock slots are put back on the
    real clock: both halves of an autumn repeated hour have the people rostered at that
    time, a skipped spring hour is no interval."""
    p = result.problem
    real, at = _real_rows(p)
    scheduled = result.coverage
    agents = agents_on_phones(scheduled, p.shrinkage)
    sl, asa = erlang_figures(p, agents, np.arange(len(agents)))
    frame = pd.DataFrame({"interval_start": real, "required": p.required.astype(int)[at],
                          "scheduled": scheduled.astype(int)[at], "service_level": sl[at],
                          "asa_seconds": asa[at], "volume": p.volume[at],
                          "aht_seconds": p.aht[at]})
    return frame[p.open_slot[at]].reset_index(drop=True)


def coverage_under_workload(result: RosterResult) -> np.ndarray:
    """`under_workload` on the rows of `coverage(result)` (the real, open intervals)."""
    p = result.problem
    _, at = _real_rows(p)
    return under_workload(result)[at][p.open_slot[at]]


def _real_rows(p: RosterProblem) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """The month's real intervals, and for each the roster's wall-clock slot it shows."""
    real = real_slots(p.days, p.timezone, p.grid)
    return real, ((real.tz_localize(None) - p.days[0]) // pd.Timedelta(minutes=p.grid)
                  ).to_numpy()


def nobody_on(result: RosterResult) -> np.ndarray:
    """Per interval of the month: open, with calls, and nobody scheduled."""
    p = result.problem
    return p.open_slot & (p.volume > 0) & (result.coverage <= 0)


def nobody_stretches(result: RosterResult) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Stretches of open intervals with calls and nobody scheduled, as (first interval
    start, end), longest first: the empty phones a month's average hides."""
    p = result.problem
    empty = nobody_on(result)
    step = pd.Timedelta(minutes=p.grid)
    runs: list[tuple[int, int]] = []
    for i in np.flatnonzero(empty):
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], int(i))
        else:
            runs.append((int(i), int(i)))
    runs.sort(key=lambda r: (r[0] - r[1], r[0]))
    return [(p.days[0] + step * a, p.days[0] + step * (b + 1)) for a, b in runs]


FAR_BELOW_GOAL = 0.10  # a monthly service level this far under the goal is no plan
LEAST_COVER = 0.90  # nor a roster on the phones for less of the required staff-hours


def _leave_hours(result: RosterResult) -> float:
    """Paid hours of approved leave in the month, as roster_long.csv's LEAVE rows hold
    them (not in paid_hours or the cost, as in `wfm report`)."""
    long = roster_long(result)
    return float(long.loc[long["activity"] == "LEAVE", "paid_minutes"].sum() / 60)


def roster_warnings(result: RosterResult, service: float, goal: float) -> list[str]:
    """What a planner must hear about a roster that keeps every rule: a service level far
    below the goal, a team too small for the month's hours, and what the config stops the
    roster keeping (days off a contract cannot pair)."""
    p = result.problem
    need = np.where(p.open_slot, p.required, 0.0)
    covered = float(np.minimum(result.coverage[:len(need)], need).sum() / need.sum()) \
        if need.sum() > 0 else 1.0
    out = list(p.config_warnings)
    if service < goal - FAR_BELOW_GOAL:
        out.append(f"the service level, {service:.1%}, is far below the goal of {goal:.0%}")
    if covered < LEAST_COVER:
        staff = len(p.employees)
        out.append(f"the team ({staff} {'person' if staff == 1 else 'people'}) is on the "
                   f"phones for {covered:.0%} of the staff-hours the month requires: hire, "
                   "or plan fewer open hours")
    return out


def summary(result: RosterResult, goal: float) -> pd.DataFrame:
    """The month in figures a manager reads: hours, cost, service, and the solver's word."""
    p = result.problem
    cov = coverage(result)  # on the real intervals (25 hours on an autumn change day)
    vol = cov["volume"].to_numpy()
    sl = cov["service_level"].to_numpy()
    monthly_sl = float((sl * vol).sum() / vol.sum()) if vol.sum() > 0 else 1.0
    meets = float(np.mean(sl >= goal - 1e-12)) if len(sl) else 1.0
    shifts = result.shifts
    paid_hours = float(shifts["paid_minutes"].sum() / 60) if len(shifts) else 0.0
    cost = 0.0
    for r in shifts.itertuples():
        cost += r.paid_minutes / 60 * p.contracts[p.employees[r.employee].contract].cost_per_hour
    overtime = overtime_minutes(p, shifts)
    cost += sum(m / 60 * (p.overtime_premium - 1) * p.contracts[p.employees[e].contract]
                .cost_per_hour for (e, _), m in overtime.items())
    answered = float((vol * np.nan_to_num(sl)).sum())
    demand = vol > 0
    short = int((demand & (cov["scheduled"].to_numpy() < cov["required"].to_numpy())).sum())
    stretches = nobody_stretches(result)
    nobody = int(nobody_on(result).sum())
    warnings = roster_warnings(result, monthly_sl, goal)
    longest = (f"{stretches[0][0]:%d %b %H:%M}-{stretches[0][1]:%H:%M}" if stretches else "")
    rows = [
        ("paid_hours", paid_hours, "h"),
        ("paid_leave_hours", _leave_hours(result), "h"),
        ("lower_bound_hours", result.lower_bound_hours, "h"),
        ("paid_over_lower_bound", paid_hours / result.lower_bound_hours - 1
         if result.lower_bound_hours else float("nan"), "share"),
        ("overtime_hours", sum(overtime.values()) / 60, "h"),
        ("cost", cost, "currency"),
        ("cost_per_contact", cost / vol.sum() if vol.sum() else float("nan"), "currency"),
        ("service_level", monthly_sl, "share"),
        ("intervals_meeting_goal", meets, "share"),
        ("intervals_short_of_requirement", float(short), "count"),
        ("intervals_with_nobody", float(nobody), "count"),
        ("intervals_under_workload", float(under_workload(result).sum()), "count"),
        ("longest_with_nobody", longest, ""),
        ("contacts_answered_in_time", answered, "contacts"),
        ("shifts", float(len(shifts)), "count"),
        ("requested_days_off_worked",
         float((result.penalties["preference"] == "requested day off worked").sum()), "count"),
        ("warnings", "; ".join(warnings), ""),
        ("solver_status", result.status, ""),
        ("objective", result.objective, ""),
        ("best_bound", result.best_bound, ""),
        ("gap", result.gap, "share"),
    ]
    return pd.DataFrame(rows, columns=["kpi", "value", "unit"])
