"""Sample values for the written tests: one set to add a row, another to change it to,
and the code that makes the related rows a new row points at."""

import datetime
import decimal

from peewee import (
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    JSONField,
    TextField,
    TimeField,
)

from .source import literal


def sample(kind, name, number, max_length=255, max_digits=10, decimal_places=2):
    """A value of `kind` that differs for each `number` (1 to add, 2 to change)."""
    if kind in ("str", "text"):
        text = f"{name} {number}"
        return text if len(text) <= max_length else str(number)[:max_length]
    if kind == "int":
        return 7 * number
    if kind == "bigint":
        return 2**40 + number
    if kind == "float":
        return number + 0.5
    if kind == "decimal":
        if decimal_places == 0:
            return decimal.Decimal(number)
        if max_digits - decimal_places >= 1:
            return decimal.Decimal(f"{number}.5")
        return decimal.Decimal(f"0.{number}")
    if kind == "bool":
        return number == 1
    if kind == "date":
        return datetime.date(2024, 5, number)
    if kind == "datetime":
        return datetime.datetime(2024, 5, number, 10, 30)
    if kind == "time":
        return datetime.time(9 + number, 30)
    if kind == "json":
        return {"n": number}
    raise ValueError(kind)


def spec_sample(spec, number):
    return sample(
        spec.kind, spec.name, number, spec.max_length, spec.max_digits, spec.decimal_places
    )


# peewee field classes as scaffold types, most specific first.
KINDS = (
    (BigIntegerField, "bigint"),
    (IntegerField, "int"),
    (FloatField, "float"),
    (DecimalField, "decimal"),
    (BooleanField, "bool"),
    (DateTimeField, "datetime"),
    (DateField, "date"),
    (TimeField, "time"),
    (JSONField, "json"),
    (CharField, "str"),
    (TextField, "text"),
)


class RowMaker:
    """Source that creates a row of an existing model, filling its required fields."""

    def __init__(self, user_model):
        self.user_model = user_model
        self.models = set()
        self.counter = 0

    def code(self, model, depth=0):
        self.counter += 1
        if model is self.user_model:
            return f'make_user("{model.__name__.lower()}{self.counter}")'
        self.models.add(model.__name__)
        args = []
        for field in model._meta.sorted_fields:
            if field.primary_key or field.null or field.default is not None:
                continue
            if isinstance(field, ForeignKeyField):
                if depth < 3:
                    args.append(f"{field.name}={self.code(field.rel_model, depth + 1)}")
                continue
            kind = next((kind for cls, kind in KINDS if isinstance(field, cls)), None)
            if kind is not None:
                value = sample(kind, field.name, self.counter, getattr(field, "max_length", 255))
                args.append(f"{field.name}={literal(value)}")
        return f"{model.__name__}.create({', '.join(args)})"
