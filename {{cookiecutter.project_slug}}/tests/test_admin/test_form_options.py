"""Form options as in Django and flask-peewee: readonly_fields (shown, never written),
fieldsets, field_args and the get_form() hook; an unknown option fails at registration."""

import datetime
import re

import pytest
from wtforms.validators import ValidationError

from {{ cookiecutter.package_name }}.admin import ModelAdmin
from {{ cookiecutter.package_name }}.admin_site import MessageAdmin, admin
from {{ cookiecutter.package_name }}.models import Message, User

from ..conftest import post_form

POSTED = datetime.datetime(2024, 5, 1, 10, 30)


@pytest.fixture
def message(admin_user):
    return Message.create(user=admin_user, content="Original", pub_date=POSTED)


class ReadonlyMessageAdmin(MessageAdmin):
    readonly_fields = ("pub_date", "user", "word_count")

    def word_count(self, message):
        return len(message.content.split())


def readonly_output(html, label):
    """The text of the read-only value labelled `label`, or None."""
    match = re.search(rf'<label for="([^"]+)">{label}</label>\s*<output id="\1">([^<]*)', html)
    return match.group(2) if match else None


def test_readonly_fields_are_shown_as_text_not_inputs(client, message, register):
    """The edit page shows each read-only field's value, and no input for it."""
    register(Message, ReadonlyMessageAdmin)
    html = client.get(f"/admin/message/{message.id}/").get_data(as_text=True)
    assert readonly_output(html, "Pub date") == "2024-05-01 10:30:00"
    assert readonly_output(html, "User") == "root"
    assert readonly_output(html, "Word count") == "1"
    assert 'name="pub_date"' not in html and 'name="user"' not in html
    assert 'name="content"' in html


def test_a_crafted_post_never_writes_a_readonly_field(client, message, make_user, register):
    """Posting values for read-only fields changes only the editable ones."""
    register(Message, ReadonlyMessageAdmin)
    bob = make_user("bob")
    response = post_form(
        client,
        f"/admin/message/{message.id}/",
        content="Edited",
        pub_date="1999-01-01T00:00:00",
        user=bob.id,
    )
    assert response.status_code == 302
    saved = Message.get_by_id(message.id)
    assert saved.content == "Edited" and saved.pub_date == POSTED and saved.user_id != bob.id


def test_a_readonly_field_keeps_its_default_when_adding(client, admin_user, register):
    """On the add form a read-only field shows a dash and the row gets the field's default."""

    class NoDate(MessageAdmin):
        readonly_fields = ("pub_date",)

    register(Message, NoDate)
    assert readonly_output(client.get("/admin/message/add/").get_data(as_text=True), "Pub date")
    post_form(
        client, "/admin/message/add/", user=admin_user.id, content="New", pub_date="1999-01-01"
    )
    assert Message.get(Message.content == "New").pub_date.year == datetime.date.today().year


def test_fieldsets_group_and_order_the_form(client, message, register):
    """Each titled fieldset is a <fieldset> with its legend and description, in order."""

    class Grouped(MessageAdmin):
        readonly_fields = ("pub_date",)
        fieldsets = [
            (None, {"fields": ["content", "user"]}),
            ("Dates", {"fields": ["pub_date"], "description": "Set when posted."}),
        ]

    register(Message, Grouped)
    html = client.get(f"/admin/message/{message.id}/").get_data(as_text=True)
    assert html.index('name="content"') < html.index('name="user"') < html.index("<legend>")
    dates = re.search(r"<fieldset class=\"fieldset\">(.*?)</fieldset>", html, re.S).group(1)
    assert "<legend>Dates</legend>" in dates and "Set when posted." in dates
    assert readonly_output(dates, "Pub date") == "2024-05-01 10:30:00"


def test_fieldsets_choose_the_form_fields(client, message, register):
    """A field no fieldset names is not on the form, and a post cannot write it."""

    class OnlyContent(MessageAdmin):
        fieldsets = [(None, {"fields": ["content"]})]

    register(Message, OnlyContent)
    html = client.get(f"/admin/message/{message.id}/").get_data(as_text=True)
    assert 'name="content"' in html and 'name="pub_date"' not in html
    post_form(client, f"/admin/message/{message.id}/", content="Hi", pub_date="1999-01-01")
    saved = Message.get_by_id(message.id)
    assert saved.content == "Hi" and saved.pub_date == POSTED


def test_field_args_reach_the_form_fields(client, admin_user, register):
    """`field_args` sets a field's label and help text."""

    class Relabelled(MessageAdmin):
        field_args = {"content": {"label": "Text", "description": "What the message says."}}

    register(Message, Relabelled)
    html = client.get("/admin/message/add/").get_data(as_text=True)
    assert '<label for="content">Text</label>' in html and "What the message says." in html


def test_get_form_lets_an_admin_add_validation(client, message, register):
    """A get_form() override's validator refuses the save and shows its message."""

    class NoShouting(MessageAdmin):
        def get_form(self, obj=None):
            base = super().get_form(obj)

            class Form(base):
                def validate_content(form, field):
                    if field.data.isupper():
                        raise ValidationError("Please do not shout.")

            return Form

    register(Message, NoShouting)
    response = post_form(
        client, f"/admin/message/{message.id}/", user=message.user_id, content="HEY"
    )
    assert "Please do not shout." in response.get_data(as_text=True)
    assert Message.get_by_id(message.id).content == "Original"


def test_the_user_admin_keeps_its_new_password_field_with_fieldsets(client, admin_user, register):
    """A field get_form() adds, left out of `fieldsets`, still comes at the end."""
    from {{ cookiecutter.package_name }}.admin import UserAdmin

    class Grouped(UserAdmin):
        fieldsets = [("Account", {"fields": ["username", "email"]})]

    register(User, Grouped)
    html = client.get(f"/admin/user/{admin_user.id}/").get_data(as_text=True)
    assert html.index("<legend>Account</legend>") < html.index('name="new_password"')


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"readonly_field": ("pub_date",)}, "unknown option 'readonly_field' (did you mean"),
        ({"list_display": ("content",)}, "unknown option 'list_display'"),
        ({"readonly_fields": ("nope",)}, "readonly_fields"),
        ({"readonly_fields": ("user__password",)}, "secret"),
        ({"fields": ("nope",)}, "fields: no form field “nope”"),
        ({"field_args": {"nope": {}}}, "field_args: no form field “nope”"),
        ({"fieldsets": [(None, {"fields": ["nope"]})]}, "fieldsets: “nope”"),
        ({"ordering": ("-nope",)}, "ordering: no field “nope”"),
    ],
)
def test_an_unknown_option_or_field_fails_at_registration(options, message):
    """A typo in an option, or an option naming no field, is an error at register()."""
    bad = type("BadAdmin", (ModelAdmin,), options)
    with pytest.raises(ValueError, match=re.escape(message)):
        admin.register(Message, bad)


def test_own_methods_and_private_attributes_are_not_options():
    """Methods, properties and `_private` attributes of a subclass are allowed."""

    class Custom(MessageAdmin):
        _cache = {}

        def shout(self, message):
            return message.content.upper()

        @property
        def nickname(self):
            return "msgs"

    Custom(admin, Message)  # no error
