"""Inlines: a parent's related rows edited on the parent's own form.

    class MessageInline(TabularInline):
        model = Message
        fields = ("content", "pub_date")

    class UserAdmin(BaseUserAdmin):
        inlines = (MessageInline,)

Each inline posts its rows as `<prefix>-<n>-<field>` plus `<prefix>-TOTAL`, where the
prefix is the foreign key's backref (`messages`). A posted row with an id must be one of
this parent's rows; everything is checked before anything is written, and the parent and
its rows are saved in one transaction (see views.save_form).
"""

from flask import g
from markupsafe import Markup, escape
from peewee import ForeignKeyField

from ..auth.permissions import allows
from ..db import count_rows
from ..option_check import refuse_unknown_options
from .columns import label_for
from .forms import row_form_class, show_values
from .history import ADDED, CHANGED, DELETED, changed_fields, record
from .paths import key_value
from .results import tabular_row
from .sensitive import is_sensitive

#: no more rows than this are read from one post, whatever `<prefix>-TOTAL` says
MAX_POSTED_ROWS = 1000
#: the row number in the blank row "Add another" copies (wtforms adds no "-" after "_")
BLANK_ROW = "__row"


class InlineModelAdmin:
    """Options for one kind of related row on a parent's form. Use TabularInline
    (a row per child) or StackedInline (a block per child)."""

    #: the child model, with a foreign key to the parent
    model = None
    #: the foreign key's name, when the child has several to the parent's model
    fk_name = None
    #: fields shown for each child (default: every visible field but the foreign key)
    fields = None
    #: blank rows offered for new children
    extra = 3
    #: at most this many children in all (None: no limit)
    max_num = None
    #: a "Delete" box per existing child
    can_delete = True
    #: order of the children shown, e.g. ("-pub_date",); newest first by default
    ordering = ()
    #: show only this many children (the first in `ordering`) and link to the rest
    paginate_by = None
    template_name = None

    def __init__(self, parent_admin):
        self.parent_admin = parent_admin
        self.admin = parent_admin.admin
        if self.model is None:
            raise ValueError(f"{type(self).__name__}.model: set the child model.")
        self.check_options()
        self.fk = self.find_foreign_key()
        self.prefix = self.fk.backref or f"{self.model.__name__.lower()}_set"
        self.slug = self.model.__name__.lower()  # history entries name the child's model

    def check_options(self):
        """Fail at registration, naming the option, on an unknown option or field name."""
        refuse_unknown_options(self, InlineModelAdmin)
        name = type(self).__name__
        fields = self.model._meta.fields
        for field in self.fields or ():
            if field not in fields or is_sensitive(field):
                raise ValueError(f"{name}.fields: no field “{field}” on {self.model.__name__}.")
        for field in self.ordering:
            if field.lstrip("-") not in fields:
                raise ValueError(f"{name}.ordering: no field “{field}” on {self.model.__name__}.")
        for option, lowest in (("extra", 0), ("max_num", 0), ("paginate_by", 1)):
            value = getattr(self, option)
            if (value is not None or option == "extra") and not (
                isinstance(value, int) and not isinstance(value, bool) and value >= lowest
            ):
                raise ValueError(f"{name}.{option}: a whole number from {lowest}, not {value!r}.")

    def find_foreign_key(self):
        """The child's foreign key to the parent: the only one, or the one `fk_name` names."""
        parent = self.parent_admin.model
        keys = [
            field
            for field in self.model._meta.sorted_fields
            if isinstance(field, ForeignKeyField) and field.rel_model is parent
        ]
        if self.fk_name is not None:
            keys = [field for field in keys if field.name == self.fk_name]
        if len(keys) != 1:
            found = "no" if not keys else "more than one"
            raise ValueError(
                f"{type(self).__name__}: {self.model.__name__} has {found} foreign key to "
                f"{parent.__name__}{'' if self.fk_name is None else ' named ' + self.fk_name}; "
                "set fk_name."
            )
        return keys[0]

    @property
    def verbose_name(self):
        return label_for(self.model.__name__)

    @property
    def verbose_name_plural(self):
        return f"{self.verbose_name}s"

    def child_admin(self):
        """The child model's own ModelAdmin when it is registered (its query, its lookups)."""
        return self.admin.model_admin_for(self.model)

    def field_names(self):
        pk = self.model._meta.primary_key
        names = self.fields or [field.name for field in self.model._meta.sorted_fields]
        return [
            name
            for name in names
            if name in self.model._meta.fields
            and self.model._meta.fields[name] is not pk
            and self.model._meta.fields[name] is not self.fk
            and not is_sensitive(name)
        ]

    def get_form_class(self):
        """One child's form: no CSRF field of its own, the parent's form carries it."""
        model_admin = self.child_admin() or self.parent_admin
        return row_form_class(self, model_admin, self.model, self.field_names())

    def get_query(self, parent):
        """The parent's children; the child's admin may narrow them (get_query)."""
        child_admin = self.child_admin()
        query = child_admin.get_query() if child_admin else self.model.select()
        return query.where(self.fk == parent._pk)

    def get_ordering(self):
        pk = self.model._meta.primary_key
        expressions = []
        for name in self.ordering:
            field = self.model._meta.fields[name.lstrip("-")]
            expressions.append(field.desc() if name.startswith("-") else field.asc())
        return [*expressions, pk.desc()]

    def allowed(self, user, operation):
        """May `user` view, add, change or delete these children (their model's rights)?"""
        return allows(user, self.slug, operation)

    def formset(self, parent, formdata=None):
        """The rows for `parent` (None when adding), filled from `formdata` on a POST."""
        return InlineFormSet(self, parent, formdata)


class TabularInline(InlineModelAdmin):
    """Children as rows of a table, one column per field."""

    template_name = "admin/inlines/tabular.html"


class StackedInline(InlineModelAdmin):
    """Children as blocks, one labelled field under another."""

    template_name = "admin/inlines/stacked.html"


class InlineRow:
    """One child on the form: its `form`, the row `obj` (None for a new one), and
    whether it is marked for deletion; `formset` is the InlineFormSet it belongs to.

    `title`, `id_input` and `delete_box` are the pieces both layouts show (see
    templates/admin/inlines/); results.tabular_row writes a whole table row.

    A posted row has a form of its own (what was sent, its errors). The rows of a page
    that shows stored children share one form, refilled for whichever row reads `form`:
    render a row's fields before reading the next row's.
    """

    def __init__(self, formset, number, obj=None, form=None, delete=False):
        self.formset = formset
        self.inline = formset.inline
        self.number = number
        self.obj = obj
        self.posted_form = form
        self.delete = delete

    @property
    def form(self):
        if self.posted_form is not None:
            return self.posted_form
        return self.formset.showing(self)

    @property
    def is_new(self):
        return self.obj is None

    @property
    def title(self):
        """What labels call the row: "message 2", "new message 3"; the blank row that
        admin.js copies says "__number__" where the copy's number goes."""
        number = self.number + 1 if isinstance(self.number, int) else "__number__"
        return f"{'new ' if self.is_new else ''}{self.inline.verbose_name.lower()} {number}"

    @property
    def id_input(self):
        """The stored row's id, hidden: the post says which child each row changes."""
        if self.is_new:
            return Markup("")
        name = f"{self.inline.prefix}-{self.number}-id"
        return Markup(f'<input type="hidden" name="{escape(name)}" value="{escape(self.obj._pk)}">')  # noqa: S704

    def table_row(self):
        """The row as a TabularInline shows it: one `<tr>` (see results.py)."""
        return tabular_row(self)

    @property
    def delete_box(self):
        """The stored row's labelled Delete checkbox, when the inline allows deleting."""
        if not self.inline.can_delete or self.is_new:
            return Markup("")
        name = escape(f"{self.inline.prefix}-{self.number}-DELETE")
        checked = " checked" if self.delete else ""
        return Markup(  # noqa: S704 (every value is escaped)
            f'<input type="checkbox" id="{name}" name="{name}" value="y"{checked}>'
            f'<label for="{name}">Delete<span class="visually-hidden"> '
            f"{escape(self.title)}</span></label>"
        )


class InlineFormSet:
    """The children of one parent as posted or as stored, with their errors."""

    def __init__(self, inline, parent, formdata=None):
        self.inline = inline
        self.parent = parent
        self.prefix = inline.prefix
        self.form_class = inline.get_form_class()
        self.shared = None  # the form that draws each unposted row in turn (see showing)
        self.showing_row = None
        self.errors = []
        self.total = 0
        shown = []
        if parent is not None:
            query = inline.get_query(parent)
            shown = query.order_by(*inline.get_ordering())
            if inline.paginate_by:
                shown = shown.limit(inline.paginate_by)
            shown = list(shown)
            for child in shown:  # the child's __str__ may name its parent: no query for it
                setattr(child, inline.fk.name, parent)
            # Counted only when the page is full: otherwise the rows shown are all of them.
            full = inline.paginate_by and len(shown) == inline.paginate_by
            self.total = count_rows(query) if full else len(shown)
        self.shown = shown
        if formdata is None:
            self.rows = [self.row(number, child) for number, child in enumerate(shown)]
            blank = self.extra_count(len(shown))
            self.rows += [self.row(len(shown) + n) for n in range(blank)]
        else:
            self.rows = self.read_rows(formdata)

    # -- building rows -----------------------------------------------------------

    def row(self, number, obj=None, formdata=None, delete=False):
        """Row `number`: with `formdata`, a posted row with a form of its own; without,
        a row drawn through the shared form."""
        if formdata is None:
            return InlineRow(self, number, obj)
        form = self.form_class(formdata, obj=obj, prefix=f"{self.prefix}-{number}")
        return InlineRow(self, number, obj, form, delete)

    def showing(self, row):
        """The shared form, filled with `row`'s stored values (a new row's defaults):
        building a form per row cost more than the rest of the row."""
        if self.shared is None:
            self.shared = self.form_class()
        if self.showing_row is not row:
            show_values(self.shared, f"{self.prefix}-{row.number}", row.obj)
            self.showing_row = row
        return self.shared

    def blank_row(self):
        """The row "Add another" copies; admin.js puts the row's number for BLANK_ROW."""
        return self.row(BLANK_ROW)

    def extra_count(self, existing):
        extra = self.inline.extra
        if self.inline.max_num is not None:
            extra = max(0, min(extra, self.inline.max_num - self.total))
        return extra

    @property
    def more(self):
        """How many children are not shown (paginate_by), for the "all N" link."""
        return self.total - len(self.shown)

    def read_rows(self, formdata):
        """The posted rows; an id that is not one of this parent's rows is an error."""
        try:
            count = min(int(formdata.get(f"{self.prefix}-TOTAL", "0")), MAX_POSTED_ROWS)
        except ValueError:
            count = 0
        posted = {}
        pk = self.inline.model._meta.primary_key
        for number in range(max(count, 0)):
            raw = formdata.get(f"{self.prefix}-{number}-id", "").strip()
            if raw:
                posted[number] = raw
        children = self.posted_children(posted.values())
        rows = []
        for number in range(max(count, 0)):
            raw = posted.get(number)
            obj = None
            if raw is not None:
                try:
                    obj = children.get(key_value(pk, raw))
                except (TypeError, ValueError):
                    obj = None
                if obj is None:
                    self.errors.append(
                        f"{self.inline.verbose_name} {number + 1} is not one of the "
                        f"{self.inline.verbose_name_plural.lower()} of this "
                        f"{self.inline.parent_admin.verbose_name.lower()}; nothing was saved."
                    )
                    continue
            delete = bool(formdata.get(f"{self.prefix}-{number}-DELETE")) and obj is not None
            row = self.row(number, obj, formdata, delete and self.inline.can_delete)
            if obj is None and self.is_blank(row.form):
                continue
            rows.append(row)
        return rows

    def posted_children(self, raw_ids):
        """{pk: child} for the posted ids that belong to this parent: one query."""
        if self.parent is None or not raw_ids:
            return {}
        pk = self.inline.model._meta.primary_key
        values = []
        for raw in raw_ids:
            try:
                values.append(key_value(pk, raw))
            except (TypeError, ValueError):
                continue
        children = self.inline.get_query(self.parent).where(pk.in_(values))
        found = {}
        for child in children:
            setattr(child, self.inline.fk.name, self.parent)
            found[child._pk] = child
        return found

    def is_blank(self, form):
        """A new row nobody filled in: every field that has no default is empty."""
        fields = self.inline.model._meta.fields
        required = [name for name in form._fields if fields[name].default is None]
        names = required or list(form._fields)
        return all(not (form[name].raw_data or [""])[0].strip() for name in names)

    # -- checking and saving -------------------------------------------------------

    @property
    def has_errors(self):
        return bool(self.errors) or any(row.form.errors for row in self.rows)

    def validate(self):
        """True when every posted row is valid, allowed, and the rows fit `max_num`."""
        self.check_rights(g.get("user"))
        valid = not self.errors
        for row in self.rows:
            if not row.delete:
                valid = row.form.validate() and valid
        max_num = self.inline.max_num
        if max_num is not None:
            new = sum(1 for row in self.rows if row.is_new)
            deleted = sum(1 for row in self.rows if row.delete)
            if self.total - deleted + new > max_num:
                self.errors.append(
                    f"At most {max_num} {self.inline.verbose_name_plural.lower()}; "
                    "remove a row or delete one first."
                )
                valid = False
        return valid

    def check_rights(self, user):
        """An error for each kind of change the user may not make to these children."""
        noun = self.inline.verbose_name_plural.lower()
        wanted = set()
        for row in self.rows:
            if row.delete:
                wanted.add("delete")
            elif row.is_new:
                wanted.add("add")
            elif any(
                field.data != getattr(row.obj, name) for name, field in row.form._fields.items()
            ):
                wanted.add("change")
        for operation in ("add", "change", "delete"):
            if operation in wanted and not self.inline.allowed(user, operation):
                self.errors.append(f"You may not {operation} {noun}; nothing was saved.")

    def save(self, parent, log_model):
        """Write the rows for `parent`, a history entry per changed child in `log_model`.
        Runs inside the parent's transaction."""
        fk_name = self.inline.fk.name
        for row in self.rows:
            if row.delete:
                record(log_model, self.inline, DELETED, row.obj)
                row.obj.delete_instance()
                continue
            obj = row.obj or self.inline.model()
            before = {} if row.is_new else dict(obj.__data__)
            for name, field in row.form._fields.items():
                field.populate_obj(obj, name)
            setattr(obj, fk_name, parent)
            fields = changed_fields(before, obj)
            if row.is_new or fields:
                obj.save()
                record(log_model, self.inline, ADDED if row.is_new else CHANGED, obj, fields)
