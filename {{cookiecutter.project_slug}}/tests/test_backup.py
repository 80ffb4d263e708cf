"""`flask db backup PATH` / `flask db restore PATH`: SQLite's online backup, and back."""

import sqlite3

import pytest

from {{ cookiecutter.package_name }}.models import Message, User


@pytest.fixture
def sqlite_only(database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's backup API; PostgreSQL uses pg_dump (tested below for the error)")


def test_backup_then_restore_brings_the_data_back(runner, make_user, sqlite_only, tmp_path):
    """Back up, lose the messages, restore: they are back, and the backup is a plain SQLite file."""
    alice = make_user("alice")
    for number in range(5):
        Message.create(user=alice, content=f"keep me {number}")
    target = tmp_path / "backup.db"
    result = runner.invoke(args=["db", "backup", str(target)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM message").fetchone() == (5,)
    Message.delete().execute()
    User.delete().execute()
    result = runner.invoke(args=["db", "restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    assert sorted(m.content for m in Message.select()) == [f"keep me {n}" for n in range(5)]
    assert User.get(User.username == "alice").check_password("correct horse battery staple")


def test_backup_refuses_to_overwrite_without_force(runner, sqlite_only, tmp_path):
    """An existing file is kept unless --force: a one-line error and exit code 1."""
    target = tmp_path / "backup.db"
    target.write_text("precious")
    result = runner.invoke(args=["db", "backup", str(target)])
    assert result.exit_code == 1
    assert "use --force" in result.output and "Traceback" not in result.output
    assert target.read_text() == "precious"
    assert runner.invoke(args=["db", "backup", str(target), "--force"]).exit_code == 0


def test_restore_refuses_a_file_that_is_not_a_database(runner, make_user, sqlite_only, tmp_path):
    """Restoring from a text file is a one-line error, and the data is untouched."""
    make_user("alice")
    junk = tmp_path / "junk.db"
    junk.write_text("not a database at all, just text " * 100)
    result = runner.invoke(args=["db", "restore", str(junk), "--yes"])
    assert result.exit_code == 1
    assert "not an SQLite database" in result.output
    assert User.select().count() == 1


def test_backup_on_postgresql_points_at_pg_dump(runner, database_url, tmp_path):
    """On PostgreSQL the command says to use pg_dump, in one line."""
    if not database_url.startswith("postgres"):
        pytest.skip("the PostgreSQL message")
    result = runner.invoke(args=["db", "backup", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "pg_dump" in result.output
