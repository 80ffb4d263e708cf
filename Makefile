# The template's commands: `make demo` and `make test` are the two that matter.
VENV ?= .venv
PYTHON := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
PROJECT := {{cookiecutter.project_slug}}
DEMO := build/demo

.PHONY: demo test lint clean bench bench-smoke

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

lint: $(INSTALLED)
	$(PYTHON) -m pre_commit run --all-files

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache
