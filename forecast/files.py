"""Atomic output: every file of a run is written to a temporary name, then renamed into place.

A run that fails before the end leaves nothing half written; an input is never touched.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

Writer = Callable[[Path], None]


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


def write_all(out_dir: str | Path, files: dict[str, Writer],
              protect: tuple[str | Path, ...] = ()) -> list[Path]:
    """Write every file to a temp name in `out_dir`, then rename them all into place.

    `protect` lists input paths that must never be overwritten by an output.
    """
    out = Path(out_dir)
    targets = {name: out / name for name in files}
    guarded = {Path(p).resolve() for p in protect}
    for target in targets.values():
        if target.resolve() in guarded:
            raise ValueError(f"refusing to overwrite the input file {target}")
    out.mkdir(parents=True, exist_ok=True)
    temps: dict[str, Path] = {}
    try:
        for name, writer in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out)
            os.close(fd)
            temps[name] = Path(tmp)
            writer(temps[name])
    except BaseException:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        raise
    for name, tmp in temps.items():
        os.replace(tmp, targets[name])
    return list(targets.values())
