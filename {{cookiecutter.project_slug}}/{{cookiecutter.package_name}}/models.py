"""The project's models. Add yours here, then a migration: `flask db create NAME`."""

import datetime

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, TextField

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


class Message(db.Model):
    user = ForeignKeyField(User, backref="messages", on_delete="CASCADE")
    content = TextField()
    pub_date = DateTimeField(default=datetime.datetime.now)

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
