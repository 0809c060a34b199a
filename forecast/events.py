"""Holiday and special-day effects, learned from the history itself.

Each holiday (and the day before and after it) is compared with the same weekday in the
nearby weeks. A holiday that recurs in the history gets its own effect; one seen for the
first time gets the pooled effect of its family; a family whose days look like any other
day (a centre that stays open on public holidays) gets no effect at all. A special day
with an explicit `effect` in the special-days file uses that multiplier as given.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wfm.core.calendar import Calendar

FAMILIES = ("special", "holiday", "eve", "after", "yearend")  # priority when a day is two
# The days from Christmas Eve to New Year's Day, each its own event whatever the country:
# many centres run quiet or closed on them with or without a public holiday, and without a
# holiday calendar nothing else would tell the models about them. An effect is only kept
# where the history shows one (see learn_effects).
YEAR_END = (*((12, d) for d in range(24, 32)), (1, 1))
_NEIGHBOUR_WEEKS = (1, 2, 3)
_Z = 2.5  # how many standard errors an effect must stand out to be believed
CLOSED_LOG_EFFECT = float(np.log(0.02))  # below 2% of a normal day: the centre was closed


def event_days(dates: pd.DatetimeIndex, calendar: Calendar) -> pd.DataFrame:
    """One row per date: the event `family` and `name` ('' on ordinary days)."""
    dates = pd.DatetimeIndex(dates)
    family = pd.Series("", index=dates, dtype=object)
    name = pd.Series("", index=dates, dtype=object)
    if len(dates) == 0:
        return pd.DataFrame({"family": family, "name": name})
    hol = calendar.holidays(dates[0] - pd.Timedelta(days=1), dates[-1] + pd.Timedelta(days=1))
    marks: list[tuple[pd.Timestamp, str, str]] = []
    for day, special in calendar.special_days.items():
        marks.append((day, "special", special.label))
    for day, label in hol.items():
        marks.append((day, "holiday", label))
        marks.append((day - pd.Timedelta(days=1), "eve", label))
        marks.append((day + pd.Timedelta(days=1), "after", label))
    for day in dates[[(d.month, d.day) in YEAR_END for d in dates]]:
        marks.append((day, "yearend", day.strftime("%d %b")))
    rank = {f: i for i, f in enumerate(FAMILIES)}
    for day, fam, label in sorted(marks, key=lambda m: -rank[m[1]]):  # best priority last
        if day in family.index:
            family[day] = fam
            name[day] = label
    return pd.DataFrame({"family": family, "name": name})


def same_weekday_baseline(y: pd.Series, exclude: np.ndarray) -> np.ndarray:
    """Median of the same weekday 1-3 weeks before and after each day, skipping `exclude`."""
    values = y.to_numpy(dtype=float).copy()
    values[exclude] = np.nan
    return neighbour_median(values, _NEIGHBOUR_WEEKS)


def neighbour_median(values: np.ndarray, weeks: tuple[int, ...]) -> np.ndarray:
    """For each day (the first axis: days, or days x slots), the median of the same weekday
    `weeks` weeks before and after, NaN ignored; NaN where none of them has a value."""
    n = len(values)
    stack = []
    for k in (7 * w for w in weeks):
        before = np.full(values.shape, np.nan)
        after = np.full(values.shape, np.nan)
        if k < n:
            before[k:] = values[:-k]
            after[:-k] = values[k:]
        stack += [before, after]
    with np.errstate(all="ignore"):
        matrix = np.stack(stack)
        count = np.sum(~np.isnan(matrix), axis=0)
        return np.where(count > 0, np.nanmedian(np.where(count > 0, matrix, 0.0), axis=0),
                        np.nan)


@dataclass(frozen=True)
class EventEffects:
    """Learned log effects (on log1p volume) by (family, name), and pooled by family."""

    by_name: dict[tuple[str, str], float]
    pooled: dict[str, float]
    noise: float

    def log_effect(self, events: pd.DataFrame, calendar: Calendar) -> np.ndarray:
        """The log1p-scale shift for each row of an `event_days` frame (0 on ordinary days)."""
        out = np.zeros(len(events))
        for i, (day, fam, name) in enumerate(zip(events.index, events["family"],
                                                 events["name"], strict=True)):
            if not fam:
                continue
            if fam == "special":
                given = calendar.special_days.get(day)
                if given is not None and given.effect is not None:
                    out[i] = np.nan  # an explicit multiplier: applied as given, see apply()
                    continue
            out[i] = self.by_name.get((fam, name), self.pooled.get(fam, 0.0))
        return out

    def table(self) -> pd.DataFrame:
        """The effects as a frame a planner can read: family, name, multiplier."""
        rows = [{"family": f, "name": n, "multiplier": float(np.exp(v))}
                for (f, n), v in sorted(self.by_name.items())]
        rows += [{"family": f, "name": "(pooled)", "multiplier": float(np.exp(v))}
                 for f, v in sorted(self.pooled.items())]
        return pd.DataFrame(rows, columns=["family", "name", "multiplier"])


def learn_effects(y: pd.Series, events: pd.DataFrame) -> EventEffects:
    """Estimate effects from a daily series (NaN = gap or closed) and its event frame."""
    is_event = (events["family"] != "").to_numpy()
    base = same_weekday_baseline(y, is_event)
    obs = y.to_numpy(dtype=float)
    with np.errstate(all="ignore"):
        ratio = np.log1p(obs) - np.log1p(base)
    usable = ~np.isnan(ratio)
    normal = ratio[usable & ~is_event]
    if normal.size >= 8:
        noise = float(1.4826 * np.median(np.abs(normal - np.median(normal))))
    else:
        noise = 0.1
    noise = max(noise, 0.02)
    by_name: dict[tuple[str, str], float] = {}
    pooled: dict[str, float] = {}
    frame = pd.DataFrame({"family": events["family"].to_numpy(), "name": events["name"].to_numpy(),
                          "r": ratio})[usable & is_event]
    for fam, group in frame.groupby("family"):
        pooled_value = float(np.median(group["r"]))
        if abs(pooled_value) > _Z * noise / np.sqrt(len(group)):
            pooled[fam] = pooled_value
        for name, sub in group.groupby("name"):
            own = float(np.mean(sub["r"]))
            if abs(own) > _Z * noise / np.sqrt(len(sub)):
                by_name[(fam, name)] = own
            elif fam in pooled:
                # seen, but not different from an ordinary day: trust the observation
                by_name[(fam, name)] = own if len(sub) >= 2 else 0.5 * (own + pooled[fam])
    return EventEffects(by_name=by_name, pooled=pooled, noise=noise)


def apply_effects(base: np.ndarray, log_effect: np.ndarray, events: pd.DataFrame,
                  calendar: Calendar) -> np.ndarray:
    """Put event effects on top of an event-free forecast (explicit multipliers as given)."""
    shift = np.nan_to_num(log_effect)
    out = np.expm1(np.log1p(np.maximum(base, 0.0)) + shift)
    out[shift < CLOSED_LOG_EFFECT] = 0.0  # the history shows the centre closes on this day
    for i, day in enumerate(events.index):
        if np.isnan(log_effect[i]):
            out[i] = base[i] * calendar.special_days[day].effect
    return np.maximum(out, 0.0)
