"""The seed post's app, built from scratch: `Flask(__name__)`, `Database(app)`,
`Auth(app, db, user_model=User)`{% if cookiecutter.include_admin %}, `Admin(app, auth)`{% endif %}{% if cookiecutter.include_api %}, `RestAPI(app, ...)`{% endif %}, with its own models.

Nothing here goes through create_app(): each component must stand on its own.
"""

import base64

import pytest
from flask import Flask
from peewee import BooleanField, CharField, ForeignKeyField, TextField

{% if cookiecutter.include_admin -%}
from {{ cookiecutter.package_name }}.admin import Admin
{% endif -%}
{% if cookiecutter.include_api -%}
from {{ cookiecutter.package_name }}.api import RestAPI, UserAuthentication
{% endif -%}
from {{ cookiecutter.package_name }}.auth import Auth, BaseUser
from {{ cookiecutter.package_name }}.db import Database
from {{ cookiecutter.package_name }}.secret_fields import is_secret

from .conftest import post_login

PASSWORD = "seed app password"
{%- if cookiecutter.include_api %}
BASIC = {"Authorization": "Basic " + base64.b64encode(f"root:{PASSWORD}".encode()).decode()}
{%- endif %}


class SeedApp:
    """The pieces of one seed-style app, for tests to reach into."""


def build_seed_app(database_path):
    """The post's code in a fresh module: its own User, a Gadget with secret-looking fields."""
    seed = SeedApp()
    app = seed.app = Flask(__name__)
    app.config.update(
        SECRET_KEY="a secret for this test only",
        DATABASE=f"sqlite:///{database_path}",
        BCRYPT_ROUNDS=4,
    )
    db = seed.db = Database(app)

    class User(BaseUser, db.Model):
        username = CharField(unique=True)
        email = CharField()
        password = CharField()
        active = BooleanField(default=True)
        admin = BooleanField(default=False)

    class Gadget(db.Model):
        owner = ForeignKeyField(User)
        name = CharField()
        hashtag = CharField(default="")  # not a secret: "hash" is only part of a word
        key = CharField(default="")  # a secret: "key" is the whole name
        notes = TextField(default="")

    seed.User, seed.Gadget = User, Gadget
    seed.auth = auth = Auth(app, db, user_model=User)
    tables = [User, Gadget, *auth.models]
{%- if cookiecutter.include_admin %}
    seed.admin = admin = Admin(app, auth)
    admin.register(Gadget)  # a plain register: no columns, no exclude
    auth.register_admin(admin)
    tables += admin.models
{%- endif %}
{%- if cookiecutter.include_api %}
    seed.api = api = RestAPI(app, default_auth=UserAuthentication(auth))
    api.register(Gadget)
    tables += api.models
{%- endif %}
    db.database.create_tables(tables)
    root = User(username="root", email="root@example.com", admin=True)
    root.set_password(PASSWORD)
    root.save()
    Gadget.create(owner=root, name="lamp", hashtag="#bright", key="KEY-VALUE-0001")
    Gadget.create(owner=root, name="fan", hashtag="#cool", key="OTHER-VALUE-0002")
    db.database.close()
    return seed


@pytest.fixture
def seed(tmp_path):
    return build_seed_app(tmp_path / "seed.db")


@pytest.mark.parametrize(
    "name", ["password", "key", "api_key", "key_hash", "apiKey", "reset_token", "totp_secret"]
)
def test_secret_looking_names_are_secret(name):
    """One rule for everything: a whole word "key", "hash" or "salt", or a password/secret/token."""
    assert is_secret(name)


@pytest.mark.parametrize("name", ["hashtag", "keyword", "monkey", "name", "prefix", "notes"])
def test_ordinary_names_are_not_secret(name):
    """`hashtag` and `keyword` only contain a secret-looking word; they are ordinary fields."""
    assert not is_secret(name)


def test_the_seed_app_logs_in(seed):
    """Auth on a hand-built app: the right password logs in, with no table missing."""
    client = seed.app.test_client()
    assert post_login(client, "root", PASSWORD).status_code == 302
{%- if cookiecutter.include_admin %}


def test_the_admin_never_shows_a_secret_field(seed):
    """A plain `admin.register(Gadget)`: `key` is not in the list, export, search or sort."""
    client = seed.app.test_client()
    post_login(client, "root", PASSWORD)
    page = client.get("/admin/gadget/").get_data(as_text=True)
    assert "#bright" in page and "KEY-VALUE-0001" not in page
    assert "KEY-VALUE-0001" not in client.get("/admin/gadget/export.csv").get_data(as_text=True)
    assert "KEY-VALUE-0001" not in client.get("/admin/gadget/export.json").get_data(as_text=True)
    # Searching, filtering or sorting by the secret would let one guess it a character at a
    # time: the secret must not tell the lamp from the fan.
    for query in ("q=KEY-VALUE", "key__startswith=KEY", "key=KEY-VALUE-0001"):
        response = client.get(f"/admin/gadget/?{query}")
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert ("lamp" in page) == ("fan" in page), query
    orders = []
    for order in ("key", "-key"):
        page = client.get(f"/admin/gadget/?o={order}").get_data(as_text=True)
        orders.append(page.index("<td>lamp</td>") < page.index("<td>fan</td>"))
    assert orders[0] == orders[1]  # sorting by the secret would flip the order
    edit = client.get("/admin/gadget/1/").get_data(as_text=True)
    assert "KEY-VALUE-0001" not in edit and "#bright" in edit
{%- endif %}
{%- if cookiecutter.include_api %}


def test_the_api_hides_the_same_secret_fields(seed):
    """`api.register(Gadget)`: `hashtag` is served, `key` never, nor accepted in a filter."""
    client = seed.app.test_client()
    item = client.get("/api/gadget/1/").get_json()
    assert item["hashtag"] == "#bright" and "key" not in item
    assert client.get("/api/gadget/?key=KEY-VALUE-0001").status_code == 400
    assert client.get("/api/gadget/?ordering=key").status_code == 400
    body = {"owner": 1, "name": "fan", "key": "mine"}
    created = client.post("/api/gadget/", json=body, headers=BASIC)
    assert created.status_code == 400
    assert "'key' cannot be written" in created.get_json()["detail"]
    assert seed.Gadget.get_or_none(seed.Gadget.key == "mine") is None
    schema = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    assert not any("key" in (s.get("properties") or {}) for s in schema.values())
{%- endif %}
