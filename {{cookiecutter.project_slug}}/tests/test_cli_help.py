"""`flask --help` lists every command with a whole line about it; each command's --help
explains the command and every option."""

import os
import subprocess
import sys
from pathlib import Path

import click

PROJECT = Path(__file__).resolve().parent.parent


def flask_help(*command, tmp_path):
    """`flask [COMMAND] --help` in an 80-column terminal, as a user types it."""
    environ = {
        **os.environ,
        "COLUMNS": "80",
        "SECRET_KEY": "a-help-screen-needs-no-real-secret",
        "DATABASE": f"sqlite:///{tmp_path / 'help.db'}",
    }
    result = subprocess.run(
        [sys.executable, "-m", "flask", *command, "--help"],
        cwd=PROJECT,
        env=environ,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def listed_commands(help_text):
    """{name: description} from the Commands: part of a help screen."""
    lines = help_text.split("Commands:\n", 1)[1].splitlines()
    return dict(line.strip().split(None, 1) for line in lines if line.strip())


def our_commands(app):
    """Every command the project adds (groups and their subcommands), by full name."""
    found = {}

    def visit(prefix, command):
        found[prefix] = command
        for name, sub in getattr(command, "commands", {}).items():
            visit(f"{prefix} {name}", sub)

    for name, command in app.cli.commands.items():
        visit(name, command)
    return found


def test_flask_help_gives_every_command_a_whole_line(app, tmp_path):
    """No description is cut off with "..." in 80 columns, the project's commands included."""
    listed = listed_commands(flask_help(tmp_path=tmp_path))
    assert {"db", "seed", "create-user", "set-password"} <= set(listed)
    assert set(app.cli.commands) <= set(listed)
    for name, description in listed.items():
        assert not description.endswith("..."), f"flask --help cuts `{name}` off: {description}"
    for name, description in listed_commands(flask_help("db", tmp_path=tmp_path)).items():
        assert not description.endswith("..."), f"flask db --help cuts `{name}` off"


def test_every_command_and_option_says_what_it_does(app):
    """Each command has a docstring and each of its options a help text."""
    for name, command in our_commands(app).items():
        assert command.help and command.help.strip(), f"`flask {name}` has no help"
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "help":
                assert param.help, f"`flask {name} {param.opts[0]}` has no help"


def test_a_command_help_screen_reads_from_usage_to_options(tmp_path):
    """`flask seed --help`: the usage line, the description, each option with its default."""
    screen = flask_help("seed", tmp_path=tmp_path)
    assert screen.startswith("Usage: python -m flask seed [OPTIONS]")
    assert "Insert demo users and messages" in screen
    assert "How many demo users to add.  [default: 50;" in screen
