# Two commands do everything: `make plan` (install + run the main job on the bundled
# sample) and `make test` (install + run the tests). Both create .venv if it is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    ?= out

.PHONY: plan test test-fast lint bench install clean sample serve

$(BIN)/wfm: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(BIN)/wfm

install: $(BIN)/wfm

plan: install
	$(BIN)/wfm plan --config data/config.toml --history data/history.csv \
		--employees data/employees.csv --time-off data/time_off.csv --out $(OUT)

serve: install
	$(BIN)/wfm serve

test: install
	$(BIN)/ruff check .
	$(BIN)/pytest -q

# everything but the tests marked slow (CP-SAT solves, the browser, the notebook, installs)
test-fast: install
	$(BIN)/ruff check .
	$(BIN)/pytest -q -m "not slow"

bench: install
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/forecast_accuracy.py
	$(BIN)/python benchmarks/forecast_panel.py
	$(BIN)/python benchmarks/forecast_short.py
	$(BIN)/python benchmarks/forecast_year_end.py
	$(BIN)/python benchmarks/intraday_accuracy.py
	$(BIN)/python benchmarks/forecast_speed.py
	$(BIN)/python benchmarks/erlang_speed.py
	$(BIN)/python benchmarks/simulation_speed.py
	$(BIN)/python benchmarks/bank_february.py
	$(BIN)/python benchmarks/roster_sample.py
	$(BIN)/python benchmarks/roster_scale.py
	$(BIN)/python benchmarks/many_queues.py

sample: install
	$(BIN)/python data/generate.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache
