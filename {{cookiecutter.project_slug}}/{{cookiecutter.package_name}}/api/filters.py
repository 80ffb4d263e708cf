"""The list's query string: filters (`field=value`, `field__op=value`), `ordering` and `fields`.

As in flask-peewee: a repeated parameter matches any of its values (`?user=1&user=2` is
user 1 OR user 2), a leading `-` negates a filter (`?-user__username=admin`), and
different parameters must all match (AND).

Only exposed fields can be named (and only `filter_fields`, when a resource sets them), so
a hidden field cannot be probed through a filter. A bad name or value is a 400 that says
which parameter is wrong.
"""

import functools
import operator

from peewee import CharField, DateField, DateTimeField, TextField, fn
from pydantic import TypeAdapter, ValidationError

from .errors import ApiError
from .schemas import field_adapter, storable_text

# Query parameters that are not filters.
RESERVED = {"page", "limit", "cursor", "ordering", "fields"}

OPERATORS = {
    "eq": lambda field, value: field == value,
    "ne": lambda field, value: field != value,
    "lt": lambda field, value: field < value,
    "lte": lambda field, value: field <= value,
    "gt": lambda field, value: field > value,
    "gte": lambda field, value: field >= value,
    "in": lambda field, values: field.in_(values),
    "not_in": lambda field, values: field.not_in(values),
    "between": lambda field, bounds: field.between(*bounds),
    "isnull": lambda field, value: field.is_null(value),
    "is": lambda field, value: field.is_null(True),  # `is=null`, flask-peewee's spelling
    # LIKE ignores case in SQLite, so the case-sensitive forms compare exactly as well.
    "contains": lambda field, value: (
        field.contains(value) & (fn.REPLACE(field, value, "") != field)
    ),
    "icontains": lambda field, value: field.contains(value),
    "startswith": lambda field, value: (
        field.startswith(value) & (fn.SUBSTR(field, 1, len(value)) == value)
    ),
    "istartswith": lambda field, value: field.startswith(value),
}
TEXT_OPERATORS = {"contains", "icontains", "startswith", "istartswith"}
LIST_OPERATORS = {"in", "not_in"}
#: the most values one filter takes, in a comma list and repeated parameters together
MAX_IN_VALUES = 100
BOOLEAN = TypeAdapter(bool)
NULL_WORDS = ("null", "none")


def bad_parameter(name, message):
    return ApiError(
        400, f"Query parameter {name!r}: {message}", [{"parameter": name, "detail": message}]
    )


def operators_for(field):
    """The operators a field accepts: text matching only on text fields."""
    text = isinstance(field, CharField | TextField)
    return [op for op in OPERATORS if text or op not in TEXT_OPERATORS]


def filter_targets(resource):
    """Every filterable name -> (resource, field name): own fields, then one hop across
    foreign keys (`user__username`) through the related resource's own allowlist."""
    targets = {name: (resource, name, None) for name in resource.filterable}
    for name in resource.filterable:
        related = resource.related_resource(name)
        if related is not None:
            for other in related.filterable:
                targets[f"{name}__{other}"] = (related, other, name)
    return targets


def split_operator(key):
    """`-user__username__in` -> ("user__username", "in", negated=True)."""
    negated = key.startswith("-")
    name, _, op = key.removeprefix("-").rpartition("__")
    if name and op in OPERATORS:
        return name, op, negated
    return key.removeprefix("-"), "eq", negated


def looks_like_a_number(raw):
    try:
        float(raw)
    except ValueError:
        return False
    return True


def parse_value(parameter, field, op, raw):
    """The Python value for `raw`, validated by the field's own type."""
    try:
        if op == "isnull":
            return BOOLEAN.validate_strings(raw)
        if op == "is":
            if raw.strip().lower() not in NULL_WORDS:
                raise ValueError("only `null` is supported (use isnull for booleans)")
            return None
        if op in TEXT_OPERATORS:
            return storable_text(raw)
        adapter = field_adapter(field, nullable=False)
        if isinstance(field, DateField | DateTimeField) and looks_like_a_number(raw):
            # pydantic would read a bare number as a Unix timestamp; the document says ISO 8601.
            raise ValueError("expected an ISO 8601 date or date-time, not a number")
        if op in LIST_OPERATORS or op == "between":
            values = raw.split(",")
            if op == "between" and len(values) != 2:
                raise ValueError("needs two values, low and high: 1,5")
            if len(values) > MAX_IN_VALUES:
                raise ValueError(f"at most {MAX_IN_VALUES} values")
            return [adapter.validate_strings(value) for value in values]
        return adapter.validate_strings(raw)
    except ValidationError as exc:
        raise bad_parameter(parameter, exc.errors()[0]["msg"]) from None
    except ValueError as exc:
        raise bad_parameter(parameter, str(exc)) from None


def filter_query(resource, query, args, joined):
    """Apply every filter in `args` to `query`; `joined` holds the relations already joined."""
    targets = None
    for key in args:
        if key in RESERVED:
            continue
        targets = targets or filter_targets(resource)
        name, op, negated = split_operator(key)
        if name not in targets:
            raise bad_parameter(key, "not a field you can filter on")
        owner, field_name, via = targets[name]
        field = owner.model._meta.fields[field_name]
        if op not in operators_for(field):
            raise bad_parameter(key, f"the {op!r} operator does not apply to this field")
        raws = args.getlist(key)
        if len(raws) > MAX_IN_VALUES:
            raise bad_parameter(key, f"at most {MAX_IN_VALUES} values")
        if via is not None and via not in joined:
            fk = resource.exposed[via]
            joined[via] = fk.rel_model.alias()
            on = getattr(resource.model, via) == getattr(joined[via], fk.rel_field.name)
            query = query.join_from(resource.model, joined[via], on=on)
        column = getattr(joined[via], field_name) if via else getattr(resource.model, field_name)
        # A repeated parameter matches any of its values; `-` negates the whole filter.
        matches = [OPERATORS[op](column, parse_value(key, field, op, raw)) for raw in raws]
        condition = functools.reduce(operator.or_, matches)
        query = query.where(~condition if negated else condition)
    return query


def parse_ordering(resource, raw):
    """`-pub_date,id` -> [(field, descending)], always ending with the primary key."""
    names = [part.strip() for part in raw.split(",") if part.strip()] if raw else []
    if raw is not None and not names:
        raise bad_parameter("ordering", "name at least one field (or leave ordering out)")
    names = names or list(resource.ordering)
    keys, seen = [], set()
    for name in names:
        descending = name.startswith("-")
        field = resource.exposed.get(name.lstrip("-"))
        if field is None:
            raise bad_parameter("ordering", f"cannot order by {name.lstrip('-')!r}")
        if field.name not in seen:  # by name: `field in list` would build SQL, not compare
            keys.append((field, descending))
            seen.add(field.name)
    if resource.pk.name not in seen:
        # A stable order, page after page; going the same way as the last key lets an
        # index on that column serve the whole ORDER BY (no sort of the ties).
        keys.append((resource.pk, keys[-1][1] if keys else False))
    return keys


def parse_fields(resource, raw):
    """`fields=id,content`: the exposed fields to return (None: all of them)."""
    if raw is None:
        return None
    names = {name.strip() for name in raw.split(",") if name.strip()}
    if not names:
        raise bad_parameter("fields", "name at least one field (or leave fields out)")
    unknown = sorted(names - set(resource.exposed))
    if unknown:
        raise bad_parameter("fields", f"no field {unknown[0]!r}")
    return names
