"""The KPI report as one self-contained HTML page: the KPI table with units, the definitions
under it, what is not available and why, and the charts embedded as PNG data URIs (no
external files, no scripts, nothing fetched)."""

from __future__ import annotations

import base64
import html

import pandas as pd

from wfm.schedule.report.charts import Chart
from wfm.schedule.report.data import ReportData
from wfm.schedule.report.definitions import FAMILIES, family_of, kpi_label

_STYLE = """
body { font-family: sans-serif; margin: 2em auto; max-width: 1150px; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #bbb; padding: 0.3em 0.7em; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.family th { background: #eef2f7; }
.code { color: #777; font-size: 0.8em; font-family: monospace; }
dt { font-weight: bold; margin-top: 0.4em; }
figure { margin: 1.5em 0; }
img { max-width: 100%; height: auto; }
.note { color: #555; }
"""


def format_value(value: float, unit: str) -> str:
    """A KPI value as a planner reads it: shares as percentages, times in seconds."""
    if unit == "share":
        return f"{value:.1%}"
    if unit == "seconds":
        return f"{value:,.1f} s"
    if unit in ("contacts", "responses", "tickets"):
        return f"{value:,.0f}"
    if unit == "people":
        return f"{value:,.1f}"
    if unit == "points":
        return f"{value:.1f}"
    if unit.startswith("score"):
        return f"{value:.2f}"
    if unit == "index":
        return f"{value:.2f}"
    if unit == "hours":
        return f"{value:,.1f}"
    if unit.startswith("currency"):
        return f"{value:,.2f}"
    return f"{value:,.4g}"


def kpi_rows(data: ReportData) -> list[tuple[str, str, str]]:
    """The KPI table as text rows (kpi, formatted value, unit), for the page and terminal."""
    return [(r.kpi, format_value(r.value, r.unit), r.unit) for r in data.kpis.itertuples()]


def goal_words(data: ReportData) -> dict[str, str]:
    """Each KPI with a goal: its status and target in words, e.g. "at risk (at least
    80.0% by 2027-06-30)"."""
    if data.goals is None:
        return {}
    units = dict(zip(data.kpis["kpi"], data.kpis["unit"], strict=True))
    out: dict[str, str] = {}
    for g in data.goals.itertuples():
        target = format_value(g.target, units.get(g.kpi, ""))
        words = f"{g.status} ({g.direction.replace('_', ' ')} {target} by {g.due})"
        out[g.kpi] = f"{out[g.kpi]}; {words}" if g.kpi in out else words
    return out


def _scorecard(data: ReportData) -> str:
    """The KPI table in the scorecard's families, tactical to strategic: each measure by
    name (and its kpis.csv code), value, unit, the days it covers when not the report's
    whole period, and its goal status."""
    e = html.escape
    goals = goal_words(data)
    periods = _own_periods(data)
    rows = []
    for family, _ in FAMILIES:
        mine = [r for r in kpi_rows(data) if family_of(r[0]) == family]
        rows.append(f'<tr class="family"><th colspan="5">{e(family)}</th></tr>')
        if not mine:
            rows.append('<tr><td colspan="5" class="note">nothing the inputs give (see Not '
                        "available)</td></tr>")
            continue
        rows += [f'<tr><td>{e(kpi_label(k))} <span class="code">{e(k)}</span></td>'
                 f'<td class="num">{e(v)}</td><td>{e(u)}</td>'
                 f"<td>{e(periods.get(k, ''))}</td><td>{e(goals.get(k, ''))}</td></tr>"
                 for k, v, u in mine]
    return ("<table><thead><tr><th>measure</th><th>value</th><th>unit</th><th>period</th>"
            "<th>goal</th></tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>")


def _own_periods(data: ReportData) -> dict[str, str]:
    """KPIs computed over other days than the report's period, with those days."""
    if "period_start" not in data.kpis:
        return {}
    spans = data.kpis.set_index("kpi")[["period_start", "period_end"]]
    common = spans.mode().iloc[0] if len(spans) else None
    return {k: f"{r.period_start} to {r.period_end}" for k, r in spans.iterrows()
            if common is not None and (r.period_start, r.period_end) != tuple(common)}


def _goal_table(data: ReportData) -> list[str]:
    e = html.escape
    units = dict(zip(data.kpis["kpi"], data.kpis["unit"], strict=True))
    rows = []
    for g in data.goals.itertuples():
        unit = units.get(g.kpi, "")
        cells = [g.name, g.status, format_value(g.value, unit) if pd.notna(g.value) else "n/a",
                 format_value(g.previous, unit) if pd.notna(g.previous) else "n/a", g.trend,
                 f"{g.direction.replace('_', ' ')} {format_value(g.target, unit)}", g.due,
                 (f"{format_value(g.baseline, unit)} on {g.start}" if g.start else "none"),
                 format_value(g.expected, unit) if pd.notna(g.expected) else "n/a"]
        rows.append("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("goal", "status", "this period", "previous month",
                                              "trend", "target", "due", "baseline",
                                              "on the path by now"))
    return ["<h2>Goals</h2>", f"<table><thead><tr>{head}</tr></thead>",
            "<tbody>\n" + "\n".join(rows) + "\n</tbody></table>"]


def _img(chart: Chart, png: bytes) -> str:
    uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    alt = html.escape(chart.alt, quote=True)
    return (f'<figure><img src="{uri}" alt="{alt}">'
            f"<figcaption>{html.escape(chart.alt)}</figcaption></figure>")


QUEUE_KPIS = ("offered", "service_level", "asa", "abandonment", "aht")


def _queue_table(data: ReportData) -> list[str]:
    """The main KPIs with one row per queue, each in its own config's terms."""
    e = html.escape
    table = data.by_queue
    shown = [k for k in QUEUE_KPIS if k in set(table["kpi"])]
    head = "".join(f"<th>{e(k)}</th>" for k in shown)
    rows = []
    for queue, group in table.groupby("queue", sort=True):
        cells = {r.kpi: format_value(r.value, r.unit) for r in group.itertuples()}
        rows.append(f"<tr><td>{e(str(queue))}</td>" + "".join(
            f'<td class="num">{e(cells.get(k, "n/a"))}</td>' for k in shown) + "</tr>")
    return ["<h2>By queue</h2>",
            f"<table><thead><tr><th>queue</th>{head}</tr></thead>",
            "<tbody>\n" + "\n".join(rows) + "\n</tbody></table>"]


def report_html(data: ReportData, charts: list[tuple[Chart, bytes]]) -> str:
    """The whole page as one string of HTML; charts come as (chart, PNG bytes) pairs."""
    e = html.escape
    defs = "\n".join(f"<dt>{e(k)}</dt><dd>{e(text)}</dd>" for k, text in data.definitions)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(data.title)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{e(data.title)}</h1>",
        f'<p class="note">Period: {e(data.period)}. Rates are shares of the contacts '
        "offered; times in seconds.</p>",
        "<h2>Scorecard</h2>",
        _scorecard(data),
    ]
    if data.goals is not None and len(data.goals):
        parts += _goal_table(data)
    parts += ["<h3>Definitions</h3>", f"<dl>\n{defs}\n</dl>"]
    if data.unavailable:
        items = "\n".join(f"<li>{e(k)}: not available: {e(why)}</li>"
                          for k, why in data.unavailable)
        parts += ["<h3>Not available</h3>", f"<ul>\n{items}\n</ul>"]
    if data.notes:
        items = "\n".join(f"<li>{e(n)}</li>" for n in data.notes)
        parts += ["<h3>Notes</h3>", f"<ul>\n{items}\n</ul>"]
    if data.by_queue is not None and len(data.by_queue):
        parts += _queue_table(data)
    if len(data.seasons):
        srows = "\n".join(
            f'<tr><td>{e(r.month)}</td><td class="num">{r.volume:,.0f}</td>'
            f'<td class="num">{r.mean_daily:,.1f}</td><td class="num">{r.index:.2f}</td>'
            f"<td>{e(r.season)}</td></tr>" for r in data.seasons.itertuples())
        parts += ["<h2>Seasons</h2>",
                  "<table><thead><tr><th>month</th><th>contacts</th><th>per day</th>"
                  "<th>index</th><th>season</th></tr></thead>",
                  f"<tbody>\n{srows}\n</tbody></table>"]
    parts.append("<h2>Charts</h2>")
    parts += [_img(chart, png) for chart, png in charts]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def report_lines(data: ReportData) -> list[str]:
    """The report as text lines: the KPI table, definitions, what is not available, notes
    and the table by queue."""
    lines = [data.title]
    goals = goal_words(data)
    for family, _ in FAMILIES:
        mine = [r for r in kpi_rows(data) if family_of(r[0]) == family]
        if mine:
            lines.append(f" {family}")
        lines += [f"  {kpi:<32} {value:>14}  {unit}"
                  + (f"  goal: {goals[kpi]}" if kpi in goals else "")
                  for kpi, value, unit in mine]
    lines.append("definitions:")
    lines += [f"  {kpi}: {text}" for kpi, text in data.definitions]
    lines += [f"not available: {kpi}: {why}" for kpi, why in data.unavailable]
    lines += [f"note: {note}" for note in data.notes]
    if data.by_queue is not None and len(data.by_queue):
        shown = [k for k in QUEUE_KPIS if k in set(data.by_queue["kpi"])]
        lines.append("by queue:".ljust(12) + "".join(f"{k:>15}" for k in shown))
        for queue, group in data.by_queue.groupby("queue", sort=True):
            cells = {r.kpi: format_value(r.value, r.unit) for r in group.itertuples()}
            lines.append(f"  {queue:<10}" + "".join(f"{cells.get(k, 'n/a'):>15}"
                                                    for k in shown))
    return lines
