"""Fixtures for the API tests: credentials as headers (count_queries is in ../conftest.py)."""

import base64

import pytest

from ..conftest import PASSWORD, count_queries  # noqa: F401 (used by the API tests)


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
