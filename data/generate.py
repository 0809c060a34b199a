"""Generate the bundled sample data for wfm: a fictional contact centre.

"Northwind Support" is an invented US contact centre in Chicago, open Monday to
Saturday. This script writes, deterministically from a seed:

    config.toml       the centre's configuration (DESIGN.md format)
    special_days.csv  one-off events the forecast should know about (`date,label`)
    history.csv       three years of 30-minute interval counts with handle times
    employees.csv     86 agents (80 drawn, full- and part-time; 6 part-time autumn hires)
    time_off.csv      approved and requested time off (December 2026, 2027)
    overhauls.csv     planned 2027 training and equipment jobs
    surveys.csv       six months of customer and staff survey replies
    tickets.csv       six months of e-mail tickets
    orders.csv        orders a month, the business driver of the contacts

and, on demand, an agents' activity log for a roster `wfm roster` wrote::

    python data/generate.py --activity-from OUT/roster_long.csv --out OUT

Usage::

    python data/generate.py [--out DIR] [--seed N]

The same seed always gives byte-identical files. Only numpy, pandas, `holidays`
and the standard library are used. All names and numbers are synthetic.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import holidays
import numpy as np
import pandas as pd

DEFAULT_SEED = 20261123
DEFAULT_OUT = Path(__file__).resolve().parent

# ---------------------------------------------------------------- calendar ---
HISTORY_START = dt.date(2023, 12, 1)
HISTORY_END = dt.date(2026, 11, 30)  # inclusive
INTERVAL_MINUTES = 30
COUNTRY = "US"
# Opening hours by weekday (Mon=0 ... Sun=6), as hours from midnight; Sunday closed.
OPEN_HOURS: dict[int, tuple[float, float]] = {
    0: (8.0, 20.0),
    1: (8.0, 20.0),
    2: (8.0, 20.0),
    3: (8.0, 20.0),
    4: (8.0, 20.0),
    5: (9.0, 17.0),
}
# Public holidays (names as the `holidays` package spells them, "(observed)"
# stripped) on which the centre is closed; the ACD still reports zero volume.
CLOSED_HOLIDAYS = frozenset(
    {
        "New Year's Day",
        "Memorial Day",
        "Independence Day",
        "Labor Day",
        "Thanksgiving Day",
        "Christmas Day",
    }
)
# Public holidays on which the centre opens with reduced demand (share of a
# normal day of the same weekday).
OPEN_HOLIDAY_FACTORS: dict[str, float] = {
    "Martin Luther King Jr. Day": 0.65,
    "Washington's Birthday": 0.63,
    "Juneteenth National Independence Day": 0.70,
    "Columbus Day": 0.68,
    "Veterans Day": 0.62,
}
DAY_AFTER_THANKSGIVING_FACTOR = 0.75
CHRISTMAS_EVE_FACTOR = 0.50  # 24 December, when it is an open day
NEW_YEARS_EVE_FACTOR = 0.50  # 31 December, when it is an open day

# ------------------------------------------------------------ daily volume ---
# Calls on a normal (deseasonalised, non-holiday) Monday at LEVEL_DATE. Sized so
# that 80 agents can cover December 2026 at 80/20 with 25% shrinkage (see README).
LEVEL_MONDAY = 2000.0
LEVEL_DATE = HISTORY_START
GROWTH_PER_YEAR = 0.06  # smooth exponential trend
# Relative weekday demand, Mon..Sat (Wednesday = 1).
WEEKDAY_FACTORS = (1.15, 1.05, 1.00, 0.98, 0.92, 0.45)
# Yearly seasonality: exp(A1 cos(w (d - P1)) + A2 cos(2 w (d - P2))), with d the
# day of the year and w = 2 pi / 365.25. Peak about +19% in early December,
# trough about -14% in late July.
SEASON_A1, SEASON_P1 = 0.25, -8.0
SEASON_A2, SEASON_P2 = 0.04, -40.0
# Intraday weights Mon..Fri: (base tapering to the close, 10:45 peak, 14:30 hump).
INTRADAY_WEEKDAY_SHAPE = (
    (1.05, 1.02, 0.68),
    (1.05, 0.92, 0.71),
    (1.05, 0.92, 0.71),
    (1.05, 0.90, 0.70),
    (0.95, 0.90, 0.64),
)
DAY_NOISE_SIGMA = 0.06  # lognormal day-level noise
NB_SHAPE = 150.0  # interval counts: Poisson-gamma, variance = mu + mu^2 / NB_SHAPE
# One-off events: date -> (label, multiplier of that day's expected volume).
EVENTS: dict[dt.date, tuple[str, float]] = {
    dt.date(2024, 3, 12): ("Billing outage (day 1)", 1.80),
    dt.date(2024, 3, 13): ("Billing outage (day 2)", 1.40),
    dt.date(2024, 9, 17): ("Product launch: Northwind Home bundle", 1.55),
    dt.date(2024, 9, 18): ("Product launch: Northwind Home bundle (day 2)", 1.35),
    dt.date(2024, 9, 19): ("Product launch: Northwind Home bundle (day 3)", 1.30),
    dt.date(2025, 5, 6): ("Mobile app login outage", 1.65),
    dt.date(2026, 2, 10): ("Annual statement mailing", 1.45),
    dt.date(2026, 2, 11): ("Annual statement mailing (day 2)", 1.30),
}
# Future special days (after the history): known to the forecast, no effect here.
FUTURE_EVENTS: dict[dt.date, str] = {
    dt.date(2026, 12, 3): "Price change letters arrive",
    dt.date(2026, 12, 29): "New prices take effect",
}

# ----------------------------------------------------------- handle times ---
AHT_BASE_SECONDS = 300.0  # at AHT_DATE, mid-week, before the time-of-day factor
AHT_DATE = dt.date(2025, 6, 1)  # middle of the history
AHT_DRIFT_PER_YEAR = -0.02
AHT_MORNING_EXTRA = 0.06  # +6% at opening, fading with a 2-hour time constant
AHT_DAY_OFFSET = -0.01  # all-day offset, so late afternoons run 1% under the base
AHT_WEEKDAY_FACTORS = (1.03, 1.00, 1.00, 1.00, 0.99, 0.98)  # Mon..Sat
AHT_INTERVAL_SIGMA = 0.03  # lognormal noise on the interval's expected AHT
AHT_CALL_CV = 0.9  # coefficient of variation of single calls' handle times

# -------------------------------------------------------------- employees ---
N_EMPLOYEES = 80  # the drawn team; AUTUMN_HIRES below join it
PART_TIME_REMAINDERS = (1, 3, 5, 7)  # E<n> is part-time when n % 9 is one of these
DECEMBER_STARTERS: dict[str, dt.date] = {
    "E079": dt.date(2026, 12, 7),
    "E080": dt.date(2026, 12, 14),
}
DECEMBER_LEAVERS: dict[str, dt.date] = {"E041": dt.date(2026, 12, 16)}
# Part-timers hired for the year-end peak (E081 on): with days off in pairs, the
# roster's default, the 80 cannot cover December's Mondays and its Saturdays at once
# (each full-timer on a Saturday needs the Monday off or a four-day week). Fixed, not
# drawn: phone only (not yet trained on chat), a part-timer's middle leave allowance.
AUTUMN_HIRES = 6
AUTUMN_HIRE_START = dt.date(2026, 10, 5)
CHAT_SKILL_SHARE = 0.3
LEAVE_DAYS = {"full-time": (20, 25), "part-time": (10, 12)}  # per year, inclusive range
# fmt: off
FIRST_NAMES = (
    "Amara", "Ben", "Carmen", "Dmitri", "Elena", "Farah", "Gabriel", "Hana",
    "Ibrahim", "Jade", "Kofi", "Lucia", "Mateo", "Nadia", "Oscar", "Priya",
    "Quinn", "Rosa", "Samir", "Tessa", "Umar", "Valeria", "Wei", "Ximena",
    "Yusuf", "Zoe", "Aiden", "Beatriz", "Chidi", "Daniela", "Emeka", "Fiona",
    "Gustavo", "Haruto", "Ingrid", "Jamal", "Keiko", "Leon", "Maya", "Nikhil",
    "Olivia", "Pablo", "Rania", "Sofia", "Tomas", "Uma", "Victor", "Wanda",
    "Xavier", "Yara", "Zain", "Aisha", "Bruno", "Camille", "Diego", "Esther",
    "Felix", "Grace", "Hector", "Isla", "Jonah", "Kira", "Luis", "Marisol",
    "Noah", "Oksana", "Pedro", "Rhea", "Stefan", "Tanvir", "Ursula", "Vikram",
    "Wren", "Yasmin", "Zeke", "Anika", "Caleb", "Delia", "Eitan", "Gloria",
    "Hugo", "Irene", "Jorge", "Kamala", "Lena", "Marco", "Nia", "Omar",
)
LAST_NAMES = (
    "Abernathy", "Baptiste", "Castellano", "Dvorak", "Eriksen", "Fonseca",
    "Gallagher", "Haddad", "Ivanova", "Jankowski", "Kowalczyk", "Lindqvist",
    "Mbeki", "Nakamura", "Okafor", "Petrakis", "Quintero", "Rasmussen",
    "Szabo", "Takahashi", "Uribe", "Varga", "Whitfield", "Xu", "Yilmaz",
    "Zamora", "Albright", "Brennan", "Chaudhry", "Delacroix", "Esposito",
    "Fairbanks", "Grunewald", "Holloway", "Iqbal", "Jovanovic", "Kaplan",
    "Lozano", "Moreau", "Nguyen", "Oyelaran", "Pereira", "Rourke", "Sandoval",
    "Thorsen", "Underwood", "Velasquez", "Wojcik", "Yamamoto", "Zielinski",
    "Achebe", "Bergström", "Cardenas", "Dalton", "Ekwueme", "Ferreira",
    "Goldberg", "Horvat", "Ishikawa", "Jensen", "Kuznetsov", "Laurent",
    "Mendoza", "Novak", "Olsen", "Park", "Reyes", "Sorensen", "Tanaka",
    "Ulloa", "Vance", "Weiss", "Yoon", "Zapata", "Acosta", "Banerjee",
    "Coleman", "Duarte", "Engel", "Fitzgerald", "Guerrero", "Hollis",
)
# fmt: on

# --------------------------------------------------- time off and overhauls ---
TIME_OFF: tuple[tuple[str, str, str, str], ...] = (
    # employee_id, start_date, end_date, kind
    ("E013", "2026-12-03", "2026-12-03", "approved"),
    ("E058", "2026-12-04", "2026-12-04", "requested"),
    ("E018", "2026-12-07", "2026-12-11", "approved"),
    ("E070", "2026-12-11", "2026-12-11", "requested"),
    ("E027", "2026-12-14", "2026-12-18", "approved"),
    ("E061", "2026-12-19", "2026-12-19", "requested"),
    ("E004", "2026-12-21", "2026-12-24", "approved"),
    ("E052", "2026-12-22", "2026-12-24", "approved"),
    ("E002", "2026-12-24", "2026-12-24", "requested"),
    ("E015", "2026-12-24", "2026-12-24", "requested"),
    ("E075", "2026-12-24", "2026-12-24", "requested"),
    ("E033", "2026-12-26", "2026-12-26", "requested"),
    ("E010", "2026-12-28", "2026-12-31", "approved"),
    ("E066", "2026-12-28", "2027-01-02", "approved"),
    ("E036", "2026-12-31", "2026-12-31", "requested"),
    ("E045", "2026-12-31", "2026-12-31", "requested"),
    ("E007", "2027-03-15", "2027-03-19", "approved"),
    ("E063", "2027-06-21", "2027-06-25", "requested"),
    ("E022", "2027-07-05", "2027-07-16", "approved"),
    ("E049", "2027-08-09", "2027-08-13", "requested"),
)
OVERHAULS: tuple[tuple[str, str, str, str, str, str], ...] = (
    # job_id, staff_days, staff_needed, duration_days, earliest, latest
    ("crm-upgrade-training", "160", "", "", "2027-02-01", "2027-04-30"),
    ("headset-replacement", "20", "", "", "2027-03-01", "2027-03-31"),
    ("knowledge-base-rewrite", "", "3", "10", "2027-05-03", "2027-07-30"),
    ("telephony-platform-training", "", "12", "5", "2027-06-01", "2027-08-31"),
    ("fire-safety-refresher", "80", "", "", "2027-06-01", "2027-09-30"),
)

CONFIG_TOML = """\
# Northwind Support -- sample configuration for wfm.
# A fictional consumer-services contact centre in Chicago. Written by
# data/generate.py; edit the generator, not this file, to change it.

[centre]
name = "Northwind Support"
timezone = "America/Chicago"
country = "US"                    # US public holidays from the `holidays` package
open_days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]   # Sunday is closed
week_start = "Mon"                # weekly hours and reports run Monday to Sunday
interval_minutes = 30

[centre.hours]                    # hours the phones are staffed
default = ["08:00", "20:00"]      # Monday to Friday
Sat = ["09:00", "17:00"]

[service]
goal = 0.80                       # 80% of calls answered ...
answer_seconds = 20               # ... within 20 seconds
max_occupancy = 0.85              # never plan agents busier than 85%
shrinkage = 0.25                  # sickness, coaching, meetings beyond rostered breaks
patience_seconds = 180            # mean caller patience (Erlang A, simulation)
staffing_model = "erlang_c"
aht_seconds = 300                 # fallback when a history has no handle times

[forecast]
special_days = "special_days.csv" # one-off events (date,label), relative to this file
season_band = 0.08                # +/- 8% around the yearly mean: busy / quiet seasons

# ---------------------------------------------------------------- shifts ---
# start = earliest and latest start; hours = length including breaks.
# Break windows are hours from the shift start. Every shift ends by 20:30
# (weekday closing + 30 min). Saturdays open 09:00-17:00: "sat" is the
# Saturday shift ("early" from 09:00 and "short" from 09:00-13:00 also fit).

[[shift]]
name = "early"                    # 08:00-16:30 ... 09:00-17:30
start = ["08:00", "09:00"]
hours = 8.5
breaks = [
  { minutes = 15, within = [1.5, 3.0], activity = "BREAK" },
  { minutes = 30, within = [3.5, 5.0], activity = "LUNCH", paid = false },
]

[[shift]]
name = "day"                      # 10:00-18:30 ... 11:30-20:00
start = ["10:00", "11:30"]
hours = 8.5
breaks = [
  { minutes = 15, within = [1.5, 3.0], activity = "BREAK" },
  { minutes = 30, within = [3.5, 5.0], activity = "LUNCH", paid = false },
]

[[shift]]
name = "late"                     # 11:30-20:00 ... 12:00-20:30
start = ["11:30", "12:00"]
hours = 8.5
breaks = [
  { minutes = 15, within = [1.5, 3.0], activity = "BREAK" },
  { minutes = 30, within = [3.5, 5.0], activity = "LUNCH", paid = false },
]

[[shift]]
name = "short"                    # part-time: 08:00-12:30 ... 16:00-20:30
start = ["08:00", "16:00"]
hours = 4.5
breaks = [
  { minutes = 15, within = [1.5, 3.0], activity = "BREAK" },
]

[[shift]]
name = "sat"                      # Saturday: 09:00-17:00
days = ["Sat"]                    # worked on Saturdays only
start = ["09:00", "09:00"]
hours = 8.0
breaks = [
  { minutes = 15, within = [1.5, 3.0], activity = "BREAK" },
  { minutes = 30, within = [3.5, 5.0], activity = "LUNCH", paid = false },
]

# ------------------------------------------------------------- contracts ---
# hours_per_week are paid hours (unpaid lunches excluded), min and max.

[[contract]]
name = "full-time"                # 4 or 5 shifts of 8 paid hours
hours_per_week = [32, 40]
max_consecutive_days = 5
min_rest_hours = 11
shifts = ["early", "day", "late", "sat"]
cost_per_hour = 24.0

[[contract]]
name = "part-time"                # 4 or 5 short shifts of 4.5 paid hours
hours_per_week = [16, 24]
max_consecutive_days = 5
min_rest_hours = 11
shifts = ["short"]
cost_per_hour = 19.0

[leave]
min_block_days = 5                # leave is planned in blocks of 5+ days
max_away_share = 0.20             # at most a fifth of the staff away at once
blackout = ["2027-11-22..2027-12-31"]   # no planned leave in the year-end peak

[season]
hire_contract = "part-time"       # busy weeks the team cannot cover: hire part-timers
hire_lead_weeks = 6               # recruiting and training take six weeks
hire_min_weeks = 8                # and a hire stays at least eight weeks

# ----------------------------------------------------------------- goals ---
# Judged by `wfm report` over its period (e.g. --month 2026-11 with --surveys).

[[goal]]
name = "CSAT from 78% to 85% by June 2027"
kpi = "csat"
target = 0.85
direction = "at_least"
baseline = 0.78
start = 2026-06-01
due = 2027-06-30

[[goal]]
name = "NPS from 31 to 40 by June 2027"
kpi = "nps"
target = 40
direction = "at_least"
baseline = 31
start = 2026-06-01
due = 2027-06-30

[[goal]]
name = "97% of e-mails answered within 24 h by March 2027"
kpi = "first_response_within_target"
target = 0.97
direction = "at_least"
baseline = 0.88
start = 2026-06-01
due = 2027-03-31

[[goal]]
name = "Handle time under 5 minutes"
kpi = "aht"
target = 300
direction = "at_most"
due = 2026-12-31
"""


# ---------------------------------------------------------------- helpers ---
def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Write a UTF-8 CSV with `\\n` line endings from already formatted fields.

    Fields are written as they are, so none may need quoting.
    """
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write(",".join(header) + "\n")
        for row in rows:
            if any(c in field for field in row for c in ',"\n'):
                raise ValueError(f"{path.name}: field needs quoting in {row!r}")
            f.write(",".join(row) + "\n")


def years_since(dates: pd.DatetimeIndex, anchor: dt.date) -> np.ndarray:
    """Fractional years (365.25 days) from `anchor` to each date."""
    return (dates - pd.Timestamp(anchor)).days.to_numpy() / 365.25


def season_factor(dates: pd.DatetimeIndex) -> np.ndarray:
    """Multiplicative yearly seasonality (two Fourier terms) for each date."""
    w = 2.0 * math.pi / 365.25
    d = dates.day_of_year.to_numpy().astype(float)
    return np.exp(
        SEASON_A1 * np.cos(w * (d - SEASON_P1)) + SEASON_A2 * np.cos(2.0 * w * (d - SEASON_P2))
    )


def holiday_names(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """US public holidays between start and end, with "(observed)" stripped."""
    years = range(start.year, end.year + 1)
    cal = holidays.country_holidays(COUNTRY, years=years, language="en_US")
    return {
        day: name.replace(" (observed)", "")
        for day, name in sorted(cal.items())
        if start <= day <= end
    }


def calendar_factor(day: dt.date, holiday: str | None) -> float:
    """Demand multiplier from holidays and holiday eves; 0.0 means closed."""
    if holiday in CLOSED_HOLIDAYS:
        return 0.0
    if holiday in OPEN_HOLIDAY_FACTORS:
        return OPEN_HOLIDAY_FACTORS[holiday]
    if (day.month, day.day) == (12, 24):
        return CHRISTMAS_EVE_FACTOR
    if (day.month, day.day) == (12, 31):
        return NEW_YEARS_EVE_FACTOR
    thanksgiving = day - dt.timedelta(days=1)
    if thanksgiving.month == 11 and thanksgiving.weekday() == 3 and 22 <= thanksgiving.day <= 28:
        return DAY_AFTER_THANKSGIVING_FACTOR
    return 1.0


# ------------------------------------------------------------------ history ---
def daily_frame(rng: np.random.Generator) -> pd.DataFrame:
    """One row per open day: expected and realised-mean volume before the split.

    Columns: `date`, `weekday`, `factor` (calendar/event multiplier, 0 = closed),
    `mean` (expected calls incl. day-level noise).
    """
    dates = pd.date_range(HISTORY_START, HISTORY_END, freq="D")
    dates = dates[dates.day_of_week.isin(list(OPEN_HOURS))]
    names = holiday_names(HISTORY_START, HISTORY_END)
    weekday = dates.day_of_week.to_numpy()
    level_wed = LEVEL_MONDAY / WEEKDAY_FACTORS[0]
    trend = level_wed * (1.0 + GROWTH_PER_YEAR) ** years_since(dates, LEVEL_DATE)
    factor = np.array(
        [
            calendar_factor(d.date(), names.get(d.date())) * EVENTS.get(d.date(), ("", 1.0))[1]
            for d in dates
        ]
    )
    noise = rng.lognormal(-0.5 * DAY_NOISE_SIGMA**2, DAY_NOISE_SIGMA, size=len(dates))
    mean = trend * np.asarray(WEEKDAY_FACTORS)[weekday] * season_factor(dates) * factor * noise
    return pd.DataFrame({"date": dates, "weekday": weekday, "factor": factor, "mean": mean})


def bump(x: np.ndarray, centre: float, width: float) -> np.ndarray:
    """Gaussian bump of height 1 at `centre` (hours) with std `width` (hours)."""
    return np.exp(-0.5 * ((x - centre) / width) ** 2)


def intraday_shares(weekday: int) -> tuple[np.ndarray, np.ndarray]:
    """Interval start hours and volume shares (summing to 1) for a weekday.

    Weekdays: ramp from 08:00, main peak around 10:00-11:30, lunch dip, a
    smaller hump 13:30-15:30 and a decline to the 20:00 close; Mondays are more
    morning-heavy, Fridays fade earlier. Saturday is flatter.
    """
    open_h, close_h = OPEN_HOURS[weekday]
    step = INTERVAL_MINUTES / 60.0
    starts = np.arange(open_h, close_h, step)
    x = starts + step / 2.0  # interval midpoints
    ramp = 1.0 / (1.0 + np.exp(-(x - open_h - 0.15) / 0.25))
    tail = np.clip((close_h - x) / (close_h - open_h), 0.0, 1.0) ** 0.4
    if weekday == 5:
        shape = 0.9 * tail + 0.75 * bump(x, 11.5, 1.5) + 0.35 * bump(x, 14.25, 1.2)
    else:
        base, morning, afternoon = INTRADAY_WEEKDAY_SHAPE[weekday]
        shape = base * tail + morning * bump(x, 10.75, 1.05) + afternoon * bump(x, 14.5, 1.3)
    weights = ramp * shape
    return starts, weights / weights.sum()


def aht_time_factor(start_hours: np.ndarray, open_hour: float) -> np.ndarray:
    """AHT multiplier by time of day: longer calls just after opening."""
    mid = start_hours + INTERVAL_MINUTES / 120.0
    return 1.0 + AHT_MORNING_EXTRA * np.exp(-(mid - open_hour) / 2.0) + AHT_DAY_OFFSET


def interval_frame(days: pd.DataFrame) -> pd.DataFrame:
    """Expand open days to intervals with expected volume and expected AHT."""
    parts = []
    for weekday, group in days.groupby("weekday", sort=True):
        starts, shares = intraday_shares(int(weekday))
        n_days, n_slots = len(group), len(starts)
        open_hour = OPEN_HOURS[int(weekday)][0]
        date_years = years_since(pd.DatetimeIndex(group["date"]), AHT_DATE)
        day_aht = AHT_BASE_SECONDS * (1.0 + AHT_DRIFT_PER_YEAR) ** date_years
        day_aht = day_aht * AHT_WEEKDAY_FACTORS[int(weekday)]
        parts.append(
            pd.DataFrame(
                {
                    "date": np.repeat(group["date"].to_numpy(), n_slots),
                    "hour": np.tile(starts, n_days),
                    "mu": np.outer(group["mean"].to_numpy(), shares).ravel(),
                    "aht_mu": np.outer(day_aht, aht_time_factor(starts, open_hour)).ravel(),
                    "closed": np.repeat(group["factor"].to_numpy() == 0.0, n_slots),
                }
            )
        )
    frame = pd.concat(parts, ignore_index=True).sort_values(["date", "hour"], kind="stable")
    return frame.reset_index(drop=True)


def draw_history(frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Draw interval volumes (Poisson-gamma) and the mean handle time of their calls.

    The mean of n calls with handle-time CV `AHT_CALL_CV` is drawn as
    Gamma(n k, mu / (n k)) with k = 1 / CV^2, around an interval mean with
    lognormal noise.
    """
    mu = frame["mu"].to_numpy()
    open_mask = ~frame["closed"].to_numpy()
    volume = np.zeros(len(frame), dtype=np.int64)
    lam = mu[open_mask] * rng.gamma(NB_SHAPE, 1.0 / NB_SHAPE, size=int(open_mask.sum()))
    volume[open_mask] = rng.poisson(lam)
    aht = np.full(len(frame), np.nan)
    has_calls = volume > 0
    n = volume[has_calls].astype(float)
    k = 1.0 / AHT_CALL_CV**2
    interval_mu = frame["aht_mu"].to_numpy()[has_calls] * rng.lognormal(
        -0.5 * AHT_INTERVAL_SIGMA**2, AHT_INTERVAL_SIGMA, size=len(n)
    )
    aht[has_calls] = rng.gamma(n * k, interval_mu / (n * k))
    stamps = frame["date"] + pd.to_timedelta(frame["hour"], unit="h")
    return pd.DataFrame({"interval_start": stamps, "volume": volume, "aht_seconds": aht})


# --------------------------------------------------------------- surveys ---
SURVEY_START = dt.date(2026, 6, 1)  # the last six months of the history are surveyed
# Replies per call (after-call surveys): CSAT 1%, customer effort and NPS 0.5% each.
SURVEY_RATES = {"csat": 0.010, "ces": 0.005, "nps": 0.005}
# CSAT 1-5 drifts from 78% to 83% scoring 4-5 over the six months (a team improving).
CSAT_FIRST = (0.07, 0.05, 0.10, 0.30, 0.48)
CSAT_LAST = (0.05, 0.04, 0.08, 0.31, 0.52)
# NPS 0-10: detractors (0-6) 22% -> 18%, passives (7-8) 25%, promoters (9-10) 53% -> 57%,
# NPS about 31 -> 39. Within a group, scores weighted as below.
NPS_DETRACTORS = (0.22, 0.18)
NPS_PASSIVES = 0.25
DETRACTOR_WEIGHTS = (1, 1, 1, 2, 2, 3, 4)  # 0..6: most detractors give 5 or 6
PROMOTER_WEIGHTS = (0.45, 0.55)  # 9, 10
CES_PROBS = (0.03, 0.05, 0.08, 0.14, 0.25, 0.27, 0.18)  # 1-7 (7 = very easy): mean ~5.1
# Staff survey (eNPS) at each quarter's end: 70% of the 80 staff reply; 35% promoters,
# 30% detractors, eNPS about +5.
STAFF_SURVEY_DAYS = (dt.date(2026, 6, 30), dt.date(2026, 9, 30))
STAFF_REPLY_RATE = 0.70
ENPS_SHARES = (0.30, 0.35, 0.35)  # detractors, passives, promoters


def _nps_probs(detractors: float) -> np.ndarray:
    """Probabilities of the eleven NPS scores for a share of detractors."""
    promoters = 1.0 - detractors - NPS_PASSIVES
    det = np.array(DETRACTOR_WEIGHTS, float) / sum(DETRACTOR_WEIGHTS) * detractors
    pro = np.array(PROMOTER_WEIGHTS) * promoters
    return np.concatenate([det, [NPS_PASSIVES / 2, NPS_PASSIVES / 2], pro])


def survey_rows(history: pd.DataFrame, rng: np.random.Generator) -> list[tuple[str, str, str]]:
    """After-call survey replies (CSAT, customer effort, NPS) drawn from each day's calls
    since SURVEY_START, and the staff's eNPS replies; `date, survey, score` by date."""
    daily = history.groupby(history["interval_start"].dt.date)["volume"].sum()
    daily = daily[daily.index >= SURVEY_START]
    span = max((HISTORY_END - SURVEY_START).days, 1)
    rows = []
    for day, calls in daily.items():
        done = (day - SURVEY_START).days / span
        probs = {
            "csat": (1 - done) * np.array(CSAT_FIRST) + done * np.array(CSAT_LAST),
            "ces": np.array(CES_PROBS),
            "nps": _nps_probs(NPS_DETRACTORS[0] + done * (NPS_DETRACTORS[1]
                                                          - NPS_DETRACTORS[0])),
        }
        for survey, rate in SURVEY_RATES.items():
            replies = int(rng.binomial(int(calls), rate))
            low = 0 if survey == "nps" else 1
            scores = rng.choice(len(probs[survey]), size=replies, p=probs[survey]) + low
            rows += [(day.isoformat(), survey, str(s)) for s in scores]
        if day in STAFF_SURVEY_DAYS:
            replies = int(rng.binomial(N_EMPLOYEES, STAFF_REPLY_RATE))
            group = rng.choice(3, size=replies, p=ENPS_SHARES)
            scores = np.where(group == 0, rng.integers(0, 7, replies),
                              np.where(group == 1, rng.integers(7, 9, replies),
                                       rng.integers(9, 11, replies)))
            rows += [(day.isoformat(), "enps", str(s)) for s in scores]
    return rows


# --------------------------------------------------------------- tickets ---
# E-mail tickets over the surveyed months: Poisson(18) a day the phones open, created
# uniformly 08:00-20:00. Hours to the first reply are lognormal (sigma 1.0) with a median
# of 7 h in June falling to 4 h in November (about 88% then 97% within 24 h); hours from
# the reply to resolution lognormal, median 20 h, sigma 1.0; messages 2 + Poisson(1.2).
# A reply or resolution after the history's last day is not yet known (left empty).
TICKETS_PER_DAY = 18.0
REPLY_MEDIAN_HOURS = (7.0, 4.0)  # June, November
RESOLVE_MEDIAN_HOURS = 20.0
TICKET_SIGMA = 1.0


def ticket_rows(history: pd.DataFrame, rng: np.random.Generator
                ) -> list[tuple[str, str, str, str]]:
    """`created, first_response, resolved, messages` rows, by creation time."""
    daily = history.groupby(history["interval_start"].dt.date)["volume"].sum()
    days = [d for d, calls in daily.items() if d >= SURVEY_START and calls > 0]
    span = max((HISTORY_END - SURVEY_START).days, 1)
    end = pd.Timestamp(HISTORY_END) + pd.Timedelta(hours=20)
    fmt = "%Y-%m-%dT%H:%M"
    rows = []
    for day in days:
        done = (day - SURVEY_START).days / span
        median = REPLY_MEDIAN_HOURS[0] + done * (REPLY_MEDIAN_HOURS[1] - REPLY_MEDIAN_HOURS[0])
        n = int(rng.poisson(TICKETS_PER_DAY))
        created = sorted(pd.Timestamp(day) + pd.Timedelta(hours=8)
                         + pd.to_timedelta(rng.integers(0, 12 * 60, n), unit="min"))
        reply = rng.lognormal(math.log(median), TICKET_SIGMA, n)
        resolve = rng.lognormal(math.log(RESOLVE_MEDIAN_HOURS), TICKET_SIGMA, n)
        messages = 2 + rng.poisson(1.2, n)
        for c, r, s, m in zip(created, reply, resolve, messages, strict=True):
            first = c + pd.Timedelta(minutes=round(r * 60))
            closed = first + pd.Timedelta(minutes=round(s * 60))
            rows.append((c.strftime(fmt), first.strftime(fmt) if first <= end else "",
                         closed.strftime(fmt) if closed <= end else "",
                         str(m) if closed <= end else ""))
    return rows


# ---------------------------------------------------------------- orders ---
# The business driver: orders a month (a web shop's), for `wfm report --driver`. Contacts
# per order fall from 0.14 to 0.11 over the three years as customers serve themselves
# online (lognormal noise, sigma 0.03), so the report's trend reads "falling".
CONTACTS_PER_ORDER = (0.14, 0.11)
ORDERS_SIGMA = 0.03


def order_rows(history: pd.DataFrame, rng: np.random.Generator) -> list[tuple[str, str]]:
    """`date, value` rows: each month's orders, dated on its first day."""
    monthly = history.groupby(history["interval_start"].dt.to_period("M"))["volume"].sum()
    rows = []
    for i, (month, calls) in enumerate(monthly.items()):
        done = i / max(len(monthly) - 1, 1)
        rate = CONTACTS_PER_ORDER[0] + done * (CONTACTS_PER_ORDER[1] - CONTACTS_PER_ORDER[0])
        orders = calls / rate * rng.lognormal(0.0, ORDERS_SIGMA)
        rows.append((month.start_time.strftime("%Y-%m-%d"), str(round(orders))))
    return rows


# ------------------------------------------------------------ activity log ---
# An agent activity log for a roster (`--activity-from roster_long.csv`): what the
# agents did, drawn around what they were rostered, for `wfm report --activity`. Each
# working day: 5% of people are off sick (no rows); 40% log in late (exponential, mean
# 10 min); 35% log off early (mean 10 min); each break or lunch overruns in half the cases
# (mean 7 min); half the days hold an unplanned OFFLINE stretch (mean 40 min) on the phones.
# Adherence comes out near 90% at the default 2-minute grace.
SICK_SHARE = 0.05
LATE = (0.40, 10.0)      # share of days, mean minutes
EARLY = (0.35, 10.0)
OVERRUN = (0.50, 7.0)
OFFLINE = (0.50, 40.0)


def _minutes_drawn(rng: np.random.Generator, share_mean: tuple[float, float]) -> int:
    share, mean = share_mean
    return round(rng.exponential(mean)) if rng.random() < share else 0


def activity_rows(roster: pd.DataFrame, rng: np.random.Generator
                  ) -> list[tuple[str, str, str, str]]:
    """`employee_id, state, start, end` rows for each WORK row of a roster_long frame:
    AVAILABLE on the phones, BREAK and LUNCH off them, OFFLINE stretches, as drawn above."""
    fmt = "%Y-%m-%dT%H:%M"
    rows = []
    work = roster[roster["activity"] == "WORK"]
    off = roster[roster["activity"].isin(["BREAK", "LUNCH", "SPLIT"])]
    breaks = {key: group for key, group in off.groupby(["employee_id", "date"])}
    for shift in work.itertuples():
        if rng.random() < SICK_SHARE:
            continue
        start = shift.start + pd.Timedelta(minutes=_minutes_drawn(rng, LATE))
        end = shift.end - pd.Timedelta(minutes=_minutes_drawn(rng, EARLY))
        stretches = []  # (state, start, end) off the phones, in order
        for b in breaks.get((shift.employee_id, shift.date), pd.DataFrame()).itertuples():
            state = "LUNCH" if b.activity in ("LUNCH", "SPLIT") else "BREAK"
            over = pd.Timedelta(minutes=_minutes_drawn(rng, OVERRUN))
            stretches.append((state, b.start, b.end + over))
        extra = _minutes_drawn(rng, OFFLINE)
        if extra:
            at = start + pd.Timedelta(minutes=int(rng.integers(0, max(
                int((end - start).total_seconds() // 60) - extra, 1))))
            stretches.append(("OFFLINE", at, at + pd.Timedelta(minutes=extra)))
        clock = start
        for state, a, b in sorted(stretches, key=lambda s: s[1]):
            a, b = max(a, clock), min(b, end)
            if b <= a:
                continue
            if a > clock:
                rows.append((shift.employee_id, "AVAILABLE", clock.strftime(fmt),
                             a.strftime(fmt)))
            rows.append((shift.employee_id, state, a.strftime(fmt), b.strftime(fmt)))
            clock = b
        if end > clock:
            rows.append((shift.employee_id, "AVAILABLE", clock.strftime(fmt), end.strftime(fmt)))
    return rows


def write_activity(roster_path: Path, out: Path, seed: int) -> Path:
    """Draw the activity log for a `wfm roster` roster_long.csv into out/activity.csv."""
    roster = pd.read_csv(roster_path, dtype={"employee_id": str})
    for column in ("start", "end"):  # the wall-clock time before the UTC offset
        roster[column] = pd.to_datetime(roster[column].str[:16])
    out.mkdir(parents=True, exist_ok=True)
    path = out / "activity.csv"
    write_csv(path, ("employee_id", "state", "start", "end"),
              activity_rows(roster, np.random.default_rng(seed)))
    return path


def history_rows(history: pd.DataFrame) -> list[tuple[str, str, str]]:
    """Format history rows: local `YYYY-MM-DDTHH:MM`, integer volume, AHT to 0.1 s."""
    stamps = history["interval_start"].dt.strftime("%Y-%m-%dT%H:%M")
    return [
        (stamp, str(vol), "" if vol == 0 else f"{aht:.1f}")
        for stamp, vol, aht in zip(stamps, history["volume"], history["aht_seconds"], strict=True)
    ]


# ---------------------------------------------------------------- employees ---
def contract_of(number: int) -> str:
    """Contract of employee E<number> (a fixed pattern, independent of the seed)."""
    return "part-time" if number % 9 in PART_TIME_REMAINDERS else "full-time"


def employee_rows(rng: np.random.Generator) -> list[tuple[str, ...]]:
    """80 fictional employees with contract, skills, leave allowance and dates, then the
    autumn's part-time hires."""
    firsts = rng.permutation(len(FIRST_NAMES))
    lasts = rng.permutation(len(LAST_NAMES))
    first_day, last_day = dt.date(2016, 1, 4), dt.date(2026, 9, 28)
    span = (last_day - first_day).days
    rows = []
    for i in range(N_EMPLOYEES):
        emp = f"E{i + 1:03d}"
        contract = contract_of(i + 1)
        skills = "phone;chat" if rng.random() < CHAT_SKILL_SHARE else "phone"
        low, high = LEAVE_DAYS[contract]
        leave = int(rng.integers(low, high + 1))
        start = first_day + dt.timedelta(days=int(rng.integers(0, span + 1)))
        start -= dt.timedelta(days=start.weekday())  # people start on a Monday
        start = DECEMBER_STARTERS.get(emp, start)
        end = DECEMBER_LEAVERS.get(emp)
        name = f"{FIRST_NAMES[firsts[i]]} {LAST_NAMES[lasts[i]]}"
        end_text = end.isoformat() if end else ""
        rows.append((emp, name, contract, skills, str(leave), start.isoformat(), end_text))
    leave = sum(LEAVE_DAYS["part-time"]) // 2
    for i in range(N_EMPLOYEES, N_EMPLOYEES + AUTUMN_HIRES):  # no draws: the rest stays
        name = f"{FIRST_NAMES[firsts[i]]} {LAST_NAMES[lasts[i % len(LAST_NAMES)]]}"
        rows.append((f"E{i + 1:03d}", name, "part-time", "phone", str(leave),
                     AUTUMN_HIRE_START.isoformat(), ""))
    return rows


# ---------------------------------------------------------------- bank team ---
BANK_FULL_TIME, BANK_PART_TIME = 30, 10
BANK_LEAVE_DAYS = (18, 20, 22)  # by seniority, repeating; mean 20


def bank_team_rows() -> list[tuple[str, ...]]:
    """An invented team of 40 for the real 1999 bank volume (examples/bank_1999.toml):
    the bank's own staff records are not public. Fixed, not drawn from the seed."""
    rows = []
    for i in range(BANK_FULL_TIME + BANK_PART_TIME):
        contract = "full-time" if i < BANK_FULL_TIME else "part-time"
        leave = BANK_LEAVE_DAYS[i % len(BANK_LEAVE_DAYS)]
        rows.append((f"B{i + 1:02d}", f"Bank agent {i + 1}", contract, str(leave),
                     "1998-01-04"))
    return rows


# --------------------------------------------------------------------- main ---
def special_day_rows() -> list[tuple[str, str]]:
    """Past events and future known days, by date."""
    rows = [(d.isoformat(), label) for d, (label, _) in EVENTS.items()]
    rows += [(d.isoformat(), label) for d, label in FUTURE_EVENTS.items()]
    return sorted(rows)


def generate(out: Path, seed: int) -> dict[str, Path]:
    """Write every sample file into `out`; return them by name."""
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    paths = {
        name: out / name
        for name in (
            "config.toml",
            "special_days.csv",
            "history.csv",
            "employees.csv",
            "time_off.csv",
            "overhauls.csv",
            "bank_1999_team.csv",
            "surveys.csv",
            "tickets.csv",
            "orders.csv",
        )
    }
    paths["config.toml"].write_text(CONFIG_TOML, encoding="utf-8", newline="\n")
    write_csv(paths["special_days.csv"], ("date", "label"), special_day_rows())
    history = draw_history(interval_frame(daily_frame(rng)), rng)
    write_csv(
        paths["history.csv"], ("interval_start", "volume", "aht_seconds"), history_rows(history)
    )
    employee_header = (
        "employee_id",
        "name",
        "contract",
        "skills",
        "leave_days_per_year",
        "start_date",
        "end_date",
    )
    write_csv(paths["employees.csv"], employee_header, employee_rows(rng))
    write_csv(paths["time_off.csv"], ("employee_id", "start_date", "end_date", "kind"), TIME_OFF)
    write_csv(
        paths["overhauls.csv"],
        ("job_id", "staff_days", "staff_needed", "duration_days", "earliest", "latest"),
        OVERHAULS,
    )
    write_csv(paths["bank_1999_team.csv"],
              ("employee_id", "name", "contract", "leave_days_per_year", "start_date"),
              bank_team_rows())
    write_csv(paths["surveys.csv"], ("date", "survey", "score"), survey_rows(history, rng))
    write_csv(paths["tickets.csv"], ("created", "first_response", "resolved", "messages"),
              ticket_rows(history, rng))
    write_csv(paths["orders.csv"], ("date", "value"), order_rows(history, rng))
    return paths


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options: --out DIR and --seed N."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output folder (default: data/)"
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default: {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--activity-from", type=Path, metavar="ROSTER_LONG",
        help="instead: draw an agent activity log for this roster_long.csv into "
             "OUT/activity.csv (for wfm report --activity)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Generate the sample files and list what was written."""
    args = parse_args(argv)
    if args.activity_from:
        path = write_activity(args.activity_from, args.out, args.seed)
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
        return
    for path in generate(args.out, args.seed).values():
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
