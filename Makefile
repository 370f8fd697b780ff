# casedesk — everything through make. Needs only python3.11 and make.
PY       ?= python3.11
VENV     := .venv
BIN      := $(VENV)/bin
PORT     ?= 8501
DB       ?= data/casedesk.duckdb

.PHONY: run setup test e2e bench lint lock clean backup restore

$(BIN)/python:
	@command -v $(PY) >/dev/null 2>&1 || { echo "needs $(PY)"; exit 1; }
	$(PY) -m venv $(VENV)

# The virtual environment, from the lock file; redone only when the lock changes.
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

setup: $(VENV)/.installed
	$(BIN)/python -m logic.bootstrap --db $(DB)

run: setup
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: $(VENV)/.installed
	$(BIN)/python -m pytest -n 2

# Browser tests: Playwright driving Debian's chromium (installed here when missing).
e2e: $(VENV)/.installed
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium; }
	$(BIN)/python -m pytest tests/e2e -p no:xdist -o addopts="-q -p no:cacheprovider"

# Database benchmarks at 100k and 1M cases (board, search, dashboard, registering), then the
# load test: 25 simulated users on the running app for 10 minutes (memory settles in ~5).
bench: $(VENV)/.installed
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.load --users 25 --seconds 600

lint: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet ruff==0.14.6 && $(BIN)/ruff check .

lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .[test]
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

# A consistent copy of the database, also while `make run` serves it (logic/backup.py).
backup: $(VENV)/.installed
	$(BIN)/python -m logic.backup backup --db $(DB)

# Bring a backup back (stop the app first): make restore FILE=data/backups/….duckdb
restore: $(VENV)/.installed
	@test -n "$(FILE)" || { echo "usage: make restore FILE=data/backups/<file>.duckdb"; exit 2; }
	$(BIN)/python -m logic.backup restore $(FILE) --db $(DB)

clean:
	rm -rf $(VENV) .pytest_cache
