"""The shared chart ground: Agg unless a backend was chosen already (MPLBACKEND, or pyplot
in use), and the busy / normal / quiet legend beside a plot."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from matplotlib.colors import to_hex

from wfm.core.charts import SEASON_COLOURS, plt, season_legend

PNG = b"\x89PNG\r\n\x1a\n"


def _backend_after(code: str, **env: str) -> str:
    """The backend a fresh interpreter ends with after `code` and `import wfm.core.charts`."""
    clean = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    out = subprocess.run(
        [sys.executable, "-c",
         f"{code}\nimport matplotlib, wfm.core.charts\nprint(matplotlib.get_backend())"],
        capture_output=True, text=True, check=True, env={**clean, **env})
    return out.stdout.strip().lower()


def test_agg_is_chosen_when_nothing_else_was():
    assert _backend_after("") == "agg"


def test_a_backend_named_in_mplbackend_is_kept():
    assert _backend_after("", MPLBACKEND="svg") == "svg"


def test_a_backend_pyplot_already_uses_is_kept():
    code = "import matplotlib\nmatplotlib.use('pdf')\nimport matplotlib.pyplot"
    assert _backend_after(code) == "pdf"


def test_plt_is_pyplot():
    import matplotlib.pyplot

    assert plt is matplotlib.pyplot


def test_the_three_seasons_have_their_own_colours():
    assert list(SEASON_COLOURS) == ["busy", "quiet", "normal"]
    assert len(set(SEASON_COLOURS.values())) == 3


def test_season_legend_shows_each_season_in_its_colour_beside_the_plot(tmp_path):
    fig, ax = plt.subplots()
    ax.bar([0, 1], [3, 5])
    season_legend(ax)
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == list(SEASON_COLOURS)
    colours = [to_hex(h.get_facecolor()) for h in legend.legend_handles]
    assert colours == list(SEASON_COLOURS.values())
    # anchored at the right edge of the axes, outside the bars
    anchor = legend.get_bbox_to_anchor().transformed(ax.transAxes.inverted())
    assert tuple(anchor.p0) == pytest.approx((1.0, 1.0))
    # a light horizontal grid: y gridlines on, x gridlines off
    assert any(line.get_visible() for line in ax.yaxis.get_gridlines())
    assert not any(line.get_visible() for line in ax.xaxis.get_gridlines())
    path = tmp_path / "legend.png"
    fig.savefig(path)
    assert path.read_bytes()[:8] == PNG and path.stat().st_size > 1000
