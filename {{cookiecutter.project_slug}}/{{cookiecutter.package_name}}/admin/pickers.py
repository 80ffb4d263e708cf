"""Form fields for rights: a permission picker grouped by model, and a multiple choice
of rows (groups on the user page, members on the group page).

The picker is a list of checkboxes per model, with a filter box and "Select all for this
model" added by admin.js; without JavaScript it is still a plain list of checkboxes.
"""

from flask import render_template
from markupsafe import Markup
from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice


class PermissionPickerWidget:
    """Renders admin/widgets/permission_picker.html (a fieldset with its own legend)."""

    def __call__(self, field, **kwargs):
        # The template escapes every value it shows.
        html = render_template("admin/widgets/permission_picker.html", field=field)
        return Markup(html)  # noqa: S704


class PermissionPickerField(SelectMultipleField):
    """Codenames to hold, picked from `groups`: [(slug, label, [(codename, label)])].

    Only offered codenames are accepted; anything else in the POST is a form error.
    """

    widget = PermissionPickerWidget()
    #: the form_field macro lets this widget draw its own fieldset and legend
    renders_fieldset = True

    def __init__(self, label=None, validators=None, groups=(), **kwargs):
        self.groups = list(groups)
        choices = [SelectChoice(code, text) for _, _, codes in self.groups for code, text in codes]
        super().__init__(label, validators, choices=choices, **kwargs)

    def is_checked(self, code):
        return code in (self.data or ())


def row_choices(query):
    """A choice (primary key, label) for each row of `query`, for a SelectMultipleField."""
    return [SelectChoice(row._pk, str(row)) for row in query]


def choice_labels(field):
    """{value: label} of the choices a field offered."""
    return {choice.value: choice.label for choice in field.choices}


def multiple_choice(label, choices, default, description=""):
    """A `<select multiple>` of rows by primary key, sized to show a few at once."""
    return SelectMultipleField(
        label,
        coerce=int,
        choices=choices,
        default=default,
        description=description,
        render_kw={"size": min(max(len(choices), 3), 10)},
    )
