"""The admin asks permissions: who sees, opens and changes what (allowed, refused, hidden)."""

import pytest

from {{ cookiecutter.package_name }}.admin_site import Note
from {{ cookiecutter.package_name }}.extensions import auth
from {{ cookiecutter.package_name }}.models import Message

from ..conftest import post_form

grants = auth.grants


@pytest.fixture
def staff(make_user, login):
    """Make a staff user "ed" holding `codes`, logged in on `client`."""

    def make(*codes):
        user = make_user("ed", staff=True)
        grants.grant(user, codes)
        login("ed")
        return user

    return make


@pytest.fixture
def message(make_user):
    return Message.create(user=make_user("author"), content="hello from the author")


def test_staff_users_enter_the_admin_and_others_do_not(client, make_user, login):
    """The gate is active and (admin or staff): a plain user gets 403, staff the dashboard."""
    make_user("bob")
    login("bob")
    assert client.get("/admin/").status_code == 403
    other = client.application.test_client()
    make_user("ed", staff=True)
    from ..conftest import post_login

    post_login(other, "ed")
    assert other.get("/admin/").status_code == 200


def test_a_staff_user_without_permissions_sees_an_empty_dashboard(client, staff, message):
    """No models, no panels, no recent actions of models they may not see."""
    staff()
    page = client.get("/admin/").get_data(as_text=True)
    assert "No models you may view yet" in page and "/admin/message/" not in page
    assert "/admin/user/" not in page
    assert "Notes" not in page and "Signups" not in page


def test_the_dashboard_and_navigation_show_only_models_the_user_may_view(client, staff):
    """With message.view: Messages in the navigation and table, no Users, no Add link."""
    staff("message.view")
    page = client.get("/admin/").get_data(as_text=True)
    assert 'href="/admin/message/"' in page
    assert 'href="/admin/user/"' not in page
    assert 'href="/admin/message/add/"' not in page


def test_recent_actions_list_only_models_the_user_may_view(client, admin_user, make_user, login):
    """An admin's change to a user is not shown to a staff user who may see messages only."""
    post_form(client, "/admin/message/add/", user=admin_user.id, content="logged message")
    post_form(
        client,
        f"/admin/user/{admin_user.id}/",
        username="root",
        email="r@example.com",
        active="y",
        admin="y",
    )
    ed = make_user("ed", staff=True)
    grants.grant(ed, ["message.view"])
    other = client.application.test_client()
    from ..conftest import post_login

    post_login(other, "ed")
    page = other.get("/admin/").get_data(as_text=True)
    assert "logged message" in page
    assert "r@example.com" not in page and "root</a>" not in page


@pytest.mark.parametrize(
    "codes, path, status",
    [
        ((), "/admin/message/", 403),
        (("message.view",), "/admin/message/", 200),
        (("message.change",), "/admin/message/", 200),
        (("message.change",), "/admin/message/add/", 403),
        (("message.add",), "/admin/message/add/", 200),
        (("message.add",), "/admin/message/", 403),
        (("message.view",), "/admin/message/export.csv", 200),
        (("message.change",), "/admin/message/export.csv", 403),
        (("message.view",), "/admin/user/", 403),
        (("user.view",), "/admin/user/", 200),
    ],
)
def test_each_list_and_add_page_needs_its_permission(client, staff, codes, path, status):
    """list needs view or change, add needs add, export needs view; else 403."""
    staff(*codes)
    response = client.get(path)
    response.get_data()  # read an export's streamed body to its end
    assert response.status_code == status


@pytest.mark.parametrize(
    "codes, suffix, status",
    [
        (("message.view",), "", 200),
        (("message.delete",), "", 403),
        (("message.view",), "delete/", 403),
        (("message.delete",), "delete/", 200),
        (("message.view",), "history/", 200),
        (("message.change",), "history/", 403),
    ],
)
def test_each_row_page_needs_its_permission(client, staff, message, codes, suffix, status):
    """detail needs view or change, delete needs delete, history needs view."""
    staff(*codes)
    assert client.get(f"/admin/message/{message.id}/{suffix}").status_code == status


def test_view_only_shows_values_without_inputs_or_save_buttons(client, staff, message):
    """With message.view the detail page shows the content as text, and no form."""
    staff("message.view")
    page = client.get(f"/admin/message/{message.id}/").get_data(as_text=True)
    assert "hello from the author" in page
    assert "<textarea" not in page and "<input" not in page.split("<main")[1].split("</main>")[0]
    assert ">Save<" not in page and "Delete</a>" not in page


def test_a_view_only_user_cannot_post_a_change(client, staff, message):
    """POSTing the edit form without message.change is 403 and changes nothing."""
    staff("message.view")
    page = client.get("/admin/")  # a page with a CSRF token for the logout form
    from ..conftest import token_in

    token = token_in(page.get_data(as_text=True))
    response = client.post(
        f"/admin/message/{message.id}/",
        data={"csrf_token": token, "user": message.user_id, "content": "changed"},
    )
    assert response.status_code == 403
    assert Message.get_by_id(message.id).content == "hello from the author"


def test_change_without_delete_hides_delete_and_the_bulk_delete(client, staff, message):
    """An editor sees the form and Save, but no Delete link, no "Delete selected"."""
    staff("message.view", "message.change")
    page = client.get(f"/admin/message/{message.id}/").get_data(as_text=True)
    assert "<textarea" in page and ">Save<" in page
    assert "Delete</a>" not in page and "Save and add another" not in page
    listing = client.get("/admin/message/").get_data(as_text=True)
    assert "Delete selected" not in listing and "Add message" not in listing
    assert "Export this list" in listing


def test_delete_selected_needs_delete(client, staff, message):
    """The bulk delete refuses a user without message.delete, and deletes nothing."""
    staff("message.view", "message.change")
    from ..conftest import token_in

    token = token_in(client.get("/admin/message/").get_data(as_text=True))
    response = client.post(
        "/admin/message/action/",
        data={"csrf_token": token, "action": "delete_selected", "pk": message.id},
    )
    assert response.status_code == 403
    assert Message.select().count() == 1


def test_an_editor_saves_a_change_and_it_is_recorded(client, staff, message):
    """message.change lets the edit form save, with a history entry by the editor."""
    staff("message.view", "message.change")
    response = post_form(
        client, f"/admin/message/{message.id}/", user=message.user_id, content="edited"
    )
    assert response.status_code == 302
    assert Message.get_by_id(message.id).content == "edited"


def test_panels_need_the_permission_they_declare(client, staff):
    """Notes needs note.view (page and its URL), Signups user.view; both can be granted."""
    assert "note.view" in auth.permissions and "user.view" in auth.permissions
    staff("note.view")
    page = client.get("/admin/").get_data(as_text=True)
    assert "Notes" in page and "Signups" not in page
    from ..conftest import token_in

    response = client.post(
        "/admin/panels/notes/create/", data={"csrf_token": token_in(page), "message": "a note"}
    )
    assert response.status_code == 302
    assert [note.message for note in Note.select()] == ["a note"]


def test_the_signups_panel_needs_user_view(client, staff):
    """Signups declares user.view: a holder sees its chart and not the Notes panel."""
    staff("user.view")
    page = client.get("/admin/").get_data(as_text=True)
    assert "Signups" in page and "New users per day" in page and "Notes" not in page


def test_a_panel_url_is_403_without_the_panels_permission(client, staff):
    """Posting to the Notes panel without note.view is refused; no note is written."""
    staff("message.view")
    from ..conftest import token_in

    token = token_in(client.get("/admin/").get_data(as_text=True))
    response = client.post(
        "/admin/panels/notes/create/", data={"csrf_token": token, "message": "x"}
    )
    assert response.status_code == 403
    assert Note.select().count() == 0


def test_a_hand_built_app_with_a_staff_field_gives_staff_their_permissions(tmp_path):
    """`Admin(app, auth)` on an app built as the seed post does: staff get in and see
    what they hold; a user model without `staff` still lets only superusers in."""
    from flask import Flask
    from peewee import BooleanField, CharField, TextField

    from {{ cookiecutter.package_name }}.admin import Admin
    from {{ cookiecutter.package_name }}.auth import Auth, BaseUser
    from {{ cookiecutter.package_name }}.db import Database

    from ..conftest import post_login

    app = Flask(__name__)
    app.config.update(
        SECRET_KEY="a secret for this test only",
        DATABASE=f"sqlite:///{tmp_path / 'hand.db'}",
        BCRYPT_ROUNDS=4,
        AUTH_REQUIRE_2FA_FOR_STAFF=False,  # on by default; test_accounts_admin.py covers it
    )
    db = Database(app)

    class Person(BaseUser, db.Model):
        username = CharField(unique=True)
        email = CharField()
        password = CharField()
        active = BooleanField(default=True)
        admin = BooleanField(default=False)
        staff = BooleanField(default=False)

    class Page(db.Model):
        title = TextField()

    site_auth = Auth(app, db, user_model=Person)
    site_admin = Admin(app, site_auth)
    site_admin.register(Page)
    site_auth.register_admin(site_admin)
    db.database.create_tables([Person, Page, *site_auth.models, *site_admin.models])
    for name, staff in (("writer", True), ("reader", False)):
        person = Person(username=name, email=f"{name}@example.com", staff=staff)
        person.set_password("a password for tests")
        person.save()
    site_auth.grants.grant(Person.get(Person.username == "writer"), ["page.view"])
    Page.create(title="About us")
    db.database.close()

    writer = app.test_client()
    post_login(writer, "writer", "a password for tests")
    assert "About us" in writer.get("/admin/page/").get_data(as_text=True)
    assert writer.get("/admin/person/").status_code == 403
    reader = app.test_client()
    post_login(reader, "reader", "a password for tests")
    assert reader.get("/admin/").status_code == 403


def test_a_custom_action_needs_the_permission_it_names(client, staff, message, register):
    """An action with permission="publish" is offered and runs only for message.publish."""
    from {{ cookiecutter.package_name }}.admin import Action
    from {{ cookiecutter.package_name }}.admin_site import MessageAdmin

    def shout(model_admin, query):
        Message.update(content=Message.content.concat("!")).where(Message.id.in_(query)).execute()

    class PublishingAdmin(MessageAdmin):
        extra_permissions = ("publish",)
        actions = (Action("shout", "Shout", shout, permission="publish"),)

    model_admin = register(Message, PublishingAdmin)
    assert "message.publish" in model_admin.permission_codes()
    ed = staff("message.view")
    from ..conftest import token_in

    listing = client.get("/admin/message/").get_data(as_text=True)
    assert "Shout" not in listing
    data = {"csrf_token": token_in(listing), "action": "shout", "pk": message.id}
    assert client.post("/admin/message/action/", data=data).status_code == 403
    grants.grant(ed, ["message.publish"])
    assert "Shout" in client.get("/admin/message/").get_data(as_text=True)
    assert client.post("/admin/message/action/", data=data).status_code == 302
    assert Message.get_by_id(message.id).content.endswith("!")


@pytest.mark.parametrize(
    "codes, status", [((), 403), (("message.view",), 200), (("message.add",), 200)]
)
def test_the_foreign_key_lookup_follows_the_pages_that_use_it(client, staff, codes, status):
    """The list's filter (view) and the add form (add) search users through the lookup."""
    staff(*codes)
    assert client.get("/admin/message/lookup/user/?q=ed").status_code == status


def test_change_without_view_hides_export_and_history(client, staff, message):
    """message.change alone edits rows, but export and history need message.view."""
    staff("message.change")
    listing = client.get("/admin/message/").get_data(as_text=True)
    assert "Export this list" not in listing and "export.csv" not in listing
    page = client.get(f"/admin/message/{message.id}/").get_data(as_text=True)
    assert "<textarea" in page and "History</a>" not in page
