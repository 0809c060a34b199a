"""The public API is kept deliberate: `wfm.__all__` is derived from the package itself and
checked both ways (as httpx does), every name has a docstring, and the staffing
signatures stay the documented contract."""

from __future__ import annotations

import inspect
import subprocess
import sys

import wfm
import wfm.api
from wfm.schedule import staffing


def test_all_is_exactly_the_exports():
    assert wfm.__all__ == sorted(wfm._EXPORTS)
    assert sorted(set(wfm.__all__)) == wfm.__all__


def test_every_public_api_function_and_result_is_exported():
    """Each public function and class that wfm.api defines is in wfm.__all__, and each
    exported name resolves to the object in the module that defines it."""
    own = {name for name, obj in vars(wfm.api).items()
           if not name.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj))
           and obj.__module__ == "wfm.api"}
    assert own <= set(wfm.__all__), own - set(wfm.__all__)
    for name in wfm.__all__:
        obj = getattr(wfm, name)
        assert getattr(sys.modules[wfm._EXPORTS[name]], name) is obj
        assert inspect.getdoc(obj), f"wfm.{name} has no docstring"


def test_unknown_names_are_attribute_errors():
    try:
        wfm.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_forecast_is_the_stage_package_and_make_forecast_the_function():
    import wfm.forecast.history

    assert inspect.ismodule(wfm.forecast)
    assert callable(wfm.make_forecast)


def test_import_wfm_loads_no_science_stack():
    """`import wfm` (and so `wfm --help`) does not import pandas, matplotlib or OR-Tools."""
    code = ("import sys, wfm, wfm.cli; heavy = [m for m in ('pandas', 'matplotlib', "
            "'ortools', 'statsmodels', 'numpy') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_staffing_signatures_are_the_documented_contract():
    ra = inspect.signature(staffing.required_agents)
    assert list(ra.parameters) == ["calls", "aht_seconds", "interval_seconds", "goal",
                                   "answer_seconds", "max_occupancy", "patience_seconds"]
    assert ra.parameters["max_occupancy"].default is None
    assert ra.parameters["patience_seconds"].default is None
    sl = inspect.signature(staffing.service_level)
    assert list(sl.parameters) == ["agents", "calls", "aht_seconds", "interval_seconds",
                                   "answer_seconds", "patience_seconds"]
    assert sl.parameters["patience_seconds"].default is None
    assert wfm.required_agents is staffing.required_agents
