"""Inlines on an app built by hand, as the blog post builds it, where the child has two
foreign keys to the parent (`fk_name` picks one), on SQLite and on PostgreSQL."""

import re

import pytest
from flask import Flask
from peewee import BooleanField, CharField, ForeignKeyField, IntegerField

from {{ cookiecutter.package_name }}.admin import Admin, TabularInline, UserAdmin
from {{ cookiecutter.package_name }}.auth import Auth, BaseUser
from {{ cookiecutter.package_name }}.db import Database

from ..conftest import PASSWORD, post_login, token_in


class HandBuilt:
    """The pieces of one hand-built app, for the tests to reach into."""


def build(settings, fk_name="receiver"):
    """A seed-style app whose people send each other transfers; the person page shows
    the transfers they received (an inline on `fk_name`)."""
    seed = HandBuilt()
    app = seed.app = Flask(__name__)
    app.config.update(
        SECRET_KEY="a secret for this test only",
        BCRYPT_ROUNDS=4,
        AUTH_REQUIRE_2FA_FOR_STAFF=False,
        **settings,
    )
    db = Database(app)

    class Person(BaseUser, db.Model):
        username = CharField(unique=True)
        email = CharField()
        password = CharField()
        active = BooleanField(default=True)
        admin = BooleanField(default=False)

    class Transfer(db.Model):
        sender = ForeignKeyField(Person, backref="sent")
        receiver = ForeignKeyField(Person, backref="received")
        amount = IntegerField()
        memo = CharField(default="")

        def __str__(self):
            return f"{self.amount} to {self.receiver.username}"

    class ReceivedInline(TabularInline):
        model = Transfer
        fields = ("sender", "amount", "memo")
        ordering = ("id",)
        extra = 1

    ReceivedInline.fk_name = fk_name

    class PersonAdmin(UserAdmin):
        inlines = (ReceivedInline,)

    auth = Auth(app, db, user_model=Person)
    seed.admin = admin = Admin(app, auth)
    admin.register(Person, PersonAdmin)
    admin.register(Transfer)
    db.create_tables(Person, Transfer, auth, admin)
    seed.people = {}
    for name in ("root", "ann", "ben"):
        person = Person(username=name, email=f"{name}@example.com", admin=name == "root")
        person.set_password(PASSWORD)
        person.save()
        seed.people[name] = person
    root, ann, ben = seed.people["root"], seed.people["ann"], seed.people["ben"]
    seed.to_ann = Transfer.create(sender=root, receiver=ann, amount=10, memo="rent")
    seed.from_ann = Transfer.create(sender=ann, receiver=ben, amount=5, memo="lunch")
    db.database.close()
    seed.Person, seed.Transfer, seed.db = Person, Transfer, db
    seed.client = app.test_client()
    assert post_login(seed.client, "root", PASSWORD).status_code == 302
    return seed


@pytest.fixture
def seed(hand_built_database):
    seed = build(hand_built_database)
    yield seed
    seed.db.database.close()


def person_form(seed, person, rows):
    """POST `person`'s page with `rows` as the received transfers."""
    path = f"/admin/person/{person.id}/"
    data = {
        "csrf_token": token_in(seed.client.get(path).get_data(as_text=True)),
        "username": person.username,
        "email": person.email,
        "active": "y",
        "received-TOTAL": str(len(rows)),
    }
    for number, row in enumerate(rows):
        for name, value in row.items():
            data[f"received-{number}-{name}"] = value
    return seed.client.post(path, data=data)


def transfers(seed):
    with seed.app.app_context():
        query = seed.Transfer.select().order_by(seed.Transfer.id)
        return [(t.sender_id, t.receiver_id, t.amount, t.memo) for t in query]


def test_two_foreign_keys_to_the_parent_need_fk_name(hand_built_database):
    """Without fk_name the inline cannot tell sender from receiver: an error at
    registration that says to set fk_name."""
    with pytest.raises(ValueError, match="more than one foreign key to Person; set fk_name"):
        build(hand_built_database, fk_name=None)


def test_the_inline_shows_the_rows_of_the_named_foreign_key(seed):
    """Ann's page lists the transfer she received (rent), not the one she sent."""
    page = seed.client.get(f"/admin/person/{seed.people['ann'].id}/").get_data(as_text=True)
    memos = re.findall(r'name="received-\d+-memo"[^>]*value="([^"]*)"', page)
    assert memos == ["rent", ""]


def test_saving_writes_through_the_named_key_with_history_per_child(seed):
    """A changed row and a new row are saved with ann as receiver, each with a history
    entry of its own."""
    ann, ben = seed.people["ann"], seed.people["ben"]
    response = person_form(
        seed,
        ann,
        [
            {"id": seed.to_ann.id, "sender": seed.people["root"].id, "amount": 12, "memo": "rent"},
            {"sender": ben.id, "amount": 3, "memo": "coffee"},
        ],
    )
    assert response.status_code == 302
    root_id = seed.people["root"].id
    assert transfers(seed) == [
        (root_id, ann.id, 12, "rent"),
        (ann.id, ben.id, 5, "lunch"),
        (ben.id, ann.id, 3, "coffee"),
    ]
    with seed.app.app_context():
        log = [(e.model, e.action) for e in seed.admin.LogEntry.select()]
    assert ("transfer", "changed") in log and ("transfer", "added") in log


def test_a_row_of_the_other_foreign_key_is_refused_and_nothing_is_written(seed):
    """The transfer ann sent (hers through `sender`, not `receiver`) cannot be edited on
    her page: a form error, and no row changes."""
    ann = seed.people["ann"]
    before = transfers(seed)
    response = person_form(
        seed,
        ann,
        [
            {"id": seed.from_ann.id, "sender": ann.id, "amount": 500, "memo": "forged"},
            {"sender": ann.id, "amount": 1, "memo": "would be added"},
        ],
    )
    assert response.status_code == 200
    assert "nothing was saved" in response.get_data(as_text=True)
    assert transfers(seed) == before


def test_an_amount_too_big_for_its_column_is_an_error_beside_its_row(seed):
    """An integer no column holds is a form error in that row, not a 500; nothing written."""
    ann = seed.people["ann"]
    before = transfers(seed)
    response = person_form(
        seed,
        ann,
        [{"id": seed.to_ann.id, "sender": seed.people["root"].id, "amount": 2**63, "memo": "x"}],
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'aria-describedby="received-0-amount-errors"' in html
    assert transfers(seed) == before
