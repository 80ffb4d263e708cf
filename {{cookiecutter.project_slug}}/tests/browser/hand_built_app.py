"""The admin's editing features on an app built by hand, as the blog post builds it:
`Flask(__name__)`, `Database(app)`, `Auth(app, db, user_model=User)`, `Admin(app, auth)` and
`RestAPI(app)` when the project has the API, with its own User, Tag and Message models (tags a
peewee ManyToManyField) and the same admin options as the generated project's admin_site.py."""

import datetime

from flask import Flask
from peewee import (
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    ManyToManyField,
    TextField,
)

from {{ cookiecutter.package_name }}.admin import Admin, ModelAdmin, TabularInline, UserAdmin
{%- if cookiecutter.include_api %}
from {{ cookiecutter.package_name }}.api import RestAPI
{%- endif %}
from {{ cookiecutter.package_name }}.auth import Auth, BaseUser
from {{ cookiecutter.package_name }}.db import Database


class HandBuiltApp:
    """The app and its models, for fixtures to seed."""


def build_hand_built_app(config):
    """A seed-style app on `config` (settings and DATABASE), its tables created."""
    built = HandBuiltApp()
    app = built.app = Flask(__name__)
    app.config.update(config)
    db = Database(app)

    class User(BaseUser, db.Model):
        username = CharField(unique=True)
        email = CharField()
        password = CharField()
        active = BooleanField(default=True)
        admin = BooleanField(default=False)
        join_date = DateTimeField(default=datetime.datetime.now)

        def __str__(self):
            return self.username

    class Tag(db.Model):
        name = CharField(unique=True)

        def __str__(self):
            return self.name

    class Message(db.Model):
        user = ForeignKeyField(User, backref="messages")
        content = TextField()
        pub_date = DateTimeField(default=datetime.datetime.now, index=True)
        tags = ManyToManyField(Tag, backref="messages")

        def __str__(self):
            return f"{self.user}: {self.content}"

    class MessageAdmin(ModelAdmin):
        columns = ("user", "content", "pub_date", "tags")
        search_fields = ("content", "user__username")
        filter_fields = ("user", "content", "pub_date", "tags")
        foreign_key_lookups = ("user",)
        ordering = ("-pub_date",)
        list_editable = ("content",)
        date_hierarchy = "pub_date"
        show_facets = True

    class TagAdmin(ModelAdmin):
        columns = ("name",)
        search_fields = ("name",)
        ordering = ("name",)

    class MessageInline(TabularInline):
        model = Message
        fields = ("content", "pub_date")
        ordering = ("-pub_date",)
        extra = 1
        paginate_by = 10

    class PeopleAdmin(UserAdmin):
        inlines = (MessageInline,)

    auth = Auth(app, db, user_model=User)
    admin = Admin(app, auth)
    admin.register(User, PeopleAdmin)
    admin.register(Message, MessageAdmin)
    admin.register(Tag, TagAdmin)
    components = [auth, admin]
{%- if cookiecutter.include_api %}
    api = RestAPI(app)
    api.register(Message)
    components.append(api)
{%- endif %}
    db.create_tables(User, Tag, Message, Message.tags.get_through_model(), *components)
    db.database.close()
    built.db, built.User, built.Tag, built.Message = db, User, Tag, Message
    return built
