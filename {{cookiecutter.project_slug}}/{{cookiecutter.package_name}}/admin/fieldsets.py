"""The add/edit form's layout: fieldsets of form fields and read-only values.

`ModelAdmin.fieldsets` groups fields under titles, as in Django; `readonly_fields` are
shown in place as text and are never part of the form, so no POST can write them.
"""

from .columns import build_column, display
from .paths import Joins


class ReadonlyValue:
    """A read-only field as the form shows it: its label and its value as text."""

    readonly = True

    def __init__(self, model_admin, name, obj):
        column = build_column(model_admin, name, Joins(model_admin.model))
        self.name = name
        self.id = f"readonly-{name}"
        self.label = column.label
        self.text = column.text(obj) if obj is not None else display(None)


class Fieldset:
    """One group of the form: an optional `title` and `description`, and its `items`
    (form fields, or ReadonlyValue for read-only ones)."""

    def __init__(self, title, items, description=""):
        self.title = title
        self.items = items
        self.description = description


def layout(model_admin, form, obj=None):
    """The fieldsets of `form` for `obj` (None when adding).

    Form fields that no fieldset names (ones get_form() adds, say) come last, in a
    group of their own, so a field is never dropped without a trace.
    """
    groups = model_admin.fieldsets or [(None, {"fields": default_order(model_admin, form)})]
    placed, fieldsets = {"csrf_token"}, []
    for title, options in groups:
        items = []
        for name in options["fields"]:
            if name in model_admin.readonly_fields:
                items.append(ReadonlyValue(model_admin, name, obj))
            elif name in form._fields:
                items.append(form[name])
            placed.add(name)
        fieldsets.append(Fieldset(title, items, options.get("description", "")))
    rest = [field for name, field in form._fields.items() if name not in placed]
    if rest:
        fieldsets.append(Fieldset(None, rest))
    return fieldsets


def default_order(model_admin, form):
    """Form fields in the form's order, with read-only fields at their model position."""
    names = list(model_admin.fields or model_admin.model._meta.fields)
    names += [name for name in model_admin.readonly_fields if name not in names]
    return [name for name in names if name in form._fields or name in model_admin.readonly_fields]
