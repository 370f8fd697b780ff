# casedesk — everything through make. Needs only python3.11 and make.
PY       ?= python3.11
VENV     := .venv
BIN      := $(VENV)/bin
PORT     ?= 8501
DB       ?= data/casedesk.duckdb
# DEMO=0 starts empty: no demo world; the first page asks for the first administrator.
DEMO     ?= 1
# A DB given on the command line (make run DB=…) is also the one the app serves.
APP_DB   := $(if $(filter command line,$(origin DB)),CASEDESK_DB=$(abspath $(DB)))
# What `make test` runs: TESTS (default: all but e2e, see pyproject.toml) with PYTEST_ARGS.
TESTS       ?=
PYTEST_ARGS ?= -n 2

# make cluster: N app processes (ports 8601..) behind nginx on PORT, PostgreSQL under data/pg/.
N        ?= 2
# PostgreSQL's server (make test starts a throwaway one; make cluster keeps one in data/pg/).
PG_BIN   ?= /usr/lib/postgresql/15/bin
PG_INSTALL := apt-get update && apt-get install -y postgresql

.PHONY: run setup test e2e bench lint lock clean backup restore export restore-export move-to-postgres nginx-server \
	cluster cluster-stop cluster-status postgres-server bench-cluster

$(BIN)/python:
	@command -v $(PY) >/dev/null 2>&1 || { echo "needs $(PY)"; exit 1; }
	$(PY) -m venv $(VENV)

# The virtual environment from the locks: requirements.lock (what the app runs on, pip included)
# for `make run`; requirements-test.lock (the same pins plus the test and benchmark tools) for
# test, e2e, bench and lint. Every line pinned and hash-checked; each stamp is redone when its
# lock changes.
PIP_INSTALL := $(BIN)/python -m pip install --quiet --require-hashes

$(VENV)/.installed-run: requirements.lock | $(BIN)/python
	$(PIP_INSTALL) -r requirements.lock
	touch $@

$(VENV)/.installed-test: requirements-test.lock requirements.lock | $(BIN)/python
	$(PIP_INSTALL) -r requirements-test.lock
	touch $@ $(VENV)/.installed-run

# The database: DB on the command line, else CASEDESK_DATABASE_URL (PostgreSQL) or secrets.toml,
# else data/casedesk.duckdb (logic/bootstrap.py). A bad setting is one line, and make stops.
setup: $(VENV)/.installed-run
	CASEDESK_DEMO=$(DEMO) $(BIN)/python -m logic.bootstrap $(if $(filter command line,$(origin DB)),--db $(DB))

run: setup
	$(APP_DB) $(BIN)/streamlit run app.py --server.port $(PORT)

test: $(VENV)/.installed-test postgres-server nginx-server
	$(BIN)/python -m pytest $(PYTEST_ARGS) $(TESTS)

# The tests run on DuckDB and on PostgreSQL (a throwaway server of the test session): Debian's
# PostgreSQL server is installed here when missing (as root), else make says how.
postgres-server:
	@test -x $(PG_BIN)/initdb || { \
	  if [ "$$(id -u)" = 0 ]; then echo "PostgreSQL's server is missing: $(PG_INSTALL)"; $(PG_INSTALL); \
	  else echo "PostgreSQL's server ($(PG_BIN)/initdb) is needed; install it as root with: $(PG_INSTALL)" >&2; exit 1; fi; }

# nginx in front of several app processes (make cluster, and the tests of the load test's cluster)
nginx-server:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && apt-get install -y nginx; \
	  else echo "nginx is needed; install it as root with: apt-get update && apt-get install -y nginx" >&2; exit 1; fi; }

# Several app processes on this machine (ops/cluster.py, docs/OPERATIONS.md): PostgreSQL with its
# data in data/pg/, the database set up as `make run` does (demo world into a new one), N app
# processes on 8601.., nginx (installed here when missing) on http://localhost:$(PORT) with
# sticky sessions and websocket upgrade. make cluster N=3; make cluster-stop stops everything.
cluster: $(VENV)/.installed-run postgres-server nginx-server
	CASEDESK_DEMO=$(DEMO) $(BIN)/python -m ops.cluster start --processes $(N) --port $(PORT)

cluster-stop: $(VENV)/.installed-run
	$(BIN)/python -m ops.cluster stop

cluster-status: $(VENV)/.installed-run
	$(BIN)/python -m ops.cluster status

# Browser tests: Playwright driving Debian's chromium (installed here when missing).
e2e: $(VENV)/.installed-test
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium; }
	$(BIN)/python -m pytest tests/e2e -p no:xdist -o addopts="-q -p no:cacheprovider"

# Database benchmarks at 100k and 1M cases (board, search, dashboard, registering), then the
# load test: 25 simulated users on the running app for 10 minutes (memory settles in ~5), then
# bench-cluster. Each step runs even when one before it missed a target; make fails at the end.
bench: $(VENV)/.installed-test postgres-server nginx-server
	@ok=0; \
	$(BIN)/python -m bench.run || ok=1; \
	$(BIN)/python -m bench.load --users 25 --seconds 600 || ok=1; \
	$(MAKE) --no-print-directory bench-cluster || ok=1; \
	exit $$ok

# The load test on several processes (issue 18): 100 users on one process with the DuckDB file,
# then on 2 processes + PostgreSQL behind nginx, 5 minutes each (the p95 ratio), then the two
# faults a minute into a 3-minute 100-user run: kill -9 of one app process, pg_ctl restart -m fast.
bench-cluster: $(VENV)/.installed-test postgres-server nginx-server
	@ok=0; \
	$(BIN)/python -m bench.load --users 100 --seconds 300 --backend postgres --processes 2 --compare || ok=1; \
	$(BIN)/python -m bench.load --users 100 --seconds 180 --backend postgres --processes 2 --fault kill-app --fault-at 60 || ok=1; \
	$(BIN)/python -m bench.load --users 100 --seconds 180 --backend postgres --processes 2 --fault restart-db --fault-at 60 || ok=1; \
	exit $$ok

lint: $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet ruff==0.14.6 && $(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

# Rewrites both locks from pyproject.toml alone (dependencies; the `test` extra; the `install`
# group, which pins pip): resolved against PyPI only — no pip.conf, find-links or local mirror —
# for every platform, with the hashes of PyPI's files. Versions already in a lock are kept while
# pyproject.toml allows them; to move one: make lock LOCK_ARGS="--upgrade-package NAME".
UV_VERSION := 0.13.9
LOCK_ARGS  ?=
# (uv reads no pip.conf; these are its own variables that could add an index or pins.)
NO_UV_ENV := -u UV_INDEX -u UV_INDEX_URL -u UV_DEFAULT_INDEX -u UV_EXTRA_INDEX_URL -u UV_FIND_LINKS \
	-u UV_CONSTRAINT -u UV_OVERRIDE -u UV_EXCLUDE_NEWER -u UV_PRERELEASE
COMPILE = env $(NO_UV_ENV) $(BIN)/uv pip compile pyproject.toml --group install --universal --python-version 3.11 \
	--generate-hashes --no-config --index-url https://pypi.org/simple --custom-compile-command "make lock" \
	--quiet $(LOCK_ARGS)

lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(COMPILE) -o requirements.lock
	$(COMPILE) --extra test -c requirements.lock -o requirements-test.lock

# A consistent copy of the database, also while `make run` serves it (logic/backup.py). On
# PostgreSQL (CASEDESK_DATABASE_URL, or DATABASE_URL=postgresql://… on the make line): pg_dump -Fc
# into data/backups/<database>-<stamp>.dump.
BACKUP_DB = $(or $(DATABASE_URL),$(CASEDESK_DATABASE_URL),$(DB))
backup: $(VENV)/.installed-run
	$(BIN)/python -m logic.backup backup --db "$(BACKUP_DB)"

# Bring a backup back (stop the app first — on PostgreSQL every app process: pg_restore --clean
# --if-exists in one transaction): make restore FILE=data/backups/….duckdb (or ….dump)
restore: $(VENV)/.installed-run
	@test -n "$(FILE)" || { echo "usage: make restore FILE=data/backups/<file>.duckdb|.dump [DATABASE_URL=postgresql://…]"; exit 2; }
	$(BIN)/python -m logic.backup restore $(FILE) --db "$(BACKUP_DB)"

# Everything as one zip (Parquet + CSV + manifest) in data/exports/, also while `make run`
# serves the database (the app writes it, as for backup); logic/transfer.
export: $(VENV)/.installed-run
	$(BIN)/python -m logic.transfer export --db $(DB)

# An export into a new, empty database (stop the app if it serves DB); ADMIN=<username> of the
# export gets a new password (asked twice): make restore-export FILE=….zip DB=data/pilot.duckdb
restore-export: $(VENV)/.installed-run
	@test -n "$(FILE)" || { echo "usage: make restore-export FILE=data/exports/<file>.zip DB=data/<new>.duckdb [ADMIN=username]"; exit 2; }
	$(BIN)/python -m logic.transfer restore $(FILE) --db $(DB) $(if $(ADMIN),--admin $(ADMIN))

# The DuckDB installation into an empty PostgreSQL database, everything (data, logs, users,
# numbers, the board) in one transaction; stop the app first. The DuckDB file is left as it was:
# make move-to-postgres DB=data/casedesk.duckdb DATABASE_URL=postgresql://user@host/casedesk
move-to-postgres: $(VENV)/.installed-run
	@test -n "$(DATABASE_URL)$(CASEDESK_DATABASE_URL)" || { echo "usage: make move-to-postgres DB=data/casedesk.duckdb DATABASE_URL=postgresql://…"; exit 2; }
	$(BIN)/python -m logic.transfer move --db $(DB) --to "$(or $(DATABASE_URL),$(CASEDESK_DATABASE_URL))"

clean:
	rm -rf $(VENV) .pytest_cache
