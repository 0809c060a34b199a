"""The walkthrough notebook runs top to bottom on the bundled sample, and draws its
charts; its own cells assert the what-if results a planner reads there."""

from __future__ import annotations

import locations
import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = locations.REPO / "notebooks" / "walkthrough.ipynb"


@pytest.mark.slow
def test_the_walkthrough_runs_clean(monkeypatch):
    # the kernel draws inline, whatever backend an earlier test set for this process
    monkeypatch.delenv("MPLBACKEND", raising=False)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs]
    assert not [out for out in outputs if out.output_type == "error"]
    pictures = [out for out in outputs if "image/png" in out.get("data", {})]
    assert len(pictures) >= 6  # history, forecast, staffing, curve, coverage, what-if
    printed = "".join(out.get("text", "") for out in outputs if out.output_type == "stream")
    assert "15% more volume costs" in printed


def test_the_walkthrough_uses_only_the_public_api():
    """The notebook drives wfm through `import wfm` alone: no module path inside it."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")
    imports = [line.strip() for line in code.splitlines()
               if line.strip().startswith(("import ", "from "))]
    assert "import wfm" in imports
    assert not [line for line in imports if "wfm." in line or line.startswith("from wfm")]
