"""Fixtures for the API tests: credentials as headers, and a counter of SQL queries."""

import base64
import contextlib

import pytest

from {{ cookiecutter.package_name }}.cli import database

from ..conftest import PASSWORD


def basic(username="alice", password=PASSWORD):
    """HTTP Basic headers, as any HTTP client sends them."""
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


@pytest.fixture
def alice(make_user):
    return make_user("alice")


@pytest.fixture
def bob(make_user):
    return make_user("bob")


@pytest.fixture
def post_message(client):
    """Post a message through the API as `username`; returns the response."""

    def post(content="Hello", username="alice", **fields):
        return client.post(
            "/api/message/", json={"content": content, **fields}, headers=basic(username)
        )

    return post


@contextlib.contextmanager
def count_queries():
    """`with count_queries() as queries:` ... then `len(queries)` is the SQL run inside."""
    peewee_db = database()
    queries = []
    execute_sql = peewee_db.execute_sql

    def counted(sql, *args, **kwargs):
        queries.append(sql)
        return execute_sql(sql, *args, **kwargs)

    peewee_db.execute_sql = counted
    try:
        yield queries
    finally:
        del peewee_db.execute_sql
