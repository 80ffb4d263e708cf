"""Every combination of answers bakes a project whose own `make test` passes, run as a user
runs it: in the baked folder, `make test` alone, which builds the project's own virtualenv.

The runs are slow (a virtualenv each), so they start together, TEMPLATE_TEST_JOBS at a time
(default 2, the cores CI has), and each test waits for its own. pip's download cache is
shared between them, as it is between a user's projects.
"""

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .conftest import COMBINATIONS

JOBS = int(os.environ.get("TEMPLATE_TEST_JOBS", "2"))
# Wall time of each run, printed at the end of the session (see conftest.py).
WALL_TIMES = {}


def user_environment(**env):
    """A user's shell: none of the template's virtualenv, no database unless one is given."""
    ours = str(Path(sys.executable).parent)
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"TEST_DATABASE_URL", "VIRTUAL_ENV", "PYTHONPATH", "PYTEST_ADDOPTS"}
    }
    environment["PATH"] = os.pathsep.join(
        entry for entry in environment.get("PATH", "").split(os.pathsep) if entry != ours
    )
    environment.update(env)
    return environment


def make_test(name, project, **env):
    """`make test` in the baked project, timed."""
    started = time.monotonic()
    result = subprocess.run(
        ["make", "test"],
        cwd=project,
        capture_output=True,
        text=True,
        env=user_environment(**env),
        timeout=1800,
    )
    WALL_TIMES[name] = time.monotonic() - started
    return result


def postgres_url():
    url = os.environ.get("TEST_DATABASE_URL")
    if not url and os.environ.get("CI") == "true":
        pytest.fail("CI=true but TEST_DATABASE_URL is not set: PostgreSQL tests must run in CI")
    return url


@pytest.fixture(scope="session")
def make_test_runs(bake):
    """Every combination's `make test` on SQLite, then the defaults again on PostgreSQL."""
    projects = {name: bake(**answers) for name, answers in COMBINATIONS.items()}
    with ThreadPoolExecutor(JOBS) as pool:
        # The gunicorn load and fuzz tests run once, in the PostgreSQL run below.
        runs = {
            name: pool.submit(make_test, name, path, SKIP_SERVING_TESTS="1")
            for name, path in projects.items()
        }
        url = postgres_url()
        if url:

            def defaults_on_postgresql():
                runs["defaults"].result()  # same folder: reuse its .venv, never race it
                return make_test(
                    "defaults on PostgreSQL",
                    projects["defaults"],
                    TEST_DATABASE_URL=url,
                    PYTEST_ADDOPTS="-v",
                )

            runs["defaults on PostgreSQL"] = pool.submit(defaults_on_postgresql)
        yield runs
        for run in runs.values():
            run.cancel()


def assert_passed(result):
    """`make test` exited 0 and pytest really ran tests (exit 5, none collected, fails)."""
    output = result.stdout[-6000:] + result.stderr[-4000:]
    assert result.returncode == 0, output
    assert " passed" in result.stdout, output


@pytest.mark.parametrize("name", COMBINATIONS)
def test_baked_project_passes_its_own_make_test(make_test_runs, name):
    """A fresh bake's `make test` installs its dependencies, then ruff and pytest pass."""
    result = make_test_runs[name].result()
    assert_passed(result)
    assert "pip install" in result.stdout  # it built its own virtualenv


def test_default_project_passes_its_own_make_test_on_postgresql(make_test_runs):
    """With TEST_DATABASE_URL the generated suite also runs every test on PostgreSQL."""
    if "defaults on PostgreSQL" not in make_test_runs:
        pytest.skip("TEST_DATABASE_URL is not set, so there is no PostgreSQL to test against")
    result = make_test_runs["defaults on PostgreSQL"].result()
    assert_passed(result)
    assert "[postgresql] PASSED" in result.stdout
