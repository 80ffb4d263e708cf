"""`flask scaffold` on a baked project: every type and modifier, every refusal, the parts a
bake leaves out, and a project that still passes its own tests and ruff afterwards.

The template is baked once per session; each test scaffolds into its own copy.
"""

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap

import pytest

from .conftest import package_dir

# Every type, each required, and both relations; no fk=User, so admins write it in the API.
EVERY_TYPE = [
    "Gadget",
    *("name:str", "label:str:40", "body:text", "count:int", "big:bigint", "ratio:float"),
    *("price:decimal:8,2", "active:bool", "day:date", "at:datetime", "clock:time"),
    *("data:json", "message:fk=Message", "tags:m2m=Message", "--permissions"),
]
# Every modifier: nullable on each type, a default on each type that takes one, unique,
# indexed, two owners to choose from with --owner, and no timestamps.
EVERY_MODIFIER = [
    "Widget",
    *("code:str:20!", "slug:str^", "title:str?", "note:text?=hello", "count:int?=3"),
    *("big:bigint^=5", "ratio:float?=0.5", "price:decimal:6,2=9.99", "active:bool=true"),
    *("day:date?=today", "born:date=2024-01-31", "at:datetime=now", "clock:time?=12:30"),
    *("data:json={}", "items:json?=[]", "message:fk=Message?", "maker:fk=User"),
    *("editor:fk=User!", "--owner", "editor", "--no-timestamps"),
]
README_EXAMPLE = [
    "Post",
    *("title:str", "body:text", "author:fk=User", "published:bool=false", "score:int?"),
]


def environment(postgresql=False):
    """The shared virtualenv's tools first on PATH; PostgreSQL only when asked."""
    env = {key: value for key, value in os.environ.items() if key != "TEST_DATABASE_URL"}
    env["PATH"] = os.pathsep.join([os.path.dirname(sys.executable), env.get("PATH", "")])
    if postgresql and os.environ.get("TEST_DATABASE_URL"):
        env["TEST_DATABASE_URL"] = os.environ["TEST_DATABASE_URL"]
    return env


def run(project, *args, postgresql=False):
    """`flask ...`, `pytest ...` or `python ...` in the project, with the shared Python."""
    command = [sys.executable, *args[1:]] if args[0] == "python" else [sys.executable, "-m", *args]
    return subprocess.run(
        command,
        cwd=project,
        capture_output=True,
        text=True,
        env=environment(postgresql),
    )


def succeed(project, *args, postgresql=False):
    result = run(project, *args, postgresql=postgresql)
    assert result.returncode == 0, f"{args}:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result.stdout


def git_status(project):
    return subprocess.run(
        ["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True, check=True
    ).stdout


def commit_all(project):
    """Commit the copy as it is, so `git status` shows only what the scaffold changes."""
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.com"]
    subprocess.run(["git", "add", "-A"], cwd=project, check=True)
    subprocess.run(["git", *identity, "commit", "-qm", "baked"], cwd=project, check=True)


@pytest.fixture
def copy_of(bake, tmp_path):
    """A fresh copy of a baked project (baked once per session), to scaffold into."""

    def make(**answers):
        target = tmp_path / "project"
        caches = shutil.ignore_patterns("*.db", "*.db-*", ".pytest_cache", ".ruff_cache")
        shutil.copytree(bake(**answers), target, ignore=caches)
        commit_all(target)
        return target

    return make


@pytest.fixture(scope="module")
def scaffolded(bake, tmp_path_factory):
    """One copy with the README's example, every type and every modifier scaffolded and
    migrated, then its `make test` run once (the browser tests aside): what each test reads."""
    project = tmp_path_factory.mktemp("scaffolded") / "project"
    shutil.copytree(bake(), project, ignore=shutil.ignore_patterns("*.db", ".pytest_cache"))
    commit_all(project)
    found = {"example": succeed(project, "flask", "scaffold", *README_EXAMPLE)}
    found["status"] = git_status(project)
    found["diff"] = subprocess.run(
        ["git", "diff", "-U0"], cwd=project, capture_output=True, text=True, check=True
    ).stdout
    found["gadget"] = succeed(project, "flask", "scaffold", *EVERY_TYPE)
    succeed(project, "flask", "scaffold", *EVERY_MODIFIER)
    found["upgrade"] = succeed(project, "flask", "db", "upgrade")
    found["make test"] = subprocess.run(
        ["make", "test", f"PYTHON={sys.executable}"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**environment(), "PYTEST_ADDOPTS": "-rA -p no:cacheprovider -m 'not browser'"},
    )
    found["project"] = project
    return found


def test_the_example_writes_exactly_the_added_code(scaffolded):
    """`git status` shows three files changed and two new; the diff removes nothing but the
    import lines it widens."""
    assert "Next: flask db upgrade, then make test." in scaffolded["example"]
    package = package_dir(scaffolded["project"]).name
    status = sorted(
        line[:3] + line[3:].split("/0")[0] for line in scaffolded["status"].splitlines()
    )
    assert status == [
        f" M {package}/admin_site.py",
        f" M {package}/api_site.py",
        f" M {package}/models.py",
        "?? migrations",
        "?? tests/test_post.py",
    ]
    assert re.search(r"^\?\? migrations/\d{4}_create_post\.py$", scaffolded["status"], re.M)
    removed = [
        line
        for line in scaffolded["diff"].splitlines()
        if line.startswith("-") and line[1:2] != "-"
    ]
    assert removed and all(line.startswith("-from ") for line in removed), removed


def test_after_scaffolding_the_whole_make_test_passes(scaffolded):
    """Ruff and the project's whole suite pass with three scaffolded models in it."""
    result = scaffolded["make test"]
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "All checks passed!" in result.stdout and "already formatted" in result.stdout
    assert "_create_widget" in scaffolded["upgrade"]


WRITTEN_TESTS = [
    "test_an_admin_adds_a_{model}_and_the_list_shows_it",
    "test_an_admin_changes_a_{model}",
    "test_an_admin_deletes_a_{model}",
    "test_staff_need_the_{model}_permissions",
    "test_only_admins_open_the_{model}_admin",
    "test_the_api_creates_a_{model}_and_lists_it",
    "test_the_api_changes_a_{model}",
    "test_the_api_deletes_a_{model}",
    "test_the_api_refuses_anonymous_writes",
]
OWNED_TESTS = [
    "test_only_the_owner_changes_or_deletes_a_{model}",
    "test_a_holder_of_{model}_change_changes_any_{model}",
]
ADMIN_WRITTEN_TESTS = [
    "test_only_administrators_write_{model}s",
    "test_a_holder_of_{model}_add_creates_{model}s",
]


@pytest.mark.parametrize("model, owned", [("post", True), ("gadget", False), ("widget", True)])
def test_each_model_passes_its_written_tests(scaffolded, model, owned):
    """The written tests ran and passed: create-and-list, change and delete through the
    admin and the API, and the permission rules (owners, `<slug>.change`, `<slug>.add`)."""
    output = scaffolded["make test"].stdout
    for test in WRITTEN_TESTS + (OWNED_TESTS if owned else ADMIN_WRITTEN_TESTS):
        name = test.format(model=model)
        assert f"PASSED tests/test_{model}.py::{name}[sqlite]" in output, name


def test_permissions_need_no_code_and_the_group_picker_offers_them(scaffolded):
    """`--permissions` names the four codenames; registration alone made them, and the
    written test finds them in the group admin's picker."""
    codes = "gadget.view, gadget.add, gadget.change, gadget.delete"
    assert f"Permissions {codes} exist now (no code needed)" in scaffolded["gadget"]
    output = scaffolded["make test"].stdout
    test = "test_the_group_picker_offers_the_gadget_permissions"
    assert f"PASSED tests/test_gadget.py::{test}[sqlite]" in output


def test_the_written_tests_pass_on_postgresql(scaffolded, postgresql_url):
    """The same written tests on PostgreSQL (when TEST_DATABASE_URL is set)."""
    if not postgresql_url:
        pytest.skip("TEST_DATABASE_URL is not set, so there is no PostgreSQL to test against")
    written = ["tests/test_post.py", "tests/test_gadget.py", "tests/test_widget.py"]
    output = succeed(
        scaffolded["project"],
        "pytest",
        "-q",
        "-rA",
        "-p",
        "no:cacheprovider",
        *written,
        postgresql=True,
    )
    assert (
        "PASSED tests/test_widget.py::test_the_api_creates_a_widget_and_lists_it[postgresql]"
        in output
    )


def test_each_modifier_reaches_the_database(scaffolded):
    """`?` allows NULL, `!` is a unique index, `^` an index, `=` the default; --owner picks
    the owner; --no-timestamps leaves out `created`."""
    project = scaffolded["project"]
    package = package_dir(project).name
    script = textwrap.dedent(
        f"""
        import json
        from {package}.app import create_app
        from {package}.cli import database
        from {package}.models import User, Widget
        with create_app().app_context():
            db = database()
            columns = {{c.name: c.null for c in db.get_columns("widget")}}
            indexes = {{tuple(i.columns): i.unique for i in db.get_indexes("widget")}}
            user = User.create(username="u", email="u@example.com", password="-")
            row = Widget.create(code="c", slug="s", maker=user, editor=user)
            row = Widget.get_by_id(row.id)
            print(json.dumps({{
                "columns": columns,
                "indexes": [[list(k), v] for k, v in indexes.items()],
                "defaults": [row.note, row.count, row.big, row.ratio, str(row.price), row.active,
                             str(row.day), str(row.born), row.at is not None, row.data, row.items],
            }}))
        """
    )
    report = json.loads(succeed(project, "python", "-c", script).strip().splitlines()[-1])
    assert report["columns"]["title"] is True and report["columns"]["code"] is False
    assert report["columns"]["message_id"] is True and "created" not in report["columns"]
    indexes = {tuple(columns): unique for columns, unique in report["indexes"]}
    assert indexes[("code",)] is True and indexes[("slug",)] is False
    assert indexes[("big",)] is False and indexes[("editor_id",)] is True
    today = str(datetime.date.today())
    expected = ["hello", 3, 5, 0.5, "9.99", True, today, "2024-01-31", True, {}, []]
    assert report["defaults"] == expected
    api_site = (package_dir(project) / "api_site.py").read_text()
    assert 'owner_field = "editor"' in api_site


def test_the_written_model_admin_and_resource_follow_the_fields(scaffolded):
    """`str` is 255 characters unless given, `__str__` is the first text field, `created`
    is added; the admin lists the columns, searches text fields, filters bool, date and fk
    fields and looks users up; the resource is owned by the fk=User field."""
    project = scaffolded["project"]
    package = package_dir(project).name
    script = textwrap.dedent(
        f"""
        import json
        from {package}.admin_site import admin
        from {package}.api_site import api
        from {package}.models import Gadget, Post
        report = {{}}
        for model in (Post, Gadget):
            options = admin.registry[model.__name__.lower()]
            resource = api.resources[model.__name__.lower()]
            report[model.__name__] = {{
                "max_length": {{f.name: f.max_length for f in model._meta.sorted_fields
                                if hasattr(f, "max_length")}},
                "str": str(model(**{{model._meta.sorted_fields[1].name: "first text"}})),
                "fields": [f.name for f in model._meta.sorted_fields],
                "columns": list(options.columns),
                "search": list(options.search_fields),
                "filters": list(options.filter_fields),
                "lookups": list(options.foreign_key_lookups),
                "owner": getattr(resource, "owner_field", None),
            }}
        print(json.dumps(report))
        """
    )
    report = json.loads(succeed(project, "python", "-c", script).strip().splitlines()[-1])
    post, gadget = report["Post"], report["Gadget"]
    assert post["max_length"] == {"title": 255} and gadget["max_length"]["label"] == 40
    assert post["str"] == "first text" and gadget["str"] == "first text"
    assert post["fields"][-1] == "created" and post["columns"][-1] == "created"
    assert post["search"] == ["title", "body"]
    assert post["filters"] == ["author", "published", "created"]
    assert post["lookups"] == ["author"] and post["owner"] == "author"
    assert gadget["search"] == ["name", "label", "body"]
    assert gadget["filters"] == ["active", "day", "at", "message", "created"]
    assert gadget["lookups"] == [] and gadget["owner"] is None
    assert "tags" not in gadget["columns"] and "data" in gadget["columns"]


def test_dry_run_prints_the_diff_and_writes_nothing(copy_of):
    """`--dry-run` shows every change as a diff, new files against /dev/null."""
    project = copy_of()
    output = succeed(project, "flask", "scaffold", *README_EXAMPLE, "--dry-run")
    assert "+class Post(db.Model):" in output and "+class PostAdmin(ModelAdmin):" in output
    assert "--- /dev/null\n+++ b/tests/test_post.py" in output
    assert "+api.register(Post, PostResource)" in output
    assert git_status(project) == ""


# A long model name, long field names and two many-to-many fields to one model.
LONG_NAMES = [
    "CustomerSupportTicket",
    *("subject_line_of_the_ticket:str", "assigned_support_agent:fk=User"),
    *("watchers:m2m=User", "followers:m2m=User", "--permissions"),
]


def test_long_names_and_two_links_to_one_model_stay_ruff_clean(copy_of):
    """Docstrings that long names make too long are wrapped, and each many-to-many field
    gets its own test (two to one model once shared a name): ruff check and format pass,
    and every written test runs and passes."""
    project = copy_of()
    succeed(project, "flask", "scaffold", *LONG_NAMES)
    succeed(project, "flask", "db", "upgrade")
    succeed(project, "ruff", "check", ".")
    succeed(project, "ruff", "format", "--check", ".")
    test_file = "tests/test_customer_support_ticket.py"
    output = succeed(project, "pytest", "-q", "-rA", "-p", "no:cacheprovider", test_file)
    assert " failed" not in output
    for field in ("watchers", "followers"):
        name = f"test_a_customer_support_ticket_links_many_users_in_{field}"
        assert f"PASSED {test_file}::{name}[sqlite]" in output, name


REFUSALS = {
    "existing model": (["Message", "text:str"], "already a name"),
    "existing table": (["AdminNote", "text:str"], "already exists"),
    "keyword field": (["Thing", "class:str"], "keyword"),
    "keyword model": (["None", "text:str"], "keyword"),
    "reserved field": (["Thing", "save:str"], "reserved"),
    "reserved query name": (["Thing", "page:int"], "reserved"),
    "unknown type": (["Thing", "picture:blob"], "unknown type"),
    "unknown related model": (["Thing", "owner:fk=Nobody"], "unknown related model"),
    "password field": (["Thing", "password:str"], "looks like a secret"),
    "token field": (["Thing", "api_token:str"], "looks like a secret"),
    "bad default": (["Thing", "count:int=many"], "bad default"),
    "owner not a user": (["Thing", "title:str", "--owner", "title"], "--owner"),
}


@pytest.fixture(scope="module")
def refusals(bake, tmp_path_factory):
    """Every refusal, run in one process on one copy: exit code, output, files touched."""
    project = tmp_path_factory.mktemp("refusals") / "project"
    shutil.copytree(bake(), project, ignore=shutil.ignore_patterns("*.db", ".pytest_cache"))
    commit_all(project)
    package = package_dir(project).name
    script = textwrap.dedent(
        f"""
        import json, subprocess, sys
        from {package}.app import create_app
        app = create_app()
        results = {{}}
        for name, args in json.loads(sys.argv[1]).items():
            result = app.test_cli_runner().invoke(args=["scaffold", *args])
            status = subprocess.run(["git", "status", "--porcelain"], capture_output=True,
                                    text=True).stdout
            results[name] = [result.exit_code, result.output, status]
        print(json.dumps(results))
        """
    )
    cases = json.dumps({name: args for name, (args, _) in REFUSALS.items()})
    output = succeed(project, "python", "-c", script, cases)
    return json.loads(output.strip().splitlines()[-1])


@pytest.mark.parametrize("case", REFUSALS, ids=REFUSALS)
def test_refusals_are_one_line_exit_1_and_write_nothing(refusals, case):
    """Each refusal says why in one line, exits 1, and leaves every file as it was."""
    exit_code, output, status = refusals[case]
    assert exit_code == 1, output
    assert len(output.strip().splitlines()) == 1 and "Traceback" not in output, output
    assert REFUSALS[case][1] in output
    assert status == ""


def test_a_failed_write_leaves_every_file_as_it_was(copy_of):
    """If one file cannot be written (here a directory is in the way of the test file's
    temporary copy), the command says so in one line and no file has changed."""
    project = copy_of()
    (project / "tests" / ".test_post.py.scaffold").mkdir()
    result = run(project, "flask", "scaffold", *README_EXAMPLE)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: Could not write tests/test_post.py (Is a directory): nothing changed."
    ]
    assert git_status(project) == ""
    assert [path.name for path in project.rglob("*.scaffold")] == [".test_post.py.scaffold"]


def test_a_bake_without_admin_and_api_gets_the_model_and_a_passing_test(copy_of):
    """With neither part there is no codename to create: --permissions is skipped with a
    note (it once promised codenames `flask grant` then refused), and the written test,
    ruff and `flask db upgrade` pass (an unused import once failed ruff)."""
    project = copy_of(include_admin=False, include_api=False)
    output = succeed(project, "flask", "scaffold", *README_EXAMPLE, "--permissions")
    assert "No admin and no API: no permissions to create; skipped them." in output
    assert "exist now" not in output
    succeed(project, "flask", "db", "upgrade")
    succeed(project, "ruff", "check", ".")
    succeed(project, "ruff", "format", "--check", ".")
    output = succeed(project, "pytest", "-q", "-rA", "-p", "no:cacheprovider", "tests/test_post.py")
    assert "PASSED tests/test_post.py::test_a_post_is_saved_and_read_back[sqlite]" in output
    assert " failed" not in output and "permissions" not in output


@pytest.mark.parametrize("part", ["admin", "api"])
def test_a_part_left_out_of_the_bake_is_skipped_with_a_note(copy_of, part):
    """Without the admin (or the API) the scaffold writes the rest; its tests and ruff pass."""
    project = copy_of(**{f"include_{part}": False})
    output = succeed(project, "flask", "scaffold", *README_EXAMPLE, "--permissions")
    label = "admin" if part == "admin" else "API"
    assert f"No {label} in this project: skipped its part." in output
    assert not (package_dir(project) / f"{part}_site.py").exists()
    succeed(project, "flask", "db", "upgrade")
    succeed(project, "ruff", "check", ".")
    succeed(project, "ruff", "format", "--check", ".")
    output = succeed(project, "pytest", "-q", "-rA", "-p", "no:cacheprovider", "tests/test_post.py")
    assert " passed" in output and " failed" not in output
    kept = "the_api_creates" if part == "admin" else "group_picker_offers"
    assert kept in output
