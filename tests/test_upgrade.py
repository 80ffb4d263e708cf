"""The upgrade path: a project baked from one template commit pulls a later one with cruft."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import TEMPLATE

CRUFT = str(Path(sys.executable).parent / "cruft")
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Template Tests",
    "GIT_AUTHOR_EMAIL": "tests@example.com",
    "GIT_COMMITTER_NAME": "Template Tests",
    "GIT_COMMITTER_EMAIL": "tests@example.com",
}


def run(*command, cwd):
    """Run a command; fail the test with its output if it fails."""
    result = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, env={**os.environ, **GIT_IDENTITY}
    )
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result


def commit_all(folder, message):
    run("git", "add", "-A", cwd=folder)
    run("git", "commit", "-q", "-m", message, cwd=folder)


@pytest.fixture
def template_repo(tmp_path):
    """A git repository holding this template's files as they are now (one commit)."""
    tracked = run("git", "ls-files", "-z", cwd=TEMPLATE).stdout.split("\0")
    others = run("git", "ls-files", "-z", "--others", "--exclude-standard", cwd=TEMPLATE)
    repo = tmp_path / "template"
    for name in [*tracked, *others.stdout.split("\0")]:
        source = TEMPLATE / name
        if name and source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    run("git", "init", "-q", cwd=repo)
    commit_all(repo, "template, first version")
    return repo


def test_cruft_update_brings_template_changes_and_keeps_the_users_edits(template_repo, tmp_path):
    """Bake, commit, edit; a later template commit arrives with `cruft update`, the user's
    edit, secret key and answers stay, and `cruft check` reports up to date again."""
    bake = [sys.executable, "-m", "cookiecutter", str(template_repo), "--no-input"]
    run(*bake, "--output-dir", str(tmp_path / "out"), cwd=tmp_path)
    project = tmp_path / "out" / "message-board"
    state = json.loads((project / ".cruft.json").read_text())
    first_commit = run("git", "rev-parse", "HEAD", cwd=template_repo).stdout.strip()
    assert state["template"] == str(template_repo)
    assert state["commit"] == first_commit
    assert state["context"]["cookiecutter"]["include_api"] is True
    commit_all(project, "baked")
    run(CRUFT, "check", cwd=project)

    # The user's own work on a generated file.
    models = project / "message_board" / "models.py"
    models.write_text(models.read_text() + "\n\n# Our own note on the models.\n")
    commit_all(project, "our edit")
    secret = (project / ".env").read_text()

    # The template moves on: a generated file changes.
    generated_gitignore = template_repo / "{{cookiecutter.project_slug}}" / ".gitignore"
    generated_gitignore.write_text(generated_gitignore.read_text() + "uploads/\n")
    commit_all(template_repo, "ignore uploads/")
    outdated = subprocess.run([CRUFT, "check"], cwd=project, capture_output=True, text=True)
    assert outdated.returncode != 0

    run(CRUFT, "update", "--skip-apply-ask", cwd=project)
    assert "uploads/" in (project / ".gitignore").read_text().split()
    assert "# Our own note on the models." in models.read_text()
    assert (project / ".env").read_text() == secret
    new_state = json.loads((project / ".cruft.json").read_text())
    assert new_state["commit"] == run("git", "rev-parse", "HEAD", cwd=template_repo).stdout.strip()
    commit_all(project, "template update")
    run(CRUFT, "check", cwd=project)
