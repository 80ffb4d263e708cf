"""Related-row scoping and read-only fields on an app built by hand, as the blog post
builds it (`Flask(__name__)`, `Database(app)`, `Auth(...)`, `Admin(app, auth)`)."""

import re

from flask import Flask
from peewee import BooleanField, CharField, ForeignKeyField, TextField

from {{ cookiecutter.package_name }}.admin import Admin, ModelAdmin, UserAdmin
from {{ cookiecutter.package_name }}.auth import Auth, BaseUser
from {{ cookiecutter.package_name }}.db import Database

from ..conftest import PASSWORD, post_form, post_login


def make_app(tmp_path):
    """A seed-style app whose user admin hides deactivated users and whose notes have a
    read-only `pinned` flag."""
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY="a secret for this test only",
        DATABASE=f"sqlite:///{tmp_path / 'seed.db'}",
        BCRYPT_ROUNDS=4,
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
        pinned = BooleanField(default=False)

    class ActiveUsers(UserAdmin):
        def get_query(self):
            return super().get_query().where(User.active == True)  # noqa: E712

    class NoteAdmin(ModelAdmin):
        readonly_fields = ("pinned",)

    auth = Auth(app, db, user_model=User)
    admin = Admin(app, auth)
    admin.register(Note, NoteAdmin)
    admin.register(User, ActiveUsers)
    db.database.create_tables([User, Note, *auth.models, *admin.models])
    users = {}
    for name, active in (("root", True), ("ghost", False)):
        users[name] = User(username=name, email=f"{name}@example.com", admin=name == "root")
        users[name].active = active
        users[name].set_password(PASSWORD)
        users[name].save()
    note = Note.create(user=users["root"], content="hello", pinned=True)
    db.database.close()
    return app, Note, users, note


def test_a_hand_built_admin_scopes_related_rows_and_keeps_read_only_fields(tmp_path):
    """The FK select hides ghost, a post naming ghost fails, and `pinned` is never written."""
    app, Note, users, note = make_app(tmp_path)
    client = app.test_client()
    post_login(client, "root", PASSWORD)
    page = client.get(f"/admin/note/{note.id}/").get_data(as_text=True)
    select = re.search(r'<select id="user".*?</select>', page, re.S).group(0)
    assert "root" in select and "ghost" not in select
    assert 'name="pinned"' not in page and "Pinned" in page
    refused = post_form(client, f"/admin/note/{note.id}/", user=users["ghost"].id, content="x")
    assert "Not a valid choice" in refused.get_data(as_text=True)
    saved = post_form(client, f"/admin/note/{note.id}/", user=users["root"].id, content="new")
    assert saved.status_code == 302
    with app.app_context():
        stored = Note.get_by_id(note.id)
    assert stored.content == "new" and stored.pinned is True and stored.user_id == users["root"].id
