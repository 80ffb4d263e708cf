"""The practical limit: the bench's workloads written as directly as Flask + peewee allow.

Same tables and data as the baked project (point DATABASE at its SQLite file), no
abstraction layers: each view is one or two queries, a dict, and JSON or a template
compiled once. The baked project should reach >= 0.8x of this.

    DATABASE=sqlite:////path/app.db gunicorn -w 1 'app:app'
    DATABASE=... python app.py create-token USERNAME   # prints a bearer token
"""

import base64
import datetime
import hashlib
import json
import os
import secrets
import sys

import bcrypt
from flask import Flask, Response, abort, g, redirect, request, session
from peewee import (
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
    join_date = DateTimeField(default=datetime.datetime.now)

    class Meta:
        table_name = "user"


class Message(BaseModel):
    user = ForeignKeyField(User, backref="messages", on_delete="CASCADE")
    content = TextField()
    pub_date = DateTimeField(default=datetime.datetime.now)

    class Meta:
        table_name = "message"


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
    query = messages_with_users()
    if "user" in args:
        query = query.where(Message.user == args["user"])
    # Newest first, like the baked API's default ordering; id breaks ties.
    query = query.order_by(Message.pub_date.desc(), Message.id.desc())
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
    count = query.order_by().count()
    rows = [message_dict(row) for row in query.paginate(page, limit).tuples()]
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
<table><thead><tr><th>User</th><th>Content</th><th>Date</th></tr></thead><tbody>
{% for m in messages %}<tr><td><a href="/users/{{ m.user.username }}/">{{ m.user.username }}</a>
</td><td>{{ m.content }}</td><td>{{ m.pub_date.strftime('%Y-%m-%d %H:%M') }}</td></tr>
{% endfor %}</tbody></table>{% if page > 1 %}<a href="?page={{ page - 1 }}">Previous</a>{% endif %}
<a href="?page={{ page + 1 }}">Next</a></body></html>""")

DASHBOARD = app.jinja_env.from_string("""<!doctype html><html lang="en"><head><title>Admin
</title></head><body><h1>Admin</h1><ul>{% for name, count in counts %}<li><a
href="/admin/{{ name }}/">{{ name }}</a> {{ count }}</li>{% endfor %}</ul><h2>Signups</h2>
<ul>{% for day, n in signups %}<li>{{ day }}: {{ n }}</li>{% endfor %}</ul><h2>Notes</h2>
<ul>{% for text, at, who in notes %}<li>{{ text }} ({{ who }}, {{ at }})</li>{% endfor %}</ul>
<h2>Recent actions</h2><ul>{% for who, at, action, model, what in actions %}<li>{{ who }}
{{ action }} {{ model }} {{ what }} ({{ at }})</li>{% endfor %}</ul></body></html>""")


def page_size():
    return int(app.config.get("PAGE_SIZE", 20))


def message_page(query):
    page = request.args.get("page", 1, type=int)
    return query.paginate(page, page_size()), page


@app.get("/")
def wall():
    query = (
        Message.select(Message, User)
        .join(User)
        .order_by(Message.pub_date.desc(), Message.id.desc())
    )
    messages, page = message_page(query)
    return PAGE.render(title="Wall", messages=messages, page=page, count=None)


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


def require_admin():
    if g.user is None:
        abort(redirect(f"/accounts/login/?next={request.path}"))
    if not g.user.admin:
        abort(403)


@app.get("/admin/")
def admin_dashboard():
    require_admin()
    counts = [("user", User.select().count()), ("message", Message.select().count())]
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


@app.get("/admin/message/")
def admin_messages():
    require_admin()
    query = Message.select(Message, User).join(User).order_by(Message.id.desc())
    messages, page = message_page(query)
    return PAGE.render(
        title="Messages", messages=messages, page=page, count=Message.select().count()
    )


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
