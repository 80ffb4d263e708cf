"""What permission checks cost: every admin page reads the user's permissions with one
query, however many permissions they hold (1 or 30, directly or through groups)."""

import pytest

from {{ cookiecutter.package_name }}.admin_site import Note
from {{ cookiecutter.package_name }}.extensions import auth
from {{ cookiecutter.package_name }}.models import Message

from ..conftest import count_queries

grants = auth.grants

# Each page a staff user opens, and the codenames that open it.
PAGES = {
    "dashboard": ("/admin/", ("message.view",)),
    "dashboard with a panel": ("/admin/", ("note.view", "user.view")),
    "message list": ("/admin/message/", ("message.view",)),
    "message list, editable": ("/admin/message/", ("message.change", "message.delete")),
    "message add": ("/admin/message/add/", ("message.add",)),
    "message view-only": ("/admin/message/{message}/", ("message.view",)),
    "message edit": ("/admin/message/{message}/", ("message.view", "message.change")),
    "message delete": ("/admin/message/{message}/delete/", ("message.delete",)),
    "message history": ("/admin/message/{message}/history/", ("message.view",)),
    "message export": ("/admin/message/export.csv", ("message.view",)),
    "user lookup": ("/admin/message/lookup/user/?q=au", ("message.view",)),
    "user list": ("/admin/user/", ("user.view",)),
    "another user's page": ("/admin/user/{bob}/", ("user.view", "user.change")),
    "own user page": ("/admin/user/{ed}/", ("user.view", "user.change")),
    "group list": ("/admin/group/", ("group.view",)),
    "group add": ("/admin/group/add/", ("group.add", "message.view")),
    "group edit": ("/admin/group/{group}/", ("group.change", "message.view")),
}


def page_queries(client, path):
    """The SQL one GET of `path` runs, its body read to the end (an export streams)."""
    with count_queries() as queries:
        response = client.get(path)
        response.get_data()
    assert response.status_code == 200, path
    return queries


def permission_reads(queries, user):
    """How many of `queries` read `user`'s permissions (the one UNION query of grants.py)."""
    reads = [sql for sql in queries if "auth_user_permission" in sql and "UNION" in sql]
    return sum(1 for sql in reads if sql.params and sql.params[0] == user.id)


@pytest.mark.parametrize("page", PAGES, ids=PAGES)
def test_a_page_reads_the_users_permissions_once_with_1_or_30_of_them(
    client, make_user, login, page
):
    """Holding 30 permissions (some through three groups) costs the page no query more than
    holding what opens it, and the user's permissions are read by exactly one query."""
    path, codes = PAGES[page]
    author, bob = make_user("author"), make_user("bob")
    message = Message.create(user=author, content="hello")
    Note.create(user=author, message="a note")
    readers = grants.Group.create(name="Readers")
    grants.set_group_permissions(readers, ["message.view"])
    ed = make_user("ed", staff=True)
    grants.grant(ed, codes)
    login("ed")
    path = path.format(message=message.id, bob=bob.id, ed=ed.id, group=readers.id)
    few = page_queries(client, path)

    extra = [f"thing{n}.view" for n in range(30 - len(codes))]
    grants.grant(ed, extra[:15])
    for number in range(3):
        group = grants.Group.create(name=f"Extra {number}")
        grants.set_group_permissions(group, extra[15 + 5 * number : 20 + 5 * number])
        grants.add_to_group(ed, group)
    assert len(ed.get_permissions()) >= 30
    many = page_queries(client, path)

    assert len(many) == len(few)
    assert permission_reads(few, ed) == permission_reads(many, ed) == 1
