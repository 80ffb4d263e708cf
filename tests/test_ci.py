"""CI for both repositories: the template's and the one every bake gets, plus Dependabot."""

import yaml

from .conftest import TEMPLATE

GENERATED = TEMPLATE / "{{cookiecutter.project_slug}}" / ".github"


def load(path):
    return yaml.safe_load(path.read_text())


def run_steps(job):
    return [step["run"] for step in job["steps"] if "run" in step]


def test_generated_ci_lints_and_tests_on_sqlite_postgresql_and_in_a_browser():
    """The baked project's workflow: lint, `make test` on SQLite and with a PostgreSQL
    service (TEST_DATABASE_URL pointing at it), and a job for the browser tests."""
    jobs = load(GENERATED / "workflows" / "ci.yml")["jobs"]
    assert run_steps(jobs["lint"]) == ["make lint"]
    assert run_steps(jobs["sqlite"]) == ["make test"]
    postgresql = jobs["postgresql"]
    assert postgresql["services"]["postgres"]["image"].startswith("postgres:")
    assert postgresql["env"]["TEST_DATABASE_URL"].startswith("postgresql://")
    assert run_steps(postgresql) == ["make test"]
    assert any("-m browser" in step for step in run_steps(jobs["browser"]))


def test_template_ci_bakes_and_tests_weekly_and_on_every_push():
    """The template's workflow runs `make test` with PostgreSQL on push and every week, with
    a browser for the baked projects' browser tests (CI=true fails them without one)."""
    workflow = load(TEMPLATE / ".github" / "workflows" / "ci.yml")
    assert workflow["env"]["CHROMIUM_PATH"] == "/usr/bin/google-chrome"  # on GitHub's runners
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "push" in triggers and "pull_request" in triggers
    assert triggers["schedule"][0]["cron"].split()[4] == "1"  # weekly, on Mondays
    job = workflow["jobs"]["bake-and-test"]
    assert "postgres" in job["services"]
    assert run_steps(job) == ["make test"]
    assert run_steps(workflow["jobs"]["lint"]) == ["make lint"]


def test_dependabot_watches_pip_and_github_actions_in_both_repositories():
    """Dependabot proposes pip and GitHub Actions updates for the template and each bake."""
    for config in (TEMPLATE / ".github" / "dependabot.yml", GENERATED / "dependabot.yml"):
        ecosystems = {update["package-ecosystem"] for update in load(config)["updates"]}
        assert ecosystems == {"pip", "github-actions"}, config
