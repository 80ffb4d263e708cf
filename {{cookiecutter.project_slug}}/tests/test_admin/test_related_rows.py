"""A related model's admin decides which of its rows other forms may offer: its
get_query() scopes the FK select, the lookup URL, the list's FK filter and what a save
accepts, so a row it hides is never offered nor written."""

import re

import pytest
from flask import g

from {{ cookiecutter.package_name }}.admin import UserAdmin
from {{ cookiecutter.package_name }}.admin_site import MessageAdmin
from {{ cookiecutter.package_name }}.models import Message, User

from ..conftest import post_form, post_login


class ActiveUserAdmin(UserAdmin):
    """Hides deactivated users from the admin."""

    def get_query(self):
        return super().get_query().where(User.active == True)  # noqa: E712


class SelectMessageAdmin(MessageAdmin):
    """Messages whose user is a plain <select> (and a filter with choices)."""

    foreign_key_lookups = ()


@pytest.fixture
def users(admin_user, make_user, register):
    """An active "alice", a deactivated "ghost", and a user admin that hides ghost."""
    register(User, ActiveUserAdmin)
    return make_user("alice"), make_user("ghost", active=False)


def option_labels(html, select_id):
    select = re.search(rf'<select id="{select_id}".*?</select>', html, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_the_foreign_key_select_offers_only_rows_the_related_admin_shows(client, users, register):
    """The user <select> on the message form lists alice, not the hidden ghost."""
    register(Message, SelectMessageAdmin)
    labels = option_labels(client.get("/admin/message/add/").get_data(as_text=True), "user")
    assert "alice" in labels and "root" in labels and "ghost" not in labels


def test_a_crafted_post_naming_a_hidden_row_in_the_select_is_a_form_error(client, users, register):
    """Posting ghost's id to the select saves nothing and says the choice is not valid."""
    register(Message, SelectMessageAdmin)
    _, ghost = users
    response = post_form(client, "/admin/message/add/", user=ghost.id, content="sneaky")
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    assert not Message.select().where(Message.content == "sneaky").exists()


def test_the_lookup_url_finds_only_rows_the_related_admin_shows(client, users):
    """/admin/message/lookup/user/, with and without ?q=, never returns ghost."""
    everyone = client.get("/admin/message/lookup/user/").get_json()["results"]
    assert {"alice", "root"} <= {r["label"] for r in everyone}
    assert "ghost" not in {r["label"] for r in everyone}
    assert client.get("/admin/message/lookup/user/?q=gho").get_json()["results"] == []
    found = client.get("/admin/message/lookup/user/?q=ali").get_json()["results"]
    assert [r["label"] for r in found] == ["alice"]


def test_a_crafted_post_naming_a_hidden_row_in_the_lookup_is_a_form_error(client, users):
    """The lookup field (MessageAdmin's user) refuses ghost's id like an unknown one."""
    _, ghost = users
    response = post_form(client, "/admin/message/add/", user=ghost.id, content="sneaky")
    assert f"No user with id “{ghost.id}”." in response.get_data(as_text=True)
    assert not Message.select().where(Message.content == "sneaky").exists()


def test_the_list_filter_offers_only_rows_the_related_admin_shows(client, users, register):
    """The message list's "User" filter choices leave ghost out."""
    register(Message, SelectMessageAdmin)
    labels = option_labels(client.get("/admin/message/").get_data(as_text=True), "value-user")
    assert "alice" in labels and "ghost" not in labels


def test_the_lookup_threshold_counts_only_rows_the_related_admin_shows(
    client, users, make_user, register
):
    """Hidden rows do not push a small related table over to the lookup."""

    class Picker(SelectMessageAdmin):
        lookup_threshold = 2

    register(Message, Picker)
    for n in range(3):
        make_user(f"hidden{n}", active=False)
    html = client.get("/admin/message/add/").get_data(as_text=True)
    assert '<select id="user"' in html  # root and alice: 2 visible rows, not 6


def test_an_edit_page_follows_a_get_query_that_depends_on_who_asks(
    app, client, users, make_user, register
):
    """A message admin showing each admin only their own messages: each opens their own
    message's edit page and gets a 404 on the other's, whoever asked first; a user the
    user admin hides (ghost) has no edit page either."""

    class OwnMessages(MessageAdmin):
        def get_query(self):
            return super().get_query().where(Message.user == g.user.get_id())

    register(Message, OwnMessages)
    root = User.get(User.username == "root")
    boss = make_user("boss", admin=True)
    mine = Message.create(user=root, content="root's")
    theirs = Message.create(user=boss, content="boss's")
    second = app.test_client()
    post_login(second, "boss")
    assert client.get(f"/admin/message/{mine.id}/").status_code == 200
    assert client.get(f"/admin/message/{theirs.id}/").status_code == 404
    assert second.get(f"/admin/message/{theirs.id}/").status_code == 200
    assert second.get(f"/admin/message/{mine.id}/").status_code == 404
    _, ghost = users
    assert client.get(f"/admin/user/{ghost.id}/").status_code == 404
