"""Listing: the flask-peewee list body, pages, limits, cursors, ordering and sparse fields."""

import datetime
import weakref

import pytest

from {{ cookiecutter.package_name }} import db
from {{ cookiecutter.package_name }}.models import Message


@pytest.fixture
def messages(alice, bob):
    """25 messages, one a minute, alternating authors."""
    start = datetime.datetime(2024, 1, 1, 12, 0)
    for number in range(25):
        Message.create(
            user=alice if number % 2 else bob,
            content=f"message {number:02d}",
            pub_date=start + datetime.timedelta(minutes=number),
        )


def test_list_has_meta_and_objects_like_flask_peewee(client, messages):
    """The list body is {"meta": {...}, "objects": [...]}, newest first by default."""
    response = client.get("/api/message/")
    assert response.status_code == 200
    body = response.get_json()
    meta = body["meta"]
    assert meta["model"] == "message"
    assert (meta["page"], meta["page_count"], meta["object_count"]) == (1, 2, 25)
    assert meta["previous"] is None
    assert meta["next"].startswith("/api/message/?") and "page=2" in meta["next"]
    assert len(body["objects"]) == 20
    assert body["objects"][0]["content"] == "message 24"
    assert "<" in response.headers["Link"] and 'rel="next"' in response.headers["Link"]


def test_page_and_limit_choose_the_slice(client, messages):
    """`page` and `limit` pick the rows; the last page says there is no next one."""
    body = client.get("/api/message/?limit=10&page=3").get_json()
    assert [m["content"] for m in body["objects"]] == [f"message {n:02d}" for n in range(4, -1, -1)]
    assert body["meta"]["next"] is None
    assert "page=2" in body["meta"]["previous"]


def test_limit_is_capped_by_max_paginate_by(client, messages, alice, bob):
    """Asking for a million rows returns at most max_paginate_by (100)."""
    for number in range(80):
        Message.create(user=alice, content=f"extra {number}")
    body = client.get("/api/message/?limit=1000000").get_json()
    assert len(body["objects"]) == 100


@pytest.mark.parametrize("query", ["page=0", "page=abc", "limit=0", "limit=-5", "limit=x"])
def test_bad_page_or_limit_is_a_400_naming_the_parameter(client, query):
    """A nonsense page or limit is refused with the parameter's name."""
    response = client.get(f"/api/message/?{query}")
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["parameter"] == query.split("=")[0]


def test_cursor_walks_every_row_once_in_order(client, messages):
    """Following meta.next with cursors visits every message exactly once, in order."""
    seen = []
    url = "/api/message/?limit=7&ordering=pub_date"
    body = client.get(url).get_json()
    seen += [m["content"] for m in body["objects"]]
    cursor = body["meta"]["cursor"]
    while cursor:
        body = client.get(f"/api/message/?limit=7&ordering=pub_date&cursor={cursor}").get_json()
        assert body["meta"]["page"] is None  # no counting: the cost does not grow with depth
        seen += [m["content"] for m in body["objects"]]
        cursor = body["meta"]["cursor"]
    assert seen == [f"message {n:02d}" for n in range(25)]


def test_cursor_keeps_the_filters(client, messages):
    """A cursor continues the same filtered list: the same rows as the next page."""
    url = "/api/message/?limit=5&user__username=alice"
    cursor = client.get(url).get_json()["meta"]["cursor"]
    body = client.get(f"{url}&cursor={cursor}").get_json()
    assert body["objects"] == client.get(f"{url}&page=2").get_json()["objects"]
    assert all(m["user"]["username"] == "alice" for m in body["objects"])
    assert "cursor=" in body["meta"]["next"]


def test_tampered_or_foreign_cursor_is_refused(client, messages):
    """A cursor is signed: an edited one, or one from another ordering, is a 400."""
    cursor = client.get("/api/message/?limit=5").get_json()["meta"]["cursor"]
    assert client.get(f"/api/message/?cursor={cursor[:-2]}xx").status_code == 400
    response = client.get(f"/api/message/?cursor={cursor}&ordering=content")
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["parameter"] == "cursor"


def test_a_cursor_signed_under_another_secret_key_is_refused(app, client, messages):
    """Cursors are signed with SECRET_KEY: after the key changes, an old one is a 400."""
    cursor = client.get("/api/message/?limit=5").get_json()["meta"]["cursor"]
    assert client.get(f"/api/message/?cursor={cursor}").status_code == 200
    app.config["SECRET_KEY"] = "another key, as after a rotation " * 2
    response = client.get(f"/api/message/?cursor={cursor}")
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["parameter"] == "cursor"


def test_ordering_by_several_fields(client, messages):
    """`ordering=user,-pub_date` sorts by author, then newest first."""
    body = client.get("/api/message/?ordering=user,-pub_date&limit=100").get_json()
    keys = [(m["user"]["id"], m["pub_date"]) for m in body["objects"]]
    newest_first = sorted(keys, key=lambda key: key[1], reverse=True)
    assert keys == sorted(newest_first, key=lambda key: key[0])


@pytest.mark.parametrize("ordering", ["nope", "-email", "password"])
def test_ordering_on_an_unknown_or_hidden_field_is_a_400(client, ordering):
    """Only exposed fields can order a list."""
    response = client.get(f"/api/user/?ordering={ordering}")
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["parameter"] == "ordering"


def test_fields_gives_sparse_objects(client, messages):
    """`fields=id,content` returns only those fields."""
    body = client.get("/api/message/?fields=id,content&limit=2").get_json()
    assert [set(m) for m in body["objects"]] == [{"id", "content"}] * 2
    assert client.get("/api/message/?fields=id,secret").status_code == 400


def test_empty_list(client):
    """No rows: one empty page, not an error."""
    body = client.get("/api/message/").get_json()
    assert body["objects"] == []
    assert body["meta"]["page_count"] == 1 and body["meta"]["next"] is None


@pytest.fixture
def big_tables(monkeypatch):
    """Every table of 20 rows or more counts as big (counted once, then "about" for a
    minute), with a cache of table sizes of this test's own."""
    monkeypatch.setattr(db, "COUNT_CACHE_ROWS", 20)
    monkeypatch.setattr(db, "TABLE_SIZES", weakref.WeakKeyDictionary())
    return monkeypatch


def test_a_big_tables_count_is_reused_and_marked_approximate(client, messages, alice, big_tables):
    """The whole list of a big table is counted once, then that count is given for a while
    as `object_count_approximate`; a filtered list is always counted exactly."""
    first = client.get("/api/message/").get_json()["meta"]
    assert (first["object_count"], first["object_count_approximate"]) == (25, False)
    Message.create(user=alice, content="one more")
    again = client.get("/api/message/").get_json()
    assert (again["meta"]["object_count"], again["meta"]["object_count_approximate"]) == (25, True)
    assert again["objects"][0]["content"] == "one more"  # the rows themselves are current
    mine = client.get(f"/api/message/?user={alice.id}").get_json()["meta"]
    assert (mine["object_count"], mine["object_count_approximate"]) == (13, False)
    big_tables.setattr(db, "COUNT_CACHE_SECONDS", 0)  # the minute is over: counted afresh
    later = client.get("/api/message/").get_json()["meta"]
    assert (later["object_count"], later["object_count_approximate"]) == (26, False)


def test_a_table_slow_to_count_is_counted_once_a_minute_too(client, messages, alice, monkeypatch):
    """A count that took COUNT_SLOW_SECONDS or longer (PostgreSQL at 100,000 rows) is
    reused like a big table's, from COUNT_SLOW_ROWS rows up; a smaller table is always
    counted afresh, however slowly."""
    monkeypatch.setattr(db, "TABLE_SIZES", weakref.WeakKeyDictionary())
    monkeypatch.setattr(db, "COUNT_SLOW_SECONDS", 0)  # every count is slow
    monkeypatch.setattr(db, "COUNT_SLOW_ROWS", 26)
    assert client.get("/api/message/").get_json()["meta"]["object_count"] == 25
    Message.create(user=alice, content="one more")
    meta = client.get("/api/message/").get_json()["meta"]
    assert (meta["object_count"], meta["object_count_approximate"]) == (26, False)
    Message.create(user=alice, content="and another")
    meta = client.get("/api/message/").get_json()["meta"]
    assert (meta["object_count"], meta["object_count_approximate"]) == (26, True)
    monkeypatch.setattr(db, "COUNT_SLOW_SECONDS", 60)  # a fast count is made again
    monkeypatch.setattr(db, "COUNT_CACHE_SECONDS", 0)
    meta = client.get("/api/message/").get_json()["meta"]
    assert (meta["object_count"], meta["object_count_approximate"]) == (27, False)


def test_a_small_tables_count_is_exact_on_every_request(client, messages, alice):
    """Under COUNT_CACHE_ROWS rows (200,000), every list counts its rows afresh."""
    assert client.get("/api/message/").get_json()["meta"]["object_count"] == 25
    Message.create(user=alice, content="one more")
    meta = client.get("/api/message/").get_json()["meta"]
    assert (meta["object_count"], meta["object_count_approximate"]) == (26, False)
