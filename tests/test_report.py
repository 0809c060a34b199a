"""`wfm report`: the files it writes and their hand-worked KPIs, bad inputs, a page that
carries everything inside it, and the page drawn in headless Chromium."""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

CONFIG = """
[centre]
name = "Test centre"
timezone = "UTC"
interval_minutes = 30

[history]
agent = "agent"
no_agent = ["VRU"]

[service]
goal = 0.8
answer_seconds = 20

[[shift]]
name = "day"
start = ["08:00", "08:00"]
hours = 8.5
breaks = [
  { minutes = 15, within = [1.5, 3.0], activity = "BREAK" },
  { minutes = 30, within = [3.5, 5.0], activity = "LUNCH", paid = false },
]

[[contract]]
name = "ft"
hours_per_week = [0, 48]
shifts = ["day"]
cost_per_hour = 20.0
"""
# Every day the same ten calls: eight answered (one by the VRU), two abandoned.
WAITS = [0, 5, 10, 20, 21, 30, 60, 2]
AGENTS = ["A", "A", "B", "B", "A", "B", "A", "VRU"]


def _history(days: pd.DatetimeIndex) -> str:
    rows = ["timestamp,outcome,handle_seconds,wait_seconds,agent"]
    for day in days:
        for k, (wait, agent) in enumerate(zip(WAITS, AGENTS, strict=True)):
            handle = 10 if agent == "VRU" else 120
            rows.append(f"{day:%Y-%m-%d}T{9 + k:02d}:05:00,answered,{handle},{wait},{agent}")
        rows += [f"{day:%Y-%m-%d}T18:10:00,abandoned,0,40,VRU",
                 f"{day:%Y-%m-%d}T18:20:00,abandoned,0,7,VRU"]
    return "\n".join(rows) + "\n"


def _roster(days: pd.DatetimeIndex) -> str:
    rows = ["employee_id,name,date,start,end,activity,paid_minutes"]
    for day in days:
        d = f"{day:%Y-%m-%d}"
        rows += [f"E1,Dana,{d},{d}T08:00,{d}T16:30,WORK,480",
                 f"E1,Dana,{d},{d}T10:00,{d}T10:15,BREAK,15",
                 f"E1,Dana,{d},{d}T12:00,{d}T12:30,LUNCH,0"]
    return "\n".join(rows) + "\n"


@pytest.fixture(scope="module")
def centre(tmp_path_factory) -> dict[str, Path]:
    """A tiny centre over March and April 2024, every plan file given."""
    root = tmp_path_factory.mktemp("centre")
    march_april = pd.date_range("2024-03-01", "2024-04-30")
    april = pd.date_range("2024-04-01", "2024-04-30")
    files = {
        "config": ("config.toml", CONFIG),
        "history": ("history.csv", _history(march_april)),
        "forecast": ("forecast_daily.csv", "date,volume,lo,hi,model\n" + "".join(
            f"{d:%Y-%m-%d},12,10,14,ets\n" for d in april)),
        "coverage": ("coverage.csv", "interval_start,required,scheduled,service_level,"
                     "asa_seconds\n2024-04-01T08:00,2,2,0.8,10\n2024-04-01T08:30,3,2,0.6,30\n"
                     "2024-04-01T09:00,4,5,0.9,5\n2024-04-01T09:30,1,1,1.0,0\n"),
        "roster": ("roster_long.csv", _roster(april)),
        "employees": ("employees.csv", "employee_id,name,contract\nE1,Dana,ft\n"),
        "driver": ("orders.csv", "date,value\n2024-03-01,620\n2024-04-01,300\n"),
    }
    out = {}
    for key, (name, text) in files.items():
        out[key] = root / name
        out[key].write_text(text.lstrip("\n"))
    return out


def _args(centre: dict[str, Path], out: Path, **drop) -> list:
    args = ["report", "--out", out, "--month", "2024-04"]
    for key in ("history", "config", "forecast", "coverage", "roster", "employees", "driver"):
        if not drop.get(key):
            args += [f"--{key}", centre[key]]
    return args


@pytest.fixture(scope="module")
def full_report(cli, centre, tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("report") / "out"
    result = cli(*_args(centre, out))
    assert result.exit_code == 0, result.output
    return out, result


def test_writes_the_page_the_table_and_the_charts(full_report):
    out, _ = full_report
    names = sorted(p.name for p in out.iterdir())
    assert names == ["kpis.csv", "report.html", "report_aht.png", "report_drivers.png",
                     "report_forecast.png", "report_schedule_fit.png", "report_seasons.png",
                     "report_service.png", "report_volume.png"]
    for png in out.glob("*.png"):
        assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert list(pd.read_csv(out / "kpis.csv").columns) == ["kpi", "value", "unit"]


def test_april_kpis_by_hand(full_report):
    out, result = full_report
    k = pd.read_csv(out / "kpis.csv").set_index("kpi")["value"]
    days = 30
    assert (k["offered"], k["answered"], k["abandoned"]) == (10 * days, 8 * days, 2 * days)
    assert k["service_level"] == pytest.approx(5 / 10)  # waits 0, 5, 10, 20, 2 of ten offered
    assert k["asa"] == pytest.approx(sum(WAITS) / 8)
    assert k["abandonment"] == pytest.approx(0.2)
    assert k["aht"] == pytest.approx(120.0)  # the VRU's 10 s calls left out
    assert k["forecast_wape"] == pytest.approx(2 * days / (10 * days))
    assert k["forecast_bias"] == pytest.approx(0.2)
    assert k["schedule_fit"] == 0.75
    assert k["understaffed_hours"] == 0.5 and k["overstaffed_hours"] == 0.5
    assert k["planned_service_level"] == pytest.approx(0.8)
    assert k["paid_hours"] == 8 * days
    assert k["cost"] == 8 * days * 20.0
    assert k["cost_per_contact"] == pytest.approx(8 * 20.0 / 10)
    phone = days * (8.5 - 0.25 - 0.5) * 3600
    assert k["occupancy"] == pytest.approx(days * 7 * 120 / phone)
    assert k["season_index"] == pytest.approx(1.0)  # March and April alike
    assert k["contacts_per_driver_unit"] == pytest.approx(300 / 300)
    assert k["contacts_per_driver_unit_trend"] == pytest.approx(1.0 - 310 / 620)
    assert k["cost_per_driver_unit"] == pytest.approx(4800 / 300)
    assert "contacts per driver unit: rising" in result.stdout
    assert "2024-04 is a normal month" in result.stdout


def test_missing_inputs_are_listed_as_not_available(cli, centre, tmp_path):
    out = tmp_path / "out"
    result = cli(*_args(centre, out, forecast=True, coverage=True, employees=True,
                        driver=True))
    assert result.exit_code == 0, result.output
    kpis = set(pd.read_csv(out / "kpis.csv")["kpi"])
    assert {"paid_hours", "occupancy", "service_level"} <= kpis
    assert not kpis & {"forecast_wape", "schedule_fit", "cost", "cost_per_contact",
                       "contacts_per_driver_unit"}
    page = (out / "report.html").read_text()
    for line in ("forecast_wape: not available: needs --forecast",
                 "schedule_fit: not available: needs --coverage",
                 "cost_per_contact: not available: needs --employees",
                 "contacts_per_driver_unit: not available: needs --driver"):
        assert line in page
    assert not (out / "report_forecast.png").exists()


def test_interval_forecast_is_scored_interval_by_interval(cli, centre, tmp_path):
    # April 1st has one call in each hour's first half-hour from 09:00 to 16:00
    fc = tmp_path / "forecast_intervals.csv"
    fc.write_text("interval_start,volume,aht_seconds\n" + "".join(
        f"2024-04-01T{h:02d}:00,2,120\n" for h in range(9, 17)))
    out = tmp_path / "out"
    result = cli("report", "--history", centre["history"], "--config", centre["config"],
                 "--forecast", fc, "--out", out)
    assert result.exit_code == 0, result.output
    k = pd.read_csv(out / "kpis.csv").set_index("kpi")["value"]
    # by interval: |2 - 1| in each of 8 intervals over 8 calls (by day it would be 6 / 10)
    assert k["forecast_wape"] == pytest.approx(1.0)
    assert k["forecast_bias"] == pytest.approx(1.0)


def test_counts_history_gives_volume_only(cli, centre, tmp_path):
    counts = tmp_path / "daily.csv"
    counts.write_text("date,volume\n" + "".join(f"2024-04-{d:02d},{100 + d}\n"
                                                 for d in range(1, 31)))
    out = tmp_path / "out"
    result = cli("report", "--history", counts, "--config", centre["config"], "--out", out)
    assert result.exit_code == 0, result.output
    k = pd.read_csv(out / "kpis.csv").set_index("kpi")["value"]
    assert list(k.index) == ["offered"]
    assert k["offered"] == sum(100 + d for d in range(1, 31))
    page = (out / "report.html").read_text()
    assert "service_level: not available: needs contact records" in page
    assert "aht: not available" in page


def test_contacts_without_outcomes_or_waits(cli, tmp_path):
    history = tmp_path / "contacts.csv"
    history.write_text("timestamp,handle_seconds\n2024-04-01T09:00,100\n"
                       "2024-04-01T09:10,200\n2024-04-02T10:00,300\n")
    out = tmp_path / "out"
    result = cli("report", "--history", history, "--out", out)
    assert result.exit_code == 0, result.output
    k = pd.read_csv(out / "kpis.csv").set_index("kpi")["value"]
    assert dict(k) == {"offered": 3, "aht": 200}
    assert "service_level: needs an outcome column" in result.stdout
    assert "asa: needs wait times" in result.stdout


# -- bad input: one line, exit 2, nothing written --------------------------------------------
def _bad(cli, centre, tmp_path, key: str, text: str, **extra) -> str:
    bad = tmp_path / f"bad_{centre[key].name}"
    bad.write_text(text)
    files = {**centre, key: bad}
    out = tmp_path / "out"
    args = _args(files, out) + [a for k, v in extra.items() for a in (f"--{k}", v)]
    line = cli.fails_cleanly(args, list(files.values()), out)
    assert line.startswith("error: ") and str(bad) in line
    return line


def test_coverage_missing_a_column(cli, centre, tmp_path):
    line = _bad(cli, centre, tmp_path, "coverage",
                "interval_start,required\n2024-04-01T08:00,2\n")
    assert "header" in line and "column 'scheduled'" in line


def test_driver_with_a_bad_value(cli, centre, tmp_path):
    line = _bad(cli, centre, tmp_path, "driver", "date,value\n2024-03-01,620\n2024-04-01,lots\n")
    assert "row 2" in line and "column 'value'" in line and "'lots'" in line


def test_driver_with_a_bad_date(cli, centre, tmp_path):
    line = _bad(cli, centre, tmp_path, "driver", "date,value\n2024-03-01,620\n1/4/2024,300\n")
    assert "row 2" in line and "column 'date'" in line


def test_roster_with_someone_not_employed(cli, centre, tmp_path):
    text = (centre["roster"].read_text()
            + "E9,Noa,2024-04-02,2024-04-02T08:00,2024-04-02T16:30,WORK,480\n")
    line = _bad(cli, centre, tmp_path, "roster", text)
    assert "row 91" in line and "'E9'" in line and "column 'employee_id'" in line


def test_roster_with_an_unknown_activity(cli, centre, tmp_path):
    text = "employee_id,name,date,start,end,activity,paid_minutes\n" \
           "E1,Dana,2024-04-01,2024-04-01T08:00,2024-04-01T16:30,NAP,480\n"
    line = _bad(cli, centre, tmp_path, "roster", text)
    assert "row 1" in line and "column 'activity'" in line


def test_forecast_with_a_negative_volume(cli, centre, tmp_path):
    line = _bad(cli, centre, tmp_path, "forecast", "date,volume\n2024-04-01,12\n2024-04-02,-3\n")
    assert "row 2" in line and "column 'volume'" in line


@pytest.mark.parametrize(("extra", "words"), [
    (["--month", "2023-01"], "no days in that month"),
    (["--month", "April"], "expected YYYY-MM"),
    (["--short-abandon", "-1"], "--short-abandon"),
])
def test_bad_options(cli, centre, tmp_path, extra, words):
    out = tmp_path / "out"
    args = ["report", "--history", centre["history"], "--config", centre["config"],
            "--out", out, *extra]
    assert words in cli.fails_cleanly(args, [centre["history"]], out)


def test_employees_without_a_roster(cli, centre, tmp_path):
    out = tmp_path / "out"
    line = cli.fails_cleanly(_args(centre, out, roster=True), list(centre.values()), out)
    assert "--employees needs --roster" in line


# -- the page ----------------------------------------------------------------------------------
def test_page_is_self_contained(full_report):
    out, _ = full_report
    page = (out / "report.html").read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", page, re.I)
    assert "<script" not in page.lower() and "<link" not in page.lower()
    assert "url(" not in page  # no stylesheet fetches either
    imgs = re.findall(r"<img\b[^>]*>", page)
    assert len(imgs) == 7  # one per chart file
    for tag in imgs:
        assert re.search(r'src="data:image/png;base64,[A-Za-z0-9+/=]+"', tag), tag[:80]
        alt = re.search(r'alt="([^"]*)"', tag)
        assert alt and len(alt.group(1)) > 10
    embedded = {base64.b64decode(m) for m in re.findall(r"base64,([A-Za-z0-9+/=]+)", page)}
    assert embedded == {p.read_bytes() for p in out.glob("report_*.png")}
    for name in ("service_level", "asa", "abandonment", "aht"):
        assert f"<dt>{name}</dt>" in page  # each figure's definition is printed under it


CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


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
    assert len(drawn) == 7
    assert all(done and w > 100 and h > 100 for done, w, h in drawn), drawn
    assert (tmp_path / "report.png").stat().st_size > 0
    for shot in shots:
        rgb = imread(shot)[..., :3]
        inked = float(np.mean(rgb.min(axis=2) < 0.9))  # share of pixels that are not white
        coloured = float(np.mean(np.ptp(rgb, axis=2) > 0.25))  # lines, bars: not just grey
        assert inked > 0.02 and coloured > 0.0005, (shot.name, inked, coloured)


def test_coverage_with_an_unstaffed_interval_loads(tmp_path):
    """`wfm roster` writes an infinite ASA where nobody is scheduled; the report reads it."""
    from wfm.schedule.report.inputs import load_coverage

    path = tmp_path / "coverage.csv"
    path.write_text("interval_start,required,scheduled,service_level,asa_seconds\n"
                    "2026-12-03T19:00,14,2,0.0000,inf\n2026-12-03T19:30,10,5,0.5,30.0\n")
    frame = load_coverage(path)
    assert frame["asa_seconds"].tolist() == [float("inf"), 30.0]
