"""Throttling: a stranger can slow an attacker down, never lock a user out.

Defaults: 5 failures for one username from one address, or 20 from one address, within
15 minutes make that address wait. Past 10 failures for one username from all addresses,
each address that failed for it may try once a minute. The counts live in the database.
"""

import datetime
import re

from {{ cookiecutter.package_name }}.extensions import auth

from .conftest import PASSWORD, csrf_token, post_login

TOO_MANY = "Too many failed login attempts."


def fail(client, username="alice", times=1):
    for _ in range(times):
        response = post_login(client, username, "not the password")
        assert response.status_code == 200, response.status_code


def from_address(app, address):
    """A test client whose requests come from `address`."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def failed_earlier(username, minutes_ago, times, address="127.0.0.1"):
    """Failures recorded `minutes_ago`, as another worker would have written them."""
    attempted = datetime.datetime.now() - datetime.timedelta(minutes=minutes_ago)
    for _ in range(times):
        auth.FailedAttempt.create(kind="login", key=username, address=address, attempted=attempted)


def test_five_failures_lock_a_username_for_that_address_across_two_app_instances(
    make_app, make_user
):
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
    assert auth.throttle.failures("login", "alice") == 5  # waiting does not extend the wait


def test_a_stranger_cannot_lock_the_owner_out(make_app, make_user):
    """Five (or fifty) wrong passwords for alice from elsewhere: alice still gets in at once."""
    make_user("alice")
    app = make_app()
    stranger = from_address(app, "203.0.113.9")
    fail(stranger, times=5)
    assert post_login(stranger, "alice", PASSWORD).status_code == 429
    owner = from_address(app, "198.51.100.20")
    response = post_login(owner, "alice", PASSWORD)
    assert response.status_code == 302


def test_many_strangers_only_slow_each_other_down(make_app, make_user):
    """Failures for alice from 12 addresses: each of them waits, alice's own address does not."""
    make_user("alice")
    app = make_app()
    for number in range(12):
        fail(from_address(app, f"203.0.113.{number}"))
    # An address that failed for alice now waits a minute between tries...
    response = post_login(from_address(app, "203.0.113.0"), "alice", "not the password")
    assert response.status_code == 429
    # "1 minute", or "59 seconds" once a second has passed since the first failure.
    assert re.search(r"try again in (1 minute|\d+ seconds)\.", response.get_data(as_text=True))
    assert 0 < int(response.headers["Retry-After"]) <= 60
    # ... while an address with no failures gets in with the right password at once.
    assert post_login(from_address(app, "198.51.100.20"), "alice", PASSWORD).status_code == 302


def test_the_slowdown_is_a_delay_not_a_lock(make_app, make_user):
    """Once a minute has passed since its last failure, a failing address may try again."""
    make_user("alice")
    app = make_app()
    for number in range(12):
        failed_earlier("alice", minutes_ago=2, times=1, address=f"203.0.113.{number}")
    assert post_login(from_address(app, "203.0.113.0"), "alice", PASSWORD).status_code == 302


def test_a_locked_username_does_not_lock_other_users(client, make_user):
    """Guessing at alice's password does not keep bob out, even from the same address."""
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
    assert post_login(from_address(app, "10.0.0.7"), "alice", PASSWORD).status_code == 302


def test_the_limits_are_settings(make_app, make_user):
    """AUTH_MAX_FAILURES_PER_USERNAME_AND_ADDRESS and AUTH_THROTTLE_MINUTES change the numbers."""
    make_user("alice")
    app = make_app(AUTH_MAX_FAILURES_PER_USERNAME_AND_ADDRESS=2, AUTH_THROTTLE_MINUTES=60)
    client = app.test_client()
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
    """Five failures 14 minutes ago still lock the pair, for about one more minute."""
    make_user("alice")
    failed_earlier("alice", minutes_ago=14, times=5)
    response = post_login(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert re.search(r"try again in (1 minute|\d+ seconds)\.", response.get_data(as_text=True))
    assert 0 < int(response.headers["Retry-After"]) <= 60


def test_a_successful_login_forgets_that_addresses_failures(client, make_user):
    """Four typos, a success, four more typos: still not locked (the count starts over)."""
    make_user("alice")
    fail(client, times=4)
    assert post_login(client, "alice", PASSWORD).status_code == 302
    fail(client, times=4)
    assert post_login(client, "alice", PASSWORD).status_code == 302


def test_the_owners_login_does_not_reset_a_strangers_count(make_app, make_user):
    """alice logging in does not hand the stranger five fresh guesses."""
    make_user("alice")
    app = make_app()
    stranger = from_address(app, "203.0.113.9")
    fail(stranger, times=4)
    assert post_login(from_address(app, "198.51.100.20"), "alice", PASSWORD).status_code == 302
    fail(stranger, times=1)
    assert post_login(stranger, "alice", PASSWORD).status_code == 429


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


def test_behind_a_trusted_proxy_the_forwarded_address_counts(make_app, make_user):
    """TRUSTED_PROXIES=1: clients behind one nginx are told apart by X-Forwarded-For."""
    make_user("alice")
    app = make_app(TRUSTED_PROXIES=1)
    stranger, owner = app.test_client(), app.test_client()
    stranger.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.9"
    owner.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.20"
    fail(stranger, times=5)
    assert post_login(stranger, "alice", PASSWORD).status_code == 429
    assert post_login(owner, "alice", PASSWORD).status_code == 302
    assert auth.throttle.failures("login", "alice", "203.0.113.9") == 5


def test_without_trusted_proxies_a_forged_header_changes_nothing(make_app, make_user):
    """TRUSTED_PROXIES=0 (the default): X-Forwarded-For is ignored, it could be forged."""
    make_user("alice")
    client = make_app().test_client()
    for number in range(5):
        client.environ_base["HTTP_X_FORWARDED_FOR"] = f"203.0.113.{number}"
        fail(client)
    assert post_login(client, "alice", PASSWORD).status_code == 429


def test_other_kinds_of_attempt_reuse_the_throttle(app):
    """A feature (a reset form, say) registers its own kind and limits and gets the same rules."""
    from {{ cookiecutter.package_name }}.auth import Limits, Throttled

    auth.throttle.add_kind("password_reset", Limits(per_key_and_address=2, per_address=None))
    with app.test_request_context():
        auth.throttle.check("password_reset", "alice@example.com", "203.0.113.9")
        for _ in range(2):
            auth.throttle.record_failure("password_reset", "alice@example.com", "203.0.113.9")
        try:
            auth.throttle.check("password_reset", "alice@example.com", "203.0.113.9")
        except Throttled as error:
            assert error.code == 429 and error.retry_after > 0
        else:
            raise AssertionError("the third try should wait")
        auth.throttle.check("password_reset", "alice@example.com", "198.51.100.20")
        assert auth.throttle.failures("login") == 0  # kinds are counted apart
