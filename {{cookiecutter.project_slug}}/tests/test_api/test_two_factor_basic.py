"""An account with two-factor login cannot be opened through the API with its password alone."""

from {{ cookiecutter.package_name }}.api.keys import api_key_model
from {{ cookiecutter.package_name }}.extensions import auth

from ..conftest import post_login
from ..test_accounts.twofactor_helpers import enroll
from .conftest import basic


def test_basic_auth_is_refused_once_two_factor_login_is_on(app, client, alice):
    """Before: the password works over HTTP Basic. After enrolling: 401; API keys still work."""
    body = {"content": "hello"}
    assert client.post("/api/message/", json=body, headers=basic()).status_code == 201
    browser = app.test_client()
    post_login(browser)
    enroll(browser)
    response = client.post("/api/message/", json=body, headers=basic())
    assert response.status_code == 401
    assert "two-factor login" in response.get_json()["detail"]
    _, key = api_key_model(auth).issue(alice, "script")
    response = client.post("/api/message/", json=body, headers={"X-API-Key": key})
    assert response.status_code == 201
