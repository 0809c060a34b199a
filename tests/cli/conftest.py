"""Fixtures shared by the command tests of this folder: the bank's 1999 example config cut
down to two quick models (for `wfm forecast --month` and `wfm backtest`)."""

from __future__ import annotations

import locations
import pytest

BANK_TOML = locations.EXAMPLES / "bank_1999.toml"


@pytest.fixture(scope="module")
def bank_small_config(tmp_path_factory):
    """examples/bank_1999.toml with only seasonal_naive and ets, two backtest origins."""
    path = tmp_path_factory.mktemp("conf") / "bank_small.toml"
    path.write_text(BANK_TOML.read_text()
                    + '\n[forecast]\nmodels = ["seasonal_naive", "ets"]\norigins = 2\n')
    return path
