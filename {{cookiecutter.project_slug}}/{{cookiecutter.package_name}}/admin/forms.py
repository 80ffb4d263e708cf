"""Forms: model forms from wtf-peewee with HTML date inputs and one control per foreign
key, and the small CSRF-only forms behind every admin POST."""

import copy
import weakref

from flask import url_for
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from peewee import DateField, DateTimeField, ForeignKeyField, IntegerField
from wtforms import Field, Form, fields
from wtforms.utils import unset_value
from wtforms.validators import NumberRange, StopValidation
from wtforms.widgets import Input, TextArea, TextInput
from wtforms.widgets.core import clean_key, html_params
from wtfpeewee.fields import SelectQueryField
from wtfpeewee.orm import FieldInfo, ModelConverter, model_form

from ..integer_range import integer_range
from .paths import key_value

__all__ = [
    "AdminConverter",
    "AdminForm",
    "ConfirmForm",
    "LookupField",
    "RelatedSelectField",
    "RowForm",
    "model_form",
    "row_form_class",
]


# -- rendering ---------------------------------------------------------------------
# WTForms writes each attribute of a control through `Markup.format`, which made up a
# quarter to a third of an admin page with many controls (a list with editable cells, a
# user with inline rows). The admin's forms render through `render_widget` instead: the
# same markup (tests hold it equal), attributes written with plain string formatting.

QUOTE, ESCAPED_QUOTE = Markup('"'), Markup("&quot;")


def quick_html_params(**attrs):
    """`wtforms.widgets.html_params`, the same output, without `Markup.format`."""
    parts = []
    for key, value in sorted(attrs.items()):
        key = clean_key(key)
        if value is True:
            parts.append(key)
        elif value is not False:
            value = escape(value)  # a Markup value comes back as it is, quotes and all
            if '"' in value:
                value = value.replace(QUOTE, ESCAPED_QUOTE)
            parts.append(f'{key}="{value}"')
    return Markup(" ".join(parts))  # noqa: S704 (every value is escaped above)


_QUICK_INPUTS = weakref.WeakKeyDictionary()  # a WTForms input widget -> its quick twin


def quick_input(widget):
    """A copy of an `Input` widget that writes its attributes with quick_html_params;
    everything else (type, value, checked, flags, date formats) stays WTForms' own."""
    twin = _QUICK_INPUTS.get(widget)
    if twin is None:
        twin = _QUICK_INPUTS[widget] = copy.copy(widget)
        twin.html_params = quick_html_params
    return twin


def render_widget(field, render_kw):
    """What WTForms' `DefaultMeta.render_field` writes for `field`, faster for its plain
    inputs and textareas; any other widget renders itself as usual."""
    attrs = {clean_key(k): v for k, v in {**(field.render_kw or {}), **render_kw}.items()}
    widget = field.widget
    if type(widget) is TextArea:
        attrs.setdefault("id", field.id)
        for name in widget.validation_attrs:
            value = getattr(field.flags, name, None)
            if value is not None and name not in attrs:
                attrs[name] = value
        params = quick_html_params(name=field.name, **attrs)  # escaped already
        return Markup(f"<textarea {params}>\r\n{escape(field._value())}</textarea>")  # noqa: S704
    if isinstance(widget, Input) and type(widget).html_params is html_params:
        return quick_input(widget)(field, **attrs)
    return widget(field, **attrs)


class QuickRendering:
    """Form Meta: fields render through `render_widget`."""

    def render_field(self, field, render_kw):
        return render_widget(field, render_kw)


class AdminForm(FlaskForm):
    """The base of the admin's add and edit forms (with CSRF)."""

    Meta = QuickRendering


class RowForm(Form):
    """The base of one row's form, in a list or an inline: the page's form carries CSRF."""

    Meta = QuickRendering


# Row form classes by owner (a ModelAdmin's list, an inline), for rows of plain fields.
_ROW_FORMS = weakref.WeakKeyDictionary()


def row_form_class(owner, model_admin, model, names):
    """The form class of one row of `model` (a list's editable cells, an inline's child),
    without CSRF: the page's form carries it.

    A foreign key's control holds what belongs to the request (the related admin's
    scoped query, URLs), so with one the class is built per request; without, it is
    built once per `owner` and reused. `model_admin` converts the fields.
    """

    def build():
        converter = AdminConverter(model_admin)
        return model_form(model, base_class=RowForm, only=names, converter=converter)

    fields = model._meta.fields
    if any(isinstance(fields.get(name), ForeignKeyField) for name in names):
        return build()
    known = _ROW_FORMS.get(owner)
    if known is None or known[0] != tuple(names):
        known = _ROW_FORMS[owner] = (tuple(names), build())
    return known[1]


def show_values(form, prefix, obj):
    """Refill `form`'s fields for another row, as if built with `prefix` and `obj`
    (None: a new row, with the fields' defaults); the same form then draws each row of
    a page in turn, which costs a fraction of building a form per row."""
    for name, field in form._fields.items():
        field.name = field.id = field.label.field_id = f"{prefix}-{name}"
        field.process(None, unset_value if obj is None else getattr(obj, name))
    return form


class RelatedLinks:
    """Where a foreign key's related rows live in the admin: their list (to look an id
    up without JavaScript) and their add form (the "+" popup). None when not registered."""

    def __init__(self, model_admin):
        self.name = model_admin.verbose_name.lower()
        self.name_plural = model_admin.verbose_name_plural.lower()
        self.list_url = url_for("admin.list_view", slug=model_admin.slug)
        self.add_url = url_for("admin.add_view", slug=model_admin.slug)

    @classmethod
    def for_field(cls, admin, field):
        related = admin.model_admin_for(field.rel_model)
        return cls(related) if related is not None else None


class RelatedSelectField(SelectQueryField):
    """A `<select>` of a small related table's rows, with a "+" to add one in a popup."""

    def __init__(self, label=None, validators=None, related=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.related = related


class LookupField(Field):
    """A related row picked by its id; admin.js turns the id box into a combobox.

    Without JavaScript the labelled box takes the id (with a link to the related list);
    with it, the same label names a search box and the id moves to a hidden input. The
    page never lists the related table: the browser asks the lookup URL as you type.
    Only a row of `query` (the related admin's get_query()) is accepted.
    """

    widget = TextInput()

    def __init__(
        self, label=None, validators=None, query=None, lookup_url=None, related=None, **kwargs
    ):
        kwargs.pop("allow_blank", None)
        super().__init__(label, validators, **kwargs)
        self.query = query
        self.model = query.model
        self.lookup_url = lookup_url
        self.related = related
        self.raw = ""
        self.lookup_error = None

    def _value(self):
        return str(self.data._pk) if self.data is not None else self.raw

    @property
    def current_label(self):
        """What the combobox shows when the form opens: the chosen row's label."""
        return str(self.data) if self.data is not None else ""

    def process_formdata(self, valuelist):
        self.raw = valuelist[0].strip() if valuelist else ""
        self.data = None
        if self.raw:
            primary_key = self.model._meta.primary_key
            try:
                value = key_value(primary_key, self.raw)
                self.data = self.query.where(primary_key == value).first()
            except (TypeError, ValueError):
                self.data = None
            if self.data is None:
                self.lookup_error = f"No {self.model.__name__.lower()} with id “{self.raw}”."

    def pre_validate(self, form):
        if self.lookup_error:
            raise StopValidation(self.lookup_error)

    def populate_obj(self, obj, name):
        setattr(obj, name, self.data)


class DateTimeLocalField(fields.DateTimeLocalField):
    """`<input type=datetime-local>`: the browser's own date and time picker."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("format", ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"])
        kwargs.setdefault("render_kw", {"step": 1})
        super().__init__(*args, **kwargs)


class AdminConverter(ModelConverter):
    """wtf-peewee's converter with browser date pickers and the lookup for big FKs."""

    defaults = {
        **ModelConverter.defaults,
        DateTimeField: DateTimeLocalField,
        DateField: fields.DateField,
    }

    def __init__(self, model_admin):
        super().__init__()
        self.model_admin = model_admin

    def convert(self, model, field, field_args):
        if isinstance(field, IntegerField):  # a number the column cannot hold: a form error
            field_args = dict(field_args or {})
            field_args["validators"] = [
                *field_args.get("validators", ()),
                NumberRange(*integer_range(field)),
            ]
        return super().convert(model, field, field_args)

    def handle_foreign_key(self, model, field, **kwargs):
        related = RelatedLinks.for_field(self.model_admin.admin, field)
        # Offer (and accept) only the rows the related model's admin shows.
        query = self.model_admin.related_query(field)
        if self.model_admin.uses_lookup(field):
            url = url_for("admin.lookup", slug=self.model_admin.slug, field=field.name)
            lookup = LookupField(query=query, lookup_url=url, related=related, **kwargs)
            return FieldInfo(field.name, lookup)
        if field.choices is not None:
            return super().handle_foreign_key(model, field, **kwargs)
        kwargs.setdefault("allow_blank", field.null)
        return FieldInfo(field.name, RelatedSelectField(query=query, related=related, **kwargs))


class ConfirmForm(FlaskForm):
    """No fields: only the CSRF token, for delete confirmations and bulk actions."""
