"""Where the tests find the project's own files and the real data beside the project."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
EXAMPLES = REPO / "examples"
SHARED_DATA = REPO.parent / "shared" / "data"
