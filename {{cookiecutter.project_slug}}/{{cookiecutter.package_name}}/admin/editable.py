"""Editing in the list: `list_editable = ("content",)` turns those columns into inputs,
saved for the whole page with one button.

Each row posts `row-<pk>-<field>` and `row-<pk>-id`. Only the listed fields of rows the
admin's query returns can be changed: any other name or id is refused with a message,
and nothing is written. All rows are saved in one transaction, with a history entry per
changed row.
"""

import re

from markupsafe import Markup, escape

from .forms import row_form_class
from .history import CHANGED, changed_fields, record
from .paths import key_value
from .results import field_errors

POSTED = re.compile(r"row-(?P<pk>[^-]+)-(?P<name>.+)")


class ListEditError(ValueError):
    """A list post that names a field or row the list does not offer; nothing is saved."""


class ListEditor:
    """The editable cells of one list page: a small form per posted row."""

    def __init__(self, model_admin):
        self.model_admin = model_admin
        self.model = model_admin.model
        self.names = list(model_admin.list_editable)
        self.form_class = row_form_class(model_admin, model_admin, self.model, self.names)
        self.forms = {}  # pk -> form, for the rows posted (see read)
        self.blank = None  # one form whose fields show each unposted row in turn

    def field_for(self, row, name):
        """`row`'s field `name`: the posted one after a failed save (it holds what was
        sent and its errors), else a field showing the row's value."""
        if row._pk in self.forms:
            return self.forms[row._pk][name]
        return self.showing(row, name)

    def showing(self, row, name):
        """A field named for `row` (`row-<pk>-<name>`) holding its value, to render at
        once: one form's field, renamed and refilled per row, since building a form per
        row cost more than everything else in the row."""
        if self.blank is None:
            self.blank = self.form_class()
        field = self.blank[name]
        field.name = field.id = f"row-{row._pk}-{name}"
        field.process(None, getattr(row, name))
        return field

    def render(self, field):
        """A cell's control; with errors, it points at them."""
        attrs = {"rows": 2} if field.type == "TextAreaField" else {}
        if field.errors:
            attrs.update({"aria-describedby": f"{field.id}-errors", "aria-invalid": "true"})
        return field(**attrs)

    def cell(self, row, column, noun):
        """The `<td>` of `row`'s editable `column` (see results.py): its labelled control,
        the row's id beside the first one, and the errors of a failed save."""
        field = self.field_for(row, column.name)
        pk, field_id = escape(row._pk), escape(field.id)
        html = [f'<td class="editable{" has-error" if field.errors else ""}">']
        if column.name == self.names[0]:
            html.append(f'<input type="hidden" name="row-{pk}-id" value="{pk}">')
        html.append(
            f'<label for="{field_id}" class="visually-hidden">'
            f"{escape(column.label)} of {escape(noun)} {pk}</label>{self.render(field)}"
        )
        html.append(field_errors(field))
        return Markup("".join(html) + "</td>")  # noqa: S704 (every value is escaped above)

    def read(self, formdata):
        """The posted rows as {row: form}; ListEditError for a field or row not offered."""
        pk = self.model._meta.primary_key
        posted = set()
        for key in formdata:
            match = POSTED.fullmatch(key)
            if match is None:
                continue
            if match["name"] != "id" and match["name"] not in self.names:
                raise ListEditError(f"“{match['name']}” cannot be edited in this list.")
            posted.add(match["pk"])
        values = []
        for raw in posted:
            try:
                values.append(key_value(pk, raw))
            except (TypeError, ValueError):
                raise ListEditError(f"There is no row “{raw}” in this list.") from None
        rows = list(self.model_admin.get_query().where(pk.in_(values))) if values else []
        if len(rows) != len(values):
            raise ListEditError("A row in this post is not in this list (deleted, or hidden).")
        for row in rows:
            self.forms[row._pk] = self.form_class(formdata, obj=row, prefix=f"row-{row._pk}")
        return {row: self.forms[row._pk] for row in rows}

    def save(self, posted, log_model):
        """Validate every row, then save the changed ones; the number saved, or None
        when a row has errors (they are shown beside their cells)."""
        if not all([form.validate() for form in posted.values()]):
            return None
        saved = 0
        with self.model._meta.database.atomic():
            for row, form in posted.items():
                before = dict(row.__data__)
                for name, field in form._fields.items():
                    field.populate_obj(row, name)
                fields = changed_fields(before, row)
                if fields:
                    row.save()
                    record(log_model, self.model_admin, CHANGED, row, fields)
                    saved += 1
        return saved
