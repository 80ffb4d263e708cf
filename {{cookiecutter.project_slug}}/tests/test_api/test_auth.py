"""Authentication: open reads, HTTP Basic, API keys, admin-only writes, browser sessions."""

import pytest

from {{ cookiecutter.package_name }}.api.keys import hash_key
from {{ cookiecutter.package_name }}.cli import database

from ..conftest import csrf_token
from .conftest import basic


def test_reads_are_open_and_anonymous_writes_get_401_with_a_challenge(client, alice):
    """Anyone lists messages; writing without credentials asks for them."""
    assert client.get("/api/message/").status_code == 200
    response = client.post("/api/message/", json={"content": "hi"})
    assert response.status_code == 401
    assert "Basic" in response.headers["WWW-Authenticate"]
    assert "Bearer" in response.headers["WWW-Authenticate"]
    assert response.content_type == "application/problem+json"


@pytest.mark.parametrize(
    "headers",
    [
        basic("alice", "wrong"),
        basic("nobody", "x"),
        {"Authorization": "Bearer not-a-key"},
        {"X-API-Key": "not-a-key"},
        {"Authorization": "Digest whatever"},
    ],
)
def test_bad_credentials_are_a_401_even_for_reads(client, alice, headers):
    """Wrong credentials are never treated as anonymous."""
    assert client.get("/api/message/", headers=headers).status_code == 401
    assert client.post("/api/message/", json={"content": "x"}, headers=headers).status_code == 401


def test_inactive_user_cannot_authenticate(client, make_user):
    """A deactivated account's password stops working for the API too."""
    make_user("dora", active=False)
    response = client.post("/api/message/", json={"content": "x"}, headers=basic("dora"))
    assert response.status_code == 401


def create_key(runner, username="alice"):
    result = runner.invoke(args=["create-api-key", username, "--name", "tests"])
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[0]


def test_api_key_from_the_cli_authenticates_as_bearer_or_header(client, runner, alice):
    """`flask create-api-key alice` prints a key; it works as Bearer token or X-API-Key."""
    key = create_key(runner)
    for headers in ({"Authorization": f"Bearer {key}"}, {"X-API-Key": key}):
        response = client.post("/api/message/", json={"content": "by key"}, headers=headers)
        assert response.status_code == 201
        assert response.get_json()["user"]["username"] == "alice"


def test_api_key_is_stored_only_as_a_hash(runner, alice):
    """The database holds the key's SHA-256, never the key itself."""
    key = create_key(runner)
    rows = database().execute_sql("SELECT prefix, key_hash FROM api_key").fetchall()
    assert rows == [(key[:8], hash_key(key))]


def test_revoked_key_stops_working(client, runner, alice):
    """`flask revoke-api-key KEY` (or its prefix) ends the key at once."""
    key = create_key(runner)
    other = create_key(runner)
    assert runner.invoke(args=["revoke-api-key", key]).exit_code == 0
    assert client.get("/api/message/", headers={"X-API-Key": key}).status_code == 401
    assert runner.invoke(args=["revoke-api-key", other[:8]]).exit_code == 0
    assert client.get("/api/message/", headers={"X-API-Key": other}).status_code == 401


def test_key_commands_fail_with_one_line(runner, alice):
    """Unknown users and keys are clear errors, not tracebacks."""
    result = runner.invoke(args=["create-api-key", "nobody"])
    assert result.exit_code != 0 and "No user named 'nobody'" in result.output
    result = runner.invoke(args=["revoke-api-key", "nope"])
    assert result.exit_code != 0 and "No such API key" in result.output


def test_admin_authentication_lets_only_admins_write_users(client, make_user):
    """The user resource is registered with AdminAuthentication: others get 403."""
    make_user("root", admin=True)
    carol = make_user("carol")
    url = f"/api/user/{carol.id}/"
    assert client.patch(url, json={"active": False}, headers=basic("carol")).status_code == 403
    response = client.patch(url, json={"active": False}, headers=basic("root"))
    assert response.status_code == 200 and response.get_json()["active"] is False
    assert client.get(url).status_code == 200  # reads stay open


def test_browser_session_writes_need_the_csrf_token(client, alice, login):
    """Logged in on the site, the page's scripts may write with the X-CSRFToken header."""
    login()
    response = client.post("/api/message/", json={"content": "from the page"})
    assert response.status_code == 403
    assert "CSRF" in response.get_json()["detail"]
    token = csrf_token(client, "/")
    response = client.post(
        "/api/message/", json={"content": "from the page"}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 201
    assert response.get_json()["user"]["username"] == "alice"


def test_basic_auth_writes_need_no_csrf_token(client, alice, login):
    """CSRF guards cookies only: a request with its own credentials is not forgeable."""
    response = client.post("/api/message/", json={"content": "script"}, headers=basic())
    assert response.status_code == 201


def test_a_stranger_guessing_basic_auth_does_not_lock_the_owner_out(make_app, alice):
    """Wrong Basic passwords from one address get a problem+json 429 there, not elsewhere."""
    app = make_app()
    stranger, owner = app.test_client(), app.test_client()
    stranger.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    owner.environ_base["REMOTE_ADDR"] = "198.51.100.20"
    for _ in range(5):
        assert stranger.get("/api/message/", headers=basic("alice", "guess")).status_code == 401
    response = stranger.get("/api/message/", headers=basic("alice"))
    assert response.status_code == 429
    assert response.mimetype == "application/problem+json"
    assert int(response.headers["Retry-After"]) > 0
    assert "Too many failed login attempts" in response.get_json()["detail"]
    assert owner.get("/api/message/", headers=basic("alice")).status_code == 200
