"""Query counts: a page costs the same number of queries for 5 rows as for 50."""

import pytest

from {{ cookiecutter.package_name }}.models import Message

from .conftest import count_queries


def queries_for(client, url):
    with count_queries() as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url", ["/api/message/?limit=100", "/api/message/?limit=100&user__username=alice"]
)
def test_list_with_nested_users_does_not_grow_with_rows(client, alice, bob, url):
    """include_resources joins the user: no query per row."""
    for number in range(5):
        Message.create(user=alice if number % 2 else bob, content=f"m{number}")
    with_five = queries_for(client, url)
    for number in range(45):
        Message.create(user=alice if number % 2 else bob, content=f"more {number}")
    assert queries_for(client, url) == with_five
    assert with_five <= 2  # the count and the page


def test_cursor_page_is_one_query(client, alice):
    """A cursor page skips the count: one query however deep it is."""
    for number in range(30):
        Message.create(user=alice, content=f"m{number}")
    cursor = client.get("/api/message/?limit=10").get_json()["meta"]["cursor"]
    assert queries_for(client, f"/api/message/?limit=10&cursor={cursor}") == 1


def test_detail_is_one_query(client, alice):
    """Reading one message with its user is a single query."""
    message = Message.create(user=alice, content="hi")
    assert queries_for(client, f"/api/message/{message.id}/") == 1
