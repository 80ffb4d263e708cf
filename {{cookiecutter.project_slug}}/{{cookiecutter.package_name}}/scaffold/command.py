"""`flask scaffold NAME FIELD...`: plan every file's new text, then show it or write it all."""

import difflib
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

import click
import peewee
from jinja2 import Environment, FileSystemLoader
from playhouse.migrations import template

from .. import cli
from .edits import SourceFile
from .project import PACKAGE, Project, backref_names, check, plural
from .samples import RowMaker, spec_sample
from .source import literal, wrap_docstrings
from .spec import ScaffoldError, parse_model
from .writers import (
    admin_class,
    admin_registration,
    model_class,
    resource_class,
    resource_registration,
)

TEMPLATES = Path(__file__).parent / "templates"
STDLIB_USE = re.compile(r"\b(base64|datetime|decimal|json)\.")


@dataclass
class Plan:
    """Every file the scaffold changes (path -> (old text or None, new text)), and notes."""

    root: Path
    files: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    def change(self, path, new):
        old = path.read_text() if path.exists() else None
        self.files[path] = (old, new)

    def diff(self):
        chunks = []
        for path, (old, new) in self.files.items():
            name = path.relative_to(self.root).as_posix()
            chunks += difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                new.splitlines(keepends=True),
                fromfile=f"a/{name}" if old is not None else "/dev/null",
                tofile=f"b/{name}",
            )
        return "".join(chunks)

    def write(self):
        """Every file or none: write them all aside first, then move each into place."""
        temporary = {}
        try:
            for path, (_, new) in self.files.items():
                aside = path.with_name(f".{path.name}.scaffold")
                temporary[path] = aside
                aside.write_text(new)
        except OSError as error:
            for aside in temporary.values():
                if aside.is_file():
                    aside.unlink()
            name = path.relative_to(self.root).as_posix()
            raise ScaffoldError(
                f"Could not write {name} ({error.strerror}): nothing changed."
            ) from None
        for path, aside in temporary.items():
            os.replace(aside, path)


def ruff_format(text, path, root):
    """`text` as the project's ruff formats it (it is all new code); as is without ruff."""
    try:
        result = subprocess.run(  # noqa: S603 -- a fixed command on our own interpreter
            [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(path), "-"],
            input=text,
            capture_output=True,
            text=True,
            cwd=root,
            check=False,
        )
    except OSError:
        return text
    return result.stdout if result.returncode == 0 else text


def migration(spec, project, model_code):
    """The migration for the new tables, written the way `flask db create` writes one."""
    namespace = dict(vars(project.models))
    for module, names in model_code.imports.items():
        for name in names:
            namespace[name] = getattr(peewee, name) if module == "peewee" else import_module(name)
    exec(model_code.text, namespace)  # noqa: S102 -- the class we just wrote, nothing else
    model = namespace[spec.name]
    through = [m2m.get_through_model() for m2m in model._meta.manytomany.values()]
    body = template(cli.changes([model, *through]))
    runner = cli.runner()
    number = max((found.idx for found in runner.migrations()), default=0) + 1
    return Path(runner.directory) / f"{number:04d}_create_{spec.table}.py", body


def test_module(spec, project, owner, permissions, offer_permissions):
    """tests/test_<model>.py from the template, with sample values for each field."""
    rows = RowMaker(project.user_model)
    related = [
        f"{literal(f.name)}: {rows.code(project.related_model(f.related))}"
        for f in spec.foreign_keys
    ]
    backrefs = backref_names(spec)
    m2m = []
    for f in spec.fields:
        if f.kind == "m2m":
            other = project.related_model(f.related)
            m2m.append(
                {
                    "name": f.name,
                    "row": rows.code(other),
                    "backref": backrefs[f.name],
                    "plural": plural(other._meta.table_name),
                    "related_lower": other.__name__.lower(),
                }
            )
    values = [f for f in spec.fields if f.kind not in ("fk", "m2m")]
    kinds = {f.kind for f in values}
    conftest = []
    if project.api_site is not None:
        conftest.append("PASSWORD")
    if project.admin_site is not None:
        conftest.append("post_form")
    parts = [
        *(["the admin"] if project.admin_site is not None else []),
        *(["the API"] if project.api_site is not None else []),
    ]
    environment = Environment(  # noqa: S701 -- it writes Python source, not HTML
        loader=FileSystemLoader(TEMPLATES),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    template = environment.get_template("scaffold/test_model.py.jinja")
    context = dict(
        package=PACKAGE,
        name=spec.name,
        lower=spec.table,
        plural=plural(spec.table),
        slug=spec.slug,
        parts=(
            "create, list, change and delete through " + " and ".join(parts)
            if parts
            else "saved and read back"
        ),
        model_imports=", ".join(sorted({spec.name, *rows.models})),
        conftest_imports=", ".join(conftest),
        added=sample_values("ADDED", values, 1),
        changed=sample_values("CHANGED", values, 2),
        related=related,
        kinds=kinds,
        m2m=m2m,
        admin=project.admin_site is not None,
        api=project.api_site is not None,
        owner=owner,
        permissions=permissions and project.admin_site is not None,
        api_permissions=permissions and project.api_site is not None,
        offer_permissions=offer_permissions,
    )
    # The standard modules the rendered tests use, then the tests with their imports.
    used = set(STDLIB_USE.findall(template.render(stdlib=[], **context)))
    text = template.render(stdlib=sorted(used), **context)
    return project.root / "tests" / f"test_{spec.table}.py", text


def sample_values(name, values, number):
    """`ADDED = {"title": "title 1", ...}`: one line, which ruff format then wraps."""
    items = [f"{literal(f.name)}: {literal(spec_sample(f, number))}" for f in values]
    return name + " = {" + ", ".join(items) + "}"


def plan_scaffold(name, fields, owner=None, timestamps=True, permissions=False, project=None):
    """Every file's new text; ScaffoldError (and nothing planned) on the first refusal."""
    project = project or Project.load()
    spec = parse_model(name, fields, timestamps=timestamps, owner=owner)
    owner = check(spec, project)
    plan = Plan(project.root)

    model_code = model_class(spec, project)
    model_code.text = ruff_format(model_code.text, project.path("models"), project.root)
    models = SourceFile(project.path("models").read_text())
    models.add_imports(model_code.imports)
    models.append(model_code.text)
    plan.change(project.path("models"), models.result())

    migration_path, body = migration(spec, project, model_code)
    plan.change(migration_path, body)

    has_permissions = hasattr(project.user_model, "has_perm")
    if permissions and not has_permissions:
        raise ScaffoldError("--permissions: this project has no per-model permissions yet.")
    if project.admin_site is None and project.api_site is None:
        # Registering with the admin or the API is what creates a model's codenames.
        has_permissions = False
        if permissions:
            permissions = False
            plan.notes.append("No admin and no API: no permissions to create; skipped them.")
    for site, module, writer, registration, target in (
        (project.admin_site, "admin_site", admin_class, admin_registration, "admin"),
        (project.api_site, "api_site", resource_class, resource_registration, "api"),
    ):
        label = "admin" if target == "admin" else "API"
        if site is None:
            plan.notes.append(f"No {label} in this project: skipped its part.")
            continue
        code = writer(spec, project) if target == "admin" else writer(spec, owner)
        code.need(".models", spec.name)
        text = ruff_format(code.text, project.path(module), project.root)
        source = SourceFile(project.path(module).read_text())
        source.add_imports(code.imports)
        call = registration(spec) if target == "admin" else registration(spec, owner)
        source.add_class_and_registration(text, call, target)
        plan.change(project.path(module), source.result())

    test_path, test_text = test_module(spec, project, owner, has_permissions, permissions)
    plan.change(test_path, ruff_format(wrap_docstrings(test_text), test_path, project.root))
    if permissions:
        codes = ", ".join(f"{spec.slug}.{action}" for action in ("view", "add", "change", "delete"))
        where = "the group picker, `flask grant`" if project.admin_site else "`flask grant`"
        plan.notes.append(f"Permissions {codes} exist now (no code needed): see {where}.")
    return plan


@click.command("scaffold")
@click.argument("name")
@click.argument("fields", nargs=-1)
@click.option("--owner", metavar="FIELD", help="The fk=User field that owns a row in the API.")
@click.option("--no-timestamps", is_flag=True, help="No `created` timestamp field.")
@click.option("--permissions", is_flag=True, help="Say which permission codenames it adds.")
@click.option("--dry-run", is_flag=True, help="Print the diff instead of writing it.")
def scaffold(name, fields, owner, no_timestamps, permissions, dry_run):
    """Write a new model end to end, with its tests.

    It writes the model class, its migration, a ModelAdmin, a RestResource and
    tests/test_<model>.py; `--dry-run` prints the diff instead.

    FIELDS are name:type, type one of str[:N] text int bigint float decimal[:D,P] bool
    date datetime time json fk=Model m2m=Model; then ? nullable, ! unique, ^ indexed,
    and last =value a default. Example:

        flask scaffold Post title:str body:text author:fk=User published:bool=false
    """
    try:
        plan = plan_scaffold(name, fields, owner, not no_timestamps, permissions)
        if not dry_run:
            plan.write()
    except ScaffoldError as error:
        raise click.ClickException(str(error)) from None
    except peewee.DatabaseError as error:
        first_line = (str(error).splitlines() or [""])[0]
        raise click.ClickException(f"The database did not answer: {first_line}") from None
    finally:
        cli.database().close()
    if dry_run:
        click.echo(plan.diff(), nl=False)
    else:
        for path in plan.files:
            click.echo(f"wrote: {path.relative_to(plan.root).as_posix()}")
    for note in plan.notes:
        click.echo(note)
    if not dry_run:
        click.echo("Next: flask db upgrade, then make test.")


def register(app):
    app.cli.add_command(scaffold)
