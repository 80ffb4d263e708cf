"""Logging out and changing the password end sessions on the server, not just in the browser."""

import datetime

from {{ cookiecutter.package_name }}.extensions import auth
from {{ cookiecutter.package_name }}.models import User

from .conftest import PASSWORD, csrf_token, post_login

NEW_PASSWORD = "a much better passphrase"


def logged_in(client):
    """Whether `client` is logged in: only then does the password page answer 200."""
    return client.get("/accounts/password/").status_code == 200


def another_browser(make_app):
    """A client of a second app instance (another worker): it shares no request state."""
    return make_app().test_client()


def copy_of_cookie(make_app, client):
    """Another browser holding a copy of `client`'s session cookie, as a thief would."""
    thief = another_browser(make_app)
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def log_out(client):
    return client.post("/accounts/logout/", data={"csrf_token": csrf_token(client, "/")})


def change_password(client, current=PASSWORD, new=NEW_PASSWORD, again=None):
    data = {
        "current_password": current,
        "new_password": new,
        "confirm_password": new if again is None else again,
        "csrf_token": csrf_token(client, "/accounts/password/"),
    }
    return client.post("/accounts/password/", data=data)


def test_logout_button_logs_out(client, make_user, login):
    """The navigation's logout button (a POST with its CSRF token) ends the session."""
    make_user("alice")
    login("alice")
    response = log_out(client)
    assert response.status_code == 302
    assert not logged_in(client)
    assert "You have been logged out." in client.get("/").get_data(as_text=True)


def test_logout_by_get_is_not_allowed(client, make_user, login):
    """A link or an <img src> cannot log anyone out: GET is 405."""
    make_user("alice")
    login("alice")
    assert client.get("/accounts/logout/").status_code == 405
    assert logged_in(client)


def test_logout_without_the_csrf_token_does_nothing(client, make_user, login):
    """Another site's form cannot log a user out."""
    make_user("alice")
    login("alice")
    response = client.post("/accounts/logout/")
    assert response.status_code == 400
    assert logged_in(client)


def test_a_copied_cookie_stops_working_after_logout(make_app, client, make_user, login):
    """Logging out deletes the session on the server, so a saved cookie is worthless."""
    make_user("alice")
    login("alice")
    thief = copy_of_cookie(make_app, client)
    assert logged_in(thief)
    log_out(client)
    assert not logged_in(thief)


def test_anonymous_users_are_sent_from_the_password_page_to_login(client):
    """Changing a password needs a logged-in user."""
    response = client.get("/accounts/password/")
    assert response.headers["Location"] == "/accounts/login/?next=/accounts/password/"


def test_change_password_page_asks_for_current_and_new_password_twice(client, make_user, login):
    """The page has the three fields and a link to it sits in the site's navigation."""
    make_user("alice")
    login("alice")
    html = client.get("/accounts/password/").get_data(as_text=True)
    for name in ("current_password", "new_password", "confirm_password"):
        assert f'name="{name}"' in html
    assert 'href="/accounts/password/"' in client.get("/").get_data(as_text=True)


def test_changing_the_password(client, make_user, login):
    """The new password works from then on, the old one does not, and this browser stays in."""
    make_user("alice")
    login("alice")
    response = change_password(client)
    assert response.status_code == 302
    assert "Your password has been changed." in client.get("/").get_data(as_text=True)
    assert logged_in(client)
    assert User.get().check_password(NEW_PASSWORD)
    assert not User.get().check_password(PASSWORD)


def test_changing_the_password_logs_out_every_other_session(make_app, client, make_user, login):
    """Another browser, and a saved copy of this one's old cookie, are both logged out."""
    make_user("alice")
    login("alice")
    laptop = another_browser(make_app)
    post_login(laptop, "alice", PASSWORD)
    thief = copy_of_cookie(make_app, client)
    change_password(client)
    assert logged_in(client)
    assert not logged_in(laptop)
    assert not logged_in(thief)


def test_a_wrong_current_password_is_shown_beside_its_field(client, make_user, login):
    """Nothing changes, and the form says which field is wrong."""
    make_user("alice")
    login("alice")
    response = change_password(client, current="not my password")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    field = html.index('name="current_password"')
    assert html.index("Your current password is not correct.") > field
    assert html.index("Your current password is not correct.") < html.index('name="new_password"')
    assert User.get().check_password(PASSWORD)


def test_new_passwords_must_match_and_be_long_enough(client, make_user, login):
    """Mismatched, too short or too long new passwords are form errors, not changes."""
    make_user("alice")
    login("alice")
    mismatch = change_password(client, again="something else entirely").get_data(as_text=True)
    assert "The new passwords do not match." in mismatch
    short = change_password(client, new="short").get_data(as_text=True)
    assert "at least 8 characters" in short
    too_long = change_password(client, new="x" * 1025).get_data(as_text=True)
    assert "at most 1024 characters" in too_long
    assert User.get().check_password(PASSWORD)


def test_a_session_expires_after_auth_session_days(client, make_user, login):
    """A session older than AUTH_SESSION_DAYS no longer logs anyone in."""
    make_user("alice")
    login("alice")
    past = datetime.datetime.now() - datetime.timedelta(seconds=1)
    auth.UserSession.update(expires=past).execute()
    assert not logged_in(client)
