"""Starting the what-if page: the `streamlit run` command line, and the page's own arguments.

`wfm serve` calls `run`; the page (serve/app.py) reads what follows the `--` with
`parse_app_args`. Light on purpose: importing this loads neither pandas nor Streamlit.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import subprocess
import sys
import threading
import time
import urllib.request
import webbrowser
from dataclasses import dataclass
from pathlib import Path

from wfm.core.errors import InputError

APP = Path(__file__).resolve().with_name("app.py")
REPO = Path(__file__).resolve().parents[1]
SAMPLE_CONFIG = REPO / "data" / "config.toml"
SAMPLE_HISTORY = REPO / "data" / "history.csv"
DEFAULT_PORT = 8501
LOCAL = "127.0.0.1"  # the page answers this machine only, unless --address opens it
UPLOAD_MB = 50  # the largest CSV the page takes


@dataclass(frozen=True)
class AppArgs:
    """The page's inputs: with no files named, the bundled sample (config and history)."""

    config: Path | None
    history: Path | None
    forecast: Path | None
    month: str | None
    save_dir: Path | None = None  # the one folder the page may save scenario files in

    @property
    def sample(self) -> bool:
        """True when the page shows the bundled sample."""
        return self.history == SAMPLE_HISTORY and self.forecast is None


class _Parser(argparse.ArgumentParser):
    """argparse that raises InputError instead of printing and exiting."""

    def error(self, message: str):  # type: ignore[override]
        raise InputError(f"wfm serve: {message}")


def _parser() -> argparse.ArgumentParser:
    """The page's options (after `--` on the streamlit command line)."""
    p = _Parser(prog="serve/app.py", allow_abbrev=False, add_help=False)
    p.add_argument("--config", type=Path)
    p.add_argument("--history", type=Path)
    p.add_argument("--forecast", type=Path)
    p.add_argument("--month")
    p.add_argument("--save-dir", type=Path)
    return p


def _month(month: str | None) -> str | None:
    """A month YYYY-MM, checked, or None."""
    if month is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month.strip()):
        raise InputError(f"--month: expected YYYY-MM, got {month!r}")
    return month.strip() if month else None


def parse_app_args(argv: list[str]) -> AppArgs:
    """The page's arguments; none at all means the bundled sample (data/config.toml and
    data/history.csv beside the package); a history or forecast without --config uses
    the config defaults, as every `wfm` command does."""
    ns = _parser().parse_args(argv)
    month = _month(ns.month)
    if ns.config is None and ns.history is None and ns.forecast is None:
        return AppArgs(config=SAMPLE_CONFIG, history=SAMPLE_HISTORY, forecast=None,
                       month=month, save_dir=ns.save_dir)
    if ns.history is None and ns.forecast is None:
        raise InputError("wfm serve: give --history or --forecast with --config")
    return AppArgs(config=ns.config, history=ns.history, forecast=ns.forecast, month=month,
                   save_dir=ns.save_dir)


def streamlit_command(config: str | Path | None = None, history: str | Path | None = None,
                      forecast: str | Path | None = None, month: str | None = None,
                      port: int = DEFAULT_PORT, address: str = LOCAL,
                      save_dir: str | Path | None = None) -> list[str]:
    """`python -m streamlit run serve/app.py --server.port P ... -- --config ...`: the files
    named are checked and made absolute, so the page finds them from any folder. The
    server answers `address` only (this machine by default), never asks a question on
    start (Streamlit's first-run e-mail prompt is for a headless server skipped; wfm opens
    the browser itself), sends no usage data and takes uploads up to UPLOAD_MB. The page
    may save scenario files only in `save_dir`, a folder that must exist."""
    if not 0 < port < 65536:
        raise InputError(f"--port: expected a port from 1 to 65535, got {port}")
    if not address.strip():
        raise InputError("--address: expected an interface to listen on, e.g. 127.0.0.1")
    page_args: list[str] = []
    for option, path in (("--config", config), ("--history", history),
                         ("--forecast", forecast)):
        if path is None:
            continue
        p = Path(path)
        if not p.is_file():
            raise InputError("file not found", file=p)
        page_args += [option, str(p.resolve())]
    if _month(month):
        page_args += ["--month", month.strip()]  # type: ignore[union-attr]
    if save_dir is not None:
        if not Path(save_dir).is_dir():
            raise InputError("--save-dir: expected an existing folder", file=save_dir)
        page_args += ["--save-dir", str(Path(save_dir).resolve())]
    parse_app_args(page_args)  # the page would refuse these: refuse them here, before start
    argv = [sys.executable, "-m", "streamlit", "run", str(APP),
            "--server.port", str(port), "--server.address", address.strip(),
            "--server.headless", "true", "--server.maxUploadSize", str(UPLOAD_MB),
            "--browser.gatherUsageStats", "false", "--client.toolbarMode", "viewer"]
    return argv + (["--", *page_args] if page_args else [])


def _open_when_up(url: str, seconds: float = 60.0) -> None:
    """Open the page in the browser once the server answers (what Streamlit would do if
    it were not started headless)."""
    def wait() -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                with urllib.request.urlopen(url + "_stcore/health", timeout=2):
                    webbrowser.open(url)
                    return
            except OSError:
                time.sleep(0.5)

    threading.Thread(target=wait, name="open-browser", daemon=True).start()


SERVE_EXTRA = "pip install 'wfm-engine[serve]'"


def require_streamlit() -> None:
    """One clear line when the page's extra is not installed (the core install leaves
    Streamlit out: only `wfm serve` needs it)."""
    if importlib.util.find_spec("streamlit") is None:
        raise InputError(f"wfm serve needs Streamlit, which is not installed: {SERVE_EXTRA}")


def run(config: str | Path | None = None, history: str | Path | None = None,
        forecast: str | Path | None = None, month: str | None = None,
        port: int = DEFAULT_PORT, headless: bool = False, address: str = LOCAL,
        save_dir: str | Path | None = None) -> int:
    """Run the page until the server stops (Ctrl-C, SIGTERM); its exit status. Whatever
    stops `wfm serve` stops the server too, never leaving it running on its own."""
    require_streamlit()
    argv = streamlit_command(config, history, forecast, month, port, address, save_dir)
    proc = subprocess.Popen(argv)
    if not headless:
        host = "localhost" if address.strip() in (LOCAL, "0.0.0.0", "::") else address.strip()
        _open_when_up(f"http://{host}:{port}/")
    try:
        return proc.wait()
    except BaseException:  # Ctrl-C (the server had it too) or SIGTERM: stop the server
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        raise
