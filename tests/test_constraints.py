"""constraints.txt pins a known-good set: every requirement wfm names (the core and each
extra) is pinned to one version that meets pyproject's own bound, and the environment
these tests run in is that set (`make test` installs with it, so a passing run tests it)."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

import locations
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = locations.REPO


def _pins() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for n, line in enumerate((REPO / "constraints.txt").read_text().splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        found = re.fullmatch(r"([A-Za-z0-9._-]+)==([^\s;]+)", line)
        assert found, f"constraints.txt line {n}: expected name==version, got {line!r}"
        name = canonicalize_name(found[1])
        assert name not in pins, f"constraints.txt pins {found[1]} twice"
        pins[name] = Version(found[2])
    return pins


def _requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    named = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        named += extra
    return [r for r in map(Requirement, named) if canonicalize_name(r.name) != "wfm-engine"]


def test_every_requirement_is_pinned_within_its_bound():
    pins = _pins()
    for req in _requirements():
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} ({req}) is not pinned in constraints.txt"
        assert pins[name] in req.specifier, f"{req.name}=={pins[name]} breaks {req}"


def test_wfm_itself_is_not_pinned():
    assert "wfm-engine" not in _pins()


def test_the_environment_under_test_is_the_pinned_set():
    # a package upgraded beside the pins (or a pin edited by hand) shows here: rerun the
    # tests on the new set, then `make constraints`
    differ = []
    for name, version in _pins().items():
        try:
            installed = Version(metadata.version(name))
        except metadata.PackageNotFoundError:
            continue  # an extra this environment does not hold (the peers of `make bench`)
        if installed != version:
            differ.append(f"{name}: installed {installed}, pinned {version}")
    assert not differ, "; ".join(differ)


@pytest.mark.parametrize("name", ["numpy", "pandas", "ortools", "statsmodels", "pytest"])
def test_the_core_of_the_stack_is_installed_as_pinned(name):
    assert Version(metadata.version(name)) == _pins()[canonicalize_name(name)]
