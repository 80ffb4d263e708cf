"""The five operations on a resource: request in, one or two queries, JSON out."""

import contextlib
import hashlib
import json

from flask import current_app, g, request, url_for
from peewee import DataError, ForeignKeyField, IntegrityError
from pydantic import ValidationError

from .errors import ApiError
from .filters import filter_query, parse_fields, parse_ordering
from .pagination import link_header, paginate
from .schemas import json_default
from .writes import prepare_body


def json_text(data):
    return json.dumps(data, default=json_default)


def to_json(data, status=200, headers=None):
    body = json_text(data)
    return current_app.response_class(body, status, headers, mimetype="application/json")


def forbidden():
    return ApiError(403, "You may not do this to this object.")


# -- reading ------------------------------------------------------------------


def list_objects(resource):
    """GET /api/<slug>/: a page of objects, filtered and ordered by the query string."""
    if not resource.check_get(None):
        raise forbidden()
    only = parse_fields(resource, request.args.get("fields"))
    ordering = parse_ordering(resource, request.args.get("ordering"))
    query, joined = resource.with_related(resource.get_query())
    query = filter_query(resource, query, request.args, joined)

    def plain():  # the same rows without the nested relations: cheaper to count and skip
        return filter_query(resource, resource.get_query(), request.args, {})

    rows, meta = paginate(resource, query, ordering, plain)
    body = {"meta": meta, "objects": [resource.serialize(obj, only) for obj in rows]}
    link = link_header(meta)
    return to_json(body, headers={"Link": link} if link else None)


def fetch(resource, pk):
    """The object `pk` with its included relations, in one query; 404 if not readable."""
    try:
        value = resource.pk_adapter.validate_strings(pk)
    except ValidationError:
        value = None
    if value is None:
        obj = None
    elif resource.reads_every_row():
        obj = resource.by_pk.first(resource.pk.db_value(value))
    else:
        obj = resource.detail_query(value).first()
    if obj is None:
        raise ApiError(404, f"No {resource.slug} with id {pk!r}.")
    return obj


def etag(resource, obj, body=None):
    """A strong validator for the object's full representation (`body`: its JSON text,
    if already written)."""
    body = json_text(resource.serialize(obj)) if body is None else body
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:32]


def detail(resource, obj):
    """The object as JSON, with an ETag; `If-None-Match` with that tag answers 304."""
    only = parse_fields(resource, request.args.get("fields"))
    body = json_text(resource.serialize(obj, only))
    response = current_app.response_class(body, mimetype="application/json")
    response.set_etag(etag(resource, obj, body if only is None else None))
    return response.make_conditional(request)


def get_object(resource, pk):
    """GET /api/<slug>/<pk>/."""
    obj = fetch(resource, pk)
    if not resource.check_get(obj):
        raise forbidden()
    return detail(resource, obj)


# -- writing ------------------------------------------------------------------


def reject_constant(name):
    raise ValueError(f"{name} is not JSON")


def read_body(resource, partial, obj=None):
    """The request's JSON object, validated by the resource's pydantic model:
    (values, nested objects to write; see writes.py)."""
    if not request.mimetype or not (
        request.mimetype == "application/json" or request.mimetype.endswith("+json")
    ):
        raise ApiError(415, "Send the body as JSON (Content-Type: application/json).")
    raw = request.get_data(cache=False)  # over MAX_CONTENT_LENGTH: 413
    try:
        data = json.loads(raw, parse_constant=reject_constant)
    except ValueError:
        raise ApiError(400, "The body is not valid JSON.") from None
    return validate_body(resource, data, partial, obj, raw)


def validate_body(resource, data, partial, obj=None, raw=None, at=""):
    """Validate one JSON object for `resource` (`at`: its place in the body, for errors)."""
    if not isinstance(data, dict):
        raise ApiError(400, f"The body{' at ' + at if at else ''} must be a JSON object.")
    prepared, nested, sent_as = prepare_body(resource, data, obj, at)
    refused = [sent_as[name] for name in prepared if name not in resource.writable]
    if refused:
        errors = [{"pointer": f"{at}/{name}", "detail": "not a writable field"} for name in refused]
        raise ApiError(400, f"Field {at}/{refused[0]} cannot be written.", errors)
    if raw is None or prepared != data:
        raw = json.dumps(prepared)
    # A nested object stands in for its foreign key: required, but written later.
    schema = resource.update_schema if partial or nested else resource.create_schema
    missing = [] if partial or not nested else required_missing(resource, prepared, nested)
    if missing:
        errors = [{"pointer": f"{at}/{name}", "detail": "Field required"} for name in missing]
        raise ApiError(400, f"Invalid {at}/{missing[0]}: Field required", errors)
    try:
        values = schema.model_validate_json(raw).model_dump(exclude_unset=True)
    except ValidationError as exc:
        errors = [
            {"pointer": f"{at}/" + "/".join(map(str, error["loc"])), "detail": error["msg"]}
            for error in exc.errors()
        ]
        raise ApiError(
            400, f"Invalid {errors[0]['pointer']}: {errors[0]['detail']}", errors
        ) from None
    check_related_exist(resource, values, at)
    return values, nested


def required_missing(resource, data, nested):
    """Fields a create needs that neither the body nor a nested object gives."""
    return [
        name
        for name, info in resource.create_schema.model_fields.items()
        if info.is_required() and name not in data and name not in nested
    ]


def write_nested(resource, values, nested, obj=None, at=""):
    """Write each nested object through the related model's own resource (its auth and
    check_* rules), then point the foreign key at it. Runs inside the write's transaction."""
    for name, body in nested.items():
        field, here = resource.exposed[name], f"{at}/{name}"
        related = resource.api.resource_for(field.rel_model) or resource.nested[name]
        related.auth.authorize()
        row_id = body.get(related.pk.name)
        if row_id is None:
            if "POST" not in related.allowed_methods:
                raise ApiError(403, f"You may not create a {related.slug} here.")
            data, inner = validate_body(related, body, partial=False, at=here)
            write_nested(related, data, inner, at=here)
            row = related.build_object(data)
            if not related.check_post(row):
                raise forbidden()
            related.save_object(row, {}, created=True)
        else:
            try:
                row_id = related.pk_adapter.validate_json(json.dumps(row_id))
            except ValidationError:
                row_id = None
            row = related.get_query().where(related.pk == row_id).first() if row_id else None
            if row is None:
                raise ApiError(
                    400,
                    f"Invalid {here}: no {related.slug} with id {body[related.pk.name]!r}",
                    [{"pointer": f"{here}/{related.pk.name}", "detail": "no such object"}],
                )
            data, inner = validate_body(related, body, partial=True, obj=row, at=here)
            if data or inner:
                may_change = {"PUT", "PATCH"} & set(related.allowed_methods)
                if not may_change or not related.check_put(row):
                    raise forbidden()
                write_nested(related, data, inner, row, here)
                related.save_object(row, data)
        if name in resource.writable:
            values[name] = row.get_id()
        elif obj is None or row.get_id() != obj.__data__.get(name):
            raise ApiError(400, f"Field {here} cannot be written.")


def check_related_exist(resource, values, at=""):
    """A foreign key must name a row that exists (a clear 400, not a database error)."""
    for name, value in values.items():
        field = resource.writable[name]
        if value is None or not isinstance(field, ForeignKeyField):
            continue
        if not field.rel_model.select().where(field.rel_field == value).exists():
            message = f"no {field.rel_model._meta.name} with id {value!r}"
            errors = [{"pointer": f"{at}/{name}", "detail": message}]
            raise ApiError(400, f"Invalid {at}/{name}: {message}", errors)


def check_if_match(resource, obj):
    """`If-Match` on a write: refuse (412) when the client's copy is out of date."""
    if "If-Match" in request.headers and not request.headers["If-Match"].strip():
        raise ApiError(400, "If-Match must be an ETag (or *); this one is empty.")
    if "If-Match" in request.headers and etag(resource, obj) not in request.if_match:
        raise ApiError(412, "The object changed since you read it: fetch it again.")


@contextlib.contextmanager
def saving(resource):
    """A transaction: all of the write or none of it; constraint failures are a clear 4xx."""
    try:
        with resource.model._meta.database.atomic():
            yield
    except IntegrityError:
        raise ApiError(
            409, "The change conflicts with stored data (a duplicate or missing value)."
        ) from None
    except DataError:
        raise ApiError(400, "A value does not fit its database column.") from None


def create_object(resource):
    """POST /api/<slug>/: 201 with the new object and its `Location`."""
    data, nested = read_body(resource, partial=False)
    with saving(resource):
        write_nested(resource, data, nested)
        obj = resource.build_object(data)
        if not resource.check_post(obj):
            raise forbidden()
        resource.save_object(obj, {}, created=True)
    if not resource.shows_as_stored(obj):
        obj = fetch(resource, str(obj.get_id()))
    response = detail(resource, obj)
    response.status_code = 201
    location = url_for(f"{request.blueprint}.detail", slug=resource.slug, pk=obj.get_id())
    response.headers["Location"] = location
    return response


def update_object(resource, pk):
    """PUT or PATCH /api/<slug>/<pk>/: change the fields sent, leave the others."""
    obj = fetch(resource, pk)
    if not resource.check_put(obj):
        raise forbidden()
    # A bad body is a 400 whatever If-Match says; a good one with a stale copy, a 412.
    data, nested = read_body(resource, partial=True, obj=obj)
    check_if_match(resource, obj)
    with saving(resource):
        write_nested(resource, data, nested, obj)
        resource.save_object(obj, data)
    return detail(resource, fetch(resource, pk))


def delete_object(resource, pk):
    """DELETE /api/<slug>/<pk>/."""
    obj = fetch(resource, pk)
    if not resource.check_delete(obj):
        raise forbidden()
    check_if_match(resource, obj)
    with saving(resource):
        obj.delete_instance()
    return to_json({"deleted": 1})


def dispatch(resource, pk=None):
    """Check the method, authenticate, then run the operation for this method and URL."""
    methods = ("GET", "POST") if pk is None else ("GET", "PUT", "PATCH", "DELETE")
    allowed = [method for method in methods if method in resource.allowed_methods]
    allow = ", ".join([*allowed, "HEAD", "OPTIONS"] if "GET" in allowed else [*allowed, "OPTIONS"])
    if request.method == "OPTIONS":  # the resource's own methods, not every route's
        return current_app.response_class(status=200, headers={"Allow": allow})
    if ("GET" if request.method == "HEAD" else request.method) not in allowed:
        raise ApiError(405, f"{request.method} is not allowed here.", headers={"Allow": allow})
    g.api_user = resource.auth.authorize()
    if pk is None:
        return create_object(resource) if request.method == "POST" else list_objects(resource)
    if request.method in ("PUT", "PATCH"):
        return update_object(resource, pk)
    if request.method == "DELETE":
        return delete_object(resource, pk)
    return get_object(resource, pk)
