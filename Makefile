# ExpertBook — `make help` lists every target.
SHELL := /bin/bash
UV ?= uv
VENV_BIN := .venv/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: messages help install install-python install-frontend frontend run dev test test-python test-frontend \
        browser lint format typecheck bench bench-tools openapi client demo clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}'

install: install-python install-frontend ## Install everything: uv (via pip if missing), Python deps from uv.lock, the web app's deps
	@echo "Installed."

# Bytecode is compiled here, once: where PYTHONDONTWRITEBYTECODE is set, every process the
# tests start (servers, CLI commands, workers) would otherwise compile the whole stack again.
install-python:
	@command -v $(UV) >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen --compile-bytecode
	$(VENV_BIN)/python -m compileall -q src

install-frontend:
	@if [ -f frontend/package.json ]; then cd frontend && npm ci --no-audit --no-fund --loglevel=error; fi

frontend: install-frontend ## Build the web app into frontend/dist (served by the Python app at /)
	@if [ -f frontend/package.json ]; then cd frontend && npm run build; fi

# exec: the server replaces the recipe's shell, and on Ctrl-C it stops cleanly with status 0.
run: install frontend ## Install, migrate the SQLite database in ./data and serve on http://127.0.0.1:8000 (PORT=… to change)
	exec $(VENV_BIN)/expertbook serve --host $(HOST) --port $(PORT)

dev: install ## Run the API with auto-reload and Vite's dev server with a proxy (front-end work)
	@trap 'kill 0' EXIT; \
	$(VENV_BIN)/expertbook serve --host $(HOST) --port $(PORT) --reload & \
	if [ -f frontend/package.json ]; then cd frontend && npm run dev; else wait; fi

demo: install-python ## Load a demo expert with event types and bookings (links for HOST and PORT)
	$(VENV_BIN)/expertbook demo --host $(HOST) --port $(PORT)

test: install frontend browser lint test-frontend test-python ## Run every test: lint, Python (SQLite + PostgreSQL + Redis + Chromium) and the web app's units

# pytest keeps the test modules it rewrote (for its assert messages) only where bytecode
# may be written; otherwise each of the six collections below redoes it, 4 s apiece.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(VENV_BIN)/pytest

# Three phases: the API tests in parallel (one process per CPU, up to four); the browser
# suite in three processes, each with its own server and browser and a file's tests kept
# together (one at a time, a browser test leaves a quarter of the CPUs idle, waiting on
# the page); then the tests that time themselves or load every CPU, alone.
test-python:
	$(PYTEST) -n auto --maxprocesses 4 -m "not e2e and not serial"
	$(PYTEST) -n 3 --dist loadgroup -m e2e
	$(PYTEST) -m serial

test-frontend:
	@if [ -f frontend/package.json ]; then cd frontend && npm test; fi

browser: ## Make sure Debian's Chromium is present for the browser tests
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "Browser tests need /usr/bin/chromium: run 'sudo apt-get install chromium' (they skip until then)."; fi

bench-tools: ## Make sure Debian's wrk (HTTP load) and pgbench (the raw floor) and Lighthouse (bench/package-lock.json) are present
	@if command -v wrk >/dev/null && command -v pgbench >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's wrk and postgresql-client for the benchmarks…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk postgresql-client >/dev/null; \
	else echo "Benchmarks need wrk and pgbench: run 'sudo apt-get install wrk postgresql-client'."; exit 1; fi
	cd bench && npm ci --no-audit --no-fund --loglevel=error

lint: ## ruff (lint + format check), mypy, and the web app's type check
	$(VENV_BIN)/ruff check .
	$(VENV_BIN)/ruff format --check .
	$(VENV_BIN)/mypy
	@if [ -f frontend/package.json ]; then cd frontend && npm run check; fi

format: ## Format the Python code
	$(VENV_BIN)/ruff format .
	$(VENV_BIN)/ruff check --fix .

openapi: ## Write the backend's OpenAPI document to frontend/openapi.json
	$(VENV_BIN)/python -m expertbook.openapi_dump frontend/openapi.json

messages: ## Extract the server's messages (emails, calendar files, errors) into each language's catalog
	$(VENV_BIN)/python -m expertbook.kit.message_catalogs

client: openapi ## Regenerate the web app's typed API client from the OpenAPI document
	cd frontend && npm run generate

bench: install frontend browser bench-tools ## Run every benchmark in bench/ (figures and ratios against raw floors)
	@for b in bench/bench_*.py; do echo "== $$b"; $(VENV_BIN)/python $$b || exit 1; done

clean: ## Remove build output and local data
	rm -rf frontend/dist data .pytest_cache .mypy_cache .ruff_cache test-output
