"""Whole output folders: a run's files are written into a fresh folder beside `--out`,
then moved in together, with Ctrl-C and SIGTERM held off for that moment; a run that
fails or is stopped before the end leaves `--out` as it was and no temporary files. One
run at a time may write a folder, and `--out` is checked before any work. Inputs are
never touched.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from wfm.core.clock import time_text
from wfm.core.csvin import PARQUET_EXTRA, PARQUET_SUFFIXES
from wfm.core.errors import InputError

Writer = Callable[[Path], None]


def times_as_text(frame: pd.DataFrame, column: str = "interval_start") -> pd.DataFrame:
    """The frame with `column` as files hold date-times (`YYYY-MM-DDTHH:MM+HH:MM`)."""
    return frame.assign(**{column: time_text(frame[column])})


@dataclass(frozen=True)
class TableWriter:
    """A writer for a frame as UTF-8 CSV with a header and no index; it keeps the frame,
    so a run asked for Parquet tables (`as_parquet`) writes the same rows as Parquet."""
    frame: pd.DataFrame
    float_format: str = "%.3f"

    def __call__(self, path: Path) -> None:
        frame = self.frame  # dates as dates; times on the centre's clock with their offset
        zoned = [c for c in frame.columns if isinstance(frame[c].dtype, pd.DatetimeTZDtype)]
        frame = frame.assign(**{c: time_text(frame[c]) for c in zoned})
        frame.to_csv(path, index=False, float_format=self.float_format,
                     date_format="%Y-%m-%d", lineterminator="\n")


def csv_writer(frame: pd.DataFrame, float_format: str = "%.3f") -> Writer:
    """A writer for a frame as UTF-8 CSV with a header and no index."""
    return TableWriter(frame, float_format)


_ISO_TIME = r"\d{4}-\d\d-\d\d(?:T\d\d:\d\d(?::\d\d)?(?:Z|[+-]\d\d:\d\d)?)?"


def parquet_ready(frame: pd.DataFrame, float_format: str = "%.3f") -> pd.DataFrame:
    """The frame as Parquet holds it: every text column that holds only ISO dates or
    date-times (and blanks) as real dates and times (in UTC where they carry an offset),
    and a column mixing numbers and text (a summary's `value` beside its warnings) as
    the CSV's text, one type to a column."""
    def text(v: object) -> object:
        if v is None or isinstance(v, str):
            return v
        if isinstance(v, float):
            return "" if pd.isna(v) else float_format % v
        return str(v)

    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype != object:
            continue
        filled = values.dropna()
        if not filled.map(lambda v: isinstance(v, str)).all():
            out[column] = values.map(text)
            continue
        times = filled[filled != ""]
        if len(times) and times.str.fullmatch(_ISO_TIME).all():
            zoned = bool(times.str.contains(r"(?:Z|[+-]\d\d:\d\d)$").any())
            out[column] = pd.to_datetime(values.replace("", None), format="ISO8601", utc=zoned)
    return out


def table_name(name: str, tables: str) -> str:
    """A file's name when tables are written as `tables` (csv or parquet)."""
    if tables == "parquet" and name.endswith(".csv"):
        return name[: -len(".csv")] + ".parquet"
    return name


def as_parquet(files: dict[str, Writer]) -> dict[str, Writer]:
    """The same files with every CSV table as Parquet (`x.csv` becomes `x.parquet`, see
    `parquet_ready`); charts and other files as they were."""
    return {table_name(name, "parquet"): (parquet_writer(parquet_ready(w.frame, w.float_format))
                                          if isinstance(w, TableWriter) and name.endswith(".csv")
                                          else w)
            for name, w in files.items()}


def parquet_writer(frame: pd.DataFrame) -> Writer:
    """A writer for a frame as Parquet (pyarrow, the `parquet` extra), with no index."""
    def write(path: Path) -> None:
        try:
            frame.to_parquet(path, index=False)
        except ImportError:
            raise InputError(f"writing Parquet needs pyarrow: {PARQUET_EXTRA}",
                             file=path) from None
    return write


def table_writer(frame: pd.DataFrame, name: str | Path, float_format: str = "%.3f"
                 ) -> Writer:
    """CSV or Parquet by the file name's suffix (.parquet, .pq)."""
    if Path(name).suffix.lower() in PARQUET_SUFFIXES:
        return parquet_writer(frame)
    return csv_writer(frame, float_format)


def figure_writer(fig) -> Writer:
    """A writer for a matplotlib figure as PNG."""
    def write(path: Path) -> None:
        fig.savefig(path, format="png", dpi=110, bbox_inches="tight")
    return write


def check_outputs(out_dir: str | Path, names: list[str] | tuple[str, ...],
                  protect: tuple[str | Path, ...] = ()) -> None:
    """Fail early, before any work: an output would overwrite an input file, `--out`
    cannot be written, or another run is writing it (this run then holds the folder
    until it ends)."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError("--out must be a folder, and this is a file", file=out)
    guarded = {Path(p).resolve() for p in protect}
    for name in names:
        if (out / name).resolve() in guarded:
            raise InputError("refusing to overwrite an input file with an output; choose "
                             "another --out folder", file=out / name)
        if (out / name).is_dir():
            raise InputError(f"a folder named {name} is in the way of an output file",
                             file=out / name)
    base = _existing_ancestor(out)
    try:  # a real file, not os.access: root passes that on read-only and virtual disks
        with tempfile.TemporaryFile(dir=base):
            pass
    except OSError as exc:
        raise InputError(f"--out cannot be written here ({exc.strerror or exc}); choose "
                         "another folder", file=out) from None
    claim(out)


def _existing_ancestor(path: Path) -> Path:
    """The path itself if it exists, else its nearest existing parent folder."""
    path = path.absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


_HELD: dict[Path, tuple[int, Path]] = {}  # folders this process writes: (lock fd, lock file)


def claim(out_dir: str | Path) -> None:
    """Hold `out_dir` for this run: a lock file named for the folder in the temporary
    folder, which a second run finds locked and is refused by, with a clear message. The
    operating system lets go when the process ends, however it ends."""
    out = Path(out_dir).resolve()
    if out in _HELD:
        return
    try:
        import fcntl
    except ImportError:  # no advisory locks on this platform: runs are not guarded
        return
    digest = hashlib.sha1(str(out).encode()).hexdigest()[:12]
    lock = Path(tempfile.gettempdir()) / f"wfm-writing-{digest}.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise InputError("another wfm run is writing this folder; wait for it to finish "
                         "or choose another --out", file=out) from None
    _HELD[out] = (fd, lock)


def release(out_dir: str | Path) -> None:
    """Let go of a folder this process held (its lock file removed)."""
    held = _HELD.pop(Path(out_dir).resolve(), None)
    if held is not None:
        fd, lock = held
        lock.unlink(missing_ok=True)
        os.close(fd)


@atexit.register
def release_all() -> None:
    """Let go of every folder this process held."""
    for out in list(_HELD):
        release(out)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM off while files move into place (a few renames), so a run
    is never left half in; they arrive as soon as the move is done."""
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    except (AttributeError, ValueError):  # not the main thread, or no POSIX signals
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def leftovers(out_dir: str | Path, written: list[Path] | tuple[Path, ...]) -> list[Path]:
    """Files in `out_dir` this run did not write: an earlier run's, now out of step."""
    out = Path(out_dir)
    if not out.is_dir():
        return []
    mine = {Path(p).name for p in written}
    return sorted(p for p in out.iterdir()
                  if p.is_file() and p.name not in mine and not p.name.startswith("."))


def write_all(out_dir: str | Path, files: dict[str, Writer],
              protect: tuple[str | Path, ...] = (), clean: bool = False) -> list[Path]:
    """Write every file into a fresh folder beside `out_dir`, then move them all in at
    once (`clean`: and remove the files an earlier run left there).

    `protect` lists input paths that must never be overwritten by an output. If a
    writer fails or the run is stopped, the fresh folder goes and `out_dir` is as it
    was; a disk that refuses the files is one clear line, not a traceback.
    """
    out = Path(out_dir)
    held = out.resolve() in _HELD  # claimed by the caller before its work, or by us now
    check_outputs(out, list(files), protect)
    parent = _existing_ancestor(out)
    umask = os.umask(0)
    os.umask(umask)
    fresh = Path(tempfile.mkdtemp(prefix=".wfm-new-", dir=parent))
    try:
        for name, writer in files.items():
            writer(fresh / name)
            os.chmod(fresh / name, 0o666 & ~umask)
        with _signals_held():
            out.mkdir(parents=True, exist_ok=True)
            old = leftovers(out, [out / name for name in files]) if clean else []
            for name in files:
                os.replace(fresh / name, out / name)
            for path in old:
                path.unlink(missing_ok=True)
    except OSError as exc:
        raise InputError(f"could not write the output files: {exc.strerror or exc}",
                         file=out) from None
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
        if not held:
            release(out)
    return [out / name for name in files]
