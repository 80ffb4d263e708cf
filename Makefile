# The template's commands: `make demo` and `make test` are the two that matter.
VENV ?= .venv
PYTHON := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
PROJECT := {{cookiecutter.project_slug}}
DEMO := build/demo

.PHONY: demo test lint clean bench bench-smoke screenshots

$(INSTALLED): requirements-dev.txt $(PROJECT)/requirements.txt $(PROJECT)/requirements-dev.txt
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install -q --upgrade pip
	$(PYTHON) -m pip install -q -r requirements-dev.txt
	touch $@

demo: $(INSTALLED)
	bash scripts/demo.sh "$(abspath $(PYTHON))" "$(DEMO)"

test: $(INSTALLED)
	$(PYTHON) -m pytest tests

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
