"""A write body as flask-peewee clients send it, made ready for validation.

- A foreign key may be named by its column (`{"user_id": 3}`) as well as by its field.
- On PUT and PATCH, read-only fields and the primary key are accepted when they hold the
  stored value (a client may GET an object and PUT it back) and refused when changed.
- A relation in `include_resources` may arrive as the nested object a GET shows; with the
  relation in `nested_writes` that object is written through the related resource (see
  views.write_nested), otherwise it is accepted only unchanged.
"""

import json

from peewee import ForeignKeyField
from pydantic import ValidationError

from .errors import ApiError
from .schemas import field_adapter, json_default


def refuse(pointer, message):
    return ApiError(400, f"Invalid {pointer}: {message}", [{"pointer": pointer, "detail": message}])


def by_field_name(resource, data, at=""):
    """The body with foreign keys given by column name (`user_id`) renamed to the field."""
    columns = {
        field.column_name: name
        for name, field in resource.exposed.items()
        if field.column_name != name
    }
    renamed, sent_as = {}, {}
    for key, value in data.items():
        name = columns.get(key, key)
        if name in renamed:
            raise refuse(f"{at}/{key}", f"give {name!r} or {key!r}, not both")
        renamed[name], sent_as[name] = value, key
    return renamed, sent_as


def is_unchanged(resource, name, sent, obj):
    """Does `sent` (JSON) hold the value `obj` stores for exposed field `name`?"""
    stored = obj.__data__.get(name)
    if sent is None or stored is None:
        return sent is None and stored is None
    if name in resource.nested and isinstance(sent, dict):
        shown = resource.nested[name].serialize(getattr(obj, name))
        return sent == json.loads(json.dumps(shown, default=json_default))
    try:
        adapter = field_adapter(resource.exposed[name], nullable=False)
        value = adapter.validate_json(json.dumps(sent))
    except ValidationError:
        return False
    return value == stored


def prepare_body(resource, data, obj=None, at=""):
    """(fields to validate, {relation: nested object to write}, {field: key as sent}).

    `obj` is the stored object on PUT and PATCH (None on POST).
    """
    data, sent_as = by_field_name(resource, data, at)
    nested = {}
    for name in list(data):
        value = data[name]
        if name in resource.nested_writes and isinstance(value, dict):
            nested[name] = data.pop(name)
            continue
        # An object is a nested relation only for a foreign key: a JSON field holds objects.
        as_nested = isinstance(value, dict) and isinstance(
            resource.exposed.get(name), ForeignKeyField
        )
        read_only = name not in resource.writable or as_nested
        if obj is None or name not in resource.exposed or not read_only:
            continue
        if is_unchanged(resource, name, value, obj):
            del data[name]  # sent back as read: nothing to write
        elif name in resource.writable:
            raise refuse(f"{at}/{sent_as[name]}", "send the id; nested writes are off here")
    return data, nested, sent_as
