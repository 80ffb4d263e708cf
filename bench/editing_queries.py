"""Queries per admin editing page, and how the date drill-down reads the table.

Run it from a bake's folder with the bake's Python:

    cd /tmp/bake/message-board && python /path/to/bench/editing_queries.py \
        [--database URL] [--messages 100000] [--plan-messages 1000000]

It prints, for the baked project's own admin (create_app()):
- the queries of a user's page with 3 and with 300 messages (the inline is paginated);
- the queries of the message list with facets off and on, at --messages rows;
- the query plan of each drill-down query at --plan-messages rows, and whether any of
  them applies a function to the date column (the index could not serve it then).

The database is emptied and migrated first: give it a throwaway one.
"""

import argparse
import datetime
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="sqlite:////tmp/editing-queries.db")
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--plan-messages", type=int, default=1_000_000)
    return parser.parse_args()


def main():
    args = parse_args()
    package = next(p.parent.name for p in Path.cwd().glob("*/admin_site.py"))
    app_module = __import__(f"{package}.app", fromlist=["create_app"])
    cli = __import__(f"{package}.cli", fromlist=["database", "runner"])
    models = __import__(f"{package}.models", fromlist=["Message", "User"])
    Message, User = models.Message, models.User
    if args.database.startswith("sqlite:///"):
        Path(args.database.removeprefix("sqlite:///")).unlink(missing_ok=True)
    app = app_module.create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "editing-queries-bench-only",
            "DATABASE": args.database,
            "BCRYPT_ROUNDS": 4,
            "AUTH_REQUIRE_2FA_FOR_STAFF": False,
        }
    )
    with app.app_context():
        peewee_db = cli.database()
        for table in peewee_db.get_tables():
            peewee_db.execute_sql(f'DROP TABLE IF EXISTS "{table}" CASCADE')
        cli.runner().up()
        root = User(username="root", email="root@example.com", admin=True)
        root.set_password("editing queries password")
        root.save()
        few = User.create(username="few", email="few@example.com", password="-")
        many = User.create(username="many", email="many@example.com", password="-")
        add_messages(Message, few, 3)
        add_messages(Message, many, 300)
        peewee_db.close()

    client = app.test_client()
    login(client)
    statements = Recorder(app, cli)
    print(f"database: {args.database.split('@')[-1]}")
    for user in (few, many):
        count = statements.count(client, f"/admin/user/{user.id}/")
        print(f"user page, {user.username} ({3 if user is few else 300} messages): {count} queries")
    with app.app_context():
        add_messages(Message, root, args.messages - 303)
        cli.database().close()
    for url in ("/admin/message/", "/admin/message/?_facets=1"):
        count = statements.count(client, url)
        print(f"message list at {args.messages:,} rows, {url}: {count} queries")
    with app.app_context():
        add_messages(Message, root, args.plan_messages - args.messages)
        cli.database().close()
    for url in ("/admin/message/", "/admin/message/?pub_date__year=2025"):
        statements.count(client, url)
        print(f"\ndrill-down at {args.plan_messages:,} rows, {url}:")
        for sql, params in statements.last:
            if '"pub_date"' in sql and ("MIN(" in sql or "SUM(" in sql or "COUNT(" in sql):
                print(statements.explain(sql, params))
                applied = re.search(r'\w+\(\s*[^()]*"pub_date"\s*\)', where_part(sql))
                print(f"  function on the column in WHERE: {bool(applied)}")


def where_part(sql):
    return sql.split(" WHERE ", 1)[1] if " WHERE " in sql else ""


def add_messages(Message, user, total, batch=10_000):
    """`total` messages for `user`, one a minute back from now, inserted in batches."""
    start = datetime.datetime(2025, 12, 31, 12, 0)
    done = 0
    with Message._meta.database.atomic():
        while done < total:
            size = min(batch, total - done)
            rows = [
                (user.id, f"message {done + n}", start - datetime.timedelta(minutes=done + n))
                for n in range(size)
            ]
            fields = [Message.user, Message.content, Message.pub_date]
            Message.insert_many(rows, fields=fields).execute()
            done += size


def login(client):
    page = client.get("/accounts/login/").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post(
        "/accounts/login/",
        data={"username": "root", "password": "editing queries password", "csrf_token": token},
    )
    assert response.status_code == 302, response.status_code


class Recorder:
    """Counts (and keeps) the SQL one GET runs, by wrapping the database's execute_sql."""

    def __init__(self, app, cli):
        self.app = app
        self.cli = cli
        self.last = []

    def count(self, client, url):
        with self.app.app_context():
            peewee_db = self.cli.database()
        original = peewee_db.execute_sql
        self.last = []

        def recorded(sql, params=None, *args, **kwargs):
            self.last.append((sql, params))
            return original(sql, params, *args, **kwargs)

        peewee_db.execute_sql = recorded
        try:
            response = client.get(url)
        finally:
            del peewee_db.execute_sql
        assert response.status_code == 200, (url, response.status_code)
        return len(self.last)

    def explain(self, sql, params):
        with self.app.app_context():
            peewee_db = self.cli.database()
            sqlite = "sqlite" in type(peewee_db).__name__.lower()
            prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
            rows = peewee_db.execute_sql(prefix + sql, params).fetchall()
            peewee_db.close()
        plan = "\n".join("  " + str(row[-1] if sqlite else row[0]) for row in rows)
        return f"  {sql[:160]}...\n{plan}"


if __name__ == "__main__":
    main()
