# Two commands do everything: `make plan` (install + run the main job on the bundled
# sample) and `make test` (install + run the tests). Both create .venv if it is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    ?= out

.PHONY: plan test test-fast lint bench install clean sample serve constraints

# pip quietly: no progress, no warnings (setuptools' editable-install banner is one); every
# install takes the versions of constraints.txt, the set the tests last passed with
PIP := PYTHONWARNINGS=ignore $(BIN)/pip install -qq
PINNED := $(PIP) -c constraints.txt

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip

# what `wfm plan` needs, and no more (no Streamlit, no Dask, no test tools)
$(VENV)/.core: pyproject.toml constraints.txt | $(BIN)/python
	$(PINNED) -e .
	touch $@

# the tests need every extra: the page (serve), Dask, the browser and notebook drivers
$(VENV)/.test: pyproject.toml constraints.txt | $(BIN)/python
	$(PINNED) -e ".[test]"
	touch $@ $(VENV)/.core

install: $(VENV)/.core

plan: $(VENV)/.core
	$(BIN)/wfm plan --config data/config.toml --history data/history.csv \
		--employees data/employees.csv --time-off data/time_off.csv --out $(OUT)

serve: $(VENV)/.core
	$(PINNED) -e ".[serve]"
	$(BIN)/wfm serve

# two test processes on two cores (a file's tests stay together in one: its fixtures are
# made once); CP-SAT's work clock keeps the rosters the same under that load
test: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/pytest -q -n auto --dist loadfile

# everything but the tests marked slow (CP-SAT solves, the browser, the notebook, installs)
test-fast: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/pytest -q -n auto --dist loadfile -m "not slow"

bench: $(VENV)/.test
	$(PINNED) -e ".[bench]"
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

sample: $(VENV)/.core
	$(BIN)/python data/generate.py

# pin what this environment holds (after `make test`, and `make bench` for the peers)
constraints: $(VENV)/.test
	{ head -n 2 constraints.txt; $(BIN)/pip freeze --exclude-editable; } > constraints.new
	mv constraints.new constraints.txt

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache
