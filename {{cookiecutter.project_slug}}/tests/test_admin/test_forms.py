"""Add and edit: model forms, errors beside fields, FK pickers, the three save buttons,
and the user admin that never shows a password hash."""

import datetime
import re

import pytest
from wtforms import Form, fields
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange

from {{ cookiecutter.package_name }}.admin.forms import DateTimeLocalField, RowForm
from {{ cookiecutter.package_name }}.admin_site import MessageAdmin
from {{ cookiecutter.package_name }}.models import Message, User

from ..conftest import PASSWORD, post_form


def test_adding_a_message_saves_it_and_returns_to_the_list(client, admin_user):
    """ "Save" stores the row and goes back to the list with a confirmation."""
    response = post_form(
        client,
        "/admin/message/add/",
        user=admin_user.id,
        content="Fresh",
        pub_date="2024-05-01T10:30:00",
    )
    assert response.headers["Location"] == "/admin/message/"
    message = Message.get(Message.content == "Fresh")
    assert message.user.id == admin_user.id and message.pub_date.hour == 10
    assert "Added message" in client.get("/admin/message/").get_data(as_text=True)


def test_the_other_save_buttons_continue_editing_or_add_another(client, admin_user):
    """ "Save and continue editing" returns to the row; "Save and add another" to a blank form."""
    response = post_form(
        client, "/admin/message/add/", user=admin_user.id, content="One", _continue=""
    )
    message = Message.get(Message.content == "One")
    assert response.headers["Location"] == f"/admin/message/{message.id}/"
    response = post_form(
        client, f"/admin/message/{message.id}/", user=admin_user.id, content="Two", _addanother=""
    )
    assert response.headers["Location"] == "/admin/message/add/"
    assert Message.get_by_id(message.id).content == "Two"


def test_validation_errors_are_shown_beside_their_field(client, admin_user):
    """A missing value keeps the form, marks the field and explains, next to it."""
    response = post_form(client, "/admin/message/add/", user=admin_user.id, content="")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and Message.select().count() == 0
    assert re.search(
        r'id="content".*?aria-invalid="true"|aria-invalid="true".*?id="content"', html, re.S
    )
    assert '<ul class="errors" id="content-errors">' in html
    assert "This field is required." in html


def test_an_unknown_related_id_is_a_field_error(client, admin_user):
    """Typing an id that does not exist says so beside the field."""
    html = post_form(client, "/admin/message/add/", user="9999", content="x").get_data(as_text=True)
    assert "No user with id “9999”." in html and Message.select().count() == 0


def test_fields_and_exclude_choose_the_form_fields(client, admin_user, register):
    """`fields` lists the form's fields; `exclude` removes some."""

    class OnlyContent(MessageAdmin):
        fields = ("user", "content")

    register(Message, OnlyContent)
    html = client.get("/admin/message/add/").get_data(as_text=True)
    assert 'name="content"' in html and 'name="pub_date"' not in html

    class NoDate(MessageAdmin):
        exclude = ("pub_date",)

    register(Message, NoDate)
    html = client.get("/admin/message/add/").get_data(as_text=True)
    assert 'name="content"' in html and 'name="pub_date"' not in html


def test_small_related_tables_get_a_select_and_large_ones_a_lookup(
    client, admin_user, make_user, register
):
    """A short FK list is a <select>; over `lookup_threshold` rows it is the search lookup."""

    class Picker(MessageAdmin):
        foreign_key_lookups = ()
        lookup_threshold = 3

    register(Message, Picker)
    html = client.get("/admin/message/add/").get_data(as_text=True)
    assert '<select id="user" name="user"' in html and "data-lookup" not in html
    for n in range(3):
        make_user(f"user{n}")
    html = client.get("/admin/message/add/").get_data(as_text=True)
    assert '<select id="user"' not in html and 'data-lookup="/admin/message/lookup/user/"' in html
    assert "user2" not in html  # the page does not list the related table


def test_the_lookup_searches_related_rows_a_page_at_a_time(client, admin_user, make_user):
    """The lookup returns JSON matches, 20 at a time, with a next-page flag."""
    for n in range(25):
        make_user(f"member{n:02}")
    first = client.get("/admin/message/lookup/user/?q=MEMBER").get_json()
    assert len(first["results"]) == 20 and first["has_next"] is True
    assert first["results"][0] == {
        "id": User.get(User.username == "member00").id,
        "label": "member00",
    }
    second = client.get("/admin/message/lookup/user/?q=member&page=2").get_json()
    assert [r["label"] for r in second["results"]] == [f"member{n}" for n in range(20, 25)]
    assert second["has_next"] is False
    assert all("password" not in str(r) for r in first["results"])


def test_the_lookup_is_for_admins_only(client, make_user, login):
    """Anonymous users are redirected; non-admins get 403."""
    assert client.get("/admin/message/lookup/user/?q=a").status_code == 302
    make_user("bob")
    login("bob")
    assert client.get("/admin/message/lookup/user/?q=a").status_code == 403


def test_the_user_form_never_shows_the_password_hash(client, admin_user):
    """Editing a user shows a "New password" field, and no hash anywhere on the page."""
    html = client.get(f"/admin/user/{admin_user.id}/").get_data(as_text=True)
    assert admin_user.password not in html
    assert 'name="password"' not in html
    assert 'name="new_password"' in html and "New password" in html


def test_a_new_password_is_hashed_and_an_empty_one_keeps_the_old(
    client, admin_user, make_user, login
):
    """The admin sets a password through set_password(); leaving it empty changes nothing."""
    bob = make_user("bob")
    fields = {
        "username": "bob",
        "email": "bob@example.com",
        "active": "y",
        "join_date": "2024-01-01T00:00:00",
    }
    post_form(client, f"/admin/user/{bob.id}/", **fields, new_password="")
    assert User.get_by_id(bob.id).check_password(PASSWORD)
    post_form(client, f"/admin/user/{bob.id}/", **fields, new_password="a brand new secret")
    stored = User.get_by_id(bob.id)
    assert stored.password != "a brand new secret" and stored.check_password("a brand new secret")


def test_adding_a_user_needs_a_password(client, admin_user):
    """A new user without a password is refused beside the field."""
    fields = {"username": "carol", "email": "carol@example.com", "join_date": "2024-01-01T00:00:00"}
    html = post_form(client, "/admin/user/add/", **fields).get_data(as_text=True)
    assert (
        'id="new_password-errors"' in html
        and not User.select().where(User.username == "carol").exists()
    )
    post_form(client, "/admin/user/add/", **fields, new_password="carol's password")
    assert User.get(User.username == "carol").check_password("carol's password")


def test_a_duplicate_value_is_a_form_error_not_a_500(client, admin_user, make_user):
    """Saving a username that is taken says so on the form."""
    make_user("bob")
    fields = {
        "username": "bob",
        "email": "x@example.com",
        "join_date": "2024-01-01T00:00:00",
        "new_password": "long enough",
    }
    response = post_form(client, "/admin/user/add/", **fields)
    assert response.status_code == 200
    assert "Could not save" in response.get_data(as_text=True)


# The admin writes its inputs' attributes itself (WTForms' Markup.format per attribute
# was a quarter of a page with many controls): the markup must stay WTForms' own.
CONTROLS = [
    (fields.StringField, [DataRequired(), Length(min=2, max=80)], '<b>"quoted" & more</b>'),
    (fields.TextAreaField, [DataRequired(), Length(max=500)], "two\nlines <i>&</i>"),
    (fields.IntegerField, [NumberRange(min=0, max=9)], 7),
    (fields.BooleanField, [], True),
    (fields.BooleanField, [], False),
    (fields.PasswordField, [Length(min=8)], "secret"),
    (fields.HiddenField, [], 'a"b'),
    (fields.EmailField, [DataRequired()], "ada@example.com"),
    (DateTimeLocalField, [DataRequired()], datetime.datetime(2024, 5, 1, 10, 30)),
    (fields.SelectField, [], "b"),
]


@pytest.mark.parametrize(("field_class", "validators", "value"), CONTROLS)
@pytest.mark.parametrize("has_errors", [False, True])
def test_admin_controls_are_the_markup_wtforms_writes(field_class, validators, value, has_errors):
    """Attributes, validation flags, render_kw, checked and escaping as WTForms writes them."""
    choices = [SelectChoice("a", "A"), SelectChoice("b", 'B "2"')]
    options = {"choices": choices} if field_class is fields.SelectField else {}

    def form(base):
        cell = field_class(validators=validators, render_kw={"data_note": 'x"y'}, **options)
        return type("Row", (base,), {"cell": cell})(data={"cell": value}, prefix="row-7-")

    attrs = {"rows": 2, "class_": "wide"}
    if has_errors:
        attrs.update({"aria-describedby": "row-7-cell-errors", "aria-invalid": "true"})
    assert form(RowForm).cell(**attrs) == form(Form).cell(**attrs)
