"""Starting the what-if page (serve/launch.py): the `streamlit run` command line, the page's
own arguments, the checks made before a server starts, and `wfm serve` itself on a fresh
machine without a terminal (slow)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import locations
import pytest

from wfm.core.errors import InputError
from wfm.serve import launch

RUN_CLI = "import sys; from wfm.cli import main; sys.argv[0] = 'wfm'; main()"

REPO = locations.REPO
APP = REPO / "serve" / "app.py"


def test_streamlit_command_and_the_page_arguments_agree(small):
    argv = launch.streamlit_command(config=small / "config.toml",
                                    forecast=small / "forecast_intervals.csv",
                                    month="2027-03", port=8600)
    assert argv[:5] == [sys.executable, "-m", "streamlit", "run", str(APP)]
    options = argv[5:argv.index("--")]
    # this machine only; never a first-run question (headless; wfm opens the browser);
    # no usage data; uploads capped
    assert dict(zip(options[::2], options[1::2], strict=True)) == {
        "--server.port": "8600", "--server.headless": "true",
        "--browser.gatherUsageStats": "false", "--client.toolbarMode": "viewer",
        "--server.address": "127.0.0.1", "--server.maxUploadSize": "50"}
    args = launch.parse_app_args(argv[argv.index("--") + 1:])
    assert args == launch.AppArgs(config=(small / "config.toml").resolve(), history=None,
                                  forecast=(small / "forecast_intervals.csv").resolve(),
                                  month="2027-03")
    assert not args.sample
    # no files: the bundled sample, and nothing after the streamlit options
    plain = launch.streamlit_command()
    assert "--" not in plain and plain[plain.index("--server.address") + 1] == "127.0.0.1"
    opened = launch.streamlit_command(address="0.0.0.0")
    assert opened[opened.index("--server.address") + 1] == "0.0.0.0"
    sample = launch.parse_app_args([])
    assert sample.sample and sample.config == REPO / "data" / "config.toml"
    assert sample.history == REPO / "data" / "history.csv"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"history": "no/such.csv"}, "no/such.csv: file not found"),
    ({"month": "December"}, r"--month: expected YYYY-MM, got 'December'"),
    ({"port": 0}, "--port: expected a port from 1 to 65535"),
    ({"save_dir": "no/such/folder"}, "no/such/folder: --save-dir: expected an existing folder"),
])
def test_streamlit_command_refuses_bad_options_before_starting(kwargs, message):
    with pytest.raises(InputError, match=message):
        launch.streamlit_command(**kwargs)


def test_run_starts_the_command_and_returns_its_exit_status(monkeypatch, small):
    started = []

    class FakeServer:
        def __init__(self, argv):
            started.append(argv)

        def wait(self, timeout=None):
            return 3

    monkeypatch.setattr(launch.subprocess, "Popen", FakeServer)
    assert launch.run(config=small / "config.toml", history=REPO / "data" / "history.csv",
                      port=8601, headless=True) == 3
    assert started == [launch.streamlit_command(small / "config.toml",
                                                REPO / "data" / "history.csv", port=8601)]


def test_without_the_serve_extra_wfm_serve_says_what_to_install(monkeypatch, cli):
    real = launch.importlib.util.find_spec
    monkeypatch.setattr(launch.importlib.util, "find_spec",
                        lambda name: None if name == "streamlit" else real(name))
    monkeypatch.setattr(launch.subprocess, "Popen", lambda argv: pytest.fail("started"))
    result = cli("serve", "--headless")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("error: wfm serve needs Streamlit, which is not "
                                     "installed: pip install 'wfm-engine[serve]'")


def test_page_arguments_refuse_a_config_alone_and_unknown_options():
    with pytest.raises(InputError, match="give --history or --forecast with --config"):
        launch.parse_app_args(["--config", "c.toml"])
    with pytest.raises(InputError, match="unrecognized arguments: --conf"):
        launch.parse_app_args(["--conf", "c.toml"])


def test_importing_the_launcher_loads_neither_pandas_nor_streamlit():
    """`wfm serve` starts fast: the launcher is light on purpose."""
    code = ("import sys, wfm.serve.launch; "
            "print(sorted(m for m in ('pandas', 'streamlit', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_files_are_made_absolute_and_the_month_trimmed(small, monkeypatch):
    monkeypatch.chdir(small)
    argv = launch.streamlit_command(config="config.toml", history="forecast_intervals.csv",
                                    forecast="forecast_intervals.csv", month=" 2027-03 ")
    page_args = argv[argv.index("--") + 1:]
    assert page_args == ["--config", str(small.resolve() / "config.toml"),
                         "--history", str(small.resolve() / "forecast_intervals.csv"),
                         "--forecast", str(small.resolve() / "forecast_intervals.csv"),
                         "--month", "2027-03"]
    assert argv[argv.index("--server.address") + 1] == "127.0.0.1"  # this machine only


def test_page_arguments_without_a_config_use_the_defaults(tmp_path):
    args = launch.parse_app_args(["--history", str(tmp_path / "h.csv")])
    assert args == launch.AppArgs(config=None, history=tmp_path / "h.csv", forecast=None,
                                  month=None)
    assert not args.sample
    on_sample = launch.parse_app_args(["--history", str(launch.SAMPLE_HISTORY),
                                       "--forecast", str(tmp_path / "f.csv")])
    assert not on_sample.sample  # a forecast is planned, not the sample history
    assert launch.parse_app_args(["--month", "2027-02"]).month == "2027-02"


class _Server:
    """A stand-in for the streamlit process: Ctrl-C on the first wait, then `then`."""

    def __init__(self, then):
        self.then, self.waits, self.killed, self.terminated = then, [], False, False

    def terminate(self):
        self.terminated = True

    def wait(self, timeout=None):
        self.waits.append(timeout)
        if len(self.waits) == 1:
            raise KeyboardInterrupt
        return self.then(self)

    def kill(self):
        self.killed = True


def test_ctrl_c_stops_the_server_and_goes_on_up(monkeypatch):
    server = _Server(lambda s: 0)
    monkeypatch.setattr(launch.subprocess, "Popen", lambda argv: server)
    with pytest.raises(KeyboardInterrupt):
        launch.run(headless=True)
    assert server.terminated and server.waits == [None, 10] and not server.killed


def test_a_server_that_does_not_stop_is_killed(monkeypatch):
    def late(server):
        if len(server.waits) == 2:
            raise subprocess.TimeoutExpired("streamlit", 10)
        return -9

    server = _Server(late)
    monkeypatch.setattr(launch.subprocess, "Popen", lambda argv: server)
    with pytest.raises(KeyboardInterrupt):
        launch.run(headless=True)
    assert server.killed and server.waits == [None, 10, None]


def _other_address() -> str | None:
    """An address of this machine that is not the loopback, if it has one."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # no packet is sent: it picks the outgoing interface
            address = s.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


@pytest.mark.slow
def test_wfm_serve_on_a_fresh_machine_without_a_terminal_serves_this_machine_only(tmp_path):
    # a new HOME (no ~/.streamlit: Streamlit's first run) and standard input closed, as a
    # service or a container starts it: the page answers on 127.0.0.1 and nowhere else;
    # SIGTERM to wfm serve stops the server too
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "HOME": str(tmp_path)}
    env.pop("STREAMLIT_SERVER_HEADLESS", None)
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-c", RUN_CLI, "serve", "--port", str(port)],
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                env=env, cwd=tmp_path, start_new_session=True)
    try:
        end = time.monotonic() + 90
        while True:
            assert proc.poll() is None, log.read_text()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health",
                                            timeout=2) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                assert time.monotonic() < end, log.read_text()
                time.sleep(0.5)
        other = _other_address()
        if other is not None:
            with socket.socket() as s, pytest.raises(OSError):
                s.settimeout(2)
                s.connect((other, port))
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 143, log.read_text()
        time.sleep(1)
        with socket.socket() as s, pytest.raises(OSError):  # nothing left serving the page
            s.settimeout(2)
            s.connect(("127.0.0.1", port))
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert "Email" not in log.read_text()
