"""Progress hooks: the default says nothing, a subclass shows what it overrides, and the
library reports backtest origins and queues through them (it never prints)."""

from __future__ import annotations

import pandas as pd

import wfm
from wfm.core.config import parse_config
from wfm.core.progress import QUIET, Progress


class Recorder(Progress):
    """Keeps every call, to see what the library reports."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, int, int, str]] = []
        self.notes: list[str] = []

    def step(self, label, done, total, what):
        self.steps.append((label, done, total, what))

    def note(self, text):
        self.notes.append(text)


CONFIG = parse_config({"centre": {"hours": {"default": ["06:00", "22:00"]}},
                       "forecast": {"models": ["seasonal_naive"]}})


def _history(synth, days: int, queues: tuple[str, ...] = ()) -> pd.DataFrame:
    parts = []
    for i, q in enumerate(queues or ("",)):
        f = synth.intervals(start="2024-01-01", days=days, seed=i).reset_index()
        f["interval_start"] = f["interval_start"].dt.strftime("%Y-%m-%dT%H:%M")
        f["aht_seconds"] = 300.0
        if queues:
            f.insert(0, "queue", q)
        parts.append(f.drop(columns="handled"))
    return pd.concat(parts, ignore_index=True)


def test_every_default_hook_does_nothing():
    assert isinstance(QUIET, Progress)
    assert QUIET.step("backtest", 1, 4, "origin 2024-01-01 ets") is None
    assert QUIET.note("forecast: 3 queues, serially") is None
    assert QUIET.solver("roster", "  1.0 s  objective 10  bound 9") is None


def test_a_subclass_overrides_only_the_hooks_it_shows(capsys):
    rec = Recorder()
    rec.step("scenario", 2, 3, "volume +15%")
    rec.solver("season", "ignored")  # not overridden: still the silent default
    assert rec.steps == [("scenario", 2, 3, "volume +15%")]
    assert capsys.readouterr() == ("", "")


def test_a_backtest_reports_each_origin_and_model_then_done(synth, capsys):
    rec = Recorder()
    result = wfm.backtest(_history(synth, 70), CONFIG, horizon=7, origins=3,
                          models=["seasonal_naive", "regression"], progress=rec)
    assert {label for label, *_ in rec.steps} == {"backtest"}
    assert [(d, t) for _, d, t, _ in rec.steps] == [(i, 6) for i in range(7)]
    origins = [str(o.date()) for o in result.origins]
    assert [w for *_, w in rec.steps[:-1]] == [
        f"origin {o} {m}" for o in origins for m in ("seasonal_naive", "regression")]
    assert rec.steps[-1][3] == "done"
    assert capsys.readouterr() == ("", "")  # the library never prints


def test_queues_forecast_serially_are_noted_and_counted(synth, capsys):
    rec = Recorder()
    fc = wfm.make_forecast(_history(synth, 35, ("billing", "sales")), CONFIG, days=2,
                           scheduler="serial", progress=rec)
    assert sorted(fc.by_queue) == ["billing", "sales"]
    assert rec.notes == ["forecast: 2 queues, serially"]
    assert rec.steps == [("forecast", 1, 2, "billing"), ("forecast", 2, 2, "sales")]
    assert capsys.readouterr() == ("", "")

