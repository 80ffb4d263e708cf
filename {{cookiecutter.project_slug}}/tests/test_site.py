"""The public site: the message wall, user pages, error pages and the health check."""

import datetime

from {{ cookiecutter.package_name }}.models import Message


def post(user, content, minutes_ago=0):
    pub_date = datetime.datetime.now() - datetime.timedelta(minutes=minutes_ago)
    return Message.create(user=user, content=content, pub_date=pub_date)


def test_wall_shows_messages_newest_first(client, make_user):
    """The home page lists messages with their authors, newest first."""
    alice = make_user("alice")
    post(alice, "older message", minutes_ago=5)
    post(alice, "newer message")
    html = client.get("/").get_data(as_text=True)
    assert html.index("newer message") < html.index("older message")
    assert "/users/alice/" in html


def test_empty_wall_says_so(client):
    """With no messages the wall still renders, with a friendly line."""
    response = client.get("/")
    assert response.status_code == 200
    assert "No messages yet." in response.get_data(as_text=True)


def test_wall_is_paginated(make_app, make_user):
    """Messages come a page at a time; a page past the last one is a 404."""
    client = make_app(MESSAGES_PER_PAGE=2).test_client()
    alice = make_user("alice")
    for number in range(5):
        post(alice, f"message {number}", minutes_ago=number)
    page_one = client.get("/").get_data(as_text=True)
    assert "message 0" in page_one and "message 2" not in page_one
    assert 'href="?page=2">Older' in page_one
    page_three = client.get("/?page=3").get_data(as_text=True)
    assert "message 4" in page_three
    assert "Older" not in page_three and 'href="?page=2">Newer' in page_three
    assert client.get("/?page=4").status_code == 404
    assert client.get("/?page=0").status_code == 404


def test_user_page_lists_only_their_messages(client, make_user):
    """/users/<username>/ shows that user's messages and nobody else's."""
    post(make_user("alice"), "from alice")
    post(make_user("bob"), "from bob")
    html = client.get("/users/alice/").get_data(as_text=True)
    assert "from alice" in html
    assert "from bob" not in html


def test_unknown_user_is_an_html_404(client):
    """A missing page is a friendly HTML 404."""
    response = client.get("/users/nobody/")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "There is nothing at this address." in response.get_data(as_text=True)


def test_server_errors_render_a_500_page_without_details(make_app):
    """An unexpected error shows a generic page, never a traceback."""
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Something went wrong" in body
    assert "secret internals" not in body


def test_healthz_reports_a_working_database(client):
    """/healthz answers JSON 200 when the database works."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_down(make_app, tmp_path):
    """/healthz answers 503 with a reason when the database cannot be reached."""
    app = make_app(DATABASE=f"sqlite:///{tmp_path / 'missing-dir' / 'app.db'}")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unavailable"


def test_anonymous_visitors_get_no_session_cookie_from_public_pages(client, make_user):
    """The wall and user pages set no cookie for anonymous visitors (cacheable, no session)."""
    post(make_user("alice"), "hello")
    for path in ("/", "/users/alice/"):
        response = client.get(path)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers, path
