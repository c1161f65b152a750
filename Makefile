# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MO := $(patsubst %.po,%.mo,$(wildcard tracker/translations/*/LC_MESSAGES/messages.po))

.PHONY: run test lint format translations extract-messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

translations: $(MO)

run: $(STAMP) translations
	TRACKER_COOKIE_SECURE=$${TRACKER_COOKIE_SECURE:-false} $(BIN)/tracker db upgrade
	TRACKER_COOKIE_SECURE=$${TRACKER_COOKIE_SECURE:-false} $(BIN)/tracker demo
	TRACKER_COOKIE_SECURE=$${TRACKER_COOKIE_SECURE:-false} $(BIN)/tracker serve --host 127.0.0.1 --port 5000

test: $(STAMP) translations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k _l --ignore-dirs='.* node_modules' -o tracker/translations/messages.pot .
	$(BIN)/pybabel update -i tracker/translations/messages.pot -d tracker/translations

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
