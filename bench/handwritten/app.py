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
import io
import json
import os
import secrets
import sys
import time

import bcrypt
from flask import Flask, Response, abort, g, redirect, request, session
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


@app.teardown_request
def close_connection(exc):
    if not database.is_closed():
        database.close()


def iso(value):
    return value.isoformat() if value else None


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
    User.join_date,
)


def message_dict(row):
    mid, content, pub_date, uid, username, active, admin, join_date = row
    return {
        "id": mid,
        "content": content,
        "pub_date": iso(pub_date),
        "user": {
            "id": uid,
            "username": username,
            "active": active,
            "admin": admin,
            "join_date": iso(join_date),
        },
    }


NEWEST = (Message.pub_date.desc(), Message.id.desc())


def count_of(query):
    """COUNT(*) of a plain query, without peewee's wrapping subquery."""
    return query.select(fn.COUNT(SQL("*"))).scalar()


# A whole table of BIG rows or more is counted once a minute, as the baked project does.
BIG, FRESH = 200_000, 60
SIZES = {}


def table_count(table):
    known = SIZES.get(table)
    if known and time.monotonic() - known[1] < FRESH:
        return known[0]
    count = database.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
    if count >= BIG:
        SIZES[table] = (count, time.monotonic())
    return count


def messages_with_users():
    return Message.select(*MESSAGE_COLUMNS).join(User)


def encode_cursor(row):
    key = [row["pub_date"], row["id"]]
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode()


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
        if args["cursor"]:
            date, last_id = json.loads(base64.urlsafe_b64decode(args["cursor"]))
            date = datetime.datetime.fromisoformat(date)
            # The bound on pub_date alone lets SQLite seek in its index; the OR alone scans.
            query = query.where(
                (Message.pub_date <= date) & ((Message.pub_date < date) | (Message.id < last_id))
            )
        rows = [message_dict(row) for row in query.limit(limit).tuples()]
        cursor = encode_cursor(rows[-1]) if len(rows) == limit else None
        return json_response({"meta": {"model": "message", "next_cursor": cursor}, "objects": rows})
    # Count the bare rows (no join), and skip through bare ids before joining the page.
    count = count_of(plain) if "user" in args else table_count("message")
    offset = (page - 1) * limit
    if offset:
        window = plain.select(Message.id).order_by(*NEWEST).limit(limit).offset(offset)
        query = query.where(Message.id.in_(window))
    else:
        query = query.limit(limit)
    rows = [message_dict(row) for row in query.tuples()]
    pages = -(-count // limit)
    meta = {
        "model": "message",
        "page": page,
        "page_count": pages,
        "object_count": count,
        "previous": f"?page={page - 1}" if page > 1 else "",
        "next": f"?page={page + 1}" if page < pages else "",
        "next_cursor": encode_cursor(rows[-1]) if rows else None,
    }
    return json_response({"meta": meta, "objects": rows})


@app.get("/api/message/<int:pk>/")
def api_detail(pk):
    row = messages_with_users().where(Message.id == pk).tuples().first()
    if row is None:
        return json_response({"error": "Not found"}, 404)
    return json_response(message_dict(row))


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
    body = {
        "id": message.id,
        "content": message.content,
        "pub_date": iso(message.pub_date),
        "user": user.id,
    }
    return json_response(body, 201, Location=f"/api/message/{message.id}/")


# -- site and admin ----------------------------------------------------------

PAGE = app.jinja_env.from_string("""<!doctype html><html lang="en"><head><title>{{ title }}</title>
</head><body><h1>{{ title }}</h1>{% if count is not none %}<p>{{ count }} messages</p>{% endif %}
<table><thead><tr><th>User</th><th>Content</th><th>Date</th><th>Tags</th></tr></thead><tbody>
{% for m in messages %}<tr><td><a href="/users/{{ m.user.username }}/">{{ m.user.username }}</a>
</td><td>{{ m.content }}</td><td>{{ m.pub_date.strftime('%Y-%m-%d %H:%M') }}</td>
<td>{{ tags.get(m.id, [])|join(', ') }}</td></tr>
{% endfor %}</tbody></table>{% if page > 1 %}<a href="?page={{ page - 1 }}">Previous</a>{% endif %}
<a href="?page={{ page + 1 }}">Next</a></body></html>""")

DASHBOARD = app.jinja_env.from_string("""<!doctype html><html lang="en"><head><title>Admin
</title></head><body><h1>Admin</h1><ul>{% for name, count in counts %}<li><a
href="/admin/{{ name }}/">{{ name }}</a> {{ count }}</li>{% endfor %}</ul><h2>Signups</h2>
<ul>{% for day, n in signups %}<li>{{ day }}: {{ n }}</li>{% endfor %}</ul><h2>Notes</h2>
<ul>{% for text, at, who in notes %}<li>{{ text }} ({{ who }}, {{ at }})</li>{% endfor %}</ul>
<h2>Recent actions</h2><ul>{% for who, at, action, model, what in actions %}<li>{{ who }}
{{ action }} {{ model }} {{ what }} ({{ at }})</li>{% endfor %}</ul></body></html>""")

EDIT = app.jinja_env.from_string("""<!doctype html><html lang="en"><head><title>Edit</title>
</head><body><h1>{{ m.user.username }}: {{ m.content[:40] }}</h1><form method="post">
<input type="hidden" name="csrf_token" value="{{ csrf }}">
<label>User <input name="user" value="{{ m.user.id }}"> {{ m.user.username }}</label>
<label>Content <textarea name="content">{{ m.content }}</textarea></label>
<label>Date <input name="pub_date" value="{{ m.pub_date.strftime('%Y-%m-%d %H:%M:%S') }}"></label>
<select name="tags" multiple>{% for id, name in all_tags %}<option value="{{ id }}"
{% if id in chosen %} selected{% endif %}>{{ name }}</option>{% endfor %}</select>
<button>Save</button></form></body></html>""")

USER_PAGE = app.jinja_env.from_string("""<!doctype html><html lang="en"><head><title>User
</title></head><body><h1>{{ u.username }}</h1><form method="post">
<input type="hidden" name="csrf_token" value="{{ csrf }}">
<label>Username <input name="username" value="{{ u.username }}"></label>
<label>Email <input name="email" value="{{ u.email }}"></label>
<label>Active <input type="checkbox" name="active"{% if u.active %} checked{% endif %}></label>
<label>Staff <input type="checkbox" name="staff"{% if u.staff %} checked{% endif %}></label>
<label>Admin <input type="checkbox" name="admin"{% if u.admin %} checked{% endif %}></label>
<select name="groups" multiple>{% for id, name in groups %}<option value="{{ id }}"
{% if id in member_of %} selected{% endif %}>{{ name }}</option>{% endfor %}</select>
<textarea name="permissions">{{ held|join('\n') }}</textarea>
<h2>Messages</h2><table>{% for m in messages %}<tr><td><textarea name="m-{{ loop.index0 }}-content">
{{ m.content }}</textarea></td><td><input name="m-{{ loop.index0 }}-pub_date"
value="{{ m.pub_date.strftime('%Y-%m-%d %H:%M:%S') }}"></td></tr>{% endfor %}
<tr><td><textarea name="m-new-content"></textarea></td></tr></table>
{% if total > messages|length %}<a href="/admin/message/?user__eq={{ u.id }}">All {{ total }}</a>
{% endif %}<button>Save</button></form></body></html>""")


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


def require_admin(codename=None):
    """Superusers pass; staff users need `codename` (directly or through a group)."""
    if g.user is None:
        abort(redirect(f"/accounts/login/?next={request.path}"))
    if g.user.admin:
        return
    if not g.user.staff or codename is None:
        abort(403)
    mark = database.param
    held = database.execute_sql(
        f"SELECT 1 FROM auth_user_permission WHERE user_id = {mark} AND codename = {mark} "
        "UNION ALL SELECT 1 FROM auth_user_group ug JOIN auth_group_permission gp "
        f"ON gp.group_id = ug.group_id WHERE ug.user_id = {mark} AND gp.codename = {mark} "
        "LIMIT 1",
        (g.user.id, codename, g.user.id, codename),
    ).fetchone()
    if held is None:
        abort(403)


def csrf_token():
    if "csrf" not in session:
        session["csrf"] = secrets.token_hex(20)
    return session["csrf"]


@app.get("/admin/")
def admin_dashboard():
    require_admin()
    # The baked dashboard's models: messages, tags, users and groups, each counted.
    counts = [
        (name, table_count(table))
        for name, table in (
            ("message", "message"),
            ("tag", "tag"),
            ("user", "user"),
            ("group", "auth_group"),
        )
    ]
    since = datetime.datetime.now() - datetime.timedelta(days=30)
    day = fn.date(User.join_date)
    signups = (
        User.select(day, fn.COUNT(User.id))
        .where(User.join_date >= since)
        .group_by(day)
        .order_by(day)
        .tuples()
    )
    # The same panels as the baked dashboard: notes and recent admin actions too.
    notes = database.execute_sql(
        'SELECT n.message, n.created, u.username FROM admin_note n JOIN "user" u '
        "ON u.id = n.user_id ORDER BY n.created DESC, n.id DESC LIMIT 10"
    ).fetchall()
    actions = database.execute_sql(
        "SELECT username, action_time, action, model, object_repr FROM admin_log_entry "
        "ORDER BY action_time DESC, id DESC LIMIT 10"
    ).fetchall()
    return DASHBOARD.render(counts=counts, signups=list(signups), notes=notes, actions=actions)


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
    """The list as the baked admin filters it: ?q= (content or username), ?user__eq=N."""
    require_admin("message.view")
    # LEFT OUTER, as the baked admin joins: SQLite then walks the pub_date index.
    query = Message.select(Message, User).join(User, JOIN.LEFT_OUTER)
    counted = None
    term = request.args.get("q", "").strip()
    if term:
        matches = Message.content.contains(term) | User.username.contains(term)
        query = query.where(matches)
        counted = Message.select().join(User, JOIN.LEFT_OUTER).where(matches)
    if request.args.get("user__eq"):
        query = query.where(Message.user == request.args.get("user__eq", type=int))
        counted = (counted or Message.select()).where(
            Message.user == request.args.get("user__eq", type=int)
        )
    page = page_number()
    messages = list(query.order_by(*NEWEST).paginate(page, page_size()))
    tags = tags_of([m.id for m in messages])
    return PAGE.render(
        title="Messages",
        messages=messages,
        page=page,
        count=table_count("message") if counted is None else count_of(counted),
        tags=tags,
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
    return EDIT.render(m=message, all_tags=all_tags, chosen=chosen, csrf=csrf_token())


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
    return USER_PAGE.render(
        u=user,
        messages=messages,
        total=total,
        groups=groups,
        member_of={row[0] for row in member_of},
        held=[row[0] for row in held],
        csrf=csrf_token(),
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
