"""Frame contracts: `check` passes a good frame and names the frame and column of a bad
one; the README's table is `markdown_table`; and every declared frame's columns are the
ones the stages really produce, in memory and in the files they write."""

from __future__ import annotations

import re

import locations
import pandas as pd
import pytest

import wfm
from wfm.core.config import load_config, parse_config
from wfm.core.errors import InputError
from wfm.core.frames import FRAMES, FrameContractError, check, markdown_table

TINY = {
    "centre": {"name": "Tiny", "open_days": ["Mon", "Tue", "Wed", "Thu", "Fri"],
               "hours": {"default": ["08:00", "16:00"]}},
    "forecast": {"models": ["seasonal_naive"]},
    "service": {"aht_seconds": 300},
    "shift": [{"name": "day", "start": ["08:00", "08:00"], "hours": 8}],
    "contract": [{"name": "ft", "hours_per_week": [32, 40], "shifts": ["day"],
                  "cost_per_hour": 20.0},
                 {"name": "pt", "hours_per_week": [16, 20], "shifts": ["day"],
                  "cost_per_hour": 18.0}],
    "leave": {"min_block_days": 5, "max_away_share": 0.2},
    "season": {"hire_contract": "pt"},
}


def _daily_good() -> pd.DataFrame:
    return pd.DataFrame({"date": pd.to_datetime(["2024-01-01", "2024-01-02"]),
                         "volume": [10.0, 12.0], "lo": [8.0, 9.0], "hi": [12.0, 15.0],
                         "lo_95": [7.0, 8.0], "hi_95": [13.0, 16.0], "model": ["ets", "ets"]})


def _in_declared_order(columns, name: str) -> None:
    """The declared columns a frame has come in the declared order, and it has every
    required one."""
    declared = [c.name for c in FRAMES[name].columns]
    present = [c for c in columns if c in declared]
    assert present == [c for c in declared if c in present], (name, list(columns))
    assert set(FRAMES[name].required) <= set(columns), (name, list(columns))


def _file_matches(path, name: str) -> None:
    """A written file has exactly declared columns, in the declared order."""
    header = list(pd.read_csv(path, nrows=0).columns)
    assert set(header) <= {c.name for c in FRAMES[name].columns}, (name, header)
    _in_declared_order(header, name)


# --- check ---------------------------------------------------------------------------------

def test_a_good_frame_is_passed_back_as_it_is():
    frame = _daily_good()
    assert check(frame, "forecast_daily") is frame


def test_optional_columns_may_be_absent_or_present():
    frame = _daily_good()
    queued = frame.assign(queue="billing")[["queue", *frame.columns]]
    assert check(queued, "forecast_daily") is queued  # handed on as it is
    req = pd.DataFrame({"interval_start": pd.to_datetime(["2024-01-01 08:00"]),
                        "volume": [5.0], "aht_seconds": [300.0], "agents": [3], "staff": [4],
                        "service_level": [0.9], "asa_seconds": [8.0], "occupancy": [0.5]})
    check(req, "requirements")
    check(req.assign(channel="chat"), "requirements")


def test_a_missing_column_names_the_frame_and_the_column():
    with pytest.raises(FrameContractError, match=r"^forecast_daily: missing column 'hi_95'$"):
        check(_daily_good().drop(columns="hi_95"), "forecast_daily")


@pytest.mark.parametrize(("column", "value", "kind"), [
    ("volume", "ten", "number"),
    ("date", 3, "date"),
    ("model", 1.0, "text"),
])
def test_a_column_of_the_wrong_kind_names_frame_column_and_kind(column, value, kind):
    frame = _daily_good().assign(**{column: value})
    with pytest.raises(FrameContractError,
                       match=rf"^forecast_daily: column '{column}' should be {kind}, is "):
        check(frame, "forecast_daily")


def test_a_time_column_holds_times_or_their_text_never_numbers():
    req = pd.DataFrame({"interval_start": [1704096000], "volume": [5.0],
                        "aht_seconds": [300.0], "agents": [3], "staff": [4],
                        "service_level": [0.9], "asa_seconds": [8.0], "occupancy": [0.5]})
    with pytest.raises(FrameContractError, match="'interval_start' should be time"):
        check(req, "requirements")
    check(req.assign(interval_start=["2024-01-01T08:00"]), "requirements")  # as files hold it
    check(req.assign(interval_start=pd.to_datetime(["2024-01-01T08:00"])), "requirements")


def test_dates_held_as_text_pass_the_date_kind():
    leave = pd.DataFrame({"employee_id": ["E1"], "name": ["Ann"], "start_date": ["2025-01-06"],
                          "end_date": ["2025-01-10"], "days": [5], "kind": ["planned"]})
    check(leave, "leave_plan")


def test_an_empty_frame_is_held_to_its_columns_only():
    empty = _daily_good().iloc[:0].astype(object)
    assert check(empty, "forecast_daily") is empty
    with pytest.raises(FrameContractError, match="missing column 'model'"):
        check(empty.drop(columns="model"), "forecast_daily")


def test_a_broken_contract_is_a_bug_not_bad_input():
    assert issubclass(FrameContractError, TypeError)
    assert not issubclass(FrameContractError, InputError)


def test_required_columns_leave_out_the_optional_ones():
    assert FRAMES["forecast_daily"].required == ["date", "volume", "lo", "hi", "lo_95",
                                                 "hi_95", "model"]
    assert FRAMES["history"].required == []
    assert "channel" not in FRAMES["requirements"].required


def test_every_frame_has_unique_columns_of_known_kinds():
    kinds = {"time", "date", "month", "number", "integer", "text", "flag"}
    for name, frame in FRAMES.items():
        names = [c.name for c in frame.columns]
        assert len(names) == len(set(names)), name
        assert {c.kind for c in frame.columns} <= kinds, name
        assert frame.name == name


# --- the README's table -----------------------------------------------------------------------

def test_markdown_table_has_a_row_for_every_frame():
    lines = markdown_table().splitlines()
    assert lines[:2] == ["| frame | file | a row is | columns |", "| --- | --- | --- | --- |"]
    assert len(lines) == 2 + len(FRAMES)
    for line, (name, frame) in zip(lines[2:], FRAMES.items(), strict=True):
        assert line.startswith(f"| `{name}` | `{frame.file}` | {frame.row} | ")
        for col in frame.columns:
            assert (f"[{col.name}]" if col.optional else col.name) in line


def test_markdown_table_brackets_optional_columns_and_describes_dynamic_ones():
    lines = {line.split("`")[1]: line for line in markdown_table().splitlines()[2:]}
    assert "| [queue], date, volume, lo, hi, lo_95, hi_95, model |" in lines["forecast_daily"]
    assert lines["roster_grid"].endswith(f", {FRAMES['roster_grid'].dynamic} |")


def test_the_readme_table_is_the_generated_one():
    readme = (locations.REPO / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme


# --- what the stages produce -----------------------------------------------------------------

def test_the_history_columns_are_the_names_the_loader_reads_by_default():
    defaults = load_config(None).history
    declared = {c.name for c in FRAMES["history"].columns}
    mapped = {defaults[k] for k in ("date", "volume", "aht_seconds", "handle_seconds",
                                    "wait_seconds", "outcome", "queue", "channel")}
    assert mapped | {"timestamp", "interval_start"} == declared


@pytest.mark.parametrize(("rows", "form"), [
    ({"timestamp": ["2024-01-01T08:01", "2024-01-01T08:40"], "handle_seconds": [200, 100],
      "wait_seconds": [5, 0], "outcome": ["answered", "abandoned"], "queue": ["a", "a"],
      "channel": ["voice", "voice"]}, "contacts"),
    ({"interval_start": ["2024-01-01T08:00", "2024-01-01T08:30"], "volume": [4, 5],
      "aht_seconds": [300, 310]}, "intervals"),
    ({"date": ["2024-01-01", "2024-01-02"], "volume": [40, 50]}, "daily"),
])
def test_each_form_of_history_loads_from_the_declared_names(rows, form):
    hist = wfm.load_history(pd.DataFrame(rows), parse_config({}))
    assert hist.form == form


@pytest.fixture(scope="module")
def stages(synth, tmp_path_factory):
    """A two-year daily history of a small centre, forecast for January 2025 and staffed;
    the frames and the files written from them."""
    cfg = parse_config(TINY)
    daily = synth.daily(start="2023-01-02", days=730, level=300.0,
                        weekly=[1, 1, 1, 1, 1, 0, 0])
    hist = pd.DataFrame({"date": daily.index.strftime("%Y-%m-%d"),
                         "volume": daily.round().to_numpy()})
    hist = hist[daily.index.day_of_week < 5]
    fc = wfm.make_forecast(hist, cfg, month="2025-01")
    staffing = wfm.staff(fc, cfg)
    out = tmp_path_factory.mktemp("stages")
    wfm.write_files(out, {**fc.files(), **staffing.files()})
    return {"config": cfg, "history": hist, "forecast": fc, "staffing": staffing, "out": out}


@pytest.mark.parametrize(("name", "attr"), [("forecast_daily", "daily"),
                                            ("forecast_monthly", "monthly"),
                                            ("forecast_intervals", "intervals")])
def test_the_forecast_frames_have_their_declared_columns(stages, name, attr):
    frame = getattr(stages["forecast"], attr)
    assert list(frame.columns) == [c for c in (x.name for x in FRAMES[name].columns)
                                   if c in frame.columns]
    _in_declared_order(frame.columns, name)
    check(frame, name)
    _file_matches(stages["out"] / FRAMES[name].file, name)


def test_the_requirements_have_their_declared_columns(stages):
    req = stages["staffing"].requirements
    _in_declared_order(req.columns, "requirements")
    check(req, "requirements")
    # the file holds exactly the declared columns (the frame's `open` flag stays behind)
    header = list(pd.read_csv(stages["out"] / "requirements.csv", nrows=0).columns)
    assert header == [c.name for c in FRAMES["requirements"].columns if not c.optional]


def test_queue_frames_put_the_queue_column_first(synth):
    cfg = parse_config({"centre": {"hours": {"default": ["06:00", "22:00"]}},
                        "forecast": {"models": ["seasonal_naive"]}})
    parts = []
    for i, q in enumerate(("a", "b")):
        f = synth.intervals(days=35, seed=i).reset_index().drop(columns="handled")
        f["interval_start"] = f["interval_start"].dt.strftime("%Y-%m-%dT%H:%M")
        parts.append(f.assign(queue=q))
    fc = wfm.make_forecast(pd.concat(parts), cfg, days=2, scheduler="serial")
    req = wfm.staff(fc, cfg).requirements
    for name, frame in (("forecast_daily", fc.daily), ("forecast_monthly", fc.monthly),
                        ("forecast_intervals", fc.intervals), ("requirements", req)):
        assert frame.columns[0] == "queue", name
        _in_declared_order(frame.columns, name)


def test_the_whatif_table_has_its_declared_columns(stages):
    w = wfm.whatif({"whatif": {"replications": 2, "seed": 1},
                    "scenario": [{"name": "base"}, {"name": "more", "volume": "+10%"}]},
                   stages["config"], forecast=stages["forecast"])
    assert list(w.table.columns) == [c.name for c in FRAMES["whatif"].columns]
    check(w.table, "whatif")


def test_the_kpis_have_their_declared_columns(stages):
    kpis = wfm.report(stages["history"], stages["config"]).kpis
    assert list(kpis.columns) == [c.name for c in FRAMES["kpis"].columns]
    check(kpis, "kpis")


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    folder = tmp_path_factory.mktemp("team")
    employees = folder / "employees.csv"
    employees.write_text("employee_id,name,contract,leave_days_per_year\n"
                         + "".join(f"E{i},Person {i},ft,10\n" for i in range(1, 11)))
    overhauls = folder / "overhauls.csv"
    overhauls.write_text("job_id,staff_days,staff_needed,duration_days,earliest,latest\n"
                         "audit,10,,,2024-06-01,2024-08-31\n")
    return employees, overhauls


@pytest.fixture(scope="module")
def rostered(stages, team, tmp_path_factory):
    r = wfm.roster(stages["staffing"], "2025-01", stages["config"], team[0], time_limit=20)
    out = tmp_path_factory.mktemp("roster")
    wfm.write_files(out, r.files())
    return r, out


@pytest.mark.slow
def test_the_roster_frames_have_their_declared_columns(rostered):
    r, out = rostered
    assert list(r.long.columns) == [c.name for c in FRAMES["roster_long"].columns]
    fixed = [c.name for c in FRAMES["roster_grid"].columns]
    assert list(r.grid.columns[:3]) == fixed
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", c) for c in r.grid.columns[3:])
    cov = r.coverage
    _in_declared_order(cov.columns, "coverage")
    assert "queue" not in cov  # one team, no queues
    for name in ("roster_long", "roster_grid", "coverage"):
        header = list(pd.read_csv(out / FRAMES[name].file, nrows=0).columns)
        _in_declared_order(header, name)


@pytest.mark.slow
def test_roster_long_passes_its_own_check(rostered):
    check(rostered[0].long, "roster_long")


@pytest.mark.slow
def test_roster_coverage_passes_its_own_check(rostered):
    check(rostered[0].coverage, "coverage")


@pytest.mark.slow
def test_the_year_plan_frames_have_their_declared_columns(stages, team):
    year = wfm.plan_year(stages["history"], stages["config"], 2024, team[0],
                         overhauls=team[1], time_limit=20)
    for name, frame in (("leave_plan", year.leave), ("overhaul_plan", year.overhauls),
                        ("capacity", year.capacity)):
        assert list(frame.columns) == [c.name for c in FRAMES[name].columns], name
        check(frame, name)
    assert len(year.leave) and len(year.overhauls)  # the kinds were checked on real rows
