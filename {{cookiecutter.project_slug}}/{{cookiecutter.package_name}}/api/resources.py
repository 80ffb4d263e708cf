"""Resources: how one model is exposed at /api/<slug>/.

A resource is declarative, like Django's ModelAdmin: options first (which fields, filters,
ordering, page size, nested relations), then hooks to override (`get_query`, the
`check_*` permission rules, `create_object`, `save_object`).
"""

from flask import g
from peewee import (
    JOIN,
    SQL,
    AutoField,
    BigAutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DoubleField,
    ForeignKeyField,
    IntegerField,
    SmallIntegerField,
    TextField,
    TimeField,
)

from ..auth.permissions import allows
from ..db import Statement
from ..option_check import refuse_unknown_options
from ..secret_fields import is_secret
from .errors import ApiError
from .schemas import body_model, field_adapter, output_value, shown_as_stored

#: Field types whose values SQLite and PostgreSQL store exactly as Python wrote them: no
#: rounding (decimals, single-precision floats), no conversion (custom fields).
STORED_EXACTLY = (
    AutoField,
    BigAutoField,
    IntegerField,
    BigIntegerField,
    SmallIntegerField,
    CharField,
    TextField,
    BooleanField,
    DoubleField,
    DateTimeField,
    DateField,
    TimeField,
)


class RestResource:
    """Expose a model: list, create, read, update and delete it as JSON."""

    #: Field names to expose (default: all of them). The primary key is always exposed.
    fields = None
    #: Field names to hide.
    exclude = ()
    #: Exposed field names clients may read but not write.
    readonly_fields = ()
    #: Field names clients may filter on (default: every exposed field).
    filter_fields = None
    #: Default ordering, e.g. ("-pub_date",); the primary key always breaks ties.
    ordering = ()
    #: Objects per page by default (None: one page of up to max_paginate_by), and the
    #: most a client may ask for with `limit`.
    paginate_by = 20
    max_paginate_by = 100
    #: Foreign keys to nest as objects, each through its own resource: {"user": UserResource}.
    include_resources = {}
    #: Of those, the ones a write may send as a nested object: `{"user": {"id": 3, ...}}`
    #: updates user 3, `{"user": {...}}` without id creates one; each through the user
    #: model's own resource and its permission rules, in the same transaction.
    nested_writes = ()
    #: The HTTP methods clients may use; leave one out to switch that operation off.
    allowed_methods = ("GET", "POST", "PUT", "PATCH", "DELETE")
    #: Answer a create with the row read back from the database (one query more). Without
    #: it the object as written is the answer whenever it holds every value the database
    #: stores (see `shows_as_stored`); set it when a trigger, or a default the model does
    #: not declare, changes rows as they are written.
    read_back_created = False

    def __init__(self, api, model, auth):
        self.api = api
        self.model = model
        self.auth = auth
        self.slug = model._meta.name
        self.pk = model._meta.primary_key
        refuse_unknown_options(self, RestResource)
        self.check_field_names()
        self.exposed = self._exposed_fields()
        self.writable = {
            name: field
            for name, field in self.exposed.items()
            if name not in self.readonly_fields
            and field is not self.pk
            and not isinstance(field, AutoField | BigAutoField)
        }
        self.filterable = {
            name: field
            for name, field in self.exposed.items()
            if self.filter_fields is None or name in self.filter_fields
        }
        self.nested = {
            name: resource_class(api, self.exposed[name].rel_model, auth)
            for name, resource_class in self.include_resources.items()
        }
        name = model.__name__
        self.create_schema = body_model(model, self.writable.values(), False, f"{name}Create")
        self.update_schema = body_model(model, self.writable.values(), True, f"{name}Update")
        self.pk_adapter = field_adapter(self.pk)
        #: The detail query when every row is readable (see `reads_every_row`).
        self.by_pk = Statement(model, self.detail_query)
        # What serialize() writes, worked out once: (name, field, convert the value?).
        self.output_fields = [
            (name, field, not shown_as_stored(field)) for name, field in self.exposed.items()
        ]

    def check_field_names(self):
        """Every option that names fields names fields of the model (at register())."""
        for option in ("fields", "exclude", "readonly_fields", "filter_fields", "ordering"):
            for name in getattr(self, option) or ():
                if name.lstrip("-") not in self.model._meta.fields:
                    raise ValueError(f"{type(self).__name__}.{option}: no such field {name!r}")
        for name in self.nested_writes:
            if name not in self.include_resources:
                raise ValueError(
                    f"{type(self).__name__}.nested_writes: {name!r} is not in include_resources"
                )
        for name in self.include_resources:
            if not isinstance(self.model._meta.fields.get(name), ForeignKeyField):
                raise ValueError(
                    f"{type(self).__name__}.include_resources: {name!r} is not a foreign key"
                )

    def _exposed_fields(self):
        names = self.fields or list(self.model._meta.fields)
        exposed = {self.pk.name: self.pk}
        for name in names:
            # A secret field never leaves or enters the database here, even when listed.
            if name not in self.exclude and not is_secret(name):
                exposed[name] = self.model._meta.fields[name]
        return exposed

    # -- queries ------------------------------------------------------------

    def get_user(self):
        """The user making this request (None when anonymous)."""
        return g.get("api_user")

    def get_query(self):
        """Every object a client may read; override to narrow it."""
        return self.model.select()

    def reads_every_row(self):
        """Whether `get_query` is the default, the same for every request: then the
        detail's query is too, and its SQL is written once (`by_pk`)."""
        return type(self).get_query is RestResource.get_query

    def detail_query(self, pk):
        """One object by primary key, with its included relations."""
        query, _ = self.with_related(self.get_query())
        return query.where(self.pk == pk).limit(1)

    def with_related(self, query, source=None, tables=None):
        """Join each `include_resources` relation, so a page of rows costs one query.

        Returns the query and the tables joined, by field name (filters reuse them).
        """
        source = source or self.model
        tables = tables if tables is not None else {self.model}
        joined = {}
        for name, nested in self.nested.items():
            field = self.exposed[name]
            # The model itself unless it is in the query already (aliases cost SQL-building time).
            alias = field.rel_model.alias() if field.rel_model in tables else field.rel_model
            tables.add(field.rel_model)
            join_type = JOIN.LEFT_OUTER if field.null else JOIN.INNER
            on = getattr(source, name) == getattr(alias, field.rel_field.name)
            query = query.select_extend(*[getattr(alias, f) for f in nested.exposed])
            query = query.join_from(source, alias, join_type, on=on, attr=name)
            query, _ = nested.with_related(query, alias, tables)
            joined[name] = alias
        return query, joined

    def related_resource(self, name):
        """The resource that says what of `name`'s related object may be filtered on."""
        field = self.exposed.get(name)
        if not isinstance(field, ForeignKeyField):
            return None
        return self.nested.get(name) or self.api.resource_for(field.rel_model)

    # -- permission hooks: return False to refuse (403) ---------------------

    def check_get(self, obj=None):
        """May the requesting user read `obj` (or the list, when obj is None)?"""
        return True

    def check_post(self, obj):
        """May the requesting user create `obj` (built from the body, not saved yet)?"""
        return True

    def check_put(self, obj):
        """May the requesting user update `obj` (as stored, before the change)?"""
        return True

    def check_delete(self, obj):
        """May the requesting user delete `obj`?"""
        return True

    # -- writing --------------------------------------------------------------

    def build_object(self, data):
        """A new, unsaved object from validated body data (field name -> value)."""
        return self.model(**data)

    def save_object(self, obj, data, created=False):
        """Apply validated `data` to `obj` and save it (inside the request's transaction)."""
        for name, value in data.items():
            setattr(obj, name, value)
        obj.save(force_insert=created)
        return obj

    def shows_as_stored(self, obj):
        """Does `obj`, just saved, hold every exposed value as the database stores it?

        True when each value was written from Python (a value sent or a default, not one
        the database fills in) in a type stored exactly, nested relations included.
        """
        if self.read_back_created or obj.is_dirty():
            return False
        for name, field in self.exposed.items():
            if name not in obj.__data__ or field.constraints or field.sequence:
                return False
            target = field.rel_field if isinstance(field, ForeignKeyField) else field
            if type(target) not in STORED_EXACTLY:
                return False
            if name in self.nested and obj.__data__[name] is not None:
                related = obj.__rel__.get(name)
                if related is None or related.get_id() != obj.__data__[name]:
                    return False
                if not self.nested[name].shows_as_stored(related):
                    return False
        return True

    # -- reading --------------------------------------------------------------

    def serialize(self, obj, only=None):
        """The JSON-ready dict for `obj`: exposed fields, related objects nested as included."""
        data = {}
        stored = obj.__data__
        for name, field, convert in self.output_fields:
            if only is not None and name not in only:
                continue
            if name in self.nested:
                related = obj.__rel__.get(name) if hasattr(obj, "__rel__") else None
                data[name] = self.nested[name].serialize(related) if related else None
            else:
                value = stored.get(name)
                data[name] = output_value(field, value) if convert else value
        return data


class RestrictOwnerResource(RestResource):
    """Objects belong to a user: the requesting user owns what they create, and only the
    owner, or a holder of `<slug>.change` / `<slug>.delete`, may update or delete it (403
    for anyone else). Reads stay open unless `owner_only_reads` is set."""

    #: The foreign key to the user model that names the owner.
    owner_field = "user"
    #: True: a user lists and reads only their own objects.
    owner_only_reads = False

    def __init__(self, api, model, auth):
        # Clients never choose the owner: it is always the requesting user.
        self.readonly_fields = (*self.readonly_fields, self.owner_field)
        super().__init__(api, model, auth)

    def owner_id(self, obj):
        return obj.__data__.get(self.owner_field)

    def is_owner(self, obj):
        user = self.get_user()
        return user is not None and self.owner_id(obj) == user.get_id()

    def reads_every_row(self):
        return not self.owner_only_reads and type(self).get_query is RestrictOwnerResource.get_query

    def get_query(self):
        query = super().get_query()
        if self.owner_only_reads:
            user = self.get_user()
            if user is None:
                return query.where(SQL("1 = 0"))  # anonymous users own nothing
            query = query.where(getattr(self.model, self.owner_field) == user.get_id())
        return query

    def build_object(self, data):
        obj = super().build_object(data)
        setattr(obj, self.owner_field, self.get_user())
        return obj

    def owner_or_permitted(self, obj, operation):
        """The owner may; so may a user holding the permission for `operation` on any row."""
        if self.is_owner(obj) or allows(self.get_user(), self.slug, operation):
            return True
        raise ApiError(
            403, f"Only its owner, or a user with the permission {self.slug}.{operation}, may."
        )

    def check_put(self, obj):
        return self.owner_or_permitted(obj, "change")

    def check_delete(self, obj):
        return self.owner_or_permitted(obj, "delete")
