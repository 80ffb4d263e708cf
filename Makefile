# The template's commands: `make demo` and `make test` are the two that matter.
VENV ?= .venv
PYTHON := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
PROJECT := {{cookiecutter.project_slug}}
DEMO := build/demo

.PHONY: demo test soak lint clean bench bench-smoke screenshots

$(INSTALLED): requirements-dev.txt $(PROJECT)/requirements.txt $(PROJECT)/requirements-dev.txt
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install -q --upgrade pip
	$(PYTHON) -m pip install -q -r requirements-dev.txt
	touch $@

demo: $(INSTALLED)
	bash scripts/demo.sh "$(abspath $(PYTHON))" "$(DEMO)"

test: $(INSTALLED)
	$(PYTHON) -m pytest tests

# The long load, fault and fuzz tier: gunicorn on PostgreSQL and SQLite (8 clients x 2,000
# API writes, a killed worker, the database cut mid-load), schemathesis with thousands of
# cases. Needs PostgreSQL: TEST_DATABASE_URL (default: CI's server at 127.0.0.1:5432).
SOAK_DATABASE_URL ?= $(or $(TEST_DATABASE_URL),postgresql://postgres@127.0.0.1:5432/test)
soak: $(INSTALLED)
	rm -rf build/soak
	$(VENV)/bin/cookiecutter . --no-input -o build/soak
	cd build/soak/message-board && SOAK=1 TEST_DATABASE_URL=$(SOAK_DATABASE_URL) \
		$(abspath $(PYTHON)) -m pytest -q -s -p no:cacheprovider -m "not browser" \
		tests/test_serving.py tests/test_unavailable.py tests/test_api/test_fuzz_served.py \
		tests/test_api/test_properties.py tests/test_admin/test_properties.py

# Side-by-side speed against a hand-written app and flask-peewee; rewrites bench/RESULTS.md.
bench: $(INSTALLED)
	$(PYTHON) bench/run.py $(BENCH_ARGS)

bench-smoke: $(INSTALLED)
	$(PYTHON) bench/run.py --smoke --output build/bench/SMOKE.md

# Bake the defaults and let the admin's browser tests save their screenshots into docs/.
screenshots: $(INSTALLED)
	rm -rf build/screenshots
	$(VENV)/bin/cookiecutter . --no-input -o build/screenshots
	cd build/screenshots/message-board && SCREENSHOTS_DIR=$(abspath docs) \
		$(abspath $(PYTHON)) -m pytest -q -m browser -p no:cacheprovider tests/browser

lint: $(INSTALLED)
	$(PYTHON) -m pre_commit run --all-files

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache
