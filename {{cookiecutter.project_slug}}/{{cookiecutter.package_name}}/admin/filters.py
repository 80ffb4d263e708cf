"""List filters: lookups fitted to each field's type, read from the query string.

A filter lives in the URL as `<path>__<lookup>=<value>`, e.g. `content__contains=hello`,
`pub_date__between=2024-01-01,2024-01-31`, `pub_date__lastdays=7`, `user__eq=3`.
"""

import datetime
import decimal

from peewee import (
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    FloatField,
    ForeignKeyField,
    IntegerField,
)

from .columns import label_for
from .manytomany import filter_condition, many_to_many_fields
from .paths import key_value, resolve, whole_number

TEXT_LOOKUPS = {"eq": "equals", "contains": "contains", "startswith": "starts with"}
NUMBER_LOOKUPS = {"eq": "=", "lt": "<", "gt": ">", "between": "between"}
DATE_LOOKUPS = {**NUMBER_LOOKUPS, "lastdays": "in the last N days"}
CHOICE_LOOKUPS = {"eq": "is"}
TRUE_WORDS, FALSE_WORDS = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
MAX_DAYS = 36500


class FilterError(ValueError):
    """A filter value that does not fit its field; the message says what was expected."""


def kind_of(field):
    if isinstance(field, ForeignKeyField):
        return "fk"
    if isinstance(field, BooleanField):
        return "bool"
    if isinstance(field, DateTimeField):
        return "datetime"
    if isinstance(field, DateField):
        return "date"
    if isinstance(field, (IntegerField, FloatField, DecimalField)):
        return "number"
    return "text"


LOOKUPS = {
    "fk": CHOICE_LOOKUPS,
    "m2m": CHOICE_LOOKUPS,
    "bool": CHOICE_LOOKUPS,
    "datetime": DATE_LOOKUPS,
    "date": DATE_LOOKUPS,
    "number": NUMBER_LOOKUPS,
    "text": TEXT_LOOKUPS,
}


class FieldFilter:
    """The filter for one entry of `filter_fields`: its lookups, and how to apply them."""

    def __init__(self, model_admin, path):
        self.model_admin = model_admin
        self.path = path
        many = many_to_many_fields(model_admin.model)
        if path in many:
            self.field, self.kind = many[path], "m2m"
        else:
            _, self.field = resolve(model_admin.model, path)
            self.kind = kind_of(self.field)
        self.lookups = LOOKUPS[self.kind]
        self.label = label_for(path)

    def choices(self):
        """(value, label) pairs for booleans and small related tables; None means free input."""
        if self.kind == "bool":
            return [("1", "Yes"), ("0", "No")]
        if self.kind in ("fk", "m2m") and not self.model_admin.uses_lookup(self.field):
            # The rows the related model's admin shows, not every row of the table.
            query = self.model_admin.related_query(self.field)
            related = self.field.rel_model
            return [(str(obj._pk), str(obj)) for obj in query.order_by(related._meta.primary_key)]
        return None

    def input_type(self):
        return {"date": "date", "datetime": "date", "number": "number"}.get(self.kind, "text")

    # -- parsing ---------------------------------------------------------------

    def parse_one(self, raw):
        raw = raw.strip()
        try:
            if self.kind in ("date", "datetime"):
                return datetime.date.fromisoformat(raw)
            if self.kind == "bool":
                if raw.lower() in TRUE_WORDS + FALSE_WORDS:
                    return raw.lower() in TRUE_WORDS
                raise ValueError
            if self.kind == "number":
                if isinstance(self.field, IntegerField):
                    return whole_number(raw)
                if isinstance(self.field, DecimalField):
                    return decimal.Decimal(raw)
                return float(raw)
            if self.kind == "fk":
                return key_value(self.field, raw)
            if self.kind == "m2m":
                return key_value(self.field.rel_model._meta.primary_key, raw)
        except (ValueError, TypeError, decimal.InvalidOperation):
            expected = {"date": "a date (YYYY-MM-DD)", "datetime": "a date (YYYY-MM-DD)"}
            expected.update({"bool": "yes or no", "number": "a number", "fk": "an id"})
            expected["m2m"] = "an id"
            raise FilterError(f"{self.label}: “{raw}” is not {expected[self.kind]}.") from None
        return raw

    def parse(self, lookup, raw):
        """The Python value(s) for `raw`, or FilterError."""
        if lookup == "between":
            parts = raw.split(",")
            if len(parts) != 2:
                raise FilterError(f"{self.label}: between needs two values, like 1,5.")
            return tuple(self.parse_one(part) for part in parts)
        if lookup == "lastdays":
            if not raw.strip().isdigit() or not 0 < int(raw) <= MAX_DAYS:
                raise FilterError(f"{self.label}: “{raw}” is not a number of days.")
            return int(raw)
        return self.parse_one(raw)

    # -- the SQL ---------------------------------------------------------------

    def day_bounds(self, day):
        """A date's [start, end) on this field: whole days for datetime fields."""
        if self.kind == "datetime":
            start = datetime.datetime.combine(day, datetime.time())
            return start, start + datetime.timedelta(days=1)
        return day, day + datetime.timedelta(days=1)

    def expression(self, column, lookup, value):
        if self.kind == "m2m":  # no column: rows linked to the chosen row
            return filter_condition(self.model_admin.model, self.field, value)
        if lookup == "lastdays":
            since = datetime.date.today() - datetime.timedelta(days=value)
            return column >= self.day_bounds(since)[0]
        if self.kind in ("date", "datetime"):
            if lookup == "between":
                return (column >= self.day_bounds(value[0])[0]) & (
                    column < self.day_bounds(value[1])[1]
                )
            start, end = self.day_bounds(value)
            return {
                "eq": (column >= start) & (column < end),
                "lt": column < start,
                "gt": column >= end,
            }[lookup]
        if lookup == "contains":
            return column.contains(value)
        if lookup == "startswith":
            return column.startswith(value)
        if lookup == "between":
            return column.between(*value)
        return {"eq": column == value, "lt": column < value, "gt": column > value}[lookup]


class ActiveFilter:
    """A filter in use: its query-string `param`, raw `value`, and a readable `text`."""

    def __init__(self, field_filter, lookup, raw, value):
        self.field_filter = field_filter
        self.lookup = lookup
        self.param = f"{field_filter.path}__{lookup}"
        self.raw = raw
        self.value = value

    @property
    def text(self):
        shown = self.raw.replace(",", " and ") if self.lookup == "between" else self.raw
        choices = dict(self.field_filter.choices() or ())
        shown = choices.get(self.raw, shown)
        verb = self.field_filter.lookups[self.lookup]
        if self.lookup == "lastdays":
            return f"{self.field_filter.label} in the last {self.raw} days"
        return f"{self.field_filter.label} {verb} {shown}"


def parse_filters(model_admin, args, reserved, notices):
    """The active filters in `args`; unknown or invalid ones become `notices` and are ignored."""
    available = model_admin.get_filters()
    active = []
    for param, raw in args.items():
        if param in reserved or raw == "":
            continue
        path, _, lookup = param.rpartition("__")
        field_filter = available.get(path)
        if field_filter is None or lookup not in field_filter.lookups:
            notices.append(f"Ignored unknown filter “{param}”.")
            continue
        try:
            value = field_filter.parse(lookup, raw)
        except FilterError as error:
            notices.append(f"Ignored filter: {error}")
            continue
        active.append(ActiveFilter(field_filter, lookup, raw, value))
    return active
