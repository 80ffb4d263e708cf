"""Logging in: one message for every failure, safe redirects, fresh sessions, the decorators."""

import bcrypt
import pytest
from flask import g

from {{ cookiecutter.package_name }}.extensions import auth

from .conftest import PASSWORD, post_login

WRONG = "Please enter a correct username and password."


def logged_in(client):
    """Whether `client` is logged in: only then does the password page answer 200."""
    return client.get("/accounts/password/").status_code == 200


def test_a_user_logs_in_and_sees_their_name(client, make_user, login):
    """The right password logs in; the site's navigation then shows the user and a logout."""
    make_user("alice")
    response = login("alice")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    html = client.get("/").get_data(as_text=True)
    assert "alice" in html and "Log out" in html and "Change password" in html


def test_wrong_password_and_unknown_username_get_the_same_message(client, make_user, login):
    """The message does not tell which usernames exist."""
    make_user("alice")
    wrong_password = login("alice", "not the password").get_data(as_text=True)
    unknown_user = login("nobody", PASSWORD).get_data(as_text=True)
    assert WRONG in wrong_password and WRONG in unknown_user
    assert not logged_in(client)


def test_unknown_usernames_cost_the_same_hashing_work(client, make_user, login, monkeypatch):
    """One bcrypt check, at the same cost, whether or not the username exists (no timing oracle)."""
    make_user("alice")
    calls = []

    def counting(name):
        real = getattr(bcrypt, name)

        def wrapper(password, salt_or_hash):
            calls.append((name, salt_or_hash[:7]))  # `$2b$04$`: the algorithm and cost
            return real(password, salt_or_hash)

        return wrapper

    monkeypatch.setattr(bcrypt, "checkpw", counting("checkpw"))
    monkeypatch.setattr(bcrypt, "hashpw", counting("hashpw"))
    login("alice", "not the password")
    known_user = list(calls)
    calls.clear()
    login("nobody", "not the password")
    assert known_user == calls == [("checkpw", b"$2b$04$")]


def test_inactive_users_cannot_log_in(client, make_user, login):
    """A deactivated account gets the generic message even with the right password."""
    make_user("alice", active=False)
    assert WRONG in login("alice").get_data(as_text=True)
    assert not logged_in(client)


def test_deactivating_a_user_ends_their_sessions(client, make_user, login):
    """A user switched to inactive is logged out at their next request."""
    alice = make_user("alice")
    login("alice")
    alice.active = False
    alice.save()
    assert not logged_in(client)


def test_next_is_honoured_for_a_path_on_this_site(client, make_user, login):
    """After logging in, the user lands on the page that sent them to the login form."""
    make_user("alice")
    response = login("alice", next_url="/users/alice/?page=1")
    assert response.headers["Location"] == "/users/alice/?page=1"


@pytest.mark.parametrize(
    "target",
    ["//evil.com", "https://evil.com", "/\\evil.com", "http:/evil.com", "javascript:alert(1)"],
)
def test_next_pointing_off_site_goes_to_the_home_page(client, make_user, login, target):
    """An open redirect would let a phishing link borrow our login page: it goes home."""
    make_user("alice")
    response = login("alice", next_url=target)
    assert response.headers["Location"] == "/"


def test_login_starts_a_new_session(make_app, client, make_user, login):
    """Values planted in the session before login are gone, and the old cookie stays anonymous."""
    make_user("alice")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    cookie_before = client.get_cookie("session").value
    login("alice")
    with client.session_transaction() as session:
        assert "planted" not in session
    assert client.get_cookie("session").value != cookie_before
    other = make_app().test_client()  # another worker, so no request state is shared
    other.set_cookie("session", cookie_before)
    assert not logged_in(other)


def test_the_session_cookie_is_httponly_and_samesite_lax(client, make_user, login):
    """Scripts cannot read the cookie and other sites' forms do not send it (tests run on HTTP)."""
    make_user("alice")
    set_cookie = login("alice").headers["Set-Cookie"]
    assert "HttpOnly" in set_cookie
    assert "SameSite=Lax" in set_cookie
    assert "Secure" not in set_cookie


def test_the_session_cookie_is_secure_outside_debug_and_testing(make_app):
    """In production the cookie only travels over HTTPS."""
    app = make_app(TESTING=False)
    set_cookie = app.test_client().get("/accounts/login/").headers["Set-Cookie"]
    assert "Secure" in set_cookie
    assert "HttpOnly" in set_cookie
    assert "SameSite=Lax" in set_cookie


def add_protected_pages(app):
    """Two pages behind the decorators, as a user of `auth` would write them."""

    @app.route("/members/")
    @auth.login_required
    def members():
        return f"members: {auth.get_logged_in_user().username}"

    @app.route("/staff/")
    @auth.admin_required
    def staff():
        return "staff only"


def test_login_required_sends_anonymous_users_to_login_and_back(make_app, make_user):
    """An anonymous visitor goes to the login page with `next`, then back to the page."""
    app = make_app()
    add_protected_pages(app)
    client = app.test_client()
    make_user("alice")
    response = client.get("/members/?tab=1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/login/?next=/members/?tab%3D1"
    response = post_login(client, "alice", PASSWORD, next_url="/members/?tab=1")
    assert response.headers["Location"] == "/members/?tab=1"
    assert client.get("/members/?tab=1").get_data(as_text=True) == "members: alice"


def test_admin_required_redirects_anonymous_and_forbids_non_admins(make_app, make_user):
    """Anonymous -> login page; a logged-in non-admin -> 403; an admin gets in."""
    app = make_app()
    add_protected_pages(app)
    make_user("alice")
    make_user("root", admin=True)
    client = app.test_client()
    assert client.get("/staff/").headers["Location"] == "/accounts/login/?next=/staff/"
    post_login(client, "alice", PASSWORD)
    assert client.get("/staff/").status_code == 403
    admin_client = app.test_client()
    post_login(admin_client, "root", PASSWORD)
    assert admin_client.get("/staff/").get_data(as_text=True) == "staff only"


def test_g_user_is_the_logged_in_user(make_app, make_user):
    """`g.user` and `get_logged_in_user()` are None when anonymous, the user after login."""
    app = make_app()

    @app.route("/whoami/")
    def whoami():
        assert g.user is auth.get_logged_in_user()
        return g.user.username if g.user else "anonymous"

    make_user("alice")
    client = app.test_client()
    assert client.get("/whoami/").get_data(as_text=True) == "anonymous"
    post_login(client, "alice", PASSWORD)
    assert client.get("/whoami/").get_data(as_text=True) == "alice"


def test_login_form_needs_its_csrf_token(client, make_user):
    """A login posted without the form's token (say, from another site) is refused."""
    make_user("alice")
    response = client.post("/accounts/login/", data={"username": "alice", "password": PASSWORD})
    assert response.status_code == 400
    assert not logged_in(client)
