"""What the scaffold reads from this project: its files, its models, which parts it has,
and the refusals that depend on them (a taken name, an unknown model, a secret field)."""

import importlib
from dataclasses import dataclass
from pathlib import Path

from peewee import Model

from ..cli import all_models, database
from ..config import PROJECT_ROOT
from .spec import ScaffoldError

PACKAGE = __name__.split(".")[0]

# A field named like one of these is a credential: write it by hand, hashed (set_password).
SECRET_WORDS = ("password", "passwd", "secret", "token", "api_key", "apikey", "private_key")


def optional_module(name):
    """`<package>.<name>`, or None when the bake left that part out."""
    try:
        return importlib.import_module(f"{PACKAGE}.{name}")
    except ModuleNotFoundError as error:
        if error.name and error.name.startswith(f"{PACKAGE}.{name.split('.')[0]}"):
            return None
        raise


@dataclass
class Project:
    """The project being scaffolded into: paths, the models module and the parts baked."""

    root: Path
    models: object
    admin_site: object
    api_site: object

    @classmethod
    def load(cls, root=PROJECT_ROOT):
        return cls(
            root=Path(root),
            models=importlib.import_module(f"{PACKAGE}.models"),
            admin_site=optional_module("admin_site"),
            api_site=optional_module("api_site"),
        )

    def path(self, module):
        """The source file of `<package>.<module>`."""
        return self.root / PACKAGE / f"{module}.py"

    @property
    def user_model(self):
        from ..extensions import auth

        return auth.user_model or self.models.User

    def related_model(self, name):
        """A model `models.py` defines or imports, by class name; None if there is none."""
        value = getattr(self.models, name, None)
        if isinstance(value, type) and issubclass(value, Model) and value is not Model:
            return value
        return None

    def table_names(self):
        tables = {model._meta.table_name for model in all_models()}
        return tables | set(database().get_tables())

    def is_secret(self, name):
        """The admin's and the API's rule for secret fields, and ours for bakes with neither."""
        rules = [lambda value: any(word in value.lower() for word in SECRET_WORDS)]
        sensitive = optional_module("admin.sensitive")
        if sensitive is not None:
            rules.append(sensitive.is_sensitive)
        resources = optional_module("api.resources")
        if resources is not None:
            rules.append(resources.is_secret)
        return any(rule(name) for rule in rules)

    def reserved_parameters(self):
        """Query-string names the admin list and the API keep for themselves."""
        names = set()
        for module_name in ("admin.listing", "api.filters"):
            module = optional_module(module_name)
            names |= set(getattr(module, "RESERVED", ()))
        return names


def plural(name):
    if name.endswith("y") and name[-2:-1] not in "aeiou":
        return name[:-1] + "ies"
    if name.endswith(("s", "x", "z", "ch", "sh")):
        return name + "es"
    return name + "s"


def backref_names(spec):
    """Each relation's back-reference on its model: `posts`, or `author_posts` when one
    model is related twice."""
    counts = {}
    for field in spec.fields:
        counts[field.related] = counts.get(field.related, 0) + 1
    names = {}
    for field in spec.fields:
        if field.related:
            many = plural(spec.table)
            names[field.name] = many if counts[field.related] == 1 else f"{field.name}_{many}"
    return names


def check(spec, project):
    """Refuse what would clash with this project; return the owner field's name or None."""
    taken = {model.__name__ for model in all_models()} | set(vars(project.models))
    for site, suffix in ((project.admin_site, "Admin"), (project.api_site, "Resource")):
        if site is not None:
            taken |= set(vars(site))
            if f"{spec.name}{suffix}" in vars(site):
                taken.add(spec.name)
    if spec.name in taken:
        raise ScaffoldError(f"{spec.name!r} is already a name in this project: pick another.")
    tables = project.table_names()
    new_tables = [spec.table] + [
        f"{spec.table}_{project.related_model(field.related)._meta.table_name}_through"
        for field in spec.fields
        if field.kind == "m2m" and project.related_model(field.related) is not None
    ]
    for table in new_tables:
        if table in tables:
            raise ScaffoldError(f"Table {table!r} already exists: pick another model name.")
    reserved = project.reserved_parameters()
    for field in spec.fields:
        if project.is_secret(field.name):
            raise ScaffoldError(
                f"{field.name!r} looks like a secret: write it by hand, stored hashed "
                "(see User.set_password), never as a plain field."
            )
        if field.name in reserved:
            raise ScaffoldError(
                f"{field.name!r} is a reserved name in the admin or API: pick another."
            )
    check_relations(spec, project)
    return owner_field(spec, project)


def check_relations(spec, project):
    for field in spec.fields:
        if not field.related:
            continue
        if project.related_model(field.related) is None:
            raise ScaffoldError(
                f"{field.name}: unknown related model {field.related!r} "
                "(fk= and m2m= name a model of models.py)."
            )
    for name, backref in backref_names(spec).items():
        related = project.related_model(next(f.related for f in spec.fields if f.name == name))
        if backref in related._meta.fields or hasattr(related, backref):
            raise ScaffoldError(
                f"{name}: {related.__name__} already has {backref!r}, the name this relation "
                "would add to it: pick another model name."
            )


def owner_field(spec, project):
    """The `fk=User` field that owns a row in the API: --owner, or the first one."""
    user_fields = [
        field.name
        for field in spec.foreign_keys
        if project.related_model(field.related) is project.user_model
    ]
    if spec.owner is not None:
        if spec.owner not in user_fields:
            raise ScaffoldError(
                f"--owner {spec.owner}: not an fk={project.user_model.__name__} field."
            )
        return spec.owner
    return user_fields[0] if user_fields else None
