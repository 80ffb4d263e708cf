"""The Database wrapper: both ways of binding, a connection per request, SQLite tuning."""

import pytest
from flask import Flask
from peewee import CharField, PostgresqlDatabase, SqliteDatabase

from {{ cookiecutter.package_name }}.cli import database
from {{ cookiecutter.package_name }}.db import Database, connect_url, db


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
