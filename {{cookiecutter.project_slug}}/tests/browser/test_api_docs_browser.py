"""The interactive API docs in a real browser: "Try it out" with the browser session (which
must send the CSRF header) and with an API key, with no CSP violation on the way."""

import json
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from {{ cookiecutter.package_name }}.api.keys import api_key_model
from {{ cookiecutter.package_name }}.app import create_app
from {{ cookiecutter.package_name }}.cli import database, runner
from {{ cookiecutter.package_name }}.extensions import auth
from {{ cookiecutter.package_name }}.models import Message, User

from ..conftest import PASSWORD, settings

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def docs_server(tmp_path_factory):
    """The app on 127.0.0.1 (a free port) with two users, a message and bob's API key."""
    path = tmp_path_factory.mktemp("docs") / "docs.db"
    app = create_app(settings(f"sqlite:///{path}"))
    with app.app_context():
        runner().up()
        for name in ("alice", "bob"):
            user = User(username=name, email=f"{name}@example.com")
            user.set_password(PASSWORD)
            user.save()
        Message.create(user=User.get(User.username == "alice"), content="Hello from the docs")
        _, key = api_key_model(auth).issue(User.get(User.username == "bob"), "browser test")
        database().close()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}", "key": key}
    server.shutdown()
    thread.join()


@pytest.fixture
def console_errors():
    """What the tab logs as errors (a CSP violation is one), filled by `docs_page`."""
    return []


@pytest.fixture
def docs_page(browser, docs_server, console_errors):
    """A fresh tab (its own cookies) that records its console errors."""
    context = browser.new_context(
        base_url=docs_server["url"], viewport={"width": 1280, "height": 860}
    )
    page = context.new_page()

    def record(message):
        if message.type == "error" and "favicon.ico" not in (message.location or {}).get("url", ""):
            console_errors.append(message.text)

    page.on("console", record)
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    yield page
    context.close()


def open_docs(page):
    page.goto("/api/docs/")
    page.get_by_role("button", name="Authorize").wait_for()


def execute(page, operation, body=None, filters=None):
    """Expand `operation`, press Try it out, fill the body or filters, press Execute; the
    JSON the server answered, as the page shows it, and its status code."""
    page.get_by_role("button", name=operation).click()
    page.get_by_role("button", name="Try it out").click()
    if filters:
        field, value = filters
        row = page.get_by_role("row").filter(has_text=f"Filters on {field},")
        row.get_by_role("textbox").fill(json.dumps(value))
    if body is not None:
        page.get_by_role("textbox").first.fill(json.dumps(body))
    with page.expect_response(lambda response: "/api/message/" in response.url) as answer:
        page.get_by_role("button", name="Execute").click()
    status = answer.value.status
    page.get_by_role("cell", name=str(status), exact=True).first.wait_for()
    return status, answer.value.json()


def test_try_it_out_with_the_browser_session_sends_the_csrf_header(
    docs_page, console_errors, screenshot
):
    """Logged in, a filtered list and a POST go through Swagger UI; the POST is accepted
    because the page sends the CSRF token, and the new message is alice's."""
    docs_page.goto("/accounts/login/")
    docs_page.get_by_label("Username").fill("alice")
    docs_page.get_by_label("Password").fill(PASSWORD)
    docs_page.get_by_role("button", name="Log in").click()
    open_docs(docs_page)
    expect(docs_page.get_by_role("heading", name="Authentication")).not_to_be_visible()

    status, listing = execute(
        docs_page,
        "GET /api/message/ List message objects",
        filters=("content", {"content__icontains": "FROM THE DOCS"}),
    )
    assert status == 200
    assert [row["content"] for row in listing["objects"]] == ["Hello from the docs"]
    docs_page.get_by_role("row").filter(has_text="Filters on content,").scroll_into_view_if_needed()
    screenshot(docs_page, "api-docs", full_page=False)
    docs_page.get_by_role("button", name="GET /api/message/ List message objects").click()

    status, created = execute(
        docs_page, "POST /api/message/ Create a message", body={"content": "Posted from Swagger"}
    )
    assert status == 201, created
    assert created["user"]["username"] == "alice"
    assert console_errors == []


def test_try_it_out_with_an_api_key(docs_page, docs_server, console_errors):
    """Not logged in: Authorize with bob's key as a Bearer token, then POST as bob."""
    open_docs(docs_page)
    docs_page.get_by_role("button", name="Authorize").first.click()
    form = docs_page.locator("form").filter(has_text="(http, Bearer)")
    form.get_by_label("auth-bearer-value").fill(docs_server["key"])
    form.get_by_role("button", name="Apply credentials").click()
    form.get_by_role("button", name="Close").click()

    status, created = execute(
        docs_page, "POST /api/message/ Create a message", body={"content": "Posted with a key"}
    )
    assert status == 201, created
    assert created["user"]["username"] == "bob"
    assert console_errors == []


def test_without_javascript_the_reference_is_the_page(browser, docs_server):
    """With JavaScript off the server-rendered reference shows each field's filters."""
    context = browser.new_context(base_url=docs_server["url"], java_script_enabled=False)
    page = context.new_page()
    page.goto("/api/docs/")
    expect(page.get_by_role("heading", name="Authentication")).to_be_visible()
    page.get_by_text("Filters on").first.click()
    row = page.get_by_role("row").filter(has_text="content__icontains").first
    assert "content__startswith" in row.inner_text()
    context.close()
