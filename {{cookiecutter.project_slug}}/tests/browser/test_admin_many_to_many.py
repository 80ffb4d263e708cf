"""The dual list in a real browser: tags picked for a message with the keyboard alone."""

import pytest
from playwright.sync_api import expect

from .test_admin_browser import serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_server(editing_server):
    """These pages are tried on create_app() and on a hand-built app, on each database."""
    return editing_server


def test_tags_are_picked_in_the_dual_list_with_the_keyboard(page, screenshot):
    """Filter the available tags, move one across with Enter, another with the button,
    take one back with Delete, and save: the message has exactly the chosen tags."""
    page.goto("/admin/message/add/")
    page.get_by_label("User").fill("ada")
    page.get_by_role("option", name="ada").click()
    page.get_by_label("Content").fill("Tagged by keyboard")
    tags = page.get_by_role("group", name="Tags")
    available = page.get_by_label("Available tags", exact=True)
    chosen = page.get_by_label("Chosen tags", exact=True)
    page.get_by_label("Filter available tags").fill("dep")
    assert available.get_by_role("option").all_inner_texts() == ["deploy"]
    page.keyboard.press("Tab")  # into "Available tags"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert chosen.get_by_role("option").all_inner_texts() == ["deploy"]
    page.get_by_label("Filter available tags").fill("")
    available.focus()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowDown")  # the second tag left: "docs"
    tags.get_by_role("button", name="Choose selected").press("Enter")
    assert chosen.get_by_role("option").all_inner_texts() == ["deploy", "docs"]
    chosen.focus()
    page.keyboard.press("Home")
    page.keyboard.press("Delete")
    assert chosen.get_by_role("option").all_inner_texts() == ["docs"]
    expect(page.get_by_role("status").filter(has_text="1 chosen in all.")).to_have_count(1)
    assert serious_violations(page) == []
    screenshot(page, "admin-dual-list")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Added message")).to_be_visible()
    page.get_by_label("Search content").fill("Tagged by keyboard")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(
        page.get_by_role("table").get_by_role("cell", name="docs")  # the one row found
    ).to_be_visible()
