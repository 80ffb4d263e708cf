"""ModelAdmin: how one model looks and behaves in the admin. Options first, then hooks."""

from flask import g
from peewee import DateField, DateTimeField, ForeignKeyField

from ..auth.permissions import allows, codename
from ..db import Statement
from ..option_check import refuse_unknown_options
from .actions import delete_selected
from .columns import build_column, display, label_for
from .fieldsets import ReadonlyValue, layout
from .filters import FieldFilter
from .forms import AdminConverter, AdminForm, model_form
from .history import changed_fields
from .manytomany import add_form_fields, many_to_many_fields, save_many_to_many
from .paths import Joins, PathError, key_value, resolve, with_related_rows
from .sensitive import is_sensitive, visible_fields

#: a foreign key to a table with more rows than this is a search combobox, not a <select>
FK_SELECT_LIMIT = 100


class ModelAdmin:
    """Subclass and set the options below; override a hook to change one behaviour.

    Secret fields (password, token, api_key, *_hash...) never appear in any of them.
    """

    #: list columns: field names, FK paths (`user__username`), model or ModelAdmin methods
    columns = None
    #: form fields to show (default: every visible field), and fields to leave out
    fields = None
    exclude = ()
    #: rows per list page
    paginate_by = 20
    #: default list order, e.g. ("-pub_date",); the primary key breaks ties
    ordering = ()
    #: fields (or FK paths) searched by the list's search box, case-insensitively
    search_fields = ()
    #: a searched list counts its matches up to this many, then says "more than N": a
    #: search reads every row it counts (no index serves "contains"); None counts them all
    search_count_limit = 1000
    #: fields (or FK paths) offered as filters, with lookups fitted to each type
    filter_fields = ()
    #: foreign keys edited with the search-as-you-type combobox instead of a select
    foreign_key_lookups = ()
    #: related tables with more rows than this also get the combobox (a select would be huge)
    lookup_threshold = FK_SELECT_LIMIT
    #: bulk actions (see actions.Action); "Delete selected" is always offered
    actions = ()
    #: names of actions also offered as a button on one row's edit page
    object_actions = ()
    #: fields (or ModelAdmin methods taking the row) shown on the form but never written
    readonly_fields = ()
    #: the form in titled groups, as in Django:
    #: [(None, {"fields": ["user", "content"]}), ("Dates", {"fields": ["pub_date"],
    #: "description": "..."})]; by default one untitled group of every form field
    fieldsets = None
    #: keyword arguments for single form fields: {"content": {"label": "Text"}}
    field_args = {}
    #: related rows edited on this form (inlines.TabularInline / StackedInline subclasses)
    inlines = ()
    #: list columns edited in place, saved for the whole page with one button
    list_editable = ()
    #: a date or datetime field: year -> month -> day links above the list, with counts
    date_hierarchy = None
    #: offer "Show counts": the number of rows beside each filter choice (costs a query each)
    show_facets = False
    #: permissions besides view/add/change/delete, e.g. ("publish",) -> "message.publish"
    extra_permissions = ()

    def __init__(self, admin, model):
        self.admin = admin
        self.model = model
        self.slug = model.__name__.lower()
        self.check_options()
        self.inline_admins = [inline_class(self) for inline_class in self.inlines]
        #: The edit page's query when every row is viewable (see `reads_every_row`).
        self.by_pk = Statement(model, self.edited_object_query)

    def check_options(self):
        """Fail at register() time, with the option's name, on a bad or secret field."""
        refuse_unknown_options(self, ModelAdmin)
        fields = {**self.model._meta.fields, **many_to_many_fields(self.model)}
        for option in ("fields", "exclude", "field_args"):
            for name in getattr(self, option) or ():
                if name not in fields or is_sensitive(name):
                    raise ValueError(f"{type(self).__name__}.{option}: no form field “{name}”.")
        for name in self.object_actions:
            if name not in self.get_actions():
                raise ValueError(f"{type(self).__name__}.object_actions: no action “{name}”.")
        for name in self.readonly_fields:
            try:
                build_column(self, name, Joins(self.model))
            except PathError as error:
                raise ValueError(f"{type(self).__name__}.readonly_fields: {error}") from None
        for name in self.fieldset_names():
            if name not in fields and name not in self.readonly_fields:
                raise ValueError(
                    f"{type(self).__name__}.fieldsets: “{name}” is not a field of "
                    f"{self.model.__name__} nor in readonly_fields."
                )
        for name in self.ordering:
            if name.lstrip("-") not in self.model._meta.fields:
                raise ValueError(
                    f"{type(self).__name__}.ordering: no field “{name.lstrip('-')}” on "
                    f"{self.model.__name__}."
                )
        for option in ("search_fields", "filter_fields"):
            for path in getattr(self, option):
                if option == "filter_fields" and path in many_to_many_fields(self.model):
                    continue
                try:
                    resolve(self.model, path)
                except PathError as error:
                    raise ValueError(f"{type(self).__name__}.{option}: {error}") from None
        columns = self.get_columns()
        if self.date_hierarchy is not None and not isinstance(
            self.model._meta.fields.get(self.date_hierarchy), (DateField, DateTimeField)
        ):
            raise ValueError(
                f"{type(self).__name__}.date_hierarchy: “{self.date_hierarchy}” is not a "
                f"date or datetime field of {self.model.__name__}."
            )
        for name in self.list_editable:
            field = self.model._meta.fields.get(name)
            if name not in columns[1:] or field is None or is_sensitive(field):
                raise ValueError(
                    f"{type(self).__name__}.list_editable: “{name}” must be a field shown "
                    "in columns (not the first, which links to the row)."
                )
        for name in columns:
            if name.split("__")[0] in self.model._meta.fields:
                try:
                    resolve(self.model, name)
                except PathError as error:
                    raise ValueError(f"{type(self).__name__}.columns: {error}") from None

    # -- names -----------------------------------------------------------------------

    @property
    def verbose_name(self):
        return label_for(self.model.__name__)

    @property
    def verbose_name_plural(self):
        return f"{self.verbose_name}s"

    # -- hooks: who may do what (each asks auth.permissions.allows, the one rule) ---------

    def has_view_permission(self, user, obj=None):
        """List and detail pages (read-only without `change`): `<slug>.view` or `.change`."""
        return allows(user, self.slug, "view")

    def has_add_permission(self, user, obj=None):
        return allows(user, self.slug, "add")

    def has_change_permission(self, user, obj=None):
        return allows(user, self.slug, "change")

    def has_delete_permission(self, user, obj=None):
        return allows(user, self.slug, "delete")

    def has_export_permission(self, user, obj=None):
        return allows(user, self.slug, "export")

    def has_history_permission(self, user, obj=None):
        return allows(user, self.slug, "history")

    def has_action_permission(self, user, action):
        """A bulk action needs the permission it names (`Action.permission`)."""
        return user is not None and user.has_perm(codename(self.slug, action.permission))

    def allowed(self, user, operation, obj=None):
        """Ask the has_<operation>_permission hook; views and templates go through here."""
        return getattr(self, f"has_{operation}_permission")(user, obj)

    def actions_for(self, user):
        """The bulk actions `user` may run, by name."""
        return {
            name: action
            for name, action in self.get_actions().items()
            if self.has_action_permission(user, action)
        }

    def object_actions_for(self, user):
        """The actions of `object_actions` that `user` may run, for one row's edit page."""
        allowed = self.actions_for(user)
        return [allowed[name] for name in self.object_actions if name in allowed]

    def permission_codes(self):
        """The codenames this admin checks: the four standard ones, extras, actions'."""
        actions = ("view", "add", "change", "delete", *self.extra_permissions)
        return [codename(self.slug, action) for action in actions] + [
            codename(self.slug, action.permission) for action in self.get_actions().values()
        ]

    # -- hooks: what the list shows ---------------------------------------------------

    def get_columns(self):
        """Column names; by default every visible field but the primary key."""
        if self.columns is not None:
            return list(self.columns)
        pk = self.model._meta.primary_key
        return [field.name for field in visible_fields(self.model) if field is not pk]

    def get_query(self):
        """The rows this admin may see; narrow it to hide rows from every page and export."""
        return self.model.select()

    def get_ordering(self):
        """The default list order as peewee expressions, newest first unless `ordering` says."""
        pk = self.model._meta.primary_key
        if not self.ordering:
            return [pk.desc()]
        expressions = []
        for name in self.ordering:
            field = self.model._meta.fields[name.lstrip("-")]
            expressions.append(field.desc() if name.startswith("-") else field.asc())
        return [*expressions, pk.desc()]

    def get_filters(self):
        """{path: FieldFilter} for `filter_fields`."""
        return {path: FieldFilter(self, path) for path in self.filter_fields}

    def get_actions(self):
        """{name: Action} offered on the list, "Delete selected" first."""
        return {action.name: action for action in (delete_selected, *self.actions)}

    def get_object(self, pk, related=False):
        """The row with primary key `pk` among get_query(), or None.

        `related=True` reads the rows its foreign keys point to in the same query (the
        edit form shows each of them), not in a query each when the form reads them.
        """
        primary_key = self.model._meta.primary_key
        try:
            pk = key_value(primary_key, pk)
        except (TypeError, ValueError):
            return None
        if related and self.reads_every_row():
            return self.by_pk.first(primary_key.db_value(pk))
        if related:
            return self.edited_object_query(pk).first()
        return self.get_query().where(primary_key == pk).first()

    def reads_every_row(self):
        """Whether `get_query` is the default, the same for every request: then the edit
        page's query is too, and its SQL is written once (`by_pk`)."""
        return type(self).get_query is ModelAdmin.get_query

    def edited_object_query(self, pk):
        """The row `pk` with the rows its foreign keys point to, for the edit form."""
        primary_key = self.model._meta.primary_key
        return with_related_rows(self.get_query().where(primary_key == pk)).limit(1)

    # -- hooks: forms and saving ------------------------------------------------------

    def related_query(self, field):
        """The rows foreign key `field` may point to: the related model's admin
        get_query() when it has one, so a row it hides is never offered nor accepted."""
        related = self.admin.model_admin_for(field.rel_model)
        return related.get_query() if related is not None else field.rel_model.select()

    def uses_lookup(self, field):
        """True when a foreign key is picked with the search-as-you-type lookup."""
        if field.name in self.foreign_key_lookups:
            return True
        rows = self.related_query(field).limit(self.lookup_threshold + 1)
        return rows.count() > self.lookup_threshold

    def fieldset_names(self):
        """Every name the `fieldsets` option lists, in order."""
        return [name for _, options in self.fieldsets or () for name in options["fields"]]

    def form_field_names(self):
        """The fields the form edits: `fieldsets` or `fields` (default: every field),
        less `exclude`, `readonly_fields` and secret fields."""
        names = (
            self.fieldset_names()
            or self.fields
            or [field.name for field in self.model._meta.sorted_fields]
        )
        return [
            name
            for name in names
            if name not in self.exclude
            and name not in self.readonly_fields
            and not is_sensitive(name)
            and name in self.model._meta.fields
        ]

    def many_to_many_names(self):
        """The many-to-many fields the form edits with a dual list."""
        names = self.fields or list(many_to_many_fields(self.model))
        return [
            name
            for name in names
            if name in many_to_many_fields(self.model)
            and name not in self.exclude
            and not is_sensitive(name)
        ]

    def get_form(self, obj=None):
        """The add (obj None) or edit form class, built from the model by wtf-peewee
        (plus a dual list per many-to-many field); override to add fields or validation
        (subclass what super() returns)."""
        form_class = model_form(
            self.model,
            base_class=AdminForm,
            only=self.form_field_names(),
            field_args=self.field_args,
            converter=AdminConverter(self),
        )
        return add_form_fields(self, form_class, self.many_to_many_names())

    def get_inline_formsets(self, obj, formdata=None):
        """The inlines' rows for `obj` (None when adding), from `formdata` on a POST."""
        user = g.get("user")
        return [
            inline.formset(obj, formdata)
            for inline in self.inline_admins
            if inline.allowed(user, "view")
        ]

    def get_fieldsets(self, form, obj=None):
        """The form's groups as the page shows them (see fieldsets.layout)."""
        return layout(self, form, obj)

    def history_fields(self, before, obj, form):
        """What the history entry of a save names: the fields whose value changed."""
        return changed_fields(before, obj)

    def detail_values(self, obj):
        """[(label, text)] of the form's fields, for the read-only detail page."""
        values = []
        for name in self.form_field_names():
            field = self.model._meta.fields[name]
            values.append((field.verbose_name or label_for(name), display(getattr(obj, name))))
        for name in self.readonly_fields:
            item = ReadonlyValue(self, name, obj)
            values.append((item.label, item.text))
        return values

    def populate(self, obj, form):
        """Copy the form's model fields onto `obj` (other form fields are left to hooks)."""
        for name, field in form._fields.items():
            if name in self.model._meta.fields:
                field.populate_obj(obj, name)

    def save_model(self, obj, form, adding):
        """Fill `obj` from the form and save it (runs inside the admin's transaction)."""
        self.populate(obj, form)
        obj.save(force_insert=adding and obj._pk is not None)

    def save_related(self, obj, form):
        """After save_model: set the many-to-many fields; returns the names that changed."""
        return save_many_to_many(obj, form)

    def delete_model(self, obj):
        """Delete one row; the database cascades or nullifies what refers to it."""
        obj.delete_instance()

    def lookup_fields(self, field):
        """Where the lookup for foreign key `field` searches: the related admin's
        search_fields, else the related model's visible text fields."""
        related = self.admin.model_admin_for(field.rel_model)
        if related is not None and related.search_fields:
            return list(related.search_fields)
        return [
            f.name
            for f in visible_fields(field.rel_model)
            if f.field_type in ("VARCHAR", "TEXT") and not isinstance(f, ForeignKeyField)
        ]
