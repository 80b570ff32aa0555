# Teamstack: `make run` serves the demo, `make test` runs the suite. Both install exactly the
# lock (uv.lock: every dependency, direct and transitive, with hashes); `make lock` refreshes
# it from pyproject.toml.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

# uv, the installer, at the release pinned in tools/uv.txt: the `uv` on PATH when it is that
# release, else a copy that pip installs (hash-checked) into .tools/, so a machine with only
# python3 and pip can start. `make UV=/path/to/uv …` uses another one.
UV_VERSION := $(shell sed -n 's/^uv==\([0-9.]*\).*/\1/p' tools/uv.txt)
UV_LOCAL := .tools/uv-$(UV_VERSION)/bin/uv
ifndef UV
UV := $(shell [ "$$(uv --version 2>/dev/null | cut -d' ' -f2)" = "$(UV_VERSION)" ] && command -v uv || echo $(UV_LOCAL))
endif
UV_DEP := $(filter $(UV_LOCAL),$(UV))
# The interpreter the virtual environment is made from, as a path (a pyenv shim is resolved).
PYTHON_EXE = $$($(PYTHON) -c 'import sys; print(sys.executable)')
# A shell's active virtual environment is not this project's: uv would warn about it.
unexport VIRTUAL_ENV
# Where Python may not write bytecode as it runs (PYTHONDONTWRITEBYTECODE, as in many
# containers), every process would compile each module it imports again (Django, DRF, the MCP
# SDK: 5-8 s per manage.py command on a busy 2-core machine): uv compiles them once, at install.
UV_SYNC_ARGS := $(if $(PYTHONDONTWRITEBYTECODE),--compile-bytecode)

.PHONY: run test install install-production lock check-lock wheel uv-pin lint format migrate \
	seed bench fuzz clean

# Into a scratch folder first, so a failed download leaves nothing half-installed.
$(UV_LOCAL):
	@echo "Installing uv $(UV_VERSION) into .tools/ (pip, hash-checked against tools/uv.txt)"
	@rm -rf .tools/uv-$(UV_VERSION) .tools/uv-$(UV_VERSION).part
	@PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1 $(PYTHON) -m pip install -qq \
	  --require-hashes --no-deps --target .tools/uv-$(UV_VERSION).part -r tools/uv.txt \
	  || { echo "Could not install uv $(UV_VERSION) with pip (above). Put uv $(UV_VERSION) on PATH," \
	       "or give $(PYTHON) pip (Debian: apt-get install python3-pip) and access to PyPI."; exit 1; }
	@mv .tools/uv-$(UV_VERSION).part .tools/uv-$(UV_VERSION)

# The virtual environment holds exactly the lock, dev group included: uv adds, upgrades and
# removes packages to match it, and checks every file against the lock's hashes. --locked
# refuses a lock that is out of date with pyproject.toml (then: make lock).
$(VENV)/.installed: pyproject.toml uv.lock | $(UV_DEP)
	@echo "Installing the locked dependencies (uv.lock) into $(VENV)"
	@UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --locked --quiet $(UV_SYNC_ARGS) --python "$(PYTHON_EXE)" \
	  || { echo "(When pyproject.toml changed: make lock refreshes uv.lock; commit both.)"; exit 1; }
	@touch $@

install: $(VENV)/.installed

# Production: the same lock without the dev group (docs/DEPLOYMENT.md).
install-production: | $(UV_DEP)
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --locked --no-dev $(UV_SYNC_ARGS) --python "$(PYTHON_EXE)"

# Refresh uv.lock from pyproject.toml, keeping every version that still fits. UPGRADE=django
# (or UPGRADE="django pillow") also moves those packages to their newest allowed release,
# UPGRADE=all every package.
lock: | $(UV_DEP)
	$(UV) lock $(if $(filter all,$(UPGRADE)),--upgrade,$(addprefix --upgrade-package ,$(UPGRADE)))

# CI: fails when uv.lock is out of date with pyproject.toml.
check-lock: | $(UV_DEP)
	@$(UV) lock --check \
	  || { echo "uv.lock is out of date with pyproject.toml: run make lock and commit uv.lock."; exit 1; }

# A wheel of the project's metadata into dist/ (see [tool.setuptools] in pyproject.toml).
wheel: | $(UV_DEP)
	$(UV) build --wheel --out-dir dist

# Move uv itself to another release: make uv-pin VERSION=X.Y.Z (rewrites tools/uv.txt).
uv-pin: | $(UV_DEP)
	@test -n "$(VERSION)" || { echo "usage: make uv-pin VERSION=X.Y.Z"; exit 1; }
	@{ sed -n '/^#/p' tools/uv.txt; echo "uv==$(VERSION)" | $(UV) pip compile --quiet \
	  --universal --generate-hashes --no-header -; } > tools/uv.txt.new
	@mv tools/uv.txt.new tools/uv.txt && echo "tools/uv.txt: uv $(VERSION)"

# A development .env with DEBUG on and a fresh random SECRET_KEY (never committed).
.env:
	@$(PYTHON) -c "import secrets,re,pathlib; t=pathlib.Path('.env.example').read_text(); pathlib.Path('.env').write_text(re.sub(r'(?m)^SECRET_KEY=.*$$', 'SECRET_KEY=' + secrets.token_urlsafe(50), t))"
	@echo "Created .env from .env.example (development settings, a fresh SECRET_KEY)"

migrate: install .env
	@$(BIN)/python manage.py migrate --noinput $(MIGRATE_ARGS)

seed: migrate
	@$(BIN)/python manage.py seed_demo

# Quiet: migrations apply silently (errors still print), and runserver's notice that it is a
# development server is left out (this target is the development server).
run: MIGRATE_ARGS = -v0
run: seed
	@echo "Teamstack on http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	@DJANGO_RUNSERVER_HIDE_WARNING=true $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install .env
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .venv313 .tools staticfiles .pytest_cache .ruff_cache dist build *.egg-info

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
