"""Baking: every answer set produces a complete project with nothing left unrendered."""

import json
import os
import re
import subprocess
import sys

import pytest

from .conftest import COMBINATIONS, TEMPLATE, package_dir

RENDERED_SUFFIXES = {".py", ".toml", ".txt", ".md", ".yml", ".yaml", ".cfg", ".json", ".example"}


CACHES = {".git", ".ruff_cache", ".pytest_cache", "__pycache__"}


def project_files(project):
    """The baked files, without what git, ruff or pytest add once the project has run."""
    for path in project.rglob("*"):
        if path.is_file() and not CACHES.intersection(path.parts):
            yield path


@pytest.mark.parametrize("answers", COMBINATIONS.values(), ids=COMBINATIONS.keys())
def test_no_template_syntax_is_left_behind(bake, answers):
    """No file holds `{{ cookiecutter` and no non-Jinja file holds `{%` after baking."""
    project = bake(**answers)
    for path in project_files(project):
        text = path.read_text(errors="replace")
        assert "cookiecutter." not in text or path.name == ".cookiecutter.json", path
        flask_template = "templates" in path.relative_to(project).parts  # copied verbatim
        if (path.suffix in RENDERED_SUFFIXES or path.name == "Makefile") and not flask_template:
            assert not re.search(r"\{%|\{\{", text), path


def test_flask_templates_survive_baking_verbatim(bake):
    """The project's own Jinja templates are copied byte for byte, not rendered."""
    project = bake()
    source = TEMPLATE / "{{cookiecutter.project_slug}}" / "{{cookiecutter.package_name}}"
    templates = [*source.rglob("*.html"), *source.rglob("templates/**/*.txt")]  # mail
    assert templates
    for path in templates:
        baked = package_dir(project) / path.relative_to(source)
        assert baked.read_bytes() == path.read_bytes(), path


def test_default_bake_is_named_from_the_project_name(bake):
    """`--no-input` gives a slug and a package name derived from the project name."""
    project = bake()
    assert project.name == "message-board"
    assert (project / "message_board" / "app.py").is_file()


def test_custom_project_name_derives_slug_and_package(bake):
    """A project name with spaces becomes a dashed slug and an underscored package."""
    project = bake(project_name="Team Notes")
    assert project.name == "team-notes"
    assert (project / "team_notes" / "app.py").is_file()


def test_secret_key_is_fresh_and_gitignored(bake, cookies):
    """Each bake writes its own SECRET_KEY to .env, which git ignores."""
    first = bake()
    second = cookies.bake()
    assert second.exit_code == 0
    key_one = (first / ".env").read_text()
    key_two = (second.project_path / ".env").read_text()
    assert key_one.startswith("SECRET_KEY=") and len(key_one.strip()) > 40
    assert key_one != key_two
    assert ".env" in (first / ".gitignore").read_text().split()


def test_answers_are_recorded_without_private_keys_or_paths(bake):
    """.cookiecutter.json keeps the answers for a later re-bake, and nothing local."""
    project = bake(project_name="Team Notes")
    record = json.loads((project / ".cookiecutter.json").read_text())
    assert record["answers"]["project_name"] == "Team Notes"
    assert record["template_version"]
    assert not [key for key in record["answers"] if key.startswith("_")]
    assert str(project.parent) not in json.dumps(record)


def test_postgresql_answer_only_changes_the_default_database(bake):
    """`database=postgresql` sets the default URL to PostgreSQL; SQLite still works."""
    config = (package_dir(bake(database="postgresql")) / "config.py").read_text()
    assert 'DEFAULT_DATABASE = "postgresql://' in config
    assert (
        'DEFAULT_DATABASE = "sqlite:///app.db"' in (package_dir(bake()) / "config.py").read_text()
    )


@pytest.mark.parametrize("part", ["admin", "api"])
def test_removing_a_part_removes_its_code_tests_and_wiring(bake, part):
    """`include_<part>=false` leaves no module, test or import of that part behind."""
    project = bake(**{f"include_{part}": False})
    package = package_dir(project)
    assert not (package / part).exists()
    assert not list((project / "tests").glob(f"test_{part}*.py"))
    for path in project.rglob("*.py"):
        assert not re.search(
            rf"^\s*from \.+{part}\b|import {package.name}\.{part}\b", path.read_text(), re.M
        ), path


def test_dependencies_are_pinned_exactly(bake):
    """Every requirement is pinned with ==, and no template tag sits in those files."""
    project = bake()
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (project / name).read_text().splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "-r")):
                assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][A-Za-z0-9.]*", line), line


def test_baked_project_is_a_git_repository_with_files_staged(bake):
    """A fresh bake is a git repository with everything staged, ready for pre-commit."""
    project = bake()
    staged = subprocess.run(
        ["git", "diff", "--cached", "--name-only"], cwd=project, capture_output=True, text=True
    ).stdout.split()
    assert "README.md" in staged
    assert ".env" not in staged


@pytest.mark.skipif(
    os.environ.get("SKIP_PRE_COMMIT") == "1", reason="SKIP_PRE_COMMIT=1 (hooks need PyPI)"
)
def test_pre_commit_passes_on_a_fresh_bake(bake):
    """`pre-commit run --all-files` (ruff, format, whitespace, YAML, TOML) passes as baked."""
    project = bake()
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_bake_records_the_template_commit_for_cruft(bake):
    """.cruft.json names the template, its commit and the answers, as `cruft update` needs."""
    project = bake()
    state = json.loads((project / ".cruft.json").read_text())
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=TEMPLATE, capture_output=True, text=True
    ).stdout.strip()
    assert state["template"] == str(TEMPLATE)
    assert state["commit"] == head
    assert state["context"]["cookiecutter"]["project_slug"] == "message-board"
    assert "POSTGRES_PASSWORD=" in (project / ".env").read_text()
