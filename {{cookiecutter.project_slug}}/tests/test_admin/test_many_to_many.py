"""Many-to-many through HTTP: a message's tags in the form (the dual list), in the list
column ("first few, then +N"), in the filter, and in export."""

import csv
import io

import pytest

from {{ cookiecutter.package_name }}.admin_site import admin
from {{ cookiecutter.package_name }}.models import Message, MessageTag, Tag

from ..conftest import post_form
from .conftest import queries_for


@pytest.fixture
def tags():
    return [Tag.create(name=name) for name in ("bug", "idea", "ops", "ui", "docs")]


def test_the_form_offers_every_tag_in_one_labelled_multiple_select(client, admin_user, tags):
    """Without JavaScript: one <select multiple> labelled "Tags", marked for the dual list."""
    html = client.get("/admin/message/add/").get_data(as_text=True)
    assert '<label for="tags">Tags</label>' in html
    assert '<select multiple name="tags" id="tags" size="8" data-dual-list="tag">' in html
    assert all(f'<option value="{tag.id}">{tag.name}</option>' in html for tag in tags)


def test_saving_chosen_tags_links_them_and_records_the_change(client, admin_user, tags):
    """Choosing two tags links exactly those; the history names the field."""
    bug, idea = tags[0], tags[1]
    response = client.post(
        "/admin/message/add/",
        data={
            "csrf_token": token(client, "/admin/message/add/"),
            "user": admin_user.id,
            "content": "tagged",
            "tags": [str(bug.id), str(idea.id)],
        },
    )
    assert response.status_code == 302
    message = Message.get(Message.content == "tagged")
    assert sorted(tag.name for tag in message.tags) == ["bug", "idea"]
    html = client.get(f"/admin/message/{message.id}/").get_data(as_text=True)
    assert f'<option value="{bug.id}" selected>bug</option>' in html
    response = client.post(
        f"/admin/message/{message.id}/",
        data={
            "csrf_token": token(client, f"/admin/message/{message.id}/"),
            "user": admin_user.id,
            "content": "tagged",
            "tags": [str(idea.id)],
        },
    )
    assert [tag.name for tag in message.tags] == ["idea"]
    entry = admin.LogEntry.select().order_by(admin.LogEntry.id.desc()).first()
    assert entry.action == "changed" and entry.fields == ["tags"]


def test_a_tag_id_that_does_not_exist_is_a_form_error_and_nothing_is_written(
    client, admin_user, tags
):
    """A forged id beside a real one: "No tag with id", no message, no link."""
    response = client.post(
        "/admin/message/add/",
        data={
            "csrf_token": token(client, "/admin/message/add/"),
            "user": admin_user.id,
            "content": "forged",
            "tags": [str(tags[0].id), "99999", "abc"],
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "No tag with id “abc”, “99999”." in html
    assert Message.select().count() == 0 and MessageTag.select().count() == 0


def test_the_list_column_shows_the_first_three_then_plus_n(client, admin_user, tags, count_queries):
    """Five tags show as three names and "+2"; the page costs the same queries for 1 row
    as for 30 (the tags of a page are read at once)."""
    message = Message.create(user=admin_user, content="many tags")
    message.tags.add(tags)
    html = client.get("/admin/message/").get_data(as_text=True)
    assert "<td>bug, idea, ops +2</td>" in html
    one = queries_for(client, count_queries, "/admin/message/")
    for n in range(29):
        Message.create(user=admin_user, content=f"m{n}").tags.add(tags[:2])
    assert queries_for(client, count_queries, "/admin/message/") == one


def test_the_tags_filter_keeps_messages_with_that_tag(client, admin_user, tags):
    """`tags__eq=<id>` lists only the messages linked to that tag, named in the notice."""
    ops = tags[2]
    Message.create(user=admin_user, content="with ops").tags.add([ops])
    Message.create(user=admin_user, content="without")
    html = client.get(f"/admin/message/?tags__eq={ops.id}").get_data(as_text=True)
    assert "with ops" in html and "without" not in html
    assert "Tags is ops" in html
    html = client.get("/admin/message/?tags__eq=nope").get_data(as_text=True)
    assert "Ignored filter: Tags: “nope” is not an id." in html


def test_export_lists_every_tag(client, admin_user, tags):
    """CSV: all the tags in one cell; JSON: a list of names."""
    Message.create(user=admin_user, content="exported").tags.add(tags)
    rows = list(
        csv.reader(io.StringIO(client.get("/admin/message/export.csv").get_data(as_text=True)))
    )
    assert rows[1][3] == "bug; idea; ops; ui; docs"
    data = client.get("/admin/message/export.json").get_json()
    assert data[0]["tags"] == ["bug", "idea", "ops", "ui", "docs"]


def test_deleting_a_message_removes_its_tag_links(client, admin_user, tags):
    """The link rows go with the message; the tags stay."""
    message = Message.create(user=admin_user, content="bye")
    message.tags.add(tags[:2])
    response = post_form(client, f"/admin/message/{message.id}/delete/")
    assert response.status_code == 302
    assert MessageTag.select().count() == 0 and Tag.select().count() == 5


def token(client, path):
    from ..conftest import csrf_token

    return csrf_token(client, path)
