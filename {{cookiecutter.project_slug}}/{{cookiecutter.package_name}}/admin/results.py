"""The list's table rows, written in Python: one `ResultRow` of HTML cells per object.

A list page has `paginate_by` rows of several columns. Written through template tags,
its cells cost more than all the rest of the page (attribute look-ups, filters and calls
per cell); written here, a cell is one f-string. What a column shows is its `Column`'s
business (`columns.py`, or a ModelAdmin method); the cell markup is here, the rest of
the table in `templates/admin/list.html`.
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
