"""Rows into model objects in one pass: the base of `db.Model`.

peewee reads a row into a model object by setting each column through the field's
attribute (marking it changed, then forgetting that), and each model joined to it the
same way. For a page of 20 messages with their users that costs about as much as running
the query on SQLite; for an export of 100,000 rows it is most of the time.

`db.Model.select()` returns a `Select` whose rows are built directly instead: a bare
object per model the row holds, its data filled from the row's columns, each joined
object linked to the one whose foreign key it answers. The objects are the same as
peewee's: the same data, related objects, nothing marked changed.

A query this does not cover falls back to peewee's own reading, unchanged: a model
with its own `__init__` or `__setattr__`, a column that is not one of the model's fields
(`fn.COUNT(...).alias("n")`), a field with its own attribute class, or a join that is
not along a foreign key (`join(..., attr="...")` on a condition).
"""

import inspect
import weakref

import peewee
from peewee import (
    FieldAccessor,
    ForeignKeyAccessor,
    ModelCursorWrapper,
    ModelObjectCursorWrapper,
    ModelSelect,
)

PLAIN_ATTRIBUTES = (FieldAccessor, ForeignKeyAccessor)


def plain_model(model):
    """Can an object of `model` be made bare (no __init__) and filled field by field?"""
    return (
        isinstance(model, type)
        and issubclass(model, peewee.Model)
        and model.__init__ is peewee.Model.__init__
        and model.__setattr__ is peewee.Model.__setattr__
    )


# {model: {name: whether plain_field}}: asked for every column of every query.
PLAIN_FIELDS = weakref.WeakKeyDictionary()


def plain_field(model, name):
    """Is `name` a field of `model` that stores what it is given, as peewee's do?"""
    known = PLAIN_FIELDS.setdefault(model, {})
    if name not in known:
        known[name] = (
            name in model._meta.fields
            and type(inspect.getattr_static(model, name, None)) in PLAIN_ATTRIBUTES
        )
    return known[name]


def bare(model):
    """An object of `model` with no data, as a row starts."""
    obj = model.__new__(model)
    obj.__data__ = {}
    obj._dirty = set()
    obj.__rel__ = {}
    return obj


class ObjectRows(ModelObjectCursorWrapper):
    """Rows of one model, no joins."""

    def initialize(self):
        super().initialize()
        self.plain = plain_model(self.constructor) and all(
            plain_field(self.constructor, name) for name in self.unique_columns
        )
        self.spec = list(enumerate(zip(self.unique_columns, self.converters, strict=True)))

    def process_row(self, row):
        if not self.plain:
            return super().process_row(row)
        obj = bare(self.constructor)
        data = obj.__data__
        for index, (name, convert) in self.spec:
            data[name] = row[index] if convert is None else convert(row[index])
        return obj


class JoinedRows(ModelCursorWrapper):
    """Rows of a model with the models it joins along foreign keys."""

    def initialize(self):
        super().initialize()
        self.models = [(key, constructor) for key, constructor, _ in self._constructor_list]
        self.plain = self.covered()
        if not self.plain:
            return
        slot = {key: number for number, (key, _) in enumerate(self.models)}
        root = 0  # the queried model comes first
        # Each column: (its index in the row, which object it fills, its field, converter).
        self.columns_spec = [
            (index, slot.get(key, root), column, convert)
            for index, key, column, convert in self._row_spec
        ]
        # Each link: (object holding the foreign key, the key's name, the related object,
        # the related model's key field, outer join?, objects whose data means it exists).
        reaches = {key: {key} for key, _ in self.models}
        for src, _, dest, *_ in reversed(self.src_to_dest):
            reaches[src] |= reaches[dest]
        self.links = [
            (
                slot[src],
                attr,
                slot[dest],
                self.models[slot[src]][1]._meta.fields[attr].rel_field.name,
                outer,
                frozenset(slot[key] for key in reaches[dest]),
            )
            for src, attr, dest, _, outer, _ in self.src_to_dest
        ]

    def covered(self):
        """Is every model, column and link of this query one `process_row` builds itself?"""
        if self.models[0][0] is not self.model:
            return False
        if not all(plain_model(constructor) for _, constructor in self.models):
            return False
        constructors = dict(self.models)
        for _, key, column, _ in self._row_spec:
            model = constructors.get(key, self.model)
            if not plain_field(model, column):
                return False
        for src, attr, dest, is_dict, _, is_fk in self.src_to_dest:
            if is_dict or not is_fk or src not in constructors or dest not in constructors:
                return False
            if not plain_field(constructors[src], attr):
                return False
            if not issubclass(constructors[dest], constructors[src]._meta.fields[attr].rel_model):
                return False
        return True

    def process_row(self, row):
        if not self.plain:
            return super().process_row(row)
        objects = [bare(constructor) for _, constructor in self.models]
        filled = set()
        for index, number, column, convert in self.columns_spec:
            value = row[index]
            if value is not None:
                filled.add(number)
            objects[number].__data__[column] = value if convert is None else convert(value)
        for src, attr, dest, key, outer, reaches in self.links:
            holder = objects[src]
            if outer and src not in filled and dest not in filled:
                continue  # neither side has a row: nothing to link
            if not filled.isdisjoint(reaches):  # the joined row is there (or beyond it)
                related = objects[dest]
                holder.__data__[attr] = related.__data__.get(key)
                holder.__rel__[attr] = related
            elif outer:  # an outer join found no row: the relation is known to be empty
                holder.__rel__[attr] = None
        return objects[0]


class Select(ModelSelect):
    """peewee's ModelSelect, reading its rows into objects with the wrappers above."""

    def _get_model_cursor_wrapper(self, cursor):
        if len(self._from_list) == 1 and not self._joins:
            return ObjectRows(cursor, self.model, self._returning, self.model)
        return JoinedRows(cursor, self.model, self._returning, self._from_list, self._joins)


class Model(peewee.Model):
    """The base of `db.Model`: its queries read rows with `Select`."""

    @classmethod
    def select(cls, *fields):
        return Select(cls, fields or cls._meta.sorted_fields, is_default=not fields)
