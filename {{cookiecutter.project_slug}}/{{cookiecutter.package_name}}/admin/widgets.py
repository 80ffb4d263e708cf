"""Reusable form controls: the dual list for picking many rows (many-to-many fields,
a user's groups, a group's members).

    tags = ManyRowsField("Tags", query=Tag.select().order_by(Tag.name))
    members = SelectMultipleField("Members", choices=..., widget=DualListWidget("member"))

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
    """Renders any multiple-choice field (ManyRowsField, wtforms' SelectMultipleField) as
    a `<select multiple>` marked for duallist.js; `noun` names the rows ("tag")."""

    def __init__(self, noun=None, size=8):
        self.noun = noun
        self.size = size

    def __call__(self, field, **attributes):
        attributes.setdefault("id", field.id)
        attributes.setdefault("size", self.size)
        attributes["data-dual-list"] = self.noun or getattr(field, "noun", "row")
        options = Markup("").join(
            Markup('<option value="{}"{}>{}</option>').format(
                value, Markup(" selected") if selected else "", label
            )
            for value, label, selected, *_ in field.iter_choices()
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

    def iter_choices(self):
        """(value, label, selected, render_kw) per row of the query, as wtforms has it."""
        chosen = {row._pk for row in self.data or ()}
        for row in self.query:
            yield row._pk, str(row), row._pk in chosen, {}

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
