"""The README's "Coming from flask-peewee" section: every snippet in it runs as written,
and it names each difference kept on purpose."""

import re
import shlex
import sys
import traceback
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)


def section():
    text = README.read_text(encoding="utf-8")
    start = text.index("## Coming from flask-peewee")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def snippets(language):
    return [code for lang, code in FENCE.findall(section()) if lang == language]


def test_the_section_names_every_kept_difference():
    """201 + Location, null links, 403, POST logout, 415, no POST-to-edit, flask db."""
    text = section()
    expected = ["flask db upgrade", "flask fp", "POST /accounts/logout/"]
    {%- if cookiecutter.include_admin %}
    expected += ["403 Forbidden", "/delete/"]
    {%- endif %}
    {%- if cookiecutter.include_api %}
    expected += ["201 Created", "`Location:", "`null`", "415", "`PUT`/`PATCH` and `DELETE`"]
    {%- endif %}
    for words in expected:
        assert words in text, words
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    assert all(line.count(" | ") == 2 and line.rstrip().endswith("|") for line in rows[1:])


def test_every_shell_snippet_runs(app):
    """Each `flask ...` line of the section's shell snippets exits 0 on a migrated database."""
    lines = [line.split("#")[0].strip() for code in snippets("sh") for line in code.splitlines()]
    commands = [shlex.split(line) for line in lines if line]
    assert commands and all(command[0] == "flask" for command in commands)
    runner = app.test_cli_runner()
    for command in commands:
        result = runner.invoke(args=command[1:])
        assert result.exit_code == 0, (command, result.output)


def test_every_python_snippet_runs_in_flask_shell(app):
    """The Python snippets run in order in one namespace, as pasted into `flask shell`
    (which provides `app` inside an app context), and their assertions hold."""
    codes = snippets("python")
    assert codes
    namespace = {"app": app}
    for code in codes:
        try:
            exec(compile(code, str(README), "exec"), namespace)  # noqa: S102 - our own README
        except AssertionError:
            failed = traceback.extract_tb(sys.exc_info()[2])[-1].lineno
            pytest.fail(f"README assertion failed: {code.splitlines()[failed - 1]}")
