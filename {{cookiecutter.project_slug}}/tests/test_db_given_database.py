"""The database given directly, as peewee's FlaskDB allows: `Database(None, database)`
is usable at once, and `db.init_app(app, database)` binds an app to that database."""

import pytest
from flask import Flask, jsonify
from peewee import CharField

from {{ cookiecutter.package_name }}.db import Database, connect_url


@pytest.fixture
def peewee_database(database_url):
    """A peewee Database on the test backend (SQLite file or PostgreSQL)."""
    database = connect_url(database_url)
    yield database
    database.close()


def note_app(wrapper):
    """A hand-built Flask app with a model on `wrapper` and a page that lists it."""

    class GivenNote(wrapper.Model):
        text = CharField()

    app = Flask(__name__)

    @app.route("/notes")
    def notes():
        return jsonify(
            open=not wrapper.database.is_closed(),
            notes=[n.text for n in GivenNote.select().order_by(GivenNote.id)],
        )

    return app, GivenNote


@pytest.fixture
def given_table(peewee_database):
    """Drop the test table afterwards, on either backend."""
    yield
    peewee_database.execute_sql('DROP TABLE IF EXISTS "givennote"')
    peewee_database.close()


def test_database_none_with_a_database_is_usable_before_init_app(peewee_database, given_table):
    """`Database(None, database).database` is that database, and models bind to it."""
    wrapper = Database(None, peewee_database)
    assert wrapper.database is peewee_database
    app, GivenNote = note_app(wrapper)
    with peewee_database.connection_context():
        peewee_database.create_tables([GivenNote])
        GivenNote.create(text="before the app")
    wrapper.init_app(app)
    assert app.test_client().get("/notes").get_json() == {"open": True, "notes": ["before the app"]}
    assert peewee_database.is_closed()


def test_init_app_takes_the_database_as_a_second_argument(peewee_database, given_table):
    """`db.init_app(app, database)` needs no DATABASE setting and opens one connection
    per request to that database."""
    wrapper = Database()
    app, GivenNote = note_app(wrapper)
    wrapper.init_app(app, peewee_database)
    assert "DATABASE" not in app.config
    with peewee_database.connection_context():
        peewee_database.create_tables([GivenNote])
        GivenNote.create(text="through init_app")
    response = app.test_client().get("/notes")
    assert response.get_json() == {"open": True, "notes": ["through init_app"]}
    # Models made before init_app are bound through a proxy, now pointing at it.
    assert wrapper.database.obj is peewee_database and peewee_database.is_closed()


def test_a_url_given_directly_works_like_the_setting(database_url, given_table):
    """`Database(app, url)`: the URL is connected as the DATABASE setting would be."""
    app = Flask(__name__)
    wrapper = Database(None, database_url)
    assert wrapper.database is not None
    _, GivenNote = note_app(wrapper)
    wrapper.init_app(app)
    with wrapper.database.connection_context():
        wrapper.database.create_tables([GivenNote])
    assert wrapper.database.table_exists("givennote")
