"""The OpenAPI 3.1 document, generated from the registered resources.

Everything here is read from what serves requests: the exposed, writable and filterable
fields of each resource, its pydantic body models, its auth backend. Nothing is described
twice, so the document cannot drift from the behaviour.
"""

import copy

from flask import current_app

from .authentication import Authentication
from .filters import (
    LIST_OPERATORS,
    MAX_IN_VALUES,
    TEXT_OPERATORS,
    filter_targets,
    operators_for,
)
from .schemas import field_adapter

SECURITY_SCHEMES = {
    "basic": {"type": "http", "scheme": "basic"},
    "api_key": {"type": "http", "scheme": "bearer", "description": "An API key as a Bearer token"},
    "api_key_header": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": "session",
        "description": "The site's login session; writes also need the X-CSRFToken header",
    },
}
ERRORS = {
    "400": "Bad request: the message and `errors` say what to fix",
    "401": "Authentication required, or the credentials are wrong",
    "403": "Not allowed",
    "404": "No such object",
    "409": "Conflicts with stored data",
    "412": "The object changed since it was read (If-Match)",
    "413": "The body is too large",
    "415": "The body is not JSON",
    "429": "Too many requests (see Retry-After)",
}
PROBLEM = {
    "type": "object",
    "required": ["type", "title", "status", "detail", "error", "errors"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "error": {"type": "string", "description": "The detail again, for flask-peewee clients"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "pointer": {"type": "string", "description": "JSON pointer into the body"},
                    "parameter": {"type": "string", "description": "query parameter"},
                    "detail": {"type": "string"},
                },
            },
        },
    },
}
NULLABLE_INT = {"anyOf": [{"type": "integer"}, {"type": "null"}]}
NULLABLE_STR = {"anyOf": [{"type": "string"}, {"type": "null"}]}


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def json_content(schema, media_type="application/json"):
    return {media_type: {"schema": schema}}


def value_schema(field, mode="serialization", nullable=True):
    return field_adapter(field, nullable).json_schema(mode=mode)


def object_schema(resource):
    """What a read returns: every exposed field (any may be left out with `fields=`)."""
    properties = {}
    for name, field in resource.exposed.items():
        if name in resource.nested:
            nested = object_schema(resource.nested[name])
            properties[name] = {"anyOf": [nested, {"type": "null"}]} if field.null else nested
        else:
            properties[name] = value_schema(field)
    return {"type": "object", "properties": properties, "additionalProperties": False}


def list_schema(name):
    meta = {
        "type": "object",
        "properties": {
            "model": {"type": "string"},
            "page": NULLABLE_INT,
            "page_count": NULLABLE_INT,
            "object_count": NULLABLE_INT,
            "object_count_approximate": {
                "type": "boolean",
                "description": "True when object_count is a recent count of a big table "
                "(db.COUNT_CACHE_ROWS rows or more, or one slow to count), not one made "
                "for this request",
            },
            "previous": NULLABLE_STR,
            "next": NULLABLE_STR,
            "cursor": {**NULLABLE_STR, "description": "Send as ?cursor= for the rows after"},
        },
        "required": [
            "model",
            "page",
            "page_count",
            "object_count",
            "object_count_approximate",
            "previous",
            "next",
        ],
    }
    return {
        "type": "object",
        "properties": {"meta": meta, "objects": {"type": "array", "items": ref(name)}},
        "required": ["meta", "objects"],
    }


def body_schema(model, schemas):
    """A pydantic body model's JSON Schema; its definitions move to components."""
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(schema.pop("$defs", {}))
    return schema


def names_pattern(names, signed=False):
    """A regex for a comma-separated list of `names` (each maybe with a leading `-`)."""
    one = ("-?" if signed else "") + "(" + "|".join(sorted(names)) + ")"
    return f"^{one}(,{one})*$"


def filter_parameters(resource):
    """One query parameter per filter the resource accepts, typed like the field, and its
    negation (`-name`). Each may be repeated: the rows match any of the values (OR). Each is
    marked with its field (`x-filter-field`) so readers can group a field's operators."""
    parameters = []
    for name, (owner, field_name, _) in filter_targets(resource).items():
        field = owner.model._meta.fields[field_name]
        for op in operators_for(field):
            if op == "isnull":
                schema = {"type": "boolean"}
            elif op == "is":
                schema = {"type": "string", "enum": ["null"]}
            elif op in TEXT_OPERATORS or op in LIST_OPERATORS or op == "between":
                schema = {"type": "string"}
            else:
                schema = value_schema(field, "validation", nullable=False)
            key = name if op == "eq" else f"{name}__{op}"
            help_text = FILTER_HELP.get(op, op)
            for prefix, meaning in (("", help_text), ("-", f"NOT {help_text}")):
                parameters.append(
                    {
                        "name": prefix + key,
                        "in": "query",
                        "description": f"{meaning}. Repeat the parameter to match any value (OR).",
                        # Groups a field's filters into one entry on the docs page (docs.js).
                        "x-filter-field": name,
                        "style": "form",
                        "explode": True,
                        "schema": {
                            "type": "array",
                            "items": copy.deepcopy(schema),
                            "maxItems": MAX_IN_VALUES,
                        },
                    }
                )
    return parameters


FILTER_HELP = {
    "eq": "equal to",
    "ne": "not equal to",
    "lt": "less than",
    "lte": "less than or equal to",
    "gt": "greater than",
    "gte": "greater than or equal to",
    "in": "one of a comma-separated list",
    "not_in": "none of a comma-separated list",
    "between": "between two comma-separated values, both included",
    "isnull": "null (true) or not null (false)",
    "is": "`null`: is null",
    "contains": "contains (case-sensitive)",
    "icontains": "contains (any case)",
    "startswith": "starts with (case-sensitive)",
    "istartswith": "starts with (any case)",
}


def list_parameters(resource):
    return [
        {
            "name": "page",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": 2**31},
        },
        {
            "name": "limit",
            "in": "query",
            "description": f"Objects per page (at most {resource.max_paginate_by})",
            "schema": {"type": "integer", "minimum": 1, "maximum": 2**31},
        },
        {"name": "cursor", "in": "query", "schema": {"type": "string"}},
        {
            "name": "ordering",
            "in": "query",
            "schema": {"type": "string", "pattern": names_pattern(resource.exposed, True)},
        },
        fields_parameter(resource),
        *filter_parameters(resource),
    ]


def fields_parameter(resource):
    pattern = names_pattern(resource.exposed)
    return {"name": "fields", "in": "query", "schema": {"type": "string", "pattern": pattern}}


def security(resource, method):
    """Who may call: open reads list `{}` (no credentials) as one of the options."""
    auth = resource.auth
    schemes = {"basic": ["basic"], "api_key": ["api_key", "api_key_header"], "session": ["session"]}
    options = [
        {scheme: []} for kind in getattr(auth, "credentials", ()) for scheme in schemes[kind]
    ]
    if method.upper() not in auth.protected_methods or type(auth) is Authentication:
        options.append({})
    return options


def responses(success, *codes):
    answers = dict(success)
    for code in codes:
        answers[code] = {
            "description": ERRORS[code],
            "content": json_content(ref("Problem"), "application/problem+json"),
        }
    return answers


def operations(resource, name, schemas):
    """The path items for one resource: its list URL and its detail URL."""
    ok = {"description": "OK", "content": json_content(ref(name))}
    pk = {"name": "pk", "in": "path", "required": True}
    pk["schema"] = value_schema(resource.pk, "validation", nullable=False)
    schemas[f"{name}Create"] = body_schema(resource.create_schema, schemas)
    schemas[f"{name}Update"] = body_schema(resource.update_schema, schemas)
    etag = {"ETag": {"schema": {"type": "string"}}}
    if_match = {"name": "If-Match", "in": "header", "schema": {"type": "string"}}
    writes = ("400", "401", "403", "404", "409", "412", "413", "415", "429")

    def operation(method, summary, answers, **extra):
        return {
            "summary": summary,
            "operationId": f"{method}_{resource.slug}_{summary.split()[0].lower()}",
            "security": security(resource, method),
            "responses": answers,
            **extra,
        }

    listing = {
        "get": operation(
            "get",
            f"List {resource.slug} objects",
            responses(
                {"200": {"description": "A page", "content": json_content(ref(f"{name}List"))}},
                "400",
                "401",
                "403",
                "429",
            )
            # Answered by the web server itself (gunicorn: request lines over 4094 bytes).
            | {"414": {"description": "The URL, with its query string, is too long"}},
            parameters=list_parameters(resource),
        ),
        "post": operation(
            "post",
            f"Create a {resource.slug}",
            responses(
                {
                    "201": {
                        **ok,
                        "description": "Created",
                        "headers": {"Location": {"schema": {"type": "string"}}},
                    }
                },
                "400",
                "401",
                "403",
                "409",
                "413",
                "415",
                "429",
            ),
            requestBody={"required": True, "content": json_content(ref(f"{name}Create"))},
        ),
    }
    update_body = {"required": True, "content": json_content(ref(f"{name}Update"))}
    detail = {
        "parameters": [pk],
        "get": operation(
            "get",
            f"Read a {resource.slug}",
            responses(
                {"200": {**ok, "headers": etag}, "304": {"description": "Not modified"}},
                "400",
                "401",
                "403",
                "404",
                "429",
            ),
            parameters=[fields_parameter(resource)],
        ),
        "put": operation(
            "put",
            f"Update a {resource.slug}",
            responses({"200": ok}, *writes),
            parameters=[if_match],
            requestBody=update_body,
        ),
        "patch": operation(
            "patch",
            f"Change a {resource.slug}",
            responses({"200": ok}, *writes),
            parameters=[if_match],
            requestBody=update_body,
        ),
        "delete": operation(
            "delete",
            f"Delete a {resource.slug}",
            responses(
                {
                    "200": {
                        "description": "Deleted",
                        "content": json_content(
                            {"type": "object", "properties": {"deleted": {"type": "integer"}}}
                        ),
                    }
                },
                "400",
                "401",
                "403",
                "404",
                "409",
                "412",
                "429",
            ),
            parameters=[if_match],
        ),
    }
    return allowed(resource, listing), allowed(resource, detail)


def allowed(resource, path_item):
    """The path item without the operations the resource switched off."""
    return {
        key: value
        for key, value in path_item.items()
        if key == "parameters" or key.upper() in resource.allowed_methods
    }


def document(api):
    """The whole OpenAPI 3.1 document for `api`."""
    schemas = {"Problem": PROBLEM}
    paths = {}
    for slug, resource in sorted(api.resources.items()):
        name = resource.model.__name__
        schemas[name] = object_schema(resource)
        schemas[f"{name}List"] = list_schema(name)
        listing, detail = operations(resource, name, schemas)
        paths[f"{api.prefix}/{slug}/"] = listing
        paths[f"{api.prefix}/{slug}/" + "{pk}/"] = detail
    return {
        "openapi": "3.1.0",
        "info": {
            "title": api.title or current_app.config.get("SITE_NAME", "API"),
            "version": "1.0.0",
        },
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": SECURITY_SCHEMES},
    }
