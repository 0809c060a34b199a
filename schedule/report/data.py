"""Everything a KPI report shows, worked out from the history and whichever plan files are
given: the KPI table with its definitions, the KPIs that are not available and why, and the
per-day, per-interval and per-month frames the charts draw."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from wfm.core.calendar import calendar_from_config, parse_month
from wfm.core.config import WEEKDAYS, Config, config_for_queue
from wfm.core.errors import InputError
from wfm.forecast.history import History, load_history
from wfm.schedule.report import kpis
from wfm.schedule.report.adherence import adherence, load_activity
from wfm.schedule.report.definitions import (
    FAMILIES,
    definitions,
    family_of,
    kpi_units,
    window_label,
)
from wfm.schedule.report.goals import SPANS, check_goal_kpis, goal_table
from wfm.schedule.report.inputs import (
    has_column,
    load_coverage,
    load_driver,
    load_forecast,
    load_roster_long,
)
from wfm.schedule.report.surveys import load_surveys, monthly_scores, survey_kpis
from wfm.schedule.report.tickets import load_tickets, monthly_tickets, ticket_kpis
from wfm.schedule.roster.shifts import load_contracts, load_shifts
from wfm.schedule.roster.staff import load_employees

FAMILY_ORDER = {name: i for i, (name, _) in enumerate(FAMILIES)}
KPI_COLUMNS = ["kpi", "value", "unit", "period_start", "period_end", "queue"]


def _day(when: pd.Timestamp) -> str:
    return pd.Timestamp(when).strftime("%Y-%m-%d")


def _span(spans: dict, kpis, times: pd.Series) -> None:
    """Record the first and last day `times` cover as the period of these KPIs."""
    times = pd.to_datetime(pd.Series(times)).dropna()
    if len(times):
        for k in kpis:
            spans[k] = (times.min().normalize(), times.max().normalize())


@dataclass
class ReportInputs:
    """The loaded inputs of a report; every plan file is optional."""

    history: History
    config: Config
    outcomes_known: bool = True
    month: pd.Period | None = None
    forecast: pd.DataFrame | None = None
    coverage: pd.DataFrame | None = None
    roster: pd.DataFrame | None = None
    rates: dict[str, float] | None = None
    most_hours: dict[str, float] | None = None  # each employee's weekly maximum, for overtime
    staff: list | None = None  # the employees file's people (Employee), for attrition
    driver: pd.DataFrame | None = None
    short_abandon_seconds: float = 0.0
    surveys: pd.DataFrame | None = None
    activity: pd.DataFrame | None = None  # the agents' activity log, for adherence
    tickets: pd.DataFrame | None = None


@dataclass
class ReportData:
    """What the report shows: `kpis` (kpi, value, unit), definitions and gaps, chart data."""

    title: str
    period: str
    kpis: pd.DataFrame
    definitions: list[tuple[str, str]]
    unavailable: list[tuple[str, str]]
    notes: list[str]
    daily: pd.DataFrame
    time_of_day: pd.DataFrame | None = None
    accuracy: pd.DataFrame | None = None
    coverage: pd.DataFrame | None = None
    seasons: pd.DataFrame = field(default_factory=pd.DataFrame)
    drivers: pd.DataFrame | None = None
    by_queue: pd.DataFrame | None = None  # queue, kpi, value, unit
    surveys: pd.DataFrame | None = None  # month, survey, value, margin, responses
    goals: pd.DataFrame | None = None  # goals.GOAL_COLUMNS, one row per [[goal]]
    period_end: pd.Timestamp | None = None  # the last day the report covers
    adherence_people: pd.DataFrame | None = None  # adherence.PEOPLE_COLUMNS
    adherence_intervals: pd.DataFrame | None = None  # adherence.INTERVAL_COLUMNS
    timezone: str = "UTC"  # [centre] timezone: the offset its wall-clock times are written with
    tickets: pd.DataFrame | None = None  # month, tickets, median response and resolution
    ticket_targets: tuple[float, float] = (24.0, 72.0)  # first response, resolution hours


def employee_rates(roster: pd.DataFrame, employee_contract: dict[str, str],
                   cost_per_hour: dict[str, float], roster_file: str | Path
                   ) -> dict[str, float] | None:
    """Cost per paid hour for each employee on the roster, from their contract (None when
    no contract has a cost_per_hour); an employee missing from the employees file is
    reported with the roster row."""
    missing = ~roster["employee_id"].isin(list(employee_contract))
    if missing.any():
        i = int(np.flatnonzero(missing.to_numpy())[0])
        raise InputError(f"employee {roster['employee_id'].iloc[i]!r} is not in the employees "
                         "file (needed for the cost per hour)", file=roster_file, row=i + 1,
                         column="employee_id")
    rates = {e: cost_per_hour[c] for e, c in employee_contract.items()}
    return rates if any(r > 0 for r in rates.values()) else None


def _in_month(index: pd.DatetimeIndex, month: pd.Period | None) -> np.ndarray:
    if month is None:
        return np.ones(len(index), dtype=bool)
    return np.asarray((index >= month.start_time) & (index <= month.end_time))


def _period_days(inp: ReportInputs) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day the report covers: its month (or quarter, year), else the
    history's whole span."""
    if inp.month is not None:
        return inp.month.start_time, inp.month.end_time.normalize()
    return inp.history.first_day, inp.history.last_day


def _resolution(contacts: pd.DataFrame, judged: np.ndarray, cfg, outcomes_known: bool,
                rows: dict, gaps: list) -> None:
    """First-contact resolution and repeat contacts over each [report] fcr_hours window,
    for the period's contacts, follow-ups looked for in the whole history."""
    labels = [window_label(h) for h in cfg.report["fcr_hours"]]
    if not (contacts["customer"] != "").any() or not outcomes_known:
        need = ("needs customer ids in the contact records ([history] customer)"
                if outcomes_known else "needs an outcome column in the history")
        gaps += [(f"fcr_{label}", need) for label in labels]
        return
    pick = pd.Series(judged, index=contacts.index)
    for hours, label in zip(cfg.report["fcr_hours"], labels, strict=True):
        rows[f"fcr_{label}"] = kpis.first_contact_resolution(contacts, hours, pick)[0]
        rows[f"repeat_contacts_{label}"] = kpis.repeat_contact_rate(contacts, hours, pick)[0]


def build_report(inp: ReportInputs, previous: bool = True) -> ReportData:
    """Work out every KPI the inputs allow, for the month (or the whole history); with
    goals, the previous month too, for each goal's change (unless `previous` is False)."""
    hist, cfg, month = inp.history, inp.config, inp.month
    rows: dict[str, float] = {}
    spans: dict[str, tuple[pd.Timestamp, pd.Timestamp]] = {}  # a figure's own days, where
    gaps: list[tuple[str, str]] = []                          # not the report's period
    notes: list[str] = []
    daily_all = hist.daily
    in_month = _in_month(daily_all.index, month)
    if not np.isfinite(daily_all[in_month].to_numpy(dtype=float)).any():
        raise InputError(f"--month {month}: the history has no days in that month (it covers "
                         f"{hist.first_day.date()} to {hist.last_day.date()})",
                         file=hist.source)
    interval = cfg.centre["interval_minutes"]
    no_agent = cfg.history["no_agent"]
    time_of_day = None
    if hist.contacts is not None:
        c = hist.contacts
        keep = _in_month(pd.DatetimeIndex(c["timestamp"]), month)
        by_day_all = kpis.contact_kpis(c, cfg.service["answer_seconds"], no_agent,
                                       kpis.period_labels(c["timestamp"], "day"),
                                       inp.short_abandon_seconds)
        offered_all = by_day_all["offered"].reindex(daily_all.index, fill_value=0.0).where(
            daily_all.notna())
        c = c[keep]
        whole = kpis.contact_kpis(c, cfg.service["answer_seconds"], no_agent,
                                  short_abandon_seconds=inp.short_abandon_seconds).iloc[0]
        daily = by_day_all[_in_month(pd.DatetimeIndex(by_day_all.index), month)]
        waits = c["wait_seconds"].notna().any()
        if waits:
            time_of_day = _open_hours_only(kpis.contact_kpis(
                c, cfg.service["answer_seconds"], no_agent,
                kpis.period_labels(c["timestamp"], "time_of_day", interval),
                inp.short_abandon_seconds), cfg)
        rows["offered"] = whole["offered"]
        if inp.outcomes_known:
            rows.update(answered=whole["answered"], abandoned=whole["abandoned"])
            if waits:
                rows["service_level"] = whole["service_level"]
            rows["abandonment"] = whole["abandonment"]
        else:
            gaps += [(k, "needs an outcome column in the history ([history] outcome)")
                     for k in ("service_level", "abandonment")]
        if waits:
            rows["asa"] = whole["asa_seconds"]
        else:
            gaps += [(k, "needs wait times in the contact records ([history] wait_seconds)")
                     for k in ("service_level", "asa") if k not in [g[0] for g in gaps]]
        if pd.notna(whole["aht_seconds"]):
            rows["aht"] = whole["aht_seconds"]
        else:
            gaps.append(("aht", "needs handle times of agent-served contacts "
                                "([history] handle_seconds)"))
        _resolution(hist.contacts, keep, cfg, inp.outcomes_known, rows, gaps)
    else:
        offered_all = daily_all
        ivs = hist.intervals
        if ivs is not None:
            ivs = ivs[_in_month(pd.DatetimeIndex(ivs.index), month)]
        v = kpis.volume_kpis(daily_all[in_month], ivs)
        rows["offered"] = v["offered"]
        daily = daily_all[in_month].rename("offered").to_frame()
        perf = hist.performance
        own: dict[str, float] = {}
        if perf is not None:
            perf = perf[_in_month(pd.DatetimeIndex(perf.index), month)]
            own = kpis.reported_kpis(perf)
            rows.update(own)
            daily = daily.join(perf.drop(columns=["offered", *(
                ["aht_seconds"] if "aht_seconds" in v else [])], errors="ignore"))
        if "aht_seconds" in v:
            rows["aht"] = v["aht_seconds"]
            work = (ivs["aht_seconds"].fillna(0) * ivs["handled"]).groupby(
                ivs.index.normalize()).sum()
            handled = ivs["handled"].groupby(ivs.index.normalize()).sum()
            daily["aht_seconds"] = work / handled.where(handled > 0)
        elif "aht" not in own:
            gaps.append(("aht", "needs handle times in the history ([history] aht_seconds)"))
        needs = (f"needs contact records with outcomes and wait times, or counts with the "
                 f"centre's own figures ([history] answered_count, abandoned_count, "
                 f"service_level, asa_seconds; this history has "
                 f"{hist.form.removesuffix('s')} counts)")
        gaps += [(k, needs) for k in ("service_level", "asa", "abandonment") if k not in own]
        gaps += [(f"fcr_{window_label(h)}", "needs contact records with customer ids "
                  "([history] customer)") for h in cfg.report["fcr_hours"]]

    accuracy = _accuracy(inp, rows, gaps, month)
    if accuracy is not None:
        _span(spans, ("forecast_wape", "forecast_bias"), accuracy["period"])
    coverage = _coverage(inp, rows, gaps, month)
    if coverage is not None:
        _span(spans, ("schedule_fit", "understaffed_hours", "overstaffed_hours",
                      "planned_service_level"), coverage["interval_start"])
    kept = _adherence(inp, rows, gaps, month)
    if inp.roster is not None:
        roster_days = inp.roster["date"][_in_month(pd.DatetimeIndex(inp.roster["date"]),
                                                   month)]
        _span(spans, ("paid_hours", "paid_leave_hours", "occupancy", "cost",
                      "cost_per_contact", "adherence", "conformance"), roster_days)
    cost_by_month = _roster(inp, rows, gaps, offered_all, month)
    seasons = kpis.season_index(daily_all, cfg.forecast["season_band"])
    if month is not None and month.freqstr.startswith("M"):  # a goal's quarter or year: none
        row = seasons[seasons["month"] == str(month)].iloc[0]
        rows["season_index"] = row["index"]
        notes.append(f"{month} is a {row['season']} month (volume index {row['index']:.2f} "
                     f"over {len(seasons)} month(s) of history)")
    if len(seasons) < 2:
        notes.append("the history covers one month only: busy and quiet seasons need more")
    drivers = _drivers(inp, rows, gaps, notes, offered_all, cost_by_month, month)
    if drivers is not None:
        months = pd.PeriodIndex(drivers["month"], freq="M")
        _span(spans, ("contacts_per_driver_unit_trend", "cost_per_driver_unit_trend"),
              pd.Series([months.min().start_time, months.max().end_time]))
    if month is None and inp.surveys is not None:
        _span(spans, [k for k in rows if k.startswith(("csat", "nps", "ces", "enps"))],
              inp.surveys["date"])
    survey_months = _surveys(inp, rows, gaps, month)
    _attrition(inp, rows, gaps)
    ticket_months = _tickets(inp, rows, gaps, month)

    units = kpi_units(cfg)
    order = sorted(units, key=lambda k: FAMILY_ORDER[family_of(k)])  # the scorecard's order
    first, last = _period_days(inp)
    table = pd.DataFrame(
        [(k, float(rows[k]), units[k], *(_day(d) for d in spans.get(k, (first, last))), "")
         for k in order if k in rows and pd.notna(rows[k])], columns=KPI_COLUMNS)
    defs = definitions(cfg, inp.short_abandon_seconds, hist.form, inp.outcomes_known,
                       by_volume=_planned_volume(inp) is not None,
                       reported=hist.contacts is None and hist.performance is not None)
    shown = [(k, defs[k]) for k in table["kpi"]]
    period = (str(month) if month is not None else
              f"{hist.first_day.date()} to {hist.last_day.date()}")
    goals = _goals(inp, rows, previous) if cfg.extra.get("goals") else None
    return ReportData(title=f"{cfg.centre['name']}: KPI report, {period}", period=period,
                      kpis=table, definitions=shown, unavailable=gaps, notes=notes, daily=daily,
                      time_of_day=time_of_day, accuracy=accuracy, coverage=coverage,
                      seasons=seasons, drivers=drivers, surveys=survey_months, goals=goals,
                      period_end=last,
                      adherence_people=kept[0], adherence_intervals=kept[1],
                      timezone=cfg.centre["timezone"], tickets=ticket_months,
                      ticket_targets=(cfg.service["response_hours"],
                                      cfg.report["resolution_hours"]))


def _attrition(inp: ReportInputs, rows: dict, gaps: list) -> None:
    """Average headcount and attrition (leavers / average headcount) over the period, from
    the employees file's start and end dates."""
    if inp.staff is None:
        gaps += [(k, "needs --employees (with start_date and end_date)")
                 for k in ("headcount", "attrition")]
        return
    rows.update(kpis.attrition(inp.staff, *_period_days(inp)))


def _tickets(inp: ReportInputs, rows: dict, gaps: list, month) -> pd.DataFrame | None:
    """Ticket response and resolution over the tickets created in the period."""
    names = ("tickets", "first_response_median_hours", "resolution_median_hours",
             "messages_per_ticket")
    if inp.tickets is None:
        gaps += [(k, "needs --tickets (a CSV of created, first_response, resolved, "
                     "messages)") for k in names]
        return None
    t = inp.tickets
    found = ticket_kpis(t, _in_month(pd.DatetimeIndex(t["created"]), month),
                        inp.config.service["response_hours"],
                        inp.config.report["resolution_hours"])
    rows.update(found)
    gaps += [(k, "needs tickets with " + ("messages" if k == "messages_per_ticket" else
                                          "that time") + " in the period")
             for k in names if k not in found]
    return monthly_tickets(t)


def _open_hours_only(by_time: pd.DataFrame, cfg: Config) -> pd.DataFrame:
    """The time-of-day table within the hours the phones open on some day ([centre]
    hours): calls a VRU takes at night are no agent's service level."""
    hours = calendar_from_config(cfg).hours
    if not hours:
        return by_time
    opens = min(o for o, _ in hours.values())
    closes = max(c for _, c in hours.values())
    minute = [int(h) * 60 + int(m) for h, m in (str(x).split(":") for x in by_time.index)]
    keep = [opens <= m < closes for m in minute]
    return by_time[keep]


def _adherence(inp: ReportInputs, rows: dict, gaps: list, month
               ) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """Adherence and conformance of the roster's people over the period's roster days."""
    names = ("adherence", "conformance")
    if inp.activity is None or inp.roster is None:
        gaps += [(k, "needs --activity (an agent activity log) and --roster") for k in names]
        return None, None
    roster = inp.roster[_in_month(pd.DatetimeIndex(inp.roster["date"]), month)]
    if roster.empty:
        gaps += [(k, f"needs a roster with days in {month}") for k in names]
        return None, None
    r = inp.config.report
    totals, people, intervals = adherence(
        roster, inp.activity, roster["date"].min(), roster["date"].max(), r["phone_states"],
        r["break_states"], r["adherence_grace_minutes"], inp.config.centre["interval_minutes"])
    rows.update({k: v for k, v in totals.items() if np.isfinite(v)})
    return people, intervals


def _goals(inp: ReportInputs, rows: dict, previous: bool) -> pd.DataFrame:
    """Each [[goal]] against the period's value and the previous month's (when the report
    is for a month the history also has the month before of)."""
    month, daily = inp.month, inp.history.daily
    made: dict = {month: rows}  # spans already worked out: the report's own is `rows`

    def figures(span) -> dict[str, float]:
        """The KPIs over another span (a month, quarter or year), if the history has it;
        each span worked out once (a "month" goal's span is the report's own month)."""
        if span not in made:
            has = np.isfinite(daily[_in_month(daily.index, span)].to_numpy(dtype=float))
            table = (build_report(replace(inp, month=span), previous=False).kpis
                     if has.any() else None)
            made[span] = ({} if table is None else
                          dict(zip(table["kpi"], table["value"], strict=True)))
        return made[span]

    before = figures(month - 1) if previous and month is not None else {}
    end = _period_days(inp)[1].date()
    spans = {}
    if previous:
        for period in {g["period"] for g in inp.config.extra["goals"]} - {"report"}:
            span = pd.Period(end, freq=SPANS[period])
            spans[period] = (str(span), figures(span), figures(span - 1))
    return goal_table(inp.config.extra["goals"], rows, before, end, spans)


def _surveys(inp: ReportInputs, rows: dict, gaps: list, month) -> pd.DataFrame | None:
    """CSAT, NPS, customer effort and eNPS over the period's responses; the scores month
    by month for the chart."""
    if inp.surveys is None:
        gaps += [(k, "needs --surveys (a CSV of date, survey, score)")
                 for k in ("csat", "nps", "ces", "enps")]
        return None
    chosen = inp.surveys[_in_month(pd.DatetimeIndex(inp.surveys["date"]), month)]
    found = survey_kpis(chosen)
    rows.update(found)
    gaps += [(k, f"needs {k} responses in the survey file"
                 + (f" dated in {month}" if month is not None else ""))
             for k in ("csat", "nps", "ces", "enps") if k not in found]
    return monthly_scores(inp.surveys)


def _accuracy(inp: ReportInputs, rows: dict, gaps: list, month) -> pd.DataFrame | None:
    if inp.forecast is None:
        gaps += [(k, "needs --forecast") for k in ("forecast_wape", "forecast_bias")]
        return None
    fc = inp.forecast[_in_month(pd.DatetimeIndex(inp.forecast["period"]), month)]
    if fc.empty:
        gaps += [(k, f"needs a forecast with days in {month}")
                 for k in ("forecast_wape", "forecast_bias")]
        return None
    hist = inp.history
    if fc["grain"].iloc[0] == "interval" and hist.intervals is not None:
        actual = hist.intervals["volume"]
    else:
        fc = fc.assign(period=fc["period"].dt.normalize()).groupby(
            "period", as_index=False)["volume"].sum()
        actual = hist.daily
    scores, both = kpis.forecast_accuracy(fc, actual)
    if scores["periods"] == 0 or not np.isfinite(scores["forecast_wape"]):
        gaps += [(k, "needs a forecast for days the history covers")
                 for k in ("forecast_wape", "forecast_bias")]
        return None
    rows.update(forecast_wape=scores["forecast_wape"], forecast_bias=scores["forecast_bias"])
    return both


def _coverage(inp: ReportInputs, rows: dict, gaps: list, month) -> pd.DataFrame | None:
    names = ("schedule_fit", "understaffed_hours", "overstaffed_hours", "planned_service_level")
    if inp.coverage is None:
        gaps += [(k, "needs --coverage") for k in names]
        return None
    cov = inp.coverage[_in_month(pd.DatetimeIndex(inp.coverage["interval_start"]), month)]
    if cov.empty:
        gaps += [(k, f"needs a coverage file with intervals in {month}") for k in names]
        return None
    rows.update(kpis.schedule_fit(cov, inp.config.centre["interval_minutes"],
                                  _planned_volume(inp)))
    return cov


def _planned_volume(inp: ReportInputs) -> pd.Series | None:
    """The forecast volume per interval (a forecast_intervals.csv given as --forecast): the
    volume the roster was staffed for, to weigh the planned service level by."""
    fc = inp.forecast
    if fc is None or fc["grain"].iloc[0] != "interval":
        return None
    return fc.groupby("period")["volume"].sum()


def _roster(inp: ReportInputs, rows: dict, gaps: list, offered: pd.Series,
            month) -> pd.Series | None:
    """Paid hours, occupancy and cost from the roster; returns cost by fully rostered month."""
    if inp.roster is None:
        gaps += [(k, "needs --roster") for k in ("paid_hours", "occupancy", "cost",
                                                   "cost_per_contact")]
        return None
    cfg = inp.config
    days = kpis.roster_by_day(inp.roster, inp.rates, inp.most_hours,
                              cfg.season["overtime_premium"],
                              WEEKDAYS.index(cfg.centre["week_start"]))
    if inp.rates is None:
        gaps += [(k, "needs --employees and [[contract]] cost_per_hour in --config")
                 for k in ("cost", "cost_per_contact")]
    cost_by_month = None
    if "cost" in days:
        months = days.index.to_period("M")
        count = days.groupby(months).size()
        full = count[count == count.index.days_in_month].index
        cost_by_month = days["cost"].groupby(months).sum().loc[full]
        cost_by_month.index = cost_by_month.index.astype(str)
    days = days[_in_month(pd.DatetimeIndex(days.index), month)]
    if days.empty:
        gaps += [(k, f"needs a roster with days in {month}") for k in ("paid_hours", "cost")]
        return cost_by_month
    rows["paid_hours"] = days["paid_hours"].sum()
    rows["paid_leave_hours"] = days["paid_leave_hours"].sum()
    if "cost" in days:
        rows["cost"] = days["cost"].sum()
    covered = days.index.intersection(offered.dropna().index)
    if covered.empty:
        needs = "needs a roster whose days the history covers"
        gaps.append(("occupancy", needs))
        if "cost" in days:
            gaps.append(("cost_per_contact", needs))
        return cost_by_month
    h = inp.history
    work = kpis.workload_by_day(h.contacts, h.intervals, inp.config.history["no_agent"])
    if work is None:
        gaps.append(("occupancy", "needs handle times in the history"))
    else:
        rows["occupancy"] = kpis.occupancy(work.reindex(covered, fill_value=0.0),
                                           days.loc[covered, "phone_hours"])
    if "cost" in days:
        total = offered.loc[covered].sum()
        rows["cost_per_contact"] = days.loc[covered, "cost"].sum() / total if total else np.nan
    return cost_by_month


def _drivers(inp: ReportInputs, rows: dict, gaps: list, notes: list, offered: pd.Series,
             cost_by_month: pd.Series | None, month) -> pd.DataFrame | None:
    if inp.driver is None:
        gaps.append(("contacts_per_driver_unit", "needs --driver (a CSV of date, value)"))
        return None
    closed = ~np.isin(pd.DatetimeIndex(offered.index).day_of_week,
                      list(calendar_from_config(inp.config).open_weekdays))
    offered = offered.where(~(closed & offered.isna()), 0.0)  # a closed day is no gap
    ratios = kpis.driver_ratios(kpis.complete_months(offered), inp.driver, cost_by_month)
    ratios = ratios[ratios["contacts_per_unit"].notna()]
    if ratios.empty:
        gaps.append(("contacts_per_driver_unit", "needs a driver covering a full month of "
                                                 "history"))
        return None
    pick = ratios[ratios["month"] == str(month)] if month is not None else ratios
    if pick.empty:
        gaps.append(("contacts_per_driver_unit", f"needs a driver value and full history "
                                                 f"for {month}"))
    else:
        rows["contacts_per_driver_unit"] = pick["contacts"].sum() / pick["driver"].sum()
        if "cost" in pick and pick["cost"].notna().any():
            has = pick[pick["cost"].notna()]
            rows["cost_per_driver_unit"] = has["cost"].sum() / has["driver"].sum()
    for ratio, name in (("contacts_per_unit", "contacts_per_driver_unit"),
                        ("cost_per_unit", "cost_per_driver_unit")):
        if ratio not in ratios or ratios[ratio].notna().sum() == 0:
            continue
        slope, words = kpis.linear_trend(ratios.set_index("month")[ratio])
        if np.isfinite(slope):
            rows[f"{name}_trend"] = slope
            notes.append(f"{name.replace('_', ' ')}: {words} ({slope:+.4g} a month over "
                         f"{ratios[ratio].notna().sum()} months)")
        else:
            notes.append(f"{name.replace('_', ' ')}: {words}")
    return ratios


def queue_kpis(histories: dict[str, History], inp: ReportInputs) -> pd.DataFrame:
    """The history's KPIs queue by queue (`queue, kpi, value, unit`), each with its own
    config: a queue's `[queues.NAME]` answer time sets its service level. Queues with no
    contacts in the month are left out; plan files (forecast, roster) stay centre-wide."""
    parts = []
    for queue, history in histories.items():
        days = history.daily[_in_month(history.daily.index, inp.month)]
        if not (days.fillna(0) > 0).any():
            continue
        own = ReportInputs(history=history, config=config_for_queue(inp.config, queue),
                           outcomes_known=inp.outcomes_known, month=inp.month,
                           short_abandon_seconds=inp.short_abandon_seconds)
        parts.append(build_report(own, previous=False).kpis.assign(queue=queue))
    if not parts:
        return pd.DataFrame(columns=KPI_COLUMNS)
    return pd.concat(parts, ignore_index=True)[KPI_COLUMNS]


def load_report_inputs(history: str | Path | pd.DataFrame, config: Config, *,
                       forecast: str | Path | None = None, coverage: str | Path | None = None,
                       roster: str | Path | None = None, employees: str | Path | None = None,
                       driver: str | Path | None = None, month: str | None = None,
                       short_abandon: float = 0.0, surveys: str | Path | None = None,
                       activity: str | Path | None = None,
                       tickets: str | Path | None = None) -> ReportInputs:
    """Load the history and every plan file given, checked, into the report's inputs."""
    if activity and not roster:
        raise InputError("--activity needs --roster (the schedule to adhere to)")
    if short_abandon < 0:
        raise InputError(f"--short-abandon: expected seconds >= 0, got {short_abandon:g}")
    period = parse_month(month) if month else None
    check_goal_kpis(config.extra.get("goals", ()), kpi_units(config),
                    str(config.path or "config"))
    tz = config.centre["timezone"]
    hist = load_history(history, config)
    roster_frame = load_roster_long(roster, tz) if roster else None
    rates = most_hours = None
    staff = None
    if employees:
        contracts = load_contracts(config, load_shifts(config))
        staff = load_employees(employees, contracts)
    if staff is not None and roster_frame is not None:
        rates = employee_rates(roster_frame, {s.employee_id: s.contract for s in staff},
                               {n: c.cost_per_hour for n, c in contracts.items()}, roster)
        most_hours = {s.employee_id: contracts[s.contract].hours_max for s in staff}
    outcomes_known = hist.contacts is None or history_has_column(history,
                                                                config.history["outcome"])
    return ReportInputs(
        history=hist, config=config, month=period, outcomes_known=outcomes_known,
        forecast=load_forecast(forecast, tz) if forecast else None,
        coverage=load_coverage(coverage, tz) if coverage else None,
        roster=roster_frame, rates=rates, most_hours=most_hours, staff=staff,
        driver=load_driver(driver) if driver else None,
        short_abandon_seconds=short_abandon,
        surveys=load_surveys(surveys) if surveys else None,
        activity=load_activity(activity, tz) if activity else None,
        tickets=load_tickets(tickets, tz) if tickets else None)


def history_has_column(history: str | Path | pd.DataFrame, column: str) -> bool:
    """Whether a history file (or frame) has this column, e.g. outcomes or queues."""
    if isinstance(history, pd.DataFrame):
        return column in {str(c).strip() for c in history.columns}
    return has_column(history, column)
