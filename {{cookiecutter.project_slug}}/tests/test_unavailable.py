"""The database goes away: every page answers 503 with Retry-After, then service resumes.

SQLite: the database's directory disappears (a symlink we remove and put back).
PostgreSQL: a TCP proxy between the app and the server is cut, made to hang, restored.
"""

import os

import pytest

from .tcp_proxy import proxy_for, through

PAGES = [
    "/",
    "/accounts/login/",
{%- if cookiecutter.include_admin %}
    "/admin/",
{%- endif %}
]
{%- if cookiecutter.include_api %}
API_PAGES = ["/api/message/", "/api/message/1/", "/api/nothing-here/"]
{%- endif %}


def assert_unavailable(client):
    """People get an HTML page, JSON clients JSON{% if cookiecutter.include_api %}, the API problem+json{% endif %}: all 503, Retry-After."""
    for path in PAGES:
        response = client.get(path, headers={"Accept": "*/*"})
        assert response.status_code == 503, path
        assert response.mimetype == "text/html", path
        assert int(response.headers["Retry-After"]) > 0
        page = response.get_data(as_text=True)
        assert "temporarily unavailable" in page and "Traceback" not in page
        as_json = client.get(path, headers={"Accept": "application/json"})
        assert as_json.status_code == 503 and as_json.is_json, path
        assert int(as_json.headers["Retry-After"]) > 0
{%- if cookiecutter.include_api %}
    for path in API_PAGES:
        response = client.get(path)
        assert response.status_code == 503, path
        assert response.mimetype == "application/problem+json", path
        assert response.get_json()["status"] == 503
        assert int(response.headers["Retry-After"]) > 0
    write = client.post("/api/message/", json={"content": "hello"})
    assert write.status_code == 503
{%- endif %}
    assert client.get("/healthz").status_code == 503


def assert_available(client):
    """Back to normal, without a restart."""
    for path in PAGES:
        assert client.get(path).status_code in (200, 302), path
{%- if cookiecutter.include_api %}
    assert client.get("/api/message/").status_code == 200
{%- endif %}
    assert client.get("/healthz").status_code == 200


def test_sqlite_out_of_reach_is_a_503_and_service_resumes(database_url, make_app, tmp_path):
    """The SQLite file's directory goes away, then comes back: 503s, then 200s."""
    if not database_url.startswith("sqlite"):
        pytest.skip("the SQLite case; PostgreSQL has its own test below")
    real_file = database_url.removeprefix("sqlite:///")
    link = tmp_path / "data"
    link.symlink_to(os.path.dirname(real_file), target_is_directory=True)
    app = make_app(DATABASE=f"sqlite:///{link / os.path.basename(real_file)}")
    client = app.test_client()
    assert_available(client)
    link.unlink()
    assert_unavailable(client)
    link.symlink_to(os.path.dirname(real_file), target_is_directory=True)
    assert_available(client)


@pytest.fixture
def postgres_proxy(database_url):
    if not database_url.startswith("postgres"):
        pytest.skip("needs PostgreSQL (TEST_DATABASE_URL) to cut the connection to")
    with proxy_for(database_url) as proxy:
        yield proxy


def test_postgresql_cut_then_restored_is_503s_then_service(database_url, make_app, postgres_proxy):
    """The connection to PostgreSQL is cut: 503s; restored: the next request works."""
    app = make_app(DATABASE=through(postgres_proxy, database_url))
    client = app.test_client()
    assert_available(client)
    postgres_proxy.cut()
    assert_unavailable(client)
    postgres_proxy.restore()
    assert_available(client)


def test_postgresql_that_does_not_answer_is_a_503_not_a_hang(
    database_url, make_app, postgres_proxy
):
    """A database that accepts and never answers: the connect timeout gives a 503."""
    app = make_app(
        DATABASE=through(postgres_proxy, database_url),
        DATABASE_OPTIONS={"connect_timeout": 1},
    )
    client = app.test_client()
    postgres_proxy.hang()
    response = client.get("/", headers={"Accept": "*/*"})
    assert response.status_code == 503
    assert "temporarily unavailable" in response.get_data(as_text=True)
    postgres_proxy.restore()
    assert_available(client)
