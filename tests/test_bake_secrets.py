"""No secret in the files a fresh bake would commit (issue 12's security sweep)."""

import re
import subprocess

import pytest

from .conftest import COMBINATIONS

# Assignments of a long literal to a secret-looking name: a real secret, not a placeholder.
SECRET_ASSIGNMENT = re.compile(
    r"(SECRET_KEY|PASSWORD|API_KEY|TOKEN)\s*[=:]\s*[\"']?([A-Za-z0-9_\-+/=]{32,})", re.I
)
PRIVATE_KEY = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")


@pytest.mark.parametrize("answers", COMBINATIONS.values(), ids=COMBINATIONS.keys())
def test_no_secret_in_the_files_git_would_commit(bake, answers):
    """The staged files hold neither the bake's SECRET_KEY nor any other real-looking secret."""
    project = bake(**answers)
    secret = (project / ".env").read_text().strip().partition("=")[2]
    assert len(secret) > 40
    staged = subprocess.run(
        ["git", "ls-files", "--cached"], cwd=project, capture_output=True, text=True, check=True
    ).stdout.split()
    assert staged and ".env" not in staged
    for name in staged:
        path = project / name
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            text = path.read_bytes().decode("latin-1")
        assert secret not in text, name
        assert not PRIVATE_KEY.search(text), name
        found = SECRET_ASSIGNMENT.search(text)
        assert found is None, (name, found and found.group(0))
