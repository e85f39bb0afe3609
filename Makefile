# The targets the README shows. Everything runs inside .venv, created on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SIZE ?= 10000

.PHONY: run test test-slow hostile lint bench score clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP) ## open the app on the bundled sample archive
	$(BIN)/manchette --sample

test: $(STAMP) ## lint, type-check and run the test suite
	$(BIN)/ruff check archive tui tests bench
	$(BIN)/mypy
	$(BIN)/pytest -q

test-slow: $(STAMP) ## the long tests (full kill loops)
	MANCHETTE_FULL_KILL=1 $(BIN)/pytest -q -s -m slow

hostile: $(STAMP) ## the hostile-input, corruption, fuzz and concurrent-writer tests, short and long forms
	MANCHETTE_FULL_KILL=1 $(BIN)/pytest -q -m '' tests/test_hostile.py tests/test_hostile_damage.py \
		tests/test_hostile_huge.py tests/test_hostile_kills.py tests/test_hostile_names.py \
		tests/test_hostile_queries.py tests/test_hostile_writers.py tests/test_store_reliability.py \
		tests/test_security_pty.py

lint: $(STAMP)
	$(BIN)/ruff check archive tui tests bench
	$(BIN)/ruff format --check archive tui tests bench
	$(BIN)/mypy

bench: $(STAMP) ## benchmarks; make bench SIZE=100000
	$(BIN)/python -m bench.run --sizes $(SIZE) $(BENCH_FLAGS)
	$(BIN)/python -m bench.html_import --pages $(SIZE)

score: $(STAMP) ## the reader's score on the samples and on ../shared/corpus/real
	$(BIN)/python -m bench.score $(SCORE_FLAGS)

clean:
	rm -rf $(VENV) build *.egg-info
