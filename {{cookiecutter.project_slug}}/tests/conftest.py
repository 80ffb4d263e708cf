"""Fixtures named for what they give: `app`, `client`, `runner`, `make_user`, `login`.

Every test runs on a temporary SQLite file, and once more on PostgreSQL when
TEST_DATABASE_URL is set. Tables are emptied after each test, so tests are isolated.
"""

import contextlib
import contextvars
import os
import re

import pytest
from flask.testing import FlaskClient
from peewee import PostgresqlDatabase
from playhouse import db_url

from {{ cookiecutter.package_name }}.app import create_app
from {{ cookiecutter.package_name }}.cli import database
from {{ cookiecutter.package_name }}.cli import runner as migration_runner
from {{ cookiecutter.package_name }}.db import connect_url
from {{ cookiecutter.package_name }}.models import User

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
PASSWORD = "correct horse battery staple"


def settings(database_url, **overrides):
    """Test settings: a throwaway secret and bcrypt's lowest cost, to keep tests fast."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "DATABASE": database_url,
        "BCRYPT_ROUNDS": 4,
        "AUTH_REQUIRE_2FA_FOR_STAFF": False,
        **overrides,
    }


def drop_all_tables():
    peewee_db = database()
    for table in peewee_db.get_tables():
        peewee_db.execute_sql(f'DROP TABLE IF EXISTS "{table}" CASCADE')


def empty_all_tables():
    """Delete every row but the migration history, keeping the schema."""
    peewee_db = database()
    tables = [table for table in peewee_db.get_tables() if table != "schema_migration"]
    if isinstance(peewee_db, PostgresqlDatabase):
        names = ", ".join(f'"{table}"' for table in tables)
        peewee_db.execute_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    else:
        peewee_db.pragma("foreign_keys", 0)
        with peewee_db.atomic():
            for table in tables:
                peewee_db.execute_sql(f'DELETE FROM "{table}"')
        peewee_db.pragma("foreign_keys", 1)
    peewee_db.close()


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory):
    """A migrated database per backend for the whole session."""
    if request.param == "postgresql":
        url = os.environ["TEST_DATABASE_URL"]
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    app = create_app(settings(url))
    with app.app_context():
        if request.param == "postgresql":
            drop_all_tables()
        migration_runner().up()
        database().close()
    return url


HAND_BUILT_SCHEMA = "hand_built"


@pytest.fixture(params=BACKENDS)
def hand_built_database(request, tmp_path):
    """Settings that put a hand-built (seed-style) app on a database of its own: a fresh
    SQLite file, or on PostgreSQL a schema of its own in the test database, dropped after."""
    if request.param == "sqlite":
        yield {"DATABASE": f"sqlite:///{tmp_path / 'hand_built.db'}"}
        return
    url = os.environ["TEST_DATABASE_URL"]
    server = PostgresqlDatabase(None)
    server.init(**db_url.parse(url))

    def drop_schema():
        server.execute_sql(f'DROP SCHEMA IF EXISTS "{HAND_BUILT_SCHEMA}" CASCADE')

    drop_schema()
    server.execute_sql(f'CREATE SCHEMA "{HAND_BUILT_SCHEMA}"')
    server.close()
    yield {
        "DATABASE": url,
        "DATABASE_OPTIONS": {"options": f"-csearch_path={HAND_BUILT_SCHEMA}"},
    }
    drop_schema()
    server.close()


@pytest.fixture
def seed_database_url(database_url, tmp_path):
    """A database of its own for an app built by hand (its own User table and all), on
    each backend: a fresh SQLite file, or a fresh PostgreSQL schema in the test database."""
    if not database_url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'seed.db'}"
        return
    schema = "seed_app"
    admin = connect_url(database_url)
    admin.execute_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    admin.execute_sql(f"CREATE SCHEMA {schema}")
    admin.close()
    yield f"{database_url}?options=-csearch_path%3D{schema}"
    admin.execute_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    admin.close()


class IsolatedClient(FlaskClient):
    """A test client whose every request gets its own app context and `g`, as on a server.

    Without this, a request made while the test holds an app context (the `app` fixture)
    would share that context's `g` with every other request of the test.
    """

    def open(self, *args, **kwargs):
        context = contextvars.Context()
        response = context.run(super().open, *args, **kwargs)
        if response.is_streamed:  # the rest of the request runs as the body is read
            response.response = StreamInContext(context, response.response)
        return response


class StreamInContext:
    """Read a streamed body, and close it, inside the context its request ran in."""

    def __init__(self, context, body):
        self.context = context
        self.body = body
        self.chunks = iter(body)

    def __iter__(self):
        return self

    def __next__(self):
        return self.context.run(next, self.chunks)

    def close(self):
        if hasattr(self.body, "close"):
            self.context.run(self.body.close)


@pytest.fixture
def make_app(database_url):
    """Build an app on the test database, with extra settings."""
    apps = []

    def make(**overrides):
        app = create_app(settings(database_url, **overrides))
        app.test_client_class = IsolatedClient
        apps.append(app)
        return app

    yield make
    if apps:
        # A fresh app: a test may have pointed its own at another database.
        with create_app(settings(database_url)).app_context():
            empty_all_tables()


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Create a user with the test password (`PASSWORD`) unless another is given."""

    def make(username="alice", password=PASSWORD, **fields):
        fields.setdefault("email", f"{username}@example.com")
        user = User(username=username, **fields)
        user.set_password(password)
        user.save()
        return user

    return make


def token_in(html):
    """The CSRF token of the first form in a page, or None."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    return match.group(1) if match else None


def csrf_token(client, path="/accounts/login/"):
    """The CSRF token from a form on `path`, as a browser would send it back."""
    token = token_in(client.get(path).get_data(as_text=True))
    assert token, f"no CSRF token on {path}"
    return token


def post_form(client, path, **data):
    """Submit the form on `path` with the CSRF token the page gave, as a browser would."""
    return client.post(path, data={"csrf_token": csrf_token(client, path), **data})


def post_login(client, username="alice", password=PASSWORD, next_url=None):
    """Submit the real login form from `client`, as a browser would."""
    data = {"username": username, "password": password, "csrf_token": csrf_token(client)}
    if next_url is not None:
        data["next"] = next_url
    return client.post("/accounts/login/", data=data)


@pytest.fixture
def login(client):
    """Log `client` in through the real login form."""

    def log_in(username="alice", password=PASSWORD, next_url=None):
        return post_login(client, username, password, next_url)

    return log_in


@pytest.fixture
def admin_user(make_user, login):
    """A user with `admin` true ("root"), logged in on `client`."""
    user = make_user("root", admin=True)
    login("root")
    return user


class Query(str):
    """One SQL statement a test saw run, with the parameters it ran with (`.params`)."""

    params = None


@contextlib.contextmanager
def count_queries():
    """`with count_queries() as queries:` ... then `len(queries)` is the SQL run inside."""
    peewee_db = database()
    queries = []
    execute_sql = peewee_db.execute_sql

    def counted(sql, params=None, *args, **kwargs):
        query = Query(sql)
        query.params = params
        queries.append(query)
        return execute_sql(sql, params, *args, **kwargs)

    peewee_db.execute_sql = counted
    try:
        yield queries
    finally:
        del peewee_db.execute_sql
