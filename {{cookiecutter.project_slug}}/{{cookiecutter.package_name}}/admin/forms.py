"""Forms: model forms from wtf-peewee with HTML date inputs and a foreign-key lookup,
and the small CSRF-only forms behind every admin POST."""

from flask import url_for
from flask_wtf import FlaskForm
from peewee import DateField, DateTimeField
from wtforms import Field, fields
from wtforms.validators import StopValidation
from wtforms.widgets import TextInput
from wtfpeewee.fields import SelectQueryField
from wtfpeewee.orm import FieldInfo, ModelConverter, model_form

from .paths import key_value

__all__ = ["AdminConverter", "ConfirmForm", "LookupField", "model_form"]


class LookupField(Field):
    """A related row picked by its id; admin.js adds search-as-you-type on top.

    The page never lists the related table: the browser asks the lookup URL as you type.
    Only a row of `query` (the related admin's get_query()) is accepted.
    """

    widget = TextInput()

    def __init__(self, label=None, validators=None, query=None, lookup_url=None, **kwargs):
        kwargs.pop("allow_blank", None)
        super().__init__(label, validators, **kwargs)
        self.query = query
        self.model = query.model
        self.lookup_url = lookup_url
        self.raw = ""
        self.lookup_error = None

    def _value(self):
        return str(self.data._pk) if self.data is not None else self.raw

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

    def handle_foreign_key(self, model, field, **kwargs):
        # Offer (and accept) only the rows the related model's admin shows.
        query = self.model_admin.related_query(field)
        if self.model_admin.uses_lookup(field):
            url = url_for("admin.lookup", slug=self.model_admin.slug, field=field.name)
            return FieldInfo(field.name, LookupField(query=query, lookup_url=url, **kwargs))
        if field.choices is not None:
            return super().handle_foreign_key(model, field, **kwargs)
        kwargs.setdefault("allow_blank", field.null)
        return FieldInfo(field.name, SelectQueryField(query=query, **kwargs))


class ConfirmForm(FlaskForm):
    """No fields: only the CSRF token, for delete confirmations and bulk actions."""
