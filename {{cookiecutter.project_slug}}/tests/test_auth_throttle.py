"""Throttling: after too many failed logins, wait. The counts live in the database.

Defaults: 5 failures per username or 20 per client address within 15 minutes. A
successful login forgets that username's failures (not the address's).
"""

import datetime

from {{ cookiecutter.package_name }}.extensions import auth

from .conftest import PASSWORD, csrf_token, post_login

TOO_MANY = "Too many failed login attempts."


def fail(client, username="alice", times=1):
    for _ in range(times):
        response = post_login(client, username, "not the password")
        assert response.status_code == 200, response.status_code


def failed_earlier(username, minutes_ago, times, address="127.0.0.1"):
    """Failures recorded `minutes_ago`, as another worker would have written them."""
    attempted = datetime.datetime.now() - datetime.timedelta(minutes=minutes_ago)
    for _ in range(times):
        auth.LoginAttempt.create(username=username, address=address, attempted=attempted)


def test_five_failures_lock_a_username_across_two_app_instances(make_app, make_user):
    """Two apps on one database stand in for two gunicorn workers: together they count 5."""
    make_user("alice")
    worker_a, worker_b = make_app().test_client(), make_app().test_client()
    fail(worker_a, times=3)
    fail(worker_b, times=2)
    for worker in (worker_a, worker_b):
        response = post_login(worker, "alice", PASSWORD)  # even the right password waits
        assert response.status_code == 429
        assert TOO_MANY in response.get_data(as_text=True)
        assert "try again in 15 minutes" in response.get_data(as_text=True)
        assert 840 < int(response.headers["Retry-After"]) <= 900
    assert auth.LoginAttempt.select().count() == 5  # waiting attempts do not extend the wait


def test_a_locked_username_does_not_lock_other_users(client, make_user):
    """Guessing at alice's password does not keep bob out."""
    make_user("alice")
    make_user("bob")
    fail(client, "alice", times=5)
    assert post_login(client, "bob", PASSWORD).status_code == 302


def test_twenty_failures_from_one_address_lock_it_for_every_username(make_app, make_user):
    """Spraying many usernames from one address is throttled; other addresses are not."""
    make_user("alice")
    app = make_app()
    attacker = app.test_client()
    for number in range(20):
        fail(attacker, f"guess{number}")
    response = post_login(attacker, "alice", PASSWORD)
    assert response.status_code == 429
    assert TOO_MANY in response.get_data(as_text=True)
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.0.0.7"
    assert post_login(elsewhere, "alice", PASSWORD).status_code == 302


def test_the_limits_are_settings(make_app, make_user):
    """AUTH_MAX_FAILURES_PER_USERNAME and AUTH_THROTTLE_MINUTES change the numbers."""
    make_user("alice")
    client = make_app(AUTH_MAX_FAILURES_PER_USERNAME=2, AUTH_THROTTLE_MINUTES=60).test_client()
    fail(client, times=2)
    response = post_login(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert "try again in 60 minutes" in response.get_data(as_text=True)


def test_failures_older_than_the_window_do_not_count(client, make_user):
    """Five failures 16 minutes ago are forgotten: the user may log in."""
    make_user("alice")
    failed_earlier("alice", minutes_ago=16, times=5)
    assert post_login(client, "alice", PASSWORD).status_code == 302


def test_the_wait_ends_when_the_window_passes(client, make_user):
    """Five failures 14 minutes ago still lock the username, for about one more minute."""
    make_user("alice")
    failed_earlier("alice", minutes_ago=14, times=5)
    response = post_login(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert "try again in 1 minute." in response.get_data(as_text=True)
    assert 0 < int(response.headers["Retry-After"]) <= 60


def test_a_successful_login_forgets_that_usernames_failures(client, make_user):
    """Four typos, a success, four more typos: still not locked (the count starts over)."""
    make_user("alice")
    fail(client, times=4)
    assert post_login(client, "alice", PASSWORD).status_code == 302
    fail(client, times=4)
    assert post_login(client, "alice", PASSWORD).status_code == 302


def test_wrong_current_passwords_on_the_password_page_count_too(client, make_user, login):
    """Someone at an unlocked screen cannot guess the current password without limit."""
    make_user("alice")
    login("alice")
    failed_earlier("alice", minutes_ago=1, times=5)
    data = {
        "current_password": PASSWORD,
        "new_password": "a new passphrase",
        "confirm_password": "a new passphrase",
        "csrf_token": csrf_token(client, "/accounts/password/"),
    }
    response = client.post("/accounts/password/", data=data)
    assert response.status_code == 429
    assert TOO_MANY in response.get_data(as_text=True)
