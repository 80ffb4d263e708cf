"""History: who added, changed or deleted what through the admin, and when.

Entries are written in the same transaction as the change they describe. They name the
fields that changed, never their values, so no password or secret ends up in the log.
"""

import datetime
import functools
import json

from flask import g
from peewee import CharField, DateTimeField, ForeignKeyField, TextField

ADDED, CHANGED, DELETED = "added", "changed", "deleted"


@functools.cache
def make_history_model(db, user_model):
    """The LogEntry model, bound to `db` (made once per database and user model)."""

    class LogEntry(db.Model):
        """One admin action on one row."""

        user = ForeignKeyField(user_model, null=True, backref="admin_log", on_delete="SET NULL")
        username = CharField(max_length=255)  # kept if the user is deleted later
        action_time = DateTimeField(default=datetime.datetime.now, index=True)
        action = CharField(max_length=64)  # added, changed, deleted or a bulk action's name
        model = CharField(max_length=64, index=True)  # the admin slug, e.g. "message"
        object_id = CharField(max_length=64, index=True)
        object_repr = CharField(max_length=200)
        changed_fields = TextField(default="[]")  # JSON list of field names

        class Meta:
            table_name = "admin_log_entry"

        @property
        def fields(self):
            return json.loads(self.changed_fields or "[]")

        def __str__(self):
            return f"{self.username} {self.action} {self.model} “{self.object_repr}”"

    return LogEntry


def changed_fields(before, obj):
    """Names of the fields whose stored value differs from `before` (a copy of __data__)."""
    return [
        field.name
        for field in obj._meta.sorted_fields
        if before.get(field.name) != obj.__data__.get(field.name)
    ]


def record(log_model, model_admin, action, obj, fields=()):
    """Add one history entry for `obj`, by the logged-in user."""
    user = g.get("user")
    return log_model.create(
        user=user,
        username=getattr(user, "username", "") or "",
        action=action,
        model=model_admin.slug,
        object_id=str(obj._pk),
        object_repr=str(obj)[:200],
        changed_fields=json.dumps(list(fields)),
    )
