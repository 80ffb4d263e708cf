"""Reusable form controls: the dual list for picking many rows (many-to-many fields,
a user's groups and permissions).

    tags = ManyRowsField("Tags", query=Tag.select().order_by(Tag.name))

Without JavaScript it is a labelled `<select multiple>`; duallist.js turns it into two
lists, "Available" and "Chosen", with a filter box and buttons, all keyboard operable.
The posted value is the chosen rows' ids; an id that is not a row of the query is a
form error, so nothing is written.
"""

from markupsafe import Markup
from wtforms import Field
from wtforms.validators import StopValidation

from .paths import key_value


class DualListWidget:
    """Renders a ManyRowsField as a `<select multiple>` marked for duallist.js."""

    def __init__(self, size=8):
        self.size = size

    def __call__(self, field, **attributes):
        attributes.setdefault("id", field.id)
        attributes.setdefault("size", self.size)
        attributes["data-dual-list"] = field.noun
        chosen = {str(row._pk) for row in field.data or ()}
        options = Markup("").join(
            Markup('<option value="{}"{}>{}</option>').format(
                row._pk, Markup(" selected") if str(row._pk) in chosen else "", str(row)
            )
            for row in field.choices()
        )
        params = Markup(" ").join(
            Markup('{}="{}"').format(name, value)
            for name, value in attributes.items()
            if value is not False
        )
        return Markup('<select multiple name="{}" {}>{}</select>').format(
            field.name, params, options
        )


class ManyRowsField(Field):
    """Several rows of `query` picked at once; `data` is the list of chosen rows."""

    widget = DualListWidget()

    def __init__(self, label=None, validators=None, query=None, noun=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.query = query
        self.noun = noun or query.model.__name__.lower()
        self.unknown = []

    def choices(self):
        return list(self.query)

    def process_data(self, value):
        self.data = list(value) if value is not None else []

    def process_formdata(self, valuelist):
        pk = self.query.model._meta.primary_key
        values, self.unknown = [], []
        for raw in valuelist:
            try:
                values.append(key_value(pk, raw))
            except (TypeError, ValueError):
                self.unknown.append(raw)
        found = {row._pk: row for row in self.query.where(pk.in_(values))} if values else {}
        self.unknown += [str(value) for value in values if value not in found]
        self.data = [found[value] for value in dict.fromkeys(values) if value in found]

    def pre_validate(self, form):
        if self.unknown:
            ids = ", ".join(f"“{raw}”" for raw in self.unknown[:5])
            raise StopValidation(f"No {self.noun} with id {ids}.")
