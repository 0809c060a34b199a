"""The report stage's output files (schedule/report/files.py): report.html with its charts
inside, kpis.csv, kpis_by_queue.csv when there are queues, and a PNG per chart the inputs
allow; each reads back as what was reported."""

from __future__ import annotations

import base64
import dataclasses
import re

import pandas as pd
import pytest

from wfm.core.output import write_all
from wfm.schedule.report.files import REPORT_CHARTS, REPORT_FILES, report_files

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def files(april):
    """The writers for April with every input (the charts are drawn once, here)."""
    return report_files(april, 0.8, 0.1)


def test_every_file_is_a_known_report_file(files):
    assert set(files) <= set(REPORT_FILES)
    assert set(files) == {"report.html", "kpis.csv", "goals.csv", "adherence_people.csv",
                          "adherence_intervals.csv", *REPORT_CHARTS}  # every input given


def test_files_read_back_as_the_report(april, files, tmp_path):
    write_all(tmp_path, files)
    kpis = pd.read_csv(tmp_path / "kpis.csv")
    assert kpis["kpi"].tolist() == april.kpis["kpi"].tolist()
    pd.testing.assert_series_equal(kpis["value"], april.kpis["value"], rtol=1e-9)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<h1>Test centre: KPI report, 2024-04</h1>" in page
    # the page embeds the very PNGs written beside it, in the charts' order
    embedded = [base64.b64decode(m) for m in re.findall(r"base64,([A-Za-z0-9+/=]+)", page)]
    assert embedded == [(tmp_path / name).read_bytes() for name in REPORT_CHARTS]
    assert all(png.startswith(PNG) and len(png) > 5_000 for png in embedded)


def test_only_the_charts_the_inputs_allow(april):
    fewer = dataclasses.replace(april, accuracy=None, coverage=None, drivers=None, surveys=None,
                                goals=None, adherence_people=None, adherence_intervals=None,
                                tickets=None)
    assert set(report_files(fewer, 0.8, 0.1)) == {
        "report.html", "kpis.csv", "report_volume.png", "report_service.png", "report_aht.png",
        "report_seasons.png"}


def test_queues_add_kpis_by_queue(april, tmp_path):
    by_queue = pd.DataFrame([("sales", "offered", 120.0, "contacts"),
                             ("vip", "offered", 180.0, "contacts"),
                             ("vip", "service_level", 0.123456789012, "share")],
                            columns=["queue", "kpi", "value", "unit"])
    fewer_charts = dict(accuracy=None, coverage=None, drivers=None, time_of_day=None)
    files = report_files(dataclasses.replace(april, by_queue=by_queue, **fewer_charts), 0.8,
                         0.1)
    assert "kpis_by_queue.csv" in files
    write_all(tmp_path, files)
    back = pd.read_csv(tmp_path / "kpis_by_queue.csv")
    assert back.columns.tolist() == ["queue", "kpi", "value", "unit"]
    assert back["value"].tolist() == [120.0, 180.0, 0.123456789]  # ten significant digits
    assert "<h2>By queue</h2>" in (tmp_path / "report.html").read_text(encoding="utf-8")
