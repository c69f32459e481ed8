# Körpü — `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
KORPU := $(BIN)/korpu
STAMP := $(VENV)/.installed
# PostgreSQL for the second test run (the machines run it on 127.0.0.1, trust auth).
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/korpu

.PHONY: run test install lint migrations-check test-sqlite test-postgres test-faults deploy-check messages worker clean

$(STAMP): pyproject.toml
	@PY=$$(scripts/find-python) || exit 1; \
	  if [ ! -x $(BIN)/python ]; then echo "creating $(VENV) with $$PY"; "$$PY" -m venv $(VENV); fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

run: install
	KORPU_DEBUG=1 $(KORPU) migrate --noinput
	KORPU_DEBUG=1 $(KORPU) load_demo
	@echo "Serving http://127.0.0.1:8000 (a task worker delivers mail to this console). Ctrl-C stops both."
	@trap 'kill 0' EXIT; \
	  KORPU_DEBUG=1 $(KORPU) db_worker --interval 2 & \
	  KORPU_DEBUG=1 $(KORPU) events_tick --loop --interval 60 > /dev/null & \
	  KORPU_DEBUG=1 $(KORPU) brokerage_tick --loop --interval 60 > /dev/null & \
	  KORPU_DEBUG=1 $(KORPU) transfer_tick --loop --interval 300 > /dev/null & \
	  KORPU_DEBUG=1 $(KORPU) facilities_tick --loop --interval 60 > /dev/null & \
	  KORPU_DEBUG=1 $(KORPU) webhooks_tick --loop --interval 60 > /dev/null & \
	  KORPU_DEBUG=1 $(KORPU) insights_tick --loop --interval 3600 > /dev/null & \
	  KORPU_DEBUG=1 $(KORPU) privacy_tick --loop --interval 3600 > /dev/null & \
	  KORPU_DEBUG=1 $(KORPU) runserver 127.0.0.1:8000

worker: install
	$(KORPU) db_worker

lint: install
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

migrations-check: install
	SECRET_KEY=check $(KORPU) makemigrations --check --dry-run

test-sqlite: install
	$(BIN)/pytest -p no:cacheprovider -m "not browser and not postgres and not faults" $(PYTEST_ARGS)

# Everything again on PostgreSQL, browser tests included. Skipped with a notice when no
# PostgreSQL answers, unless KORPU_REQUIRE_POSTGRES=1 (CI), which makes that a failure.
test-postgres: install
	@if $(BIN)/python scripts/pg_ready.py "$(PG_TEST_URL)"; then \
	  DATABASE_URL="$(PG_TEST_URL)" $(BIN)/pytest -p no:cacheprovider --create-db -m "not faults" $(PYTEST_ARGS); \
	elif [ "$${KORPU_REQUIRE_POSTGRES:-0}" = "1" ]; then \
	  echo "FAILED: PostgreSQL is required (KORPU_REQUIRE_POSTGRES=1) but not reachable at $(PG_TEST_URL)"; exit 1; \
	else \
	  echo "NOTICE: PostgreSQL not reachable at $(PG_TEST_URL); running the browser tests on SQLite only."; \
	  $(BIN)/pytest -p no:cacheprovider -m browser $(PYTEST_ARGS); \
	fi

# Fault tests (tests/faults): gunicorn, task workers and a throwaway PostgreSQL cluster are
# killed and restarted under load. They create their databases on PG_TEST_URL's server (never
# restarting it). Skipped with a notice when no PostgreSQL answers, unless
# KORPU_REQUIRE_POSTGRES=1 (CI), which makes that a failure.
test-faults: install
	@if $(BIN)/python scripts/pg_ready.py "$(PG_TEST_URL)"; then \
	  KORPU_FAULTS_PG="$(dir $(PG_TEST_URL))" $(BIN)/pytest -p no:cacheprovider -m faults tests/faults $(PYTEST_ARGS); \
	elif [ "$${KORPU_REQUIRE_POSTGRES:-0}" = "1" ]; then \
	  echo "FAILED: PostgreSQL is required (KORPU_REQUIRE_POSTGRES=1) but not reachable at $(PG_TEST_URL)"; exit 1; \
	else \
	  echo "NOTICE: PostgreSQL not reachable at $(PG_TEST_URL); fault tests skipped."; \
	fi

# docs/deploy.md's steps run on this machine (scripts/deploy-check): needs root, PostgreSQL on
# 127.0.0.1:5432, Redis and nginx. Skipped with a notice when not root, unless
# KORPU_REQUIRE_DEPLOY_CHECK=1 (CI).
deploy-check: install
	@if [ "$$(id -u)" = "0" ]; then \
	  scripts/deploy-check; \
	elif [ "$${KORPU_REQUIRE_DEPLOY_CHECK:-0}" = "1" ]; then \
	  echo "FAILED: the deployment check is required (KORPU_REQUIRE_DEPLOY_CHECK=1) but needs root"; exit 1; \
	else \
	  echo "NOTICE: the deployment check needs root (it runs docs/deploy.md's steps); skipped."; \
	fi

test: lint migrations-check test-sqlite test-postgres test-faults deploy-check

# Refresh the .po catalogues after changing strings (needs GNU gettext), then compile.
messages: install
	cd src/korpu && KORPU_DEBUG=1 ../../$(KORPU) makemessages -l az -l tr -l en --no-obsolete --no-wrap --ignore "*/migrations/*"
	$(BIN)/python scripts/compile_messages.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
