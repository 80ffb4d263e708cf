"""The README: the configuration reference names every setting the project reads, the
sections a new developer needs are there, and accounts, mail, proxies and backups are explained."""

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


def readme_section(heading):
    """The README's text under `## heading`, up to the next `## `."""
    readme = (PROJECT / "README.md").read_text()
    start = readme.index(f"\n## {heading}\n")
    end = readme.find("\n## ", start + 1)
    return readme[start : end if end != -1 else None]


def test_the_readme_has_every_section_a_new_developer_needs():
    """Quick start, the tour, adding a model, the settings, deploying, security, upgrading."""
    readme = (PROJECT / "README.md").read_text()
    headings = re.findall(r"^## (.+)$", readme, re.M)
    for heading in (
        "Quick start",
        "A tour of the modules",
        "Add a model end to end",
        "Configuration reference",
        "Deploy behind a proxy on PostgreSQL",
        "Security notes",
        "Keep up with the template",
    ):
        assert heading in headings, heading
    quick_start = readme_section("Quick start")
    for command in ("make run", "make test", "make help"):
        assert re.search(rf"^\s+{command}\s", quick_start, re.M), command


def test_every_setting_in_the_reference_has_a_default():
    """Each row of the configuration tables fills its default column (`none` says so)."""
    reference = readme_section("Configuration reference")
    rows = re.findall(r"^\| `[A-Z][^|]*\|([^|]*)\|", reference, re.M)
    assert len(rows) > 20
    assert all(default.strip() for default in rows), rows


def test_deploying_says_how_to_run_behind_a_proxy_on_postgresql():
    """The deploy section sets a PostgreSQL DATABASE, trusts exactly the proxy in front and
    shows the proxy's forwarded headers."""
    deploy = readme_section("Deploy behind a proxy on PostgreSQL")
    assert "export DATABASE=postgresql://" in deploy
    assert "TRUSTED_PROXIES=1" in deploy and "FORWARDED_ALLOW_IPS" in deploy
    assert "X-Forwarded-For" in deploy and "X-Forwarded-Proto" in deploy


def test_the_readme_says_how_to_pull_template_changes():
    """`cruft check` and `cruft update` in "Keep up with the template", next to .cruft.json."""
    section = readme_section("Keep up with the template")
    assert re.search(r"^\s+cruft check\s", section, re.M)
    assert re.search(r"^\s+cruft update\s", section, re.M)
    assert ".cruft.json" in section


def test_the_readme_has_an_accounts_section_for_every_account_page():
    """The "## Accounts" section names each page (reset, signup, 2FA, sessions) and its settings."""
    section = readme_section("Accounts")
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
    backups = readme_section("Backups")
    for command in ("flask db backup", "pg_dump", "pg_restore"):
        assert command in backups, command
