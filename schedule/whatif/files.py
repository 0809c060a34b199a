"""The what-if stage's output files: whatif.csv (one row per scenario) and whatif.png.

Writers only: `wfm.core.output.write_all` writes them all or none.
"""

from __future__ import annotations

import pandas as pd

from wfm.core.output import Writer, csv_writer, figure_writer
from wfm.schedule.whatif.charts import whatif_chart

WHATIF_FILES = ("whatif.csv", "whatif.png")


def whatif_files(table: pd.DataFrame, title: str, baseline: str) -> dict[str, Writer]:
    """The comparison table and its chart, the baseline outlined."""
    return {"whatif.csv": csv_writer(table, float_format="%.4f"),
            "whatif.png": figure_writer(whatif_chart(table, title, baseline))}
