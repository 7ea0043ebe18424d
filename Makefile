# Merit: `make run` starts everything; `make test` runs every test. Nothing else to install by hand.
SHELL := /bin/bash
UV := .tools/bin/uv
PY := .venv/bin/python
# The embedded PostgreSQL wants a private runtime folder.
export XDG_RUNTIME_DIR ?= $(CURDIR)/.data/run

.PHONY: install run migrate test test-unit lint bench stop-db reset clean

$(UV):
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==0.13.9

.venv/.synced: $(UV) pyproject.toml uv.lock shared/pyproject.toml services/*/pyproject.toml
	$(UV) sync --locked --quiet
	touch $@

install: .venv/.synced ## Create .venv with every service and the dev tools.
	@mkdir -p -m 0700 $(XDG_RUNTIME_DIR)

run: install ## Start the database, migrate, load demo data, start all services (Ctrl-C stops).
	$(PY) -m merit_shared.stack run

migrate: install ## Apply every service's migrations to DATABASE_URL (or the embedded database).
	$(PY) -m merit_shared.stack migrate

test: install ## Unit, integration (real PostgreSQL) and end-to-end tests.
	$(PY) -m pytest

test-unit: install
	$(PY) -m pytest services/*/tests/unit

lint: install ## ruff on everything, mypy on shared/ and every service, import contracts.
	.venv/bin/ruff check .
	.venv/bin/mypy shared/merit_shared
	.venv/bin/mypy services/*/merit_*
	.venv/bin/lint-imports

bench: install ## Throughput benchmarks (see bench/README.md).
	$(PY) bench/run.py

stop-db: ## Stop the embedded PostgreSQL (make run stops it on Ctrl-C; make test leaves it running for speed).
	@test ! -x $(PY) || $(PY) -c "from merit_shared.db import stop_embedded; from merit_shared.settings import Settings; stop_embedded(Settings().merit_data_dir)"

reset: stop-db ## Forget all local data (embedded database, dev keys, logs); the next make run starts afresh.
	rm -rf .data

clean: stop-db ## Remove everything make created.
	rm -rf .venv .tools .data
