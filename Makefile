# The two commands a newcomer needs: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) server/manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
ASGI_SERVER ?= uvicorn
POSTGRES_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
REDIS_TEST_URL ?= redis://127.0.0.1:6379/0
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# The build makes no network calls of its own (Next.js telemetry is off).
export NEXT_TELEMETRY_DISABLED := 1

.PHONY: run test lint types test-server test-postgres test-client test-e2e bench bench-search client-build clean

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

client/node_modules/.installed: client/package.json client/package-lock.json
	cd client && npm ci --no-audit --no-fund
	touch $@

client/out/index.html: client/node_modules/.installed $(shell find client/pages client/features client/hooks client/lib client/components client/styles -type f 2>/dev/null) client/next.config.ts client/instrumentation-client.ts
	cd client && npm run build

client-build: client/out/index.html

## make run: install, migrate, load demo data once, serve http://$(HOST):$(PORT)
run: $(VENV)/.runtime client/out/index.html
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	@echo
	@echo "  Front desk is starting on http://$(HOST):$(PORT)"
	@echo "  Staff login:    alex@frontdesk.test / frontdesk-demo  (admin; also sam@ and jo@frontdesk.test)"
	@echo "  Customer login: casey@frontdesk.test / frontdesk-demo"
	@echo "  Live dashboard: http://$(HOST):$(PORT)/admin/dashboard   Django admin: http://$(HOST):$(PORT)/django-admin/"
	@echo
	ALLOWED_ORIGINS="$${ALLOWED_ORIGINS:-http://$(HOST):$(PORT),http://localhost:$(PORT),http://127.0.0.1:3000,http://localhost:3000}" \
	  $(MANAGE) serve --host $(HOST) --port $(PORT) --server $(ASGI_SERVER)

## make test: the lint gate, then every test — server on SQLite, server on PostgreSQL, client unit tests, browser tests
test: lint test-server test-postgres test-client test-e2e

## make lint: ruff and mypy over the server and the benchmark, the client's REST types fresh, eslint and the client's type check
## (.pre-commit-config.yaml runs the same commands)
lint: $(VENV)/.dev client/node_modules/.installed
	$(VENV)/bin/ruff check server bench
	$(VENV)/bin/mypy
	bash scripts/api-types.sh --check
	cd client && npm run lint
	cd client && npm run typecheck

## make types: regenerate the client's REST types (client/lib/api-schema.ts) from the server's OpenAPI schema
types: $(VENV)/.dev client/node_modules/.installed
	bash scripts/api-types.sh

test-server: $(VENV)/.dev
	bash scripts/ensure-debian-tool.sh promtool prometheus "checking the alert rules"
	bash scripts/ensure-debian-tool.sh nginx nginx "nginx -t on deploy/nginx*.conf"
	$(PY) -m pytest

# The database-sensitive tests again on PostgreSQL (exclusion constraint, row locks).
test-postgres: $(VENV)/.dev
	DATABASE_URL=$(POSTGRES_TEST_URL) $(PY) -m pytest -m postgres

test-client: client/node_modules/.installed
	cd client && npm test

test-e2e: $(VENV)/.dev client/out/index.html
	bash scripts/ensure-chromium.sh
	cd client && npm run e2e

bench: $(VENV)/.dev
	$(PY) bench/run.py

# Only the search section: GET /api/search at 100,000 cards on PostgreSQL (under 2 minutes).
bench-search: $(VENV)/.dev
	$(PY) bench/run.py --only search

clean:
	rm -rf $(VENV) client/node_modules client/out client/.next server/db.sqlite3*
