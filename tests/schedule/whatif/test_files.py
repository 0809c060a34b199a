"""The what-if stage's output files (schedule/whatif/files.py): whatif.csv, which reads back as
the table, and whatif.png, written together by write_all."""

from __future__ import annotations

import pandas as pd
import pytest

from wfm.core.errors import InputError
from wfm.core.output import write_all
from wfm.schedule.whatif.compare import COLUMNS
from wfm.schedule.whatif.files import WHATIF_FILES, whatif_files


@pytest.fixture
def table() -> pd.DataFrame:
    """Two scenarios with every column of run_whatif's table."""
    rows = {c: [0.5, 0.6] for c in COLUMNS}
    rows.update(scenario=["baseline", "volume +15%"], plan=["goal", "goal"],
                volume=[10_000.0, 11_500.0], required_fte=[41.23456, 46.98765],
                cost=[150_000.0, 171_000.0], fte_change=[0.0, 5.75309],
                cost_change=[0.0, 21_000.0], asa_erlang_a=[12.5, 14.0],
                service_level_sim_lo=[0.45, 0.55], service_level_sim_hi=[0.55, 0.65])
    return pd.DataFrame(rows)[COLUMNS]


def test_the_files_are_the_table_and_its_chart(table):
    files = whatif_files(table, "Northwind, 2026-12", "baseline")
    assert tuple(files) == WHATIF_FILES == ("whatif.csv", "whatif.png")


def test_written_files_read_back_as_the_table(table, tmp_path):
    written = write_all(tmp_path / "out", whatif_files(table, "title", "baseline"))
    assert sorted(p.name for p in written) == ["whatif.csv", "whatif.png"]
    back = pd.read_csv(tmp_path / "out" / "whatif.csv")
    assert list(back.columns) == COLUMNS
    assert back["scenario"].tolist() == ["baseline", "volume +15%"]
    # four decimals kept: FTE 41.23456 -> 41.2346
    assert back["required_fte"].tolist() == [41.2346, 46.9877]
    pd.testing.assert_frame_equal(back.drop(columns=["scenario", "plan"]),
                                  table.drop(columns=["scenario", "plan"]).round(4),
                                  check_dtype=False)
    png = (tmp_path / "out" / "whatif.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["whatif.csv", "whatif.png"]


def test_an_output_over_an_input_is_refused_before_anything_is_written(table, tmp_path):
    (tmp_path / "whatif.csv").write_text("precious\n")
    with pytest.raises(InputError, match="refusing to overwrite an input file"):
        write_all(tmp_path, whatif_files(table, "title", "baseline"),
                  protect=(tmp_path / "whatif.csv",))
    assert (tmp_path / "whatif.csv").read_text() == "precious\n"
    assert not (tmp_path / "whatif.png").exists()
