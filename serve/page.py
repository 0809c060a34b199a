"""The what-if page's work, as plain functions: no Streamlit here, so every step is testable.

The page loads a plan once (a history, forecast for the month, or an interval forecast a
run of `wfm forecast`/`wfm plan` wrote), turns the sliders into a scenario file's
"baseline" and one changed scenario (checked by the what-if file's own parser), staffs and
costs both with `wfm.schedule.whatif.compare.run_whatif`, and saves the scenarios as the TOML that
`wfm whatif` reads and the table as CSV.
"""

from __future__ import annotations

import atexit
import dataclasses
import hashlib
import json
import math
import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from wfm.core.calendar import Calendar, calendar_from_config, parse_month
from wfm.core.clock import wall_clock
from wfm.core.config import Config, config_for_queue, load_config
from wfm.core.csvin import read_csv_text
from wfm.core.errors import InputError
from wfm.core.output import write_all
from wfm.forecast.history import History
from wfm.forecast.pipeline import run_forecast
from wfm.forecast.queues import NO_QUEUE, load_queue_histories, total_history
from wfm.schedule.staffing.requirements import load_interval_forecast, requirements
from wfm.schedule.whatif.compare import COLUMNS, default_month, run_whatif
from wfm.schedule.whatif.inputs import scenario_calendar, scenario_config, scenario_intervals
from wfm.schedule.whatif.scenarios import ScenarioSet, parse_change, parse_scenarios

Kind = Literal["history", "forecast"]
Progress = Callable[[int, int, str], None]
PAGE = Path("what-if page")  # names the page in error messages about its scenarios
BASELINE = "baseline"
MONTHS_OFFERED = 12  # months after a history the page offers to forecast
# the four headline figures: table column (Erlang A / simulated pair by stem) and label
HEADLINES = (("required_fte", "Required FTE"), ("cost", "Cost"),
             ("service_level", "Service level"), ("abandonment", "Abandonment"))


@dataclass(frozen=True)
class Source:
    """What the page plans from: a history or an interval forecast, with its config."""

    kind: Kind
    path: Path
    config: Config
    calendar: Calendar
    months: tuple[str, ...]  # months the page can plan, the first one the default
    history: History | None = None  # kind "history"
    intervals: pd.DataFrame | None = None  # kind "forecast": the whole file
    history_path: Path | None = None  # the history CSV, for the saved scenario file
    queues: tuple[str, ...] = ()  # a file with a queue column: its queues, one planned
    histories: dict[str, History] | None = None  # kind "history" with queues


@dataclass(frozen=True)
class Plan:
    """One month's interval forecast with the config and calendar to staff it."""

    intervals: pd.DataFrame
    config: Config
    calendar: Calendar
    month: str
    source: Source
    queue: str | None = None  # the queue planned, when the file has several


@dataclass(frozen=True)
class PageValues:
    """The sliders: changes in percent, service settings (None: the config's), a team."""

    volume_pct: float = 0.0
    aht_pct: float = 0.0
    goal: float | None = None
    answer_seconds: float | None = None
    shrinkage: float | None = None
    headcount: float | None = None  # full-time people; None staffs to the goal
    name: str = ""  # the scenario's name; empty: described from the changes


@dataclass(frozen=True)
class Tile:
    """One headline figure of the changed scenario and its change against the baseline."""

    label: str
    value: float
    delta: float


# -- loading ---------------------------------------------------------------------------------
def csv_kind(path: str | Path) -> Kind:
    """Whether a CSV is an interval forecast (it has the forecast's `lo`/`hi` or `model`
    columns) or a history, so an uploaded file needs no second question."""
    frame = read_csv_text(Path(path), "history or forecast_intervals.csv")
    columns = {str(c).strip().lower() for c in frame.columns}
    return "forecast" if {"lo", "hi"} <= columns or "model" in columns else "history"


UPLOAD_IDLE_SECONDS = 300  # a session's uploads untouched this long are deleted
_SWEPT_AT_EXIT: set[Path] = set()


def upload_folder(root: str | Path, session: str) -> Path:
    """The folder a browser session keeps its uploads in, touched on every run of the
    page; the folders of sessions gone quiet are deleted on the way (`sweep_uploads`).
    A session that comes back stores its upload again from the browser's copy."""
    if Path(root) not in _SWEPT_AT_EXIT:  # and every one when the server stops
        atexit.register(shutil.rmtree, Path(root), ignore_errors=True)
        _SWEPT_AT_EXIT.add(Path(root))
    sweep_uploads(root)
    folder = Path(root) / session
    folder.mkdir(parents=True, exist_ok=True)
    os.utime(folder)
    return folder


def sweep_uploads(root: str | Path, idle: float = UPLOAD_IDLE_SECONDS) -> list[Path]:
    """Delete the upload folders no session has used for `idle` seconds; the ones
    deleted."""
    gone = []
    root = Path(root)
    if not root.is_dir():
        return gone
    now = time.time()
    for folder in root.iterdir():
        if folder.is_dir() and now - folder.stat().st_mtime > idle:
            shutil.rmtree(folder, ignore_errors=True)
            gone.append(folder)
    return gone


def store_upload(data: bytes, folder: str | Path) -> Path:
    """An uploaded CSV saved under a name made from its content, so a rerun of the page
    finds the same file (and its cached forecast) again."""
    if not data.strip():
        raise InputError("the uploaded file is empty", file="upload")
    out = Path(folder)
    name = f"upload-{hashlib.sha256(data).hexdigest()[:16]}.csv"
    if not (out / name).is_file():
        write_all(out, {name: lambda p: p.write_bytes(data)})
    return out / name


def open_source(config: str | Path | None, history: str | Path | None = None,
                forecast: str | Path | None = None) -> Source:
    """Read the config and the history (or interval forecast) once; the months on offer.

    With both files the interval forecast is planned and the history is only named in
    saved scenario files (`wfm whatif` forecasts from it)."""
    if history is None and forecast is None:
        raise InputError("give a history CSV or an interval forecast (forecast_intervals.csv)")
    cfg = load_config(config)
    cal = calendar_from_config(cfg)
    hist_path = Path(history).resolve() if history is not None else None
    if forecast is not None:
        path = Path(forecast).resolve()
        intervals = load_interval_forecast(path, cfg.centre["timezone"])
        if intervals.empty:
            raise InputError("the forecast has no intervals", file=path)
        months = wall_clock(pd.DatetimeIndex(intervals["interval_start"])).to_period("M")
        queues = tuple(sorted(intervals["queue"].unique())) if "queue" in intervals else ()
        return Source(kind="forecast", path=path, config=cfg, calendar=cal,
                      months=tuple(sorted({str(m) for m in months})), intervals=intervals,
                      history_path=hist_path, queues=queues)
    assert hist_path is not None
    histories = load_queue_histories(hist_path, cfg)
    hist = total_history(histories)
    first = pd.Period(default_month(hist), freq="M")
    months = tuple(str(first + k) for k in range(MONTHS_OFFERED))
    if NO_QUEUE in histories:
        return Source(kind="history", path=hist_path, config=cfg, calendar=cal,
                      months=months, history=hist, history_path=hist_path)
    return Source(kind="history", path=hist_path, config=cfg, calendar=cal, months=months,
                  history=hist, history_path=hist_path, queues=tuple(histories),
                  histories=histories)


def plan_month(source: Source, month: str | None = None,
               progress: Progress | None = None, queue: str | None = None) -> Plan:
    """The month's interval forecast: forecast from the history (backtests and all, the
    slow step), or the month's rows of the interval forecast. With queues, one queue (the
    first by default), staffed with its own `[queues.NAME]` config."""
    month = month or source.months[0]
    parse_month(month)
    cfg, cal = source.config, source.calendar
    if source.queues:
        queue = queue or source.queues[0]
        if queue not in source.queues:
            raise InputError(f"no queue is called {queue!r} (queues: "
                             f"{', '.join(source.queues)})", file=source.path)
        cfg = config_for_queue(source.config, queue)
        cal = calendar_from_config(cfg)
    else:
        queue = None
    if source.kind == "history":
        history = source.histories[queue] if source.histories and queue else source.history
        assert history is not None
        intervals = run_forecast(history, cfg, cal, month=month, progress=progress).intervals
    else:
        assert source.intervals is not None
        if month not in source.months:
            raise InputError(f"month {month} is not in the forecast (it has "
                             f"{', '.join(source.months)})", file=source.path)
        frame = source.intervals
        if queue is not None:
            frame = frame[frame["queue"] == queue].drop(columns="queue")
        stamps = wall_clock(pd.DatetimeIndex(frame["interval_start"])).to_period("M")
        intervals = frame[np.asarray(stamps == pd.Period(month, freq="M"))]
        intervals = intervals.reset_index(drop=True)
    return Plan(intervals=intervals, config=cfg, calendar=cal, month=month, source=source,
                queue=queue)


def load_plan(config: str | Path | None, history: str | Path | None = None,
              forecast: str | Path | None = None, month: str | None = None,
              progress: Progress | None = None) -> Plan:
    """`open_source` then `plan_month`: the plan inputs in one call."""
    return plan_month(open_source(config, history, forecast), month, progress)


# -- the scenarios ---------------------------------------------------------------------------
def default_values(config: Config) -> PageValues:
    """The sliders at rest: no change, the config's service settings, staffed to the goal."""
    svc = config.service
    return PageValues(goal=svc["goal"], answer_seconds=svc["answer_seconds"],
                      shrinkage=svc["shrinkage"])


def change_text(pct: float) -> str:
    """A percentage as the scenario file writes a change: 20 -> '+20%', -7.5 -> '-7.5%'."""
    if not math.isfinite(pct):
        return f"{pct}%"
    text = f"{abs(pct):.6f}".rstrip("0").rstrip(".")
    return f"{'-' if pct < 0 else '+'}{text}%"


def describe(values: PageValues, config: Config) -> str:
    """A scenario name from its changes, e.g. 'volume +20%, goal 0.90'."""
    svc = config.service
    parts = []
    if values.volume_pct:
        parts.append(f"volume {change_text(values.volume_pct)}")
    if values.aht_pct:
        parts.append(f"handle time {change_text(values.aht_pct)}")
    if values.goal is not None and values.goal != svc["goal"]:
        parts.append(f"goal {values.goal:.2f}")
    if values.answer_seconds is not None and values.answer_seconds != svc["answer_seconds"]:
        parts.append(f"answer {values.answer_seconds:g} s")
    if values.shrinkage is not None and values.shrinkage != svc["shrinkage"]:
        parts.append(f"shrinkage {values.shrinkage:.0%}")
    if values.headcount is not None:
        parts.append(f"team of {values.headcount:g}")
    return ", ".join(parts) or "no change"


def page_scenarios(values: PageValues, config: Config, *, month: str | None = None,
                   history: Path | None = None, seed: int = 7,
                   replications: int = 20) -> ScenarioSet:
    """The baseline and the sliders' scenario as a scenario file would give them.

    The slider values are written as the file's keys and checked by its parser
    (`wfm.schedule.whatif.scenarios.parse_scenarios`), so a bad value fails with the same message a
    bad file would, and what the page saves is exactly what it ran. Only settings that
    differ from the config are written."""
    svc = config.service
    name = values.name.strip() or describe(values, config)
    page: dict[str, Any] = {"name": name}
    if values.volume_pct:
        page["volume"] = change_text(values.volume_pct)
    if values.aht_pct:
        page["aht"] = change_text(values.aht_pct)
    for key in ("goal", "answer_seconds", "shrinkage"):
        value = getattr(values, key)
        if value is not None and value != svc[key]:
            page[key] = value
    if values.headcount is not None:
        page["headcount"] = values.headcount
    settings: dict[str, Any] = {"seed": seed, "replications": replications,
                                "baseline": BASELINE}
    if month:
        settings["month"] = month
    if history is not None:
        settings["history"] = str(history)
    return parse_scenarios({"whatif": settings, "scenario": [{"name": BASELINE}, page]}, PAGE)


# -- the figures -----------------------------------------------------------------------------
def whatif_row(scenarios: ScenarioSet, name: str, plan: Plan,
               replications: int = 0) -> pd.DataFrame:
    """One scenario of the set through `run_whatif` alone (the page caches rows, so the
    baseline is not staffed again when a slider moves); the same figures as in the whole
    set's run, since every scenario runs with the set's seed."""
    one = dataclasses.replace(scenarios, scenarios=(scenarios.scenario(name),), baseline=name)
    return run_whatif(one, plan.intervals, plan.config, plan.calendar,
                      replications=replications)


def side_by_side(rows: list[pd.DataFrame], baseline: str) -> pd.DataFrame:
    """Rows of `whatif_row` as one table, with the changes against the baseline row."""
    table = pd.concat(rows, ignore_index=True)
    base = table.set_index("scenario").loc[baseline]
    table["fte_change"] = table["required_fte"] - base["required_fte"]
    table["cost_change"] = table["cost"] - base["cost"]
    return table[COLUMNS]


def compare(scenarios: ScenarioSet, plan: Plan, replications: int = 0) -> pd.DataFrame:
    """The side-by-side table of every scenario (`run_whatif`); replications 0 is Erlang A
    only, the quick figures a moving slider wants."""
    return run_whatif(scenarios, plan.intervals, plan.config, plan.calendar,
                      replications=replications)


def required_staff(scenarios: ScenarioSet, plan: Plan) -> pd.DataFrame:
    """Staff to schedule per interval (all channels), one column per scenario: what each
    scenario needs for its goal, from the requirements stage as `run_whatif` uses it."""
    columns = {}
    for scenario in scenarios.scenarios:
        cfg = scenario_config(plan.config, scenario)
        cal = scenario_calendar(plan.calendar, cfg)
        frame = scenario_intervals(plan.intervals, scenario, cal, scenarios.path)
        try:
            req = requirements(frame, cfg, cal)
        except ValueError as exc:
            raise InputError(f"scenario '{scenario.name}': {exc}", file=scenarios.path) from None
        columns[scenario.name] = req.groupby("interval_start")["staff"].sum()
    out = pd.DataFrame(columns)
    out.index.name = "interval_start"
    return out


def daily_staff_hours(staff: pd.DataFrame, interval_minutes: int) -> pd.DataFrame:
    """Staff-hours to schedule per day, per scenario: the month at a glance."""
    days = wall_clock(pd.DatetimeIndex(staff.index)).normalize()  # the centre's dates
    out = staff.groupby(days).sum() * (interval_minutes / 60.0)
    out.index.name = "date"
    return out


def headline(table: pd.DataFrame, scenario: str, baseline: str = BASELINE,
             simulated: bool = False) -> list[Tile]:
    """Required FTE, cost, service level and abandonment of `scenario` with their changes
    against the baseline; service figures simulated or by Erlang A."""
    rows = table.set_index("scenario")
    tiles = []
    for stem, label in HEADLINES:
        column = stem if stem in rows else f"{stem}_{'sim' if simulated else 'erlang_a'}"
        value = float(rows.loc[scenario, column])
        tiles.append(Tile(label=label, value=value,
                          delta=value - float(rows.loc[baseline, column])))
    return tiles


def display_table(table: pd.DataFrame, simulated: bool = False) -> pd.DataFrame:
    """The table with the columns a manager reads, named in words and rounded as read; the
    simulated columns only when the simulation ran."""
    names = {"scenario": "scenario", "plan": "plan", "volume": "contacts",
             "required_fte": "required FTE", "fte_change": "FTE change",
             "paid_hours": "paid hours", "cost": "cost", "cost_change": "cost change",
             "cost_per_contact": "cost per contact",
             "service_level_erlang_a": "service level (Erlang A)",
             "asa_erlang_a": "ASA s (Erlang A)", "abandonment_erlang_a": "abandonment (Erlang A)",
             "occupancy_erlang_a": "occupancy (Erlang A)"}
    if simulated:
        names.update({"service_level_sim": "service level (simulated)",
                      "service_level_sim_lo": "service level 95% low",
                      "service_level_sim_hi": "service level 95% high",
                      "asa_sim": "ASA s (simulated)",
                      "abandonment_sim": "abandonment (simulated)",
                      "occupancy_sim": "occupancy (simulated)"})
    digits = {"volume": 0, "required_fte": 1, "fte_change": 1, "paid_hours": 0, "cost": 0,
              "cost_change": 0, "cost_per_contact": 2}
    shown = table[list(names)].round({c: digits.get(c, 3) for c in names if c not in (
        "scenario", "plan")})
    return shown.rename(columns=names)


# -- saving ----------------------------------------------------------------------------------
def _toml_value(value: Any) -> str:
    """One TOML value: strings quoted (JSON escapes are TOML's), numbers as Python
    writes them (which TOML reads back exactly), arrays and inline tables."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"no TOML for {value!r} in a scenario file")
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(str(k))} = {_toml_value(v)}"
                                for k, v in value.items()) + " }"
    raise TypeError(f"no TOML for {type(value).__name__}")


def _factor_text(factor: float) -> str | None:
    """A multiplier as the shortest '+N%' change the scenario file reads back exactly."""
    pct = (factor - 1.0) * 100.0
    for digits in range(0, 16):
        text = f"{'-' if pct < 0 else '+'}{abs(pct):.{digits}f}%"
        if parse_change(text) == factor:
            return text
    return None


def _path_text(path: Path, folder: Path | None) -> str:
    """A path as the scenario file names it: relative to the file's folder when both are
    on one drive, else absolute (the parser takes relative paths from the file); for a
    download (no folder) the file's name alone, so that no server path leaves the page."""
    path = Path(path).resolve()
    if folder is None:
        return path.name
    try:
        return os.path.relpath(path, Path(folder).resolve())
    except ValueError:
        return str(path)


def scenario_tables(scenarios: ScenarioSet, folder: Path | None = None) -> dict[str, Any]:
    """The set as the parsed TOML of a scenario file (`[whatif]` and `[[scenario]]`)."""
    settings: dict[str, Any] = {}
    for key in ("history", "employees", "time_off"):
        if getattr(scenarios, key) is not None:
            settings[key] = _path_text(getattr(scenarios, key), folder)
    if scenarios.month:
        settings["month"] = scenarios.month
    settings.update(seed=scenarios.seed, replications=scenarios.replications,
                    baseline=scenarios.baseline)
    if scenarios.fte_hours_per_week is not None:
        settings["fte_hours_per_week"] = scenarios.fte_hours_per_week
    tables = []
    for s in scenarios.scenarios:
        t: dict[str, Any] = {"name": s.name}
        if s.volume_by_month:
            t["volume"] = {m: _factor_text(f) or f for m, f in s.volume_by_month}
        elif s.volume != 1.0:
            t["volume"] = _factor_text(s.volume) or s.volume
        if s.aht_seconds is not None:
            t["aht"] = s.aht_seconds
        elif s.aht_factor != 1.0:
            # a number would mean seconds: the change is always written in percent
            t["aht"] = _factor_text(s.aht_factor) or change_text((s.aht_factor - 1) * 100)
        for key in ("move_to_chat", "move_to_email"):
            if getattr(s, key):
                t[key] = getattr(s, key)
        t.update(dict(s.service))
        if s.hours is not None:
            t["hours"] = {day: list(span) for day, span in s.hours}
        if s.headcount is not None:
            t["headcount"] = s.headcount
        if s.hires:
            t["hires"] = s.hires
        if s.roster:
            t["roster"] = True
        tables.append(t)
    return {"whatif": settings, "scenario": tables}


def scenarios_toml(scenarios: ScenarioSet, folder: Path | None = None,
                   config: Path | None = None) -> str:
    """The scenario set as a what-if TOML file that `wfm whatif` (and `load_scenarios`)
    reads back to the same scenarios; paths relative to `folder`, where it will be saved."""
    raw = scenario_tables(scenarios, folder)
    lines = ["# What-if scenarios saved from the what-if page (wfm serve).", "#"]
    run = "#   wfm whatif THIS_FILE"
    if config is not None:  # beside the file, or by name only: no server path leaves the page
        run += f" --config {_path_text(config, folder)}"
    lines += [run + " --out out/whatif", ""]
    if "history" not in raw["whatif"]:
        lines.append("# no history was named: give --history to wfm whatif")
    lines.append("[whatif]")
    lines += [f"{k} = {_toml_value(v)}" for k, v in raw["whatif"].items()]
    for table in raw["scenario"]:
        lines += ["", "[[scenario]]"]
        lines += [f"{k} = {_toml_value(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


SAVE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\.toml")


def save_scenarios(scenarios: ScenarioSet, folder: str | Path, name: str,
                   config: Path | None = None, protect: tuple[str | Path, ...] = ()) -> Path:
    """Write the scenario file `name` into `folder` (the one `wfm serve --save-dir`
    allows) all at once, never over an input (`protect`); a name with a folder in it is
    refused, so the page writes nowhere else. Paths are written relative to the folder."""
    name = name.strip()
    if not SAVE_NAME.fullmatch(name) or name.startswith(".."):
        raise InputError(f"expected a file name like scenarios.toml (letters, digits, "
                         f"'-', '_' and '.'; no folders), got {name!r}")
    target = Path(folder) / name
    if target.is_dir():
        raise InputError("expected a file name to save the scenarios to, and this is a "
                         "folder", file=target)
    text = scenarios_toml(scenarios, target.parent, config)
    write_all(target.parent, {target.name: lambda p: p.write_text(text, encoding="utf-8")},
              protect=protect)
    return target


def table_csv(table: pd.DataFrame) -> str:
    """The side-by-side table as CSV, as `wfm whatif` writes whatif.csv."""
    return table.to_csv(index=False, float_format="%.4f", lineterminator="\n")
