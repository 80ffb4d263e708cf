"""Inlines in a real browser: a user's messages edited on the user's page."""

import pytest
from playwright.sync_api import expect

from .test_admin_browser import serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_server(editing_server):
    """These pages are tried on create_app() and on a hand-built app, on each database."""
    return editing_server


def open_user(page, username):
    page.goto("/admin/user/")
    page.get_by_role("link", name=username, exact=True).click()


def test_an_admin_changes_adds_and_deletes_a_users_messages_inline(page, screenshot):
    """On linus's page: change one message, add one with "Add another", delete one, save
    once; the user's messages reflect all three."""
    open_user(page, "linus")
    expect(page.get_by_label("Content of message 1")).to_be_visible()
    page.get_by_label("Content of message 1").fill("Changed inline")
    page.get_by_role("button", name="Add another message").click()
    page.get_by_label("Content of new message 5").fill("Added inline")
    page.get_by_label("Content of new message 4").fill("Added in the extra row")
    deleted = page.get_by_label("Content of message 3").input_value()
    page.get_by_role("checkbox", name="Delete message 3").check()
    assert serious_violations(page) == []
    screenshot(page, "admin-inline")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.get_by_text("Saved user")).to_be_visible()
    contents = [page.get_by_label(f"Content of message {n}").input_value() for n in range(1, 5)]
    assert "Changed inline" in contents and "Added inline" in contents
    assert "Added in the extra row" in contents and deleted not in contents


def test_a_bad_inline_row_shows_its_error_beside_it(page):
    """Emptying a message's content keeps the page, with the error in that row."""
    open_user(page, "ken")
    page.get_by_label("Content of message 1").fill("")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Please correct the errors below.")).to_be_visible()
    content = page.get_by_label("Content of message 1")
    assert content.get_attribute("aria-invalid") == "true"
    expect(page.get_by_role("row", name="Message 1").get_by_text("required")).to_have_count(1)
