"""Flask commands: `flask db upgrade|downgrade|status|create` and `flask seed`.

Each command fails with one line and a non-zero exit on bad input.
"""

import datetime
import random
import sys

import click
from flask import current_app
from flask.cli import AppGroup
from peewee import Proxy, chunked, fn, sort_models
from playhouse.migrations import MigrationError, Runner, template
from playhouse.schema_diff import SchemaDiff, diff_models

from . import backup
from .auth.passwords import hash_password
from .config import PROJECT_ROOT
from .db import db
from .extensions import auth
from .models import Message, User

db_cli = AppGroup("db", help="Apply, inspect and write database migrations.")


def database():
    """The peewee database behind `db`, unwrapped from its proxy."""
    return db.database.obj if isinstance(db.database, Proxy) else db.database


def all_models():
    """Every model built on `db.Model`, in dependency order."""
    found, todo = [], list(db.Model.__subclasses__())
    while todo:
        model = todo.pop()
        found.append(model)
        todo.extend(model.__subclasses__())
    return sort_models(found)


def changes(models):
    """What `models` have that the database lacks: the diff a migration is written from."""
    if database().get_tables():
        return diff_models(database(), models)
    return SchemaDiff(sort_models(models), [], [], [], [])


def runner():
    directory = current_app.config.get("MIGRATIONS_DIR", PROJECT_ROOT / "migrations")
    return Runner(database(), str(directory))


@db_cli.command("upgrade")
@click.argument("target", required=False)
def upgrade(target):
    """Apply pending migrations (up to TARGET, if given)."""
    try:
        applied = runner().up(target)
    except MigrationError as exc:
        raise click.ClickException(str(exc)) from None
    for name in applied:
        click.echo(f"applied: {name}")
    if not applied:
        click.echo("Database is up to date.")


@db_cli.command("downgrade")
@click.argument("target", required=False)
def downgrade(target):
    """Revert the last migration (or every one back through TARGET)."""
    try:
        reverted = runner().down(target)
    except MigrationError as exc:
        raise click.ClickException(str(exc)) from None
    for name in reverted:
        click.echo(f"reverted: {name}")


@db_cli.command("status")
def status():
    """List the migrations and which are applied.

    [x] applied, [ ] pending, [?] applied but its file is gone.
    """
    rows = runner().status()
    for migration in rows:
        mark = " " if not migration.applied else ("x" if migration.path else "?")
        click.echo(f"[{mark}] {migration.name}")
    pending = sum(1 for migration in rows if not migration.applied)
    click.echo(f"{pending} pending." if pending else "Database is up to date.")


@db_cli.command("create")
@click.argument("name")
@click.option("--empty", is_flag=True, help="Write a blank migration instead of detecting changes.")
def create(name, empty):
    """Write the next migration from the model changes.

    Compares the models with the database (which must be up to date) and writes
    migrations/NNNN_NAME.py with what the database lacks; read it before applying it.
    """
    migrations = runner()
    if empty:
        click.echo(migrations.create(name))
        return
    if any(not migration.applied for migration in migrations.status()):
        raise click.ClickException("Apply pending migrations first: flask db upgrade")
    diff = changes(all_models())
    if not diff:
        raise click.ClickException("No model changes detected (use --empty for a blank one).")
    click.echo(migrations.create(name, body=template(diff)))


WORDS = (
    *("flask", "peewee", "admin", "query", "model", "index", "page", "api", "token"),
    *("cache", "worker", "deploy", "schema", "table", "column", "user", "message"),
    *("wall", "hello", "world", "today", "ship", "review", "test"),
)


def random_sentence(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14))).capitalize() + "."


@click.command("seed")
@click.option(
    "--users",
    default=50,
    show_default=True,
    type=click.IntRange(0, 10_000_000),
    help="How many demo users to add.",
)
@click.option(
    "--messages",
    default=500,
    show_default=True,
    type=click.IntRange(0, 100_000_000),
    help="How many messages to add, from random users.",
)
@click.option(
    "--batch-size",
    default=1000,
    show_default=True,
    type=click.IntRange(1, 10_000),
    help="Rows per INSERT (one transaction each).",
)
@click.option("--seed", "random_seed", type=int, help="Seed for repeatable data.")
def seed(users, messages, batch_size, random_seed):
    """Insert demo users and messages, and an Editors group.

    The demo users cannot log in: they share one unusable password. The "Editors" group
    gets one staff user, "editor".
    """
    rng = random.Random(random_seed)
    now = datetime.datetime.now()
    # Demo users share one unusable password hash: hashing per user would take minutes.
    unusable = hash_password(f"unusable-{rng.random()}")
    start = (User.select(fn.MAX(User.id)).scalar() or 0) + 1

    def user_rows():
        for number in range(start, start + users):
            yield {
                "username": f"user{number}",
                "email": f"user{number}@example.com",
                "password": unusable,
                "join_date": now - datetime.timedelta(minutes=rng.randint(0, 30 * 24 * 60)),
            }

    insert_batches(User, user_rows(), users, batch_size, "Users")
    user_ids = [user.id for user in User.select(User.id)]
    if messages and not user_ids:
        raise click.ClickException("No users to write messages: use --users N.")

    def message_rows():
        for _ in range(messages):
            yield {
                "user": rng.choice(user_ids),
                "content": random_sentence(rng),
                "pub_date": now - datetime.timedelta(seconds=rng.randint(0, 30 * 24 * 3600)),
            }

    insert_batches(Message, message_rows(), messages, batch_size, "Messages")
    click.echo(f"Seeded {users} users and {messages} messages.")
    seed_editors(unusable)


EDITORS = ("message.view", "message.change")


def seed_editors(password_hash):
    """An "Editors" group (view and change messages) and its staff member "editor", once.

    The editor cannot log in until given a password: `flask set-password editor`.
    """
    Group = auth.grants.Group
    with db.database.atomic():
        group, created = Group.get_or_create(name="Editors")
        if created:
            auth.grants.set_group_permissions(group, EDITORS)
        editor = User.get_or_none(User.username == "editor")
        if editor is None:
            editor = User.create(
                username="editor", email="editor@example.com", password=password_hash, staff=True
            )
            auth.grants.add_to_group(editor, group)
            click.echo(
                "Added staff user 'editor' in group Editors; set a password with: "
                "flask set-password editor"
            )


def insert_batches(model, rows, total, batch_size, label):
    """Insert rows in batches, one transaction each, with a progress bar."""
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        for batch in chunked(rows, batch_size):
            with db.database.atomic():
                model.insert_many(batch).on_conflict_ignore().execute()
            bar.update(len(batch))


def register(app):
    db_cli.add_command(backup.backup)
    db_cli.add_command(backup.restore)
    app.cli.add_command(db_cli)
    app.cli.add_command(seed)
