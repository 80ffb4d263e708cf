"""The account journeys in Chromium on an app built by hand, as the seed post builds it:
`Flask(__name__)`, `Database(app)`, `Auth(app, db, user_model=User)` and the rest, with its
own User model, served by werkzeug and sending mail over SMTP to aiosmtpd. Nothing here
goes through create_app().
"""

import threading
import time

import pyotp
import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from ..mailbox import running_smtp_server
from ..test_seed_app import PASSWORD, build_seed_app

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a new seed app password"


@pytest.fixture
def seed_site(seed_database_url):
    """The seed app on 127.0.0.1 (SQLite, or PostgreSQL when TEST_DATABASE_URL is set)."""
    with running_smtp_server() as (inbox, smtp_port):
        seed = build_seed_app(
            seed_database_url,
            MAIL_BACKEND="smtp",
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=smtp_port,
            SESSION_COOKIE_SECURE=False,  # plain HTTP on 127.0.0.1
        )
        server = make_server("127.0.0.1", 0, seed.app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_port}", inbox
        server.shutdown()
        thread.join()


@pytest.fixture
def seed_page(browser, seed_site):
    """A fresh tab on the seed app, not logged in; returns (page, inbox)."""
    base_url, inbox = seed_site
    context = browser.new_context(base_url=base_url)
    yield context.new_page(), inbox
    context.close()


def log_in(page, password):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_forgot_password_then_log_in_on_a_hand_built_app(seed_page):
    """Forgot your password? -> the link from the SMTP inbox -> a new password -> log in{% if cookiecutter.include_admin %}
    -> the admin's dashboard, default panel and all{% endif %}."""
    page, inbox = seed_page
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill("root@example.com")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    (link,) = [link for link in inbox.links_to("root@example.com") if "/password/reset/" in link]
    page.goto(link)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_text("Your password has been set")).to_be_visible()
    log_in(page, PASSWORD)  # the old password no longer works
    expect(page.get_by_text("Please enter a correct username and password")).to_be_visible()
    log_in(page, NEW_PASSWORD)
    page.wait_for_url("**/")
{%- if cookiecutter.include_admin %}
    page.goto("/admin/")
    expect(page.get_by_role("heading", name="Counts")).to_be_visible()
{%- endif %}


def test_enroll_totp_then_log_in_with_a_code_on_a_hand_built_app(seed_page):
    """Set up two-factor login from the secret shown on the page; the next login asks for
    a code, computed with pyotp, and the sessions page lists both browsers."""
    page, _ = seed_page
    log_in(page, PASSWORD)
    page.wait_for_url("**/")
    page.goto("/accounts/2fa/")
    page.get_by_role("button", name="Set up two-factor login").click()
    totp = pyotp.TOTP(page.get_by_label("Secret key", exact=True).inner_text().strip())
    page.get_by_label("Code", exact=True).fill(totp.now())
    page.get_by_role("button", name="Confirm").click()
    recovery_codes = page.get_by_role("list", name="Recovery codes").get_by_role("listitem")
    expect(recovery_codes).to_have_count(10)
    other = page.context.browser.new_context(base_url=page.url.split("/accounts")[0])
    second = other.new_page()
    log_in(second, PASSWORD)
    second.wait_for_url("**/accounts/2fa/login/")
    second.get_by_label("Code", exact=True).fill(totp.at(time.time() + totp.interval))
    second.get_by_role("button", name="Log in").click()
    second.wait_for_url("**/")
    second.goto("/accounts/sessions/")
    expect(second.get_by_role("button", name="Sign out everywhere else")).to_be_visible()
    expect(second.get_by_role("row")).to_have_count(3)  # the header and two browsers
    other.close()
