"""Every combination of answers bakes a project whose own `make test` passes, run as a user
runs it: in the baked folder, `make test` alone, which builds the project's own virtualenv.

The runs are slow (a virtualenv each), so they start with the session and go on in the
background while the other template tests run (conftest.py starts them and puts these
tests last), TEMPLATE_TEST_JOBS at a time (default 2, the cores CI has), longest first.
Each combination has a bake of its own, which no other test reads or changes.

With TEST_DATABASE_URL the defaults' one `make test` runs every test on SQLite and again
on PostgreSQL, and the gunicorn load and fault tests; the other runs skip those
(SKIP_SERVING_TESTS=1), which would only repeat them on the same code.
"""

import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .conftest import COMBINATIONS, POSTGRESQL, default

JOBS = int(os.environ.get("TEMPLATE_TEST_JOBS", "2"))
# Generous: on a machine busy with other work a run can take many times its usual length.
TIMEOUT = int(os.environ.get("TEMPLATE_TEST_TIMEOUT", "3600"))
# (wall, CPU) seconds of each run, printed at the end of the session (see conftest.py).
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
    """`make test` in the baked project; its wall time and the CPU time it used (with all it
    started), which a busy machine does not inflate, go to the session's summary. A run
    still going after TIMEOUT seconds is stopped, all it started with it, and fails."""
    started = time.monotonic()
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        process = subprocess.Popen(
            ["make", "test"],
            cwd=project,
            stdout=stdout,
            stderr=stderr,
            text=True,
            env=user_environment(**env),
            start_new_session=True,  # its own process group, to stop it whole
        )
        stop = threading.Timer(TIMEOUT, os.killpg, (process.pid, signal.SIGKILL))
        stop.start()
        _, status, usage = os.wait4(process.pid, 0)
        stop.cancel()
        stdout.seek(0)
        stderr.seek(0)
        output, errors = stdout.read(), stderr.read()
    wall = time.monotonic() - started
    if wall >= TIMEOUT:
        errors += f"\nmake test was stopped after {TIMEOUT}s (TEMPLATE_TEST_TIMEOUT)"
    WALL_TIMES[name] = (wall, usage.ru_utime + usage.ru_stime)
    return subprocess.CompletedProcess(
        process.args, os.waitstatus_to_exitcode(status), output, errors
    )


def postgres_url():
    url = os.environ.get("TEST_DATABASE_URL")
    if not url and os.environ.get("CI") == "true":
        pytest.fail("CI=true but TEST_DATABASE_URL is not set: PostgreSQL tests must run in CI")
    return url


def defaults_on_both_databases(project, url):
    """The defaults' `make test` with TEST_DATABASE_URL: SQLite, PostgreSQL and gunicorn."""
    with POSTGRESQL:  # the database is this run's alone while it runs
        return make_test(
            "defaults (SQLite and PostgreSQL)",
            project,
            TEST_DATABASE_URL=url,
            PYTEST_ADDOPTS="-v",
        )


def expected_cost(name):
    """Bigger projects take longer; the defaults most (PostgreSQL and the gunicorn tests)."""
    answers = COMBINATIONS[name]
    return (name == "defaults", answers["include_admin"] + answers["include_api"])


def run_combinations(cookies_session, names):
    """Bake each combination in `names` afresh and start its `make test`; yield the runs
    (futures, by the combination's id) and, once the session is done with them, cancel what
    never began. The `make_test_runs` fixture (conftest.py) is this, started with the session."""
    projects = {}
    for name in names:
        answers = COMBINATIONS[name]
        changed = {key: value for key, value in answers.items() if value != default(key)}
        result = cookies_session.bake(extra_context=changed)
        assert result.exit_code == 0, result.exception
        projects[name] = Path(result.project_path)
    url = postgres_url()
    with ThreadPoolExecutor(JOBS) as pool:
        runs = {}
        for name in sorted(names, key=expected_cost, reverse=True):
            if name == "defaults" and url:
                runs[name] = pool.submit(defaults_on_both_databases, projects[name], url)
            elif name == "defaults":
                runs[name] = pool.submit(make_test, name, projects[name])
            else:
                runs[name] = pool.submit(make_test, name, projects[name], SKIP_SERVING_TESTS="1")
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
    """With TEST_DATABASE_URL the defaults' suite runs every test on SQLite and again on
    PostgreSQL, the gunicorn tests included, in that one `make test`."""
    if not postgres_url():
        pytest.skip("TEST_DATABASE_URL is not set, so there is no PostgreSQL to test against")
    result = make_test_runs["defaults"].result()
    assert_passed(result)
    assert "[sqlite] PASSED" in result.stdout
    assert "[postgresql] PASSED" in result.stdout
    assert "SKIP_SERVING_TESTS" not in result.stdout  # the gunicorn tests ran here
    assert re.search(r"^tests/test_serving\.py::\S+ PASSED", result.stdout, re.M)
