"""Delete with a confirmation that lists the cascade, bulk delete, and custom bulk actions."""

import pytest

from {{ cookiecutter.package_name }}.admin import Action
from {{ cookiecutter.package_name }}.admin_site import MessageAdmin, admin
from {{ cookiecutter.package_name }}.models import Message, User

from ..conftest import csrf_token


@pytest.fixture
def bob(make_user):
    """A user with seven messages."""
    user = make_user("bob")
    for n in range(7):
        Message.create(user=user, content=f"bob says {n}")
    return user


def test_the_confirmation_lists_what_the_cascade_deletes(client, admin_user, bob):
    """Deleting a user first shows how many messages go with it, naming the first ones."""
    html = client.get(f"/admin/user/{bob.id}/delete/").get_data(as_text=True)
    assert "Delete 1 user?" in html
    assert "<strong>7 Message</strong>" in html and "will be deleted" in html
    assert "bob: bob says 0" in html and "bob: bob says 4" in html and "bob says 6" not in html
    assert User.get_or_none(User.id == bob.id) is not None  # nothing happened yet


def test_the_confirmation_lists_links_that_will_be_emptied(client, admin_user, bob):
    """History entries about the user keep their row but lose the link (SET NULL)."""
    admin.LogEntry.create(
        user=bob, username="bob", action="changed", model="message", object_id="1", object_repr="x"
    )
    html = client.get(f"/admin/user/{bob.id}/delete/").get_data(as_text=True)
    assert "<strong>1 LogEntry</strong>" in html and "set to empty" in html


def test_confirming_deletes_the_row_and_its_cascade(client, admin_user, bob):
    """The POST deletes the user and, through the database's cascade, its messages."""
    path = f"/admin/user/{bob.id}/delete/"
    response = client.post(path, data={"csrf_token": csrf_token(client, path)})
    assert response.headers["Location"] == "/admin/user/"
    assert User.get_or_none(User.id == bob.id) is None
    assert Message.select().count() == 0


def test_a_failing_delete_changes_nothing(client, admin_user, bob, register):
    """If the delete hook fails half-way, the transaction rolls back: history included."""

    class Fragile(MessageAdmin):
        def delete_model(self, obj):
            obj.delete_instance()
            raise RuntimeError("disk on fire")

    register(Message, Fragile)
    message = Message.select().first()
    path = f"/admin/message/{message.id}/delete/"
    token = csrf_token(client, path)
    client.application.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.post(path, data={"csrf_token": token})
    assert response.status_code == 500
    assert Message.select().count() == 7
    assert admin.LogEntry.select().count() == 0


def select_rows(client, ids, **extra):
    token = csrf_token(client, "/admin/message/")
    return client.post("/admin/message/action/", data={"csrf_token": token, "pk": ids, **extra})


def test_bulk_delete_asks_first_then_deletes_the_selected_rows(client, admin_user, bob):
    """ "Delete selected" shows the same confirmation; confirming deletes only those rows."""
    ids = [m.id for m in Message.select().order_by(Message.id).limit(3)]
    page = select_rows(client, ids, action="delete_selected")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Delete 3 messages?" in html
    assert Message.select().count() == 7
    response = select_rows(client, ids, action="delete_selected", confirmed="yes")
    assert response.headers["Location"] == "/admin/message/"
    assert Message.select().count() == 4
    assert not Message.select().where(Message.id.in_(ids)).exists()


def shout(model_admin, query):
    """Upper-case the selected messages."""
    count = 0
    for message in query:
        message.content = message.content.upper()
        message.save()
        count += 1
    return f"Shouted {count} messages."


def test_custom_actions_run_on_the_selected_rows(client, admin_user, bob, register):
    """An Action's callback gets the query of the selected rows; its message is shown."""

    class Loud(MessageAdmin):
        actions = (Action("shout", "Shout", shout),)

    register(Message, Loud)
    assert '<option value="shout">Shout</option>' in client.get("/admin/message/").get_data(
        as_text=True
    )
    ids = [m.id for m in Message.select().order_by(Message.id).limit(2)]
    response = select_rows(client, ids, action="shout")
    assert response.status_code == 302
    assert sorted(m.content for m in Message.select() if m.content.isupper()) == [
        "BOB SAYS 0",
        "BOB SAYS 1",
    ]
    assert "Shouted 2 messages." in client.get("/admin/message/").get_data(as_text=True)


def test_an_unknown_action_or_no_selection_changes_nothing(client, admin_user, bob):
    """A made-up action name or an empty selection only explains what to do."""
    assert select_rows(client, [1], action="drop_tables").status_code == 302
    assert select_rows(client, [], action="delete_selected").status_code == 302
    assert (
        select_rows(client, ["abc"], action="delete_selected", confirmed="yes").status_code == 302
    )
    assert Message.select().count() == 7
