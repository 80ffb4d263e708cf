"""The blog post's API snippet works as written, bound at construction or via init_app."""

from {{ cookiecutter.package_name }}.api import (
    AdminAuthentication,
    RestAPI,
    RestResource,
    RestrictOwnerResource,
    UserAuthentication,
)
from {{ cookiecutter.package_name }}.extensions import auth
from {{ cookiecutter.package_name }}.models import Message, User

from .conftest import basic


def test_seed_snippet_bound_at_construction(make_app, alice, bob):
    """RestAPI(app, default_auth=user_auth), then register: the post's code, as written."""
    app = make_app()
    user_auth = UserAuthentication(auth)
    api = RestAPI(app, default_auth=user_auth, prefix="/seed", name="seed")
    api.register(Message, RestResource)

    class MessageResource(RestrictOwnerResource):
        owner_field = "user"

    admin_auth = AdminAuthentication(auth)

    class UserResource(RestResource):
        exclude = ("password", "email")

    api.register(User, UserResource, auth=admin_auth)
    client = app.test_client()
    assert client.post("/seed/message/", json={"content": "x"}).status_code == 401
    assert (
        client.post(
            "/seed/message/", json={"content": "x", "user": alice.id}, headers=basic()
        ).status_code
        == 201
    )
    assert "password" not in client.get(f"/seed/user/{bob.id}/").get_json()
    assert (
        client.patch(f"/seed/user/{bob.id}/", json={"admin": True}, headers=basic()).status_code
        == 403
    )


def test_one_api_serves_many_apps(make_app):
    """The project's `api` is bound to every app the factory builds."""
    first, second = make_app(), make_app()
    assert first.test_client().get("/api/message/").status_code == 200
    assert second.test_client().get("/api/message/").status_code == 200
