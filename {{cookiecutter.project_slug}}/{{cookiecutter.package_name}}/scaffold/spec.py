"""What `flask scaffold` was asked for: the model name and its fields, parsed and checked.

A field is `name:type`, with arguments (`str:80`, `decimal:10,2`), a related model
(`fk=User`, `m2m=Tag`), markers (`?` nullable, `!` unique, `^` indexed) and a default
(`=value`, last, so a default may hold any character). Everything here is syntax: whether
a name is free in this project is for `checks.py`.
"""

import builtins
import datetime
import decimal
import json
import keyword
import re
from dataclasses import dataclass

from peewee import Model


class ScaffoldError(Exception):
    """A refusal: one line for the user, and nothing is written."""


# Each type: the peewee field class it writes, and whether it takes a default.
TYPES = {
    "str": "CharField",
    "text": "TextField",
    "int": "IntegerField",
    "bigint": "BigIntegerField",
    # Double precision on both databases (peewee's FloatField is 4-byte REAL on PostgreSQL).
    "float": "DoubleField",
    "decimal": "DecimalField",
    "bool": "BooleanField",
    "date": "DateField",
    "datetime": "DateTimeField",
    "time": "TimeField",
    "json": "JSONField",
    "fk": "ForeignKeyField",
    "m2m": "ManyToManyField",
}
TEXT_TYPES = ("str", "text")
RELATION_TYPES = ("fk", "m2m")

RELATION_SPEC = re.compile(
    r"^(?P<name>[^:]*):(?P<type>fk|m2m)=(?P<related>[A-Za-z_][A-Za-z0-9_]*)(?P<markers>[?!^]*)$"
)
FIELD_SPEC = re.compile(
    r"^(?P<name>[^:]*):(?P<type>[a-z0-9]+)(?::(?P<args>[0-9,]+))?(?P<markers>[?!^]*)"
    r"(?:=(?P<default>.*))?$",
    re.S,
)
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
MODEL_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*$")

TRUE, FALSE = ("true", "yes", "1", "on"), ("false", "no", "0", "off")


@dataclass
class FieldSpec:
    """One field: `kind` is a key of TYPES; `default` is a Python value or a `Now`."""

    name: str
    kind: str
    related: str | None = None
    max_length: int = 255
    max_digits: int = 10
    decimal_places: int = 2
    null: bool = False
    unique: bool = False
    index: bool = False
    default: object = None
    has_default: bool = False

    @property
    def field_class(self):
        return TYPES[self.kind]


@dataclass
class ModelSpec:
    """The model to write: its class name, table, URL slug and fields."""

    name: str
    fields: list[FieldSpec]
    timestamps: bool = True
    owner: str | None = None
    table: str = ""
    slug: str = ""

    def __post_init__(self):
        self.table = self.table or snake_case(self.name)
        self.slug = self.slug or self.name.lower()  # as the admin and API name their URLs

    @property
    def text_fields(self):
        return [spec for spec in self.fields if spec.kind in TEXT_TYPES]

    @property
    def foreign_keys(self):
        return [spec for spec in self.fields if spec.kind == "fk"]


class Now:
    """A default taken when the row is made: `datetime.datetime.now` or `datetime.date.today`."""

    def __init__(self, source, function):
        self.source = source
        self.function = function

    def __repr__(self):
        return self.source


NOW = Now("datetime.datetime.now", datetime.datetime.now)
TODAY = Now("datetime.date.today", datetime.date.today)


def snake_case(name):
    """`BlogPost` -> `blog_post`: the table name."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def check_model_name(name):
    if keyword.iskeyword(name) or hasattr(builtins, name):
        raise ScaffoldError(f"{name!r} is a Python keyword or built-in name: pick another.")
    if not MODEL_NAME.match(name):
        raise ScaffoldError(
            f"{name!r} is not a model name: use CamelCase letters and digits, e.g. BlogPost."
        )


def reserved_field_names(timestamps):
    """Names a field may not take: peewee's own Model attributes, `id`, and `created`."""
    names = {name for name in dir(Model) if not name.startswith("__")} | {"id"}
    if timestamps:
        names.add("created")
    return names


def parse_field(text):
    """One `name:type...` argument as a FieldSpec, or ScaffoldError saying what is wrong."""
    match = RELATION_SPEC.match(text) or FIELD_SPEC.match(text)
    if not match:
        raise ScaffoldError(
            f"{text!r}: write fields as name:type, e.g. title:str or author:fk=User."
        )
    name, kind = match["name"], match["type"]
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        raise ScaffoldError(f"{text!r}: {name!r} is a Python keyword: pick another name.")
    if not FIELD_NAME.match(name) or "__" in name:
        raise ScaffoldError(
            f"{text!r}: a field name is lowercase letters, digits and single underscores."
        )
    if kind not in TYPES:
        known = ", ".join(TYPES)
        raise ScaffoldError(f"{text!r}: unknown type {kind!r} (known: {known}).")
    spec = FieldSpec(name, kind)
    markers = match["markers"]
    if len(set(markers)) != len(markers):
        raise ScaffoldError(f"{text!r}: each of ? ! ^ at most once.")
    spec.null, spec.unique, spec.index = "?" in markers, "!" in markers, "^" in markers
    if kind in RELATION_TYPES:
        parse_relation(text, spec, match)
    else:
        parse_arguments(text, spec, match["args"])
        if match["default"] is not None:
            spec.default = parse_default(text, spec, match["default"])
            spec.has_default = True
    return spec


def parse_relation(text, spec, match):
    if "related" not in match.groupdict():
        raise ScaffoldError(
            f"{text!r}: name the related model, e.g. {spec.name}:{spec.kind}=User "
            "(a relation takes no arguments or default)."
        )
    if spec.kind == "m2m" and (spec.null or spec.unique or spec.index):
        raise ScaffoldError(f"{text!r}: a many-to-many field takes no ? ! ^ markers.")
    spec.related = match["related"]


def parse_arguments(text, spec, args):
    if args is None:
        return
    numbers = [int(part) for part in args.split(",") if part.isdigit()]
    if spec.kind == "str" and len(numbers) == 1 and numbers[0] > 0 and "," not in args:
        spec.max_length = numbers[0]
    elif spec.kind == "decimal" and len(numbers) == 2 and 0 <= numbers[1] < numbers[0] <= 1000:
        spec.max_digits, spec.decimal_places = numbers
    elif spec.kind in ("str", "decimal"):
        example = "str:80" if spec.kind == "str" else "decimal:10,2 (digits, places)"
        raise ScaffoldError(f"{text!r}: bad arguments {args!r}, e.g. {spec.name}:{example}.")
    else:
        raise ScaffoldError(f"{text!r}: type {spec.kind!r} takes no arguments.")


def parse_default(text, spec, raw):
    """The default as a Python value of the field's type."""
    try:
        return DEFAULT_PARSERS[spec.kind](raw, spec)
    except (ValueError, ArithmeticError) as error:
        hint = " Markers ? ! ^ go before the =." if raw[-1:] in ("?", "!", "^") else ""
        raise ScaffoldError(
            f"{text!r}: bad default {raw!r} for {spec.kind} ({error}).{hint}"
        ) from None


def parse_str(raw, spec):
    if spec.kind == "str" and len(raw) > spec.max_length:
        raise ValueError(f"longer than {spec.max_length}")
    if not raw.isprintable():
        raise ValueError("only printable characters")
    return raw


def parse_bool(raw, spec):
    if raw.lower() in TRUE:
        return True
    if raw.lower() in FALSE:
        return False
    raise ValueError("use true or false")


def parse_decimal(raw, spec):
    value = decimal.Decimal(raw)
    if not value.is_finite():
        raise ValueError("not a finite number")
    places = decimal.Decimal(1).scaleb(-spec.decimal_places)
    too_big = abs(value) >= 10 ** (spec.max_digits - spec.decimal_places)
    if too_big or value != value.quantize(places):
        raise ValueError(f"does not fit {spec.max_digits} digits, {spec.decimal_places} places")
    return value


def parse_date(raw, spec):
    return TODAY if raw == "today" else datetime.date.fromisoformat(raw)


def parse_datetime(raw, spec):
    return NOW if raw == "now" else datetime.datetime.fromisoformat(raw)


def parse_json(raw, spec):
    value = json.loads(raw)
    if isinstance(value, list | dict) and value:
        raise ValueError("a list or object default must be empty: [] or {}")
    return value


DEFAULT_PARSERS = {
    "str": parse_str,
    "text": parse_str,
    "int": lambda raw, spec: int(raw),
    "bigint": lambda raw, spec: int(raw),
    "float": lambda raw, spec: float(raw),
    "decimal": parse_decimal,
    "bool": parse_bool,
    "date": parse_date,
    "datetime": parse_datetime,
    "time": lambda raw, spec: datetime.time.fromisoformat(raw),
    "json": parse_json,
}


def parse_model(name, field_texts, timestamps=True, owner=None):
    """The whole command line as a ModelSpec; ScaffoldError on the first problem."""
    check_model_name(name)
    if not field_texts:
        raise ScaffoldError("Give at least one field, e.g. flask scaffold Post title:str.")
    fields = [parse_field(text) for text in field_texts]
    reserved = reserved_field_names(timestamps)
    seen = set()
    for spec in fields:
        column = f"{spec.name}_id" if spec.kind == "fk" else spec.name
        if spec.name in reserved:
            raise ScaffoldError(f"{spec.name!r} is a reserved name on a model: pick another.")
        if spec.name in seen or column in seen:
            raise ScaffoldError(f"{spec.name!r} is given twice (or clashes with a foreign key).")
        seen.update({spec.name, column})
    return ModelSpec(name, fields, timestamps=timestamps, owner=owner)
