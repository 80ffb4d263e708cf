"""The account pages on an app built by hand as the seed post builds it, not by create_app().

Its User model has only the contract's fields (no last_login): everything still works.
"""

import pytest
from flask import Flask
from peewee import BooleanField, CharField

from {{ cookiecutter.package_name }}.auth import Auth, BaseUser
from {{ cookiecutter.package_name }}.db import Database

from ..conftest import PASSWORD, post_form, post_login
from .conftest import link_in
from .twofactor_helpers import enroll, next_code


@pytest.fixture
def seed(seed_database_url):
    """`Flask(__name__)`, `Database(app)`, `Auth(app, db, user_model=User)`, signup on."""
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY="a secret for this test only",
        DATABASE=seed_database_url,
        BCRYPT_ROUNDS=4,
        MAIL_BACKEND="locmem",
        AUTH_SIGNUP=True,
    )
    db = Database(app)

    class User(BaseUser, db.Model):
        username = CharField(unique=True)
        email = CharField()
        password = CharField()
        active = BooleanField(default=True)
        admin = BooleanField(default=False)

    auth = Auth(app, db, user_model=User)
    db.database.create_tables([User, *auth.models])
    alice = User(username="alice", email="alice@example.com")
    alice.set_password(PASSWORD)
    alice.save()
    db.database.close()
    app.extensions["mailman"].outbox = []
    return app, User


def test_password_reset_on_a_hand_built_app(seed):
    """The emailed link sets a new password (bound to the hash alone: no last_login field)."""
    app, _ = seed
    client = app.test_client()
    post_form(client, "/accounts/password/reset/", email="alice@example.com")
    path = link_in(app.extensions["mailman"].outbox[0], "/accounts/password/reset/")
    new = {"new_password": "a new password", "confirm_password": "a new password"}
    assert post_form(client, path, **new).status_code == 302
    assert post_login(client, "alice", "a new password").status_code == 302
    assert client.get(path).status_code == 400


def test_signup_on_a_hand_built_app(seed):
    """Sign up, confirm from the email, log in."""
    app, User = seed
    client = app.test_client()
    post_form(
        client,
        "/accounts/signup/",
        username="carol",
        email="carol@example.com",
        new_password=PASSWORD,
        confirm_password=PASSWORD,
    )
    path = link_in(app.extensions["mailman"].outbox[0], "/accounts/signup/verify/")
    post_form(client, path)
    assert post_login(client, "carol").status_code == 302


def test_two_factor_and_sessions_on_a_hand_built_app(seed):
    """Enroll, then a new login needs the code; the sessions page lists both browsers."""
    app, _ = seed
    client = app.test_client()
    post_login(client)
    totp, _, _ = enroll(client)
    other = app.test_client()
    assert post_login(other).location == "/accounts/2fa/login/"
    assert post_form(other, "/accounts/2fa/login/", code=next_code(totp)).status_code == 302
    html = other.get("/accounts/sessions/").get_data(as_text=True)
    assert html.count("Sign out</button>") == 2
