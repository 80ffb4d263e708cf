"""Inlines through HTTP: a user's messages edited on the user's page, in one transaction,
with errors beside their row and a history entry per changed child."""

import datetime
import re

import pytest

from {{ cookiecutter.package_name }}.admin import StackedInline, TabularInline
from {{ cookiecutter.package_name }}.admin_site import ProjectUserAdmin, admin
from {{ cookiecutter.package_name }}.models import Message, User

from ..conftest import token_in
from .conftest import queries_for

WHEN = "2024-05-01T10:00:00"


def user_form(client, user, rows, **fields):
    """POST the user's edit form with `rows` as the messages inline (a list of dicts)."""
    data = {
        "csrf_token": token_in(client.get(f"/admin/user/{user.id}/").get_data(as_text=True)),
        "username": user.username,
        "email": user.email,
        "active": "y",
        "join_date": user.join_date.strftime("%Y-%m-%dT%H:%M:%S"),
        "messages-TOTAL": str(len(rows)),
        **fields,
    }
    for number, row in enumerate(rows):
        for name, value in row.items():
            data[f"messages-{number}-{name}"] = value
    return client.post(f"/admin/user/{user.id}/", data=data)


@pytest.fixture
def alice(make_user):
    user = make_user("alice")
    for n in range(3):
        Message.create(user=user, content=f"note {n}", pub_date=datetime.datetime(2024, 1, n + 1))
    return user


def test_the_user_page_shows_the_users_messages_inline_with_extra_rows(client, admin_user, alice):
    """The user's three messages, newest first, each input labelled, plus one blank row."""
    html = client.get(f"/admin/user/{alice.id}/").get_data(as_text=True)
    assert "<legend>Messages</legend>" in html
    contents = re.findall(r'name="messages-\d+-content"[^>]*>\s*([^<]*)</textarea>', html)
    assert contents == ["note 2", "note 1", "note 0", ""]
    dates = re.findall(r'name="messages-(\d+)-pub_date"[^>]*value="([^"]*)"', html)
    assert dates[:3] == [(str(n), f"2024-01-0{3 - n}T00:00:00") for n in range(3)]
    assert dates[3][0] == "3" and dates[3][1][:4] == str(datetime.date.today().year)
    label = '<label for="messages-0-content" class="visually-hidden">Content of message 1</label>'
    assert label in html
    assert "Content of new message 4" in html
    assert 'name="messages-TOTAL" value="4"' in html
    assert "<template data-inline-template>" in html and "messages-__row-content" in html


def test_each_inline_row_is_titled_and_its_values_escaped(client, admin_user, alice):
    """A stored row's header holds its hidden id and its title, its Delete box is labelled
    with the title, and markup in a child's value shows as text."""
    newest = Message.select().order_by(Message.pub_date.desc()).first()
    newest.content = "<b>loud</b> & clear"
    newest.save()
    html = client.get(f"/admin/user/{alice.id}/").get_data(as_text=True)
    hidden = f'<input type="hidden" name="messages-0-id" value="{newest.id}">'
    assert re.search(rf'<th scope="row">\s*{re.escape(hidden)}\s*Message 1</th>', html)
    assert "<b>loud" not in html and "&lt;b&gt;loud&lt;/b&gt; &amp; clear</textarea>" in html
    delete = '<label for="messages-0-DELETE">Delete<span class="visually-hidden"> message 1</span>'
    assert delete in html
    assert 'name="messages-3-DELETE"' not in html  # the blank row has nothing to delete


def test_changing_adding_and_deleting_children_in_one_save(client, admin_user, alice):
    """One post changes a message, adds one and deletes one, with a history entry each."""
    first, second, third = Message.select().order_by(Message.pub_date.desc())
    response = user_form(
        client,
        alice,
        [
            {"id": first.id, "content": "changed", "pub_date": WHEN},
            {"id": second.id, "content": second.content, "pub_date": "2024-01-02T00:00:00"},
            {"id": third.id, "content": third.content, "pub_date": WHEN, "DELETE": "y"},
            {"content": "brand new", "pub_date": WHEN},
        ],
    )
    assert response.status_code == 302
    assert sorted(m.content for m in alice.messages) == ["brand new", "changed", "note 1"]
    log = admin.LogEntry
    entries = {(e.model, e.action, e.object_repr) for e in log.select()}
    assert ("user", "changed", "alice") in entries
    assert ("message", "changed", "alice: changed") in entries
    assert ("message", "added", "alice: brand new") in entries
    assert ("message", "deleted", "alice: note 0") in entries
    assert not any(e.object_repr == "alice: note 1" for e in log.select())


def test_one_bad_row_shows_its_error_beside_it_and_nothing_is_written(client, admin_user, alice):
    """An empty content on one row: the form comes back with the error in that row, and
    neither the user nor the other rows change."""
    first, second, _ = Message.select().order_by(Message.pub_date.desc())
    response = user_form(
        client,
        alice,
        [
            {"id": first.id, "content": "would change", "pub_date": WHEN},
            {"id": second.id, "content": "", "pub_date": WHEN},
            {"content": "would be added", "pub_date": WHEN},
        ],
        email="alice-new@example.com",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'aria-describedby="messages-1-content-errors"' in html
    assert '<ul class="errors" id="messages-1-content-errors">' in html
    assert User.get_by_id(alice.id).email == "alice@example.com"
    assert sorted(m.content for m in alice.messages) == ["note 0", "note 1", "note 2"]
    assert admin.LogEntry.select().count() == 0


def test_a_forged_row_for_another_users_message_is_refused(client, admin_user, alice, make_user):
    """Posting bob's message id in alice's inline changes nothing and says why."""
    bob = make_user("bob")
    bobs = Message.create(user=bob, content="bob's", pub_date=datetime.datetime(2024, 2, 1))
    response = user_form(
        client, alice, [{"id": bobs.id, "content": "stolen", "pub_date": WHEN, "DELETE": "y"}]
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Message 1 is not one of the messages of this user; nothing was saved." in html
    unchanged = Message.get_by_id(bobs.id)
    assert unchanged.content == "bob's" and unchanged.user_id == bob.id
    assert admin.LogEntry.select().count() == 0


@pytest.mark.parametrize("total", ["many", "-3", "99999999"])
def test_a_broken_row_count_is_not_a_server_error(client, admin_user, alice, total):
    """A nonsense `messages-TOTAL` reads as few rows as there are, never a 500."""
    response = user_form(client, alice, [], **{"messages-TOTAL": total})
    assert response.status_code == 302
    assert Message.select().count() == 3


def test_blank_extra_rows_are_ignored(client, admin_user, alice):
    """Saving with the blank row left blank adds nothing."""
    response = user_form(client, alice, [{"content": "", "pub_date": WHEN}])
    assert response.status_code == 302 and Message.select().count() == 3


def test_a_new_user_can_be_added_with_messages(client, admin_user):
    """On "Add user" the inline rows are saved with the new user, in the same transaction."""
    token = token_in(client.get("/admin/user/add/").get_data(as_text=True))
    response = client.post(
        "/admin/user/add/",
        data={
            "csrf_token": token,
            "username": "newbie",
            "email": "newbie@example.com",
            "new_password": "a long enough password",
            "messages-TOTAL": "1",
            "messages-0-content": "first words",
            "messages-0-pub_date": WHEN,
        },
    )
    assert response.status_code == 302
    newbie = User.get(User.username == "newbie")
    assert [m.content for m in newbie.messages] == ["first words"]


def test_many_children_are_paginated_with_a_link_to_the_filtered_list(client, admin_user, alice):
    """Past `paginate_by` the inline shows the newest and links to the user's messages."""
    Message.insert_many(
        [
            {"user": alice.id, "content": f"bulk {n}", "pub_date": datetime.datetime(2025, 1, 1)}
            for n in range(12)
        ]
    ).execute()
    html = client.get(f"/admin/user/{alice.id}/").get_data(as_text=True)
    assert len(re.findall(r'name="messages-\d+-id"', html)) == 10
    assert "Showing the first 10 of 15 messages." in html
    assert f'href="/admin/message/?user__eq={alice.id}">All 15 messages</a>' in html


def test_max_num_and_can_delete_and_a_stacked_layout(client, admin_user, alice, register):
    """`max_num` refuses one row too many; `can_delete=False` offers no Delete box;
    StackedInline shows each child as its own labelled block."""

    class Stacked(StackedInline):
        model = Message
        fields = ("content",)
        max_num = 3
        can_delete = False

    class WithStacked(ProjectUserAdmin):
        inlines = (Stacked,)

    register(User, WithStacked)
    html = client.get(f"/admin/user/{alice.id}/").get_data(as_text=True)
    assert "DELETE" not in html and '<label for="messages-0-content">Content</label>' in html
    block = r"<legend>Message (\d): [^<]*</legend>.*?>\s*([^<]*)</textarea>"
    blocks = re.findall(block, html, re.S)
    assert blocks == [("1", "note 2"), ("2", "note 1"), ("3", "note 0")]
    assert 'name="messages-TOTAL" value="3"' in html  # no extra row: max_num reached
    response = user_form(client, alice, [{"content": "fourth"}])
    assert "At most 3 messages" in response.get_data(as_text=True)
    assert Message.select().count() == 3


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"extras": 2}, "unknown option 'extras' (did you mean 'extra'?)"),
        ({"fields": ("content", "nope")}, "MessageInline.fields: no field “nope” on Message"),
        ({"ordering": ("-nope",)}, "MessageInline.ordering: no field “-nope” on Message"),
        ({"extra": -1}, "MessageInline.extra: a whole number from 0, not -1"),
        ({"max_num": "3"}, "MessageInline.max_num: a whole number from 0, not '3'"),
        ({"paginate_by": 0}, "MessageInline.paginate_by: a whole number from 1, not 0"),
    ],
)
def test_a_bad_inline_option_is_refused_at_registration(options, message):
    """A typo in an inline's option, a field it does not have, or a count that is not a
    count fails when the parent's admin is built, not on the first request."""
    inline = type("MessageInline", (TabularInline,), {"model": Message, **options})
    parent = type("BadAdmin", (ProjectUserAdmin,), {"inlines": (inline,)})
    with pytest.raises(ValueError, match=re.escape(message)):
        parent(admin, User)


def test_an_inline_without_a_foreign_key_to_the_parent_is_refused_at_registration():
    """An inline whose model has no key to the parent fails with its name."""

    class Wrong(TabularInline):
        model = User

    class BadAdmin(ProjectUserAdmin):
        inlines = (Wrong,)

    with pytest.raises(ValueError, match="Wrong: User has no foreign key to User"):
        BadAdmin(admin, User)


def test_the_inline_keeps_to_a_constant_number_of_queries(client, admin_user, alice, count_queries):
    """The user's page with 300 messages runs no more queries than with 3, but the one
    count that the "all N" link needs once the inline's page is full (no query per row)."""
    url = f"/admin/user/{alice.id}/"
    few = queries_for(client, count_queries, url)
    Message.insert_many([{"user": alice.id, "content": f"bulk {n}"} for n in range(297)]).execute()
    many = queries_for(client, count_queries, url)
    assert many <= few + 1
    print(f"queries per user page: 3 messages {few}, 300 messages {many}")
