"""The message list in a real browser: editing rows in place, the date drill-down, and
"select all N" across pages followed by a delete."""

import re

import pytest
from playwright.sync_api import expect

from .test_admin_browser import serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_server(editing_server):
    """These pages are tried on create_app() and on a hand-built app, on each database."""
    return editing_server


def test_two_rows_are_changed_in_the_list_and_saved_at_once(page, screenshot):
    """Edit two contents in place, press "Save changes": both are saved, nothing else."""
    page.goto("/admin/message/?q=archive+note+1")
    boxes = page.get_by_role("textbox", name=re.compile(r"^Content of message \d+$"))
    expect(boxes.first).to_be_visible()
    boxes.nth(0).fill("Edited in place one")
    boxes.nth(1).fill("Edited in place two")
    assert serious_violations(page) == []
    screenshot(page, "admin-list-editable")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Saved 2 messages.")).to_be_visible()
    page.goto("/admin/message/?q=edited+in+place")
    expect(page.get_by_role("textbox", name=re.compile("^Content of message"))).to_have_count(2)


def test_the_date_drill_down_goes_by_year_then_month(page):
    """Year links with counts, then the year's months; the list follows each step."""
    page.goto("/admin/message/")
    drill = page.get_by_role("navigation", name="Pub date drill-down")
    years = drill.get_by_role("link", name=re.compile(r"^\d{4}$"))
    expect(years.first).to_be_visible()
    assert years.count() >= 2
    year = years.last.inner_text()
    years.last.click()
    expect(drill.get_by_text(year, exact=True)).to_have_attribute("aria-current", "page")
    months = drill.get_by_role("link", name=re.compile(r"^[A-Z][a-z]+$"))
    month = months.first.inner_text()
    count = re.search(r"\(\d+\)", drill.get_by_role("listitem").first.inner_text()).group()
    months.first.click()
    expect(drill.get_by_text(f"{month} {year}", exact=True)).to_be_visible()
    total = count.strip("()")
    expect(page.get_by_text(re.compile(rf"^{total} messages?$"))).to_be_visible()
    assert serious_violations(page) == []


def test_select_all_n_then_delete_with_the_confirmation(page):
    """Tick the page, then "Select all 24": the confirmation says 24 and the delete
    removes every archive note on both pages."""
    page.goto("/admin/message/?q=archive")
    across = page.get_by_label(re.compile(r"^Select all \d+ messages, on every page"))
    expect(across).to_be_hidden()  # offered only once the whole page is ticked
    page.get_by_label("Select all rows on this page").check()
    expect(across).to_be_visible()
    label = page.get_by_text(re.compile(r"^Select all \d+ messages, on every page")).inner_text()
    total = int(re.search(r"\d+", label).group())
    assert total > page.get_by_role("table").get_by_role("rowheader").count()
    across.check()
    page.get_by_label("Action").select_option("delete_selected")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_role("heading", name=f"Delete {total} messages?")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Yes, delete").click()
    expect(page.get_by_text(f"Deleted {total} messages.")).to_be_visible()
    page.goto("/admin/message/?q=archive")
    expect(page.get_by_text("No messages found.")).to_be_visible()
