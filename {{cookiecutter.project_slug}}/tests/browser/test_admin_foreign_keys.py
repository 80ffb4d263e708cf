"""Foreign keys in a real browser: one labelled combobox, the list's FK filter, and the
"+" popup that adds a related row and picks it."""

import re

import pytest
from playwright.sync_api import expect

from ..conftest import PASSWORD
from .test_admin_browser import serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_server(editing_server):
    """These pages are tried on create_app() and on a hand-built app, on each database."""
    return editing_server


def test_a_message_is_added_by_typing_the_users_name_and_picking_the_suggestion(page, screenshot):
    """The box labelled "User" is a combobox: typing a name lists matching users, the
    live region counts them, and picking one saves the message for that user."""
    page.goto("/admin/message/add/")
    user = page.get_by_label("User")
    assert user.get_attribute("role") == "combobox"
    user.fill("gra")
    suggestion = page.get_by_role("option", name="grace")
    suggestion.wait_for()
    expect(page.get_by_role("status").filter(has_text="1 result.")).to_have_count(1)
    screenshot(page, "admin-combobox")
    suggestion.click()
    assert user.input_value() == "grace"
    page.get_by_label("Content").fill("Picked by name")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Added message “grace: Picked by name”")).to_be_visible()


def test_the_combobox_is_used_with_the_keyboard_alone(page):
    """Arrow keys move through the suggestions, Escape closes them, Enter picks one
    without submitting the form; editing shows the current user's name."""
    page.goto("/admin/message/add/")
    user = page.get_by_label("User")
    user.focus()
    page.keyboard.type("a")
    listbox = page.get_by_role("listbox", name="Suggestions")
    first = listbox.get_by_role("option").first
    expect(first).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    expect(user).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(user).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("ArrowDown")
    expect(first).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    name = first.inner_text()
    page.keyboard.press("Enter")
    expect(user).to_have_value(name)
    assert "/add/" in page.url
    page.get_by_label("Content").fill("Chosen with keys")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.get_by_text("Added message")).to_be_visible()
    expect(page.get_by_label("User")).to_have_value(name)


def test_a_wrong_name_without_a_pick_is_a_form_error_not_another_user(page):
    """Typing a name and saving without picking a suggestion saves nothing and says so."""
    page.goto("/admin/message/add/")
    page.get_by_label("User").fill("nobody-by-this-name")
    page.get_by_label("Content").fill("Lost")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Please correct the errors below.")).to_be_visible()
    assert page.get_by_label("User").get_attribute("aria-invalid") == "true"


def test_the_list_is_filtered_by_user_through_the_same_combobox(page):
    """The list's User filter is the same control: type, pick, apply."""
    page.goto("/admin/message/")
    page.get_by_label("User", exact=True).fill("lin")
    page.get_by_role("option", name="linus").click()
    page.get_by_role("group", name="User", exact=True).get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"user__eq=\d+"))
    authors = page.get_by_role("table").get_by_role("rowheader")
    expect(authors.first).to_be_visible()
    assert set(authors.all_inner_texts()) == {"linus"}


def test_plus_adds_a_user_in_a_popup_and_picks_it(page):
    """ "+" opens the user add form in a popup; saving it there closes the popup and the
    new user is chosen in the message form."""
    page.goto("/admin/message/add/")
    with page.expect_popup() as popup_info:
        page.get_by_role("link", name="Add another user").click()
    popup = popup_info.value
    popup.get_by_label("Username").fill("hedy")
    popup.get_by_label("Email").fill("hedy@example.com")
    popup.get_by_label("New password").fill("a long enough password")
    with popup.expect_event("close"):
        popup.get_by_role("button", name="Save", exact=True).click()
    assert page.get_by_label("User").input_value() == "hedy"
    page.get_by_label("Content").fill("From the popup")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Added message “hedy: From the popup”")).to_be_visible()


def test_plus_beside_the_user_filter_adds_a_user_and_filters_by_it(page):
    """The filter's "+" opens the user add form in a popup (axe finds nothing serious
    there); once saved, the filter box holds the new user, and applying it lists that
    user's messages: none yet."""
    page.goto("/admin/message/")
    user_filter = page.get_by_role("group", name="User", exact=True)
    with page.expect_popup() as popup_info:
        user_filter.get_by_role("link", name="Add another user").click()
    popup = popup_info.value
    popup.get_by_label("Username").fill("joan")
    popup.get_by_label("Email").fill("joan@example.com")
    popup.get_by_label("New password").fill("a long enough password")
    assert serious_violations(popup) == []
    with popup.expect_event("close"):
        popup.get_by_role("button", name="Save", exact=True).click()
    expect(user_filter.get_by_label("User", exact=True)).to_have_value("joan")
    user_filter.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"user__eq=\d+"))
    expect(page.get_by_text("No messages found.")).to_be_visible()


def test_the_foreign_key_pages_have_no_serious_accessibility_violations(page):
    """axe-core: nothing serious on the add form with its suggestions open, nor on the
    list with the FK filter."""
    page.goto("/admin/message/add/")
    page.get_by_label("User").fill("a")
    page.get_by_role("listbox", name="Suggestions").wait_for()
    assert serious_violations(page) == []
    page.goto("/admin/message/")
    assert serious_violations(page) == []


def test_without_javascript_the_user_box_takes_an_id_and_links_to_the_user_list(
    browser, live_server
):
    """JavaScript off: the box labelled "User" takes the id, and a link opens the user
    list in a new tab to find it."""
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/accounts/login/?next=/admin/message/add/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/message/add/")
    link = page.get_by_role("link", name=re.compile("Find it in the user list"))
    assert link.get_attribute("target") == "_blank"
    assert link.get_attribute("href") == "/admin/user/"
    page.get_by_label("User").fill("2")
    page.get_by_label("Content").fill("Typed an id")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Added message")).to_be_visible()
    context.close()
