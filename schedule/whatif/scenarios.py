"""The what-if scenario file: named scenarios, each a set of changes to the plan's inputs.

A TOML file with shared settings in `[whatif]` and one `[[scenario]]` table per scenario
(see the README). Every key is checked here, so a mistake stops the run before any work
with one line naming the file, the scenario and the key.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wfm.core.config import parse_config, read_toml
from wfm.core.errors import InputError

# [whatif] keys and what each expects (the words go into error messages)
SETTINGS = {
    "history": "a path to the history CSV",
    "month": "a month YYYY-MM",
    "seed": "a whole number",
    "replications": "a whole number of simulation runs, 2 or more",
    "baseline": "the name of a scenario",
    "headcount": "a number of full-time people > 0",
    "employees": "a path to employees.csv",
    "time_off": "a path to time_off.csv",
    "fte_hours_per_week": "hours a week > 0",
}
# [[scenario]] keys and what each expects
SCENARIO_KEYS = {
    "name": "a name",
    "volume": 'a change like "+15%" or "-10%", a multiplier > 0 like 1.15, or a table of '
              'months like { "2027-01" = "+10%" }',
    "aht": 'a change like "+10%" or a mean handle time in seconds > 0',
    "move_to_chat": "a share of voice contacts from 0 to 1",
    "move_to_email": "a share of voice contacts from 0 to 1",
    "goal": "a share between 0 and 1, e.g. 0.90",
    "answer_seconds": "seconds >= 0",
    "shrinkage": "a share from 0 up to (not including) 1",
    "max_occupancy": "a share above 0 and at most 1",
    "patience_seconds": "seconds > 0",
    "hours": 'a table of opening hours like { default = ["08:00", "20:00"] }',
    "headcount": "a number of full-time people > 0",
    "hires": "a whole number of people >= 0",
    "roster": "true or false",
}
SERVICE_KEYS = ("goal", "answer_seconds", "shrinkage", "max_occupancy", "patience_seconds")
_CHANGE = re.compile(r"^\s*([+-])\s*(\d+(?:\.\d*)?|\.\d+)\s*%\s*$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Scenario:
    """One scenario's changes; fields left at their defaults change nothing."""

    name: str
    volume: float = 1.0  # multiplier on every interval's volume
    volume_by_month: tuple[tuple[str, float], ...] = ()  # (YYYY-MM, multiplier)
    aht_factor: float = 1.0  # multiplier on every interval's handle time
    aht_seconds: float | None = None  # or: the new volume-weighted mean handle time
    move_to_chat: float = 0.0  # share of voice contacts moved to chat
    move_to_email: float = 0.0  # share of voice contacts moved to e-mail
    service: tuple[tuple[str, float], ...] = ()  # [service] overrides (goal, shrinkage, ...)
    hours: tuple[tuple[str, tuple[str, str]], ...] | None = None  # [centre.hours] override
    headcount: float | None = None  # a fixed team (full-time people): the capacity view
    hires: int = 0  # people added to the headcount, on the hire contract
    roster: bool = False  # roster named staff with CP-SAT (needs employees)

    @property
    def capacity_view(self) -> bool:
        """True when the scenario asks what service a fixed team gives."""
        return self.headcount is not None


@dataclass(frozen=True)
class ScenarioSet:
    """The scenario file: shared settings and the scenarios in file order."""

    path: Path
    scenarios: tuple[Scenario, ...]
    baseline: str
    history: Path | None = None
    month: str | None = None
    seed: int = 7
    replications: int = 20
    employees: Path | None = None
    time_off: Path | None = None
    fte_hours_per_week: float | None = None

    def scenario(self, name: str) -> Scenario:
        """The scenario called `name`."""
        return next(s for s in self.scenarios if s.name == name)

    def inputs(self, history: Any = None, employees: Any = None, time_off: Any = None
               ) -> tuple[Any, Any, Any]:
        """The history, employees and time off to use: those given, else the file's
        `[whatif]` ones; no history at all is an InputError naming the file."""
        history = history if history is not None else self.history
        if history is None:
            raise InputError("no history: give --history or [whatif] history", file=self.path)
        return history, employees or self.employees, time_off or self.time_off


def parse_change(value: Any) -> float | None:
    """'+15%' -> 1.15, '-10%' -> 0.9, a number -> itself; None when it is neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        m = _CHANGE.match(value)
        if m:
            pct = float(m.group(2)) / 100.0
            return 1.0 + pct if m.group(1) == "+" else 1.0 - pct
    return None


def _unknown_key(key: str, known: dict[str, str], where: str, file: Path) -> InputError:
    close = difflib.get_close_matches(key, list(known), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return InputError(f"{where}: unknown key '{key}'{hint}; known keys: {', '.join(known)}",
                      file=file)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _expected(where: str, key: str, value: Any, file: Path, words: str | None = None
              ) -> InputError:
    return InputError(f"{where} {key}: expected {words or SCENARIO_KEYS[key]}, got {value!r}",
                      file=file)


def _volume(value: Any, where: str, file: Path) -> tuple[float, tuple[tuple[str, float], ...]]:
    """The volume key: one multiplier, or a multiplier per month."""
    if isinstance(value, dict):
        months = []
        for month, change in value.items():
            factor = parse_change(change)
            if not _MONTH.match(month) or factor is None or factor <= 0:
                raise _expected(where, "volume", {month: change}, file)
            months.append((month, factor))
        if not months:
            raise _expected(where, "volume", value, file)
        return 1.0, tuple(months)
    factor = parse_change(value)
    if factor is None or factor <= 0:
        raise _expected(where, "volume", value, file)
    return factor, ()


def _hours(value: Any, where: str, file: Path) -> tuple[tuple[str, tuple[str, str]], ...]:
    """Opening hours, checked exactly as the config's [centre.hours] is."""
    if not isinstance(value, dict) or not value:
        raise _expected(where, "hours", value, file)
    try:
        parse_config({"centre": {"hours": value}})
    except InputError as exc:
        raise InputError(f"{where} hours: {exc.message}", file=file) from None
    return tuple((day, (span[0], span[1])) for day, span in value.items())


def _scenario(raw: Any, index: int, shared_headcount: float | None, file: Path) -> Scenario:
    """One [[scenario]] table, checked key by key."""
    if not isinstance(raw, dict):
        raise InputError(f"[[scenario]] #{index}: expected a table", file=file)
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"[[scenario]] #{index}: expected a key 'name' with a non-empty "
                         f"name, got {name!r}", file=file)
    where = f"scenario '{name}'"
    for key in raw:
        if key not in SCENARIO_KEYS:
            raise _unknown_key(key, SCENARIO_KEYS, where, file)
    fields: dict[str, Any] = {"name": name.strip()}
    if "volume" in raw:
        fields["volume"], fields["volume_by_month"] = _volume(raw["volume"], where, file)
    if "aht" in raw:
        value = raw["aht"]
        if isinstance(value, str):
            factor = parse_change(value)
            if factor is None or factor <= 0:
                raise _expected(where, "aht", value, file)
            fields["aht_factor"] = factor
        elif _is_number(value) and value > 0:
            fields["aht_seconds"] = float(value)
        else:
            raise _expected(where, "aht", value, file)
    for key in ("move_to_chat", "move_to_email"):
        if key in raw:
            if not (_is_number(raw[key]) and 0 <= raw[key] <= 1):
                raise _expected(where, key, raw[key], file)
            fields[key] = float(raw[key])
    if fields.get("move_to_chat", 0.0) + fields.get("move_to_email", 0.0) > 1:
        raise InputError(f"{where}: move_to_chat + move_to_email: expected shares adding up "
                         "to at most 1", file=file)
    checks = {"goal": lambda v: 0 < v < 1, "answer_seconds": lambda v: v >= 0,
              "shrinkage": lambda v: 0 <= v < 1, "max_occupancy": lambda v: 0 < v <= 1,
              "patience_seconds": lambda v: v > 0}
    service = []
    for key in SERVICE_KEYS:
        if key in raw:
            if not (_is_number(raw[key]) and checks[key](raw[key])):
                raise _expected(where, key, raw[key], file)
            service.append((key, float(raw[key])))
    fields["service"] = tuple(service)
    if "hours" in raw:
        fields["hours"] = _hours(raw["hours"], where, file)
    headcount = raw.get("headcount", shared_headcount)
    if "headcount" in raw and not (_is_number(raw["headcount"]) and raw["headcount"] > 0):
        raise _expected(where, "headcount", raw["headcount"], file)
    fields["headcount"] = None if headcount is None else float(headcount)
    if "hires" in raw:
        hires = raw["hires"]
        if not (isinstance(hires, int) and not isinstance(hires, bool) and hires >= 0):
            raise _expected(where, "hires", hires, file)
        if headcount is None:
            raise InputError(f"{where} hires: hires add to a headcount; give headcount in the "
                             "scenario or in [whatif]", file=file)
        fields["hires"] = hires
    if "roster" in raw:
        if not isinstance(raw["roster"], bool):
            raise _expected(where, "roster", raw["roster"], file)
        fields["roster"] = raw["roster"]
    scenario = Scenario(**fields)
    if scenario.roster and (scenario.capacity_view or scenario.move_to_chat
                            or scenario.move_to_email):
        raise InputError(f"{where} roster: a roster plans named staff for one voice queue; "
                         "it cannot be combined with headcount, hires or move_to_chat/"
                         "move_to_email", file=file)
    return scenario


def _settings(raw: Any, file: Path) -> dict[str, Any]:
    """The [whatif] table, checked; paths are taken relative to the scenario file."""
    if not isinstance(raw, dict):
        raise InputError("[whatif] must be a table", file=file)
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in SETTINGS:
            raise _unknown_key(key, SETTINGS, "[whatif]", file)
        bad = InputError(f"[whatif] {key}: expected {SETTINGS[key]}, got {value!r}", file=file)
        if key in ("history", "employees", "time_off"):
            if not isinstance(value, str) or not value.strip():
                raise bad
            p = Path(value)
            out[key] = p if p.is_absolute() else file.parent / p
        elif key == "month":
            if not isinstance(value, str) or not _MONTH.match(value):
                raise bad
            out[key] = value
        elif key in ("seed", "replications"):
            if not isinstance(value, int) or isinstance(value, bool) or value < 0 or (
                    key == "replications" and value < 2):
                raise bad
            out[key] = value
        elif key == "baseline":
            if not isinstance(value, str):
                raise bad
            out[key] = value
        else:  # headcount, fte_hours_per_week
            if not (_is_number(value) and value > 0):
                raise bad
            out[key] = float(value)
    return out


def parse_scenarios(raw: dict[str, Any], path: str | Path) -> ScenarioSet:
    """Check a parsed scenario file and turn it into frozen dataclasses."""
    file = Path(path)
    for top in raw:
        if top not in ("whatif", "scenario"):
            raise InputError(f"unknown table '{top}'; expected [whatif] and [[scenario]] "
                             "tables", file=file)
    settings = _settings(raw.get("whatif", {}), file)
    tables = raw.get("scenario", [])
    if not isinstance(tables, list) or not tables:
        raise InputError("expected at least one [[scenario]] table", file=file)
    headcount = settings.pop("headcount", None)
    scenarios = tuple(_scenario(t, i, headcount, file) for i, t in enumerate(tables, start=1))
    seen: set[str] = set()
    for s in scenarios:
        if s.name in seen:
            raise InputError(f"scenario '{s.name}': a second scenario with the same name",
                             file=file)
        seen.add(s.name)
    baseline = settings.pop("baseline", scenarios[0].name)
    if baseline not in seen:
        raise InputError(f"[whatif] baseline: no scenario is called '{baseline}' (scenarios: "
                         f"{', '.join(s.name for s in scenarios)})", file=file)
    return ScenarioSet(path=file, scenarios=scenarios, baseline=baseline, **settings)


def load_scenarios(path: str | Path) -> ScenarioSet:
    """Read and check a scenario TOML file."""
    return parse_scenarios(read_toml(path, "scenario"), Path(path))
