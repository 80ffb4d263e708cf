"""The project's models. Add yours here, then a migration: `flask db create NAME`."""

import datetime

from peewee import (
    BooleanField,
    CharField,
    DateTimeField,
    DeferredThroughModel,
    ForeignKeyField,
    ManyToManyField,
    TextField,
)

from .auth import BaseUser
from .db import db


class User(BaseUser, db.Model):
    username = CharField(max_length=80, unique=True)
    email = CharField(max_length=254, unique=True)
    password = CharField(max_length=255)  # a bcrypt hash, set with set_password()
    active = BooleanField(default=True)
    admin = BooleanField(default=False)  # the superuser: every permission
    staff = BooleanField(default=False)  # may enter the admin, to do what their permissions allow
    join_date = DateTimeField(default=datetime.datetime.now, index=True)
    last_login = DateTimeField(null=True)

    class Meta:
        table_name = "user"


class Tag(db.Model):
    """A label for messages; a message has any number of tags (many-to-many)."""

    name = CharField(max_length=40, unique=True)

    class Meta:
        table_name = "tag"

    def __str__(self):
        return self.name


MessageTagThrough = DeferredThroughModel()


class Message(db.Model):
    user = ForeignKeyField(User, backref="messages", on_delete="CASCADE")
    content = TextField()
    pub_date = DateTimeField(default=datetime.datetime.now)
    tags = ManyToManyField(Tag, backref="messages", through_model=MessageTagThrough)

    class Meta:
        table_name = "message"
        # Lists go newest first with the id as tie-break: (pub_date, id) serves that order
        # (and deep pages) from the index alone; (user, pub_date) serves a user's page.
        indexes = (
            (("pub_date", "id"), False),
            (("user", "pub_date"), False),
        )

    def __str__(self):
        return f"{self.user.username}: {self.content[:40]}"


class MessageTag(db.Model):
    """Which message has which tag: one row per pair (Message.tags reads and writes it)."""

    message = ForeignKeyField(Message, on_delete="CASCADE")
    tag = ForeignKeyField(Tag, on_delete="CASCADE", index=True)  # "messages with tag X"

    class Meta:
        table_name = "message_tag"
        indexes = ((("message", "tag"), True),)


MessageTagThrough.set_model(MessageTag)
