"""The what-if page's Streamlit script (serve/app.py), driven by Streamlit's own app-testing
API on the bundled sample and on the small forecast, and the running server in headless
Chromium (a volume change that raises required staff, with a screenshot; an upload deleted
after its session). All slow."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import locations
import numpy as np
import pandas as pd
import pytest

from wfm.schedule.whatif.scenarios import load_scenarios
from wfm.serve import launch

pytestmark = pytest.mark.slow

REPO = locations.REPO
APP = REPO / "serve" / "app.py"
SHOT = REPO / "out" / "test-output" / "serve.png"
CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


# -- the Streamlit script, through Streamlit's own app-testing API ------------------------------
def _fte(at) -> float:
    return float(at.metric[0].value)



def test_app_on_the_bundled_sample_raises_staff_with_volume(sample_dir, monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr(sys, "argv", [str(APP)])  # no files: the bundled sample
    at = AppTest.from_file(str(APP), default_timeout=600).run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    assert "Northwind Support, 2026-12, planned from the bundled sample" in at.caption[0].value
    assert [m.label for m in at.metric] == ["Required FTE", "Cost", "Service level",
                                            "Abandonment"]
    base = _fte(at)
    assert 20 < base < 200 and not at.metric[0].delta  # no change yet
    at.slider(key="volume").set_value(20).run()
    assert not at.exception and not at.error
    assert at.subheader[0].value == "baseline vs volume +20%"
    assert _fte(at) > base
    assert at.metric[0].delta.startswith("+") and at.metric[1].delta.startswith("+")
    shown = at.dataframe[0].value.set_index("scenario")
    assert shown.loc["volume +20%", "required FTE"] > shown.loc["baseline", "required FTE"]
    assert shown.loc["volume +20%", "contacts"] == pytest.approx(
        shown.loc["baseline", "contacts"] * 1.2, abs=1)
    # without --save-dir the page saves nothing on the server: downloads only
    assert not [t for t in at.text_input if t.key == "save_name"]
    # with it, "save scenarios" writes a file `wfm whatif` reads, naming the sample
    monkeypatch.setattr(sys, "argv", [str(APP), "--save-dir", str(tmp_path)])
    at = AppTest.from_file(str(APP), default_timeout=600).run()
    at.slider(key="volume").set_value(20).run()
    target = tmp_path / "page.toml"
    at.text_input(key="save_name").set_value("page.toml")
    at.button(key="save_file").click().run()
    assert at.success and at.success[0].value == f"wrote page.toml in {tmp_path.name}/"
    saved = load_scenarios(target)
    assert [s.name for s in saved.scenarios] == ["baseline", "volume +20%"]
    assert saved.scenarios[1].volume == pytest.approx(1.2) and saved.month == "2026-12"
    assert saved.history.resolve() == (sample_dir / "history.csv").resolve()
    assert {b.label for b in at.get("download_button")} == {"Save scenarios (TOML)",
                                                            "Export CSV"}


def test_app_on_a_forecast_file_checks_with_simulation_and_plans_a_team(small, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr(sys, "argv", [str(APP), "--config", str(small / "config.toml"),
                                      "--forecast", str(small / "forecast_intervals.csv")])
    at = AppTest.from_file(str(APP), default_timeout=600).run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    assert "Small Centre, 2027-03, planned from forecast_intervals.csv" in at.caption[0].value
    assert at.selectbox[0].options == ["2027-03", "2027-04"]
    assert "service level (simulated)" not in at.dataframe[0].value  # Erlang A by default
    headcount = next(s for s in at.slider if s.key.startswith("headcount|"))
    headcount.set_value(10).run()
    assert at.subheader[0].value == "baseline vs team of 10"
    shown = at.dataframe[0].value.set_index("scenario")
    assert shown.loc["team of 10", "plan"] == "headcount"
    assert shown.loc["team of 10", "cost"] == pytest.approx(10 * 40 * 25.0)
    at.toggle(key="simulate").set_value(True).run()
    assert not at.exception and not at.error
    assert "Service figures: simulated" in at.caption[0].value
    shown = at.dataframe[0].value.set_index("scenario")
    simulated = shown["service level (simulated)"]
    assert simulated.notna().all() and ((simulated > 0) & (simulated <= 1)).all()
    # the tile shows the simulated figure, its help the baseline's
    assert at.metric[2].value == f"{simulated['team of 10']:.1%}"
    assert at.metric[2].help == f"baseline: {simulated['baseline']:.1%}"
    at.selectbox[0].set_value("2027-04").run()
    assert "2027-04" in at.caption[0].value
    assert at.dataframe[0].value["contacts"].iloc[0] < shown.loc["baseline", "contacts"]


def test_app_offers_the_queues_of_a_forecast_and_plans_the_chosen_one(small, tmp_path,
                                                                      monkeypatch):
    from streamlit.testing.v1 import AppTest

    frame = pd.read_csv(small / "forecast_intervals.csv")
    both = pd.concat([frame.assign(queue="sales"),
                      frame.assign(queue="vip", volume=frame["volume"] * 2)])
    both[["queue", *frame.columns]].to_csv(tmp_path / "queues.csv", index=False)
    monkeypatch.setattr(sys, "argv", [str(APP), "--config", str(small / "config.toml"),
                                      "--forecast", str(tmp_path / "queues.csv")])
    at = AppTest.from_file(str(APP), default_timeout=600).run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    queue = next(s for s in at.selectbox if s.key.startswith("queue|"))
    assert queue.options == ["sales", "vip"]
    assert "Small Centre, queue sales, 2027-03" in at.caption[0].value
    sales = _fte(at)
    queue.set_value("vip").run()
    assert not at.exception and not at.error
    assert "queue vip" in at.caption[0].value
    assert _fte(at) > sales  # twice the calls


# -- the running server in headless Chromium ---------------------------------------------------
# the script has run to its end, nothing is left greyed out, and both charts are loaded
_DONE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const charts = [...document.querySelectorAll('[data-testid="stImage"] img')];
  return app && app.getAttribute('data-test-script-state') === 'notRunning'
    && document.querySelectorAll('[data-stale="true"]').length === 0
    && charts.filter(i => i.complete && i.naturalWidth > 100).length >= 2;
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(proc: subprocess.Popen, url: str, log: Path, seconds: float = 90) -> None:
    """Poll the server's health URL until it answers, failing with its log if it dies."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited with {proc.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"streamlit did not answer in {seconds} s:\n{log.read_text()}")


@contextlib.contextmanager
def _browser_on_the_page(argv: list[str], port: int, folder: Path, env: dict | None = None
                         ) -> Iterator:
    """The page's server started with `argv` (its log in `folder`) and headless Chromium
    beside it; the browser is closed and the server sent SIGTERM (killed if it hangs)
    when the block ends."""
    from playwright.sync_api import sync_playwright

    log = folder / "streamlit.log"
    with log.open("w") as out:
        proc = subprocess.Popen(argv, cwd=folder, stdout=out, stderr=subprocess.STDOUT,
                                env=env)
    try:
        _wait_until_up(proc, f"http://127.0.0.1:{port}/_stcore/health", log)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()



@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (apt-get install chromium)")
def test_browser_volume_slider_raises_required_fte(sample_dir, tmp_path):
    """`wfm serve` as the README starts it (the bundled sample), in a real browser."""
    from matplotlib.image import imread

    port = _free_port()
    errors: list[str] = []
    with _browser_on_the_page(launch.streamlit_command(port=port), port, tmp_path) as browser:
        tab = browser.new_page(viewport={"width": 1400, "height": 1900})
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.goto(f"http://127.0.0.1:{port}/", wait_until="load")
        # the forecast of the sample month, then the first page: table drawn
        tab.wait_for_selector('[data-testid="stDataFrame"]', timeout=240_000)
        tab.wait_for_function(_DONE, timeout=60_000)
        values = tab.locator('[data-testid="stMetricValue"]')
        before = float(values.first.inner_text())
        slider = tab.get_by_role("slider", name="Volume change %")
        slider.focus()
        tab.keyboard.press("End")  # the slider's top: +50%
        tab.wait_for_function(
            "v => { const e = document.querySelector('[data-testid=\"stMetricValue\"]');"
            " return e && e.innerText !== v; }", arg=values.first.inner_text(),
            timeout=120_000)
        after = float(values.first.inner_text())
        tab.wait_for_function(_DONE, timeout=60_000)  # the rerun has finished
        tab.get_by_text("baseline vs volume +50%").wait_for(timeout=10_000)
        time.sleep(0.5)  # the last paint
        tab.screenshot(path=str(tmp_path / "serve.png"), full_page=True)
        slider_value = slider.get_attribute("aria-valuetext")
    assert errors == []
    assert slider_value == "50"
    assert after > before * 1.3, (before, after)  # half as many calls again: far more staff
    shot = tmp_path / "serve.png"
    SHOT.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, SHOT)
    assert shot.stat().st_size > 50_000 and SHOT.read_bytes() == shot.read_bytes()
    rgb = imread(shot)[..., :3]
    assert rgb.shape[0] >= 1000 and rgb.shape[1] >= 1200
    coloured = float(np.mean(np.ptp(rgb, axis=2) > 0.25))  # the blue and red of the page
    inked = float(np.mean(rgb.min(axis=2) < 0.9))
    assert coloured > 0.005 and inked > 0.05, (coloured, inked)


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (apt-get install chromium)")
def test_browser_upload_is_gone_after_its_session(small, tmp_path):
    """An upload through the page lands in its session's own folder under the server's
    temporary folder; once that session has gone quiet for UPLOAD_IDLE_SECONDS the next
    session's visit deletes it, and stopping the server deletes the rest."""
    from wfm.serve.page import UPLOAD_IDLE_SECONDS

    port = _free_port()
    temp = tmp_path / "tmp"
    temp.mkdir()
    argv = launch.streamlit_command(config=small / "config.toml",
                                    forecast=small / "forecast_intervals.csv", port=port)
    upload = small / "forecast_intervals.csv"

    def upload_in_a_new_session(browser) -> None:
        tab = browser.new_page(viewport={"width": 1400, "height": 1200})
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.goto(f"http://127.0.0.1:{port}/", wait_until="load")
        tab.get_by_text("an uploaded CSV").click()
        tab.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
        tab.get_by_text("read as an interval forecast").wait_for(timeout=120_000)
        tab.wait_for_function(_DONE, timeout=120_000)
        tab.close()

    def sessions() -> list[Path]:
        return sorted(p for p in temp.glob("wfm-serve-uploads-*/*") if p.is_dir())

    errors: list[str] = []
    with _browser_on_the_page(argv, port, tmp_path, {**os.environ, "TMPDIR": str(temp)}
                              ) as browser:
        upload_in_a_new_session(browser)
        [first] = sessions()
        [kept] = first.glob("upload-*.csv")
        assert kept.read_bytes() == upload.read_bytes()
        quiet = time.time() - UPLOAD_IDLE_SECONDS - 60  # the session went quiet
        os.utime(first, (quiet, quiet))
        upload_in_a_new_session(browser)
        [second] = sessions()
        assert second != first and not first.exists()
    # the server stopped (SIGTERM): every session's uploads with it
    assert errors == []
    assert list(temp.glob("wfm-serve-uploads-*")) == [], (tmp_path / "streamlit.log").read_text()
