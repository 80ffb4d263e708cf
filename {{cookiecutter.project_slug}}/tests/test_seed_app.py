"""The seed post's app, built from scratch: `Flask(__name__)`, `Database(app)`,
`Auth(app, db, user_model=User)`{% if cookiecutter.include_admin %}, `Admin(app, auth)`{% endif %}{% if cookiecutter.include_api %}, `RestAPI(app, ...)`{% endif %}, with its own models.

Nothing here goes through create_app(): each component must stand on its own.
"""

{% if cookiecutter.include_api -%}
import base64

{% endif -%}
import pytest
from flask import Flask
from peewee import BooleanField, CharField, ForeignKeyField, TextField

{% if cookiecutter.include_admin -%}
from {{ cookiecutter.package_name }}.admin import Admin, AdminPanel
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


def build_seed_app(database_url, create_tables=True, **settings):
    """The post's code in a fresh module: its own User, a Gadget with secret-looking fields."""
    seed = SeedApp()
    app = seed.app = Flask(__name__)
    app.config.update(
        SECRET_KEY="a secret for this test only",
        DATABASE=database_url,
        BCRYPT_ROUNDS=4,
        AUTH_REQUIRE_2FA_FOR_STAFF=False,  # on by default; the accounts tests cover it
        **settings,
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
    components = [auth]
{%- if cookiecutter.include_admin %}
    seed.admin = admin = Admin(app, auth)
    admin.register(Gadget)  # a plain register: no columns, no exclude

    class CountPanel(AdminPanel):  # no template_name: the default panel template
        def get_context(self):
            return {"gadgets": Gadget.select().count()}

    admin.register_panel("Counts", CountPanel)
    auth.register_admin(admin)
    components.append(admin)
{%- endif %}
{%- if cookiecutter.include_api %}
    seed.api = api = RestAPI(app, default_auth=UserAuthentication(auth))
    api.register(Gadget)
    components.append(api)
{%- endif %}
    if not create_tables:
        db.database.create_tables([User, Gadget])  # the app's models, not the components'
        return seed
    db.create_tables(User, Gadget, *components)  # the one documented way
    root = User(username="root", email="root@example.com", admin=True)
    root.set_password(PASSWORD)
    root.save()
    Gadget.create(owner=root, name="lamp", hashtag="#bright", key="KEY-VALUE-0001")
    Gadget.create(owner=root, name="fan", hashtag="#cool", key="OTHER-VALUE-0002")
    db.database.close()
    return seed


def sqlite_url(path):
    return f"sqlite:///{path}"


@pytest.fixture
def seed(seed_database_url):
    """The seed app on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set."""
    return build_seed_app(seed_database_url)


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


def test_the_seed_app_lets_strangers_slow_down_nobody_but_themselves(seed):
    """Five wrong passwords from one address: that address waits, the owner's does not."""
    stranger, owner = seed.app.test_client(), seed.app.test_client()
    stranger.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    for _ in range(5):
        assert post_login(stranger, "root", "wrong").status_code == 200
    assert post_login(stranger, "root", PASSWORD).status_code == 429
    assert post_login(owner, "root", PASSWORD).status_code == 302


def test_missing_component_tables_are_a_clear_message_not_a_500(tmp_path, caplog):
    """Forgetting to create auth's tables: a 503 and a log line naming them and the fix."""
    seed = build_seed_app(sqlite_url(tmp_path / "bare.db"), create_tables=False)
    client = seed.app.test_client()
    response = client.get("/accounts/login/")
    assert response.status_code == 503
    assert "auth_failed_attempt" in caplog.text and "create_tables" in caplog.text
    seed.db.create_tables(*[seed.auth{% if cookiecutter.include_admin %}, seed.admin{% endif %}{% if cookiecutter.include_api %}, seed.api{% endif %}])
    assert client.get("/accounts/login/").status_code == 200


def test_the_seed_app_answers_503_while_its_database_is_out_of_reach_then_recovers(tmp_path):
    """Database(app) on its own: while the file is out of reach, a 503 with Retry-After
    everywhere (a page for people, JSON for JSON clients, problem+json under the API), no
    traceback; once it is back, the same app serves again."""
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    seed = build_seed_app(sqlite_url(link / "seed.db"))
    client = seed.app.test_client()
    post_login(client, "root", PASSWORD)
    link.unlink()  # the database's directory disappears
    pages = ["/accounts/login/", "/accounts/sessions/"{% if cookiecutter.include_admin %}, "/admin/", "/admin/gadget/"{% endif %}]
    for path in pages:
        page = client.get(path, headers={"Accept": "*/*"})
        as_json = client.get(path, headers={"Accept": "application/json"})
        assert (page.status_code, page.mimetype) == (503, "text/html"), path
        assert (as_json.status_code, as_json.mimetype) == (503, "application/json"), path
        assert "Traceback" not in page.get_data(as_text=True)
        assert int(page.headers["Retry-After"]) > 0 and int(as_json.headers["Retry-After"]) > 0
{%- if cookiecutter.include_api %}
    for method, path in (
        ("get", "/api/gadget/"),
        ("get", "/api/gadget/1/"),
        ("post", "/api/gadget/"),
    ):
        response = getattr(client, method)(path, json={"owner": 1, "name": "x"}, headers=BASIC)
        assert response.status_code == 503, path
        assert response.mimetype == "application/problem+json", path
        assert int(response.headers["Retry-After"]) > 0
{%- endif %}
    link.symlink_to(real, target_is_directory=True)  # and it is back
    for path in pages:
        assert client.get(path).status_code == 200, path
{%- if cookiecutter.include_api %}
    assert client.get("/api/gadget/").status_code == 200
{%- endif %}
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


def test_a_panel_without_a_template_gets_the_default_one(seed):
    """An AdminPanel that names no template shows its context; the dashboard still works."""
    client = seed.app.test_client()
    post_login(client, "root", PASSWORD)
    response = client.get("/admin/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Counts" in page and "<dt>Gadgets</dt>" in page and "<dd>2</dd>" in page
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
    assert "key cannot be written" in created.get_json()["detail"]
    assert seed.Gadget.get_or_none(seed.Gadget.key == "mine") is None
    schema = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    assert not any("key" in (s.get("properties") or {}) for s in schema.values())
{%- endif %}
{%- if cookiecutter.include_api %}


def test_the_api_answers_every_error_under_its_prefix_as_a_problem(seed):
    """Unknown URLs, wrong methods and bad bodies: problem+json, on an app we did not build."""
    client = seed.app.test_client()
    for path in ("/api/no/such/thing/", "/api/gadget/1/extra/", "/api/nothing/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.mimetype == "application/problem+json", path
    wrong = client.post("/api/gadget/1/", json={})
    assert wrong.status_code == 405 and wrong.mimetype == "application/problem+json"
    assert "GET" in wrong.headers["Allow"]
    outside = client.get("/no/such/page/")
    assert outside.status_code == 404 and outside.mimetype == "text/html"


def test_the_api_limits_body_sizes_itself(seed):
    """A 2 MB JSON body is refused with 413 (API_MAX_BODY_BYTES, 1 MiB) and nothing stored."""
    body = {"owner": 1, "name": "x" * (2 * 1024 * 1024)}
    response = seed.app.test_client().post("/api/gadget/", json=body, headers=BASIC)
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert seed.Gadget.select().count() == 2


def test_the_api_body_limit_is_a_setting(tmp_path):
    """API_MAX_BODY_BYTES lowers (or raises) the limit."""
    seed = build_seed_app(sqlite_url(tmp_path / "small.db"), API_MAX_BODY_BYTES=100)
    body = {"owner": 1, "name": "x" * 200}
    response = seed.app.test_client().post("/api/gadget/", json=body, headers=BASIC)
    assert response.status_code == 413


def test_rate_limiting_works_on_the_seed_app(tmp_path):
    """API_RATE_LIMIT counts in the seed app's own database."""
    seed = build_seed_app(sqlite_url(tmp_path / "limited.db"), API_RATE_LIMIT="2/minute")
    client = seed.app.test_client()
    assert [client.get("/api/gadget/").status_code for _ in range(3)] == [200, 200, 429]
{%- endif %}


@pytest.mark.parametrize("testing, required", [(False, True), (True, False)])
def test_auth_on_a_hand_built_app_asks_staff_for_two_factor_outside_tests(
    tmp_path, testing, required
):
    """AUTH_REQUIRE_2FA_FOR_STAFF left unset: Auth turns it on, unless the app is TESTING."""
    app = Flask(__name__)
    app.config.update(TESTING=testing, SECRET_KEY="x", DATABASE=f"sqlite:///{tmp_path}/a.db")
    db = Database(app)

    class User(BaseUser, db.Model):
        username = CharField(unique=True)
        email = CharField()
        password = CharField()
        active = BooleanField(default=True)
        admin = BooleanField(default=False)

    Auth(app, db, user_model=User)
    assert app.config["AUTH_REQUIRE_2FA_FOR_STAFF"] is required
