"""The pre-gen hook rejects bad answers with one clear line and leaves nothing behind."""

import subprocess
import sys

import pytest

from .conftest import TEMPLATE


def bake_cli(tmp_path, **answers):
    args = [f"{key}={value}" for key, value in answers.items()]
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "cookiecutter",
            str(TEMPLATE),
            "--no-input",
            "--output-dir",
            str(tmp_path),
            *args,
        ],
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"package_name": "class"}, "package_name 'class' is a Python keyword"),
        ({"package_name": "my-pkg"}, "package_name 'my-pkg' is not a valid Python identifier"),
        ({"package_name": "flask"}, "package_name 'flask' would shadow the module 'flask'"),
        ({"package_name": "json"}, "package_name 'json' would shadow the module 'json'"),
        ({"package_name": "peewee"}, "package_name 'peewee' would shadow the module 'peewee'"),
        ({"project_slug": "My Project!"}, "project_slug 'My Project!' must be lowercase"),
        ({"email": "not-an-email"}, "email 'not-an-email' is not an email address"),
    ],
    ids=[
        "package_name:class",
        "package_name:my-pkg",
        "package_name:flask",
        "package_name:json",
        "package_name:peewee",
        "project_slug:bad",
        "email:no-at",
    ],
)
def test_bad_answers_are_rejected_with_a_clear_message(tmp_path, answers, message):
    """The bake fails, says why in one line, and writes nothing."""
    result = bake_cli(tmp_path, **answers)
    assert result.returncode != 0
    assert f"ERROR: {message}" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_good_answers_pass_the_hook(tmp_path):
    """Valid custom answers bake."""
    result = bake_cli(tmp_path, project_name="Shop", package_name="shop_app", email="a@b.co")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "shop" / "shop_app" / "app.py").is_file()
