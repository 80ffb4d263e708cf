"""API keys: long random secrets for scripts and services, stored only as a SHA-256 hash.

A key is 256 random bits, so a fast hash is enough (nothing to brute-force), and checking
one costs a single indexed lookup instead of bcrypt's deliberate slowness.
`flask create-api-key USERNAME` shows a new key once; `flask revoke-api-key KEY` ends it.
"""

import datetime
import hashlib
import secrets

import click
from flask import current_app
from peewee import CharField, DateTimeField, ForeignKeyField

from ..db import Statement

PREFIX_LENGTH = 8
_models = {}


def hash_key(key):
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def make_api_key_model(db, user_model):
    """The table of API keys for `user_model`'s users."""

    class APIKey(db.Model):
        """One key of one user; deleting the row revokes the key."""

        user = ForeignKeyField(user_model, backref="api_keys", on_delete="CASCADE")
        name = CharField(max_length=100, default="")
        prefix = CharField(max_length=PREFIX_LENGTH, index=True)  # shown to tell keys apart
        key_hash = CharField(max_length=64, unique=True)
        created = DateTimeField(default=datetime.datetime.now)

        class Meta:
            table_name = "api_key"

        @classmethod
        def issue(cls, user, name=""):
            """Create a key for `user`; returns (row, key). Only the hash is stored."""
            key = secrets.token_hex(32)  # hex: never starts with "-", safe on a command line
            row = cls.create(
                user=user, name=name, prefix=key[:PREFIX_LENGTH], key_hash=hash_key(key)
            )
            return row, key

        @classmethod
        def user_for(cls, key):
            """The active user who owns `key`, or None."""
            row = by_hash.first(hash_key(key))
            return row.user if row else None

    def owned_by_active_user(hashed_key):
        return (
            APIKey.select(APIKey, user_model)
            .join(user_model)
            .where((APIKey.key_hash == hashed_key) & (user_model.active == True))  # noqa: E712
            .limit(1)
        )

    by_hash = Statement(APIKey, owned_by_active_user)  # every keyed request: SQL written once
    return APIKey


def api_key_model(auth):
    """The API key model for `auth`'s users: made once, shared by every app and backend."""
    if auth not in _models:
        _models[auth] = make_api_key_model(auth.db, auth.user_model)
    return _models[auth]


@click.command("create-api-key")
@click.argument("username")
@click.option("--name", default="", help="What the key is for, e.g. 'backup script'.")
def create_api_key(username, name):
    """Create an API key for USERNAME and print it once.

    Only a hash of the key is stored: copy it now, it cannot be shown again.
    """
    auth = current_app.extensions["auth"]
    user = auth.user_model.get_or_none(auth.user_model.username == username)
    if user is None:
        raise click.ClickException(f"No user named {username!r}.")
    row, key = api_key_model(auth).issue(user, name[:100])
    click.echo(key)
    click.echo(
        f"Key {row.prefix}... for {username}: store it now, it cannot be shown again.", err=True
    )


@click.command("revoke-api-key")
@click.argument("key")
def revoke_api_key(key):
    """Revoke an API key (whole, or its first characters).

    KEY is the key itself or the first characters `create-api-key` showed.
    """
    model = api_key_model(current_app.extensions["auth"])
    if len(key) > PREFIX_LENGTH:
        revoked = model.delete().where(model.key_hash == hash_key(key)).execute()
    else:
        revoked = model.delete().where(model.prefix == key).execute() if key else 0
    if not revoked:
        raise click.ClickException("No such API key.")
    click.echo(f"Revoked {revoked} key(s).")
