"""Pydantic types from the model: they validate request bodies and filter values, and the
OpenAPI document is generated from them, so each rule is written once.

`playhouse.pydantic_utils.to_pydantic` gives the types, required fields, defaults and
choices; this module adds what it leaves out: `max_length`, integer sizes, decimal digits,
text a database can store, and foreign keys named by field (`user`), not column (`user_id`).
"""

import base64
import datetime
import decimal
import uuid
from typing import Annotated, Optional

from peewee import (
    AutoField,
    BigAutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    DecimalField,
    DoubleField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    SmallIntegerField,
    TextField,
)
from playhouse.pydantic_utils import choices_to_literal, get_field_type, to_pydantic
from pydantic import AfterValidator, ConfigDict, Field, TypeAdapter, create_model

from ..integer_range import integer_range


def storable_text(value):
    """Refuse text no database stores as sent (PostgreSQL rejects NUL characters)."""
    if "\x00" in value:
        raise ValueError("Text may not contain NUL characters")
    return value


def field_limits(field):
    """The database's limits for one field, as pydantic constraints."""
    target = field.rel_field if isinstance(field, ForeignKeyField) else field
    python_type = get_field_type(field)
    if python_type is int:
        lowest, highest = integer_range(field)
        return {"ge": lowest, "le": highest}
    if isinstance(target, CharField) and target.max_length:
        return {"max_length": target.max_length}
    if isinstance(target, DecimalField):
        return {"max_digits": target.max_digits, "decimal_places": target.decimal_places}
    return {}


def local_naive(value):
    """Datetimes with an offset are stored as local time, like `datetime.now` defaults."""
    return value.astimezone().replace(tzinfo=None) if value.tzinfo else value


CHECKS = {str: AfterValidator(storable_text), datetime.datetime: AfterValidator(local_naive)}


def field_type(field, nullable=True):
    """The pydantic type of one field's value, choices and nulls included."""
    python_type = get_field_type(field)
    if field.choices and getattr(field, "enum_class", None) is None:
        python_type = choices_to_literal(field.choices)
    else:
        python_type = Annotated[python_type, Field(**field_limits(field))]
        if get_field_type(field) in CHECKS:
            python_type = Annotated[python_type, CHECKS[get_field_type(field)]]
    return Optional[python_type] if field.null and nullable else python_type  # noqa: UP045


def field_adapter(field, nullable=True):
    """Validates one field's value: query-string filters use `validate_strings`.

    Built once per field and kept on it: building one takes longer than a whole request.
    """
    adapters = vars(field).setdefault("_pydantic_adapters", {})
    if nullable not in adapters:
        adapters[nullable] = TypeAdapter(field_type(field, nullable))
    return adapters[nullable]


BODY_CONFIG = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


def body_model(model, fields, partial, name):
    """The request-body model for writing `fields` of `model`.

    `partial` makes every field optional (PUT and PATCH send only what changes); a field
    left out is not written, and an explicit null is still refused for a non-null field.
    """
    base = to_pydantic(model, include={f.name for f in fields}, exclude_autofield=False)
    columns = {}
    for field in fields:
        # to_pydantic names a foreign key by its column (`user_id`); the API by its field.
        key = field.column_name if isinstance(field, ForeignKeyField) else field.name
        info = base.model_fields[key]
        options = {"title": info.title, "description": info.description}
        if partial:
            options["default"] = None
        elif info.default_factory is not None:
            options["default_factory"] = info.default_factory
        elif not info.is_required():
            options["default"] = info.default
        columns[field.name] = (field_type(field), Field(**options))
    return create_model(name, __config__=BODY_CONFIG, **columns)


#: Field types whose stored values the API shows as they are (see output_value).
AS_STORED = (
    AutoField,
    BigAutoField,
    IntegerField,
    BigIntegerField,
    SmallIntegerField,
    CharField,
    TextField,
    BooleanField,
    FloatField,
    DoubleField,
)


def shown_as_stored(field):
    """True when output_value never changes this field's values (no dates, no decimals)."""
    target = field.rel_field if isinstance(field, ForeignKeyField) else field
    return type(target) in AS_STORED


def output_value(field, value):
    """A stored value as the API shows it: datetimes with their UTC offset (RFC 3339;
    stored ones are local time), decimals with the field's places (SQLite drops trailing
    zeros), everything else as stored."""
    if isinstance(value, datetime.datetime) and value.tzinfo is None:
        return value.astimezone()
    places = getattr(field, "decimal_places", None)
    if isinstance(value, decimal.Decimal) and places is not None:
        return value.quantize(decimal.Decimal(1).scaleb(-places))
    return value


def json_default(value):
    """How values JSON does not know are written: dates as ISO 8601, decimals exactly."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
