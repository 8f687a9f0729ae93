# transitieatlas — the commands a newcomer needs.
#   make run    start the app (creates .venv and installs on first use)
#   make test   install test tools (incl. Debian chromium) and run all tests
#   make check  lint, format check, type check and the import (layer) contracts
#   make bench  print map, finance, demand-group (server and browser), mirror-import and
#               information-evening timing figures
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8501

.PHONY: run test check format bench import clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,postgres]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/transitieatlas mirror --if-empty
	$(BIN)/streamlit run app.py --server.port $(PORT)

SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here);
# WeasyPrint (concept-WUP as PDF) needs Pango, which Chromium's packages also bring.
/usr/bin/chromium:
	$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium libpango-1.0-0 libpangoft2-1.0-0

test: $(STAMP) /usr/bin/chromium
	$(BIN)/pytest -q

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy transitieatlas
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP) /usr/bin/chromium
	$(BIN)/python -m benchmarks.maps
	$(BIN)/python -m benchmarks.finance
	$(BIN)/python -m benchmarks.segmentation
	$(BIN)/python -m benchmarks.vraaggroepen_browser
	$(BIN)/python -m benchmarks.mirror_import
	$(BIN)/python -m benchmarks.evening

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
