"""Read-only fields and fieldsets as a browser shows them: grouped, labelled, not editable."""

import re

import pytest
from playwright.sync_api import expect

from {{ cookiecutter.package_name }}.admin_site import MessageAdmin, admin
from {{ cookiecutter.package_name }}.models import Message

pytestmark = pytest.mark.browser


class GroupedMessageAdmin(MessageAdmin):
    readonly_fields = ("pub_date",)
    fieldsets = [
        (None, {"fields": ["user", "content"]}),
        ("Dates", {"fields": ["pub_date"], "description": "Set when the message is posted."}),
    ]


@pytest.fixture
def grouped_messages():
    """The served admin shows messages through GroupedMessageAdmin for one test."""
    saved = dict(admin.registry)
    admin.registry["message"] = GroupedMessageAdmin(admin, Message)
    yield
    admin.registry.clear()
    admin.registry.update(saved)


def test_a_read_only_field_is_shown_in_its_fieldset_and_cannot_be_edited(
    page, live_server, grouped_messages
):
    """The "Dates" group holds the publication date as labelled text, not an input,
    and saving the form keeps it."""
    page.goto("/admin/message/")
    page.get_by_role("table").get_by_role("rowheader").first.get_by_role("link").click()
    dates = page.get_by_role("group", name="Dates")
    expect(dates.get_by_text("Set when the message is posted.")).to_be_visible()
    shown = dates.get_by_label("Pub date")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", shown.inner_text())
    expect(page.get_by_role("textbox", name="Pub date")).to_have_count(0)
    before = shown.inner_text()
    page.get_by_label("Content").fill("Edited in the browser")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.get_by_text("Saved message")).to_be_visible()
    assert page.get_by_role("group", name="Dates").get_by_label("Pub date").inner_text() == before
