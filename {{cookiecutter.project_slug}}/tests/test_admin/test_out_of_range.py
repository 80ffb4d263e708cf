"""Numbers too big for their column, and dates past the calendar, in every place the
admin reads an id or a date: a 404, an ignored filter or a form error, never a 500, and
nothing written (PostgreSQL refuses such a number, SQLite cannot even bind it)."""

import datetime

import pytest

from {{ cookiecutter.package_name }}.admin_site import admin
from {{ cookiecutter.package_name }}.models import Message

from ..conftest import post_form, token_in

BIG = "99999999999999999999"  # past 64 bits
PAST_INT32 = str(2**31)  # fits SQLite's integers, not PostgreSQL's integer column


@pytest.fixture
def message(admin_user):
    return Message.create(user=admin_user, content="kept", pub_date=datetime.datetime(2024, 5, 1))


@pytest.mark.parametrize("number", [BIG, PAST_INT32])
def test_an_id_too_big_for_the_column_is_not_found(client, message, number):
    """Edit and delete pages of a row whose id cannot exist: 404."""
    assert client.get(f"/admin/message/{number}/").status_code == 404
    assert client.get(f"/admin/message/{number}/delete/").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        f"user__eq={BIG}",
        f"tags__eq={BIG}",
        f"user__eq={PAST_INT32}",
        f"tags__eq={PAST_INT32}",
        f"_facets=1&user__eq={BIG}",
    ],
)
def test_a_filter_too_big_for_the_column_is_ignored_with_a_notice(client, message, query):
    """The list answers, says which filter it ignored, and still lists the rows."""
    response = client.get(f"/admin/message/?{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Ignored filter" in html and "kept" in html


@pytest.mark.parametrize(
    "query",
    [
        f"pub_date__year={BIG}",
        "pub_date__year=9999",
        "pub_date__year=9999&pub_date__month=12&pub_date__day=31",
        "pub_date__year=%C2%B2",  # a superscript two: a digit to str.isdigit(), not to int()
        "pub_date__lastdays=%C2%B2",
    ],
)
def test_a_date_past_the_calendar_ends_the_drill_down(client, message, query):
    """A year with no end (9999) or no meaning shows the list from the last good level."""
    response = client.get(f"/admin/message/?{query}")
    assert response.status_code == 200 and "kept" in response.get_data(as_text=True)


def test_a_lookup_page_past_any_table_is_empty(client, message):
    """The lookup URL answers an empty page for a page number no table reaches."""
    response = client.get(f"/admin/message/lookup/user/?q=r&page={BIG}")
    assert response.status_code == 200
    assert response.get_json()["results"] == [] and response.get_json()["has_next"] is False


@pytest.mark.parametrize(
    "fields",
    [
        {"user": BIG, "content": "new"},
        {"user": PAST_INT32, "content": "new"},
        {"content": "new", "tags": BIG},
    ],
    ids=["user-64", "user-32", "tag"],
)
def test_a_form_naming_an_id_too_big_is_a_form_error(client, admin_user, fields):
    """The add form comes back with an error; no message, no tag link, no history."""
    fields.setdefault("user", str(admin_user.id))
    response = post_form(client, "/admin/message/add/", **fields)
    assert response.status_code == 200
    assert "Please correct the errors below." in response.get_data(as_text=True)
    assert Message.select().count() == 0 and admin.LogEntry.select().count() == 0


def test_a_list_save_naming_a_row_too_big_is_refused(client, message):
    """list_editable: a row id no column holds is a 400 and nothing changes."""
    token = token_in(client.get("/admin/message/").get_data(as_text=True))
    data = {
        "csrf_token": token,
        f"row-{message.id}-id": str(message.id),
        f"row-{message.id}-content": "changed",
        f"row-{BIG}-id": BIG,
        f"row-{BIG}-content": "ghost",
    }
    response = client.post("/admin/message/", data=data)
    assert response.status_code == 400
    assert Message.get_by_id(message.id).content == "kept"


def test_an_inline_row_too_big_is_refused(client, admin_user, message):
    """An inline row whose id no column holds: the page says so and nothing is written."""
    path = f"/admin/user/{admin_user.id}/"
    data = {
        "csrf_token": token_in(client.get(path).get_data(as_text=True)),
        "username": "root",
        "email": "renamed@example.com",
        "active": "y",
        "admin": "y",
        "join_date": admin_user.join_date.strftime("%Y-%m-%dT%H:%M:%S"),
        "messages-TOTAL": "1",
        "messages-0-id": BIG,
        "messages-0-content": "stolen",
        "messages-0-pub_date": "2024-05-01T10:00:00",
    }
    response = client.post(path, data=data)
    assert response.status_code == 200 and "nothing was saved" in response.get_data(as_text=True)
    assert Message.get_by_id(message.id).content == "kept"
    assert admin_user.__class__.get_by_id(admin_user.id).email == "root@example.com"
    assert admin.LogEntry.select().count() == 0
