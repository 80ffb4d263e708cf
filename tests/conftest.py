"""Fixtures for testing the template: bake it with chosen answers, once per variant."""

import itertools
import json
from pathlib import Path

import pytest

TEMPLATE = Path(__file__).resolve().parent.parent
DEFAULTS = json.loads((TEMPLATE / "cookiecutter.json").read_text())


def default(key):
    """The answer `--no-input` gives: a choice's first option, or the value itself."""
    value = DEFAULTS.get(key)
    return value[0] if isinstance(value, list) else value


def combination_id(answers):
    """`defaults`, or the answers that differ from them: `database:postgresql,include_api:false`."""
    changed = [
        f"{key}:{str(value).lower()}" for key, value in answers.items() if value != default(key)
    ]
    return ",".join(changed) or "defaults"


# Every combination of the three structural answers: 2 databases x admin x API = 8.
COMBINATIONS = {
    combination_id(answers): answers
    for answers in (
        {"database": database, "include_admin": admin, "include_api": api}
        for database, admin, api in itertools.product(
            DEFAULTS["database"], (True, False), (True, False)
        )
    )
}


@pytest.fixture(scope="session")
def bake(cookies_session):
    """Bake the template with `answers` (cached per answer set) and return the project path."""
    cache = {}

    def make(**answers):
        # Spelling out a default bakes the same project as leaving it out.
        answers = {key: value for key, value in answers.items() if value != default(key)}
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


def pytest_terminal_summary(terminalreporter):
    """Print how long each baked project's `make test` took (tests/test_generated.py)."""
    from .test_generated import WALL_TIMES

    if WALL_TIMES:
        terminalreporter.section("make test per combination (wall time)")
        for name, seconds in WALL_TIMES.items():
            terminalreporter.write_line(f"{seconds:7.1f}s  {name}")
