"""The README's configuration reference names every setting the project reads; the README
and .env.example explain accounts, mail, proxies and backups."""

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


def readme_section(title):
    readme = (PROJECT / "README.md").read_text()
    start = readme.index(title)
    end = readme.find("\n## ", start + len(title))
    return readme[start : end if end != -1 else None]


def test_the_readme_has_an_accounts_section_for_every_account_page():
    """The "## Accounts" section names each page (reset, signup, 2FA, sessions) and its settings."""
    section = readme_section("\n## Accounts")
    for page in (
        "/accounts/password/reset/",
        "/accounts/signup/",
        "/accounts/2fa/",
        "/accounts/sessions/",
    ):
        assert page in section, page
    for setting in ("AUTH_SIGNUP", "AUTH_VERIFY_EMAIL", "AUTH_REQUIRE_2FA_FOR_STAFF"):
        assert setting in section, setting


def test_env_example_lists_every_mail_setting():
    """.env.example shows each MAIL_* setting the mail module reads, ready to uncomment."""
    example = (PROJECT / ".env.example").read_text()
    for name in (
        "MAIL_BACKEND",
        "MAIL_SERVER",
        "MAIL_PORT",
        "MAIL_USE_TLS",
        "MAIL_USERNAME",
        "MAIL_PASSWORD",
        "MAIL_DEFAULT_SENDER",
    ):
        assert re.search(rf"^# {name}=", example, re.MULTILINE), name


def test_the_readme_explains_trusted_proxies_and_postgresql_backups():
    """Behind a proxy: TRUSTED_PROXIES; backups: `flask db backup`, pg_dump and pg_restore."""
    readme = (PROJECT / "README.md").read_text()
    assert "TRUSTED_PROXIES=1" in readme and "ProxyFix" in readme
    backups = readme_section("\n## Backups")
    for command in ("flask db backup", "pg_dump", "pg_restore"):
        assert command in backups, command
