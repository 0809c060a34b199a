"""The tree tells a newcomer where things live: every package folder is installed under
`wfm`, every module has a test file at the mirrored path, the README's layout draws every
package and its table of frames is the one `wfm.core.frames` declares."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import locations

from wfm.core import frames

REPO = locations.REPO
STAGES = ("core", "forecast", "schedule", "serve")
README = (REPO / "README.md").read_text(encoding="utf-8")


def _packages() -> list[str]:
    """Dotted names of the package folders (those with an __init__.py), under wfm."""
    found = ["wfm"]
    for top in STAGES:
        for init in sorted((REPO / top).rglob("__init__.py")):
            found.append(".".join(("wfm", *init.parent.relative_to(REPO).parts)))
    return found


def _modules() -> list[str]:
    """Library modules, as paths from the repository root."""
    out = []
    for top in STAGES:
        out += [str(p.relative_to(REPO)) for p in sorted((REPO / top).rglob("*.py"))
                if p.name != "__init__.py"]
    return out


def test_pyproject_installs_every_package_folder_and_nothing_else():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    assert setuptools["package-dir"] == {"wfm": "."}
    # data/ ships the bundled sample and its generator (the what-if page opens it)
    assert sorted(setuptools["packages"]) == sorted([*_packages(), "wfm.data"])
    assert config["project"]["scripts"] == {"wfm": "wfm.cli:main"}


def test_every_module_has_a_test_file_at_the_mirrored_path():
    missing = [m for m in _modules()
               if not (REPO / "tests" / m).with_name("test_" + m.rsplit("/", 1)[-1]).is_file()]
    assert not missing, f"modules without tests/<path>/test_<module>.py: {missing}"


def test_the_api_and_the_cli_have_their_test_files():
    assert (REPO / "tests" / "test_api.py").is_file()
    assert list((REPO / "tests" / "cli").glob("test_*.py"))


def test_the_readme_layout_draws_every_package():
    layout = README.split("## Layout", 1)[1].split("\n## ", 1)[0]
    for package in _packages()[1:]:
        folder = "/".join(package.split(".")[1:]) + "/"
        assert folder in layout or folder.split("/")[-2] + "/" in layout, folder


def test_the_readme_lists_the_frames_from_their_contract():
    assert frames.markdown_table() in README


def test_the_readme_layout_names_every_module():
    layout = README.split("## Layout", 1)[1].split("\n## ", 1)[0]
    words = set(re.findall(r"[a-z_]+", layout))
    missing = [m for m in _modules() if Path(m).stem not in words | {"__init__"}]
    assert not missing, f"modules the README's layout does not name: {missing}"
