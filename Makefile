# The template's commands (`make help` lists them): `make demo` and `make test` matter most.
VENV ?= .venv
PYTHON := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
PROJECT := {{cookiecutter.project_slug}}
DEMO := build/demo

.DEFAULT_GOAL := help
.PHONY: help demo test soak lint clean bench bench-smoke screenshots

help: ## List the commands
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(INSTALLED): requirements-dev.txt $(PROJECT)/requirements.txt $(PROJECT)/requirements-dev.txt
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install -q --upgrade pip
	$(PYTHON) -m pip install -q -r requirements-dev.txt
	touch $@

demo: $(INSTALLED) ## Bake the defaults into build/demo, seed them and serve on :5000
	bash scripts/demo.sh "$(abspath $(PYTHON))" "$(DEMO)"

test: $(INSTALLED) ## Bake all 8 option combinations; each passes its own `make test`
	$(PYTHON) -m pytest tests

# The long load, fault and fuzz tier: gunicorn on PostgreSQL and SQLite (8 clients x 2,000
# API writes, a killed worker, the database cut mid-load), schemathesis with thousands of
# cases. Needs PostgreSQL: TEST_DATABASE_URL (default: CI's server at 127.0.0.1:5432).
SOAK_DATABASE_URL ?= $(or $(TEST_DATABASE_URL),postgresql://postgres@127.0.0.1:5432/test)
soak: $(INSTALLED) ## The long load, fault and fuzz tier (needs PostgreSQL)
	rm -rf build/soak
	$(VENV)/bin/cookiecutter . --no-input -o build/soak
	cd build/soak/message-board && SOAK=1 TEST_DATABASE_URL=$(SOAK_DATABASE_URL) \
		$(abspath $(PYTHON)) -m pytest -q -s -p no:cacheprovider -m "not browser" \
		tests/test_serving.py tests/test_unavailable.py tests/test_api/test_fuzz_served.py \
		tests/test_api/test_properties.py tests/test_admin/test_properties.py

# Side-by-side speed against a hand-written app and flask-peewee; rewrites bench/RESULTS.md.
bench: $(INSTALLED) ## Side-by-side speed run; rewrites bench/RESULTS.md
	$(PYTHON) bench/run.py $(BENCH_ARGS)

bench-smoke: $(INSTALLED) ## The bench on tiny data (build/bench/SMOKE.md)
	$(PYTHON) bench/run.py --smoke --output build/bench/SMOKE.md

# Bake the defaults and let the admin's browser tests save their screenshots into docs/.
screenshots: $(INSTALLED) ## Refresh the admin screenshots in docs/
	rm -rf build/screenshots
	$(VENV)/bin/cookiecutter . --no-input -o build/screenshots
	cd build/screenshots/message-board && SCREENSHOTS_DIR=$(abspath docs) \
		$(abspath $(PYTHON)) -m pytest -q -m browser -p no:cacheprovider tests/browser

lint: $(INSTALLED) ## pre-commit on the template's own files
	$(PYTHON) -m pre_commit run --all-files

clean: ## Remove .venv and build/
	rm -rf $(VENV) build .pytest_cache .ruff_cache
