"""The report's KPI names, their units and their definitions in words (the defaults the
report prints under its table; options such as --short-abandon show up in them)."""

from __future__ import annotations

from wfm.core.config import Config

UNITS = {"offered": "contacts", "answered": "contacts", "abandoned": "contacts",
         "service_level": "share", "asa": "seconds", "abandonment": "share",
         "aht": "seconds", "forecast_wape": "share", "forecast_bias": "share",
         "schedule_fit": "share", "understaffed_hours": "hours", "overstaffed_hours": "hours",
         "planned_service_level": "share", "paid_hours": "hours",
         "paid_leave_hours": "hours", "occupancy": "share",
         "cost": "currency", "cost_per_contact": "currency per contact",
         "season_index": "index", "contacts_per_driver_unit": "contacts per unit",
         "contacts_per_driver_unit_trend": "contacts per unit per month",
         "cost_per_driver_unit": "currency per unit",
         "cost_per_driver_unit_trend": "currency per unit per month",
         "adherence": "share", "conformance": "share",
         "headcount": "people", "attrition": "share",
         "tickets": "tickets", "tickets_open": "tickets",
         "first_response_median_hours": "hours", "first_response_p90_hours": "hours",
         "first_response_within_target": "share", "resolution_median_hours": "hours",
         "resolution_p90_hours": "hours", "resolution_within_target": "share",
         "messages_per_ticket": "messages per ticket",
         **{k: u for name, unit in (("csat", "share"), ("nps", "points"),
                                    ("ces", "score 1-7"), ("enps", "points"))
            for k, u in ((name, unit), (f"{name}_margin", unit),
                         (f"{name}_responses", "responses"))}}

# The scorecard's seven families, from the most tactical to the most strategic; a KPI's
# family is the first whose prefixes its name starts with.
FAMILIES = (
    ("Forecast accuracy", ("forecast_", "season_index")),
    ("Schedule fit and adherence", ("schedule_fit", "understaffed_", "overstaffed_",
                                    "planned_service_level", "paid_hours",
                                    "paid_leave_hours", "occupancy",
                                    "adherence", "conformance")),
    ("Service level and response", ("offered", "answered", "abandon", "service_level",
                                    "asa", "aht", "tickets", "first_response_",
                                    "resolution_")),
    ("Quality and first-contact resolution", ("fcr_", "repeat_contacts_",
                                              "messages_per_ticket")),
    ("Employee satisfaction", ("enps", "headcount", "attrition")),
    ("Customer satisfaction and loyalty", ("csat", "nps", "ces")),
    ("Strategic value", ("cost", "contacts_per_driver_unit")),
)


ACRONYMS = {"asa": "ASA", "aht": "AHT", "fcr": "FCR", "csat": "CSAT", "nps": "NPS",
            "ces": "CES", "enps": "eNPS", "wape": "WAPE", "p90": "90th percentile"}


def kpi_label(kpi: str) -> str:
    """A KPI's name in words for the page: `first_response_p90_hours` -> "First response
    90th percentile hours", `fcr_24h` -> "FCR 24h"."""
    first, *rest = kpi.split("_")
    head = ACRONYMS.get(first, first.capitalize())
    return " ".join([head, *(ACRONYMS.get(w, w) for w in rest)])


def family_of(kpi: str) -> str:
    """The scorecard family a KPI belongs to (see FAMILIES)."""
    for name, prefixes in FAMILIES:
        if kpi.startswith(prefixes):
            return name
    raise KeyError(kpi)


def kpi_units(cfg: Config) -> dict[str, str]:
    """Every KPI the report may give, in the report's order, with its unit: first-contact
    resolution and repeat contacts per [report] fcr_hours window after the handle time."""
    out: dict[str, str] = {}
    for kpi, unit in UNITS.items():
        out[kpi] = unit
        if kpi == "aht":
            for hours in cfg.report["fcr_hours"]:
                out[f"fcr_{window_label(hours)}"] = "share"
            for hours in cfg.report["fcr_hours"]:
                out[f"repeat_contacts_{window_label(hours)}"] = "share"
    return out


def _reported(cfg: Config) -> dict[str, str]:
    """The service figures as combined from a history's own daily figures."""
    h = cfg.history
    return {
        "answered": f"the sum of the history's answered counts ([history] answered_count: "
                    f"{h['answered_count']})",
        "abandoned": f"the sum of the history's abandoned counts ([history] abandoned_count: "
                     f"{h['abandoned_count']}), as the source counts abandons",
        "service_level": f"the history's own service level ([history] service_level: "
                         f"{h['service_level']}) per day, weighted by the offered volume "
                         "(the source's answer-time threshold)",
        "asa": f"the history's own ASA ([history] asa_seconds: {h['asa_seconds']}) per day, "
               "weighted by the answered calls",
        "abandonment": "abandoned ÷ offered, over the days with an abandoned count",
        "aht": f"the history's own handle time ([history] aht_seconds: {h['aht_seconds']}) "
               "per day, weighted by the answered calls",
    }


def window_label(hours: int) -> str:
    """A window's name in KPI names: 24 -> "24h", 168 -> "7d"."""
    return f"{hours // 24}d" if hours % 24 == 0 and hours > 24 else f"{hours}h"


def definitions(cfg: Config, short_abandon: float, form: str,
                outcomes_known: bool = True, by_volume: bool = False,
                reported: bool = False) -> dict[str, str]:
    """Each KPI's definition in words, with the config's own thresholds and names, so the
    report prints exactly what was computed; `reported` when the service figures come from
    the centre's own daily figures in a counts history."""
    h = cfg.history
    ignored = ", ".join(h["ignore"]) or "none"
    no_agent = ", ".join(h["no_agent"]) or "none"
    answered, abandoned = (", ".join(h[k]) for k in ("answered", "abandoned"))
    short = (f"; abandons that waited under {short_abandon:g} s are left out of every figure"
             if short_abandon > 0 else "")
    return {
        "offered": (f"answered + abandoned contacts; outcomes in [history] ignore "
                    f"({ignored}) are left out{short}" if form == "contacts" and outcomes_known
                    else "every contact record (the history has no outcome column)"
                    if form == "contacts" else
                    f"the volume of the history's {form.removesuffix('s')} counts (every "
                    "contact the file counts)"),
        "answered": f"contacts whose outcome is in [history] answered ({answered})",
        "abandoned": f"contacts whose outcome is in [history] abandoned ({abandoned})",
        "service_level": f"contacts answered with a wait <= {cfg.service['answer_seconds']:g} s "
                         "(a contact answered without queueing waits 0 s) ÷ offered",
        "asa": "average speed of answer: mean wait (queue time) of answered contacts",
        "abandonment": "abandoned ÷ offered",
        "aht": "average handle time: mean handle (service) time of answered contacts served "
               f"by a named agent (agents in [history] no_agent: {no_agent} are left out)",
        "forecast_wape": "Σ|forecast − actual| ÷ Σ actual over the days (or intervals) that "
                         "both the forecast and the history cover",
        "forecast_bias": "(Σ forecast − Σ actual) ÷ Σ actual; above 0 = forecast too high",
        "schedule_fit": "share of open intervals in the coverage file with scheduled >= required",
        "understaffed_hours": "Σ (required − scheduled) over short intervals × interval hours",
        "overstaffed_hours": "Σ (scheduled − required) over intervals with extra staff × "
                             "interval hours",
        "planned_service_level": (
            "the coverage file's service level per interval, weighted by the forecast "
            "volume (--forecast's intervals): roster_summary.csv's service_level"
            if by_volume else "the coverage file's service level per interval, weighted "
            "by the required staff (give --forecast forecast_intervals.csv to weigh by "
            "volume, as roster_summary.csv's service_level does)"),
        "paid_hours": "paid minutes of the roster's WORK and OVERHAUL rows ÷ 60: the hours "
                      "paid for work, as roster_summary.csv counts them (paid leave apart)",
        "paid_leave_hours": "paid minutes of the roster's LEAVE rows ÷ 60",
        "occupancy": "handle time of agent-served contacts ÷ rostered time on the phones (WORK "
                     "less BREAK, LUNCH and SPLIT), over the roster days the history covers",
        "cost": "paid hours × the contract's cost_per_hour, per employee, plus [season] "
                "overtime_premium on each week's paid hours above the contract's maximum "
                "(as roster_summary.csv; paid leave not included)",
        "cost_per_contact": "roster cost ÷ offered contacts, over the roster days the history "
                            "covers",
        "season_index": "the month's mean daily volume ÷ the mean over all months of history; "
                        f"busy above 1 + {cfg.forecast['season_band']:g}, quiet below "
                        f"1 − {cfg.forecast['season_band']:g}",
        "contacts_per_driver_unit": "offered contacts ÷ the driver's total, over full months "
                                    "both cover",
        "contacts_per_driver_unit_trend": "least-squares slope of the monthly ratio",
        "cost_per_driver_unit": "roster cost ÷ the driver's total, months the roster covers",
        "cost_per_driver_unit_trend": "least-squares slope of the monthly ratio",
        **(_reported(cfg) if reported else {}),
        **{f"fcr_{window_label(h)}": (
            f"first-contact resolution: of the answered contacts from known customers "
            f"([history] customer, ids in no_customer left out), the share with no further "
            f"contact from the same customer starting within {h} h; contacts whose {h} h "
            "end after the last record are left out") for h in cfg.report["fcr_hours"]},
        "adherence": ("schedule adherence: of the minutes the roster schedules (on the phones "
                      "or on a break, lunch or split), the share in which the activity log "
                      "shows the same: a phone state ([report] phone_states) when on the "
                      "phones, a break state or logged out when on a break; minutes within "
                      f"{cfg.report['adherence_grace_minutes']} min of a change in the "
                      "schedule forgiven"),
        "conformance": ("minutes logged in a working state (any state but [report] "
                        "break_states) ÷ minutes scheduled on the phones, over the period"),
        "headcount": "people employed on the average day of the period (employees file "
                     "start_date and end_date)",
        "attrition": "people whose last day (end_date) falls in the period ÷ headcount; for "
                     "the period, not annualised",
        "tickets": "tickets (e-mail, chat, web forms) created in the period",
        "tickets_open": "of those, the tickets with no resolution by the file's last time",
        "first_response_median_hours": "median hours from a ticket's creation to the first "
                                       "reply, over the period's tickets replied to",
        "first_response_p90_hours": "90th percentile of the hours to the first reply",
        "first_response_within_target": (
            f"share of tickets replied to within {cfg.service['response_hours']:g} h "
            "([service] response_hours); a ticket still unanswered past that by the file's "
            "last time counts as late, one still inside it is left out"),
        "resolution_median_hours": "median hours from creation to resolution, over the "
                                   "period's resolved tickets",
        "resolution_p90_hours": "90th percentile of the hours to resolution",
        "resolution_within_target": (
            f"share of tickets resolved within {cfg.report['resolution_hours']:g} h "
            "([report] resolution_hours), counted as for the first reply"),
        "messages_per_ticket": "mean messages exchanged (both ways) per resolved ticket",
        "csat": "customer satisfaction: share of csat responses scoring 4 or 5 (of 1-5)",
        "nps": "net promoter score: % of nps responses scoring 9-10 less % scoring 0-6 "
               "(of 0-10), in points from -100 to 100",
        "ces": "customer effort score: mean of the ces responses (1-7, 7 = very easy)",
        "enps": "employee net promoter score: as nps, over the enps responses of staff",
        **{f"{k}_margin": (f"half-width of the 95% interval of {k} ({how})") for k, how in (
            ("csat", "normal approximation to the share"),
            ("nps", "normal approximation, each reply scoring +1, 0 or -1"),
            ("ces", "Student's t on the mean"),
            ("enps", "normal approximation, each reply scoring +1, 0 or -1"))},
        **{f"{k}_responses": f"{k} survey responses in the period"
           for k in ("csat", "nps", "ces", "enps")},
        **{f"repeat_contacts_{window_label(h)}": (
            f"of the contacts from known customers, the share starting within {h} h after "
            "an earlier contact from the same customer (contacts in the first "
            f"{h} h of the records left out)") for h in cfg.report["fcr_hours"]},
    }
