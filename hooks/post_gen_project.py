"""Finish the baked project: drop unselected parts, write a fresh secret, record the answers
(in `.cookiecutter.json`, and in `.cruft.json` so `cruft update` can pull template changes).
"""

import json
import os
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
        "tests/browser/hand_built_app.py",
    )
    # Every browser test drives the admin, except the API docs' own.
    for path in (PROJECT / "tests" / "browser").glob("test_*.py"):
        if not path.name.startswith("test_api"):
            path.unlink()


def remove_api():
    """Without the API: its package, site setup, migration and tests."""
    remove(
        f"{PACKAGE.name}/api",
        f"{PACKAGE.name}/api_site.py",
        "migrations/*_api.py",
        "tests/test_api*",
        "tests/browser/test_api*",
    )


def write_env():
    """Fresh secrets in .env (gitignored), so no secret ever sits in the template: the
    app's SECRET_KEY, and the password compose.yaml gives its PostgreSQL."""
    env = PROJECT / ".env"
    env.write_text(
        f"SECRET_KEY={secrets.token_urlsafe(48)}\nPOSTGRES_PASSWORD={secrets.token_urlsafe(24)}\n"
    )
    env.chmod(0o600)


def record_answers():
    """Keep the answers (no private keys, no local paths) so the project can be re-baked."""
    answers = {key: value for key, value in ANSWERS.items() if not key.startswith("_")}
    record = {"template_version": ANSWERS["_template_version"], "answers": answers}
    (PROJECT / ".cookiecutter.json").write_text(json.dumps(record, indent=2) + "\n")


def template_dir():
    """The template's folder: cookiecutter gives it as typed, relative to the caller's $PWD."""
    typed = ANSWERS.get("_repo_dir")
    if not typed:
        return None
    folder = (Path(os.environ.get("PWD", "")) / typed).resolve()
    return folder if (folder / "cookiecutter.json").is_file() else None


def git(folder, *args):
    found = subprocess.run(["git", *args], capture_output=True, text=True, cwd=folder)
    return found.stdout.strip() if found.returncode == 0 else None


def template_commit(folder):
    """The template's git commit, or None unless the folder is a git repository's root."""
    if folder is None or shutil.which("git") is None:
        return None
    if git(folder, "rev-parse", "--show-toplevel") != str(folder):
        return None
    return git(folder, "rev-parse", "HEAD")


def template_source(folder):
    """Where `cruft update` finds the template: its git URL, or the local checkout's path."""
    from cookiecutter.repository import expand_abbreviations, is_repo_url

    url = expand_abbreviations(ANSWERS["_template"], {"gh": "https://github.com/{0}.git"})
    return url if is_repo_url(url) else str(folder)


def record_cruft_state():
    """Write `.cruft.json` (template, commit, answers), the file `cruft check/update` reads."""
    if "_commit" in ANSWERS:
        return  # cruft itself is rendering (cruft create/update): it writes its own state
    folder = template_dir()
    commit = template_commit(folder)
    if commit is None:
        print("Note: the template is not a git checkout, so no .cruft.json was written.")
        return
    answers = {key: value for key, value in ANSWERS.items() if not key.startswith("_")}
    source = template_source(folder)
    state = {
        "template": source,
        "commit": commit,
        "checkout": ANSWERS.get("_checkout"),
        "context": {"cookiecutter": {**answers, "_template": source, "_commit": commit}},
        "directory": None,
    }
    (PROJECT / ".cruft.json").write_text(json.dumps(state, indent=2) + "\n")


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
    if not ANSWERS["include_admin"] and not ANSWERS["include_api"]:
        remove("tests/browser")  # nothing left for a browser to drive
    write_env()
    record_answers()
    record_cruft_state()
    init_git()


if __name__ == "__main__":
    main()
