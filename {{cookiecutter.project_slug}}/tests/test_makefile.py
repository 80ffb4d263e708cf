"""The Makefile: `make help` lists every command, and `make run`, `make test`, `make lint` and
`make serve` install the pinned dependencies first, so a fresh project needs no other step.

`make -n` prints what a command would run without running it, so nothing is installed here.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
MAKE = shutil.which("make")
MAKEFILE = (PROJECT / "Makefile").read_text()
# A `make test` that runs these tests passes its own flags and overrides (PYTHON=...) down
# to every make below it; these tests read the Makefile as a user's shell runs it.
PARENT_MAKE = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"}


def make(*args):
    """`make ARGS` in the project; its output."""
    environment = {key: value for key, value in os.environ.items() if key not in PARENT_MAKE}
    result = subprocess.run(
        [MAKE, *args], cwd=PROJECT, capture_output=True, text=True, env=environment
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_make_help_lists_every_command_with_its_description():
    """`make` alone prints `make help`: each target of the Makefile with its one line."""
    described = dict(re.findall(r"^([a-z-]+):.*?## (.+)$", MAKEFILE, re.M))
    phony = re.search(r"^\.PHONY: (.+)$", MAKEFILE, re.M).group(1).split()
    assert set(phony) == set(described), "every command needs a `## description`"
    shown = make()
    assert shown == make("help")
    for target, description in described.items():
        assert re.search(rf"^\s+make {target}\s+{re.escape(description)}$", shown, re.M), target


@pytest.mark.parametrize(
    "target, then",
    [
        ("run", "-m flask run --debug"),
        ("test", "-m pytest"),
        ("lint", "-m pre_commit run --all-files"),
        ("serve", "gunicorn --config gunicorn.conf.py"),
    ],
)
def test_a_fresh_project_installs_before_the_command_runs(tmp_path, target, then):
    """Without .venv, `make TARGET` first creates it and installs requirements-dev.txt (which
    includes requirements.txt), then runs the command from it."""
    venv = tmp_path / "venv"
    steps = make("-n", target, f"VENV={venv}").splitlines()
    create = steps.index(f"python3 -m venv {venv}")
    install = steps.index(f"{venv}/bin/python -m pip install -q -r requirements-dev.txt")
    command = next(i for i, step in enumerate(steps) if then in step)
    assert create < install < command, steps
    assert steps[command].startswith(f"{venv}/bin/"), "the command runs from the project's .venv"


def test_a_changed_requirements_file_installs_again(tmp_path):
    """The stamp `.venv/.installed` is older than a requirements file: install again; newer:
    go straight to the command."""
    venv = tmp_path / "venv"
    venv.mkdir()
    stamp = venv / ".installed"
    stamp.touch()
    newest = max(
        (PROJECT / name).stat().st_mtime for name in ("requirements.txt", "requirements-dev.txt")
    )
    os.utime(stamp, (newest + 60, newest + 60))
    assert "pip install" not in make("-n", "test", f"VENV={venv}")
    os.utime(stamp, (newest - 60, newest - 60))
    assert "pip install" in make("-n", "test", f"VENV={venv}")
