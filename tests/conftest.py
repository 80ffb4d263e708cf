"""Fixtures for testing the template: bake it with chosen answers, once per variant."""

import json
from pathlib import Path

import pytest

TEMPLATE = Path(__file__).resolve().parent.parent
DEFAULTS = json.loads((TEMPLATE / "cookiecutter.json").read_text())

# One bake per supported combination; ids read like the answers.
VARIANTS = {
    "defaults": {},
    "include_admin:false": {"include_admin": False},
    "include_api:false": {"include_api": False},
    "database:postgresql": {"database": "postgresql"},
}


@pytest.fixture(scope="session")
def bake(cookies_session):
    """Bake the template with `answers` (cached per answer set) and return the project path."""
    cache = {}

    def make(**answers):
        key = json.dumps(answers, sort_keys=True)
        if key not in cache:
            result = cookies_session.bake(extra_context=answers)
            assert result.exit_code == 0, result.exception
            cache[key] = Path(result.project_path)
        return cache[key]

    return make


def package_dir(project):
    answers = json.loads((project / ".cookiecutter.json").read_text())["answers"]
    return project / answers["package_name"]
