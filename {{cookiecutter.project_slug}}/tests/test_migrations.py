"""Migrations: `flask db upgrade`, `status`, `downgrade` and `create` on a fresh database."""

import shutil

import pytest

from {{ cookiecutter.package_name }}.app import create_app
from {{ cookiecutter.package_name }}.cli import database
from {{ cookiecutter.package_name }}.config import PROJECT_ROOT

from .conftest import settings


@pytest.fixture
def fresh(tmp_path):
    """An app on an empty SQLite file, with its own copy of the migrations folder."""
    migrations = tmp_path / "migrations"
    shutil.copytree(PROJECT_ROOT / "migrations", migrations)
    app = create_app(settings(f"sqlite:///{tmp_path / 'fresh.db'}", MIGRATIONS_DIR=str(migrations)))
    with app.app_context():
        yield app, migrations
        database().close()


def test_upgrade_creates_every_table_and_status_reports_it(fresh):
    """`flask db upgrade` builds the schema; `flask db status` then shows nothing pending."""
    app, _ = fresh
    cli = app.test_cli_runner()
    result = cli.invoke(args=["db", "status"])
    assert "[ ] 0001_initial" in result.output
    result = cli.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "applied: 0001_initial" in result.output
    assert {"user", "message", "auth_session"} <= set(database().get_tables())
    result = cli.invoke(args=["db", "status"])
    assert "[x] 0001_initial" in result.output
    assert "up to date" in result.output


def test_downgrade_then_upgrade_round_trips(fresh):
    """Every migration can be reverted and applied again."""
    app, migrations = fresh
    cli = app.test_cli_runner()
    cli.invoke(args=["db", "upgrade"])
    first = sorted(path.stem for path in migrations.glob("[0-9]*.py"))[0]
    result = cli.invoke(args=["db", "downgrade", first])
    assert result.exit_code == 0, result.output
    assert "user" not in database().get_tables()
    assert cli.invoke(args=["db", "upgrade"]).exit_code == 0
    assert "user" in database().get_tables()


def test_create_writes_a_numbered_migration_with_the_model_changes(fresh):
    """`flask db create NAME` detects what the models have that the database lacks."""
    app, migrations = fresh
    cli = app.test_cli_runner()
    cli.invoke(args=["db", "upgrade"])
    result = cli.invoke(args=["db", "create", "nothing changed"])
    assert result.exit_code != 0
    assert "No model changes" in result.output
    database().execute_sql('DROP INDEX "message_pub_date_id"')
    result = cli.invoke(args=["db", "create", "add pub date index"])
    assert result.exit_code == 0, result.output
    written = sorted(migrations.glob("*_add_pub_date_index.py"))
    assert len(written) == 1
    assert "pub_date" in written[0].read_text()


def test_create_refuses_while_migrations_are_pending(fresh):
    """A diff against a database that is behind its migrations would repeat them."""
    app, migrations = fresh
    result = app.test_cli_runner().invoke(args=["db", "create", "too early"])
    assert result.exit_code == 1
    assert "Apply pending migrations first" in result.output
    assert not list(migrations.glob("*_too_early.py"))


def test_create_empty_writes_a_blank_migration(fresh):
    """`--empty` writes a skeleton to fill in by hand."""
    app, migrations = fresh
    result = app.test_cli_runner().invoke(args=["db", "create", "by hand", "--empty"])
    assert result.exit_code == 0, result.output
    assert list(migrations.glob("*_by_hand.py"))


def test_unknown_target_is_one_clear_line(fresh):
    """A bad migration name fails with a message, not a traceback."""
    app, _ = fresh
    result = app.test_cli_runner().invoke(args=["db", "upgrade", "9999_nope"])
    assert result.exit_code == 1
    assert "unknown migration" in result.output
    assert "Traceback" not in result.output
