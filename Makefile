# The template's commands (`make help` lists them): `make demo` and `make test` matter most.
VENV ?= .venv
PYTHON := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
PROJECT := {{cookiecutter.project_slug}}
DEMO := build/demo

.DEFAULT_GOAL := help
.PHONY: help demo test lint clean bench bench-smoke screenshots

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
