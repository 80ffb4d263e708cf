"""Validate the answers before anything is written; a bad answer exits 1 with one line."""

import json
import keyword
import re
import sys

# Answers arrive as data (JSON), never as code pasted into this file.
ANSWERS = json.loads(r"""{{ cookiecutter | tojson }}""")

# Package names that would shadow a dependency or a tool the project imports.
TAKEN_NAMES = {
    "bcrypt",
    "blinker",
    "click",
    "dotenv",
    "flask",
    "flask_wtf",
    "gunicorn",
    "itsdangerous",
    "jinja2",
    "markupsafe",
    "peewee",
    "playhouse",
    "psycopg",
    "psycopg2",
    "pydantic",
    "pytest",
    "ruff",
    "test",
    "tests",
    "werkzeug",
    "wtforms",
    "wtfpeewee",
}

SLUG_RE = re.compile(r"^[a-z][a-z0-9]*([-_][a-z0-9]+)*$")
EMAIL_RE = re.compile(r"^[^@\s\"'\\]+@[^@\s\"'\\]+$")


def check_package_name(name):
    if not name.isidentifier() or not name.isascii():
        return f"package_name {name!r} is not a valid Python identifier (letters, digits, _)."
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return f"package_name {name!r} is a Python keyword; choose another name."
    if name in sys.stdlib_module_names or name.lower() in TAKEN_NAMES:
        return f"package_name {name!r} would shadow the module {name!r}; choose another name."
    return None


def check_slug(slug):
    if not SLUG_RE.match(slug):
        return f"project_slug {slug!r} must be lowercase letters and digits joined by - or _."
    return None


def check_email(email):
    if not EMAIL_RE.match(email):
        return f"email {email!r} is not an email address (it needs an @)."
    return None


def main():
    errors = [
        check_package_name(ANSWERS["package_name"]),
        check_slug(ANSWERS["project_slug"]),
        check_email(ANSWERS["email"]),
    ]
    errors = [error for error in errors if error]
    if errors:
        for error in errors:
            print(f"ERROR: {error}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
