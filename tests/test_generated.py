"""Each baked project passes its own `make test` (pytest and ruff), on SQLite and PostgreSQL."""

import os
import subprocess
import sys

import pytest

from .conftest import VARIANTS


def make_test(project, **env):
    """Run the baked project's `make test` with the shared virtualenv's Python."""
    environment = {key: value for key, value in os.environ.items() if key != "TEST_DATABASE_URL"}
    environment.update(env)
    return subprocess.run(
        ["make", "test", f"PYTHON={sys.executable}"],
        cwd=project,
        capture_output=True,
        text=True,
        env=environment,
    )


@pytest.mark.parametrize("answers", VARIANTS.values(), ids=VARIANTS.keys())
def test_baked_project_passes_its_own_tests_on_sqlite(bake, answers):
    """The generated suite and ruff pass for every answer set, on SQLite."""
    # The gunicorn load and fuzz tests run once, in the PostgreSQL run below.
    result = make_test(bake(**answers), SKIP_SERVING_TESTS="1")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert " passed" in result.stdout


def postgres_url():
    url = os.environ.get("TEST_DATABASE_URL")
    if not url and os.environ.get("CI") == "true":
        pytest.fail("CI=true but TEST_DATABASE_URL is not set: PostgreSQL tests must run in CI")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set, so there is no PostgreSQL to test against")
    return url


def test_default_project_passes_its_own_tests_on_postgresql(bake):
    """With TEST_DATABASE_URL the generated suite also runs every test on PostgreSQL."""
    result = make_test(bake(), TEST_DATABASE_URL=postgres_url(), PYTEST_ADDOPTS="-v")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "[postgresql] PASSED" in result.stdout
