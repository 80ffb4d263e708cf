"""Fixtures for testing the template: bake it with chosen answers, once per variant."""

import itertools
import json
import os
import resource
import threading
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


# TEST_DATABASE_URL is one database, shared by the defaults' `make test` in the background
# (tests/test_generated.py) and the tests that use it here: one at a time.
POSTGRESQL = threading.Lock()


@pytest.fixture
def postgresql_url():
    """TEST_DATABASE_URL (or None), this test's alone while it runs."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield None
        return
    with POSTGRESQL:
        yield url


def waits_for_make_test(item):
    return "make_test_runs" in getattr(item, "fixturenames", ())


def combinations_waited_for(items):
    """The combinations whose `make test` the collected tests read (the PostgreSQL test
    reads the defaults'), in COMBINATIONS order."""
    wanted = set()
    for item in filter(waits_for_make_test, items):
        callspec = getattr(item, "callspec", None)
        wanted.add(callspec.params["name"] if callspec else "defaults")
    return [name for name in COMBINATIONS if name in wanted]


@pytest.fixture(scope="session")
def make_test_runs(request, cookies_session):
    """Each combination's own bake and its `make test` running (tests/test_generated.py),
    for the combinations the collected tests read."""
    from .test_generated import run_combinations

    yield from run_combinations(cookies_session, combinations_waited_for(request.session.items))


def pytest_collection_modifyitems(items):
    """The tests that wait for the baked projects' `make test` runs go last."""
    items.sort(key=waits_for_make_test)  # stable: the others keep their order


@pytest.fixture(scope="session", autouse=True)
def start_make_test_runs(request):
    """Start the `make test` runs (tests/test_generated.py) as the session begins, so they go
    on in the background while the other tests run, when any collected test needs them."""
    if any(waits_for_make_test(item) for item in request.session.items):
        request.getfixturevalue("make_test_runs")


def package_dir(project):
    answers = json.loads((project / ".cookiecutter.json").read_text())["answers"]
    return project / answers["package_name"]


def pytest_terminal_summary(terminalreporter):
    """Print each baked project's `make test` time (tests/test_generated.py), and the CPU
    time of the whole session: on a machine shared with other work, wall times grow but CPU
    time does not, and on N idle cores the session needs at least CPU / N of wall time."""
    from .test_generated import WALL_TIMES

    if WALL_TIMES:
        terminalreporter.section("make test per combination (wall and CPU time)")
        for name, (wall, cpu) in WALL_TIMES.items():
            terminalreporter.write_line(f"{wall:7.1f}s wall {cpu:7.1f}s CPU  {name}")
    used = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cpu = sum(usage.ru_utime + usage.ru_stime for usage in used)
    terminalreporter.write_line(
        f"CPU time of the whole session: {cpu:.0f}s (two cores: {cpu / 2:.0f}s)"
    )
