"""RestrictOwnerResource: users own what they post; only the owner changes or deletes it."""

from {{ cookiecutter.package_name }}.api import RestAPI, RestrictOwnerResource, UserAuthentication
from {{ cookiecutter.package_name }}.extensions import auth
from {{ cookiecutter.package_name }}.models import Message

from .conftest import basic


def test_owner_is_the_requesting_user(client, alice, bob):
    """The owner comes from the credentials; a body naming another user is refused."""
    response = client.post("/api/message/", json={"content": "mine"}, headers=basic("bob"))
    assert response.get_json()["user"]["id"] == bob.id
    response = client.post(
        "/api/message/", json={"content": "as alice", "user": alice.id}, headers=basic("bob")
    )
    assert response.status_code == 400
    assert Message.select().where(Message.user == alice).count() == 0


def test_only_the_owner_updates_or_deletes(client, alice, bob, post_message):
    """Bob gets 403 on Alice's message; Alice may change and delete it; reads stay open."""
    url = post_message("alice's").headers["Location"]
    assert client.put(url, json={"content": "hacked"}, headers=basic("bob")).status_code == 403
    assert client.patch(url, json={"content": "hacked"}, headers=basic("bob")).status_code == 403
    assert client.delete(url, headers=basic("bob")).status_code == 403
    assert client.get(url).get_json()["content"] == "alice's"
    assert client.patch(url, json={"content": "edited"}, headers=basic("alice")).status_code == 200
    assert client.delete(url, headers=basic("alice")).status_code == 200


def test_owner_only_reads_scopes_lists_and_details(make_app, alice, bob):
    """With owner_only_reads, each user sees only their own objects."""

    class PrivateNotes(RestrictOwnerResource):
        owner_only_reads = True

    app = make_app()
    private = RestAPI(app, prefix="/private", name="private", default_auth=UserAuthentication(auth))
    private.register(Message, PrivateNotes)
    client = app.test_client()
    mine = client.post("/private/message/", json={"content": "secret"}, headers=basic("alice"))
    url = mine.headers["Location"]
    assert client.get(url, headers=basic("bob")).status_code == 404
    assert client.get("/private/message/", headers=basic("bob")).get_json()["objects"] == []
    assert client.get("/private/message/").get_json()["objects"] == []
    assert client.get(url, headers=basic("alice")).status_code == 200


def test_check_hooks_add_custom_rules(make_app, alice):
    """Override check_post/check_get to refuse per object with a 403."""

    class NoShouting(RestrictOwnerResource):
        def check_post(self, obj):
            return not obj.content.isupper()

        def check_get(self, obj=None):
            return obj is None or "hidden" not in obj.content

    app = make_app()
    api = RestAPI(app, prefix="/quiet", name="quiet", default_auth=UserAuthentication(auth))
    api.register(Message, NoShouting)
    client = app.test_client()
    assert (
        client.post("/quiet/message/", json={"content": "HEY"}, headers=basic()).status_code == 403
    )
    assert Message.select().count() == 0
    url = client.post("/quiet/message/", json={"content": "hidden"}, headers=basic()).headers[
        "Location"
    ]
    assert client.get(url).status_code == 403


def test_a_get_query_that_depends_on_who_asks_scopes_each_detail(make_app, alice, bob):
    """A resource showing everyone the public messages and each user their own private
    ones: the same URL answers each asker by their own rows, whoever asked first (the
    detail's query is built per request when get_query is overridden)."""

    class PublicOrOwn(RestrictOwnerResource):
        def get_query(self):
            query = super().get_query()
            user = self.get_user()
            public = Message.content != "private"
            return query.where(public | (Message.user == user.get_id()) if user else public)

    shown = Message.create(user=bob, content="public")
    hidden = Message.create(user=alice, content="private")
    app = make_app()
    api = RestAPI(app, prefix="/own", name="own", default_auth=UserAuthentication(auth))
    api.register(Message, PublicOrOwn)
    client = app.test_client()
    assert client.get(f"/own/message/{hidden.id}/", headers=basic("alice")).status_code == 200
    assert client.get(f"/own/message/{hidden.id}/", headers=basic("bob")).status_code == 404
    assert client.get(f"/own/message/{hidden.id}/").status_code == 404
    assert client.get(f"/own/message/{shown.id}/").get_json()["content"] == "public"
    assert client.get(f"/api/message/{hidden.id}/").status_code == 200  # the project's API
