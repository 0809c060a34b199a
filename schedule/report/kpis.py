"""Key performance indicators looked back over: service, handle time, forecast accuracy,
schedule fit, occupancy and cost, seasons and business-driver ratios.

Every function returns data (frames, series, plain dicts); the report and the CLI show it.
The default definitions are spelt out in DEFINITIONS, so what is printed is what is computed.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from wfm.forecast.history import agent_served
from wfm.forecast.monthly import monthly
from wfm.schedule.roster.shifts import BREAK_ACTIVITIES

CONTACT_COLUMNS = ["offered", "answered", "abandoned", "answered_in_time", "service_level",
                   "asa_seconds", "abandonment", "aht_seconds"]
WORK_ACTIVITIES = ("WORK", "OVERHAUL")  # paid work: shifts, and training or projects


def period_labels(times: pd.Series, grain: str, interval_minutes: int = 30) -> pd.Series:
    """Group labels for contact times: "day" (date), "month" (YYYY-MM) or "time_of_day"
    (HH:MM of the interval), for KPIs per period."""
    times = pd.to_datetime(times)
    if grain == "day":
        return times.dt.normalize()
    if grain == "month":
        return times.dt.to_period("M").astype(str)
    if grain == "time_of_day":
        return times.dt.floor(f"{interval_minutes}min").dt.strftime("%H:%M")
    raise ValueError(f"unknown grain {grain!r}; expected day, month or time_of_day")


def contact_kpis(contacts: pd.DataFrame, answer_seconds: float, no_agent: Iterable[str] = (),
                 by: pd.Series | None = None, short_abandon_seconds: float = 0.0
                 ) -> pd.DataFrame:
    """Offered, answered, abandoned, service level, ASA, abandonment and AHT from contact
    records, one row per group of `by` (or one row, "all").

    offered = answered + abandoned (ignored outcomes were removed at intake); service level =
    answered with wait <= answer_seconds ÷ offered; ASA = mean wait of answered; abandonment
    = abandoned ÷ offered; AHT = mean handle time of calls served by a named agent.
    Abandons that waited less than `short_abandon_seconds` are left out of everything.
    Answered contacts with an unknown wait are left out of service level and ASA.
    """
    labels = pd.Series("all", index=contacts.index) if by is None else pd.Series(
        np.asarray(by), index=contacts.index)
    answered = contacts["outcome"] == "answered"
    abandoned = contacts["outcome"] == "abandoned"
    wait = contacts["wait_seconds"]
    short = abandoned & (wait < short_abandon_seconds)
    served = agent_served(contacts, no_agent)
    keep = ~short
    frame = pd.DataFrame({
        "label": labels[keep],
        "answered": answered[keep].astype(float),
        "abandoned": abandoned[keep].astype(float),
        "unknown_wait": (answered & wait.isna())[keep].astype(float),
        "in_time": (answered & (wait <= answer_seconds))[keep].astype(float),
        "wait": wait.where(answered & wait.notna(), 0.0)[keep],
        "served": served[keep].astype(float),
        "handle": contacts["handle_seconds"].where(served, 0.0)[keep],
    })
    g = frame.groupby("label", sort=True).sum()
    out = pd.DataFrame(index=g.index)
    out["offered"] = g["answered"] + g["abandoned"]
    out["answered"] = g["answered"]
    out["abandoned"] = g["abandoned"]
    out["answered_in_time"] = g["in_time"]
    timed = out["offered"] - g["unknown_wait"]
    waited = g["answered"] - g["unknown_wait"]
    out["service_level"] = g["in_time"] / timed.where(timed > 0)
    out["asa_seconds"] = g["wait"] / waited.where(waited > 0)
    out["abandonment"] = g["abandoned"] / out["offered"].where(out["offered"] > 0)
    out["aht_seconds"] = g["handle"] / g["served"].where(g["served"] > 0)
    out.index.name = "period"
    return out[CONTACT_COLUMNS]


def volume_kpis(daily: pd.Series, intervals: pd.DataFrame | None) -> dict[str, float]:
    """What counts (no waits, no outcomes) can tell: the volume offered and, where the
    counts carry handle times, the AHT weighted by the contacts behind it."""
    out = {"offered": float(daily.sum())}
    if intervals is not None and intervals["handled"].sum() > 0:
        work = (intervals["aht_seconds"].fillna(0) * intervals["handled"]).sum()
        out["aht_seconds"] = float(work / intervals["handled"].sum())
    return out


def reported_kpis(days: pd.DataFrame) -> dict[str, float]:
    """The period's figures from the centre's own daily ones (History.performance):
    answered and abandoned summed; service level weighted by the offered volume;
    abandonment = abandoned / offered; ASA and AHT weighted by the answered calls."""
    out: dict[str, float] = {}
    offered = days["offered"]
    answered = days.get("answered", offered)
    for name in ("answered", "abandoned"):
        if name in days and days[name].notna().any():
            out[name] = float(days[name].sum())
    if "abandoned" in out and offered.sum() > 0:
        out["abandonment"] = out["abandoned"] / float(offered[days["abandoned"].notna()].sum())
    for name, column, weight in (("service_level", "service_level", offered),
                                 ("asa", "asa_seconds", answered),
                                 ("aht", "aht_seconds", answered)):
        if column in days:
            known = days[column].notna()
            w = weight[known]
            if w.sum() > 0:
                out[name] = float((days.loc[known, column] * w).sum() / w.sum())
    return out


def attrition(staff: list, first: pd.Timestamp, last: pd.Timestamp) -> dict[str, float]:
    """`headcount`: people employed on the average day of `first`..`last`; `attrition`:
    people whose last day of employment falls in the period ÷ that headcount (for the
    period, not annualised)."""
    days = pd.date_range(first, last, freq="D")
    employed = sum(float(np.mean([e.employed_on(d) for d in days])) for e in staff)
    leavers = sum(1 for e in staff if e.end_date is not None and first <= e.end_date <= last)
    out = {"headcount": employed}
    if employed > 0:
        out["attrition"] = leavers / employed
    return out


def forecast_accuracy(forecast: pd.DataFrame, actual: pd.Series) -> tuple[dict, pd.DataFrame]:
    """WAPE and bias of a forecast (`period`, `volume`) against actuals indexed by period,
    over the periods both cover; bias > 0 means the forecast was too high.

    Returns the scores and the aligned `period, forecast, actual` frame (for a chart).
    """
    both = forecast.set_index("period")["volume"].rename("forecast").to_frame().join(
        actual.rename("actual"), how="inner").dropna()
    total = both["actual"].sum()
    scores = {
        "forecast_wape": float((both["forecast"] - both["actual"]).abs().sum() / total)
        if total > 0 else float("nan"),
        "forecast_bias": float((both["forecast"].sum() - total) / total)
        if total > 0 else float("nan"),
        "periods": len(both),
    }
    both.index.name = "period"
    return scores, both.reset_index()


def schedule_fit(coverage: pd.DataFrame, interval_minutes: int,
                 volume: pd.Series | None = None) -> dict[str, float]:
    """How well a roster met its requirement: the share of intervals with scheduled >=
    required, staff-hours short and over, and the planned service level: weighted by the
    forecast volume of each interval where given (as roster_summary.csv weighs it), else
    by the required staff, the workload proxy the coverage file carries."""
    hours = interval_minutes / 60.0
    gap = coverage["scheduled"] - coverage["required"]
    out = {
        "schedule_fit": float((gap >= 0).mean()) if len(gap) else float("nan"),
        "understaffed_hours": float((-gap).clip(lower=0).sum() * hours),
        "overstaffed_hours": float(gap.clip(lower=0).sum() * hours),
    }
    if "service_level" in coverage:
        ok = coverage["service_level"].notna()
        weight = (coverage.loc[ok, "required"] if volume is None else
                  coverage.loc[ok, "interval_start"].map(volume).fillna(0.0))
        if weight.sum() > 0:
            out["planned_service_level"] = float(
                (coverage.loc[ok, "service_level"] * weight).sum() / weight.sum())
    return out


def roster_by_day(roster: pd.DataFrame, rate: dict[str, float] | None = None,
                  overtime: dict[str, float] | None = None, premium: float = 1.5,
                  week_start: int = 0) -> pd.DataFrame:
    """Per roster date: paid hours of work (WORK and OVERHAUL rows, as roster_summary.csv
    counts them), paid leave hours (LEAVE rows), hours on the phones (WORK spans less
    BREAK, LUNCH and SPLIT) and, given a cost per hour per employee, the cost of the work:
    paid hours x rate, plus the overtime premium on each week's paid hours above the
    employee's weekly maximum (`overtime`: hours by employee), put on the week's first
    rostered day. Paid leave is not in the cost, as in roster_summary.csv."""
    minutes = (roster["end"] - roster["start"]).dt.total_seconds() / 60.0
    paid = roster["paid_minutes"].where(roster["activity"].isin(WORK_ACTIVITIES), 0.0)
    leave = roster["paid_minutes"].where(roster["activity"] == "LEAVE", 0.0)
    phone = (minutes.where(roster["activity"] == "WORK", 0.0)
             - minutes.where(roster["activity"].isin(BREAK_ACTIVITIES), 0.0))
    frame = pd.DataFrame({"date": roster["date"], "paid_hours": paid / 60.0,
                          "paid_leave_hours": leave / 60.0, "phone_hours": phone / 60.0})
    if rate is not None:
        hourly = roster["employee_id"].map(rate).astype(float)
        frame["cost"] = paid / 60.0 * hourly
        if overtime is not None:
            frame["cost"] += _overtime_premium(roster, paid, hourly, overtime, premium,
                                               week_start)
    return frame.groupby("date").sum()


def _overtime_premium(roster: pd.DataFrame, paid: pd.Series, hourly: pd.Series,
                      most_hours: dict[str, float], premium: float, week_start: int
                      ) -> pd.Series:
    """The premium on paid minutes above each employee's weekly maximum, per row: the
    whole week's premium on the employee's first row of that week."""
    week = roster["date"] - pd.to_timedelta((roster["date"].dt.day_of_week - week_start) % 7,
                                            unit="D")
    keys = [roster["employee_id"], week]
    weekly = paid.groupby(keys).transform("sum")
    first = ~pd.DataFrame({"e": roster["employee_id"], "w": week}).duplicated()
    limit = roster["employee_id"].map(most_hours).astype(float) * 60.0
    extra = (weekly - limit).clip(lower=0.0).where(first, 0.0)
    return extra / 60.0 * hourly * (premium - 1.0)


def workload_by_day(contacts: pd.DataFrame | None, intervals: pd.DataFrame | None,
                    no_agent: Iterable[str] = ()) -> pd.Series | None:
    """Handle seconds per day: agent-served calls from contact records, else AHT × contacts
    handled from interval counts; None where the history has no handle times."""
    if contacts is not None:
        served = agent_served(contacts, no_agent)
        if served.any():
            return contacts["handle_seconds"].where(served, 0.0).groupby(
                contacts["timestamp"].dt.normalize()).sum()
    if intervals is not None and intervals["handled"].sum() > 0:
        work = intervals["aht_seconds"].fillna(0) * intervals["handled"]
        return work.groupby(intervals.index.normalize()).sum()
    return None


def occupancy(workload: pd.Series, phone_hours: pd.Series) -> float:
    """Handle time ÷ rostered time on the phones, over the days both cover."""
    days = workload.index.intersection(phone_hours.index)
    phone = phone_hours.loc[days].sum() * 3600.0
    return float(workload.loc[days].sum() / phone) if phone > 0 else float("nan")


def season_index(daily: pd.Series, band: float) -> pd.DataFrame:
    """Monthly volume index (mean daily volume ÷ the mean over the months) flagged busy,
    normal or quiet by `band`, using the forecast's own season rule."""
    known = daily.dropna()
    frame = pd.DataFrame({"date": known.index, "volume": known.to_numpy(),
                          "lo": known.to_numpy(), "hi": known.to_numpy(), "model": "actual"})
    table = monthly(frame, band=band)
    table["mean_daily"] = table["volume"] / table["days"]
    return table[["month", "volume", "days", "mean_daily", "index", "season"]]


def complete_months(daily: pd.Series) -> pd.Series:
    """Volume per calendar month, for months whose every day the history covers (a part
    month would understate a ratio to a monthly driver)."""
    known = daily.dropna()
    months = known.index.to_period("M")
    total = known.groupby(months).sum()
    count = known.groupby(months).size()
    full = count == count.index.days_in_month
    out = total[full]
    out.index = out.index.astype(str)
    return out


def driver_ratios(contacts_by_month: pd.Series, driver: pd.DataFrame,
                  cost_by_month: pd.Series | None = None) -> pd.DataFrame:
    """Contacts (and cost, where known) per driver unit by month, for the months both the
    history and the driver cover; a month whose driver total is 0 has no ratio."""
    units = driver.groupby(driver["date"].dt.to_period("M").astype(str))["value"].sum()
    months = contacts_by_month.index.intersection(units.index).sort_values()
    out = pd.DataFrame({"contacts": contacts_by_month.loc[months],
                        "driver": units.loc[months]}, index=months)
    per_unit = out["driver"].where(out["driver"] > 0)
    out["contacts_per_unit"] = out["contacts"] / per_unit
    if cost_by_month is not None:
        out["cost"] = cost_by_month.reindex(months)
        out["cost_per_unit"] = out["cost"] / per_unit
    out.index.name = "month"
    return out.reset_index()


def linear_trend(values: pd.Series, flat_share: float = 0.05) -> tuple[float, str]:
    """Least-squares slope per month of a series indexed by month ("YYYY-MM") and its sign
    in words: rising or falling, or flat when the fitted change over the months shown is
    within `flat_share` of the mean, or (three months or more) the slope is within two
    standard errors of none. NaN with fewer than two months."""
    known = values.dropna()
    if len(known) < 2:
        return float("nan"), "not enough months for a trend"
    x = pd.PeriodIndex(known.index.astype(str), freq="M").asi8.astype(float)
    x = x - x[0]
    y = known.to_numpy(dtype=float)
    slope, intercept = (float(v) for v in np.polyfit(x, y, 1))
    scale = abs(float(np.mean(y)))
    if scale == 0 or abs(slope * x[-1]) <= flat_share * scale:
        return slope, "flat"
    if len(known) >= 3:
        residual = y - (slope * x + intercept)
        spread = float(np.sum((x - x.mean()) ** 2))
        error = float(np.sqrt(np.sum(residual ** 2) / (len(y) - 2) / spread))
        if abs(slope) < 2 * error:
            return slope, "flat"
    return slope, "rising" if slope > 0 else "falling"


def first_contact_resolution(contacts: pd.DataFrame, hours: float,
                             judged: pd.Series | None = None) -> tuple[float, int]:
    """FCR over a window: among answered contacts from known customers (`judged` picks
    which, e.g. a month's), the share with no further contact (any outcome left after
    intake) from the same customer starting within `hours` of this one's start; contacts
    whose window ends after the last record are left out (their follow-up is unseen).
    Returns (share, contacts judged). Same-second contacts follow file order."""
    known, nxt = _neighbours(contacts)
    window = pd.Timedelta(hours=hours)
    start = known["timestamp"]
    seen = start + window <= contacts["timestamp"].max()
    pick = (known["outcome"] == "answered") & seen
    if judged is not None:
        pick &= judged.reindex(known.index, fill_value=False)
    resolved = ~(nxt["timestamp"] - start <= window)
    n = int(pick.sum())
    return (float(resolved[pick].mean()) if n else float("nan")), n


def repeat_contact_rate(contacts: pd.DataFrame, hours: float,
                        judged: pd.Series | None = None) -> tuple[float, int]:
    """The share of contacts from known customers (`judged` picks which) that start within
    `hours` after an earlier contact from the same customer; contacts within `hours` of the
    first record are left out (their earlier contact may be unseen). (share, judged)."""
    known, _ = _neighbours(contacts)
    window = pd.Timedelta(hours=hours)
    start = known["timestamp"]
    before = known.groupby("customer")["timestamp"].shift(1)
    pick = start - window >= contacts["timestamp"].min()
    if judged is not None:
        pick &= judged.reindex(known.index, fill_value=False)
    n = int(pick.sum())
    return (float((start - before <= window)[pick].mean()) if n else float("nan")), n


def _neighbours(contacts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Contacts from known customers in order of start (file order on ties), and for each
    the same customer's next contact (NaT where none)."""
    known = contacts[contacts["customer"] != ""]
    known = known.assign(_row=known.index.to_numpy()).sort_values(["timestamp", "_row"])
    nxt = known.groupby("customer")[["timestamp"]].shift(-1)
    return known, nxt
