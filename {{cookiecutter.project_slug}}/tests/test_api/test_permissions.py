"""The API asks the same permissions as the admin: per method, 403 naming what is missing."""

import pytest
from flask import Flask
from peewee import BooleanField, CharField, ForeignKeyField, TextField

from {{ cookiecutter.package_name }}.api import (
    PermissionAuthentication,
    RestAPI,
    RestResource,
    UserAuthentication,
)
from {{ cookiecutter.package_name }}.auth import Auth, BaseUser
from {{ cookiecutter.package_name }}.db import Database
from {{ cookiecutter.package_name }}.extensions import auth
from {{ cookiecutter.package_name }}.models import Message, User

from ..conftest import count_queries
from .conftest import basic

grants = auth.grants


@pytest.fixture
def staff(make_user):
    """A staff user "ed" holding `codes`."""

    def make(*codes):
        user = make_user("ed", staff=True)
        grants.grant(user, codes)
        return user

    return make


@pytest.fixture
def message(make_user):
    return Message.create(user=make_user("author"), content="by the author")


def test_a_holder_of_message_change_edits_anyones_message(client, staff, message):
    """RestrictOwnerResource: owners write their rows, message.change holders any row."""
    staff("message.change")
    response = client.patch(
        f"/api/message/{message.id}/", json={"content": "edited"}, headers=basic("ed")
    )
    assert response.status_code == 200
    assert Message.get_by_id(message.id).content == "edited"


def test_without_the_permission_the_403_names_it(client, staff, message):
    """Neither owner nor holder: 403 problem+json naming message.delete."""
    staff("message.change")
    response = client.delete(f"/api/message/{message.id}/", headers=basic("ed"))
    assert response.status_code == 403
    assert response.mimetype == "application/problem+json"
    assert "message.delete" in response.get_json()["detail"]
    assert Message.select().count() == 1


def test_a_holder_of_message_delete_deletes_anyones_message(client, staff, message):
    staff("message.delete")
    assert client.delete(f"/api/message/{message.id}/", headers=basic("ed")).status_code == 200
    assert Message.select().count() == 0


@pytest.mark.parametrize(
    "codes, method, status",
    [
        ((), "patch", 403),
        (("user.view",), "patch", 403),
        (("user.change",), "patch", 200),
        (("user.change",), "delete", 403),
        (("user.delete",), "delete", 200),
    ],
)
def test_admin_authentication_lets_in_holders_of_the_methods_permission(
    client, staff, make_user, codes, method, status
):
    """The user resource (AdminAuthentication): PUT/PATCH need user.change, DELETE user.delete."""
    staff(*codes)
    bob = make_user("bob")
    kwargs = {"json": {"active": False}} if method == "patch" else {}
    response = getattr(client, method)(f"/api/user/{bob.id}/", headers=basic("ed"), **kwargs)
    assert response.status_code == status
    if status == 403:
        assert "user." in response.get_json()["detail"]


def test_only_a_superuser_sets_admin_through_the_api(client, staff, make_user):
    """user.change does not let a staff user make anyone a superuser, themselves included."""
    ed = staff("user.change")
    bob = make_user("bob")
    for target in (bob, ed):
        response = client.patch(
            f"/api/user/{target.id}/", json={"admin": True}, headers=basic("ed")
        )
        assert response.status_code == 403
        assert "superuser" in response.get_json()["detail"]
    assert not User.select().where(User.admin == True).exists()  # noqa: E712


def test_a_staff_user_cannot_lock_out_a_superuser_through_the_api(client, staff, make_user):
    """Deactivating an account that holds more than the editor is refused."""
    staff("user.change")
    root = make_user("root", admin=True)
    response = client.patch(f"/api/user/{root.id}/", json={"active": False}, headers=basic("ed"))
    assert response.status_code == 403
    assert User.get_by_id(root.id).active


def permission_app(tmp_path):
    """A seed-style app whose message resource uses PermissionAuthentication."""
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY="a secret for this test only",
        DATABASE=f"sqlite:///{tmp_path / 'perm.db'}",
        BCRYPT_ROUNDS=4,
    )
    db = Database(app)

    class Person(BaseUser, db.Model):
        username = CharField(unique=True)
        email = CharField()
        password = CharField()
        active = BooleanField(default=True)
        admin = BooleanField(default=False)

    class Note(db.Model):
        user = ForeignKeyField(Person)
        content = TextField()

    site_auth = Auth(app, db, user_model=Person)
    api = RestAPI(app, default_auth=UserAuthentication(site_auth))
    api.register(Note, RestResource, auth=PermissionAuthentication(site_auth))
    db.create_tables(Person, Note, site_auth, api)  # the API keeps tables too (api.models)
    for name in ("reader", "nobody"):
        person = Person(username=name, email=f"{name}@example.com")
        person.set_password("a password for tests")
        person.save()
    site_auth.grants.grant(Person.get(Person.username == "reader"), ["note.view"])
    Note.create(user=Person.get(), content="hello")
    db.database.close()
    return app


def test_permission_authentication_asks_a_permission_for_reads_too(tmp_path):
    """GET needs note.view; anonymous is 401, a user without it 403 naming it. It works on
    a hand-built app whose user model has no `staff` field."""
    client = permission_app(tmp_path).test_client()
    password = "a password for tests"
    assert client.get("/api/note/").status_code == 401
    refused = client.get("/api/note/", headers=basic("nobody", password))
    assert refused.status_code == 403 and "note.view" in refused.get_json()["detail"]
    allowed = client.get("/api/note/", headers=basic("reader", password))
    assert allowed.status_code == 200 and allowed.get_json()["meta"]["object_count"] == 1
    posted = client.post(
        "/api/note/", json={"content": "x", "user": 1}, headers=basic("reader", password)
    )
    assert posted.status_code == 403 and "note.add" in posted.get_json()["detail"]


API_CALLS = {
    "PATCH another's message": ("patch", "/api/message/{message}/", ("message.change",)),
    "DELETE another's message": ("delete", "/api/message/{message}/", ("message.delete",)),
    "PATCH a user": ("patch", "/api/user/{bob}/", ("user.change",)),
}


@pytest.mark.parametrize("call", API_CALLS, ids=API_CALLS)
def test_an_api_request_reads_the_users_permissions_once_with_1_or_30_of_them(
    client, staff, make_user, message, call
):
    """As in the admin: 30 permissions cost no query more than one, and the writer's
    permissions are read by exactly one query."""
    method, path, codes = API_CALLS[call]
    bob = make_user("bob")
    ed = staff(*codes)
    path = path.format(message=message.id, bob=bob.id)
    body = {"json": {"active": True} if "user" in path else {"content": "edited"}}
    client.get("/api/message/")  # the app checks its tables once, at its first request
    counts = []
    for extra in ([], [f"thing{n}.view" for n in range(29)]):
        grants.grant(ed, extra)
        with count_queries() as queries:
            response = getattr(client, method)(
                path, headers=basic("ed"), **({} if method == "delete" else body)
            )
        assert response.status_code == 200, response.get_data(as_text=True)
        reads = [
            sql
            for sql in queries
            if "auth_user_permission" in sql and "UNION" in sql and sql.params[0] == ed.id
        ]
        counts.append((len(queries), len(reads)))
        if method == "delete":
            message = Message.create(user=message.user, content="again")
            path = f"/api/message/{message.id}/"
    assert counts[0] == counts[1] and counts[0][1] == 1, counts
