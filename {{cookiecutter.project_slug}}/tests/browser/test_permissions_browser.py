"""Permissions in a real browser: a staff editor's admin, and an admin building a group."""

import re

import pytest
from playwright.sync_api import expect

from ..conftest import PASSWORD
from .test_admin_browser import serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def login_as(browser, live_server):
    """A fresh tab logged in as `username`; closed after the test."""
    contexts = []

    def log_in(username):
        context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 860})
        contexts.append(context)
        page = context.new_page()
        page.goto("/accounts/login/?next=/admin/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/admin/")
        return page

    yield log_in
    for context in contexts:
        context.close()


def test_a_staff_editor_sees_only_messages_edits_one_and_cannot_delete(login_as):
    """The editor's admin: Messages only, no panels; a message saves; no delete anywhere."""
    page = login_as("editor")
    models = page.get_by_role("navigation", name="Models").get_by_role("link")
    assert models.all_inner_texts() == ["Messages"]
    expect(page.get_by_role("heading", name="Notes")).to_have_count(0)
    expect(page.get_by_role("heading", name="Signups")).to_have_count(0)

    models.first.click()
    page.wait_for_url("**/admin/message/")
    expect(page.get_by_role("link", name="Add message")).to_have_count(0)
    expect(page.get_by_role("option", name="Delete selected")).to_have_count(0)
    page.get_by_role("rowheader").first.get_by_role("link").click()
    page.get_by_label("Content").fill("Edited by the editor")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.get_by_text("Saved message")).to_be_visible()
    assert page.get_by_label("Content").input_value() == "Edited by the editor"
    expect(page.get_by_role("link", name="Delete")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("delete", re.I))).to_have_count(0)

    response = page.goto("/admin/user/")
    assert response.status == 403


def test_an_admin_builds_a_group_in_the_picker_and_adds_a_user(page):
    """Filter the picker, select all of Messages but delete, add a member, save; then put
    another user in the group from their user page."""
    page.get_by_role("link", name="Groups", exact=True).first.click()
    page.get_by_role("link", name="Add group").click()
    page.get_by_label("Name").fill("Reviewers")

    page.get_by_label("Filter permissions").fill("message")
    expect(page.get_by_role("group", name="Users")).to_be_hidden()
    page.get_by_label("Select all for Messages").check()
    page.get_by_label("Can delete message").uncheck()
    assert page.get_by_label("Select all for Messages").evaluate("box => box.indeterminate")
    page.get_by_label("Filter permissions").fill("")
    expect(page.get_by_role("group", name="Users")).to_be_visible()
    page.get_by_label("Available members", exact=True).select_option(label="grace")
    page.get_by_role("button", name="Choose selected").click()
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.get_by_text("Added group")).to_be_visible()
    for code in ("view", "add", "change"):
        assert page.get_by_label(f"Can {code} message").is_checked()
    assert not page.get_by_label("Can delete message").is_checked()

    page.get_by_role("link", name="Users", exact=True).first.click()
    page.get_by_role("link", name="ken", exact=True).click()
    page.get_by_label("Staff", exact=True).check()
    page.get_by_label("Available groups", exact=True).select_option(label="Reviewers")
    page.get_by_role("button", name="Choose selected").click()
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.get_by_text("Saved user")).to_be_visible()
    page.get_by_role("link", name="History").click()
    expect(page.get_by_text("groups: +Reviewers")).to_be_visible()

    page.goto("/admin/group/")
    page.get_by_role("link", name="Reviewers").click()
    members = page.get_by_label("Chosen members", exact=True)
    expect(members.get_by_role("option")).to_have_count(2)  # once the page and its lists load
    assert sorted(members.get_by_role("option").all_inner_texts()) == ["grace", "ken"]


def test_permission_pages_have_no_serious_accessibility_violations(page, login_as):
    """axe-core: the group form with its picker, the user page with rights, a view-only
    detail page, and the editor's dashboard."""
    page.goto("/admin/group/add/")
    assert serious_violations(page) == [], "group add"
    page.goto("/admin/user/")
    page.get_by_role("link", name="grace", exact=True).click()
    assert serious_violations(page) == [], "user page"
    viewer = login_as("viewer")
    viewer.get_by_role("link", name="Messages", exact=True).first.click()
    viewer.get_by_role("rowheader").first.get_by_role("link").click()
    expect(viewer.get_by_role("heading", name=re.compile("^View message"))).to_be_visible()
    assert serious_violations(viewer) == [], "view-only detail"
    viewer.goto("/admin/")
    assert serious_violations(viewer) == [], "staff dashboard"
