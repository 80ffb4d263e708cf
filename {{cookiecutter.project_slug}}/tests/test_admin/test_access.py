"""Who gets into the admin, how it is mounted, and that every change needs a CSRF POST."""

import pytest
from flask import Flask
from peewee import BooleanField, CharField, ForeignKeyField, TextField

from {{ cookiecutter.package_name }}.admin import Admin, ModelAdmin
from {{ cookiecutter.package_name }}.auth import Auth, BaseUser
from {{ cookiecutter.package_name }}.db import Database
from {{ cookiecutter.package_name }}.models import Message

from ..conftest import post_login

PASSWORD = "seed admin password"
PAGES = ["/admin/", "/admin/message/", "/admin/message/add/", "/admin/user/"]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page_and_back(client, path):
    """An anonymous visitor lands on the login page with `next` pointing back."""
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/?next=")
    assert path.rstrip("/") in response.headers["Location"]


@pytest.mark.parametrize("path", PAGES)
def test_logged_in_users_who_are_not_admins_get_403(client, make_user, login, path):
    """A normal user is told no, not asked to log in again."""
    make_user("bob")
    login("bob")
    assert client.get(path).status_code == 403


def test_an_admin_logging_in_lands_on_the_page_they_asked_for(client, make_user, login):
    """Login with next=/admin/message/ ends on the message list."""
    make_user("root", admin=True)
    response = login("root", next_url="/admin/message/")
    assert response.headers["Location"] == "/admin/message/"
    assert "<h1>Messages</h1>" in client.get("/admin/message/").get_data(as_text=True)


def test_the_site_header_links_admins_to_the_admin(client, make_user, login, admin_user):
    """The public site shows an "Admin" link to admins only."""
    assert 'href="/admin/">Admin</a>' in client.get("/").get_data(as_text=True)
    other = client.application.test_client()
    make_user("bob")
    post_login(other, "bob")
    assert "Admin</a>" not in other.get("/").get_data(as_text=True)


def test_posts_without_a_csrf_token_are_refused(client, admin_user):
    """Every admin POST needs the form's CSRF token: a forged one changes nothing."""
    message = Message.create(user=admin_user, content="keep me")
    forged = [
        (f"/admin/message/{message.id}/delete/", {}),
        ("/admin/message/action/", {"action": "delete_selected", "pk": message.id}),
        ("/admin/message/add/", {"user": admin_user.id, "content": "forged"}),
        ("/admin/panels/notes/create/", {"message": "forged"}),
    ]
    for path, data in forged:
        assert client.post(path, data=data).status_code == 400, path
    assert [m.content for m in Message.select()] == ["keep me"]


def test_state_changes_only_happen_on_post(client, admin_user):
    """Following a delete or action link with GET shows a page or 405, and deletes nothing."""
    message = Message.create(user=admin_user, content="still here")
    assert client.get(f"/admin/message/{message.id}/delete/").status_code == 200
    assert client.get("/admin/message/action/").status_code in (404, 405)
    assert client.get("/admin/panels/notes/create/").status_code == 405
    assert Message.select().count() == 1


def test_unknown_models_objects_and_panel_urls_are_404(client, admin_user):
    """Bad URLs are a clean 404, never a 500."""
    for path in [
        "/admin/nope/",
        "/admin/message/999/",
        "/admin/message/abc/",
        "/admin/message/999/delete/",
        "/admin/panels/nope/x/",
        "/admin/user/lookup/password/",
    ]:
        assert client.get(path).status_code == 404, path


# -- the seed's snippet, on an app we did not build --------------------------------------


def make_seed_app(tmp_path, template_folder=None):
    """`Admin(app, auth)` from the blog post, on a fresh Flask app with its own models."""
    app = Flask(__name__, template_folder=template_folder)
    app.config.update(
        SECRET_KEY="a secret for this test only",
        DATABASE=f"sqlite:///{tmp_path / 'seed.db'}",
        BCRYPT_ROUNDS=4,
        AUTH_REQUIRE_2FA_FOR_STAFF=False,  # on by default; test_accounts_admin.py covers it
    )
    db = Database(app)

    class User(BaseUser, db.Model):
        username = CharField(unique=True)
        email = CharField()
        password = CharField()
        active = BooleanField(default=True)
        admin = BooleanField(default=False)

    class Note(db.Model):
        user = ForeignKeyField(User)
        content = TextField()

    auth = Auth(app, db, user_model=User)
    admin = Admin(app, auth)

    class NoteAdmin(ModelAdmin):
        columns = ("user", "content")

    admin.register(Note, NoteAdmin)
    auth.register_admin(admin)
    db.database.create_tables([User, Note, *auth.models, *admin.models])
    root = User(username="root", email="root@example.com", admin=True)
    root.set_password(PASSWORD)
    root.save()
    Note.create(user=root, content="from the seed")
    db.database.close()
    return app


def log_in(client):
    post_login(client, "root", PASSWORD)


def test_the_seed_snippet_serves_the_admin_with_its_own_templates(tmp_path):
    """`admin = Admin(app, auth)` then `admin.register(...)` works on any Flask app."""
    client = make_seed_app(tmp_path).test_client()
    log_in(client)
    page = client.get("/admin/note/").get_data(as_text=True)
    assert "from the seed" in page and "root" in page
    assert client.get("/admin/static/admin.css").status_code == 200
    assert "Users" in client.get("/admin/").get_data(as_text=True)


def test_an_app_can_override_any_admin_template(tmp_path):
    """A template at the same path in the app's own folder wins over the blueprint's."""
    (tmp_path / "admin").mkdir()
    (tmp_path / "admin" / "dashboard.html").write_text("<p>Our own dashboard</p>")
    client = make_seed_app(tmp_path, template_folder=str(tmp_path)).test_client()
    log_in(client)
    assert "Our own dashboard" in client.get("/admin/").get_data(as_text=True)


def test_one_admin_serves_many_apps(make_app, make_user):
    """The factory style (`init_app` per app) gives each app its own working blueprint."""
    make_user("root", admin=True)
    for app in (make_app(), make_app()):
        client = app.test_client()
        post_login(client, "root")
        assert client.get("/admin/").status_code == 200
