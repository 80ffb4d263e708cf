"""The blog post's snippet works as written on a brand-new Flask app, not only ours:
`app = Flask(__name__)`, `db = Database(app)`, `auth = Auth(app, db, user_model=User)`.
"""

import pytest
from flask import Flask
from peewee import BooleanField, CharField

from {{ cookiecutter.package_name }}.auth import Auth, BaseUser
from {{ cookiecutter.package_name }}.db import Database

from .conftest import token_in

PASSWORD = "snippet password"


def make_seed_app(database_path):
    """The seed's code, pasted into a fresh module, with its own User model and tables."""
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY="a secret for this test only",
        DATABASE=f"sqlite:///{database_path}",
        BCRYPT_ROUNDS=4,
    )
    db = Database(app)

    class User(BaseUser, db.Model):
        username = CharField(unique=True)
        email = CharField()
        password = CharField()
        active = BooleanField(default=True)
        admin = BooleanField(default=False)

    auth = Auth(app, db, user_model=User)

    @app.route("/")
    @auth.login_required
    def home():
        return f"Hello, {auth.get_logged_in_user().username}"

    db.database.create_tables([User, *auth.models])
    alice = User(username="alice", email="alice@example.com")
    alice.set_password(PASSWORD)
    alice.save()
    db.database.close()
    return app


def test_the_seed_snippet_logs_a_user_in_and_out(tmp_path):
    """Login and logout work with the blueprint's own templates on an app we did not build."""
    client = make_seed_app(tmp_path / "seed.db").test_client()
    assert client.get("/").headers["Location"] == "/accounts/login/?next=/"

    login_page = client.get("/accounts/login/?next=/").get_data(as_text=True)
    assert "<h1>Log in</h1>" in login_page
    token = token_in(login_page)
    data = {"username": "alice", "password": PASSWORD, "next": "/", "csrf_token": token}
    assert client.post("/accounts/login/", data=data).headers["Location"] == "/"
    assert client.get("/").get_data(as_text=True) == "Hello, alice"

    password_page = client.get("/accounts/password/").get_data(as_text=True)
    assert "Log out" in password_page  # the blueprint's own pages carry a logout button
    client.post("/accounts/logout/", data={"csrf_token": token_in(password_page)})
    assert client.get("/").status_code == 302


def test_auth_without_a_user_model_says_what_it_needs():
    """Forgetting the database or user model is a clear error at startup, not a later crash."""
    with pytest.raises(TypeError, match="Auth needs db and user_model"):
        Auth(Flask(__name__))
