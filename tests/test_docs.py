"""The docs cannot rot: the generated README's "Add a model end to end" is followed to the
letter on a fresh bake, and the model then works in the admin and the API."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import COMBINATIONS

# The README's instructions, as a person reads them and as this test applies them.
CHANGE = re.compile(r"In `([^`]+)`, change `([^`]+)` to `([^`]+)`")
ADD_AT_END = re.compile(r"In `([^`]+)`, (?:then )?add at the end:|then add at the end:")
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.M | re.S)

# What a user writes next, in the words of the README's last paragraph: a test using the
# project's own fixtures that the new model works in the admin and the API.
BOOKMARK_TEST = '''
"""Bookmarks, added by following the README."""

import base64

from .conftest import PASSWORD


def test_bookmarks_in_the_api_and_the_admin(client, admin_user):
    """Posted through the API, listed by it, and shown, searched and edited in the admin."""
    basic = base64.b64encode(f"root:{PASSWORD}".encode()).decode()
    created = client.post(
        "/api/bookmark/",
        json={"title": "Flask docs", "url": "https://flask.palletsprojects.com/"},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert created.status_code == 201, created.get_data(as_text=True)
    listing = client.get("/api/bookmark/?title__icontains=flask").get_json()
    assert [row["title"] for row in listing["objects"]] == ["Flask docs"]
    assert listing["objects"][0]["user"]["username"] == "root"
    assert "/api/bookmark/" in client.get("/api/openapi.json").get_json()["paths"]
    page = client.get("/admin/bookmark/?q=flask")
    assert page.status_code == 200 and "Flask docs" in page.get_data(as_text=True)
    assert client.get("/admin/bookmark/add/").status_code == 200
    bookmark_id = created.get_json()["id"]
    assert client.get(f"/admin/bookmark/{bookmark_id}/").status_code == 200
'''


def add_a_model_section(project):
    readme = (project / "README.md").read_text()
    section = readme[readme.index("## Add a model end to end") :]
    return section[: section.index("\n## ", 1)]


def follow(section, project, run):
    """Apply each instruction in order: file edits as written, shell lines through `run`."""
    position = 0
    for fence in FENCE.finditer(section):
        prose = section[position : fence.start()]
        language, body = fence.groups()
        for path, old, new in CHANGE.findall(prose):
            target = project / path
            text = target.read_text()
            assert text.count(old) == 1, f"{path} should hold `{old}` once"
            target.write_text(text.replace(old, new))
        if language == "python":
            path = CHANGE.findall(prose)[-1][0] if "then add" in prose else None
            match = ADD_AT_END.search(prose)
            assert match, f"no file named for the code block:\n{prose}"
            target = project / (match.group(1) or path)
            target.write_text(target.read_text().rstrip("\n") + "\n\n\n" + body)
        elif language == "shell":
            for line in body.splitlines():
                if line.strip() and not line.startswith("#"):
                    run(line.split("#")[0].split())
        position = fence.end()


def test_the_readme_add_a_model_steps_work_on_a_fresh_bake(cookies):
    """Model, `flask db create`, admin and API registration, `flask db upgrade`: then ruff
    passes, the migration matches the model and the admin and API pages serve bookmarks."""
    result = cookies.bake()
    assert result.exit_code == 0, result.exception
    project = Path(result.project_path)
    environment = {key: value for key, value in os.environ.items() if key != "TEST_DATABASE_URL"}

    def run(command, check=True):
        if command[0] == ".venv/bin/flask":  # the shared virtualenv stands in for .venv
            command = [sys.executable, "-m", "flask", *command[1:]]
        elif command[0] in {"ruff", "pytest"}:
            command = [sys.executable, "-m", *command]
        done = subprocess.run(command, cwd=project, capture_output=True, text=True, env=environment)
        if check:
            assert done.returncode == 0, f"{command}:\n{done.stdout}\n{done.stderr}"
        return done

    follow(add_a_model_section(project), project, run)

    migration = next((project / "migrations").glob("*_add_bookmark.py"))
    assert '"bookmark"' in migration.read_text() or "Bookmark" in migration.read_text()
    assert "[x]" in run([".venv/bin/flask", "db", "status"]).stdout.splitlines()[-2]
    assert "No model changes" in run([".venv/bin/flask", "db", "create", "again"], False).stderr
    (project / "tests" / "test_bookmarks.py").write_text(BOOKMARK_TEST.lstrip())
    run(["ruff", "check", "."])
    run(["ruff", "format", "--check", "."])
    run(
        [
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_bookmarks.py",
            "tests/test_migrations.py",
        ]
    )


@pytest.mark.parametrize(
    "answers",
    [answers for name, answers in COMBINATIONS.items() if "database" not in name],
    ids=[name for name in COMBINATIONS if "database" not in name],
)
def test_the_add_a_model_section_names_only_the_parts_baked(bake, answers):
    """Without the admin (or the API) the README does not tell you to register there."""
    section = add_a_model_section(bake(**answers))
    assert ("admin_site.py" in section) == answers["include_admin"]
    assert ("api_site.py" in section) == answers["include_api"]
    assert "{%" not in section
