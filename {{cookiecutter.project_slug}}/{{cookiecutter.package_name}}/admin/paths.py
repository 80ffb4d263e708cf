"""Field paths such as `user__username`: resolve them, and join each related table once.

Columns, sorting, search, filters and export all go through `Joins`, so a list page
fetches related rows in the same query instead of one query per row.
"""

import functools

from peewee import JOIN, ForeignKeyField, IntegerField

from ..integer_range import checked_integer
from .sensitive import is_sensitive, visible_fields


class PathError(ValueError):
    """A path that is not an allowed field of the model; the message says why."""


def resolve(model, path):
    """The foreign keys to follow and the final field for `path` (`user__username`)."""
    names = path.split("__")
    foreign_keys, current, field = [], model, None
    for position, name in enumerate(names):
        field = current._meta.fields.get(name)
        if field is None:
            raise PathError(f"“{path}” is not a field of {model.__name__}.")
        if is_sensitive(field):
            raise PathError(f"“{path}” is a secret field; the admin never shows it.")
        if position < len(names) - 1:
            if not isinstance(field, ForeignKeyField):
                raise PathError(f"“{path}”: {name} is not a foreign key.")
            foreign_keys.append(field)
            current = field.rel_model
    return tuple(foreign_keys), field


@functools.cache
def table_alias(model, name):
    """The alias `name` of `model`, one for every request: an alias builds a class for
    each column read through it the first time, and keeps it."""
    return model.alias(name)


class Joins:
    """LEFT OUTER joins from `model` along foreign-key chains, each chain joined once."""

    def __init__(self, model):
        self.model = model
        self.joined = {}  # ("user",) -> (source model, foreign key, aliased related model)

    def target(self, foreign_keys):
        """The (aliased) model at the end of a chain of foreign keys, joining it if needed."""
        source, key = self.model, ()
        for foreign_key in foreign_keys:
            key += (foreign_key.name,)
            if key not in self.joined:
                alias = table_alias(foreign_key.rel_model, f"j_{'_'.join(key)}")
                self.joined[key] = (source, foreign_key, alias)
            source = self.joined[key][2]
        return source

    def field(self, path):
        """The column expression for `path`, on the joined table it lives in."""
        foreign_keys, field = resolve(self.model, path)
        return getattr(self.target(foreign_keys), field.name)

    def follow(self, path):
        """Join the related row a foreign-key column displays, so it costs no extra query."""
        foreign_keys, field = resolve(self.model, path)
        if isinstance(field, ForeignKeyField):
            foreign_keys += (field,)
        self.target(foreign_keys)

    def apply(self, query):
        """Add the joins and select the related rows' visible columns."""
        for source, foreign_key, alias in self.joined.values():
            on = getattr(source, foreign_key.name) == getattr(alias, foreign_key.rel_field.name)
            query = query.join_from(source, alias, JOIN.LEFT_OUTER, on=on, attr=foreign_key.name)
            query = query.select_extend(
                *(getattr(alias, field.name) for field in visible_fields(foreign_key.rel_model))
            )
        return query


def with_related_rows(query):
    """`query` with the rows its model's foreign keys point to, read in the same query
    (LEFT OUTER joins through aliases, so a query joining those tables itself stays
    unambiguous). A grouped or distinct query is left as it is."""
    if query._group_by or query._distinct:
        return query
    model = query.model
    for field in model._meta.sorted_fields:
        if isinstance(field, ForeignKeyField):
            alias = table_alias(field.rel_model, f"r_{field.name}")
            on = field == getattr(alias, field.rel_field.name)
            query = query.join_from(model, alias, JOIN.LEFT_OUTER, on=on, attr=field.name)
            columns = field.rel_model._meta.sorted_field_names
            query = query.select_extend(*(getattr(alias, name) for name in columns))
    return query


def value_at(row, path):
    """Follow `path` from `row` (`row.user.username`); None if a link is empty."""
    value = row
    for name in path.split("__"):
        if value is None:
            return None
        value = getattr(value, name)
    return value


def key_value(field, raw):
    """`raw` (from a URL or form) as a value of key `field`; ValueError if it cannot be.

    Peewee passes "abc" through for an integer field, which PostgreSQL would then refuse.
    """
    if isinstance(field, ForeignKeyField):
        field = field.rel_field
    if isinstance(field, IntegerField):
        return checked_integer(field, raw)  # too big for the column: bad input, not a 500
    return field.python_value(raw)
