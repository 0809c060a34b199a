"""Atomic output: every file of a run is written to a temporary name, then renamed into place.

A run that fails before the end leaves nothing half written; an input is never touched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from wfm.core.errors import InputError

Writer = Callable[[Path], None]
TIME_FORMAT = "%Y-%m-%dT%H:%M"  # how every file writes a local date-time


def times_as_text(frame: pd.DataFrame, column: str = "interval_start") -> pd.DataFrame:
    """The frame with `column` as files hold date-times (`YYYY-MM-DDTHH:MM`)."""
    return frame.assign(**{column: pd.to_datetime(frame[column]).dt.strftime(TIME_FORMAT)})


def csv_writer(frame: pd.DataFrame, float_format: str = "%.3f") -> Writer:
    """A writer for a frame as UTF-8 CSV with a header and no index."""
    def write(path: Path) -> None:
        frame.to_csv(path, index=False, float_format=float_format, date_format="%Y-%m-%d",
                     lineterminator="\n")
    return write


def figure_writer(fig) -> Writer:
    """A writer for a matplotlib figure as PNG."""
    def write(path: Path) -> None:
        fig.savefig(path, format="png", dpi=110, bbox_inches="tight")
    return write


def check_outputs(out_dir: str | Path, names: list[str] | tuple[str, ...],
                  protect: tuple[str | Path, ...] = ()) -> None:
    """Fail early, before any work, if an output would overwrite an input file."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError("--out must be a folder, and this is a file", file=out)
    guarded = {Path(p).resolve() for p in protect}
    for name in names:
        if (out / name).resolve() in guarded:
            raise InputError("refusing to overwrite an input file with an output; choose "
                             "another --out folder", file=out / name)


def write_all(out_dir: str | Path, files: dict[str, Writer],
              protect: tuple[str | Path, ...] = ()) -> list[Path]:
    """Write every file to a temp name in `out_dir`, then rename them all into place.

    `protect` lists input paths that must never be overwritten by an output. If any
    writer fails, the temp files (and the folder, if this call made it) are removed.
    """
    out = Path(out_dir)
    check_outputs(out, list(files), protect)
    made = out  # the topmost folder this call creates, removed again if a writer fails
    while not made.parent.exists():
        made = made.parent
    made = None if out.exists() else made
    out.mkdir(parents=True, exist_ok=True)
    umask = os.umask(0)
    os.umask(umask)
    temps: dict[str, Path] = {}
    try:
        for name, writer in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out)
            os.close(fd)
            temps[name] = Path(tmp)
            writer(temps[name])
            os.chmod(temps[name], 0o666 & ~umask)  # mkstemp makes 0600; outputs are shared
    except BaseException:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)
        raise
    for name, tmp in temps.items():
        os.replace(tmp, out / name)
    return [out / name for name in files]
