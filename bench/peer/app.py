"""The peer: flask-peewee 4.0.1 (with wtforms and wtf-peewee) serving the same models.

Runs in its own virtualenv (bench/peer/requirements.txt) on the baked project's
database. The user model keeps our schema and our password scheme (bcrypt over a
SHA-256 digest), so HTTP Basic costs the same bcrypt work here as in the baked
project; bearer tokens use the bench's `bench_api_token` table, hashed like ours.

    DATABASE=/path/app.db gunicorn -w 1 'app:app'
"""

import base64
import datetime
import hashlib
import os
import secrets

import bcrypt
from flask import Flask, g, request
from flask_peewee.admin import Admin, ModelAdmin
from flask_peewee.auth import Auth, BaseUser
from flask_peewee.db import Database
from flask_peewee.rest import RestAPI, RestResource, RestrictOwnerResource, UserAuthentication
from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, TextField
from playhouse.db_url import parse as parse_url

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY") or secrets.token_hex(32)
DATABASE = os.environ.get("DATABASE", "app.db")
if DATABASE.startswith("postgres"):
    options = parse_url(DATABASE)
    app.config["DATABASE"] = {
        "name": options.pop("database"),
        "engine": "peewee.PostgresqlDatabase",
        **options,
    }
else:  # a SQLite file, with the baked project's per-connection pragmas
    app.config["DATABASE"] = {
        "name": DATABASE,
        "engine": "peewee.SqliteDatabase",
        "pragmas": {"foreign_keys": 1, "synchronous": "normal"},
        "timeout": 5,
    }
db = Database(app)


class User(db.Model, BaseUser):
    username = CharField(unique=True)
    email = CharField(unique=True)
    password = CharField()
    active = BooleanField(default=True)
    admin = BooleanField(default=False)
    join_date = DateTimeField(default=datetime.datetime.now)

    class Meta:
        table_name = "user"

    def __str__(self):
        return self.username

    def check_password(self, raw):
        digest = base64.b64encode(hashlib.sha256(raw.encode()).digest())
        return bcrypt.checkpw(digest, self.password.encode())


class Message(db.Model):
    user = ForeignKeyField(User, backref="messages", on_delete="CASCADE")
    content = TextField()
    pub_date = DateTimeField(default=datetime.datetime.now)

    class Meta:
        table_name = "message"

    def __str__(self):
        return self.content[:40]


class ApiToken(db.Model):
    token_hash = CharField(unique=True)
    user = ForeignKeyField(User, on_delete="CASCADE")

    class Meta:
        table_name = "bench_api_token"


auth = Auth(app, db, user_model=User)


class BasicOrBearer(UserAuthentication):
    """flask-peewee's HTTP Basic, or a bearer token from the bench's token table."""

    def authorize(self):
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or request.method not in self.protected_methods:
            return super().authorize()
        token_hash = hashlib.sha256(token.strip().encode()).hexdigest()
        row = (
            ApiToken.select(ApiToken, User)
            .join(User)
            .where(ApiToken.token_hash == token_hash)
            .first()
        )
        g.user = row.user if row else None
        return g.user


class UserResource(RestResource):
    exclude = ("password", "email")


class MessageResource(RestrictOwnerResource):
    owner_field = "user"
    include_resources = {"user": UserResource}
    max_paginate_by = 100


api = RestAPI(app, default_auth=BasicOrBearer(auth))
api.register(Message, MessageResource)
api.setup()


class MessageAdmin(ModelAdmin):
    columns = ("user", "content", "pub_date")


admin = Admin(app, auth)
admin.register(Message, MessageAdmin)
auth.register_admin(admin)
admin.setup()
