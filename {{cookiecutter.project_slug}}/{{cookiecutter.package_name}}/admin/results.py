"""Table rows written in Python: the list's (one `ResultRow` of cells per object) and a
TabularInline's (one `<tr>` per child).

A list page has `paginate_by` rows of several columns. Written through template tags,
its cells cost more than all the rest of the page (attribute look-ups, filters and macro
calls per cell); written here, a cell is one f-string. What a column shows is its
`Column`'s business (`columns.py`, or a ModelAdmin method); the cell markup is here, the
rest of each table in `templates/admin/list.html` and `templates/admin/inlines/`.
"""

from markupsafe import Markup, escape

# Jinja's `truncate` default: text up to this much longer than the limit is left whole.
LEEWAY = 5


def shorten(text, length=80):
    """`text` as the `truncate(length)` filter writes it: cut at a word, ending in "..."."""
    if len(text) <= length + LEEWAY:
        return text
    return text[: length - 3].rsplit(" ", 1)[0] + "..."


class ResultRow:
    """One object's row: its primary key (for the select box) and its cells."""

    def __init__(self, pk, cells):
        self.pk = pk
        self.cells = cells


def result_rows(state, rows, editor=None):
    """A ResultRow per object on the page; `editor` (see editable.py) adds inputs."""
    noun = state.model_admin.verbose_name.lower()
    editable = set(editor.names) if editor else ()
    results = []
    for obj in rows:
        cells = []
        for index, column in enumerate(state.columns):
            if index == 0:  # the first column links to the edit page, as in Django
                url = escape(state.edit_url(obj))
                text = escape(shorten(column.text(obj)))
                cells.append(Markup(f'<th scope="row"><a href="{url}">{text}</a></th>'))  # noqa: S704
            elif column.name in editable:
                cells.append(editor.cell(obj, column, noun))
            else:
                cells.append(Markup(f"<td>{escape(shorten(column.text(obj)))}</td>"))  # noqa: S704
        results.append(ResultRow(obj._pk, Markup("".join(cells))))  # noqa: S704
    return results


def field_errors(field):
    """The list of a field's errors, which its control points at (aria-describedby)."""
    if not field.errors:
        return ""
    items = "".join(f"<li>{escape(error)}</li>" for error in field.errors)
    return f'<ul class="errors" id="{escape(field.id)}-errors">{items}</ul>'


def tabular_row(row):
    """A TabularInline's `<tr>` for `row` (an inlines.InlineRow): its title and hidden id,
    a control per field labelled "<Field> of <row>", and the Delete box."""
    title = escape(row.title)
    html = ['<tr class="has-error">' if row.form.errors else "<tr>"]
    html.append(f'<th scope="row">{row.id_input}{escape(row.title.capitalize())}</th>')
    for field in row.form:
        attrs = {}
        if field.errors:
            attrs = {"aria-describedby": f"{field.id}-errors", "aria-invalid": "true"}
        label = f"{escape(field.label.text)} of {title}"
        html.append(
            f'<td><label for="{escape(field.id)}" class="visually-hidden">{label}</label>'
            f"{field(**attrs)}{field_errors(field)}</td>"
        )
    if row.inline.can_delete:
        html.append(f"<td>{row.delete_box}</td>")
    return Markup("".join(html) + "</tr>")  # noqa: S704 (every value is escaped)
