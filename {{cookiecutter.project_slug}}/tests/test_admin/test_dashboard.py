"""The dashboard: the Notes and Signups panels, the models with counts, recent actions."""

import datetime
import re

from {{ cookiecutter.package_name }}.admin_site import Note
from {{ cookiecutter.package_name }}.models import Message

from ..conftest import csrf_token


def test_the_dashboard_shows_both_panels_and_the_models(client, admin_user):
    """Notes and Signups panels, then each model with its row count and an Add link."""
    Message.create(user=admin_user, content="one")
    html = client.get("/admin/").get_data(as_text=True)
    assert (
        '<h2 id="panel-notes">Notes</h2>' in html and '<h2 id="panel-signups">Signups</h2>' in html
    )
    assert re.search(r'href="/admin/message/">Messages</a></th>\s*<td class="num">1</td>', html)
    assert re.search(r'href="/admin/user/">Users</a></th>\s*<td class="num">1</td>', html)
    assert 'href="/admin/message/add/"' in html


def test_admins_write_notes_shown_newest_first(client, admin_user):
    """A note posted from the panel appears at the top of the Notes panel."""
    for text in ("older note", "newer note"):
        token = csrf_token(client, "/admin/")
        response = client.post(
            "/admin/panels/notes/create/", data={"csrf_token": token, "message": text}
        )
        assert response.headers["Location"] == "/admin/"
    html = client.get("/admin/").get_data(as_text=True)
    assert html.index("newer note") < html.index("older note")
    assert Note.select().count() == 2 and Note.get().user.id == admin_user.id


def test_an_empty_note_is_refused(client, admin_user):
    """A blank note is not stored; the dashboard says why."""
    token = csrf_token(client, "/admin/")
    client.post("/admin/panels/notes/create/", data={"csrf_token": token, "message": "  "})
    assert Note.select().count() == 0
    assert "The note was not added" in client.get("/admin/").get_data(as_text=True)


def test_signups_are_drawn_per_day_for_the_last_30_days(client, admin_user, make_user):
    """An inline SVG with 30 bars; users who joined over 30 days ago are not counted."""
    now = datetime.datetime.now()
    make_user("today")
    make_user("lastweek", join_date=now - datetime.timedelta(days=7))
    make_user("ancient", join_date=now - datetime.timedelta(days=90))
    html = client.get("/admin/").get_data(as_text=True)
    svg = re.search(r"<svg class=\"chart\".*?</svg>", html, re.S).group(0)
    assert svg.count('<rect class="bar"') == 30
    assert "3 signups in total" in svg  # root, today and lastweek
    week_ago = (now - datetime.timedelta(days=7)).date().isoformat()
    assert f"<title>{week_ago}: 1</title>" in svg
    assert "<script" not in html.split("</head>")[1]  # the chart needs no JavaScript


def test_recent_actions_start_empty(client, admin_user):
    """A fresh admin says there is nothing in the history yet."""
    html = client.get("/admin/").get_data(as_text=True)
    assert "Recent actions" in html and "Nothing yet." in html
