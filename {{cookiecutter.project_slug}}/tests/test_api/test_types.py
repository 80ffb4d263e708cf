"""Types round-trip through JSON: dates, times, decimals, UUIDs, booleans, FKs, choices, null."""

import datetime
import uuid

import pytest
from peewee import (
    SQL,
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    Model,
    TimeField,
    UUIDField,
)

from {{ cookiecutter.package_name }}.api import Authentication, RestAPI
from {{ cookiecutter.package_name }}.cli import database
from {{ cookiecutter.package_name }}.models import User


@pytest.fixture
def gadgets(app):
    """A test-only model with one field of each type, served at /lab/gadget/ (open writes)."""

    class Gadget(Model):
        name = CharField(max_length=20)
        size = IntegerField(null=True)
        big = BigIntegerField(default=0)
        price = DecimalField(max_digits=10, decimal_places=2, null=True)
        made = DateField(null=True)
        at = TimeField(null=True)
        seen = DateTimeField(null=True)
        serial = UUIDField(null=True)
        ready = BooleanField(default=False)
        color = CharField(max_length=10, choices=[("red", "Red"), ("blue", "Blue")], default="red")
        owner = ForeignKeyField(User, null=True, on_delete="CASCADE", backref="+")

        class Meta:
            database = database()
            table_name = "test_gadget"

    Gadget.create_table()
    lab = RestAPI(app, prefix="/lab", name="lab", default_auth=Authentication(protected_methods=()))
    lab.register(Gadget)
    yield Gadget
    Gadget.drop_table()
    # Unhook it from User, or later tests would see users owning gadgets in a dropped table.
    Gadget._meta.remove_ref(Gadget.owner)


def test_every_type_round_trips(client, gadgets, alice):
    """What is written comes back the same: decimals exact, as strings."""
    serial = str(uuid.uuid4())
    sent = {
        "name": "widget",
        "size": -5,
        "big": 2**62,
        "price": "12.50",
        "made": "2024-02-29",
        "at": "13:45:30",
        "seen": "2024-02-29T13:45:30.123456",
        "serial": serial,
        "ready": True,
        "color": "blue",
        "owner": alice.id,
    }
    response = client.post("/lab/gadget/", json=sent)
    assert response.status_code == 201, response.get_json()
    stored = client.get(response.headers["Location"]).get_json()
    seen = datetime.datetime.fromisoformat(stored.pop("seen"))
    assert seen.utcoffset() is not None  # RFC 3339: datetimes carry their offset
    assert seen.replace(tzinfo=None) == datetime.datetime.fromisoformat(sent.pop("seen"))
    assert {key: stored[key] for key in sent} == sent


def test_nulls_round_trip_and_defaults_apply(client, gadgets):
    """Nullable fields accept null; left-out fields get the model's defaults."""
    response = client.post("/lab/gadget/", json={"name": "bare", "price": None, "owner": None})
    body = response.get_json()
    assert response.status_code == 201
    assert body["price"] is None and body["owner"] is None and body["seen"] is None
    assert body["ready"] is False and body["color"] == "red" and body["big"] == 0


def test_a_create_shows_what_the_database_filled_in(app, client):
    """A column the database fills (a server-side default) is read back before answering."""

    class Ticket(Model):
        title = CharField(max_length=20)
        state = CharField(max_length=10, constraints=[SQL("DEFAULT 'open'")], null=True)

        class Meta:
            database = database()
            table_name = "test_ticket"

    Ticket.create_table()
    try:
        desk = RestAPI(app, prefix="/desk", name="desk", default_auth=Authentication(()))
        desk.register(Ticket)
        response = client.post("/desk/ticket/", json={"title": "Printer"})
        assert response.status_code == 201
        assert response.get_json()["state"] == "open"
        assert client.get(response.headers["Location"]).get_json() == response.get_json()
    finally:
        Ticket.drop_table()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("size", 2**31),
        ("big", 2**64),
        ("size", "5"),
        ("size", 1.5),
        ("ready", "yes"),
        ("price", "12.345"),
        ("price", "abc"),
        ("made", "2024-02-30"),
        ("serial", "not-a-uuid"),
        ("color", "green"),
        ("name", "x" * 21),
        ("name", None),
        ("owner", 999999),
    ],
)
def test_values_the_field_cannot_hold_are_a_400(client, gadgets, field, value):
    """Types, sizes (64-bit and 32-bit integers), digits, choices, max_length, FK existence."""
    payload = {"name": "widget", field: value}
    response = client.post("/lab/gadget/", json=payload)
    assert response.status_code == 400, response.get_json()
    assert response.get_json()["errors"][0]["pointer"] == f"/{field}"
    assert gadgets.select().count() == 0


def test_filters_use_the_same_types(client, gadgets):
    """A filter value is parsed by the field's type: decimals, dates, UUIDs, booleans."""
    serial = str(uuid.uuid4())
    client.post(
        "/lab/gadget/", json={"name": "a", "price": "1.10", "serial": serial, "ready": True}
    )
    client.post("/lab/gadget/", json={"name": "b", "price": "2.20", "made": "2024-01-01"})

    def names(query):
        return [g["name"] for g in client.get(f"/lab/gadget/?{query}").get_json()["objects"]]

    assert names("price__gt=1.5") == ["b"]
    assert names(f"serial={serial}") == ["a"]
    assert names("ready=true") == ["a"]
    assert names("made__isnull=false") == ["b"]
    assert names("color__in=red,blue&ordering=-name") == ["b", "a"]
