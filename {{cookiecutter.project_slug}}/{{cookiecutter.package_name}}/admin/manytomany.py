"""Many-to-many fields (peewee's ManyToManyField, with its through model) in the admin:
the dual list in forms, a "first few, then +N" list column, a filter, and export.

A page of rows costs one extra query per many-to-many column, whatever its length:
`ManyToManyColumn.prefetch()` reads the through table for all the page's rows at once.
"""

from peewee import ForeignKeyField
from wtforms.validators import Optional

from .columns import Column, label_for
from .widgets import ManyRowsField


def many_to_many_fields(model):
    """{name: ManyToManyField} of `model`, in declaration order."""
    return dict(model._meta.manytomany)


def through_keys(field):
    """The through model's two foreign keys: (to this model, to the related model)."""
    through = field.through_model
    model, related = field.model, field.rel_model
    keys = [f for f in through._meta.sorted_fields if isinstance(f, ForeignKeyField)]
    to_model = next(f for f in keys if f.rel_model is model)
    to_related = next(f for f in keys if f.rel_model is related and f is not to_model)
    return to_model, to_related


def add_form_fields(model_admin, form_class, names):
    """`form_class` with a dual-list field for each many-to-many field in `names`."""
    fields = many_to_many_fields(model_admin.model)
    extra = {
        name: ManyRowsField(
            label_for(name),
            validators=[Optional()],
            query=model_admin.related_query(fields[name]).order_by(
                fields[name].rel_model._meta.primary_key
            ),
        )
        for name in names
        if name in fields
    }
    if not extra:
        return form_class
    return type(form_class.__name__, (form_class,), extra)


def save_many_to_many(obj, form):
    """Set each many-to-many field of `obj` to the form's choice; the changed names.
    Runs after `obj` is saved (it needs the id), inside the same transaction."""
    changed = []
    for name in many_to_many_fields(type(obj)):
        if name not in form._fields:
            continue
        accessor = getattr(obj, name)
        current = {row._pk for row in accessor}
        wanted = {row._pk: row for row in form[name].data}
        if set(wanted) == current:
            continue
        if current - set(wanted):
            accessor.remove(list(current - set(wanted)))
        if set(wanted) - current:
            accessor.add([wanted[pk] for pk in wanted if pk not in current])
        changed.append(name)
    return changed


class ManyToManyColumn(Column):
    """A list column for a many-to-many field: the first few labels, then "+N"."""

    shown = 3

    def __init__(self, name, field):
        super().__init__(name, label_for(name), self.labels)
        self.field = field
        self.cache = {}

    def prefetch(self, rows):
        """Read the labels for all `rows` in one query."""
        to_model, to_related = through_keys(self.field)
        ids = [row._pk for row in rows]
        for row_id in ids:
            self.cache.setdefault(row_id, [])
        if not ids:
            return
        related = self.field.rel_model
        query = (
            self.field.through_model.select(to_model, related)
            .join(related, on=(to_related == related._meta.primary_key), attr="linked")
            .where(to_model.in_(ids))
            .order_by(related._meta.primary_key)
        )
        for link in query:
            self.cache[getattr(link, to_model.column_name)].append(str(link.linked))

    def labels(self, row):
        if row._pk not in self.cache:
            self.prefetch([row])
        return self.cache[row._pk]

    def text(self, row):
        labels = self.labels(row)
        more = len(labels) - self.shown
        return ", ".join(labels[: self.shown]) + (f" +{more}" if more > 0 else "") or "—"

    def export_text(self, row):
        return "; ".join(self.labels(row))


def filter_condition(model, field, related_id):
    """Rows of `model` linked to the related row `related_id` through `field`."""
    to_model, to_related = through_keys(field)
    linked = field.through_model.select(to_model).where(to_related == related_id)
    return model._meta.primary_key.in_(linked)
