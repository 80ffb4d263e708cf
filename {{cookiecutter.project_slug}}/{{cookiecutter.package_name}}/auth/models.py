"""The user mixin, and the tables auth keeps for itself (sessions, failed attempts)."""

import datetime

from peewee import CharField, DateTimeField, ForeignKeyField

from .passwords import hash_password, verify_password


class BaseUser:
    """Mix into a user model that has `username`, `email`, `password`, `active`, `admin`."""

    def set_password(self, raw, rounds=None):
        """Store a bcrypt hash of `raw` in `password` (call save() afterwards)."""
        self.password = hash_password(raw, rounds)

    def check_password(self, raw):
        return verify_password(raw, self.password)

    def __str__(self):
        return self.username


def make_auth_models(db, user_model):
    """Create the models auth stores its state in, bound to `db`.

    The state lives in the database, not in a process, so it holds across workers.
    """

    class UserSession(db.Model):
        """One row per logged-in browser; deleting it logs that browser out."""

        user = ForeignKeyField(user_model, backref="auth_sessions", on_delete="CASCADE")
        token_hash = CharField(max_length=64, unique=True)
        created = DateTimeField(default=datetime.datetime.now)
        expires = DateTimeField(index=True)

        class Meta:
            table_name = "auth_session"

    class FailedAttempt(db.Model):
        """A failed try (a login, say), counted per key, address and both for throttling."""

        kind = CharField(max_length=32)
        key = CharField(max_length=255)
        address = CharField(max_length=64)
        attempted = DateTimeField(default=datetime.datetime.now, index=True)

        class Meta:
            table_name = "auth_failed_attempt"
            # The throttle's three questions: this key, this address, both (with a time).
            indexes = (
                (("kind", "key", "attempted"), False),
                (("kind", "address", "attempted"), False),
            )

    return UserSession, FailedAttempt
