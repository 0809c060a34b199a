"""The planner's preferences a month's roster breaks, each with the price the model puts on
it, counted on the month's shifts as they are published (not week by week, as the
solver sees them): the rows of roster_penalties.csv, as the OR-Tools shift-scheduling
example reports them."""

from __future__ import annotations

import pandas as pd

from wfm.schedule.roster.problem import (
    FAIR_EXCESS,
    LONE_DAY_OFF,
    SPREAD_WEEK,
    RosterProblem,
    after_leave_week,
    fair_kinds,
    lone_days,
    week_groups,
    whole_month,
)

COLUMNS = ["employee_id", "date", "preference", "penalty"]


def fairness_price(p: RosterProblem, top: int, low: int) -> float:
    """One fairness kind of one contract as the model prices it at the month's end: the
    range (the most of anyone, the fewest of the whole-month people) and each unit beyond
    `fair_spread`, many times over."""
    spread = top - low
    return p.weights["fairness_penalty"] * (spread + FAIR_EXCESS * max(spread - p.fair_spread, 0))


def preference_penalties(p: RosterProblem, shifts: pd.DataFrame) -> pd.DataFrame:
    """Every broken preference of the month with its penalty: requested days off worked,
    single days off between working days, weeks whose starts spread beyond `[roster]
    start_spread_hours`, first days back from a leave week worked, and per contract the
    range of late shifts and weekend days over the month (a row each, priced by how far
    the range passes `fair_spread`)."""
    w_fair = p.weights["fairness_penalty"]
    worked: dict[int, dict[int, int]] = {e: {} for e in range(len(p.employees))}
    for r in shifts.itertuples():
        worked[int(r.employee)][int(r.day)] = int(r.option)
    rows = []
    for e, emp in enumerate(p.employees):
        mine = worked[e]
        for d in sorted(mine):
            if (emp.employee_id, p.days[d]) in p.requested:
                rows.append((emp.employee_id, p.days[d].date(), "requested day off worked",
                             p.weights["requested_off_penalty"]))
        rows += [(emp.employee_id, p.days[d].date(), "single day off between working days",
                  LONE_DAY_OFF * w_fair) for d in lone_days(p, emp, set(mine))]
        for week in week_groups(p):
            starts = [p.options[d][mine[d]].start for d in week if d in mine]
            if starts and max(starts) - min(starts) > p.start_spread:
                rows.append((emp.employee_id, p.days[week[0]].date(),
                             f"start times in the week more than {p.start_spread / 60:g} h "
                             "apart", SPREAD_WEEK * w_fair))
        rows += [(emp.employee_id, p.days[d].date(), "first day back from a leave week worked",
                  p.weights["first_day_back_penalty"])
                 for d in sorted(mine) if after_leave_week(p, emp, d)]
    for kind, test in fair_kinds(p):
        for cname in p.contracts:
            members = [e for e, emp in enumerate(p.employees) if emp.contract == cname]
            whole = [e for e in members if whole_month(p, p.employees[e])]
            if len(whole) < 2:
                continue
            counts = {e: sum(1 for d, o in worked[e].items() if test(p.days[d], p.options[d][o]))
                      for e in members}
            top, low = max(counts.values()), min(counts[e] for e in whole)
            rows.append(("", p.days[-1].date(),
                         f"{kind} per {cname} employee over the month: {low} to {top}",
                         fairness_price(p, top, low)))
    return pd.DataFrame(rows, columns=COLUMNS)
