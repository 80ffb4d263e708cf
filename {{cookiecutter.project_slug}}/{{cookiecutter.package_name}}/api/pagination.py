"""Pages of a list: `page` and `limit` for browsing, a signed `cursor` for going deep.

`?page=N` costs more the deeper it goes (the database skips N*limit rows) and counts every
row. `?cursor=...` resumes right after the last row seen (keyset pagination: a WHERE on the
ordering columns, which an index serves), so page 10,000 costs what page 1 does. Every list
answer carries the cursor for the rows after it in `meta.cursor`.
"""

import base64
import binascii
import hashlib
import hmac
import json
import math

from flask import current_app, request, url_for
from pydantic import ValidationError

from ..db import count_rows, rows_after
from .filters import bad_parameter
from .schemas import field_adapter, json_default

#: The largest `page` or `limit` (the document's maximum): beyond it is a 400.
LARGEST = 2**31


def int_parameter(name, default, low):
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise bad_parameter(name, "must be an integer") from None
    if value < low:
        raise bad_parameter(name, f"must be at least {low}")
    if value > LARGEST:
        raise bad_parameter(name, f"must be at most {LARGEST}")
    return value


# Cursors are signed with HMAC-SHA256 under a key derived from SECRET_KEY for this use
# alone. (itsdangerous, which signs the auth tokens, took ten times as long: it derives
# its key and tries to compress on every call, a cost every list page paid.)
_CURSOR_KEYS = {}


def cursor_key():
    secret = current_app.config["SECRET_KEY"]
    key = _CURSOR_KEYS.get(secret)
    if key is None:
        raw = secret.encode() if isinstance(secret, str) else secret
        key = _CURSOR_KEYS[secret] = hmac.new(raw, b"api-cursor", hashlib.sha256).digest()
    return key


def signature(body):
    digest = hmac.new(cursor_key(), body, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=")


def make_cursor(ordering, obj):
    """An opaque token for "after `obj`": its ordering values, as base64 JSON, and a
    signature, so that clients cannot forge the values in it."""
    values = [obj.__data__.get(field.name) for field, _ in ordering]
    names = [("-" if descending else "") + field.name for field, descending in ordering]
    payload = json.dumps({"o": names, "v": values}, default=json_default, separators=(",", ":"))
    body = base64.urlsafe_b64encode(payload.encode()).rstrip(b"=")
    return (body + b"." + signature(body)).decode()


def read_cursor(token, ordering):
    """The ordering values stored in `token`; it must come from this same ordering."""
    body, _, signed = token.encode("utf-8", "replace").rpartition(b".")
    if not body or not hmac.compare_digest(signed, signature(body)):
        raise bad_parameter("cursor", "not a cursor this API issued")
    try:
        payload = json.loads(base64.urlsafe_b64decode(body + b"=" * (-len(body) % 4)))
    except (binascii.Error, ValueError):
        raise bad_parameter("cursor", "not a cursor this API issued") from None
    names = [("-" if descending else "") + field.name for field, descending in ordering]
    if payload.get("o") != names or len(payload.get("v", ())) != len(ordering):
        raise bad_parameter("cursor", "issued for another ordering")
    try:
        return [
            None if value is None else field_adapter(field, nullable=False).validate_python(value)
            for (field, _), value in zip(ordering, payload["v"], strict=True)
        ]
    except ValidationError:
        raise bad_parameter("cursor", "not a cursor this API issued") from None


def sort_key(field, descending):
    """Nulls sort first going up and last going down, the same on SQLite and PostgreSQL."""
    if not field.null:
        return field.desc() if descending else field.asc()
    return field.desc(nulls="last") if descending else field.asc(nulls="first")


def page_url(**changes):
    args = request.args.to_dict(flat=False)
    args.update({key: [value] for key, value in changes.items()})
    for key in [key for key, value in changes.items() if value is None]:
        args.pop(key)
    return url_for(request.endpoint, **request.view_args, **args, _external=False)


def paginate(resource, query, ordering, plain):
    """One page of `query`: (objects, meta).

    `plain()` builds a query of the same rows as `query` without its joined relations:
    an offset page counts it and skips through it before the relations are joined (a
    cursor page needs neither).
    """
    # paginate_by None: the whole list in one page, as far as max_paginate_by allows.
    default = resource.paginate_by or resource.max_paginate_by
    limit = min(int_parameter("limit", default, 1), resource.max_paginate_by)
    order = [sort_key(field, descending) for field, descending in ordering]
    query = query.order_by(*order)
    token = request.args.get("cursor")
    if token is not None:
        if "page" in request.args:
            raise bad_parameter("page", "use either page or cursor")
        where = rows_after(ordering, read_cursor(token, ordering))
        rows = list(query.where(where).limit(limit + 1) if where is not None else [])
        meta = {"page": None, "page_count": None, "object_count": None, "previous": None}
        meta["object_count_approximate"] = False
    else:
        page = int_parameter("page", 1, 1)
        if page > 2**31:
            raise bad_parameter("page", "is too large")
        bare = plain()
        count = count_rows(bare)
        offset = (page - 1) * limit
        if offset:  # skip through the bare ids, then join only this page's rows
            window = bare.select(resource.pk).order_by(*order).limit(limit + 1).offset(offset)
            rows = list(query.where(resource.pk.in_(window)))
        else:
            rows = list(query.limit(limit + 1))
        meta = {
            "page": page,
            "page_count": max(math.ceil(count / limit), 1),
            "object_count": count,
            "object_count_approximate": count.approximate,
            "previous": page_url(page=page - 1, cursor=None) if page > 1 else None,
        }
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = make_cursor(ordering, rows[-1]) if more else None
    following = None
    if more:
        following = page_url(cursor=cursor) if token else page_url(page=meta["page"] + 1)
    meta = {"model": resource.slug, **meta, "next": following, "cursor": cursor}
    return rows, meta


def link_header(meta):
    """The RFC 8288 `Link` header for the next and previous pages."""
    links = [f'<{meta[rel]}>; rel="{rel}"' for rel in ("next", "previous") if meta.get(rel)]
    return ", ".join(links) or None
