"""Two-factor login: enrolment with a QR code, codes after the password, single-use codes."""

import datetime
import re

from {{ cookiecutter.package_name }}.extensions import auth

from ..conftest import PASSWORD, csrf_token, post_form, post_login
from .twofactor_helpers import SECRET, enroll, next_code

LOGIN_CODE = "/accounts/2fa/login/"


def log_in_with_code(client, code, username="alice", next_url=None):
    response = post_login(client, username, PASSWORD, next_url)
    assert response.status_code == 302 and response.location == LOGIN_CODE
    return post_form(client, LOGIN_CODE, code=code)


def logged_in(client):
    return client.get("/accounts/password/").status_code == 200


def test_enrolment_page_shows_an_inline_svg_qr_code_and_the_secret(client, make_user, login):
    """The QR code is SVG inside the page (no image file, no style, no script), the CSP is
    the usual one, and the secret is there as text."""
    make_user("alice")
    login()
    page = client.get("/accounts/2fa/")
    assert "Set up two-factor login" in page.get_data(as_text=True)
    post_form(client, "/accounts/2fa/setup/")
    page = client.get("/accounts/2fa/")
    html = page.get_data(as_text=True)
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert "<path" in svg and "style" not in svg and "<script" not in svg
    assert SECRET.search(html)
    assert "style-src 'self'" in page.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in page.headers["Content-Security-Policy"]


def test_a_wrong_code_does_not_enroll(client, make_user, login):
    """The secret must be confirmed with a current code."""
    alice = make_user("alice")
    login()
    post_form(client, "/accounts/2fa/setup/")
    response = post_form(client, "/accounts/2fa/", code="000000")
    assert "That code is not valid" in response.get_data(as_text=True)
    assert not auth.two_factor.enrolled(alice)


def test_recovery_codes_are_shown_once_and_stored_hashed(client, make_user, login):
    """Ten codes on the confirmation page; the database holds only their hashes."""
    alice = make_user("alice")
    login()
    _, codes, _ = enroll(client)
    stored = [
        row.code_hash for row in auth.RecoveryCode.select().where(auth.RecoveryCode.user == alice)
    ]
    assert len(stored) == 10 and not set(codes) & set(stored)
    page = client.get("/accounts/2fa/").get_data(as_text=True)
    assert "10 unused recovery codes" in page and codes[0] not in page


def test_login_asks_for_the_code_after_the_password(app, client, make_user, login):
    """The right password alone only half logs in; the code finishes, back to `next`."""
    make_user("alice")
    login()
    totp, _, _ = enroll(client)
    other = app.test_client()
    response = post_login(other, "alice", PASSWORD, "/accounts/sessions/")
    assert response.location == LOGIN_CODE
    assert not logged_in(other)  # half logged in is not logged in
    response = post_form(other, LOGIN_CODE, code=next_code(totp))
    assert response.status_code == 302 and response.location == "/accounts/sessions/"
    assert logged_in(other)


def test_a_replayed_code_is_refused(app, client, make_user, login):
    """A code works once, even within its 30 seconds."""
    make_user("alice")
    login()
    totp, _, _ = enroll(client)
    code = next_code(totp)
    first = app.test_client()
    assert log_in_with_code(first, code).status_code == 302
    second = app.test_client()
    response = log_in_with_code(second, code)
    assert response.status_code == 200 and "That code is not valid" in response.get_data(
        as_text=True
    )
    assert not logged_in(second)


def test_the_enrolment_code_cannot_log_in_again(app, client, make_user, login):
    """The code that confirmed the secret is used up too."""
    make_user("alice")
    login()
    _, _, used = enroll(client)
    other = app.test_client()
    assert log_in_with_code(other, used).status_code == 200
    assert not logged_in(other)


def test_a_recovery_code_works_once(app, client, make_user, login):
    """Each recovery code logs in one time; the second use is refused."""
    make_user("alice")
    login()
    _, codes, _ = enroll(client)
    first = app.test_client()
    assert log_in_with_code(first, codes[0].upper()).status_code == 302
    second = app.test_client()
    assert log_in_with_code(second, codes[0]).status_code == 200
    assert not logged_in(second)
    assert "9 unused recovery codes" in client.get("/accounts/2fa/").get_data(as_text=True)


def test_the_half_logged_in_state_expires(make_app, make_user):
    """After AUTH_2FA_LOGIN_SECONDS the code page sends you back to the password."""
    app = make_app(AUTH_2FA_LOGIN_SECONDS=-1)
    client = app.test_client()
    with app.app_context():
        make_user("alice")
        post_login(client)
        totp, _, _ = enroll(client)
        other = app.test_client()
        post_login(other)
        assert other.get(LOGIN_CODE).location == "/accounts/login/"
        code = {"code": next_code(totp), "csrf_token": csrf_token(other)}
        response = other.post(LOGIN_CODE, data=code)
    assert response.status_code == 302 and response.location == "/accounts/login/"
    assert not logged_in(other)


def test_the_half_logged_in_state_lives_on_the_server_for_five_minutes(
    app, client, make_user, login
):
    """By default the server's half-logged-in row expires 300 s after the password; the
    browser holds only a random token for it, so once the row expires the cookie is useless."""
    make_user("alice")
    login()
    totp, _, _ = enroll(client)
    assert app.config["AUTH_2FA_LOGIN_SECONDS"] == 300
    other = app.test_client()
    before = datetime.datetime.now()
    post_login(other)
    after = datetime.datetime.now()
    row = auth.PendingLogin.get()
    five_minutes = datetime.timedelta(minutes=5)
    assert before + five_minutes <= row.expires <= after + five_minutes
    cookie = other.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    kept = app.session_interface.get_signing_serializer(app).loads(cookie)
    assert set(kept) <= {"auth_pending_login", "csrf_token"}  # no user id in the browser
    # The five minutes pass (on the server's clock): the same cookie and a right code fail.
    auth.PendingLogin.update(expires=before - datetime.timedelta(seconds=1)).execute()
    code = {"code": next_code(totp), "csrf_token": csrf_token(other)}
    response = other.post(LOGIN_CODE, data=code)
    assert response.status_code == 302 and response.location == "/accounts/login/"
    assert not logged_in(other)


def test_the_code_page_needs_the_password_first(client):
    """Without a half-logged-in state there is no code to enter."""
    response = client.get(LOGIN_CODE)
    assert response.status_code == 302 and response.location == "/accounts/login/"


def test_wrong_codes_are_throttled(app, client, make_user, login):
    """Five wrong codes: the next try waits (429), even with the right code."""
    make_user("alice")
    login()
    totp, _, _ = enroll(client)
    other = app.test_client()
    post_login(other)
    for _ in range(5):
        assert post_form(other, LOGIN_CODE, code="123456").status_code == 200
    response = post_form(other, LOGIN_CODE, code=next_code(totp))
    assert response.status_code == 429 and "Retry-After" in response.headers
    assert not logged_in(other)


def test_turning_it_off_takes_the_password_and_a_code(app, client, make_user, login):
    """Wrong password or code: still on. Both right: off, and login asks no code."""
    alice = make_user("alice")
    login()
    _, codes, _ = enroll(client)
    token = csrf_token(client, "/accounts/2fa/")
    response = client.post(
        "/accounts/2fa/disable/", data={"csrf_token": token, "password": "nope", "code": codes[0]}
    )
    assert response.status_code == 400 and auth.two_factor.enrolled(alice)
    response = client.post(
        "/accounts/2fa/disable/", data={"csrf_token": token, "password": PASSWORD, "code": "1"}
    )
    assert response.status_code == 400 and auth.two_factor.enrolled(alice)
    response = client.post(
        "/accounts/2fa/disable/", data={"csrf_token": token, "password": PASSWORD, "code": codes[1]}
    )
    assert response.status_code == 302 and not auth.two_factor.enrolled(alice)
    other = app.test_client()
    assert post_login(other).status_code == 302 and logged_in(other)


def test_cli_resets_a_users_second_factor(app, client, make_user, login):
    """`flask reset-2fa NAME` for the user who lost their phone; unknown names: one line."""
    alice = make_user("alice")
    login()
    enroll(client)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["reset-2fa", "alice"])
    assert result.exit_code == 0 and "alice" in result.output
    assert not auth.two_factor.enrolled(alice)
    result = runner.invoke(args=["reset-2fa", "nobody"])
    assert result.exit_code == 1 and "No user named 'nobody'" in result.output
