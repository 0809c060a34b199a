"""The walkthrough notebook runs top to bottom on the bundled sample, and draws its
charts; its own cells assert the what-if results a planner reads there."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "walkthrough.ipynb"


def test_the_walkthrough_runs_clean():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs]
    assert not [out for out in outputs if out.output_type == "error"]
    pictures = [out for out in outputs if "image/png" in out.get("data", {})]
    assert len(pictures) >= 6  # history, forecast, staffing, curve, coverage, what-if
    printed = "".join(out.get("text", "") for out in outputs if out.output_type == "stream")
    assert "15% more volume costs" in printed
