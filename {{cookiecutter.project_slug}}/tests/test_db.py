"""The Database wrapper: both ways of binding, a connection per request, SQLite tuning."""

import pytest
from flask import Flask
from peewee import CharField, PostgresqlDatabase, SqliteDatabase

from {{ cookiecutter.package_name }}.cli import database
from {{ cookiecutter.package_name }}.db import Database, Statement, connect_url, db
from {{ cookiecutter.package_name }}.models import Message, User


def test_a_connection_is_opened_per_request_and_closed_after(make_app):
    """Each request gets an open connection, and it is closed once the response is sent."""
    app = make_app()
    seen = {}

    @app.route("/probe")
    def probe():
        seen["open_during_request"] = not db.database.is_closed()
        return "ok"

    with app.app_context():
        database().close()
    assert app.test_client().get("/probe").status_code == 200
    assert seen["open_during_request"] is True
    assert db.database.is_closed()


def test_static_files_are_served_without_a_connection(make_app):
    """Static files never touch the database."""
    app = make_app()
    with app.app_context():
        database().close()
    response = app.test_client().get("/static/site.css")
    assert response.status_code == 200
    assert db.database.is_closed()


def test_sqlite_gets_wal_foreign_keys_and_a_busy_timeout(app, database_url):
    """SQLite runs in WAL mode with foreign keys enforced and a busy timeout."""
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite pragmas only apply to the SQLite backend")
    peewee_db = database()
    assert peewee_db.pragma("journal_mode") == "wal"
    assert peewee_db.pragma("foreign_keys") == 1
    assert peewee_db.pragma("busy_timeout") == 5000


def test_urls_choose_the_backend():
    """The DATABASE URL picks the backend; nothing else changes."""
    assert isinstance(connect_url("sqlite:///:memory:"), SqliteDatabase)
    assert isinstance(connect_url("postgresql://user@127.0.0.1:5432/app"), PostgresqlDatabase)


@pytest.mark.parametrize("style", ["bound", "factory"])
def test_database_works_bound_to_an_app_or_through_init_app(style, tmp_path):
    """`Database(app)` (the seed's style) and `Database()` + `init_app(app)` both work."""
    app = Flask(__name__)
    app.config["DATABASE"] = f"sqlite:///{tmp_path / 'style.db'}"
    wrapper = Database(app) if style == "bound" else Database()

    class Note(wrapper.Model):
        text = CharField()

    if style == "factory":
        wrapper.init_app(app)

    @app.route("/notes/")
    def notes():
        return ",".join(note.text for note in Note.select().order_by(Note.id))

    with wrapper.database.connection_context():
        wrapper.database.create_tables([Note])
        Note.create(text="hello")
    assert app.test_client().get("/notes/").get_data(as_text=True) == "hello"


def test_a_statement_reads_what_its_query_reads_and_builds_it_once(app, make_user):
    """A Statement runs with each new value and gives the query's own rows, the joined
    user attached; the query is built once, not per run."""
    alice, bob = make_user("alice"), make_user("bob")
    Message.create(user=alice, content="from alice")
    Message.create(user=bob, content="from bob")
    built = []

    def by_author(username):
        built.append(username)
        return Message.select(Message, User).join(User).where(User.username == username)

    statement = Statement(Message, by_author)
    for username, expected in [("alice", ["from alice"]), ("bob", ["from bob"]), ("eve", [])]:
        rows = list(statement.rows(username))
        assert [row.content for row in rows] == expected
        assert all(row.user.username == username for row in rows)
        assert [row.content for row in by_author(username)] == expected
    assert statement.first("bob").user.id == bob.id
    assert statement.first("eve") is None
    assert len(built) == 1 + 3  # once for the statement, then the test's own three queries


def test_a_statement_refuses_a_value_its_query_would_convert(app):
    """A boolean field turns any value into True, so the value's place cannot be found:
    a clear error when first run, not a query with the wrong value."""
    statement = Statement(User, lambda active: User.select().where(User.active == active))
    with pytest.raises(ValueError, match="converted or repeated"):
        statement.first(False)
