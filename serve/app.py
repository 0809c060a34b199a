"""The what-if page (`wfm serve`): sliders change the plan, tiles and charts show the result.

Run with `streamlit run serve/app.py -- [--config F] [--history F | --forecast F]
[--month YYYY-MM]`; with no files named it plans the bundled sample. The forecast is
cached (it is the slow step), and so is each scenario's staffing, so a slider move
staffs only the changed scenario. This script only renders; the work is in serve.page.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import os
import sys
import tempfile
import uuid
from pathlib import Path
from typing import NoReturn

import pandas as pd
import streamlit as st

from wfm.core.charts import plt
from wfm.core.errors import InputError, NotEnoughHistory
from wfm.serve import charts, page
from wfm.serve.launch import AppArgs, parse_app_args

REPLICATIONS = 20  # simulation runs per scenario when the check is on
FORMATS = {"Required FTE": ("{:.1f}", "{:+.1f}"), "Cost": ("{:,.0f}", "{:+,.0f}"),
           "Service level": ("{:.1%}", "pct"), "Abandonment": ("{:.1%}", "pct")}
# a rise in cost, FTE or abandonment shows red; a rise in service level green
DELTA_COLOURS = {"Required FTE": "inverse", "Cost": "inverse", "Service level": "normal",
                 "Abandonment": "inverse"}


def _stamp(*paths: Path | None) -> tuple:
    """Modification times of the input files: a changed file is read again."""
    return tuple(p.stat().st_mtime_ns if p is not None and p.is_file() else None
                 for p in paths)


@st.cache_resource(show_spinner=False, max_entries=8)
def _source(config: Path | None, history: Path | None, forecast: Path | None,
            stamp: tuple) -> page.Source:
    """The config and the history or forecast file, read once per file version."""
    return page.open_source(config, history, forecast)


@st.cache_resource(show_spinner=False, max_entries=16)
def _plan(_source: page.Source, key: tuple, month: str, queue: str | None) -> page.Plan:
    """The month's interval forecast (from a history: the slow step), once per month and
    queue."""
    return page.plan_month(_source, month, queue=queue)


@st.cache_data(show_spinner=False, max_entries=256)
def _staffed(_scenarios: page.ScenarioSet, _plan: page.Plan, _name: str, key: str,
             replications: int) -> pd.DataFrame:
    """One scenario staffed, costed (and simulated), once per plan and set of changes
    (`key`); the name is not part of it, so renaming or "no change" costs nothing."""
    return page.whatif_row(_scenarios, _name, _plan, replications)


def _row(scenarios: page.ScenarioSet, plan: page.Plan, name: str, plan_key: str,
         replications: int) -> pd.DataFrame:
    """The scenario's row of the table, from the cache when its changes were seen."""
    scenario = dataclasses.replace(scenarios.scenario(name), name="")
    key = repr((plan_key, scenario, scenarios.seed, scenarios.fte_hours_per_week))
    return _staffed(scenarios, plan, name, key, replications).assign(scenario=name)


def _fail(exc: Exception) -> NoReturn:
    """Show a bad input as one line, as the command line would, and stop the page."""
    st.error(str(exc))
    st.stop()
    raise AssertionError("st.stop() returned")  # it raises; this tells the type checker


# the server's uploads, a folder per browser session, all deleted when the server stops
UPLOADS = Path(tempfile.gettempdir()) / f"wfm-serve-uploads-{os.getpid()}"


def _upload_folder() -> Path:
    """This browser session's own folder for uploads (sessions gone quiet lose theirs)."""
    session = st.session_state.setdefault("upload_session", uuid.uuid4().hex)
    return page.upload_folder(UPLOADS, session)


def _inputs(args: AppArgs) -> tuple[Path | None, Path | None, Path | None, str]:
    """Config, history and forecast paths, from the command line or an uploaded CSV, and
    what to call the plan's source on the page."""
    named = "the bundled sample" if args.sample else "the files given to wfm serve"
    choice = st.sidebar.radio("Plan from", [named, "an uploaded CSV"], key="source")
    if choice == named:
        plan_file = args.forecast or args.history
        return (args.config, args.history, args.forecast,
                named if args.sample else plan_file.name if plan_file else named)
    upload = st.sidebar.file_uploader("History or forecast_intervals.csv", type=["csv"],
                                      key="upload")
    if upload is None:
        st.info("Upload a history CSV, or the forecast_intervals.csv of `wfm forecast` or "
                "`wfm plan`. It is read with the config given to wfm serve.")
        st.stop()
    path = page.store_upload(upload.getvalue(), _upload_folder())
    kind = page.csv_kind(path)
    st.sidebar.caption(f"read as {'an interval forecast' if kind == 'forecast' else 'a history'}")
    if kind == "history":
        return args.config, path, None, upload.name
    return args.config, None, path, upload.name


def _values(plan: page.Plan, base_fte: float, key: str) -> page.PageValues:
    """The sliders, starting from no change and the config's service settings; `key`
    names the plan, so the service sliders start again from a new config's values."""
    svc = plan.config.service
    bar = st.sidebar
    bar.header("Change the plan")
    volume = bar.slider("Volume change %", -30, 50, 0, 1, key="volume")
    aht = bar.slider("Handle time change %", -30, 50, 0, 1, key="aht")
    goal = bar.slider("Service goal: share answered in time", min(0.5, svc["goal"]),
                      max(0.99, svc["goal"]), float(svc["goal"]), 0.01, key=f"goal|{key}")
    answer = bar.slider("... within seconds", 0.0, max(120.0, float(svc["answer_seconds"])),
                        float(svc["answer_seconds"]), 1.0, format="%.0f",
                        key=f"answer|{key}")
    shrinkage = bar.slider("Shrinkage", 0.0, max(0.6, svc["shrinkage"]),
                           float(svc["shrinkage"]), 0.01, key=f"shrinkage|{key}")
    top = max(100, math.ceil((base_fte if math.isfinite(base_fte) else 0.0) * 3 / 50) * 50)
    headcount = bar.slider("Headcount (full-time people; 0 = staff to the goal)", 0, top, 0,
                           1, key=f"headcount|{key}")
    name = bar.text_input("Scenario name (empty: described from the changes)", key="name")
    return page.PageValues(volume_pct=volume, aht_pct=aht, goal=goal, answer_seconds=answer,
                           shrinkage=shrinkage, headcount=headcount or None, name=name)


def _tiles(table: pd.DataFrame, name: str, simulated: bool) -> None:
    """Four metric tiles: the scenario's figure and its change against the baseline."""
    for col, tile, base in zip(st.columns(4), page.headline(table, name, simulated=simulated),
                               page.headline(table, page.BASELINE, simulated=simulated),
                               strict=True):
        value_fmt, delta_fmt = FORMATS[tile.label]
        if not math.isfinite(tile.value):
            col.metric(tile.label, "n/a", help="no hourly rate in the config's contracts")
            continue
        delta = (f"{tile.delta * 100:+.1f} pts" if delta_fmt == "pct"
                 else delta_fmt.format(tile.delta)) if tile.delta else None
        col.metric(tile.label, value_fmt.format(tile.value), delta,
                   delta_color=DELTA_COLOURS[tile.label],  # type: ignore[arg-type]
                   help=f"baseline: {value_fmt.format(base.value)}")


def main() -> None:
    """The page, top to bottom."""
    st.set_page_config(page_title="wfm what-if", layout="wide")
    try:
        args = parse_app_args(sys.argv[1:])
    except InputError as exc:
        _fail(exc)
    st.title("What-if: staff, cost and service")
    config, history, forecast, where = _inputs(args)
    try:
        source = _source(config, history, forecast, _stamp(config, history, forecast))
    except (InputError, NotEnoughHistory) as exc:
        _fail(exc)
    skey = (str(config), str(history), str(forecast), str(_stamp(config, history, forecast)))
    months = list(source.months)
    if args.month and source.kind == "history" and args.month not in months:
        months.insert(0, args.month)
    month = st.sidebar.selectbox("Month", months, index=months.index(args.month)
                                 if args.month in months else 0, key=f"month|{skey}")
    queue = (st.sidebar.selectbox("Queue", list(source.queues), key=f"queue|{skey}",
                                  help="Each queue is planned with its own [queues.NAME] "
                                       "settings")
             if source.queues else None)
    try:
        if source.kind == "history":
            with st.spinner(f"Forecasting {month} from the history (backtests; about 20 s) ..."):
                plan = _plan(source, skey, month, queue)
        else:
            plan = _plan(source, skey, month, queue)
    except (InputError, NotEnoughHistory) as exc:
        _fail(exc)
    cfg = plan.config
    pkey = hashlib.sha1(repr((*skey, month, queue)).encode()).hexdigest()[:12]
    simulate = st.sidebar.toggle("Check with simulation (slower)", key="simulate",
                                 help=f"{REPLICATIONS} simulated runs per scenario beside "
                                      "Erlang A")
    replications = REPLICATIONS if simulate else 0
    rest = page.page_scenarios(page.default_values(cfg), cfg, month=month)
    with st.spinner("Staffing the baseline ..."):
        base_row = _row(rest, plan, page.BASELINE, pkey, replications)
    values = _values(plan, float(base_row["required_fte"].iloc[0]), pkey)
    try:
        scenarios = page.page_scenarios(values, cfg, month=month, history=source.history_path,
                                        replications=REPLICATIONS)
        name = scenarios.scenarios[1].name
        with st.spinner(f"Staffing '{name}' ..."):
            row = _row(scenarios, plan, name, pkey, replications)
        table = page.side_by_side([base_row, row], page.BASELINE)
        staff = page.required_staff(scenarios, plan)
    except InputError as exc:
        _fail(exc)

    st.caption(f"{cfg.centre['name']}{f', queue {queue}' if queue else ''}, {month}, "
               f"planned from {where} "
               f"({'interval forecast' if source.kind == 'forecast' else 'history'}). "
               f"Service figures: {'simulated' if simulate else 'Erlang A through the day'}.")
    st.subheader(f"{page.BASELINE} vs {name}")
    _tiles(table, name, simulate)
    if values.headcount is not None:
        st.caption("A headcount asks what service that team gives: the required FTE is still "
                   "what the goal needs, the cost is the team's.")
    daily = page.daily_staff_hours(staff, cfg.centre["interval_minutes"])
    fig = charts.staff_chart(daily, page.BASELINE, name,
                             "required staff through the month (staff-hours per day)")
    st.pyplot(fig)
    plt.close(fig)
    fig = charts.kpi_chart(page.headline(table, page.BASELINE, simulated=simulate),
                           page.headline(table, name, simulated=simulate), page.BASELINE, name)
    st.pyplot(fig)
    plt.close(fig)
    st.dataframe(page.display_table(table, simulate), hide_index=True)

    st.subheader("Save")
    left, right = st.columns(2)
    left.download_button("Save scenarios (TOML)", page.scenarios_toml(scenarios, None, cfg.path),
                         file_name="scenarios.toml", mime="application/toml", key="save_toml")
    right.download_button("Export CSV", page.table_csv(table), file_name="whatif.csv",
                          mime="text/csv", key="export_csv")
    if args.save_dir is None:
        return  # the page writes nothing on the server unless wfm serve --save-dir allows it
    name = st.text_input(f"Or save the scenarios in the folder wfm serve was given "
                         f"({args.save_dir.name}/), as", value="scenarios.toml",
                         key="save_name")
    if st.button("Save scenarios there", key="save_file"):
        protect = tuple(p for p in (config, history, forecast) if p is not None)
        try:
            written = page.save_scenarios(scenarios, args.save_dir, name, cfg.path,
                                          protect=protect)
        except InputError as exc:
            st.error(str(exc))
        else:
            st.success(f"wrote {written.name} in {args.save_dir.name}/")


main()
