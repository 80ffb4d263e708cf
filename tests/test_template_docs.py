"""The template's own docs: the README a visitor reads first, the CHANGELOG a user reads
before `cruft update`, and `make help`, which must list what the README promises."""

import fnmatch
import re
import subprocess

from .conftest import DEFAULTS, TEMPLATE

README = (TEMPLATE / "README.md").read_text()


def section(heading):
    """The text under `## heading`, up to the next `## `."""
    start = README.index(f"\n## {heading}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def test_readme_has_the_sections_a_visitor_looks_for():
    """What you get, the two commands, the options, the tour and the FAQ, in that order."""
    headings = re.findall(r"^## (.+)$", README, re.M)
    wanted = ["Two commands", "What you get", "Options", "A tour of the generated project", "FAQ"]
    assert [heading for heading in headings if heading in wanted] == [
        "Two commands",
        "What you get",
        "Options",
        "A tour of the generated project",
        "FAQ",
    ]
    commands = section("Two commands")
    assert re.search(r"^\s+make demo\s", commands, re.M)
    assert re.search(r"^\s+make test\s", commands, re.M)


def test_every_screenshot_the_readme_shows_is_in_docs():
    """Each image of "What you get" has alt text and exists in docs/ (make screenshots)."""
    images = re.findall(r"!\[([^\]]*)\]\(([^)]+)\)", section("What you get"))
    assert len(images) >= 2
    for alt, path in images:
        assert alt.strip(), f"{path} has no alt text"
        assert (TEMPLATE / path).is_file(), path


def test_the_options_table_names_every_question():
    """Every question `cookiecutter` asks has a row in the Options table."""
    questions = {key for key in DEFAULTS if not key.startswith("_")}
    table = section("Options")
    listed = set(re.findall(r"^\| ([^|]+) \|", table, re.M))
    named = {name for row in listed for name in re.findall(r"`(\w+)`", row)}
    assert questions <= named, sorted(questions - named)


def test_the_faq_answers_the_usual_questions():
    """SQLite or PostgreSQL, adding a model to the admin and the API, turning a part off
    later, and upgrading: each has its question and the commands it needs."""
    faq = section("FAQ")
    questions = re.findall(r"^\*\*(.+?)\*\*", faq, re.M)
    assert any("SQLite or PostgreSQL" in question for question in questions), questions
    assert any("add a model" in question.lower() for question in questions), questions
    assert any("turn a part off" in question.lower() for question in questions), questions
    assert any("update" in question.lower() for question in questions), questions
    for needed in ("DATABASE=postgresql://", "flask db create", "admin.register(", "api.register("):
        assert needed in faq, needed
    for needed in ("cruft check", "cruft update", "CHANGELOG.md"):
        assert needed in faq, needed


def test_the_changelog_has_an_entry_for_the_current_template_version():
    """The version a bake records (`_template_version`) is the CHANGELOG's newest section."""
    changelog = (TEMPLATE / "CHANGELOG.md").read_text()
    versions = re.findall(r"^## (\d+\.\d+\.\d+)", changelog, re.M)
    assert versions and versions[0] == DEFAULTS["_template_version"], versions
    newest = changelog[changelog.index(f"## {versions[0]}") :].split("\n## ", 1)[0]
    assert re.search(r"^- ", newest, re.M), "the newest version lists no change"


def test_make_help_lists_every_command_the_makefile_has():
    """`make help` (the default goal) prints each target with its one-line description."""
    result = subprocess.run(["make"], cwd=TEMPLATE, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    makefile = (TEMPLATE / "Makefile").read_text()
    described = dict(re.findall(r"^([a-z-]+):.*?## (.+)$", makefile, re.M))
    phony = re.search(r"^\.PHONY: (.+)$", makefile, re.M).group(1).split()
    assert set(phony) == set(described), "every command needs a `## description`"
    for target, description in described.items():
        assert re.search(rf"^\s+make {target}\s+{re.escape(description)}$", result.stdout, re.M)


def gitignored(bake, relative):
    """Whether the bake's own .gitignore leaves `relative` out (the tool caches, .env, .venv):
    other tests run ruff and pytest in the same cached bakes, so these come and go."""
    patterns = [line.rstrip("/") for line in (bake / ".gitignore").read_text().split()]
    return any(fnmatch.fnmatch(part, pattern) for part in relative.parts for pattern in patterns)


def removed_by_leaving_out(full, without):
    """Paths (folders whole) in the `full` bake that the bake `without` a part lacks."""
    removed = []
    for path in sorted(full.rglob("*")):
        relative = path.relative_to(full)
        if ".git" in relative.parts or any(parent in removed for parent in relative.parents):
            continue
        if gitignored(full, relative):
            continue
        if not (without / relative).exists():
            removed.append(relative)
    return removed


def test_the_faq_names_every_file_a_part_brings(bake):
    """The FAQ's "Can I turn a part off later?" names each file and folder the bake leaves
    out with the part (the browser tests, which all drive the admin, by their rule)."""
    faq = section("FAQ")
    answer = faq[faq.index("**Can I turn a part off later?**") :].split("\n\n")[0]
    answer = " ".join(answer.split())
    full = bake()
    for part in ("admin", "api"):
        for path in removed_by_leaving_out(full, bake(**{f"include_{part}": False})):
            slash = "/" if (full / path).is_dir() else ""
            if path.parts[:2] == ("tests", "browser") and part == "admin":
                assert "every file in `tests/browser/` but `test_api_docs_browser.py`" in answer
            else:
                assert f"`{path.name}{slash}`" in answer or f"`{path}{slash}`" in answer, path
