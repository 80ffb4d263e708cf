"""`flask db backup PATH` and `flask db restore PATH`: SQLite's online backup, while serving.

SQLite's backup API copies a consistent snapshot page by page while the app keeps reading
and writing, so there is no need to stop it (copying the file by hand could catch it
half-written, and would miss what is still in the -wal file). The copy is written next to
PATH and renamed into place only when complete.

PostgreSQL has its own tools; see the README:
    pg_dump --format=custom --file=backup.dump "$DATABASE"
    pg_restore --clean --if-exists --dbname="$DATABASE" backup.dump
"""

import os
import sqlite3
from pathlib import Path

import click
from peewee import SqliteDatabase

from .db import db

PAGES_PER_STEP = 1024  # copy in steps, so writers are never held up for long


def sqlite_database():
    """The live SQLite database, or a one-line error for any other backend."""
    database = db.database.obj if hasattr(db.database, "obj") else db.database
    if not isinstance(database, SqliteDatabase) or database.database == ":memory:":
        raise click.ClickException(
            "flask db backup works on SQLite files; for PostgreSQL use pg_dump (see README)."
        )
    return database


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def backup(path, force):
    """Copy the SQLite database to PATH while the app runs.

    The copy is consistent: SQLite's online backup API copies it page by page.
    """
    database = sqlite_database()
    target = Path(path)
    if target.exists() and not force:
        raise click.ClickException(f"{path} exists; use --force to overwrite it.")
    if not target.parent.is_dir():
        raise click.ClickException(f"No such directory: {target.parent}")
    partial = target.with_name(f".{target.name}.partial")
    with database.connection_context():
        copy = sqlite3.connect(partial)
        try:
            database.connection().backup(copy, pages=PAGES_PER_STEP)
        finally:
            copy.close()
    os.replace(partial, target)  # all or nothing: PATH is never a half-written copy
    click.echo(f"Backed up {database.database} to {path}.")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore(path, yes):
    """Replace the SQLite database's contents with the backup at PATH."""
    database = sqlite_database()
    try:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        raise click.ClickException(f"{path} is not an SQLite database.") from None
    if not yes:
        click.confirm(f"Replace everything in {database.database} with {path}?", abort=True)
    with database.connection_context():
        try:
            source.backup(database.connection(), pages=PAGES_PER_STEP)
        finally:
            source.close()
    click.echo(f"Restored {database.database} from {path}.")
