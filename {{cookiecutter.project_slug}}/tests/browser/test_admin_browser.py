"""The admin in a real browser: what an admin does in a day, and an accessibility scan."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SERIOUS = ("serious", "critical")


def test_an_admin_adds_finds_edits_exports_and_deletes_a_message(page, screenshot):
    """Log in, see both panels, add a message, find it by search and by a filter,
    edit it, export the list as CSV, and delete it through the confirmation."""
    # The dashboard: both panels, and a note written from the Notes panel.
    expect(page.get_by_role("heading", name="Notes")).to_be_visible()
    expect(page.get_by_role("heading", name="Signups")).to_be_visible()
    expect(page.locator("svg.chart rect.bar")).to_have_count(30)
    page.get_by_label("New note").fill("Deploy on Friday at 16:00.")
    page.get_by_role("button", name="Add note").click()
    assert page.locator(".notes li").first.inner_text().startswith("Deploy on Friday")
    screenshot(page, "admin-dashboard")

    # Add a message, typing its author's name into the box labelled "User".
    page.get_by_role("link", name="Messages", exact=True).first.click()
    page.get_by_role("link", name="Add message").click()
    page.get_by_label("User").fill("gra")
    page.get_by_role("option", name="grace").click()
    page.get_by_label("Content").fill("Browsers see the admin too")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Added message")).to_be_visible()

    # Find it by search...
    page.get_by_label(re.compile("^Search content")).fill("BROWSERS SEE")
    page.get_by_role("button", name="Search", exact=True).click()
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(1)
    content = rows.first.get_by_role("textbox", name=re.compile("^Content of message"))
    expect(content).to_have_value("Browsers see the admin too")  # editable in the list

    # ...and by a filter, shown as removable.
    page.get_by_role("link", name="Clear search").click()
    page.get_by_label("Content: how to compare").select_option("startswith")
    page.get_by_label("Content: value").fill("browsers")
    page.locator("form.filter", has=page.get_by_label("Content: value")).get_by_role(
        "button", name="Apply"
    ).click()
    expect(page.get_by_text("Content starts with browsers")).to_be_visible()
    expect(rows).to_have_count(1)
    screenshot(page, "admin-list-filtered")

    # Export the filtered list as CSV.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    exported = list(csv.reader(io.StringIO(download_info.value.path().read_text())))
    assert exported[0] == ["User", "Content", "Pub date", "Tags"]
    assert [row[:2] for row in exported[1:]] == [["grace", "Browsers see the admin too"]]

    # Edit it.
    rows.first.get_by_role("link").first.click()
    page.get_by_label("Content").fill("Browsers edit the admin too")
    screenshot(page, "admin-edit")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.get_by_text("Saved message")).to_be_visible()
    assert page.get_by_label("Content").input_value() == "Browsers edit the admin too"

    # Delete it through the confirmation.
    page.get_by_role("link", name="Delete").click()
    expect(page.get_by_role("heading", name="Delete 1 message?")).to_be_visible()
    page.get_by_role("button", name="Yes, delete").click()
    expect(page.get_by_text("Deleted message")).to_be_visible()
    page.get_by_label(re.compile("^Search content")).fill("browsers")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text("No messages found.")).to_be_visible()


def serious_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


def test_admin_pages_have_no_serious_accessibility_violations(page):
    """axe-core finds nothing serious or critical on the dashboard, a list, an edit page
    and a delete page."""
    page.goto("/admin/message/")
    edit = page.locator("table.list tbody tr").first.get_by_role("link").first.get_attribute("href")
    lists = ["/admin/message/?o=-pub_date&content__contains=e", "/admin/user/"]
    for path in ["/admin/", *lists, edit, f"{edit}delete/"]:
        page.goto(path)
        assert serious_violations(page) == [], path


def test_the_admin_fits_a_phone_screen(page):
    """At phone width the list needs no sideways scrolling of the whole page."""
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/admin/message/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    expect(page.get_by_role("heading", name="Filter")).to_be_visible()


def test_the_list_is_usable_with_the_keyboard(page):
    """Tab reaches the search box and Enter submits it."""
    page.goto("/admin/message/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "search-q":
            break
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.type("grace")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=grace"))
    expect(page.locator("table.list tbody tr").first).to_be_visible()
