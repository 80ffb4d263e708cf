"""Every answer under /api/ is JSON, and no error shows exception or database text."""

import pytest

from {{ cookiecutter.package_name }}.api import RestAPI, RestResource
from {{ cookiecutter.package_name }}.models import Message

from .conftest import basic


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/api/nothing/", 404),
        ("get", "/api/message/12345/", 404),
        ("get", "/api/message/abc/", 404),
        ("get", "/api/a/b/c/d/", 404),
        ("delete", "/api/message/", 405),
        ("post", "/api/message/1/", 405),
    ],
)
def test_errors_are_problem_json(client, method, url, status):
    """Unknown URLs and methods answer application/problem+json, 405 with Allow."""
    response = getattr(client, method)(url)
    assert response.status_code == status
    assert response.content_type == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["error"] == body["detail"]
    if status == 405:
        assert "GET" in response.headers["Allow"]


def test_server_error_is_json_without_the_exception_text(make_app):
    """A bug in a resource is a 500 problem that leaks nothing."""

    class Broken(RestResource):
        def get_query(self):
            raise RuntimeError("secret internals at /srv/db.sqlite")

    app = make_app()
    RestAPI(app, prefix="/broken", name="broken").register(Message, Broken)
    response = app.test_client().get("/broken/message/")
    assert response.status_code == 500
    assert response.content_type == "application/problem+json"
    assert "secret" not in response.get_data(as_text=True)


def test_an_operation_the_resource_switched_off_is_a_405_and_left_out_of_the_document(
    client, make_user
):
    """The seed's UserResource takes no POST (it never sees an email or password): 405 + Allow."""
    make_user("root", admin=True)
    response = client.post("/api/user/", json={"username": "x"}, headers=basic("root"))
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"
    assert "POST" not in response.headers["Allow"]
    assert "GET" in response.headers["Allow"]
    assert client.head("/api/user/").status_code == 200
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert "post" not in paths["/api/user/"]
    assert "get" in paths["/api/user/"]
    assert "patch" in paths["/api/user/{pk}/"]
