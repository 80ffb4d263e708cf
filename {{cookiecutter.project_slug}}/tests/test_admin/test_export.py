"""Export: the filtered list as CSV or JSON, streamed in chunks, safe to open in a spreadsheet."""

import csv
import io

from {{ cookiecutter.package_name }}.admin import export
from {{ cookiecutter.package_name }}.models import Message


def test_csv_export_holds_the_filtered_rows_and_the_list_columns(client, admin_user, make_user):
    """Only rows matching the list's search and filters, with the list's columns as header."""
    bob = make_user("bob")
    Message.create(user=bob, content="keep this")
    Message.create(user=bob, content="drop that")
    response = client.get("/admin/message/export.csv?content__contains=keep")
    assert response.headers["Content-Type"].startswith("text/csv")
    assert 'filename="message.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["User", "Content", "Pub date", "Tags"]
    assert [row[:2] for row in rows[1:]] == [["bob", "keep this"]]


def test_json_export_matches_the_search(client, admin_user, make_user):
    """JSON: a list of objects keyed by column name."""
    bob = make_user("bob")
    Message.create(user=bob, content="find me")
    Message.create(user=bob, content="not me")
    data = client.get("/admin/message/export.json?q=find").get_json()
    assert [(item["user"], item["content"]) for item in data] == [("bob", "find me")]


def test_spreadsheet_formulas_are_neutralised(client, admin_user, make_user):
    """Cells starting with = + - @ get a leading quote, so a spreadsheet shows text."""
    bob = make_user("bob")
    for content in ('=HYPERLINK("http://evil")', "+1", "-2", "@SUM(A1)", "plain"):
        Message.create(user=bob, content=content)
    text = client.get("/admin/message/export.csv").get_data(as_text=True)
    cells = {row[1] for row in csv.reader(io.StringIO(text))}
    assert {'\'=HYPERLINK("http://evil")', "'+1", "'-2", "'@SUM(A1)", "plain"} <= cells


def test_exports_stream_in_chunks_and_include_every_row(client, admin_user, make_user, monkeypatch):
    """The response is streamed and the rows are read a chunk at a time, none lost,
    in the list's order (newest first by default)."""
    monkeypatch.setattr(export, "CHUNK_SIZE", 10)
    bob = make_user("bob")
    Message.insert_many([{"user": bob, "content": f"row {n:03}"} for n in range(45)]).execute()
    response = client.get("/admin/message/export.csv")
    assert response.is_streamed
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))[1:]
    assert [row[1] for row in rows] == [f"row {n:03}" for n in reversed(range(45))]
    assert len(client.get("/admin/message/export.json").get_json()) == 45


def test_exports_are_for_admins_only(client, make_user, login):
    """Anonymous visitors are sent to log in; other users get 403."""
    assert client.get("/admin/message/export.csv").status_code == 302
    make_user("bob")
    login("bob")
    assert client.get("/admin/message/export.json").status_code == 403
