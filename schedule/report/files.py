"""The report stage's output files: report.html with its charts embedded, kpis.csv,
kpis_by_queue.csv with queues, goals.csv with [[goal]]s, and each chart as a PNG.

Writers only: `wfm.core.output.write_all` writes them all or none.
"""

from __future__ import annotations

import pandas as pd

from wfm.core.clock import localize
from wfm.core.output import Writer, csv_writer
from wfm.schedule.report.charts import png_bytes, report_charts
from wfm.schedule.report.data import ReportData
from wfm.schedule.report.html import report_html

REPORT_CHARTS = ("report_volume.png", "report_service.png", "report_aht.png",
                 "report_forecast.png", "report_schedule_fit.png", "report_adherence.png",
                 "report_seasons.png",
                 "report_drivers.png", "report_tickets.png", "report_surveys.png",
                 "report_goals.png")
REPORT_FILES = ("report.html", "kpis.csv", "kpis_by_queue.csv", "goals.csv",
                "adherence_people.csv", "adherence_intervals.csv", *REPORT_CHARTS)


def report_files(data: ReportData, goal: float, season_band: float) -> dict[str, Writer]:
    """The page, the KPI tables and the charts the inputs allow (drawn once, embedded in
    the page and written beside it)."""
    charts = [(c, png_bytes(c.figure)) for c in report_charts(data, goal, season_band)]
    page = report_html(data, charts)
    files: dict[str, Writer] = {
        "report.html": lambda path: path.write_text(page, encoding="utf-8"),
        "kpis.csv": csv_writer(data.kpis if data.by_queue is None
                               else pd.concat([data.kpis, data.by_queue], ignore_index=True),
                               float_format="%.10g")}
    if data.goals is not None:
        files["goals.csv"] = csv_writer(data.goals, float_format="%.10g")
    if data.adherence_people is not None:
        files["adherence_people.csv"] = csv_writer(data.adherence_people, float_format="%.10g")
        on_clock = data.adherence_intervals.assign(interval_start=localize(
            data.adherence_intervals["interval_start"], data.timezone))  # with its offset
        files["adherence_intervals.csv"] = csv_writer(on_clock, float_format="%.10g")
    if data.by_queue is not None:
        files["kpis_by_queue.csv"] = csv_writer(
            data.by_queue[["queue", "kpi", "value", "unit"]], float_format="%.10g")
    for chart, png in charts:
        files[chart.name] = lambda path, png=png: path.write_bytes(png)
    return files
