# The template's commands: `make demo` and `make test` are the two that matter.
VENV ?= .venv
PYTHON := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
PROJECT := {{cookiecutter.project_slug}}
DEMO := build/demo

.PHONY: demo test lint clean

$(INSTALLED): requirements-dev.txt $(PROJECT)/requirements.txt $(PROJECT)/requirements-dev.txt
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install -q --upgrade pip
	$(PYTHON) -m pip install -q -r requirements-dev.txt
	touch $@

demo: $(INSTALLED)
	bash scripts/demo.sh "$(abspath $(PYTHON))" "$(DEMO)"

test: $(INSTALLED)
	$(PYTHON) -m pytest tests

lint: $(INSTALLED)
	$(PYTHON) -m pre_commit run --all-files

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache
