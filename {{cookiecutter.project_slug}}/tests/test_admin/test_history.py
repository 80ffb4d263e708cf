"""History: every add, change, delete and bulk action through the admin is recorded."""

import datetime

from {{ cookiecutter.package_name }}.admin_site import admin
from {{ cookiecutter.package_name }}.models import Message, User

from ..conftest import csrf_token, post_form


def entries():
    log = admin.LogEntry
    return list(log.select().order_by(log.id))


def test_adding_changing_and_deleting_are_recorded_with_who_and_what(client, admin_user):
    """Each entry names the admin, the action, the row and the fields that changed."""
    post_form(
        client,
        "/admin/message/add/",
        user=admin_user.id,
        content="first",
        pub_date="2024-01-01T00:00:00",
    )
    message = Message.get()
    post_form(
        client,
        f"/admin/message/{message.id}/",
        user=admin_user.id,
        content="second",
        pub_date="2024-01-01T00:00:00",
    )
    post_form(client, f"/admin/message/{message.id}/delete/")
    added, changed, deleted = entries()
    assert (added.action, changed.action, deleted.action) == ("added", "changed", "deleted")
    assert {e.username for e in (added, changed, deleted)} == {"root"}
    assert added.user.id == admin_user.id and added.object_id == str(message.id)
    assert changed.fields == ["content"]
    assert "content" in added.fields and "user" in added.fields
    assert deleted.object_repr == "root: second"
    assert abs(deleted.action_time - datetime.datetime.now()) < datetime.timedelta(minutes=5)


def test_a_password_change_is_recorded_by_name_never_by_value(client, admin_user, make_user):
    """Changing a password logs the field name `password`, not the hash or the password."""
    bob = make_user("bob")
    fields = {
        "username": "bob",
        "email": "bob@example.com",
        "active": "y",
        "join_date": "2024-01-01T00:00:00",
    }
    post_form(client, f"/admin/user/{bob.id}/", **fields, new_password="another long secret")
    (entry,) = entries()
    assert "password" in entry.fields
    stored = User.get_by_id(bob.id).password
    for value in (stored, "another long secret"):
        assert value not in entry.changed_fields and value not in entry.object_repr


def test_bulk_actions_record_one_entry_per_row(client, admin_user):
    """ "Delete selected" on two rows leaves two "deleted" entries."""
    ids = [Message.create(user=admin_user, content=f"m{n}").id for n in range(2)]
    token = csrf_token(client, "/admin/message/")
    client.post(
        "/admin/message/action/",
        data={"csrf_token": token, "pk": ids, "action": "delete_selected", "confirmed": "yes"},
    )
    assert sorted((e.action, e.object_id) for e in entries()) == sorted(
        ("deleted", str(i)) for i in ids
    )


def test_a_failed_save_records_nothing(client, admin_user, make_user):
    """When the save fails (a taken username), no history entry is left behind."""
    make_user("bob")
    post_form(
        client,
        "/admin/user/add/",
        username="bob",
        email="new@example.com",
        join_date="2024-01-01T00:00:00",
        new_password="long enough",
    )
    assert entries() == []


def test_history_is_shown_per_row_and_on_the_dashboard(client, admin_user):
    """The row's History page and the dashboard's Recent actions list the entries."""
    post_form(
        client,
        "/admin/message/add/",
        user=admin_user.id,
        content="logged",
        pub_date="2024-01-01T00:00:00",
    )
    message = Message.get()
    edit = client.get(f"/admin/message/{message.id}/").get_data(as_text=True)
    assert f'href="/admin/message/{message.id}/history/">History</a>' in edit
    history = client.get(f"/admin/message/{message.id}/history/").get_data(as_text=True)
    assert "<td>root</td>" in history and "<td>added</td>" in history
    dashboard = client.get("/admin/").get_data(as_text=True)
    assert "Recent actions" in dashboard and "root: logged" in dashboard
