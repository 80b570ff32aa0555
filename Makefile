# Teamstack: `make run` serves the demo, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint format migrate seed bench fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# A development .env with DEBUG on and a fresh random SECRET_KEY (never committed).
.env: | $(BIN)/python
	$(BIN)/python -c "import secrets,re,pathlib; t=pathlib.Path('.env.example').read_text(); pathlib.Path('.env').write_text(re.sub(r'(?m)^SECRET_KEY=.*$$', 'SECRET_KEY=' + secrets.token_urlsafe(50), t))"

migrate: install .env
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

run: seed
	@echo "Teamstack on http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install .env
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

# Benchmarks: PostgreSQL only (DATABASE_URL=postgres://…), Redis and wrk; docs/PERFORMANCE.md.
# The load test drives gunicorn with wrk (Debian's package): installed here when missing.
bench: install .env
	@command -v wrk >/dev/null 2>&1 || { echo "Installing wrk (apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } \
	  || { echo "make bench needs wrk: apt-get install -y wrk (as root)"; exit 1; }
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

# Schemathesis against the API v3 document of a live gunicorn (.ci/fuzz, about 3 minutes):
# PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (FUZZ_CACHE_URL to change it).
fuzz: install .env
	BIN=$(BIN) .ci/fuzz
