"""The security sweep: every route, every text field, every way a secret could leak.

Each test walks the app's own URL map or models, so a route or field added later is
covered without editing this file. Open redirects, session fixation and cookies after
logout have their own tests in test_auth_login.py and test_auth_sessions.py; CSV formula
injection in test_admin/test_export.py. Here: the sweeps across all of them.
"""

from urllib.parse import quote

import pytest

from {{ cookiecutter.package_name }}.models import Message, User

from .conftest import {% if cookiecutter.include_api %}PASSWORD, {% endif %}post_login

XSS = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"
HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options")


def concrete_paths(app, method, values):
    """Every rule of `app` accepting `method`, with its URL arguments filled from `values`."""
    paths = []
    for rule in app.url_map.iter_rules():
        if method not in rule.methods or rule.endpoint.endswith("static"):
            continue
        if not set(rule.arguments) <= set(values):
            continue
        paths.append(rule.build({name: values[name] for name in rule.arguments})[1])
    return sorted(set(paths))


@pytest.fixture
def world(app, make_user):
    """An admin, a user and a message each, for URLs that need real ids."""
    root = make_user("root", admin=True)
    bob = make_user("bob")
    message = Message.create(user=bob, content="hello")
    return {"root": root, "bob": bob, "message": message}


def url_values(world):
    return {
        "slug": "message",
        "pk": world["message"].id,
        "username": "bob",
        "name": "create",
        "panel": "notes",
        "filename": "x",
    }


def test_every_post_under_admin_and_accounts_needs_the_csrf_token(app, client, world):
    """A logged-in admin's browser, tricked into posting without the token: nothing happens."""
    post_login(client, "root")
    paths = [
        path
        for path in concrete_paths(app, "POST", url_values(world))
        if path.startswith(("/admin", "/accounts"))
    ]
    assert len(paths) >= 2
    before = (Message.select().count(), User.select().count())
    for path in paths:
        response = client.post(path, data={"content": "forged", "message": "forged"})
        assert response.status_code in (400, 403) or (
            response.status_code == 302 and "/login" not in response.headers["Location"]
        ), (path, response.status_code)
        assert "forged" not in client.get("/").get_data(as_text=True), path
    assert (Message.select().count(), User.select().count()) == before
    assert client.get("/accounts/password/").status_code == 200  # still logged in


def test_every_page_sends_the_security_headers(app, client, world):
    """Every GET route, as an admin, answers with CSP, nosniff and frame denial."""
    post_login(client, "root")
    paths = concrete_paths(app, "GET", url_values(world))
    assert len(paths) > 5
    for path in paths:
        response = client.get(path)
        for header in HEADERS:
            assert header in response.headers, (path, header)
        response.close()


def test_xss_in_every_text_field_is_rendered_escaped_everywhere(app, client, make_user):
    """A hostile username and message show as text on the site{% if cookiecutter.include_admin %} and in the admin{% endif %}."""
    # No "/" in a username (it is part of a URL); the payload still opens a tag.
    evil = make_user("evil\"'><img src=x onerror=alert(3)>", email="evil@example.com", admin=True)
    Message.create(user=evil, content=XSS)
    post_login(client, evil.username)
    pages = ["/", f"/users/{quote(evil.username)}/"]
{%- if cookiecutter.include_admin %}
    # An edit in the admin puts the payload in the history and the dashboard's recent list.
    from .conftest import post_form

    message = Message.get(Message.content == XSS)
    post_form(client, f"/admin/message/{message.id}/", user=evil.id, content=XSS + " edited")
    pages += [
        "/admin/",
        "/admin/message/",
        f"/admin/message/{message.id}/",
        "/admin/user/",
        f"/admin/user/{evil.id}/",
        "/admin/message/?q=" + XSS[:20],
    ]
    history = [
        p
        for p in concrete_paths(app, "GET", {"slug": "message", "pk": message.id})
        if "history" in p
    ]
    pages += history
{%- endif %}
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.get_data(as_text=True)
        assert "<script>alert(1)" not in page and "<img src=x" not in page, path
    assert "&lt;script&gt;alert(1)" in client.get("/").get_data(as_text=True)


def test_xss_in_a_user_agent_and_an_email_is_rendered_escaped(app, make_user):
    """What a browser sends about itself (shown on the sessions page) and a hostile email
    address (shown in the admin) come out as text."""
{%- if cookiecutter.include_admin %}
    mallory = make_user(
        "mallory", email='mallory+"><script>alert(4)</script>@example.com', admin=True
    )
    paths = ("/accounts/sessions/", "/admin/user/", f"/admin/user/{mallory.id}/")
{%- else %}
    make_user("mallory", email='mallory+"><script>alert(4)</script>@example.com')
    paths = ("/accounts/sessions/",)
{%- endif %}
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = XSS
    post_login(client, "mallory")
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.get_data(as_text=True)
        assert "<script>alert(" not in page and "<img src=x" not in page, path
    assert "&lt;script&gt;alert(1)" in client.get("/accounts/sessions/").get_data(as_text=True)
{%- if cookiecutter.include_api %}


def test_hidden_fields_cannot_be_filtered_ordered_or_returned_by_the_api(client, world):
    """Password hashes and emails: not in bodies, not as filters, not as ordering."""
    body = client.get("/api/user/").get_data(as_text=True)
    assert "$2" not in body and "@example.com" not in body
    for query in (
        "password__startswith=$2b",
        "user__password__startswith=$2b",
        "email=bob@example.com",
    ):
        assert client.get(f"/api/message/?{query}").status_code == 400, query
        assert client.get(f"/api/user/?{query}").status_code == 400, query
    for ordering in ("password", "-password", "email"):
        assert client.get(f"/api/user/?ordering={ordering}").status_code == 400, ordering


def test_mass_assignment_is_refused(client, world):
    """A user cannot make themself admin, write as someone else, choose a pk or set a hash."""
    from .test_api.conftest import basic

    bob = world["bob"]
    attempts = [
        ("patch", f"/api/user/{bob.id}/", {"admin": True}),
        ("patch", f"/api/user/{bob.id}/", {"staff": True}),
        ("put", f"/api/user/{bob.id}/", {"username": "bob", "staff": True, "admin": True}),
        ("patch", f"/api/user/{bob.id}/", {"password": "new"}),
        ("post", "/api/message/", {"content": "x", "user": world["root"].id}),
        ("patch", f"/api/message/{world['message'].id}/", {"user": world["root"].id}),
    ]
    for method, path, body in attempts:
        response = getattr(client, method)(path, json=body, headers=basic("bob"))
        assert response.status_code in (400, 403), (method, path, body, response.status_code)
    assert not User.get_by_id(bob.id).admin and not User.get_by_id(bob.id).staff
    assert User.get_by_id(bob.id).check_password(PASSWORD)
    assert not Message.select().where(Message.user == world["root"]).exists()
    created = client.post(
        "/api/message/", json={"content": "mine", "id": 424242}, headers=basic("bob")
    )
    assert created.status_code == 400
    assert Message.get_or_none(Message.id == 424242) is None


def test_owners_alone_change_their_own_messages(client, world, make_user):
    """Object-level access: alice cannot edit or delete bob's message through the API."""
    from .test_api.conftest import basic

    make_user("alice")
    path = f"/api/message/{world['message'].id}/"
    assert (
        client.patch(path, json={"content": "mine now"}, headers=basic("alice")).status_code == 403
    )
    assert client.delete(path, headers=basic("alice")).status_code == 403
    assert Message.get_by_id(world["message"].id).content == "hello"
    assert client.patch(path, json={"content": "edited"}, headers=basic("bob")).status_code == 200
{%- endif %}
{%- if cookiecutter.include_admin %}


def test_the_admin_never_reveals_password_hashes(client, world):
    """Not in the user list, the edit form, search, filters, sort or export."""
    post_login(client, "root")
    hash_prefix = world["bob"].password[:20]
    for path in (
        "/admin/user/",
        f"/admin/user/{world['bob'].id}/",
        "/admin/user/?q=$2b",
        "/admin/user/?password__startswith=$2b",
        "/admin/user/?o=password",
        "/admin/user/export.csv",
        "/admin/user/export.json",
        "/admin/message/export.csv?user__password__startswith=$2",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert hash_prefix not in response.get_data(as_text=True), path


def test_a_non_admin_is_kept_out_of_every_admin_page(app, client, world):
    """Every admin GET and POST, for a logged-in user who is not staff: 403, nothing shown."""
    post_login(client, "bob")
    for path in concrete_paths(app, "GET", url_values(world)):
        if path.startswith("/admin") and "/static/" not in path:
            assert client.get(path).status_code == 403, path
{%- endif %}
