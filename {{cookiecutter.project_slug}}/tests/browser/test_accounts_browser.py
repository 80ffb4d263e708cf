"""The account journeys in a real browser, with mail going through a real SMTP server."""

import threading
import time

import pyotp
import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from {{ cookiecutter.package_name }}.app import create_app
from {{ cookiecutter.package_name }}.cli import database, runner
from {{ cookiecutter.package_name }}.models import User

from ..conftest import PASSWORD, empty_all_tables, settings
from ..mailbox import running_smtp_server

pytestmark = pytest.mark.browser

NEW_PASSWORD = "my brand new password"


@pytest.fixture(scope="module")
def accounts_site(database_url, tmp_path_factory):
    """The app on 127.0.0.1 (a free port), sending mail over SMTP to an aiosmtpd inbox; on
    a fresh SQLite file, and on PostgreSQL when TEST_DATABASE_URL is set."""
    postgres = database_url.startswith("postgres")
    url = database_url if postgres else f"sqlite:///{tmp_path_factory.mktemp('accounts')}/a.db"
    with running_smtp_server() as (inbox, smtp_port):
        app = create_app(
            settings(
                url,
                MAIL_BACKEND="smtp",
                MAIL_SERVER="127.0.0.1",
                MAIL_PORT=smtp_port,
                AUTH_SIGNUP=True,
            )
        )
        with app.app_context():
            runner().up()  # already migrated on PostgreSQL: then nothing to do
            for name in ("alice", "bob"):
                user = User(username=name, email=f"{name}@example.com")
                user.set_password(PASSWORD)
                user.save()
            database().close()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_port}", inbox
        server.shutdown()
        thread.join()
        if postgres:  # the shared test database: leave it empty for the next module
            with app.app_context():
                empty_all_tables()


@pytest.fixture
def visit(browser, accounts_site):
    """A fresh browser tab, not logged in; returns (page, inbox)."""
    base_url, inbox = accounts_site
    context = browser.new_context(base_url=base_url)
    yield context.new_page(), inbox
    context.close()


def log_in(page, username, password):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def latest_link(inbox, address, path):
    links = [link for link in inbox.links_to(address) if path in link]
    assert links, f"no {path} link for {address}"
    return links[-1]


def test_forgot_password_link_from_the_inbox_sets_a_new_password(visit):
    """Forgot your password? -> the emailed link -> a new password -> log in with it."""
    page, inbox = visit
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill("alice@example.com")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    page.goto(latest_link(inbox, "alice@example.com", "/accounts/password/reset/"))
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_text("Your password has been set")).to_be_visible()
    log_in(page, "alice", NEW_PASSWORD)
    page.wait_for_url("**/")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_sign_up_verify_then_log_in(visit):
    """Create an account -> confirm from the inbox -> log in."""
    page, inbox = visit
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Username").fill("carol")
    page.get_by_label("Email").fill("carol@example.com")
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("New password again").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    page.goto(latest_link(inbox, "carol@example.com", "/accounts/signup/verify/"))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Your email address is confirmed")).to_be_visible()
    log_in(page, "carol", PASSWORD)
    page.wait_for_url("**/")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_enroll_totp_log_out_and_log_in_with_a_code(visit):
    """Set up two-factor login from the secret on the page, then log in with a code."""
    page, _ = visit
    log_in(page, "bob", PASSWORD)
    page.wait_for_url("**/")
    page.goto("/accounts/2fa/")
    page.get_by_role("button", name="Set up two-factor login").click()
    expect(page.get_by_role("img", name="QR code of the secret key")).to_be_visible()
    totp = pyotp.TOTP(page.get_by_label("Secret key", exact=True).inner_text().strip())
    page.get_by_label("Code", exact=True).fill(totp.now())
    page.get_by_role("button", name="Confirm").click()
    recovery_codes = page.get_by_role("list", name="Recovery codes").get_by_role("listitem")
    expect(recovery_codes).to_have_count(10)
    page.get_by_role("button", name="Log out").click()
    log_in(page, "bob", PASSWORD)
    page.wait_for_url("**/accounts/2fa/login/")
    page.get_by_label("Code", exact=True).fill(totp.at(time.time() + totp.interval))  # a fresh code
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
