"""A year of interval volume for the season plan: the history's own actuals where it
covers the year, a forecast where it does not, and no year the history starts inside."""

from __future__ import annotations

import pandas as pd
import pytest

from wfm.core.calendar import calendar_from_config
from wfm.core.errors import InputError
from wfm.forecast.history import load_history
from wfm.schedule.yearplan.volume import year_intervals


def test_a_year_the_history_covers_is_its_actuals(bank_6min, bank_6min_config):
    history = load_history(bank_6min, bank_6min_config)
    cal = calendar_from_config(bank_6min_config)
    frame, source = year_intervals(history, bank_6min_config, cal, 1999)
    assert source == "actual"
    starts = pd.DatetimeIndex(frame["interval_start"])
    assert starts.min() >= pd.Timestamp("1999-01-01")
    assert starts.max() < pd.Timestamp("2000-01-01")
    assert not starts.duplicated().any()
    # every call of the year is there (gap days, if any, are filled, never dropped)
    known = history.daily["1999"].sum()
    assert frame["volume"].sum() == pytest.approx(known, rel=1e-9) or \
        frame["volume"].sum() > known
    assert (frame["aht_seconds"] > 0).all()


def test_a_year_before_the_history_is_refused(bank_6min, bank_6min_config):
    history = load_history(bank_6min, bank_6min_config)
    cal = calendar_from_config(bank_6min_config)
    with pytest.raises(InputError, match="after the year"):
        year_intervals(history, bank_6min_config, cal, 1998)
