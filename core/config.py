"""The TOML config: every key has a default, so no config at all is a valid config.

Keys and sections follow DESIGN.md (a contract other tools write); the schema below checks
each key's type so a mistake is reported as `config.toml: [service] goal: expected ...`.
"""

from __future__ import annotations

import datetime
import difflib
import tomllib
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wfm.core.errors import InputError

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# Each key: (expected kind, default). Kinds: str, int, float, bool, list[str], list[int],
# pair (two "HH:MM" strings), table (free-form sub-table checked by its own stage), any.
_SCHEMA: dict[str, dict[str, tuple[str, Any]]] = {
    "centre": {
        "name": ("str", "Contact centre"),
        "timezone": ("str", "UTC"),
        "country": ("str", ""),
        "subdivision": ("str", ""),
        "holiday_categories": ("list[str]", ["public"]),
        "open_days": ("list[str]", list(WEEKDAYS)),
        "week_start": ("str", "Mon"),
        "interval_minutes": ("int", 30),
        "hours": ("table", {}),
    },
    "history": {
        "form": ("str", "auto"),
        "clock": ("str", "local"),
        "timestamp": ("str|list[str]", ""),
        "date": ("str", "date"),
        "volume": ("str", "volume"),
        "aht_seconds": ("str", "aht_seconds"),
        "handle_seconds": ("str", "handle_seconds"),
        "wait_seconds": ("str", "wait_seconds"),
        "outcome": ("str", "outcome"),
        "queue": ("str", "queue"),
        "channel": ("str", "channel"),
        "agent": ("str", ""),
        "no_agent": ("list[str]", []),
        "customer": ("str", ""),
        "no_customer": ("list[str]", []),
        "answered": ("list[str]", ["answered"]),
        "abandoned": ("list[str]", ["abandoned"]),
        "ignore": ("list[str]", []),
        "interval_minutes": ("int", 0),
        "answered_count": ("str", "answered"),
        "abandoned_count": ("str", "abandoned"),
        "service_level": ("str", "service_level"),
        "asa_seconds": ("str", "asa_seconds"),
        "handle_total_seconds": ("str", "handle_total_seconds"),
    },
    "report": {
        "fcr_hours": ("list[int]", [24, 168]),
        "phone_states": ("list[str]", ["WORK", "AVAILABLE", "TALK", "HOLD", "WRAP"]),
        "break_states": ("list[str]", ["BREAK", "LUNCH"]),
        "adherence_grace_minutes": ("int", 2),
        "resolution_hours": ("float", 72.0),
    },
    "forecast": {
        "horizon_days": ("int", 35),
        "models": ("list[str]", []),
        "origins": ("int", 4),
        "step_days": ("int", 0),
        "backtest_horizon": ("int", 0),
        "calibration_windows": ("int", 12),
        "combine": ("bool", True),
        "levels": ("list[int]", [80, 95]),
        "season_band": ("float", 0.10),
        "special_days": ("str", ""),
        "profile_weeks": ("int", 8),
        "aht_weeks": ("int", 8),
    },
    "service": {
        "goal": ("float", 0.80),
        "answer_seconds": ("float", 20.0),
        "max_occupancy": ("float", 0.85),
        "shrinkage": ("float", 0.25),
        "patience_seconds": ("float", 180.0),
        "staffing_model": ("str", "erlang_c"),
        "aht_seconds": ("float", 240.0),
        "min_agents": ("int", 1),
        "channel": ("str", "voice"),
        "concurrency": ("int", 1),
        "response_hours": ("float", 24.0),
    },
    "roster": {
        "overhang_minutes": ("int", 30),
        "time_limit_seconds": ("float", 60.0),
        "seed": ("int", 0),
        "workers": ("int", 2),
        "weekend": ("list[str]", ["Sat", "Sun"]),
        "late_after": ("str", "19:00"),
        "requested_off_penalty": ("float", 60.0),
        "fairness_penalty": ("float", 30.0),
        "late_call_penalty": ("float", 200.0),
        "start_spread_hours": ("float", 2.0),
        "paired_days_off": ("bool", True),
        "fair_spread": ("int", 2),
        "first_day_back_penalty": ("float", 60.0),
    },
    "leave": {
        "min_block_days": ("int", 5),
        "max_away_share": ("float", 0.15),
        "week_days": ("int", 5),
        "blackout": ("list[str]", []),
        "requested_reward": ("float", 50.0),
    },
    "season": {
        "schedule_efficiency": ("float", 0.88),
        "hire_contract": ("str", ""),
        "hire_lead_weeks": ("int", 6),
        "hire_min_weeks": ("int", 8),
        "overtime_share": ("float", 0.10),
        "overtime_premium": ("float", 1.5),
        "quiet_weight": ("float", 2.0),
        "time_limit_seconds": ("float", 60.0),
    },
}
# Arrays of tables whose entries later stages (shifts, contracts) validate in full.
_ARRAYS = ("shift", "contract")
CHANNEL_KINDS = ("voice", "chat", "email")


class _Section:
    """A config section read as an attribute of the Config (not a dataclass field)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, config: Config | None, owner: type | None = None) -> Any:
        return self if config is None else config.sections[self.name]


@dataclass(frozen=True)
class Config:
    """A validated config: one dict per section, plus the shift and contract tables."""

    sections: dict[str, dict[str, Any]]
    shifts: tuple[dict[str, Any], ...] = ()
    contracts: tuple[dict[str, Any], ...] = ()
    path: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    # each config section as an attribute: `config.service` is `config.sections["service"]`
    centre = _Section()
    history = _Section()
    forecast = _Section()
    service = _Section()
    roster = _Section()
    leave = _Section()
    season = _Section()
    report = _Section()

    def resolve(self, relative: str) -> Path:
        """A path named in the config, taken relative to the config file's folder."""
        p = Path(relative)
        if p.is_absolute() or self.path is None:
            return p
        return self.path.parent / p


def _kind_ok(kind: str, value: Any) -> bool:
    if kind == "str":
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "list[str]":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "list[int]":
        return isinstance(value, list) and all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        )
    if kind == "str|list[str]":
        return _kind_ok("str", value) or _kind_ok("list[str]", value)
    if kind == "table":
        return isinstance(value, dict)
    return True


_KIND_WORDS = {
    "str": "a string",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "list[str]": "a list of strings",
    "list[int]": "a list of whole numbers",
    "str|list[str]": "a string or a list of strings",
    "table": "a table",
}


def _unknown(where: str, key: str, known: list[str], file: str) -> InputError:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return InputError(f"unknown key '{key}' in {where}{hint}", file=file)


def _time_minutes(text: Any, where: str, file: str) -> int:
    """'HH:MM' to minutes after midnight; '24:00' is the midnight that ends the day."""
    if not isinstance(text, str) or len(text.split(":")) != 2:
        raise InputError(f"{where}: expected a time 'HH:MM', got {text!r}", file=file)
    hh, mm = text.split(":")
    if not (hh.isdigit() and mm.isdigit()) or int(mm) >= 60 or int(hh) * 60 + int(mm) > 1440:
        raise InputError(f"{where}: expected a time 'HH:MM' from 00:00 to 24:00, got {text!r}",
                         file=file)
    return int(hh) * 60 + int(mm)


def _check_values(sections: dict[str, dict[str, Any]], file: str) -> None:
    """Range checks a type check cannot make."""
    c = sections["centre"]
    for day in [*c["open_days"], c["week_start"]]:
        if day not in WEEKDAYS:
            raise InputError(f"[centre] open_days/week_start: unknown weekday {day!r}, "
                             f"expected one of {', '.join(WEEKDAYS)}", file=file)
    if not c["open_days"]:
        raise InputError("[centre] open_days: the centre is open on no day; expected at "
                         "least one weekday, e.g. [\"Mon\", \"Tue\", \"Wed\", \"Thu\", "
                         "\"Fri\"]", file=file)
    try:
        zoneinfo.ZoneInfo(c["timezone"])
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InputError(f"[centre] timezone: unknown time zone {c['timezone']!r}; expected "
                         "a name from the tz database, e.g. \"America/Chicago\" or "
                         "\"UTC\"", file=file) from None
    if c["interval_minutes"] not in (15, 30, 60):
        raise InputError(f"[centre] interval_minutes: expected 15, 30 or 60, got "
                         f"{c['interval_minutes']}", file=file)
    for key, span in c["hours"].items():
        if key != "default" and key not in WEEKDAYS:
            raise InputError(f"[centre.hours] unknown key '{key}', expected 'default' or a "
                             f"weekday ({', '.join(WEEKDAYS)})", file=file)
        if not (isinstance(span, list) and len(span) == 2):
            raise InputError(f"[centre.hours] {key}: expected [\"HH:MM\", \"HH:MM\"], got "
                             f"{span!r}", file=file)
        start, end = (_time_minutes(t, f"[centre.hours] {key}", file) for t in span)
        if end <= start:
            raise InputError(f"[centre.hours] {key}: closing time must be after opening time",
                             file=file)
    r = sections["roster"]
    for day in r["weekend"]:
        if day not in WEEKDAYS:
            raise InputError(f"[roster] weekend: unknown weekday {day!r}", file=file)
    if r["start_spread_hours"] < 0 or r["fair_spread"] < 0:
        raise InputError("[roster] start_spread_hours and fair_spread: expected 0 or more",
                         file=file)
    if r["time_limit_seconds"] <= 0 or r["workers"] < 1 or r["overhang_minutes"] < 0:
        raise InputError("[roster] time_limit_seconds and workers must be positive, "
                         "overhang_minutes 0 or more", file=file)
    _time_minutes(r["late_after"], "[roster] late_after", file)
    if sections["report"]["adherence_grace_minutes"] < 0:
        raise InputError("[report] adherence_grace_minutes: expected minutes >= 0, got "
                         f"{sections['report']['adherence_grace_minutes']}", file=file)
    if any(h < 1 for h in sections["report"]["fcr_hours"]):
        raise InputError("[report] fcr_hours: expected windows of 1 hour or more, e.g. "
                         "[24, 168]", file=file)
    f = sections["forecast"]
    for key in ("horizon_days", "origins", "profile_weeks", "aht_weeks"):
        if f[key] < 1:
            raise InputError(f"[forecast] {key}: expected at least 1, got {f[key]}", file=file)
    for key in ("backtest_horizon", "step_days", "calibration_windows"):
        if f[key] < 0:
            raise InputError(f"[forecast] {key}: expected 0 or more, got {f[key]}", file=file)
    if any(not 50 <= lv < 100 for lv in f["levels"]) or not f["levels"]:
        raise InputError("[forecast] levels: expected interval levels from 50 to 99, e.g. "
                         "[80, 95]", file=file)
    if not 0 <= f["season_band"] < 1:
        raise InputError("[forecast] season_band: expected a share from 0 to 1, e.g. 0.10",
                         file=file)
    s = sections["service"]
    if not 0 < s["goal"] < 1:
        raise InputError(f"[service] goal: expected a share between 0 and 1, got {s['goal']}",
                         file=file)
    if s["answer_seconds"] < 0:
        raise InputError("[service] answer_seconds: expected 0 or more", file=file)
    if not 0 < s["max_occupancy"] <= 1:
        raise InputError("[service] max_occupancy: expected a share in (0, 1]", file=file)
    if not 0 <= s["shrinkage"] < 1:
        raise InputError("[service] shrinkage: expected a share in [0, 1)", file=file)
    if s["min_agents"] < 0:
        raise InputError("[service] min_agents: expected 0 or more", file=file)
    if s["patience_seconds"] <= 0:
        raise InputError("[service] patience_seconds: expected more than 0", file=file)
    if s["aht_seconds"] <= 0:
        raise InputError("[service] aht_seconds: expected more than 0", file=file)
    if s["channel"] not in CHANNEL_KINDS:
        raise InputError(f"[service] channel: expected one of {', '.join(CHANNEL_KINDS)}",
                         file=file)
    if s["concurrency"] < 1:
        raise InputError("[service] concurrency: expected 1 or more (chats per agent)",
                         file=file)
    if s["response_hours"] <= 0:
        raise InputError("[service] response_hours: expected more than 0", file=file)
    if s["staffing_model"] not in ("erlang_c", "erlang_a"):
        raise InputError("[service] staffing_model: expected 'erlang_c' or 'erlang_a'",
                         file=file)
    if sections["history"]["clock"] not in ("local", "utc"):
        raise InputError("[history] clock: expected 'local' (the centre's wall clock) or "
                         "'utc' (times without an offset are UTC)", file=file)
    if sections["history"]["form"] not in ("auto", "contacts", "intervals", "daily"):
        raise InputError("[history] form: expected auto, contacts, intervals or daily",
                         file=file)


_DEFAULTS_FOR_CHECK = {name: {key: default for key, (_, default) in keys.items()}
                       for name, keys in _SCHEMA.items()}


def parse_config(raw: dict[str, Any], path: Path | None = None) -> Config:
    """Validate a parsed TOML document against the schema and fill in the defaults."""
    file = str(path) if path else "config"
    for top in raw:
        if top not in _SCHEMA and top not in _ARRAYS and top not in ("channels", "queues",
                                                                    "goal"):
            raise _unknown("the config", top, [*_SCHEMA, *_ARRAYS, "channels", "queues",
                                               "goal"], file)
    sections: dict[str, dict[str, Any]] = {}
    for name, keys in _SCHEMA.items():
        given = raw.get(name, {})
        if not isinstance(given, dict):
            raise InputError(f"[{name}] must be a table", file=file)
        values = {key: default for key, (_, default) in keys.items()}
        for key, value in given.items():
            if key not in keys:
                raise _unknown(f"[{name}]", key, list(keys), file)
            kind = keys[key][0]
            if not _kind_ok(kind, value):
                raise InputError(f"[{name}] {key}: expected {_KIND_WORDS[kind]}, got "
                                 f"{value!r}", file=file)
            values[key] = float(value) if kind == "float" else value
        sections[name] = values
    arrays = {}
    for name in _ARRAYS:
        entries = raw.get(name, [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise InputError(f"[[{name}]] must be an array of tables", file=file)
        arrays[name] = tuple(entries)
    _check_values(sections, file)
    channels = _channels(raw.get("channels", {}), sections["service"], file)
    queues = _queues(raw, sections, path, file)
    return Config(sections=sections, shifts=arrays["shift"], contracts=arrays["contract"],
                  path=path, extra={"channels": channels, "queues": queues,
                                    "goals": _goals(raw.get("goal", []), file)})


GOAL_DIRECTIONS = ("at_least", "at_most")
# what a goal is judged over: the report's own period, or the calendar month, quarter or
# year that holds the report's last day
GOAL_PERIODS = ("report", "month", "quarter", "year")


def _goal_date(value: Any, where: str, file: str) -> datetime.date:
    """A TOML date (2027-06-30) or the same as text."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"{where}: expected a date YYYY-MM-DD, got {value!r}",
                         file=file) from None


def _goals(raw: Any, file: str) -> tuple[dict[str, Any], ...]:
    """The [[goal]] table checked for shape: a KPI name, a target to reach `at_least` or
    `at_most`, a due date, and optionally the baseline and the date it was measured (the
    report checks the KPI name against what it computes)."""
    if not isinstance(raw, list) or not all(isinstance(g, dict) for g in raw):
        raise InputError("[[goal]] must be an array of tables", file=file)
    keys = {"kpi", "target", "direction", "due", "baseline", "start", "name", "period"}
    goals = []
    for i, g in enumerate(raw, start=1):
        where = f"[[goal]] {i}"
        for key in g:
            if key not in keys:
                raise _unknown(where, key, sorted(keys), file)
        for key in ("kpi", "target", "direction", "due"):
            if key not in g:
                raise InputError(f"{where}: missing `{key}` (a goal needs kpi, target, "
                                 "direction and due)", file=file)
        if not isinstance(g["kpi"], str):
            raise InputError(f"{where} kpi: expected a KPI name, got {g['kpi']!r}", file=file)
        for key in ("target", "baseline"):
            if key in g and not _kind_ok("float", g[key]):
                raise InputError(f"{where} {key}: expected a number, got {g[key]!r}", file=file)
        if g["direction"] not in GOAL_DIRECTIONS:
            raise InputError(f"{where} direction: expected \"at_least\" or \"at_most\", got "
                             f"{g['direction']!r}", file=file)
        if ("baseline" in g) != ("start" in g):
            raise InputError(f"{where}: a baseline needs the date it was measured (`start`) "
                             "and the other way round", file=file)
        due = _goal_date(g["due"], f"{where} due", file)
        start = _goal_date(g["start"], f"{where} start", file) if "start" in g else None
        if start is not None and start >= due:
            raise InputError(f"{where}: start {start} is not before due {due}", file=file)
        period = g.get("period", "report")
        if period not in GOAL_PERIODS:
            raise InputError(f"{where} period: expected one of {', '.join(GOAL_PERIODS)}, "
                             f"got {period!r}", file=file)
        goals.append({"kpi": g["kpi"], "target": float(g["target"]), "period": period,
                      "direction": g["direction"], "due": due, "start": start,
                      "baseline": float(g["baseline"]) if "baseline" in g else None,
                      "name": str(g.get("name", ""))})
    return tuple(goals)


# What a queue may set for itself; the grid and the clock stay the centre's, so queues
# add up interval by interval in the roll-up.
QUEUE_SECTIONS = ("centre", "service", "forecast", "channels")
_SHARED_CENTRE = ("timezone", "interval_minutes")


def _queues(raw: dict[str, Any], sections: dict[str, dict[str, Any]], path: Path | None,
            file: str) -> dict[str, Config]:
    """[queues.NAME] tables: a queue's own service goal, AHT, hours or forecast settings,
    each a full config (the centre's, with the queue's tables laid over it)."""
    tables = raw.get("queues", {})
    if not isinstance(tables, dict):
        raise InputError("[queues] must be a table of [queues.NAME] tables", file=file)
    out: dict[str, Config] = {}
    for name, table in tables.items():
        where = f"[queues.{name}]"
        if not isinstance(table, dict):
            raise InputError(f"{where} must be a table", file=file)
        merged = {k: v for k, v in raw.items() if k != "queues"}
        for section, values in table.items():
            if section not in QUEUE_SECTIONS:
                raise _unknown(where, section, list(QUEUE_SECTIONS), file)
            if not isinstance(values, dict):
                raise InputError(f"{where} {section}: expected a table", file=file)
            for key in _SHARED_CENTRE:
                if section == "centre" and key in values and \
                        values[key] != sections["centre"][key]:
                    raise InputError(f"{where} centre.{key}: every queue shares the centre's "
                                     f"{key} ({sections['centre'][key]!r}), so queues add up "
                                     "interval by interval", file=file)
            base = merged.get(section, {})
            merged[section] = {**base, **values} if isinstance(base, dict) else values
        try:
            out[str(name)] = parse_config(merged, path)
        except InputError as exc:
            raise InputError(f"{where}: {exc.message}", file=file) from None
    return out


def config_for_queue(config: Config, queue: str) -> Config:
    """The config a queue is planned with: its [queues.NAME] table over the centre's, or
    the centre's own where the queue has no table."""
    return config.extra.get("queues", {}).get(queue, config)


def _channels(raw: Any, service: dict[str, Any], file: str) -> dict[str, dict[str, Any]]:
    """[channels.NAME] tables: per-channel overrides of [service] (chat, e-mail, ...)."""
    if not isinstance(raw, dict):
        raise InputError("[channels] must be a table of [channels.NAME] tables", file=file)
    out = {}
    for name, table in raw.items():
        if not isinstance(table, dict):
            raise InputError(f"[channels.{name}] must be a table", file=file)
        merged = dict(service)
        for key, value in table.items():
            if key not in _SCHEMA["service"]:
                raise _unknown(f"[channels.{name}]", key, list(_SCHEMA["service"]), file)
            kind = _SCHEMA["service"][key][0]
            if not _kind_ok(kind, value):
                raise InputError(f"[channels.{name}] {key}: expected {_KIND_WORDS[kind]}, "
                                 f"got {value!r}", file=file)
            merged[key] = float(value) if kind == "float" else value
        check = {k: dict(v) for k, v in _DEFAULTS_FOR_CHECK.items()}
        check["service"] = merged
        _check_values(check, f"{file} [channels.{name}]")
        out[name] = merged
    return out


def read_toml(path: str | Path, what: str) -> dict[str, Any]:
    """A TOML file's tables, or an InputError naming the file (`what` names its kind)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{what} file not found", file=p)
    try:
        with p.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML: {exc}", file=p) from None


def load_config(path: str | Path | None) -> Config:
    """Read and validate a TOML config; None gives the defaults."""
    if path is None:
        return parse_config({})
    return parse_config(read_toml(path, "config"), Path(path))


def hours_by_weekday(config: Config) -> dict[int, tuple[int, int]]:
    """Agent hours per weekday (0 = Mon) in minutes after midnight, for open days only."""
    hours = config.centre["hours"]
    file = str(config.path) if config.path else "config"
    default = hours.get("default", ["00:00", "24:00"])
    out: dict[int, tuple[int, int]] = {}
    for i, day in enumerate(WEEKDAYS):
        if day not in config.centre["open_days"]:
            continue
        span = hours.get(day, default)
        out[i] = (_time_minutes(span[0], "[centre.hours]", file),
                  _time_minutes(span[1], "[centre.hours]", file))
    return out


@dataclass(frozen=True)
class SolverSettings:
    """How CP-SAT searches: its time limit, random seed and threads."""

    time_limit: float
    seed: int
    workers: int


def check_solver_options(time_limit: float | None, workers: int | None) -> None:
    """A time limit of zero or less, or fewer than one thread, is refused at once rather
    than blamed on the rules after the forecast."""
    if time_limit is not None and not time_limit > 0:
        raise InputError(f"--time-limit: expected seconds above 0, got {time_limit:g}")
    if workers is not None and workers < 1:
        raise InputError(f"--workers: expected 1 or more solver threads, got {workers}")


def solver_settings(config: Config, time_limit: float | None = None, seed: int | None = None,
                    workers: int | None = None, *, section: str = "roster") -> SolverSettings:
    """The command line's solver options over the config's: the time limit of `[section]`
    (`roster` or `season`), the seed and threads of `[roster]`."""
    check_solver_options(time_limit, workers)
    return SolverSettings(
        time_limit=config.sections[section]["time_limit_seconds"] if time_limit is None
        else time_limit,
        seed=config.roster["seed"] if seed is None else seed,
        workers=config.roster["workers"] if workers is None else workers)
