"""The code `flask scaffold` writes: the model class, its ModelAdmin and its RestResource.

Each writer returns source text plus the names it needs imported, so the file edits
(`edits.py`) can add exactly those imports.
"""

import datetime
import decimal
from dataclasses import dataclass, field

from .project import backref_names, plural
from .source import assign_call, assign_tuple, docstring, literal
from .spec import Now


@dataclass
class Code:
    """A block of source and what it imports, by module ("" for a plain `import name`)."""

    text: str
    imports: dict = field(default_factory=dict)

    def need(self, module, name):
        self.imports.setdefault(module, set()).add(name)


def default_source(value, code):
    """A default's source; mutable JSON defaults become factories (`list`, `dict`)."""
    if isinstance(value, Now):
        code.need("", "datetime")
        return value.source
    if value == [] and isinstance(value, list):
        return "list"
    if value == {} and isinstance(value, dict):
        return "dict"
    if isinstance(value, decimal.Decimal):
        code.need("", "decimal")
    elif isinstance(value, datetime.date | datetime.time):
        code.need("", "datetime")
    return literal(value)


def field_line(spec, related, backref, code):
    """`title = CharField(max_length=255)` for one field."""
    args = []
    if spec.kind in ("fk", "m2m"):
        args.append(related.__name__)
    if spec.kind == "str":
        args.append(f"max_length={spec.max_length}")
    if spec.kind == "decimal":
        args += [f"max_digits={spec.max_digits}", f"decimal_places={spec.decimal_places}"]
    if spec.null:
        args.append("null=True")
    if spec.unique:
        args.append("unique=True")
    elif spec.index and spec.kind != "fk":  # peewee indexes every foreign key already
        args.append("index=True")
    if spec.has_default and spec.default is not None:
        args.append(f"default={default_source(spec.default, code)}")
    if backref:
        args.append(f"backref={literal(backref)}")
    if spec.kind == "fk":
        # Deleting the related row deletes this one, or only empties the link if it may.
        args.append(f"on_delete={literal('SET NULL' if spec.null else 'CASCADE')}")
    if spec.kind == "m2m":
        args.append('on_delete="CASCADE"')  # deleting either row drops only their links
    code.need("peewee", spec.field_class)
    return assign_call(spec.name, spec.field_class, args)


def str_method(spec):
    """`__str__` from the first text field, else the class name and id."""
    fallback = 'f"' + spec.name + ' #{self.id}"'
    texts = spec.text_fields
    if not texts:
        return fallback
    first = texts[0]
    value = f"self.{first.name}" if first.kind == "str" else f"self.{first.name}[:40]"
    if first.null:
        return (
            f"{value} or {fallback}"
            if first.kind == "str"
            else f"(self.{first.name} or {fallback})[:40]"
        )
    return value


def model_class(spec, project):
    """The model class for models.py."""
    code = Code("")
    backrefs = backref_names(spec)
    lines = [
        f"class {spec.name}(db.Model):",
        docstring(f"{spec.name}, written by `flask scaffold`: yours to change like any model."),
        "",
    ]
    for field_spec in spec.fields:
        related = project.related_model(field_spec.related) if field_spec.related else None
        lines.append(field_line(field_spec, related, backrefs.get(field_spec.name), code))
    if spec.timestamps:
        code.need("", "datetime")
        code.need("peewee", "DateTimeField")
        lines.append("    created = DateTimeField(default=datetime.datetime.now, index=True)")
    lines += [
        "",
        "    class Meta:",
        f"        table_name = {literal(spec.table)}",
        "",
        "    def __str__(self):",
        f"        return {str_method(spec)}",
    ]
    code.text = "\n".join(lines) + "\n"
    return code


def list_order(spec):
    return ("-created",) if spec.timestamps else ()


def admin_class(spec, project):
    """The ModelAdmin for admin_site.py: columns, search, filters and FK lookups."""
    code = Code("")
    code.need(".admin", "ModelAdmin")
    stamp = ("created",) if spec.timestamps else ()
    columns = [f.name for f in spec.fields if f.kind != "m2m"] + list(stamp)
    searched = [f.name for f in spec.text_fields]
    filtered = [f.name for f in spec.fields if f.kind in ("bool", "date", "datetime", "fk")]
    user_model = project.user_model
    lookups = [f.name for f in spec.foreign_keys if project.related_model(f.related) is user_model]
    lines = [
        f"class {spec.name}Admin(ModelAdmin):",
        docstring(f"{spec.name} in the admin (written by `flask scaffold`)."),
        "",
        assign_tuple("columns", columns),
    ]
    if searched:
        lines.append(assign_tuple("search_fields", searched))
    if filtered or stamp:
        lines.append(assign_tuple("filter_fields", filtered + list(stamp)))
    if lookups:
        # Users are many: type to search. Other foreign keys switch to the lookup by
        # themselves past `lookup_threshold` related rows.
        lines.append(assign_tuple("foreign_key_lookups", lookups))
    if list_order(spec):
        lines.append(assign_tuple("ordering", list_order(spec)))
    code.text = "\n".join(lines) + "\n"
    return code


def admin_registration(spec):
    return f"admin.register({spec.name}, {spec.name}Admin)\n"


def resource_class(spec, owner):
    """The RestResource for api_site.py: owner-restricted when the model has an owner."""
    code = Code("")
    plural_name = plural(spec.table).replace("_", " ")
    if owner:
        code.need(".api", "RestrictOwnerResource")
        doc = (
            f"Anyone reads {plural_name}; a user creates them as their `{owner}`"
            " and changes only their own."
        )
        lines = [f"class {spec.name}Resource(RestrictOwnerResource):"]
    else:
        code.need(".api", "RestResource")
        code.need(".api", "AdminAuthentication")
        doc = f"Anyone reads {plural_name}; administrators write them (see its registration)."
        lines = [f"class {spec.name}Resource(RestResource):"]
    lines += [docstring(doc), ""]
    if owner:
        lines.append(f"    owner_field = {literal(owner)}")
    if spec.timestamps:
        lines.append(assign_tuple("ordering", list_order(spec)))
        lines.append(assign_tuple("readonly_fields", ("created",)))
    if lines[-1] == "":
        lines.pop()
    code.text = "\n".join(lines) + "\n"
    return code


def resource_registration(spec, owner):
    if owner:
        return f"api.register({spec.name}, {spec.name}Resource)\n"
    return f"api.register({spec.name}, {spec.name}Resource, auth=AdminAuthentication(auth))\n"
