"""`wfm backtest` on the bank's 1999 year: the model table printed and written, and bad
options as one line with exit status 2 and no file."""

from __future__ import annotations

import locations
import pandas as pd
import pytest

BANK_TOML = locations.EXAMPLES / "bank_1999.toml"


@pytest.mark.parametrize("name", ["bt.csv", "bt.parquet"])
def test_bank_backtest_prints_the_model_table(cli, bank_6min, bank_small_config, tmp_path,
                                              name):
    out = tmp_path / name
    result = cli("backtest", bank_6min, "--config", bank_small_config, "--models",
                 "seasonal_naive,ets", "--origins", "2", "--horizon", "14", "--out", out)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "origins: 1999-12-04, 1999-12-18; horizon 14 days" in text
    table = pd.read_parquet(out) if name.endswith(".parquet") else pd.read_csv(out)
    assert sorted(table["model"]) == ["ets", "seasonal_naive"]
    for col in ("mase", "wape", "bias", "coverage_80"):
        assert col in text and col in table.columns
    lines = {line.split()[0]: line for line in text.splitlines() if line.strip()}
    assert "seasonal_naive" in lines and "ets" in lines
    assert f"chosen: {table.loc[table['mase'].idxmin(), 'model']}" in text


@pytest.mark.parametrize(("args", "word"), [
    (["--models", "ets,prophet"], "prophet"),
    (["--end", "2000-06-30"], "--end"),
    (["--end", "30/06/1999"], "--end"),
    (["--horizon", "0"], "--horizon"),
])
def test_bank_backtest_bad_options(cli, bank_6min, tmp_path, args, word):
    csv = tmp_path / "bt.csv"
    result = cli("backtest", bank_6min, "--config", BANK_TOML, *args, "--out", csv)
    assert result.exit_code == 2, (result.output, repr(result.exception))
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and word in lines[0]
    assert not csv.exists()




def test_help_names_every_model_without_loading_them():
    """`--models` help lists the models by name (written out, so help stays quick)."""
    from click.testing import CliRunner

    from wfm.cli import main
    from wfm.forecast.models import MODELS

    text = " ".join(CliRunner().invoke(main, ["backtest", "--help"]).output.split())
    assert ("Comma-separated models (default: all but seasonal_mean): " + ", ".join(MODELS)
            + ".") in text
