"""Every response carries the security headers: pages, JSON, errors and static files."""

import re

import pytest

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


@pytest.mark.parametrize(
    "path, status",
    [
        ("/", 200),
        ("/accounts/login/", 200),
        ("/healthz", 200),
        ("/no-such-page", 404),
        ("/static/site.css", 200),
        ("/accounts/static/auth.css", 200),
    ],
    ids=["page", "login", "json", "not-found", "static", "blueprint-static"],
)
def test_every_response_has_the_security_headers(client, path, status):
    """HTML, JSON, a 404 and static files all get the same headers."""
    response = client.get(path)
    assert response.status_code == status
    for name, value in EXPECTED.items():
        assert response.headers[name] == value
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_server_errors_have_the_security_headers(make_app):
    """Even the 500 page is sent with the headers."""
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.route("/boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_view_can_set_its_own_header(make_app):
    """A header a view sets itself is kept, not overwritten."""
    app = make_app()

    @app.route("/embeddable")
    def embeddable():
        return "ok", {"X-Frame-Options": "SAMEORIGIN"}

    response = app.test_client().get("/embeddable")
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_hsts_is_sent_only_over_https(client):
    """Strict-Transport-Security only makes sense, and is only sent, on HTTPS requests."""
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_pages_need_no_inline_scripts_or_styles(client, make_user, login):
    """The policy forbids inline code, so our pages must not depend on any."""
    make_user("alice")
    login("alice")
    for path in ("/", "/users/alice/", "/accounts/password/", "/accounts/login/"):
        html = client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\ssrc=)", html), path
        assert " style=" not in html and "<style" not in html, path
