"""Groups and the rights fields of the user page: nobody grants what they do not hold."""

import pytest

from {{ cookiecutter.package_name }}.admin_site import admin
from {{ cookiecutter.package_name }}.extensions import auth
from {{ cookiecutter.package_name }}.models import User

from ..conftest import csrf_token, post_login

grants = auth.grants
Group = grants.Group
USER_FIELDS = {"email": "x@example.com", "active": "y"}


def submit(client, path, **data):
    """POST the form on `path` with its CSRF token; lists become repeated fields."""
    return client.post(path, data={"csrf_token": csrf_token(client, path), **data})


def user_form(user, **changes):
    return {"username": user.username, "email": user.email, "active": "y", **changes}


@pytest.fixture
def editor(make_user, client):
    """Make staff user "ed" holding `codes`, logged in on `client`."""

    def make(*codes):
        user = make_user("ed", staff=True)
        grants.grant(user, codes)
        post_login(client, "ed")
        return user

    return make


def last_history(model, object_id):
    log = admin.LogEntry
    return (
        log.select()
        .where((log.model == model) & (log.object_id == str(object_id)))
        .order_by(log.id.desc())
        .first()
    )


def test_a_superuser_builds_a_group_with_permissions_and_members(client, admin_user, make_user):
    """The group page takes a name, permissions from the picker and members; all recorded."""
    ed = make_user("ed", staff=True)
    response = submit(
        client,
        "/admin/group/add/",
        name="Editors",
        permissions=["message.view", "message.change"],
        members=[str(ed.id)],
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    group = Group.get(Group.name == "Editors")
    assert grants.group_codes(group) == {"message.view", "message.change"}
    assert [user.username for user in grants.members_of(group)] == ["ed"]
    assert ed.get_permissions() == {"message.view", "message.change"}
    fields = last_history("group", group.id).fields
    assert "permissions: +message.change, +message.view" in fields
    assert "members: +ed" in fields


def test_the_group_page_has_a_picker_grouped_by_model(client, admin_user):
    """Each model gets its own group of checkboxes, with a filter and "Select all"."""
    page = client.get("/admin/group/add/").get_data(as_text=True)
    assert "<legend>Permissions</legend>" in page
    assert "<legend>Messages</legend>" in page and "<legend>Users</legend>" in page
    assert "Select all for Messages" in page and "Filter permissions" in page
    assert 'value="message.delete"' in page and 'value="note.view"' in page
    assert '<select multiple name="members"' in page and 'data-dual-list="member"' in page


def test_a_superuser_sees_staff_admin_groups_and_permissions_on_the_user_page(
    client, admin_user, make_user
):
    """The user page offers every right to a superuser."""
    Group.create(name="Editors")
    ed = make_user("ed")
    page = client.get(f"/admin/user/{ed.id}/").get_data(as_text=True)
    for label in ('for="staff"', 'for="admin"', 'for="groups"', "Direct permissions"):
        assert label in page
    assert "Editors" in page


def test_grants_on_the_user_page_are_recorded_in_the_history(client, admin_user, make_user):
    """Making a user staff, adding a group and a permission shows in the history."""
    editors = Group.create(name="Editors")
    ed = make_user("ed")
    response = submit(
        client,
        f"/admin/user/{ed.id}/",
        **user_form(ed, staff="y", groups=[str(editors.id)], permissions=["user.view"]),
    )
    assert response.status_code == 302
    ed = User.get_by_id(ed.id)
    assert ed.staff and grants.direct_codes(ed) == {"user.view"}
    fields = last_history("user", ed.id).fields
    assert "staff" in fields
    assert "groups: +Editors" in fields and "permissions: +user.view" in fields
    history = client.get(f"/admin/user/{ed.id}/history/").get_data(as_text=True)
    assert "permissions: +user.view" in history


def test_only_a_superuser_sets_admin(client, editor, make_user):
    """A staff user who may change users gets no admin field, and posting one is ignored."""
    editor("user.view", "user.change")
    bob = make_user("bob")
    page = client.get(f"/admin/user/{bob.id}/").get_data(as_text=True)
    assert 'for="staff"' in page and 'for="admin"' not in page
    response = submit(client, f"/admin/user/{bob.id}/", **user_form(bob, admin="y"))
    assert response.status_code == 302
    assert not User.get_by_id(bob.id).admin


def test_a_staff_user_grants_only_permissions_they_hold(client, editor, make_user):
    """The picker offers only what the editor holds; anything else posted is refused."""
    editor("user.view", "user.change", "message.view")
    bob = make_user("bob")
    page = client.get(f"/admin/user/{bob.id}/").get_data(as_text=True)
    assert 'value="message.view"' in page and 'value="message.delete"' not in page
    response = submit(
        client, f"/admin/user/{bob.id}/", **user_form(bob, permissions=["message.delete"])
    )
    assert response.status_code == 200  # a form error: not a choice offered
    assert grants.direct_codes(bob) == set()
    response = submit(
        client, f"/admin/user/{bob.id}/", **user_form(bob, permissions=["message.view"])
    )
    assert response.status_code == 302
    assert grants.direct_codes(bob) == {"message.view"}


def test_permissions_an_editor_cannot_grant_stay_when_they_save(client, editor, make_user):
    """Saving the user page keeps rights the picker does not offer (here a codename of a
    model no longer registered)."""
    editor("user.view", "user.change", "retired.view")
    bob = make_user("bob")
    grants.grant(bob, ["retired.view"])
    response = submit(client, f"/admin/user/{bob.id}/", **user_form(bob))
    assert response.status_code == 302
    assert grants.direct_codes(bob) == {"retired.view"}


def test_a_staff_user_adds_users_only_to_groups_whose_permissions_they_hold(
    client, editor, make_user
):
    """Groups holding more than the editor are not offered and cannot be posted."""
    editors = Group.create(name="Editors")
    grants.set_group_permissions(editors, ["message.view"])
    admins = Group.create(name="Deleters")
    grants.set_group_permissions(admins, ["message.delete"])
    editor("user.view", "user.change", "message.view")
    bob = make_user("bob")
    page = client.get(f"/admin/user/{bob.id}/").get_data(as_text=True)
    assert "Editors" in page and "Deleters" not in page
    submit(client, f"/admin/user/{bob.id}/", **user_form(bob, groups=[str(admins.id)]))
    assert grants.groups_of(bob) == []
    submit(client, f"/admin/user/{bob.id}/", **user_form(bob, groups=[str(editors.id)]))
    assert [group.name for group in grants.groups_of(bob)] == ["Editors"]


def test_a_staff_user_cannot_raise_their_own_rights(client, editor):
    """On their own page: no staff, groups or permissions fields; posting them does nothing."""
    ed = editor("user.view", "user.change", "message.view")
    Group.create(name="Everything")
    page = client.get(f"/admin/user/{ed.id}/").get_data(as_text=True)
    assert 'for="staff"' not in page and 'for="groups"' not in page
    assert "Direct permissions" not in page
    submit(
        client,
        f"/admin/user/{ed.id}/",
        **user_form(ed, admin="y", permissions=["message.view", "user.delete"]),
    )
    ed = User.get_by_id(ed.id)
    assert not ed.admin and ed.staff
    assert grants.direct_codes(ed) == {"user.view", "user.change", "message.view"}


def test_a_staff_user_cannot_change_an_account_holding_more_than_they_do(client, editor, make_user):
    """A superuser's or a more privileged user's page is view-only for them; POST is 403."""
    editor("user.view", "user.change")
    root = make_user("root", admin=True)
    page = client.get(f"/admin/user/{root.id}/").get_data(as_text=True)
    assert "New password" not in page and "View user" in page
    token = csrf_token(client, "/admin/")
    response = client.post(f"/admin/user/{root.id}/", data={"csrf_token": token, **user_form(root)})
    assert response.status_code == 403
    boss = make_user("boss", staff=True)
    grants.grant(boss, ["message.delete"])
    assert client.get(f"/admin/user/{boss.id}/delete/").status_code == 403


def test_a_staff_user_changes_members_only_of_groups_within_their_rights(client, editor, make_user):
    """Members are offered only for a group whose permissions the editor holds, and never
    the editor themselves."""
    ed = editor("group.view", "group.change", "message.view")
    bob = make_user("bob")
    readers = Group.create(name="Readers")
    grants.set_group_permissions(readers, ["message.view"])
    deleters = Group.create(name="Deleters")
    grants.set_group_permissions(deleters, ["message.delete"])
    page = client.get(f"/admin/group/{deleters.id}/").get_data(as_text=True)
    assert 'for="members"' not in page
    page = client.get(f"/admin/group/{readers.id}/").get_data(as_text=True)
    assert 'for="members"' in page and f'value="{ed.id}"' not in page
    response = submit(
        client,
        f"/admin/group/{readers.id}/",
        name="Readers",
        permissions=["message.view"],
        members=[str(bob.id)],
    )
    assert response.status_code == 302
    assert [user.username for user in grants.members_of(readers)] == ["bob"]
    submit(
        client,
        f"/admin/group/{readers.id}/",
        name="Readers",
        permissions=["message.view"],
        members=[str(bob.id), str(ed.id)],
    )
    assert [user.username for user in grants.members_of(readers)] == ["bob"]


def test_a_staff_user_puts_into_a_group_only_permissions_they_hold(client, editor):
    """On the group page the picker offers only the editor's own permissions; posting one
    beyond them is a form error that stores nothing, and what they may not touch stays."""
    ed = editor("group.view", "group.add", "group.change", "message.view")
    page = client.get("/admin/group/add/").get_data(as_text=True)
    assert 'value="message.view"' in page and 'value="message.delete"' not in page
    refused = submit(
        client, "/admin/group/add/", name="Mine", permissions=["message.view", "user.change"]
    )
    assert refused.status_code == 200 and not Group.select().exists()
    deleters = Group.create(name="Deleters")
    grants.set_group_permissions(deleters, ["message.delete"])
    path = f"/admin/group/{deleters.id}/"
    refused = submit(client, path, name="Deleters", permissions=["message.view", "user.delete"])
    assert refused.status_code == 200 and grants.group_codes(deleters) == {"message.delete"}
    saved = submit(client, path, name="Deleters", permissions=["message.view"])
    assert saved.status_code == 302
    assert grants.group_codes(deleters) == {"message.delete", "message.view"}
    assert "user.delete" not in ed.get_permissions()
