"""Signup: an inactive account until the emailed link is confirmed; no email enumeration."""

import datetime

import pytest

from {{ cookiecutter.package_name }}.extensions import auth
from {{ cookiecutter.package_name }}.models import User

from ..conftest import PASSWORD, csrf_token, post_form, post_login
from .conftest import link_in

SIGNUP = "/accounts/signup/"
VERIFY = "/accounts/signup/verify/"


def sign_up(client, username="carol", email="carol@example.com", password=PASSWORD, again=None):
    return post_form(
        client,
        SIGNUP,
        username=username,
        email=email,
        new_password=password,
        confirm_password=again or password,
    )


def confirm(client, path):
    """Open the emailed link and press Confirm, as a browser would."""
    return post_form(client, path)


def test_signup_verify_then_log_in(client, outbox):
    """Sign up, the account waits; confirm from the emailed link; then the login works."""
    response = sign_up(client)
    assert response.status_code == 302 and response.location.endswith("/signup/sent/")
    assert not User.get(User.username == "carol").active
    assert post_login(client, "carol").status_code == 200  # not yet
    (message,) = outbox
    assert message.to == ["carol@example.com"]
    path = link_in(message, VERIFY)
    assert "Confirm" in client.get(path).get_data(as_text=True)
    assert not User.get(User.username == "carol").active  # opening the link changes nothing
    response = confirm(client, path)
    assert response.status_code == 302 and response.location.endswith("/accounts/login/")
    assert User.get(User.username == "carol").active
    assert post_login(client, "carol").status_code == 302


def test_a_verification_link_works_once(client, outbox):
    """After confirming, the link is refused."""
    sign_up(client)
    path = link_in(outbox[0], VERIFY)
    confirm(client, path)
    assert client.get(path).status_code == 400


def test_a_tampered_or_expired_verification_link_is_refused(make_app):
    """A changed token, or one older than AUTH_VERIFY_EMAIL_SECONDS, activates nothing."""
    app = make_app(AUTH_VERIFY_EMAIL_SECONDS=-1)
    client = app.test_client()
    with app.app_context():
        app.extensions["mailman"].outbox = []
        sign_up(client)
        path = link_in(app.extensions["mailman"].outbox[0], VERIFY)
        assert client.get(path).status_code == 400
        app.config["AUTH_VERIFY_EMAIL_SECONDS"] = 3600
        assert client.get(path).status_code == 200
        assert client.get(path[:-3] + "x/").status_code == 400
        assert not User.get(User.username == "carol").active


def test_a_taken_email_gets_the_same_page_and_work_and_an_email_to_its_owner(
    client, make_user, outbox, hasher_calls
):
    """Same answer, one hash and one email either way; the owner is told by email."""
    make_user("alice")
    results = []
    for username, email in (("carol", "carol@example.com"), ("mallory", "ALICE@example.com")):
        before, sent = dict(hasher_calls), len(outbox)
        response = sign_up(client, username, email)
        results.append(
            (
                response.status_code,
                response.location,
                hasher_calls["hash"] - before["hash"],
                hasher_calls["check"] - before["check"],
                len(outbox) - sent,
            )
        )
    assert results[0] == results[1] == (302, "/accounts/signup/sent/", 1, 0, 1)
    assert outbox[1].to == ["ALICE@example.com"]
    assert "you already have an account" in outbox[1].body
    assert not User.select().where(User.username == "mallory").exists()


def test_a_taken_username_is_a_form_error(client, make_user, outbox):
    """Usernames are public, so saying one is taken reveals nothing; nothing is sent."""
    make_user("alice")
    response = sign_up(client, "alice", "other@example.com")
    assert response.status_code == 200
    assert "This username is taken" in response.get_data(as_text=True)
    assert outbox == []


def test_a_signup_that_was_never_confirmed_does_not_hold_the_address(client, outbox):
    """Someone signing up with your address cannot keep you out: your signup replaces theirs."""
    sign_up(client, "squatter", "carol@example.com")
    sign_up(client, "carol", "carol@example.com")
    assert not User.select().where(User.username == "squatter").exists()
    confirm(client, link_in(outbox[1], VERIFY))
    assert User.get(User.username == "carol").active
    # The squatter's link died with their account.
    assert client.get(link_in(outbox[0], VERIFY)).status_code == 400


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"email": "not-an-email"}, "valid email"),
        ({"password": "short"}, "at least 8 characters"),
        ({"again": "something else"}, "do not match"),
        ({"username": ""}, "This field is required"),
    ],
    ids=["bad-email", "short-password", "mismatch", "no-username"],
)
def test_bad_input_is_a_form_error(client, outbox, fields, error):
    """Each problem shows on the form; no account, no email."""
    response = sign_up(client, **fields)
    assert response.status_code == 200
    assert error in response.get_data(as_text=True)
    assert User.select().count() == 0 and outbox == []


def test_signup_needs_the_csrf_token(client):
    """A form posted from another site is refused."""
    data = {"username": "carol", "email": "c@example.com", "new_password": PASSWORD}
    response = client.post(SIGNUP, data={**data, "confirm_password": PASSWORD})
    assert response.status_code == 400
    assert User.select().count() == 0


def test_resend_sends_a_new_link_to_an_unconfirmed_account(client, outbox):
    """From the login page's "send it again": a fresh link that works."""
    assert "/accounts/signup/resend/" in client.get("/accounts/login/").get_data(as_text=True)
    sign_up(client)
    response = post_form(client, "/accounts/signup/resend/", email="carol@example.com")
    assert response.status_code == 302
    confirm(client, link_in(outbox[1], VERIFY))
    assert User.get(User.username == "carol").active


def test_resend_never_activates_a_deactivated_account(client, make_user, outbox):
    """An account an admin switched off gets no link, and the answer is the same."""
    make_user("dave", active=False)
    unknown = post_form(client, "/accounts/signup/resend/", email="nobody@example.com")
    response = post_form(client, "/accounts/signup/resend/", email="dave@example.com")
    assert (response.status_code, response.location) == (unknown.status_code, unknown.location)
    assert len(outbox) == 2 and VERIFY not in outbox[1].body


def test_signups_are_throttled(client, outbox):
    """Many signups from one address: a 429 with Retry-After, and no more mail."""
    codes = [sign_up(client, f"user{n}", "same@example.com").status_code for n in range(8)]
    assert codes[0] == 302 and codes[-1] == 429
    response = sign_up(client, "another", "same@example.com")
    assert response.status_code == 429 and "Retry-After" in response.headers


def test_without_verification_the_account_is_active_and_its_owner_told_by_email(
    make_app, make_user
):
    """AUTH_VERIFY_EMAIL off: the account is active at once; an email says it is ready."""
    app = make_app(AUTH_VERIFY_EMAIL=False)
    client = app.test_client()
    with app.app_context():
        outbox = app.extensions["mailman"].outbox = []
        response = sign_up(client)
        assert response.status_code == 302 and response.location == "/accounts/signup/sent/"
        assert User.get(User.username == "carol").active
        (message,) = outbox
        assert message.to == ["carol@example.com"] and "/accounts/login/" in message.body
        assert post_login(client, "carol").status_code == 302


def test_without_verification_a_taken_email_is_not_revealed_either(
    make_app, make_user, hasher_calls
):
    """AUTH_VERIFY_EMAIL off: a new and a taken address get the same page, work and mail count.

    (Logging the new account in at once would tell the two apart.)
    """
    app = make_app(AUTH_VERIFY_EMAIL=False)
    client = app.test_client()
    with app.app_context():
        outbox = app.extensions["mailman"].outbox = []
        make_user("alice")
        results = []
        for username, email in (("carol", "carol@example.com"), ("mallory", "alice@example.com")):
            before, sent = dict(hasher_calls), len(outbox)
            response = sign_up(client, username, email)
            page = client.get(response.location)
            results.append(
                (
                    response.status_code,
                    response.location,
                    page.get_data(as_text=True),
                    "session" in response.headers.get("Set-Cookie", ""),
                    hasher_calls["hash"] - before["hash"],
                    hasher_calls["check"] - before["check"],
                    len(outbox) - sent,
                )
            )
        assert results[0] == results[1]
        assert results[0][-3:] == (1, 0, 1)
        assert client.get("/accounts/password/").status_code == 302  # nobody was logged in
        assert "you already have an account" in outbox[1].body
        assert not User.select().where(User.username == "mallory").exists()


def test_an_expired_unconfirmed_signup_does_not_hold_its_username(client, outbox):
    """Once its link has expired, an unconfirmed signup's username is free to take."""
    sign_up(client, "carol", "first@example.com")
    old = datetime.datetime.now() - datetime.timedelta(days=30)
    auth.EmailVerification.update(created=old).execute()
    response = sign_up(client, "carol", "second@example.com")
    assert response.status_code == 302, response.get_data(as_text=True)
    assert User.get(User.username == "carol").email == "second@example.com"
    confirm(client, link_in(outbox[-1], VERIFY))
    assert User.get(User.username == "carol").active
    # An unexpired one still holds it.
    assert "This username is taken" in sign_up(client, "carol", "third@example.com").get_data(
        as_text=True
    )


def test_signup_off_means_no_pages(make_app):
    """AUTH_SIGNUP false: 404, and the login page does not offer it."""
    app = make_app(AUTH_SIGNUP=False)
    client = app.test_client()
    assert client.get(SIGNUP).status_code == 404
    assert client.get("/accounts/signup/resend/").status_code == 404
    assert SIGNUP not in client.get("/accounts/login/").get_data(as_text=True)


def test_a_mail_failure_creates_no_account(make_app):
    """SMTP down: the page says to try again and no half-made account is left behind."""
    app = make_app(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_TIMEOUT=2)
    client = app.test_client()
    with app.app_context():
        response = sign_up(client)
        assert response.status_code == 503
        assert "could not send the email" in response.get_data(as_text=True)
        assert User.select().count() == 0


def test_confirming_needs_a_post_with_the_csrf_token(client, outbox):
    """A GET of the link shows a button; a cross-site POST without the token does nothing."""
    sign_up(client)
    path = link_in(outbox[0], VERIFY)
    assert client.post(path).status_code == 400
    assert not User.get(User.username == "carol").active
    assert client.post(path, data={"csrf_token": csrf_token(client, path)}).status_code == 302
