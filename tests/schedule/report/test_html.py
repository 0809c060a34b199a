"""The KPI report as one self-contained HTML page and as text (schedule/report/html.py): the
values formatted by unit, every section the data has, nothing fetched or run, and the page
drawn in headless Chromium (slow)."""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wfm.core.charts import plt
from wfm.schedule.report.charts import Chart
from wfm.schedule.report.data import ReportData
from wfm.schedule.report.definitions import FAMILIES
from wfm.schedule.report.html import format_value, kpi_rows, report_html, report_lines

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture
def data() -> ReportData:
    """A small report with every section: KPIs, a gap, a note, queues and seasons."""
    kpis = pd.DataFrame([("offered", 1234.0, "contacts"), ("service_level", 0.8123, "share"),
                         ("asa", 18.46, "seconds"), ("cost", 4800.0, "currency")],
                        columns=["kpi", "value", "unit"])
    by_queue = pd.DataFrame([("vip", "offered", 200.0, "contacts"),
                             ("vip", "service_level", 0.9, "share"),
                             ("sales", "offered", 1034.0, "contacts")],
                            columns=["queue", "kpi", "value", "unit"])
    seasons = pd.DataFrame({"month": ["2024-03", "2024-04"], "volume": [3100.0, 1234.0],
                            "mean_daily": [100.0, 41.13], "index": [1.42, 0.58],
                            "season": ["busy", "quiet"]})
    return ReportData(
        title="Tom & Jerry <Support>: KPI report, 2024-04", period="2024-04", kpis=kpis,
        definitions=[("offered", "answered + abandoned"), ("service_level", "wait <= 20 s")],
        unavailable=[("forecast_wape", "needs --forecast")],
        notes=["2024-04 is a quiet month"], daily=pd.DataFrame(), seasons=seasons,
        by_queue=by_queue)


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (0.8123, "share", "81.2%"), (18.46, "seconds", "18.5 s"), (1234.0, "contacts", "1,234"),
    (1.234, "index", "1.23"), (1234.56, "hours", "1,234.6"), (4800.0, "currency", "4,800.00"),
    (16.0, "currency per contact", "16.00"), (0.123456, "contacts per unit", "0.1235")])
def test_values_are_formatted_by_their_unit(value, unit, shown):
    assert format_value(value, unit) == shown


def test_kpi_rows_are_the_table_as_text(data):
    assert kpi_rows(data) == [("offered", "1,234", "contacts"), ("service_level", "81.2%", "share"),
                              ("asa", "18.5 s", "seconds"), ("cost", "4,800.00", "currency")]


def test_page_has_every_section_escaped(data):
    page = report_html(data, [])
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</body></html>")
    assert "<title>Tom &amp; Jerry &lt;Support&gt;: KPI report, 2024-04</title>" in page
    assert "<Support>" not in page
    assert ('<tr><td>Service level <span class="code">service_level</span></td>'
            '<td class="num">81.2%</td><td>share</td><td></td><td></td></tr>' in page)
    # the scorecard's families in order, an empty one saying so
    heads = re.findall(r'<tr class="family"><th colspan="5">([^<]*)</th>', page)
    assert heads == [f for f, _ in FAMILIES]
    assert "<dt>service_level</dt><dd>wait &lt;= 20 s</dd>" in page
    assert "<li>forecast_wape: not available: needs --forecast</li>" in page
    assert "<li>2024-04 is a quiet month</li>" in page
    # by queue: queues sorted, a KPI a queue lacks shown as n/a
    assert page.index("<td>sales</td>") < page.index("<td>vip</td>")
    assert re.search(r'<td>sales</td><td class="num">1,034</td><td class="num">n/a</td>', page)
    assert re.search(r'<td>vip</td><td class="num">200</td><td class="num">90.0%</td>', page)
    assert '<td>2024-03</td><td class="num">3,100</td><td class="num">100.0</td>' in page
    assert "<td>1.42</td>" not in page and '<td class="num">1.42</td><td>busy</td>' in page


def test_page_leaves_out_sections_without_data(data):
    bare = ReportData(title="t", period="p", kpis=data.kpis, definitions=[], unavailable=[],
                      notes=[], daily=pd.DataFrame())
    page = report_html(bare, [])
    for heading in ("Not available", "Notes", "By queue", "Seasons"):
        assert f">{heading}</h" not in page
    assert "<img" not in page and "<h2>Charts</h2>" in page


def test_charts_are_embedded_as_data_uris_with_their_alt_text(data):
    fig = plt.figure()
    chart = Chart("report_volume.png", fig, 'Bar chart of "contacts" per day')
    png = b"\x89PNG\r\n\x1a\nnot really a picture"
    page = report_html(data, [(chart, png)])
    src = re.search(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)">', page)
    assert src and base64.b64decode(src.group(1)) == png
    assert src.group(2) == "Bar chart of &quot;contacts&quot; per day"
    assert "<figcaption>Bar chart of &quot;contacts&quot; per day</figcaption>" in page


def test_report_lines_are_the_page_as_text(data):
    lines = report_lines(data)
    assert lines[0] == data.title
    assert lines[1] == " Service level and response"
    assert f"  {'service_level':<32} {'81.2%':>14}  share" in lines
    assert "definitions:" in lines and "  service_level: wait <= 20 s" in lines
    assert "not available: forecast_wape: needs --forecast" in lines
    assert "note: 2024-04 is a quiet month" in lines
    header = next(line for line in lines if line.startswith("by queue:"))
    assert header.split() == ["by", "queue:", "offered", "service_level"]
    assert lines[-2].split() == ["sales", "1,034", "n/a"]
    assert lines[-1].split() == ["vip", "200", "90.0%"]


# -- the page `wfm report` writes --------------------------------------------------------------
def test_page_is_self_contained(full_report):
    out, _ = full_report
    page = (out / "report.html").read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", page, re.I)
    assert "<script" not in page.lower() and "<link" not in page.lower()
    assert "url(" not in page  # no stylesheet fetches either
    imgs = re.findall(r"<img\b[^>]*>", page)
    assert len(imgs) == 11  # one per chart file
    for tag in imgs:
        assert re.search(r'src="data:image/png;base64,[A-Za-z0-9+/=]+"', tag), tag[:80]
        alt = re.search(r'alt="([^"]*)"', tag)
        assert alt and len(alt.group(1)) > 10
    embedded = {base64.b64decode(m) for m in re.findall(r"base64,([A-Za-z0-9+/=]+)", page)}
    assert embedded == {p.read_bytes() for p in out.glob("report_*.png")}
    for name in ("service_level", "asa", "abandonment", "aht"):
        assert f"<dt>{name}</dt>" in page  # each figure's definition is printed under it


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (apt-get install chromium)")
def test_page_opens_in_headless_chromium(full_report, tmp_path):
    from matplotlib.image import imread
    from playwright.sync_api import sync_playwright

    out, _ = full_report
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("console", lambda msg: errors.append(msg.text)
                    if msg.type == "error" else None)
            page.on("request", lambda req: requests.append(req.url))
            page.goto((out / "report.html").as_uri(), wait_until="load")
            drawn = page.eval_on_selector_all(
                "img", "imgs => imgs.map(i => [i.complete, i.naturalWidth, i.naturalHeight])")
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
            shots = []
            for i, img in enumerate(page.query_selector_all("img")):
                img.screenshot(path=str(tmp_path / f"chart_{i}.png"))
                shots.append(tmp_path / f"chart_{i}.png")
        finally:
            browser.close()
    assert errors == []
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    assert len(drawn) == 11
    assert all(done and w > 100 and h > 100 for done, w, h in drawn), drawn
    assert (tmp_path / "report.png").stat().st_size > 0
    for shot in shots:
        rgb = imread(shot)[..., :3]
        inked = float(np.mean(rgb.min(axis=2) < 0.9))  # share of pixels that are not white
        coloured = float(np.mean(np.ptp(rgb, axis=2) > 0.25))  # lines, bars: not just grey
        assert inked > 0.02 and coloured > 0.0005, (shot.name, inked, coloured)
