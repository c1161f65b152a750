# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 5000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MO := $(patsubst %.po,%.mo,$(wildcard tracker/translations/*/LC_MESSAGES/messages.po))

.PHONY: run test lint format translations extract-messages readme clean bench load

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11 or newer is needed (set PYTHON=python3.x)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# pybabel exits non-zero on a broken catalogue, which stops `make run` and `make test`.
%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

translations: $(MO)

# Embedded mode: SQLite in instance/, migrations, demo data (first time only), waitress.
# Plain http on localhost, so the session cookie cannot be Secure.
run: $(STAMP) translations
	export TRACKER_COOKIE_SECURE=$${TRACKER_COOKIE_SECURE:-false} \
		TRACKER_BASE_URL=$${TRACKER_BASE_URL:-http://$(HOST):$(PORT)}; \
	$(BIN)/tracker db upgrade \
	&& $(BIN)/tracker demo \
	&& exec $(BIN)/tracker serve --host $(HOST) --port $(PORT)

test: $(STAMP) translations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k _l --ignore-dirs='.* node_modules' -o tracker/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i tracker/translations/messages.pot -d tracker/translations

# Rewrite the workflow diagram between the README's markers (a test checks it is current).
readme: $(STAMP)
	$(BIN)/python -m workflows.diagram --write README.md

# Benchmark (benchmarks/README.md): real servers over HTTP at each N; prints JSON and a table.
# BENCH_ARGS="--mode scaleout" runs gunicorn (2 workers) on PostgreSQL instead of SQLite.
BENCH_N ?= 1000 100000
bench: $(STAMP) translations
	$(BIN)/python -m benchmarks.run $(foreach n,$(BENCH_N),--n $(n)) $(BENCH_ARGS)

# Load test (benchmarks/load/run.py): 50 locust users against gunicorn (4 workers) on PostgreSQL,
# then the database is checked for lost or duplicated writes. LOAD_ARGS="--run-time 5m".
load: $(STAMP) translations
	$(BIN)/python -m pip install --quiet -e '.[dev,load]'
	$(BIN)/python -m benchmarks.load.run $(LOAD_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
