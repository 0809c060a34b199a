"""The centre's calendar as data: open days, opening hours, public holidays, special days.

Nothing here is hard-coded to one country: weekend days and hours come from the config,
public holidays from the `holidays` package by country code, one-off events from a CSV.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import holidays as holidays_pkg
import numpy as np
import pandas as pd

from wfm.core.config import Config, hours_by_weekday
from wfm.core.csvin import read_csv_text
from wfm.core.errors import InputError


@dataclass(frozen=True)
class SpecialDay:
    """A one-off or recurring event; `effect` (a volume multiplier) overrides what is learned."""

    label: str
    effect: float | None = None


@dataclass(frozen=True)
class Calendar:
    """Open days and hours, holidays and special days for one centre."""

    open_weekdays: frozenset[int]
    hours: dict[int, tuple[int, int]]
    interval_minutes: int = 30
    country: str = ""
    subdivision: str = ""
    categories: tuple[str, ...] = ("public",)
    special_days: dict[pd.Timestamp, SpecialDay] = field(default_factory=dict)
    timezone: str = "UTC"  # [centre] timezone: where the day's real slots run

    def is_open(self, dates: pd.DatetimeIndex) -> np.ndarray:
        """True for dates (or times: their local day) whose weekday is an open day."""
        return np.isin(pd.DatetimeIndex(dates).day_of_week, list(self.open_weekdays))

    def holidays(self, start: pd.Timestamp, end: pd.Timestamp) -> dict[pd.Timestamp, str]:
        """Public holidays (date -> name) between start and end, both included."""
        if not self.country:
            return {}
        years = range(pd.Timestamp(start).year, pd.Timestamp(end).year + 1)
        table = holidays_pkg.country_holidays(
            self.country, subdiv=self.subdivision or None, years=years,
            categories=self.categories,
        )
        lo, hi = pd.Timestamp(start).date(), pd.Timestamp(end).date()
        return {pd.Timestamp(d): name for d, name in sorted(table.items()) if lo <= d <= hi}

    def slots_per_day(self) -> int:
        return 1440 // self.interval_minutes

    def open_slots(self, weekday: int) -> np.ndarray:
        """Boolean mask over the day's interval slots that lie inside the agent hours."""
        mask = np.zeros(self.slots_per_day(), dtype=bool)
        if weekday not in self.hours:
            return mask
        start, end = self.hours[weekday]
        first = start // self.interval_minutes
        last = math.ceil(end / self.interval_minutes)
        mask[first:last] = True
        return mask


def load_special_days(path: str | Path) -> dict[pd.Timestamp, SpecialDay]:
    """Read a special-days CSV: `date`, `label`, optional `effect` (volume multiplier)."""
    p = Path(path)
    frame = read_csv_text(p, "date,label[,effect]", allow_no_rows=True)
    for col in ("date", "label"):
        if col not in frame.columns:
            raise InputError(f"missing column '{col}' (expected date,label[,effect])",
                             file=p, row=0, column=col)
    out: dict[pd.Timestamp, SpecialDay] = {}
    for i, rec in enumerate(frame.itertuples(index=False), start=1):
        date = pd.to_datetime(rec.date, format="ISO8601", errors="coerce")
        if pd.isna(date):
            raise InputError(f"expected a date YYYY-MM-DD, got {rec.date!r}", file=p, row=i,
                             column="date")
        effect = None
        raw_effect = getattr(rec, "effect", "")
        if raw_effect not in ("", None):
            try:
                effect = float(raw_effect)
            except ValueError:
                effect = -1.0
            if not effect >= 0:
                raise InputError(f"expected a volume multiplier >= 0 (1.3 = +30%), got "
                                 f"{raw_effect!r}", file=p, row=i, column="effect")
        label = rec.label.strip() or "special day"
        if label.lower() == "closed" and effect is None:
            effect = 0.0
        out[pd.Timestamp(date).normalize()] = SpecialDay(label=label, effect=effect)
    return out


def calendar_from_config(config: Config, special_days: str | Path | None = None) -> Calendar:
    """Build the calendar; checks the country code so a typo fails early and clearly."""
    centre = config.centre
    country = centre["country"].strip().upper()
    file = str(config.path) if config.path else "config"
    if country:
        supported = holidays_pkg.list_supported_countries()
        if country not in supported:
            raise InputError(f"[centre] country: unknown country code {centre['country']!r} "
                             "(expected an ISO 3166 code the holidays package knows, or \"\")",
                             file=file)
        categories = getattr(holidays_pkg.country_holidays(country), "supported_categories",
                             ("public",))
        for cat in centre["holiday_categories"]:
            if cat not in categories:
                raise InputError(f"[centre] holiday_categories: {cat!r} is not offered for "
                                 f"{country} (offered: {', '.join(categories)})", file=file)
        sub = centre["subdivision"]
        if sub and sub not in supported[country]:
            raise InputError(f"[centre] subdivision: {sub!r} is not a subdivision of {country}",
                             file=file)
    specials: dict[pd.Timestamp, SpecialDay] = {}
    source = special_days or (config.resolve(config.forecast["special_days"])
                              if config.forecast["special_days"] else None)
    if source:
        specials = load_special_days(source)
    weekdays = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    return Calendar(
        open_weekdays=frozenset(weekdays.index(d) for d in centre["open_days"]),
        hours=hours_by_weekday(config),
        interval_minutes=centre["interval_minutes"],
        country=country,
        subdivision=centre["subdivision"],
        categories=tuple(centre["holiday_categories"]),
        special_days=specials,
        timezone=centre["timezone"],
    )


def parse_month(month: str) -> pd.Period:
    """A month named YYYY-MM (and nothing looser: 'December' is not a month here)."""
    if not re.fullmatch(r"\d{4}-\d{2}", month.strip()):
        raise InputError(f"--month: expected YYYY-MM, got {month!r}")
    try:
        return pd.Period(month.strip(), freq="M")
    except ValueError:
        raise InputError(f"--month: expected YYYY-MM, got {month!r}") from None
