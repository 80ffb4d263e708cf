"""Writes as flask-peewee clients send them: a foreign key by column name, an object PUT
back as it was read, and nested objects for include_resources (opt-in, each checked by
its own resource, the whole write atomic)."""

import datetime
import secrets

import pytest

from {{ cookiecutter.package_name }}.api import RestAPI, RestResource, UserAuthentication
from {{ cookiecutter.package_name }}.extensions import auth
from {{ cookiecutter.package_name }}.models import Message, User

from .conftest import basic


@pytest.fixture
def message(alice):
    return Message.create(user=alice, content="Hello")


# -- a foreign key by column name ---------------------------------------------------


@pytest.fixture
def open_client(make_app):
    """The seed post's plain `RestResource` for messages: the user field is writable."""
    app = make_app()
    api = RestAPI(app, default_auth=UserAuthentication(auth), prefix="/plain", name="plain")
    api.register(Message, RestResource)
    return app.test_client()


def test_a_writable_foreign_key_may_be_given_by_its_column_name(open_client, alice, bob):
    """`{"user_id": 3}` sets the user, on create and on update."""
    response = open_client.post(
        "/plain/message/", json={"content": "hi", "user_id": alice.id}, headers=basic()
    )
    assert response.status_code == 201 and response.get_json()["user"] == alice.id
    url = response.headers["Location"]
    response = open_client.patch(url, json={"user_id": bob.id}, headers=basic())
    assert response.status_code == 200 and response.get_json()["user"] == bob.id


def test_field_and_column_name_together_is_a_400(open_client, alice):
    """Sending both `user` and `user_id` is ambiguous: refused, naming the column."""
    response = open_client.post(
        "/plain/message/",
        json={"content": "hi", "user": alice.id, "user_id": alice.id},
        headers=basic(),
    )
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["pointer"] == "/user_id"


def test_a_read_only_foreign_key_by_column_name_is_refused_when_changed(client, message, bob):
    """The owner of a message (read-only) cannot be moved with `user_id` either."""
    url = f"/api/message/{message.id}/"
    response = client.patch(url, json={"user_id": bob.id}, headers=basic())
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["pointer"] == "/user_id"
    same = client.patch(url, json={"user_id": message.user_id, "content": "x"}, headers=basic())
    assert same.status_code == 200 and Message.get_by_id(message.id).user_id == message.user_id


# -- PUT back what GET gave -------------------------------------------------------


def test_an_object_put_back_as_read_is_accepted(client, message):
    """GET then PUT the same body with one change: the pk, read-only pub_date and the
    nested (read-only) user are unchanged, so only the content is written."""
    url = f"/api/message/{message.id}/"
    body = client.get(url).get_json()
    body["content"] = "Edited"
    response = client.put(url, json=body, headers=basic())
    assert response.status_code == 200, response.get_json()
    assert Message.get_by_id(message.id).content == "Edited"


@pytest.mark.parametrize(
    ("change", "pointer"),
    [
        ({"id": 999}, "/id"),
        ({"pub_date": "1999-01-01T00:00:00+00:00"}, "/pub_date"),
        ({"user": {"id": 999, "username": "x", "active": True}}, "/user"),
    ],
)
def test_a_changed_read_only_field_or_pk_is_refused(client, message, change, pointer):
    """Changing the pk, a read-only field or the nested owner is a 400 naming it."""
    url = f"/api/message/{message.id}/"
    body = {**client.get(url).get_json(), **change, "content": "Edited"}
    response = client.put(url, json=body, headers=basic())
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["pointer"] == pointer
    assert Message.get_by_id(message.id).content == "Hello"


def test_a_read_only_date_in_another_offset_counts_as_unchanged(client, message):
    """The same instant written with another UTC offset is the same value."""
    url = f"/api/message/{message.id}/"
    sent = client.get(url).get_json()["pub_date"]
    moved = datetime.datetime.fromisoformat(sent).astimezone(datetime.UTC)
    response = client.patch(url, json={"pub_date": moved.isoformat()}, headers=basic())
    assert response.status_code == 200


# -- nested writes ------------------------------------------------------------------


class SelfEditedUser(RestResource):
    """Users edit only themselves; `active` is read-only; no deletes."""

    fields = ("id", "username", "active")
    readonly_fields = ("active",)
    allowed_methods = ("GET", "POST", "PUT", "PATCH")

    def check_put(self, obj):
        return obj.id == self.get_user().id

    def check_post(self, obj):
        return obj.username != "root"

    def build_object(self, data):
        user = super().build_object({**data, "email": f"{data['username']}@example.com"})
        user.set_password(secrets.token_hex(16))  # a new user sets theirs by reset
        return user


class PostWithAuthor(RestResource):
    include_resources = {"user": SelfEditedUser}
    nested_writes = ("user",)

    def check_post(self, obj):
        return obj.content != "refused"

    def check_put(self, obj):
        return obj.content != "locked"


@pytest.fixture
def nested_client(make_app):
    app = make_app()
    api = RestAPI(app, default_auth=UserAuthentication(auth), prefix="/nest", name="nest")
    api.register(User, SelfEditedUser)
    api.register(Message, PostWithAuthor)
    return app.test_client()


def test_a_nested_object_updates_the_related_row(nested_client, message, alice):
    """PUT with the user object changed renames alice, and the answer shows it."""
    url = f"/nest/message/{message.id}/"
    body = nested_client.get(url).get_json()
    body["content"] = "Edited"
    body["user"]["username"] = "alice2"
    response = nested_client.put(url, json=body, headers=basic())
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["user"]["username"] == "alice2"
    assert User.get_by_id(alice.id).username == "alice2"
    assert Message.get_by_id(message.id).content == "Edited"


def test_a_nested_object_is_checked_by_its_own_resource(nested_client, message, bob):
    """Alice may edit her message but not bob, through it: 403, and nothing changes."""
    url = f"/nest/message/{message.id}/"
    response = nested_client.put(
        url,
        json={"content": "Edited", "user": {"id": bob.id, "username": "hacked"}},
        headers=basic(),
    )
    assert response.status_code == 403
    assert User.get_by_id(bob.id).username == "bob"
    assert Message.get_by_id(message.id).content == "Hello"


def test_a_nested_read_only_field_is_refused_when_changed(nested_client, message, alice):
    """The nested resource's own read-only fields hold inside a nested object."""
    url = f"/nest/message/{message.id}/"
    response = nested_client.patch(
        url, json={"user": {"id": alice.id, "active": False}}, headers=basic()
    )
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["pointer"] == "/user/active"
    assert User.get_by_id(alice.id).active is True


def test_a_nested_object_without_id_creates_the_related_row(nested_client, alice):
    """POST with a new user object creates that user and points the message at it."""
    response = nested_client.post(
        "/nest/message/", json={"content": "hi", "user": {"username": "carol"}}, headers=basic()
    )
    assert response.status_code == 201, response.get_json()
    carol = User.get(User.username == "carol")
    assert response.get_json()["user"] == {"id": carol.id, "username": "carol", "active": True}


def test_the_whole_nested_write_is_atomic(nested_client, message, alice):
    """When the message itself is refused after its user was written, neither is kept."""
    response = nested_client.post(
        "/nest/message/",
        json={"content": "refused", "user": {"id": alice.id, "username": "renamed"}},
        headers=basic(),
    )
    assert response.status_code == 403
    assert User.get_by_id(alice.id).username == "alice"
    response = nested_client.post(
        "/nest/message/", json={"content": "refused", "user": {"username": "dave"}}, headers=basic()
    )
    assert response.status_code == 403 and not User.select().where(User.username == "dave").exists()


@pytest.mark.parametrize(
    ("user", "status", "pointer"),
    [
        ({"username": "root"}, 403, None),
        ({"id": 99999, "username": "x"}, 400, "/user/id"),
        ({"id": "abc"}, 400, "/user/id"),
        ({"username": 5}, 400, "/user/username"),
        ({"username": "x", "email": "x@example.com"}, 400, "/user/email"),
    ],
)
def test_bad_nested_objects_are_clear_errors(nested_client, alice, user, status, pointer):
    """A refused, unknown, mistyped or unwritable nested object: 4xx naming it, no rows."""
    before = User.select().count()
    response = nested_client.post(
        "/nest/message/", json={"content": "hi", "user": user}, headers=basic()
    )
    assert response.status_code == status
    if pointer:
        assert response.get_json()["errors"][0]["pointer"] == pointer
    assert User.select().count() == before and Message.select().count() == 0


def test_nested_writes_are_off_unless_the_resource_opts_in(client, message, alice):
    """The project's MessageResource nests users read-only: a changed user object is 400."""
    url = f"/api/message/{message.id}/"
    body = client.get(url).get_json()
    body["user"]["username"] = "alice2"
    response = client.put(url, json=body, headers=basic())
    assert response.status_code == 400
    assert User.get_by_id(alice.id).username == "alice"


def test_nested_writes_must_name_an_included_resource():
    """`nested_writes` naming a relation that is not in include_resources fails at register()."""

    class Wrong(RestResource):
        nested_writes = ("user",)

    with pytest.raises(ValueError, match="not in include_resources"):
        RestAPI(prefix="/w", name="w").register(Message, Wrong)
