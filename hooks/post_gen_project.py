"""Finish the baked project: drop unselected parts, write a fresh secret, record the answers."""

import json
import secrets
import shutil
import subprocess
from pathlib import Path

ANSWERS = json.loads(r"""{{ cookiecutter | tojson }}""")
PROJECT = Path.cwd()
PACKAGE = PROJECT / ANSWERS["package_name"]


def remove(*paths):
    for path in paths:
        for match in PROJECT.glob(path):
            if match.is_dir():
                shutil.rmtree(match)
            else:
                match.unlink()


def remove_admin():
    """Without the admin: its package, site setup, migration, tests and browser tests."""
    remove(
        f"{PACKAGE.name}/admin",
        f"{PACKAGE.name}/admin_site.py",
        "migrations/*_admin.py",
        "tests/test_admin*",
        "tests/browser",
    )


def remove_api():
    """Without the API: its package, site setup, migration and tests."""
    remove(
        f"{PACKAGE.name}/api",
        f"{PACKAGE.name}/api_site.py",
        "migrations/*_api.py",
        "tests/test_api*",
    )


def write_env():
    """A fresh SECRET_KEY in .env (gitignored), so no secret ever sits in the template."""
    env = PROJECT / ".env"
    env.write_text(f"SECRET_KEY={secrets.token_urlsafe(48)}\n")
    env.chmod(0o600)


def record_answers():
    """Keep the answers (no private keys, no local paths) so the project can be re-baked."""
    answers = {key: value for key, value in ANSWERS.items() if not key.startswith("_")}
    record = {"template_version": ANSWERS["_template_version"], "answers": answers}
    (PROJECT / ".cookiecutter.json").write_text(json.dumps(record, indent=2) + "\n")


def init_git():
    """A git repository with everything staged, so pre-commit can run on a fresh bake."""
    if shutil.which("git") is None:
        return
    inside = subprocess.run(
        ["git", "rev-parse", "--is-inside-work-tree"], capture_output=True, cwd=PROJECT
    )
    if inside.returncode == 0:
        return  # baked into an existing repository: leave its history alone
    subprocess.run(["git", "init", "-q"], cwd=PROJECT, check=True)
    subprocess.run(["git", "add", "-A"], cwd=PROJECT, check=True)


def main():
    if not ANSWERS["include_admin"]:
        remove_admin()
    if not ANSWERS["include_api"]:
        remove_api()
    write_env()
    record_answers()
    init_git()


if __name__ == "__main__":
    main()
