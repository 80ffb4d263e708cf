"""Passwords: bcrypt at the configured cost, long passwords kept whole, hashes kept secret."""

import logging

from {{ cookiecutter.package_name }}.auth.passwords import hash_rounds
from {{ cookiecutter.package_name }}.models import User

from .conftest import PASSWORD, csrf_token, post_login


def test_passwords_sharing_their_first_72_bytes_do_not_verify_each_other(client, make_user):
    """bcrypt alone reads 72 bytes; ours reads them all, so a shared prefix is no way in."""
    prefix = "p" * 72
    make_user("alice", password=prefix + "-alice")
    assert User.get().check_password(prefix + "-alice")
    assert not User.get().check_password(prefix + "-mallory")
    response = post_login(client, "alice", prefix + "-mallory")
    assert "Please enter a correct username and password." in response.get_data(as_text=True)


def test_a_1000_character_password_logs_in_through_the_form(client, make_user):
    """A very long password is neither a 500 nor cut short: all of it must match."""
    long_password = "".join(chr(ord("a") + number % 26) for number in range(1000))
    make_user("alice", password=long_password)
    assert post_login(client, "alice", long_password[:999]).status_code == 200
    response = post_login(client, "alice", long_password)
    assert response.status_code == 302
    assert client.get("/accounts/password/").status_code == 200


def test_a_password_over_1024_characters_is_a_form_error(client, make_user):
    """Past the maximum length the form says so, without hashing or a server error."""
    make_user("alice")
    response = post_login(client, "alice", "x" * 1025)
    assert response.status_code == 200
    assert "Field cannot be longer than 1024 characters." in response.get_data(as_text=True)


def test_hash_cost_comes_from_bcrypt_rounds(make_user):
    """New hashes use the BCRYPT_ROUNDS setting."""
    make_user("alice")
    assert hash_rounds(User.get().password) == 4


def test_an_older_cost_is_upgraded_at_the_next_login(make_app, make_user):
    """A hash made at cost 4 is rehashed at cost 5 when the app asks for 5 and the user logs in."""
    make_user("alice")
    client = make_app(BCRYPT_ROUNDS=5).test_client()
    assert post_login(client, "alice", PASSWORD).status_code == 302
    stored = User.get().password
    assert stored.startswith("$2b$05$")
    assert User.get().check_password(PASSWORD)


def test_the_hash_never_appears_in_a_page(client, make_user, login):
    """No page a user can reach shows the stored hash, not even their own."""
    make_user("alice", admin=True)
    login("alice")
    stored = User.get().password
    data = {"current_password": "wrong", "new_password": "a", "confirm_password": "b"}
    data["csrf_token"] = csrf_token(client, "/accounts/password/")
    pages = [
        client.get("/"),
        client.get("/users/alice/"),
        client.get("/accounts/login/"),
        client.get("/accounts/password/"),
        client.post("/accounts/password/", data=data),
        client.get("/no-such-page"),
        client.get("/healthz"),
    ]
    for page in pages:
        body = page.get_data(as_text=True)
        assert stored not in body
        assert "$2b$" not in body


def test_the_hash_never_appears_in_flash_messages_or_logs(client, make_user, caplog):
    """Even with every logger at DEBUG (peewee prints SQL parameters), no hash is logged."""
    caplog.set_level(logging.DEBUG)
    make_user("alice")
    post_login(client, "alice", "wrong password")
    post_login(client, "alice", PASSWORD)
    data = {
        "current_password": PASSWORD,
        "new_password": "a brand new password",
        "confirm_password": "a brand new password",
        "csrf_token": csrf_token(client, "/accounts/password/"),
    }
    response = client.post("/accounts/password/", data=data, follow_redirects=True)
    assert "Your password has been changed." in response.get_data(as_text=True)
    new_hash = User.get().password
    assert 'UPDATE "user"' in caplog.text  # the write that carried the hash was logged...
    assert new_hash not in caplog.text  # ...without it
    assert "$2b$" not in caplog.text
    assert PASSWORD not in caplog.text
    assert new_hash not in response.get_data(as_text=True)
