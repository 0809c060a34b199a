"""Installed, wfm is one import root: `pip install .` into an environment that already
holds PyPI's `schedule` (job scheduling) and `forecast` leaves both working beside
`wfm`, puts nothing but `wfm` at the top of site-packages, and `wfm plan` runs there.

The new environment gets wfm's dependencies from the test run's own environment (a .pth
line), so the test downloads only the two small PyPI packages and setuptools to build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import locations
import pytest

REPO = locations.REPO
SOURCES = ("pyproject.toml", "README.md", "__init__.py", "api.py", "cli.py", "core",
           "forecast", "schedule", "serve", "data")

pytestmark = pytest.mark.slow


def _run(*args: str | Path, cwd: Path, env: dict | None = None) -> str:
    proc = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=900)
    assert proc.returncode == 0, (args, proc.stdout[-3000:], proc.stderr[-3000:])
    return proc.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """A fresh environment with PyPI's schedule and forecast, then wfm from a copy of
    the source tree; returns (python, a work folder outside the source tree)."""
    root = tmp_path_factory.mktemp("install")
    src = root / "src"
    src.mkdir()
    for name in SOURCES:
        item = REPO / name
        if item.is_dir():
            shutil.copytree(item, src / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(item, src / name)
    env_dir = root / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    try:
        _run(python, "-m", "pip", "install", "--quiet", "schedule", "forecast", cwd=root)
    except AssertionError as exc:  # no package index reachable: say so, do not fail
        pytest.skip(f"PyPI not reachable for schedule and forecast: {exc}")
    _run(python, "-m", "pip", "install", "--quiet", "--no-deps", str(src), cwd=root)
    # wfm's own dependencies, from this test run's environment (after the env's own)
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                     cwd=root).strip())
    (site / "zz_wfm_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = root / "work"
    work.mkdir()
    return python, work


def test_only_wfm_is_added_to_site_packages(installed):
    python, work = installed
    out = _run(python, "-c", "import importlib.metadata as m; print(sorted({f.parts[0] for f "
               "in m.distribution('wfm-engine').files if f.parts[0] != '..'}))", cwd=work)
    tops = [t for t in out.strip().strip("[]").replace("'", "").split(", ")
            if not t.endswith(".dist-info")]
    assert tops == ["wfm"]


def test_pypi_schedule_and_forecast_work_beside_wfm(installed):
    python, work = installed
    code = """
import forecast, schedule, wfm
import wfm.forecast.history, wfm.schedule.staffing
ran = []
schedule.every(1).seconds.do(lambda: ran.append(1))
assert len(schedule.get_jobs()) == 1 and schedule.__file__ != wfm.schedule.__file__
assert 'site-packages' in forecast.__file__ and not hasattr(forecast, 'make_forecast')
assert wfm.forecast.__name__ == 'wfm.forecast'
print(round(float(wfm.service_level(14, 100, 180, 1800, 20)), 4))
"""
    out = _run(python, "-c", code, cwd=work)
    assert 0.5 < float(out.strip()) <= 1.0


def test_wfm_plan_runs_from_the_installed_package(installed):
    python, work = installed
    wfm = python.parent / "wfm"
    data = REPO / "data"
    env = {**os.environ, "PYTHONPATH": ""}
    out = _run(wfm, "plan", "--config", data / "config.toml", "--history",
               data / "history.csv", "--out", work / "plan", cwd=work, env=env)
    assert "plan for 2026-12: wrote" in out
    assert (work / "plan" / "requirements.csv").is_file()
    sample = _run(python, "-c", "from wfm.serve.launch import SAMPLE_HISTORY as s; "
                  "print(s.is_file(), 'site-packages' in str(s))", cwd=work)
    assert sample.split() == ["True", "True"]  # the page's sample ships with the package
    assert sys.executable != str(python)


def test_the_core_install_asks_for_no_streamlit_and_no_dask(installed):
    """Streamlit (the page) and Dask (clusters) are extras: `pip install wfm-engine`
    leaves them out, `wfm-engine[serve]` and `wfm-engine[dask]` bring them."""
    python, work = installed
    out = _run(python, "-c", "import importlib.metadata as m; "
               "print('\\n'.join(m.requires('wfm-engine')))", cwd=work)
    core = [r for r in out.splitlines() if "extra ==" not in r]
    assert core and not any(r.startswith(("streamlit", "dask")) for r in core)
    assert any(r.startswith("streamlit") and 'extra == "serve"' in r for r in out.splitlines())
    assert any(r.startswith("dask") and 'extra == "dask"' in r for r in out.splitlines())
