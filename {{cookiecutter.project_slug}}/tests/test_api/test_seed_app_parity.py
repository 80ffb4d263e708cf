"""flask-peewee's API behaviour on an app built by hand, as the blog post builds it:
one page when paginate_by is None, ORed and negated filters, `user_id`, PUT back as read,
and a nested write checked by the related resource."""

from flask import Flask
from peewee import BooleanField, CharField, ForeignKeyField, TextField

from {{ cookiecutter.package_name }}.api import RestAPI, RestResource, UserAuthentication
from {{ cookiecutter.package_name }}.auth import Auth, BaseUser
from {{ cookiecutter.package_name }}.db import Database

from .conftest import basic

PASSWORD = "a password for tests"


def seed_app(database_settings):
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY="a secret for this test only",
        BCRYPT_ROUNDS=4,
        **database_settings,
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

    class PersonResource(RestResource):
        fields = ("id", "username")

        def check_put(self, obj):
            return obj.id == self.get_user().id

    class NoteResource(RestResource):
        paginate_by = None
        max_paginate_by = 3
        include_resources = {"user": PersonResource}
        nested_writes = ("user",)

    site_auth = Auth(app, db, user_model=Person)
    api = RestAPI(app, default_auth=UserAuthentication(site_auth))
    api.register(Person, PersonResource)
    api.register(Note, NoteResource)
    db.create_tables(Person, Note, site_auth, api)  # the API keeps tables too (api.models)
    people = []
    for name in ("ann", "ben"):
        person = Person(username=name, email=f"{name}@example.com")
        person.set_password(PASSWORD)
        person.save()
        people.append(person)
    db.database.close()
    return app, people


def test_flask_peewee_clients_work_against_a_hand_built_api(hand_built_database):
    """The parity behaviours hold outside create_app(), on SQLite and on PostgreSQL."""
    app, (ann, ben) = seed_app(hand_built_database)
    client = app.test_client()
    headers = basic("ann", PASSWORD)
    for n, person in enumerate((ann, ann, ben, ben)):
        created = client.post(
            "/api/note/", json={"content": f"n{n}", "user_id": person.id}, headers=headers
        )
        assert created.status_code == 201
    page = client.get("/api/note/").get_json()
    assert len(page["objects"]) == 3 and page["meta"]["next"]  # one page, capped at 3
    both = client.get("/api/note/?content=n0&content=n3").get_json()["objects"]
    assert [note["content"] for note in both] == ["n0", "n3"]
    assert len(client.get("/api/note/?-user__username=ann").get_json()["objects"]) == 2
    url = f"/api/note/{both[0]['id']}/"
    note = client.get(url).get_json()
    note["user"]["username"] = "annie"
    assert client.put(url, json=note, headers=headers).status_code == 200
    assert client.get(url).get_json()["user"]["username"] == "annie"
    other = {"content": "x", "user": {"id": ben.id, "username": "hacked"}}
    assert client.put(url, json=other, headers=basic("annie", PASSWORD)).status_code == 403
    assert client.get(f"/api/person/{ben.id}/").get_json()["username"] == "ben"
