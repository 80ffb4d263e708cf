"""The practical limit: the bench's workloads written as directly as Flask + peewee allow.

Same tables and data as the baked project (point DATABASE at its SQLite file), no
abstraction layers: each view is one or two queries, a dict, and JSON or a template
compiled once. The baked project should reach >= 0.8x of this.

    DATABASE=sqlite:////path/app.db gunicorn -w 1 'app:app'
    DATABASE=... python app.py create-token USERNAME   # prints a bearer token
"""

import base64
import csv
import datetime
import hashlib
import hmac
import io
import json
import os
import secrets
import sys
import time
from urllib.parse import urlencode

import bcrypt
from flask import Flask, Response, abort, g, redirect, request, session
from markupsafe import Markup
from peewee import (
    JOIN,
    SQL,
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    Model,
    TextField,
    fn,
)
from playhouse.db_url import connect

# The baked project's per-connection pragmas (the file is already in WAL mode).
PRAGMAS = {"foreign_keys": 1, "synchronous": "normal"}
URL = os.environ.get("DATABASE", "sqlite:///app.db")
database = connect(URL, **({"pragmas": PRAGMAS, "timeout": 5} if URL.startswith("sqlite") else {}))
MAX_LIMIT = 100
LOOKUP_LIMIT = 100  # the baked admin's FK_SELECT_LIMIT


class BaseModel(Model):
    class Meta:
        database = database


class User(BaseModel):
    username = CharField(unique=True)
    email = CharField(unique=True)
    password = CharField()
    active = BooleanField(default=True)
    admin = BooleanField(default=False)
    staff = BooleanField(default=False)
    join_date = DateTimeField(default=datetime.datetime.now)
    last_login = DateTimeField(null=True)

    class Meta:
        table_name = "user"


class Message(BaseModel):
    user = ForeignKeyField(User, backref="messages", on_delete="CASCADE")
    content = TextField()
    pub_date = DateTimeField(default=datetime.datetime.now)

    class Meta:
        table_name = "message"


class Tag(BaseModel):
    name = CharField(unique=True)

    class Meta:
        table_name = "tag"


class MessageTag(BaseModel):
    message = ForeignKeyField(Message, on_delete="CASCADE")
    tag = ForeignKeyField(Tag, on_delete="CASCADE")

    class Meta:
        table_name = "message_tag"


class ApiToken(BaseModel):
    """The bench's own token table (sha256 of the token), shared with the peer app."""

    token_hash = CharField(unique=True)
    user = ForeignKeyField(User, on_delete="CASCADE")

    class Meta:
        table_name = "bench_api_token"


app = Flask(__name__)
app.secret_key = os.environ.get("SECRET_KEY") or secrets.token_hex(32)
app.config["SESSION_COOKIE_SECURE"] = False


@app.before_request
def open_connection():
    database.connect(reuse_if_open=True)
    g.user = None
    if "uid" in session:
        g.user = User.get_or_none((User.id == session["uid"]) & (User.active == True))  # noqa: E712


# The headers the baked project sends with every response.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


@app.after_request
def security_headers(response):
    response.headers.update(SECURITY_HEADERS)
    return response


@app.teardown_request
def close_connection(exc):
    if not database.is_closed():
        database.close()


def iso(value):
    """RFC 3339 with the UTC offset, as the baked API writes stored (local) times."""
    return value.astimezone().isoformat() if value else None


def json_response(data, status=200, **headers):
    return Response(json.dumps(data), status, mimetype="application/json", headers=headers)


# -- API ---------------------------------------------------------------------

MESSAGE_COLUMNS = (
    Message.id,
    Message.content,
    Message.pub_date,
    User.id,
    User.username,
    User.active,
    User.admin,
    User.staff,
    User.join_date,
    User.last_login,
)


def message_dict(row):
    """The baked API's JSON for a message, user nested (same keys, same order)."""
    mid, content, pub_date, *user = row
    return {"id": mid, "user": user_dict(*user), "content": content, "pub_date": iso(pub_date)}


def user_dict(uid, username, active, admin, staff, join_date, last_login):
    return {
        "id": uid,
        "username": username,
        "active": active,
        "admin": admin,
        "staff": staff,
        "join_date": iso(join_date),
        "last_login": iso(last_login),
    }


NEWEST = (Message.pub_date.desc(), Message.id.desc())


def count_of(query):
    """COUNT(*) of a plain query, without peewee's wrapping subquery."""
    return query.select(fn.COUNT(SQL("*"))).scalar()


# A search counts its matches no further than this (the baked admin's search_count_limit).
SEARCH_COUNT_LIMIT = 1000

# A whole table of BIG rows or more, or of SLOW_ROWS or more whose count took SLOW
# seconds, is counted once a minute, as the baked project does (db.count_rows).
BIG, FRESH, SLOW_ROWS, SLOW = 200_000, 60, 10_000, 0.005
SIZES = {}


def table_count(table):
    """(count, approximate): a big table's count of the last minute is reused."""
    known = SIZES.get(table)
    if known and time.monotonic() - known[1] < FRESH:
        return known[0], True
    started = time.perf_counter()
    count = database.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
    if count >= BIG or (count >= SLOW_ROWS and time.perf_counter() - started >= SLOW):
        SIZES[table] = (count, time.monotonic())
    return count, False


def shown(count, approximate):
    """A count as the baked admin writes it (Count.shown)."""
    return f"about {count:,}" if approximate else str(count)


def messages_with_users():
    return Message.select(*MESSAGE_COLUMNS).join(User)


# Cursors are signed, as the baked API's are: a client cannot forge the values in one.
CURSOR_KEY = hashlib.sha256(b"cursor" + app.secret_key.encode()).digest()


def sign(payload):
    return base64.urlsafe_b64encode(hmac.digest(CURSOR_KEY, payload, "sha1")[:15])


def encode_cursor(row):
    """After `row` (a tuple of MESSAGE_COLUMNS) in the NEWEST order."""
    payload = base64.urlsafe_b64encode(json.dumps([row[2].isoformat(), row[0]]).encode())
    return (payload + b"." + sign(payload)).decode()


def decode_cursor(token):
    payload, _, signature = token.encode().partition(b".")
    if not hmac.compare_digest(sign(payload), signature):
        abort(400)
    date, last_id = json.loads(base64.urlsafe_b64decode(payload))
    return datetime.datetime.fromisoformat(date), last_id


def page_link(**changes):
    """This list's URL with `changes` to its query string (None removes a parameter)."""
    args = {**request.args.to_dict(), **changes}
    return f"{request.path}?{urlencode({k: v for k, v in args.items() if v is not None})}"


def list_response(rows, meta, limit, more):
    """The baked API's list body and Link header for `rows` (tuples)."""
    meta["cursor"] = encode_cursor(rows[-1]) if more else None
    links = [f'<{meta[rel]}>; rel="{rel}"' for rel in ("next", "previous") if meta.get(rel)]
    body = {"meta": meta, "objects": [message_dict(row) for row in rows]}
    return json_response(body, **({"Link": ", ".join(links)} if links else {}))


@app.get("/api/message/")
def api_list():
    args = request.args
    try:
        limit = min(int(args.get("limit", 20)), MAX_LIMIT)
        page = int(args.get("page", 1))
    except ValueError:
        abort(400)
    query, plain = messages_with_users(), Message.select()
    if "user" in args:
        query = query.where(Message.user == args["user"])
        plain = plain.where(Message.user == args["user"])
    # Newest first, like the baked API's default ordering; id breaks ties.
    query = query.order_by(*NEWEST)
    if "cursor" in args:
        # Keyset page: rows after the last (pub_date, id) seen; cost does not grow with depth.
        date, last_id = decode_cursor(args["cursor"])
        # The bound on pub_date alone lets SQLite seek in its index; the OR alone scans.
        query = query.where(
            (Message.pub_date <= date) & ((Message.pub_date < date) | (Message.id < last_id))
        )
        rows = list(query.limit(limit + 1).tuples())
        more, rows = len(rows) > limit, rows[:limit]
        meta = {"model": "message", "page": None, "page_count": None, "object_count": None}
        meta["previous"], meta["object_count_approximate"] = None, False
        meta["next"] = page_link(cursor=encode_cursor(rows[-1])) if more else None
        return list_response(rows, meta, limit, more)
    # Count the bare rows (no join), and skip through bare ids before joining the page.
    count, approximate = (count_of(plain), False) if "user" in args else table_count("message")
    offset = (page - 1) * limit
    if offset:
        window = plain.select(Message.id).order_by(*NEWEST).limit(limit + 1).offset(offset)
        query = query.where(Message.id.in_(window))
    else:
        query = query.limit(limit + 1)
    rows = list(query.tuples())
    more, rows = len(rows) > limit, rows[:limit]
    meta = {
        "model": "message",
        "page": page,
        "page_count": max(-(-count // limit), 1),
        "object_count": count,
        "object_count_approximate": approximate,
        "previous": page_link(page=page - 1, cursor=None) if page > 1 else None,
        "next": page_link(page=page + 1) if more else None,
    }
    return list_response(rows, meta, limit, more)


@app.get("/api/message/<int:pk>/")
def api_detail(pk):
    row = messages_with_users().where(Message.id == pk).tuples().first()
    if row is None:
        return json_response({"error": "Not found"}, 404)
    return with_etag(json_response(message_dict(row)))


def with_etag(response):
    """The ETag the baked API sends with an object; If-None-Match answers 304."""
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
    return response.make_conditional(request)


def password_ok(raw, hashed):
    # The baked project's scheme: bcrypt over the base64 SHA-256 digest of the password.
    digest = base64.b64encode(hashlib.sha256(raw.encode()).digest())
    return bcrypt.checkpw(digest, hashed.encode())


def api_user():
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        token_hash = hashlib.sha256(header[7:].strip().encode()).hexdigest()
        row = (
            ApiToken.select(ApiToken, User)
            .join(User)
            .where(ApiToken.token_hash == token_hash)
            .first()
        )
        return row.user if row else None
    basic = request.authorization
    if basic:
        user = User.get_or_none(User.username == basic.username)
        if user and user.active and password_ok(basic.password or "", user.password):
            return user
    return None


@app.post("/api/message/")
def api_create():
    user = api_user()
    if user is None:
        return json_response({"error": "Authentication required"}, 401)
    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not isinstance(data.get("content"), str):
        return json_response({"error": "content is required"}, 400)
    message = Message.create(user=user, content=data["content"])
    # The stored row is what was just written: the same JSON as a read, without one.
    fields = (user.id, user.username, user.active, user.admin, user.staff, user.join_date)
    body = {
        "id": message.id,
        "user": user_dict(*fields, user.last_login),
        "content": message.content,
        "pub_date": iso(message.pub_date),
    }
    response = with_etag(json_response(body))
    response.status_code = 201
    response.headers["Location"] = f"/api/message/{message.id}/"
    return response


# -- site and admin ----------------------------------------------------------

# -- the admin's pages as the baked admin renders them -----------------------------
# Every admin page has the same frame: the models the user may view, their name and a
# log-out form with its CSRF token. Concatenated into each template once, at import.

ADMIN_TOP = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} · Message Board</title><link rel="stylesheet" href="/admin/static/admin.css">
<script src="/admin/static/admin.js" defer></script><script src="/admin/static/combobox.js" defer>
</script><script src="/admin/static/popups.js" defer></script><script
src="/admin/static/inlines.js" defer></script><script src="/admin/static/duallist.js" defer>
</script>
</head><body><a class="skip-link" href="#admin-main-content">Skip to content</a>
<header class="admin-header"><a class="admin-brand" href="/admin/">Admin</a>
<nav class="admin-models" aria-label="Models">{% for slug, label in chrome.nav %}<a
href="/admin/{{ slug }}/"{% if slug == chrome.current %} aria-current="page"{% endif %}>{{ label
}}</a>{% endfor %}</nav><nav class="admin-account" aria-label="Account"><a href="/">View site</a>
<span class="admin-user">{{ chrome.username }}</span><form class="inline" method="post"
action="/accounts/logout/"><input name="csrf_token" type="hidden" value="{{ chrome.csrf }}">
<button type="submit" class="link-button">Log out</button></form></nav></header>
<main id="admin-main-content" class="admin-main">"""
ADMIN_END = "</main></body></html>"

PAGE = app.jinja_env.from_string("""<!doctype html><html lang="en"><head><title>{{ title }}</title>
</head><body><h1>{{ title }}</h1>{% if count is not none %}<p>{{ count }} messages</p>{% endif %}
<table><thead><tr><th>User</th><th>Content</th><th>Date</th><th>Tags</th></tr></thead><tbody>
{% for m in messages %}<tr><td><a href="/users/{{ m.user.username }}/">{{ m.user.username }}</a>
</td><td>{{ m.content }}</td><td>{{ m.pub_date.strftime('%Y-%m-%d %H:%M') }}</td>
<td>{{ tags.get(m.id, [])|join(', ') }}</td></tr>
{% endfor %}</tbody></table>{% if page > 1 %}<a href="?page={{ page - 1 }}">Previous</a>{% endif %}
<a href="?page={{ page + 1 }}">Next</a></body></html>""")

DASHBOARD = app.jinja_env.from_string(
    ADMIN_TOP
    + """<h1>Dashboard</h1><div class="dashboard"><section class="panels" aria-label="Panels">
<section class="panel" aria-labelledby="panel-notes"><h2 id="panel-notes">Notes</h2><form
method="post" action="/admin/panels/notes/create/" class="note-form"><input name="csrf_token"
type="hidden" value="{{ chrome.csrf }}"><label for="note-message">New note</label><textarea
id="note-message" name="message" rows="2" maxlength="1000" required></textarea><button
type="submit">Add note</button></form><ul class="notes">{% for text, at, who in notes %}<li>{{ text
}} <span class="muted">{{ who }}, {{ at }}</span></li>{% else %}<li class="muted">No notes yet.</li>
{% endfor %}</ul></section><section class="panel" aria-labelledby="panel-signups"><h2
id="panel-signups">Signups</h2><figure class="signups"><svg class="chart" viewBox="0 0 300 80"
role="img" aria-labelledby="signups-title signups-desc"><title id="signups-title">New users per
day, last 30 days</title><desc id="signups-desc">{{ total }} signups in total; the busiest day had
{{ busiest }}.</desc><line class="axis" x1="0" y1="79" x2="300" y2="79"></line>
{% for day, n in days %}{% set height = 77 * n / busiest if busiest else 0 %}<rect class="bar"
x="{{ '%.1f' % (loop.index0 * 10) }}" y="{{ '%.1f' % (79 - height) }}" width="8.0" height="{{
'%.1f' % height }}"><title>{{ day }}: {{ n }}</title></rect>{% endfor %}</svg><figcaption>{{ total
}} new users in the last 30 days ({{ days[0][0] }} to {{ days[-1][0] }}).</figcaption></figure>
</section></section><section class="dashboard-models" aria-labelledby="models-heading"><h2
id="models-heading">Models</h2><table class="compact"><thead><tr><th scope="col">Model</th><th
scope="col" class="num">Rows</th><th scope="col"><span class="visually-hidden">Add</span></th>
</tr></thead><tbody>{% for slug, label, count in counts %}<tr><th scope="row"><a
href="/admin/{{ slug }}/">{{ label }}</a></th><td class="num">{{ count }}</td><td>{% if can(slug
~ ".add") %}<a href="/admin/{{ slug }}/add/" aria-label="Add {{ slug }}">Add</a>{% endif %}</td>
</tr>{% endfor %}</tbody></table></section><section class="recent-actions"
aria-labelledby="recent-heading"><h2 id="recent-heading">Recent actions</h2>{% for who, at, action,
model, what in actions %}<li>{{ who }} {{ action }} {{ model }} {{ what }} ({{ at }})</li>{% else
%}<p class="muted">Nothing yet.</p>{% endfor %}</section></div>"""
    + ADMIN_END
)

EDIT = app.jinja_env.from_string(
    ADMIN_TOP
    + """<nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="/admin/">Dashboard</a> › <a
href="/admin/message/">Messages</a> › <a href="/admin/message/{{ m.id }}/">{{ name|truncate(40)
}}</a> › <span aria-current="page">Edit</span></nav><div class="list-heading"><h1>Edit message
“{{ name|truncate(60) }}”</h1><a href="/admin/message/{{ m.id }}/history/">History</a></div><form
method="post" class="model-form" novalidate><input name="csrf_token" type="hidden"
value="{{ chrome.csrf }}">
<div class="field"><label for="user">User</label><div class="related-control"><input
aria-describedby="user-help" aria-invalid="false" autocomplete="off" data-current-label="{{
m.user.username }}" data-lookup="/admin/message/lookup/user/" data-noun="user" id="user"
inputmode="numeric" name="user" required type="text" value="{{ m.user.id }}">{% if can("user.add")
%}<a class="related-add" href="/admin/user/add/?_popup=user" target="_blank" data-popup-for="user"
title="Add another user"><span aria-hidden="true">+</span><span class="visually-hidden">Add another
user (opens a new window)</span></a>{% endif %}</div><p class="help" id="user-help"
data-lookup-help>The user's id (now: {{ m.user.username }}). <a href="/admin/user/"
target="_blank">Find it in the user list (opens in a new tab)</a>.</p></div><div class="field">
<label for="content">Content</label><textarea id="content" name="content" required>
{{ m.content }}</textarea></div><div class="field"><label for="pub_date">Pub Date</label><input
id="pub_date" name="pub_date" step="1" type="datetime-local" value="{{
m.pub_date.strftime('%Y-%m-%dT%H:%M:%S') }}"></div><div class="field"><label
for="tags">Tags</label><select multiple name="tags" id="tags" size="8" data-dual-list="tag">
{% for id, name in all_tags %}<option value="{{ id }}"{% if id in chosen %} selected{% endif %}>{{
name }}</option>{% endfor %}</select></div><div class="submit-row"><button type="submit"
name="_save" class="primary">Save</button><button type="submit" name="_addanother">Save and add
another</button><button type="submit" name="_continue">Save and continue editing</button>{% if
can("message.delete") %}<a class="danger-link" href="/admin/message/{{ m.id }}/delete/">Delete</a>
{% endif %}</div></form>"""
    + ADMIN_END
)

USER_PAGE = app.jinja_env.from_string(
    ADMIN_TOP
    + """<nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="/admin/">Dashboard</a> › <a
href="/admin/user/">Users</a> › <a href="/admin/user/{{ u.id }}/">{{ u.username }}</a> › <span
aria-current="page">Edit</span></nav><div class="list-heading"><h1>Edit user “{{ u.username
}}”</h1><a href="/admin/user/{{ u.id }}/history/">History</a></div><div class="object-actions">
<form method="post" action="/admin/user/action/"><input name="csrf_token" type="hidden" value="{{
chrome.csrf }}"><input type="hidden" name="action" value="reset_two_factor"><input type="hidden"
name="pk" value="{{ u.id }}"><button type="submit">Reset two-factor login</button></form></div>
<form method="post" class="model-form" novalidate><input name="csrf_token" type="hidden" value="{{
chrome.csrf }}"><div class="field"><label for="username">Username</label><input id="username"
maxlength="80" name="username" required type="text" value="{{ u.username }}"></div><div
class="field"><label for="email">Email</label><input id="email" maxlength="254" name="email"
required type="text" value="{{ u.email }}"></div>{% for name, label in (("active", "Active"),
("admin", "Admin"), ("staff", "Staff")) %}<div class="field field-check"><input{% if u[name] %}
checked{% endif %} id="{{ name }}" name="{{ name }}" type="checkbox" value="y"><label for="{{ name
}}">{{ label }}</label></div>{% endfor %}<div class="field"><label for="join_date">Join
Date</label><input id="join_date" name="join_date" step="1" type="datetime-local" value="{{
u.join_date.strftime('%Y-%m-%dT%H:%M:%S') }}"></div><div class="field field-readonly"><label
for="readonly-last_login">Last login</label><output id="readonly-last_login">{{
u.last_login.replace(microsecond=0) if u.last_login else "—" }}</output></div><div class="field">
<label for="new_password">New password</label><input autocomplete="new-password" id="new_password"
maxlength="1024" minlength="8" name="new_password" type="password" value=""><p class="help">Leave
empty to keep the current password.</p></div><div class="field"><label
for="groups">Groups</label><select multiple name="groups" size="3" id="groups"
data-dual-list="group">{% for id, name in groups %}<option value="{{ id }}"{% if id in member_of
%} selected{% endif %}>{{ name }}</option>{% endfor %}</select><p class="help">The user holds
every permission of each group.</p></div><div class="field"><fieldset class="permission-picker"
id="permissions" data-permission-picker><legend>Direct permissions</legend><p
class="picker-filter" hidden><label for="permissions-filter">Filter permissions</label><input
type="search" id="permissions-filter" data-picker-filter></p>{% for label, slug, actions in
permissions %}<fieldset class="picker-model" data-picker-model><legend>{{ label }}</legend><label
class="picker-all" hidden><input type="checkbox" data-picker-all> Select all for {{ label
}}</label>{% for action in actions %}{% set code = slug ~ "." ~ action %}<label
class="picker-code" data-picker-code="{{ code }} can {{ action }} {{ slug }}"><input
type="checkbox" name="permissions" value="{{ code }}"{% if code in held %} checked{% endif %}>
Can {{ action }} {{ slug }} <code>{{ code }}</code></label>{% endfor %}</fieldset>{% endfor %}
</fieldset><p class="help">Held besides those of the user's groups.</p></div>
<fieldset class="inline-group" data-inline="messages"><legend>Messages</legend>{% if total >
messages|length %}<p class="help">Showing the first {{ messages|length }} of {{ total }} messages.
<a href="/admin/message/?user__eq={{ u.id }}">All {{ total }} messages</a></p>{% endif %}<input
type="hidden" name="messages-TOTAL" value="{{ messages|length + 1 }}" data-inline-total><div
class="table-wrap"><table class="inline-table"><thead><tr><th scope="col"><span
class="visually-hidden">Row</span></th><th scope="col">Content</th><th scope="col">Pub Date</th>
<th scope="col">Delete?</th></tr></thead><tbody data-inline-rows>{% for m in messages %}{% set n =
loop.index %}{% set i = loop.index0 %}<tr><th scope="row"><input type="hidden"
name="messages-{{ i }}-id" value="{{ m.id }}"> Message {{ n }}</th><td><label
for="messages-{{ i }}-content" class="visually-hidden">Content of message {{ n }}</label><textarea
id="messages-{{ i }}-content" name="messages-{{ i }}-content" required>
{{ m.content }}</textarea></td><td><label for="messages-{{ i }}-pub_date"
class="visually-hidden">Pub Date of message {{ n }}</label><input id="messages-{{ i }}-pub_date"
name="messages-{{ i }}-pub_date" step="1" type="datetime-local" value="{{
m.pub_date.strftime('%Y-%m-%dT%H:%M:%S') }}"></td><td><input type="checkbox"
id="messages-{{ i }}-DELETE" name="messages-{{ i }}-DELETE" value="y"><label
for="messages-{{ i }}-DELETE">Delete<span class="visually-hidden"> message {{ n
}}</span></label></td></tr>{% endfor %}{{ new_row(messages|length, messages|length + 1) }}</tbody>
</table></div><template data-inline-template>{{ new_row("__row", "__number__") }}</template><button
type="button" data-inline-add hidden>Add another message</button></fieldset><div
class="submit-row"><button type="submit" name="_save" class="primary">Save</button><button
type="submit" name="_addanother">Save and add another</button><button type="submit"
name="_continue">Save and continue editing</button>{% if can("user.delete") %}<a
class="danger-link" href="/admin/user/{{ u.id }}/delete/">Delete</a>{% endif %}</div></form>"""
    + ADMIN_END
)
# An empty inline row: one at the end of the table, one in the template admin.js copies.
NEW_ROW = app.jinja_env.from_string("""<tr><th scope="row"> New message {{ number }}</th><td><label
for="messages-{{ i }}-content" class="visually-hidden">Content of new message {{ number
}}</label><textarea id="messages-{{ i }}-content" name="messages-{{ i }}-content" required>
</textarea></td><td><label for="messages-{{ i }}-pub_date" class="visually-hidden">Pub Date of new
message {{ number }}</label><input id="messages-{{ i }}-pub_date" name="messages-{{ i }}-pub_date"
step="1" type="datetime-local" value="{{ now }}"></td><td></td></tr>""")
# The permission picker offers every model's codenames (the notes panel only has a view).
ACTIONS = ("view", "add", "change", "delete")
PERMISSIONS = (
    ("Messages", "message", ACTIONS),
    ("Tags", "tag", ACTIONS),
    ("Users", "user", ACTIONS),
    ("Groups", "group", ACTIONS),
    ("Note", "note", ("view",)),
)


# The list's filter sidebar: the same five forms as the baked one; the current query
# string rides along in hidden inputs.
FILTER_STATE = """{% for name, value in kept %}<input type="hidden" name="{{ name }}"
value="{{ value }}">{% endfor %}"""
SIDEBAR = (
    """<aside class="filters" aria-labelledby="filters-heading">
<h2 id="filters-heading">Filter</h2><a href="/admin/message/?{{ qs }}{{ '&' if qs }}_facets=1">Show
counts</a><form method="get" action="/admin/message/" class="filter">"""
    + FILTER_STATE
    + """
<input type="hidden" name="filter" value="user"><fieldset><legend>User</legend><input type="hidden"
name="lookup" value="eq"><label for="value-user" class="visually-hidden">User</label><input
id="value-user" name="value" type="text" inputmode="numeric" autocomplete="off" placeholder="id"
data-lookup="/admin/message/lookup/user/" data-noun="user" aria-describedby="value-user-help">
<p class="help" id="value-user-help" data-lookup-help>An id: <a href="/admin/user/"
target="_blank">find it in the user list (opens in a new tab)</a>.</p>{% if can("user.add") %}<a
class="related-add" href="/admin/user/add/?_popup=value-user" target="_blank"
data-popup-for="value-user" title="Add another user"><span aria-hidden="true">+</span><span
class="visually-hidden">Add another user (opens a new window)</span></a>{% endif %}<button
type="submit">Apply</button></fieldset></form>
<form method="get" action="/admin/message/" class="filter">"""
    + FILTER_STATE
    + """<input
type="hidden" name="filter" value="content"><fieldset><legend>Content</legend><label
for="lookup-content" class="visually-hidden">Content: how to compare</label><select
id="lookup-content" name="lookup" class="filter-lookup"><option value="eq">equals</option><option
value="contains">contains</option><option value="startswith">starts with</option></select><label
for="value-content" class="visually-hidden">Content: value</label><input id="value-content"
name="value" type="text"><button type="submit">Apply</button></fieldset></form>
<form method="get" action="/admin/message/" class="filter">"""
    + FILTER_STATE
    + """<input
type="hidden" name="filter" value="pub_date"><fieldset><legend>Pub date</legend><label
for="lookup-pub_date" class="visually-hidden">Pub date: how to compare</label><select
id="lookup-pub_date" name="lookup" class="filter-lookup"><option value="eq">=</option><option
value="lt">&lt;</option><option value="gt">&gt;</option><option value="between">between</option>
</select><label for="value-pub_date" class="visually-hidden">Pub date: value</label><input
id="value-pub_date" name="value" type="date"><label for="value2-pub_date"
class="between-label">and (for between)</label><input id="value2-pub_date" name="value2"
type="date"><button type="submit">Apply</button></fieldset></form>
<form method="get" action="/admin/message/" class="filter filter-days">"""
    + FILTER_STATE
    + """
<input type="hidden" name="filter" value="pub_date"><input type="hidden" name="lookup"
value="lastdays"><label for="days-pub_date">Pub date in the last</label><input id="days-pub_date"
name="value" type="number" min="1" max="36500" value="7"><span>days</span><button
type="submit">Apply</button></form>
<form method="get" action="/admin/message/" class="filter">"""
    + FILTER_STATE
    + """<input
type="hidden" name="filter" value="tags"><fieldset><legend>Tags</legend><input type="hidden"
name="lookup" value="eq"><label for="value-tags" class="visually-hidden">Tags</label><select
id="value-tags" name="value">{% for id, name in tag_choices %}<option value="{{ id }}">{{ name
}}</option>{% endfor %}</select><button type="submit">Apply</button></fieldset></form></aside>"""
)

ADMIN_LIST = app.jinja_env.from_string(
    ADMIN_TOP
    + """<nav class="breadcrumbs"
aria-label="Breadcrumbs"><a href="/admin/">Dashboard</a> › <span aria-current="page">Messages</span>
</nav><div class="list-heading"><h1>Messages</h1>{% if can("message.add") %}<a class="button"
href="/admin/message/add/">Add message</a>{% endif %}</div><div class="list-layout"><div
class="list-main"><form class="search" method="get" action="/admin/message/" role="search">
{% for name, value in kept if name != "q" %}<input type="hidden" name="{{ name }}"
value="{{ value }}">{% endfor %}<label for="search-q">Search content, user username</label><input
type="search" id="search-q" name="q" value="{{ term }}"><button type="submit">Search</button>
{% if term %}<a href="/admin/message/">Clear search</a>{% endif %}</form>
{% if filtered_by %}<ul class="active-filters" aria-label="Active filters"><li>User is {{
filtered_by }} <a href="/admin/message/" aria-label="Remove filter: User is {{ filtered_by
}}">×</a></li></ul>{% endif %}
<nav class="date-hierarchy" aria-label="Pub date drill-down"><span aria-current="page">All
dates</span><ul>{% for year, n in years %}<li><a href="/admin/message/?{{ qs }}{{ '&' if qs
}}pub_date__year={{ year }}">{{ year }}</a>{% if n is not none %} <span class="count">({{ n
}})</span>{% endif %}</li>{% endfor %}
</ul></nav><form method="post" action="/admin/message/action/{{ '?' if qs }}{{ qs }}"
class="results"><input name="csrf_token" type="hidden" value="{{ chrome.csrf }}"><div
class="actions-bar">{% if can("message.delete") %}<label for="action-select">Action</label><select
id="action-select" name="action"><option value="delete_selected">Delete selected</option></select>
<button type="submit">Go</button>{% if total > messages|length %}<span class="select-across"
data-select-across><input type="checkbox" id="select-across" name="select_across" value="1"><label
for="select-across">Select all {{ "(%s)"|format(total_shown) if total_shown != total|string
else total }} messages, on every page</label></span>{% endif %}
{% endif %}{% if can("message.change") %}<button type="submit" class="primary"
formaction="/admin/message/?{{ qs }}{{ '&' if qs }}page={{ page }}">Save changes</button>{% endif %}
<p class="count">{{ total_shown }} messages</p></div><div class="table-wrap" role="region"
aria-label="Messages" tabindex="0"><table class="list"><thead><tr>{% if can("message.delete") %}<th
scope="col" class="select"><input type="checkbox" class="select-all" aria-label="Select all rows
on this page"></th>{% endif %}{% for name, label in (("user", "User"), ("content", "Content"),
("pub_date", "Pub date")) %}<th scope="col"><a href="/admin/message/?{{ qs }}{{ '&' if qs }}o={{
name }}">{{ label }}</a></th>{% endfor %}<th scope="col">Tags</th></tr></thead><tbody>
{% for m in messages %}<tr>{% if can("message.delete") %}<td class="select"><input type="checkbox"
name="pk" value="{{ m.id }}" aria-label="Select message {{ m.id }}"></td>{% endif %}<th
scope="row"><a href="/admin/message/{{ m.id }}/">{{ m.user.username|truncate(80) }}</a></th>
{% if can("message.change") %}<td class="editable"><input type="hidden" name="row-{{ m.id }}-id"
value="{{ m.id }}"><label for="row-{{ m.id }}-content" class="visually-hidden">Content of message
{{ m.id }}</label><textarea id="row-{{ m.id }}-content" name="row-{{ m.id }}-content" required
rows="2">
{{ m.content }}</textarea></td>{% else %}<td>{{ m.content|truncate(80) }}</td>{% endif %}
<td>{{ m.pub_date.replace(microsecond=0) }}</td><td>{{ tags.get(m.id, ["—"])|join(", ")
|truncate(80) }}</td></tr>{% else %}<tr><td colspan="5">No messages found.</td></tr>{% endfor %}
</tbody></table></div></form><nav class="pagination" aria-label="Pages">{% if page > 1 %}<a
href="/admin/message/?{{ qs }}{{ '&' if qs }}page={{ page - 1 }}" rel="prev">Previous</a>{% endif %}
<span>Page {{ page }} {{ of_pages }}</span>{% if more %}<a
href="/admin/message/?{{ qs }}{{ '&' if qs }}page={{ page + 1 }}" rel="next">Next</a>{% endif %}
</nav><p class="export">Export this list: <a href="/admin/message/export.csv{{ '?' if qs }}{{ qs
}}">CSV</a>, <a href="/admin/message/export.json{{ '?' if qs }}{{ qs }}">JSON</a></p></div>
"""
    + SIDEBAR
    + "</div>"
    + ADMIN_END
)


def page_size():
    return int(app.config.get("PAGE_SIZE", 20))


def page_number():
    return request.args.get("page", 1, type=int)


@app.get("/")
def wall():
    query = Message.select(Message, User).join(User).order_by(*NEWEST)
    page = page_number()
    messages = query.paginate(page, page_size())
    return PAGE.render(title="Wall", messages=messages, page=page, count=None, tags={})


@app.route("/accounts/login/", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        user = User.get_or_none(User.username == request.form.get("username", ""))
        if user and user.active and password_ok(request.form.get("password", ""), user.password):
            session["uid"] = user.id
            return redirect(request.form.get("next") or "/")
    return (
        '<form method="post"><input name="username"><input name="password" type="password"></form>'
    )


MODELS = (("message", "Messages"), ("tag", "Tags"), ("user", "Users"), ("group", "Groups"))
TABLES = ("message", "tag", "user", "auth_group")


def require_admin(codename=None):
    """Superusers pass; staff users need `codename` (directly or through a group).

    What a staff user holds is read in one query, as the baked admin does, since the
    page's controls (add, edit, delete, the models in the menu) depend on it.
    """
    if g.user is None:
        abort(redirect(f"/accounts/login/?next={request.path}"))
    g.held = None  # a superuser holds everything
    if g.user.admin:
        return
    if not g.user.staff or codename is None:
        abort(403)
    mark = database.param
    g.held = {
        row[0]
        for row in database.execute_sql(
            f"SELECT codename FROM auth_user_permission WHERE user_id = {mark} UNION "
            "SELECT gp.codename FROM auth_user_group ug JOIN auth_group_permission gp "
            f"ON gp.group_id = ug.group_id WHERE ug.user_id = {mark}",
            (g.user.id, g.user.id),
        )
    }
    if codename not in g.held:
        abort(403)


def can(codename):
    return g.held is None or codename in g.held


def chrome(current=None):
    """What the frame of every admin page shows."""
    return {
        "nav": [(slug, label) for slug, label in MODELS if can(f"{slug}.view")],
        "current": current,
        "username": g.user.username,
        "csrf": csrf_token(),
    }


def csrf_token():
    if "csrf" not in session:
        session["csrf"] = secrets.token_hex(20)
    return session["csrf"]


@app.get("/admin/")
def admin_dashboard():
    require_admin()
    # The baked dashboard's models: messages, tags, users and groups, each counted.
    counts = [
        (slug, label, shown(*table_count(table)))
        for (slug, label), table in zip(MODELS, TABLES, strict=True)
        if can(f"{slug}.view")
    ]
    # Signups per day over the last 30 days, every day drawn (a day without any is 0).
    today = datetime.date.today()
    first = today - datetime.timedelta(days=29)
    since = datetime.datetime.combine(first, datetime.time())
    day = fn.date(User.join_date)
    per_day = dict(
        User.select(day, fn.COUNT(User.id)).where(User.join_date >= since).group_by(day).tuples()
    )
    per_day = {str(key)[:10]: n for key, n in per_day.items()}  # a date or a datetime
    days = [(str(first + datetime.timedelta(days=n)), 0) for n in range(30)]
    days = [(name, per_day.get(name, 0)) for name, _ in days]
    # The same panels as the baked dashboard: notes and recent admin actions too.
    notes = database.execute_sql(
        'SELECT n.message, n.created, u.username FROM admin_note n JOIN "user" u '
        "ON u.id = n.user_id ORDER BY n.created DESC, n.id DESC LIMIT 10"
    ).fetchall()
    actions = database.execute_sql(
        "SELECT username, action_time, action, model, object_repr FROM admin_log_entry "
        "ORDER BY action_time DESC, id DESC LIMIT 10"
    ).fetchall()
    return DASHBOARD.render(
        title="Dashboard",
        chrome=chrome(),
        can=can,
        counts=counts,
        days=days,
        total=sum(n for _, n in days),
        busiest=max(n for _, n in days),
        notes=notes,
        actions=actions,
    )


def tags_of(message_ids):
    """{message id: [tag names]} for one page, in one query."""
    found = {}
    if message_ids:
        rows = (
            MessageTag.select(MessageTag.message, Tag.name)
            .join(Tag)
            .where(MessageTag.message.in_(message_ids))
            .tuples()
        )
        for message_id, name in rows:
            found.setdefault(message_id, []).append(name)
    return found


@app.get("/admin/message/")
def admin_messages():
    """The list as the baked admin shows it, filtered by ?q= (content or username) and
    ?user__eq=N: its rows with their tags, counts, the date drill-down and the filters."""
    require_admin("message.view")
    # LEFT OUTER, as the baked admin joins: SQLite then walks the pub_date index.
    query = Message.select(Message, User).join(User, JOIN.LEFT_OUTER)
    counted = None
    term = request.args.get("q", "").strip()
    if term:
        matches = Message.content.contains(term) | User.username.contains(term)
        query = query.where(matches)
        counted = Message.select().join(User, JOIN.LEFT_OUTER).where(matches)
    filtered_by = request.args.get("user__eq", type=int)
    unsearched = None
    if filtered_by is not None:
        query = query.where(Message.user == filtered_by)
        counted = (counted or Message.select()).where(Message.user == filtered_by)
        unsearched = Message.select().where(Message.user == filtered_by)
    capped = approximate = False
    if counted is None:
        total, approximate = table_count("message")
    elif term:  # as the baked admin: a search counts no further than SEARCH_COUNT_LIMIT
        total = counted.select(SQL("1")).limit(SEARCH_COUNT_LIMIT + 1).count()
        capped, total = total > SEARCH_COUNT_LIMIT, min(total, SEARCH_COUNT_LIMIT)
    else:
        total = count_of(counted)
    size = page_size()
    page_count = max(1, -(-total // size))
    page = max(1, page_number()) if capped else min(max(1, page_number()), page_count)
    messages = list(query.order_by(*NEWEST).limit(size + 1).offset((page - 1) * size))
    more, messages = len(messages) > size, messages[:size]
    # The date drill-down: the listed rows' first and last dates (each from the index
    # when unfiltered), and a count per year (the total when they share one year). A
    # search counted in part spans the unsearched rows' years, without counts.
    bounds = unsearched if capped else counted
    if bounds is None:
        first = Message.select(fn.MIN(Message.pub_date)).scalar()
        last = Message.select(fn.MAX(Message.pub_date)).scalar()
    else:
        first, last = bounds.select(fn.MIN(Message.pub_date), fn.MAX(Message.pub_date)).scalar(
            as_tuple=True
        )
    years = []
    if first is not None and capped:
        years = [(year, None) for year in range(first.year, last.year + 1)]
    elif first is not None and first.year == last.year:
        years = [(first.year, total)]
    elif first is not None:
        for year in range(first.year, last.year + 1):
            start, end = datetime.datetime(year, 1, 1), datetime.datetime(year + 1, 1, 1)
            within = (counted or Message.select()).where(
                (Message.pub_date >= start) & (Message.pub_date < end)
            )
            years.append((year, count_of(within)))
    # The tag filter's choices: the first rows, as many as the baked admin lists.
    tag_choices = Tag.select(Tag.id, Tag.name).order_by(Tag.id).limit(LOOKUP_LIMIT + 1).tuples()
    kept = [(k, v) for k, v in request.args.items() if k != "page" and v != ""]
    return ADMIN_LIST.render(
        title="Messages",
        chrome=chrome("message"),
        can=can,
        messages=messages,
        tags=tags_of([m.id for m in messages]),
        page=page,
        page_count=page_count,
        more=more,
        total=total,
        total_shown=f"more than {total:,}" if capped else shown(total, approximate),
        of_pages=f"of more than {page_count:,}"
        if capped
        else f"of about {page_count:,}"
        if approximate
        else f"of {page_count}",
        years=years,
        tag_choices=list(tag_choices),
        term=term,
        filtered_by=filtered_by,
        kept=kept,
        qs=urlencode(kept),
    )


@app.get("/admin/message/<int:pk>/")
def admin_message_edit(pk):
    require_admin("message.change")
    message = Message.select(Message, User).join(User).where(Message.id == pk).first()
    if message is None:
        abort(404)
    all_tags = list(Tag.select(Tag.id, Tag.name).order_by(Tag.name).tuples())
    chosen = {
        tag for (tag,) in MessageTag.select(MessageTag.tag).where(MessageTag.message == pk).tuples()
    }
    return EDIT.render(
        title="Edit message",
        chrome=chrome("message"),
        can=can,
        m=message,
        name=f"{message.user.username}: {message.content[:40]}",
        all_tags=all_tags,
        chosen=chosen,
    )


@app.get("/admin/user/<int:pk>/")
def admin_user_edit(pk):
    """The user form with their newest ten messages inline, and how many there are."""
    require_admin("user.change")
    user = User.get_or_none(User.id == pk) or abort(404)
    children = Message.select().where(Message.user == pk)
    messages = list(children.order_by(*NEWEST).limit(10))
    # The baked page's groups and permissions fields, as in the baked user form.
    groups = database.execute_sql('SELECT id, name FROM "auth_group" ORDER BY name').fetchall()
    mark = database.param
    member_of = database.execute_sql(
        f"SELECT group_id FROM auth_user_group WHERE user_id = {mark}", (pk,)
    ).fetchall()
    held = database.execute_sql(
        f"SELECT codename FROM auth_user_permission WHERE user_id = {mark}", (pk,)
    ).fetchall()
    total = count_of(children) if len(messages) == 10 else len(messages)
    now = datetime.datetime.now().strftime("%Y-%m-%dT%H:%M:%S")
    return USER_PAGE.render(
        title="Edit user",
        chrome=chrome("user"),
        can=can,
        u=user,
        messages=messages,
        total=total,
        groups=groups,
        member_of={row[0] for row in member_of},
        held={row[0] for row in held},
        # A staff user offers only what they hold themselves.
        permissions=[
            (label, slug, [a for a in actions if can(f"{slug}.{a}")])
            for label, slug, actions in PERMISSIONS
        ],
        new_row=lambda i, number: Markup(NEW_ROW.render(i=i, number=number, now=now)),
    )


@app.get("/admin/message/export.csv")
def admin_export():
    """Every message as CSV, streamed in keyset chunks (the order of the list)."""
    require_admin("message.view")

    def chunks():
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["User", "Content", "Pub date", "Tags"])
        last = None
        while True:
            query = (
                Message.select(Message.id, Message.content, Message.pub_date, User.username)
                .join(User)
                .order_by(*NEWEST)
                .limit(EXPORT_CHUNK)
            )
            if last is not None:
                date, last_id = last
                query = query.where(
                    (Message.pub_date <= date)
                    & ((Message.pub_date < date) | (Message.id < last_id))
                )
            rows = list(query.tuples())
            tags = tags_of([row[0] for row in rows])
            for mid, content, pub_date, username in rows:
                writer.writerow([username, content, pub_date, ", ".join(tags.get(mid, ()))])
            yield out.getvalue()
            out.seek(0)
            out.truncate()
            if len(rows) < EXPORT_CHUNK:
                return
            last = rows[-1][2], rows[-1][0]

    return Response(
        chunks(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="message.csv"'},
    )


EXPORT_CHUNK = 1000


def create_token(username):
    """Create the token table if needed and print a new token for `username`."""
    database.create_tables([ApiToken])
    token = secrets.token_urlsafe(32)
    ApiToken.create(
        user=User.get(User.username == username),
        token_hash=hashlib.sha256(token.encode()).hexdigest(),
    )
    print(token)


if __name__ == "__main__":
    if sys.argv[1:2] == ["create-token"] and len(sys.argv) == 3:
        create_token(sys.argv[2])
    else:
        sys.exit("usage: python app.py create-token USERNAME")
