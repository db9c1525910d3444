# The two commands: `make run` and `make test`. Everything else is set up on the way.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INI ?= development.ini
PACKAGES := $(wildcard plugins/*/pyproject.toml) $(wildcard themes/*/pyproject.toml) locales/pyproject.toml
EDITABLES := -e . $(foreach p,$(PACKAGES),-e $(dir $(p)))
CATALOGS := $(patsubst %.po,%.mo,$(wildcard locales/ebiblio_locales/*/LC_MESSAGES/*.po))

.PHONY: run test lint format catalogs extract install clean benchmark

run: $(VENV)/.installed catalogs
	$(BIN)/ebiblio -c $(INI) demo
	$(BIN)/pserve $(INI)

test: $(VENV)/.installed catalogs
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest $(PYTEST_ARGS)

install: $(VENV)/.installed

$(VENV)/.installed: setup.cfg pyproject.toml $(PACKAGES)
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip wheel "setuptools==80.9.0"
	$(BIN)/python -m pip install --quiet $(EDITABLES) -e '.[test]'
	touch $@

catalogs: $(CATALOGS)

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy --statistics -i $< -o $@

# Refresh the message template and merge it into every language after changing user-visible text.
extract: $(VENV)/.installed
	$(BIN)/pybabel extract -F locales/babel.cfg -o locales/ebiblio_locales/ebiblio_portal.pot \
		--project=ebiblio-portal --copyright-holder="ebiblio-portal developers" --no-location --sort-output src plugins themes
	$(BIN)/pybabel update -i locales/ebiblio_locales/ebiblio_portal.pot -d locales/ebiblio_locales -D ebiblio_portal

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

benchmark: $(VENV)/.installed catalogs
	$(BIN)/python benchmarks/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var build *.egg-info
