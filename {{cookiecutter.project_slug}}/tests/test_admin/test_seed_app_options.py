"""The admin's form options on an app built by hand, as the blog post builds it
(`Flask(__name__)`, `Database(app)`, `Auth(...)`, `Admin(app, auth)`, and `RestAPI(app)` when
the project has the API):
readonly_fields, fieldsets, field_args, get_form() and the related admin's get_query(),
on SQLite and on PostgreSQL."""

import re

import pytest
from flask import Flask
from peewee import BooleanField, CharField, ForeignKeyField, TextField
from wtforms.validators import ValidationError

from {{ cookiecutter.package_name }}.admin import Admin, ModelAdmin, UserAdmin
{%- if cookiecutter.include_api %}
from {{ cookiecutter.package_name }}.api import RestAPI
{%- endif %}
from {{ cookiecutter.package_name }}.auth import Auth, BaseUser
from {{ cookiecutter.package_name }}.db import Database

from ..conftest import PASSWORD, post_form, post_login


class HandBuilt:
    """The pieces of one hand-built app, for the tests to reach into."""


@pytest.fixture
def seed(hand_built_database):
    """A seed-style app: its user admin hides deactivated users; the note admin has a
    read-only `pinned`, two fieldsets, a relabelled `content` and a get_form() check."""
    seed = HandBuilt()
    app = seed.app = Flask(__name__)
    app.config.update(
        SECRET_KEY="a secret for this test only",
        BCRYPT_ROUNDS=4,
        AUTH_REQUIRE_2FA_FOR_STAFF=False,
        **hand_built_database,
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
        fieldsets = [
            (None, {"fields": ["content"]}),
            ("Ownership", {"fields": ["user", "pinned"], "description": "Who wrote it."}),
        ]
        field_args = {"content": {"label": "Text", "description": "What the note says."}}

        def get_form(self, obj=None):
            base = super().get_form(obj)

            class Form(base):
                def validate_content(form, field):
                    if field.data.isupper():
                        raise ValidationError("Please do not shout.")

            return Form

    auth = Auth(app, db, user_model=User)
    admin = Admin(app, auth)
    admin.register(Note, NoteAdmin)
    admin.register(User, ActiveUsers)
    components = [auth, admin]
{%- if cookiecutter.include_api %}
    api = RestAPI(app)
    api.register(Note)
    components.append(api)
{%- endif %}
    db.create_tables(User, Note, *components)
    seed.users = {}
    for name, active in (("root", True), ("ghost", False)):
        user = User(username=name, email=f"{name}@example.com", admin=name == "root")
        user.active = active
        user.set_password(PASSWORD)
        user.save()
        seed.users[name] = user
    seed.note = Note.create(user=seed.users["root"], content="hello", pinned=True)
    db.database.close()
    seed.User, seed.Note, seed.db = User, Note, db
    seed.client = app.test_client()
    assert post_login(seed.client, "root", PASSWORD).status_code == 302
    yield seed
    db.database.close()


def stored_note(seed):
    with seed.app.app_context():
        return seed.Note.get_by_id(seed.note.id)


def test_a_read_only_field_is_shown_and_a_crafted_post_never_writes_it(seed):
    """`pinned` is text, not an input; a POST carrying pinned=false leaves it true."""
    page = seed.client.get(f"/admin/note/{seed.note.id}/").get_data(as_text=True)
    assert 'name="pinned"' not in page
    assert re.search(r'<label for="([^"]+)">Pinned</label>\s*<output id="\1">', page)
    path = f"/admin/note/{seed.note.id}/"
    saved = post_form(seed.client, path, user=seed.users["root"].id, content="new", pinned="")
    assert saved.status_code == 302
    note = stored_note(seed)
    assert note.content == "new" and note.pinned is True


def test_fieldsets_and_field_args_shape_the_form(seed):
    """Content comes first under the label "Text" with its help; the "Ownership" group
    follows with its description, the user select and the read-only flag."""
    page = seed.client.get(f"/admin/note/{seed.note.id}/").get_data(as_text=True)
    assert '<label for="content">Text</label>' in page and "What the note says." in page
    group = re.search(r"<fieldset[^>]*>\s*<legend>Ownership</legend>(.*?)</fieldset>", page, re.S)
    assert group, "the Ownership fieldset is missing"
    assert "Who wrote it." in group.group(1)
    assert 'name="user"' in group.group(1) and "Pinned" in group.group(1)
    assert page.index('name="content"') < page.index("<legend>Ownership</legend>")


def test_the_get_form_hook_refuses_a_save_and_nothing_is_written(seed):
    """The validator added in get_form() shows its message and the note keeps its text."""
    path = f"/admin/note/{seed.note.id}/"
    refused = post_form(seed.client, path, user=seed.users["root"].id, content="LOUD")
    assert refused.status_code == 200
    assert "Please do not shout." in refused.get_data(as_text=True)
    assert stored_note(seed).content == "hello"


def test_the_related_admins_query_hides_rows_from_the_select_and_the_save(seed):
    """Deactivated "ghost", hidden by the user admin's get_query(), is not offered in the
    note's user select, nor by the lookup URL, and a POST naming ghost is a form error."""
    page = seed.client.get(f"/admin/note/{seed.note.id}/").get_data(as_text=True)
    select = re.search(r'<select id="user".*?</select>', page, re.S).group(0)
    assert ">root<" in select and "ghost" not in select
    found = seed.client.get("/admin/note/lookup/user/?q=o").get_json()
    assert "ghost" not in str(found) and "root" in str(found)
    path = f"/admin/note/{seed.note.id}/"
    refused = post_form(seed.client, path, user=seed.users["ghost"].id, content="x")
    assert refused.status_code == 200
    assert "Not a valid choice" in refused.get_data(as_text=True)
    assert stored_note(seed).user_id == seed.users["root"].id
