"""The README's configuration reference names every setting the project reads."""

import re
from pathlib import Path

from flask import Flask

PROJECT = Path(__file__).resolve().parent.parent
PACKAGE = PROJECT / "{{ cookiecutter.package_name }}"
# Settings read in code: config.get("NAME"), config["NAME"], config.setdefault("NAME", ...).
SETTING_READ = re.compile(r"config(?:\.get\(|\.setdefault\(|\[)\"([A-Z][A-Z0-9_]+)\"")


def documented_settings():
    readme = (PROJECT / "README.md").read_text()
    section = readme[readme.index("## Configuration reference") :]
    section = section[: section.index("\n## ", 1)]
    return set(re.findall(r"`([A-Z][A-Z0-9_]+)`", section))


def test_every_setting_the_app_has_is_in_the_configuration_reference(app):
    """Each setting create_app() defines beyond Flask's and Flask-WTF's own is documented."""
    ours = {
        name
        for name in app.config
        if name not in Flask.default_config and not name.startswith("WTF_")
    }
    missing = ours - documented_settings()
    assert not missing, f"add these to the README's Configuration reference: {sorted(missing)}"


def test_every_setting_the_code_reads_is_in_the_configuration_reference():
    """Settings read with a fallback in code (and so absent from app.config) count too."""
    read = set()
    for path in PACKAGE.rglob("*.py"):
        read.update(SETTING_READ.findall(path.read_text()))
    read = {name for name in read if name not in Flask.default_config}
    read = {name for name in read if not name.startswith("WTF_")}
    missing = read - documented_settings()
    assert not missing, f"add these to the README's Configuration reference: {sorted(missing)}"
