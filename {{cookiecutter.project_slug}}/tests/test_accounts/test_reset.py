"""Password reset: the same answer and work for any address; links that die when they must."""

import pytest
from itsdangerous import URLSafeTimedSerializer

from {{ cookiecutter.package_name }}.auth.tokens import make_token, reset_fingerprint

from ..conftest import PASSWORD, csrf_token, post_form, post_login
from .conftest import link_in

NEW = "a brand new password"
RESET = "/accounts/password/reset/"


def ask_reset(client, email="alice@example.com"):
    return post_form(client, RESET, email=email)


def set_password_from(client, path, password=NEW, again=None):
    return post_form(client, path, new_password=password, confirm_password=again or password)


def test_login_page_links_to_forgot_password(client):
    """The login page has a "Forgot your password?" link to the reset page."""
    html = client.get("/accounts/login/").get_data(as_text=True)
    assert 'href="/accounts/password/reset/"' in html and "Forgot your password?" in html


def test_reset_link_sets_a_new_password_and_old_one_stops_working(client, make_user, outbox):
    """Ask, follow the emailed link, set a password: the new one logs in, the old one not."""
    make_user("alice")
    response = ask_reset(client)
    assert response.status_code == 302 and response.location.endswith("/password/reset/sent/")
    (message,) = outbox
    assert message.to == ["alice@example.com"]
    path = link_in(message, RESET)
    assert client.get(path).status_code == 200
    response = set_password_from(client, path)
    assert response.status_code == 302 and response.location.endswith("/accounts/login/")
    assert post_login(client, "alice", PASSWORD).status_code == 200  # the form again
    assert post_login(client, "alice", NEW).status_code == 302


def test_email_is_matched_without_case(client, make_user, outbox):
    """Alice@Example.com finds alice@example.com."""
    make_user("alice")
    ask_reset(client, "Alice@Example.COM")
    assert link_in(outbox[0], RESET)


def test_known_and_unknown_addresses_get_the_same_answer_and_work(
    client, make_user, outbox, hasher_calls
):
    """Same status, same page, one email each and no password hashing: no enumeration."""
    make_user("alice")
    answers = []
    for email in ("alice@example.com", "nobody@example.com"):
        before = dict(hasher_calls), len(outbox)
        response = ask_reset(client, email)
        followed = client.get(response.location)
        answers.append(
            (
                response.status_code,
                response.location,
                followed.get_data(as_text=True),
                hasher_calls["hash"] - before[0]["hash"],
                hasher_calls["check"] - before[0]["check"],
                len(outbox) - before[1],
            )
        )
    assert answers[0] == answers[1]
    assert answers[0][-1] == 1  # each address got exactly one email
    assert outbox[1].to == ["nobody@example.com"]
    assert "no active account" in outbox[1].body and RESET not in outbox[1].body


def test_a_used_link_is_refused(client, make_user, outbox):
    """The link dies once used: the password hash it was bound to has changed."""
    make_user("alice")
    ask_reset(client)
    path = link_in(outbox[0], RESET)
    set_password_from(client, path)
    assert client.get(path).status_code == 400
    again = {"new_password": "yet another password", "confirm_password": "yet another password"}
    response = client.post(path, data={"csrf_token": csrf_token(client), **again})
    assert response.status_code == 400
    assert post_login(client, "alice", "yet another password").status_code == 200


def test_a_link_made_before_a_password_change_is_refused(client, app, make_user, outbox):
    """Changing the password another way (here the CLI) outdates earlier links."""
    make_user("alice")
    ask_reset(client)
    path = link_in(outbox[0], RESET)
    result = app.test_cli_runner().invoke(
        args=["set-password", "alice"], env={"CREATE_USER_PASSWORD": "changed by the cli"}
    )
    assert result.exit_code == 0, result.output
    assert "not valid" in client.get(path).get_data(as_text=True)
    assert client.get(path).status_code == 400


def test_a_link_made_before_a_login_is_refused(client, make_user, outbox):
    """Logging in outdates earlier links (they are bound to the last login too)."""
    make_user("alice")
    ask_reset(client)
    path = link_in(outbox[0], RESET)
    assert post_login(client).status_code == 302
    assert client.get(path).status_code == 400


def test_an_expired_link_is_refused(make_app, make_user, outbox):
    """Past PASSWORD_RESET_SECONDS the link no longer works."""
    app = make_app(PASSWORD_RESET_SECONDS=-1)
    client = app.test_client()
    with app.app_context():
        make_user("alice")
        app.extensions["mailman"].outbox = []
    ask_reset(client)
    path = link_in(app.extensions["mailman"].outbox[0], RESET)
    assert client.get(path).status_code == 400


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda token: token[:-2] + ("AB" if token[-2:] != "AB" else "BA"), id="sig"),
        pytest.param(lambda token: "x" + token, id="garbage"),
        pytest.param(lambda token: token[: len(token) // 2], id="cut-short"),
    ],
)
def test_a_tampered_link_is_refused(client, make_user, outbox, tamper):
    """A token changed in any way fails its signature check."""
    make_user("alice")
    ask_reset(client)
    path = link_in(outbox[0], RESET)
    token = path[len(RESET) :].strip("/")
    assert client.get(f"{RESET}{tamper(token)}/").status_code == 400


def test_a_token_re_signed_for_another_user_is_refused(app, client, make_user):
    """Bob's fingerprint with alice's id: only a holder of SECRET_KEY could sign it, and
    even with the wrong key, the signature check refuses it."""
    alice, bob = make_user("alice"), make_user("bob")
    with app.test_request_context():
        bob_token = make_token("password_reset", bob, *reset_fingerprint(bob))
        forged = URLSafeTimedSerializer("not the secret", salt="auth.password_reset").dumps(
            [alice.id, bob_token.split(".")[0]]
        )
        # A correctly signed token for alice but bound to bob's hash: fingerprint mismatch.
        mixed = make_token("password_reset", alice, *reset_fingerprint(bob))
    assert client.get(f"{RESET}{forged}/").status_code == 400
    assert client.get(f"{RESET}{mixed}/").status_code == 400
    assert client.get(f"{RESET}{bob_token}/").status_code == 200  # bob's own link works


def test_a_verification_link_is_no_reset_link(app, client, make_user):
    """Tokens are salted by purpose: another kind of signed link does not reset passwords."""
    alice = make_user("alice")
    with app.test_request_context():
        token = make_token("verify_email", alice, *reset_fingerprint(alice))
    assert client.get(f"{RESET}{token}/").status_code == 400


def test_new_password_follows_the_usual_rules(client, make_user, outbox):
    """Too short or mismatched: a form error, and the link still works afterwards."""
    make_user("alice")
    ask_reset(client)
    path = link_in(outbox[0], RESET)
    response = set_password_from(client, path, "short")
    assert response.status_code == 200
    assert "at least 8 characters" in response.get_data(as_text=True)
    response = set_password_from(client, path, NEW, "something else")
    assert "do not match" in response.get_data(as_text=True)
    assert set_password_from(client, path).status_code == 302


def test_reset_ends_every_session_and_keeps_api_keys(app, make_user, outbox):
    """Browsers logged in before the reset are logged out; the user's API keys stay."""
{%- if cookiecutter.include_api %}
    alice = make_user("alice")
{%- else %}
    make_user("alice")
{%- endif %}
    elsewhere = app.test_client()
    post_login(elsewhere)
{%- if cookiecutter.include_api %}
    from {{ cookiecutter.package_name }}.api.keys import api_key_model
    from {{ cookiecutter.package_name }}.extensions import auth

    _, key = api_key_model(auth).issue(alice, "script")
{%- endif %}
    client = app.test_client()
    ask_reset(client)
    set_password_from(client, link_in(outbox[0], RESET))
    assert elsewhere.get("/accounts/password/").status_code == 302  # sent to log in
{%- if cookiecutter.include_api %}
    assert api_key_model(auth).user_for(key) == alice
{%- endif %}


def test_inactive_users_get_no_link(client, make_user, outbox):
    """A deactivated account cannot be brought back through a reset."""
    make_user("alice", active=False)
    ask_reset(client)
    assert RESET not in outbox[0].body


def test_reset_requests_are_throttled_per_address(client, make_user, outbox):
    """Past the limit the page answers 429 and sends nothing more."""
    make_user("alice")
    codes = [ask_reset(client).status_code for _ in range(8)]
    assert codes[0] == 302 and codes[-1] == 429
    sent = len(outbox)
    assert ask_reset(client).status_code == 429 and len(outbox) == sent


def test_a_stranger_flooding_an_address_does_not_lock_its_owner_out(app, make_user, outbox):
    """Requests from another address still get their link."""
    make_user("alice")
    stranger = app.test_client()
    for _ in range(8):
        post_form(stranger, RESET, email="alice@example.com")
    owner = app.test_client()
    owner.environ_base["REMOTE_ADDR"] = "10.0.0.2"
    assert ask_reset(owner).status_code == 302


def test_bad_email_is_a_form_error(client, outbox):
    """Not an address: the form again with an error, nothing sent."""
    response = ask_reset(client, "not an email")
    assert response.status_code == 200 and "valid email" in response.get_data(as_text=True)
    assert outbox == []


def test_reset_via_real_smtp_server(smtp_app, smtp_server, make_user):
    """The link arrives at a real SMTP server and works."""
    make_user("alice")
    client = smtp_app.test_client()
    ask_reset(client)
    (link,) = smtp_server.links_to("alice@example.com")
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert set_password_from(client, "/" + path).status_code == 302
