"""List columns: a field, a foreign-key path (`user__username`), a model method or
property, or a ModelAdmin method that takes the row."""

import datetime

from .paths import PathError, resolve, value_at


def label_for(name):
    return name.replace("__", " ").replace("_", " ").strip().capitalize()


def display(value):
    """How a cell shows a value: Yes/No, a dash for nothing, dates without microseconds."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    return str(value)


class Column:
    """One list column: `label`, `value(row)`, and the sort `path` when it can be sorted."""

    def __init__(self, name, label, getter, path=None):
        self.name = name
        self.label = label
        self.getter = getter
        self.path = path

    @property
    def sortable(self):
        return self.path is not None

    def value(self, row):
        return self.getter(row)

    def text(self, row):
        return display(self.value(row))

    def export_text(self, row):
        """The cell in a CSV export (a many-to-many column lists every row there)."""
        return self.text(row)


def build_column(model_admin, name, joins):
    """The Column for `name`; a field or path also joins what it needs (see paths.Joins)."""
    from .manytomany import ManyToManyColumn, many_to_many_fields  # it builds on Column

    model = model_admin.model
    first = name.split("__")[0]
    if name in many_to_many_fields(model):
        return ManyToManyColumn(name, many_to_many_fields(model)[name])
    if first in model._meta.fields:
        joins.follow(name)  # raises PathError for secret or unknown fields
        _, field = resolve(model, name)
        label = field.verbose_name if "__" not in name and field.verbose_name else label_for(name)
        return Column(name, label, lambda row: value_at(row, name), path=name)
    method = getattr(model_admin, name, None)
    if callable(method):
        return Column(name, getattr(method, "label", label_for(name)), method)
    if hasattr(model, name):
        attribute = getattr(model, name)
        label = getattr(attribute, "label", label_for(name))
        if callable(attribute):
            return Column(name, label, lambda row: getattr(row, name)())
        return Column(name, label, lambda row: getattr(row, name))
    raise PathError(
        f"column “{name}” is not a field, model method or {type(model_admin).__name__} method."
    )


def build_columns(model_admin, joins):
    return [build_column(model_admin, name, joins) for name in model_admin.get_columns()]
