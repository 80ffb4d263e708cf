"""The list's editing options through HTTP: list_editable, date_hierarchy, facets,
"select all N" across pages, and export in the list's order."""

import csv
import datetime
import io
import re

import pytest

from {{ cookiecutter.package_name }}.admin_site import MessageAdmin, admin
from {{ cookiecutter.package_name }}.models import Message, Tag, User

from ..conftest import count_queries as statements_run
from ..conftest import token_in
from .conftest import queries_for


@pytest.fixture
def messages(make_user):
    """Six messages by ada and bob over 2023-2024."""
    ada, bob = make_user("ada"), make_user("bob")
    dates = [(2023, 12, 31), (2024, 1, 5), (2024, 1, 5), (2024, 3, 1), (2024, 3, 2), (2024, 3, 2)]
    return [
        Message.create(
            user=ada if n % 2 else bob, content=f"m{n}", pub_date=datetime.datetime(*day, 12)
        )
        for n, day in enumerate(dates)
    ]


def list_post(client, url, **data):
    token = token_in(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


# -- list_editable -----------------------------------------------------------------


def test_editable_cells_are_labelled_inputs_with_one_save_button(client, admin_user, messages):
    """Each row's content is a labelled textarea; one "Save changes" button posts the page."""
    html = client.get("/admin/message/").get_data(as_text=True)
    first = messages[0]
    label = f"Content of message {first.id}</label>"
    assert f'<label for="row-{first.id}-content" class="visually-hidden">{label}' in html
    assert f'name="row-{first.id}-id" value="{first.id}"' in html
    save = r'<button type="submit" class="primary" formaction="/admin/message/\?page=1">'
    assert re.search(save + "Save changes</button>", html)


def test_saving_the_list_changes_the_edited_rows_with_a_history_entry_each(
    client, admin_user, messages
):
    """Two rows changed, one untouched: two saves, two history entries, one message."""
    a, b, c = messages[:3]
    response = list_post(
        client,
        "/admin/message/",
        **{
            f"row-{a.id}-id": a.id,
            f"row-{a.id}-content": "first edit",
            f"row-{b.id}-id": b.id,
            f"row-{b.id}-content": "second edit",
            f"row-{c.id}-id": c.id,
            f"row-{c.id}-content": c.content,
        },
    )
    assert response.status_code == 302
    assert Message.get_by_id(a.id).content == "first edit"
    assert Message.get_by_id(b.id).content == "second edit"
    entries = [(e.object_id, e.action, e.fields) for e in admin.LogEntry.select()]
    assert sorted(entries) == sorted(
        [(str(a.id), "changed", ["content"]), (str(b.id), "changed", ["content"])]
    )
    assert "Saved 2 messages." in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_bad_cell_shows_its_error_beside_it_and_nothing_is_saved(client, admin_user, messages):
    """An emptied content: the page comes back with the error in that cell, no row changed."""
    a, b = messages[:2]
    response = list_post(
        client,
        "/admin/message/",
        **{
            f"row-{a.id}-id": a.id,
            f"row-{a.id}-content": "fine",
            f"row-{b.id}-id": b.id,
            f"row-{b.id}-content": "",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "nothing was saved" in html
    assert f'<ul class="errors" id="row-{b.id}-content-errors">' in html
    assert Message.get_by_id(a.id).content == "m0" and admin.LogEntry.select().count() == 0
    # The posted rows show what was sent; every other row its own stored content.
    cells = r'<textarea[^>]* id="row-(\d+)-content"[^>]*>\s*([^<]*)</textarea>'
    shown = dict(re.findall(cells, html))
    assert shown == {str(m.id): {a.id: "fine", b.id: ""}.get(m.id, m.content) for m in messages}


@pytest.mark.parametrize(
    "forged",
    [
        lambda m, other: {f"row-{m.id}-user": str(other.id)},  # a field not in list_editable
        lambda m, other: {"row-99999-content": "ghost", "row-99999-id": "99999"},  # no such row
        lambda m, other: {"row-abc-content": "x"},  # not an id at all
    ],
    ids=["unlisted-field", "unknown-row", "bad-id"],
)
def test_a_forged_list_post_is_refused_and_nothing_is_written(client, admin_user, messages, forged):
    """A field that is not editable, or a row not in the list: 400 with a message."""
    m = messages[0]
    other = User.get(User.username == "ada")
    data = {f"row-{m.id}-id": m.id, f"row-{m.id}-content": "changed", **forged(m, other)}
    response = list_post(client, "/admin/message/", **data)
    assert response.status_code == 400 and "Nothing was saved." in response.get_data(as_text=True)
    assert Message.get_by_id(m.id).content == "m0" and Message.get_by_id(m.id).user_id == m.user_id


def test_the_list_save_needs_the_csrf_token(client, admin_user, messages):
    """Without the token the post is refused."""
    m = messages[0]
    response = client.post("/admin/message/", data={f"row-{m.id}-content": "x"})
    assert response.status_code == 400 and Message.get_by_id(m.id).content == "m0"


def test_list_editable_must_name_a_shown_column(register):
    """An editable field that is not a column (or is the link column) fails at registration."""

    class Bad(MessageAdmin):
        list_editable = ("user",)  # the first column: it links to the row

    with pytest.raises(ValueError, match="list_editable"):
        register(Message, Bad)


# -- date_hierarchy --------------------------------------------------------------------


def test_date_drill_down_by_year_month_and_day_with_counts(client, admin_user, messages):
    """Years with counts, then that year's months, then that month's days."""
    html = client.get("/admin/message/").get_data(as_text=True)
    assert re.search(r'pub_date__year=2023">2023</a> <span class="count">\(1\)', html)
    assert re.search(r'pub_date__year=2024">2024</a> <span class="count">\(5\)', html)
    html = client.get("/admin/message/?pub_date__year=2024").get_data(as_text=True)
    assert re.search(r'pub_date__month=1[^"]*">January</a> <span class="count">\(2\)', html)
    assert re.search(r'pub_date__month=3[^"]*">March</a> <span class="count">\(3\)', html)
    assert "February" not in html and "5 messages" in html
    html = client.get("/admin/message/?pub_date__year=2024&pub_date__month=3").get_data(
        as_text=True
    )
    assert re.search(r'">2</a> <span class="count">\(2\)', html) and "3 messages" in html
    assert '<span aria-current="page">March 2024</span>' in html


def test_the_drill_down_reads_ranges_of_the_column_never_a_function_of_it(
    client, admin_user, messages
):
    """Every statement of a drilled-down list compares `pub_date` itself with bounds
    (`pub_date >= start AND pub_date < end`), which its index serves at any size; none
    wraps the column in a function (strftime, EXTRACT, date_trunc...), which would read
    every row."""
    with statements_run() as queries:
        url = "/admin/message/?pub_date__year=2024&pub_date__month=3"
        assert client.get(url).status_code == 200
    dated = [sql for sql in queries if '"pub_date"' in sql]
    assert any('"pub_date" >= ' in sql and '"pub_date" < ' in sql for sql in dated)
    wrapped = re.compile(r'\w+\([^()]*"pub_date"[^()]*\)')  # f(... "t1"."pub_date" ...)
    for sql in dated:
        where = sql.split(" WHERE ", 1)[1] if " WHERE " in sql else ""
        assert not wrapped.search(where), sql


@pytest.mark.parametrize("query", ["pub_date__year=abc", "pub_date__year=2024&pub_date__month=13"])
def test_a_bad_date_in_the_drill_down_is_ignored(client, admin_user, messages, query):
    """A part that is not a date stops the drill-down there, never a 500."""
    response = client.get(f"/admin/message/?{query}")
    assert response.status_code == 200


def test_date_hierarchy_must_be_a_date_field(register):
    """A text field as date_hierarchy fails at registration."""

    class Bad(MessageAdmin):
        date_hierarchy = "content"

    with pytest.raises(ValueError, match="date_hierarchy"):
        register(Message, Bad)


# -- facets ------------------------------------------------------------------------------


def test_facets_show_counts_only_when_asked(client, admin_user, messages, count_queries, register):
    """ "Show counts" adds the number of rows beside each choice, for the current result
    set; without it no count query runs."""

    class UserChoices(MessageAdmin):
        foreign_key_lookups = ()  # users as a <select>, so they have choices to count

    register(Message, UserChoices)
    ops = Tag.create(name="ops")
    messages[0].tags.add([ops])
    messages[1].tags.add([ops])
    plain = client.get("/admin/message/").get_data(as_text=True)
    assert "Show counts" in plain and "(1)</option>" not in plain
    without = queries_for(client, count_queries, "/admin/message/")
    with_counts = queries_for(client, count_queries, "/admin/message/?_facets=1")
    assert with_counts > without
    html = client.get("/admin/message/?_facets=1").get_data(as_text=True)
    assert "Hide counts" in html
    ada = User.get(User.username == "ada")
    assert f'<option value="{ada.id}">ada (3)</option>' in html
    assert f'<option value="{ops.id}">ops (2)</option>' in html
    html = client.get("/admin/message/?_facets=1&pub_date__year=2023").get_data(as_text=True)
    assert f'<option value="{ada.id}">ada (0)</option>' in html


# -- select all N --------------------------------------------------------------------------


def test_select_all_n_deletes_every_matching_row_after_a_confirmation_stating_n(
    client, admin_user, messages, register
):
    """With 2 rows a page, "select all" across pages confirms the number the search
    matches, then deletes exactly those."""

    class Small(MessageAdmin):
        paginate_by = 2

    register(Message, Small)
    html = client.get("/admin/message/?pub_date__year=2024").get_data(as_text=True)
    assert "Select all 5 messages, on every page" in html
    token = token_in(html)
    url = "/admin/message/action/?pub_date__year=2024"
    data = {"csrf_token": token, "action": "delete_selected", "select_across": "1"}
    confirm = client.post(url, data=data).get_data(as_text=True)
    assert "Delete 5 messages?" in confirm and 'name="select_across" value="1"' in confirm
    assert Message.select().count() == 6
    response = client.post(url, data={**data, "confirmed": "yes"})
    assert response.status_code == 302
    assert [m.content for m in Message.select()] == ["m0"]
    assert admin.LogEntry.select().where(admin.LogEntry.action == "deleted").count() == 5


# -- export -----------------------------------------------------------------------------------


def test_export_follows_the_lists_sort_filters_and_search(client, admin_user, messages):
    """The CSV has the rows the list shows, in the list's order."""
    url = "/admin/message/export.csv?o=-content&q=m&user__eq={}".format(
        User.get(User.username == "ada").id
    )
    rows = list(csv.reader(io.StringIO(client.get(url).get_data(as_text=True))))
    assert [row[1] for row in rows[1:]] == ["m5", "m3", "m1"]
