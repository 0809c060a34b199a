"""Reading input CSVs: cells as text, checked one by one, errors naming row and column.

Shared by every stage that reads a file a person or another tool wrote (history, special
days, forecasts, plans), so all report bad input the same way.
"""

from __future__ import annotations

import io
import re
import zoneinfo
from pathlib import Path

import numpy as np
import pandas as pd

from wfm.core.clock import localize
from wfm.core.errors import InputError

_OFFSET = re.compile(r"(?:Z|[+-]\d\d:?\d\d)$")


def read_csv_text(path: str | Path, expected: str, *, allow_no_rows: bool = False
                  ) -> pd.DataFrame:
    """Every cell as text, so each can be checked and a bad one reported by row and column.

    `expected` names the columns the file should have, for the error on an empty file.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", file=path)
    if path.suffix.lower() in PARQUET_SUFFIXES:
        return _parquet_text(path, allow_no_rows)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except pd.errors.EmptyDataError:
        raise InputError(f"file is empty; expected a header row ({expected})",
                         file=path) from None
    except UnicodeDecodeError:
        raise _not_utf8(path) from None
    except pd.errors.ParserError as exc:
        raise InputError(f"not a readable CSV file ({exc})", file=path) from None
    _check_delimiter(frame, path)
    if frame.empty and not allow_no_rows:
        raise InputError("file has a header but no data rows", file=path)
    frame.columns = [c.strip() for c in frame.columns]
    return frame


PARQUET_SUFFIXES = (".parquet", ".pq")
PARQUET_EXTRA = "pip install 'wfm-engine[parquet]'"


def _parquet_text(path: Path, allow_no_rows: bool) -> pd.DataFrame:
    """A Parquet file read as text cells, as a CSV is: dates and times in ISO 8601,
    numbers as written, nulls empty; the same checks and messages follow."""
    try:
        frame = pd.read_parquet(path)
    except ImportError:
        raise InputError(f"reading Parquet needs pyarrow: {PARQUET_EXTRA}", file=path) from None
    except (OSError, ValueError) as exc:
        raise InputError(f"not a readable Parquet file ({exc})", file=path) from None
    text = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            timed = (values.dropna() != values.dropna().dt.normalize()).any()
            aware = getattr(values.dt, "tz", None) is not None  # keep the offset
            values = values.dt.strftime("%Y-%m-%dT%H:%M:%S%z" if aware else
                                        "%Y-%m-%dT%H:%M:%S" if timed else "%Y-%m-%d")
        text[str(column).strip()] = values.astype(object).where(values.notna(), "").astype(str)
    if text.empty and not allow_no_rows:
        raise InputError("file has a header but no data rows", file=path)
    return text.reset_index(drop=True)


def _not_utf8(path: Path) -> InputError:
    """The row and byte that stop the file reading as UTF-8 text."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = data.count(b"\n", 0, exc.start)  # the header is row 0
        return InputError(f"byte 0x{data[exc.start]:02x} is not UTF-8 text; save the file as "
                          "UTF-8 CSV", file=path, row=row)
    return InputError("not a readable UTF-8 CSV file", file=path)


def _check_delimiter(frame: pd.DataFrame, path: Path) -> None:
    """A file split on semicolons or tabs reads as one column: say so, not which column
    is missing."""
    if len(frame.columns) != 1:
        return
    header = str(frame.columns[0])
    for sep, name in ((";", "semicolons"), ("\t", "tabs")):
        if sep in header:
            raise InputError(f"the columns are separated by {name}; wfm reads comma-separated "
                             "CSV (save it with commas)", file=path, row=0)


FRAME = Path("<DataFrame>")  # the "file" an in-memory frame's errors name


def text_frame(source: str | Path | pd.DataFrame, expected: str) -> tuple[pd.DataFrame, Path]:
    """A CSV file, or a frame already in memory, as text cells with the path its errors
    name: a frame goes through the same CSV text a file holds, so it is read, checked and
    reported by row exactly as that file would be."""
    if not isinstance(source, pd.DataFrame):
        return read_csv_text(source, expected), Path(source)
    name = Path(source.attrs.get("source", FRAME))  # e.g. <stdin>
    if source.empty:
        raise InputError(f"the frame has no rows; expected columns ({expected})", file=name)
    text = source.to_csv(index=False, date_format="%Y-%m-%dT%H:%M:%S")
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame, name


def file_row(values: pd.Series | pd.DataFrame, position: int) -> int:
    """The data row (from 1) of the `position`-th entry: frames from `read_csv_text` keep
    the file's row order in their index, so a queue's slice of a file still names the
    file's own row."""
    label = values.index[position]
    return int(label) + 1 if isinstance(label, (int, np.integer)) else position + 1


def require_order(start: pd.Series, end: pd.Series, path: Path, start_column: str,
                  end_column: str) -> None:
    """The first row whose end comes before its start, as an error naming that row."""
    backwards = (end < start).to_numpy()
    if backwards.any():
        i = int(np.flatnonzero(backwards)[0])
        raise InputError(f"{end_column} is before {start_column}", file=path,
                         row=file_row(end, i), column=end_column)


def require_column(frame: pd.DataFrame, column: str, path: Path, hint: str) -> pd.Series:
    if column not in frame.columns:
        raise InputError(f"missing column '{column}' ({hint})", file=path, row=0, column=column)
    return frame[column]


def parse_times(values: pd.Series, path: Path, column: str, timezone: str,
                clock: str = "local") -> tuple[pd.Series, pd.Series]:
    """ISO 8601 text to naive local times; offsets are converted to the centre's time zone.

    Returns the local times and a key per row for duplicate checks (the UTC instant where
    an offset was given), so the two 01:30s of a daylight-saving autumn night given with
    offsets are not mistaken for duplicates. Rows without an offset are local clock times,
    or UTC with `clock="utc"` (a feed kept in UTC: its autumn night then has two rows at
    one local time, summed by the history as a local feed gives them).
    """
    text = values.astype(str).str.strip()
    has_offset = text.str.contains(_OFFSET)
    if clock == "utc":
        timed = ~has_offset & text.str.contains(r"\d[T ]\d", regex=True)
        text = text.where(~timed, text + "+00:00")
        has_offset = has_offset | timed
    local = pd.to_datetime(text.where(~has_offset), format="ISO8601", errors="coerce")
    instants = local.astype(str)
    if has_offset.any():
        zone = zoneinfo.ZoneInfo(timezone)
        utc = pd.to_datetime(text.where(has_offset), format="ISO8601", errors="coerce", utc=True)
        local = local.where(~has_offset, utc.dt.tz_convert(zone).dt.tz_localize(None))
        # an instant given with an offset is told apart from a local clock time
        instants = instants.where(~has_offset, "utc " + utc.astype(str))
    bad = local.isna()
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(f"expected an ISO 8601 date or date-time, got {text.iloc[i]!r}",
                         file=path, row=file_row(values, i), column=column)
    return local, instants


def parse_instants(values: pd.Series, path: Path, column: str, timezone: str
                   ) -> tuple[pd.Series, pd.Series]:
    """ISO 8601 text to aware times in the centre's time zone, as the real slots of a
    forecast, staffing or coverage file: a time with an offset is that instant; one
    without is a wall-clock time (a repeated one its first occurrence; one the spring
    change skips is an error). Returns the times and `parse_times`'s duplicate keys."""
    local, keys = parse_times(values, path, column, timezone)
    text = values.astype(str).str.strip()
    has_offset = text.str.contains(_OFFSET)
    aware = localize(local, timezone, skipped="NaT")
    if has_offset.any():
        exact = pd.to_datetime(text.where(has_offset), format="ISO8601", utc=True,
                               errors="coerce").dt.tz_convert(timezone)
        aware = aware.where(~has_offset, exact)
    skipped = aware.isna()
    if skipped.any():
        i = int(np.flatnonzero(skipped.to_numpy())[0])
        raise InputError(f"{text.iloc[i]!r} is not a time on the clocks of {timezone} (they "
                         "go forward past it); give it with its UTC offset",
                         file=path, row=file_row(values, i), column=column)
    return aware, keys


# Beyond these a number is a typo or a unit error, never a real centre's: contacts in one
# row of a file (an interval or a whole day), and one contact's handle time (a day).
MOST_CONTACTS = 1e7
MOST_HANDLE_SECONDS = 86_400.0


def parse_numbers(values: pd.Series, path: Path, column: str, *, allow_empty: bool = False,
                  what: str = "a number >= 0", allow_inf: bool = False,
                  most: float | None = None) -> pd.Series:
    """Text to floats >= 0 (and `inf` where allowed, e.g. the ASA of an interval nobody
    staffs), none above `most` where given; the first bad cell is reported with its row."""
    text = values.astype(str).str.strip()
    numbers = pd.to_numeric(text.where(text != "", np.nan), errors="coerce")
    bad = numbers.isna() & ((text != "") | (not allow_empty))
    bad |= numbers < 0
    if not allow_inf:
        bad |= np.isinf(numbers.fillna(0))
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(f"expected {what}, got {text.iloc[i]!r}", file=path,
                         row=file_row(values, i), column=column)
    if most is not None and (numbers > most).any():
        i = int(np.flatnonzero((numbers > most).to_numpy())[0])
        raise InputError(f"expected {what} up to {most:,.0f}, got {text.iloc[i]}: beyond any "
                         "real centre's figure (a typo or a unit error?)", file=path,
                         row=file_row(values, i), column=column)
    return numbers.astype(float)
