"""The command's own words: every command and option explains itself, and -V answers."""

from __future__ import annotations

import shlex
import subprocess
import sys

import click
import pytest

from wfm.cli import main


def _commands(group: click.Group, path: str = "wfm"):
    yield path, group
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, f"{path} {name}")
        else:
            yield f"{path} {name}", command


def test_every_command_and_option_has_help_text():
    missing = []
    for path, command in _commands(main):
        if not (command.help or "").strip():
            missing.append(path)
        for param in command.params:
            if isinstance(param, click.Option) and not (param.help or "").strip():
                missing.append(f"{path} {'/'.join(param.opts)}")
    assert missing == []


def test_every_command_shows_an_example_that_its_options_accept():
    # the example is the docstring's paragraph starting "Example: wfm NAME"; it parses
    # as the command's own arguments (every option real, every required one given)
    for path, command in _commands(main):
        if isinstance(command, click.Group):
            continue
        paragraphs = [" ".join(p.split()) for p in (command.help or "").split("\n\n")]
        examples = [p for p in paragraphs if p.startswith(f"Example: {path} ")]
        assert len(examples) == 1, f"{path}: no 'Example: {path} ...' paragraph"
        args = shlex.split(examples[0].removeprefix(f"Example: {path} "))
        command.make_context(path, args)  # click raises on an unknown or missing option


def test_version_answers_to_a_short_flag(cli):
    long, short = cli("--version"), cli("-V")
    assert long.exit_code == short.exit_code == 0
    assert short.stdout == long.stdout and short.stdout.startswith("wfm, version ")


def test_help_does_not_load_the_science_stack():
    # `wfm --help` (and shell completion, which walks the same tree) stays fast: the
    # commands import pandas, OR-Tools and matplotlib only when they run
    code = ("import sys; from wfm.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('pandas', 'ortools', 'matplotlib', 'statsmodels')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_quiet_prints_nothing_but_writes_everything(cli, centre, tmp_path):
    loud, quiet = tmp_path / "loud", tmp_path / "quiet"
    args = ["report", "--history", centre["history"], "--config", centre["config"],
            "--month", "2024-04"]
    said = cli(*args, "--out", loud)
    hushed = cli("--quiet", *args, "--out", quiet)
    assert said.exit_code == hushed.exit_code == 0
    assert said.stdout and hushed.stdout == "" and hushed.stderr == ""
    assert sorted(p.name for p in quiet.iterdir()) == sorted(p.name for p in loud.iterdir())


def test_a_plan_ends_by_naming_the_three_files_to_open_first():
    from wfm.cli import _open_first

    roster = {"forecast.png", "roster_grid.csv", "coverage.png", "roster_summary.csv",
              "requirements.png"}
    assert _open_first(roster) == (
        "open first: roster_grid.csv (who works when); coverage.png (staff against the "
        "requirement, interval by interval); roster_summary.csv (paid hours, cost, service "
        "level and warnings)")
    assert _open_first({"forecast.png", "requirements.png", "forecast_daily.csv"}).startswith(
        "open first: forecast.png")


@pytest.mark.parametrize(("args", "words"), [
    (["forecast", "h.csv", "--out", "o", "--tables", "xlsx"],
     "error: Invalid value for '--tables': 'xlsx' is not one of 'csv', 'parquet'. "
     "(see wfm forecast --help)"),
    (["forecast", "h.csv", "--out", "o", "--days", "abc"],
     "error: Invalid value for '--days': 'abc' is not a valid integer. "
     "(see wfm forecast --help)"),
    (["roster", "--out", "o"], "error: Missing option '--requirements'. (see wfm roster --help)"),
    (["forcast"], "error: No such command 'forcast'. Did you mean 'forecast'? (see wfm --help)"),
])
def test_a_mistyped_option_or_value_is_one_line_and_exit_2(cli, tmp_path, args, words):
    result = cli(*[str(tmp_path / a) if a in ("h.csv", "o") else a for a in args])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [words.replace(
        "'o'", repr(str(tmp_path / "o")))] and result.stdout == ""
    assert not (tmp_path / "o").exists()
