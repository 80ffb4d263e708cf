"""The database wrapper: peewee's FlaskDB, configured by URL and tuned per backend.

`db.Model` is the base class of every model (`rows.Model`, which reads rows into objects
in one pass). A connection is opened when a request starts and closed when it ends.
Config `DATABASE` is a URL: `sqlite:///app.db`, `postgresql://user@host/dbname`,
`postgresql+pool://...`.
"""

import contextlib
import functools
import logging
import operator
import time
import weakref
from urllib.parse import urlparse

from flask import request
from peewee import SQL, InterfaceError, OperationalError, Proxy, fn
from peewee import Database as Db
from playhouse import db_url
from playhouse.flask_utils import FlaskDB

from . import rows, unavailable

logger = logging.getLogger(__name__)

# Set on every SQLite connection: foreign_keys makes ON DELETE work; synchronous=normal
# is safe in WAL mode and saves an fsync per commit. Fewer pragmas, cheaper requests.
SQLITE_PRAGMAS = {"foreign_keys": 1, "synchronous": "normal"}
# The busy timeout (seconds): a writer waits this long for a lock instead of failing.
SQLITE_TIMEOUT = 5
# PostgreSQL: give up connecting after this many seconds (a 503), rather than hang.
CONNECT_TIMEOUT = 5


def connect_url(url, **options):
    """A peewee Database for `url`; SQLite gets WAL, the pragmas above and a busy timeout."""
    sqlite = urlparse(url).scheme.startswith("sqlite")
    if sqlite:
        options.setdefault("pragmas", SQLITE_PRAGMAS)
        options.setdefault("timeout", SQLITE_TIMEOUT)
    elif urlparse(url).scheme.startswith("postgres"):
        options.setdefault("connect_timeout", CONNECT_TIMEOUT)
    database = db_url.connect(url, **options)
    if sqlite:
        use_wal(database)
    return database


def use_wal(database):
    """Switch the file to WAL once (the mode is stored in the file, not per connection).

    WAL lets readers and a writer work at once. A file that cannot be opened yet is left
    alone: requests will report that error themselves.
    """
    if database.database == ":memory:":
        return
    try:
        with database.connection_context():
            database.pragma("journal_mode", "wal")
    except OperationalError:
        pass


class Count(int):
    """A row count; `approximate` when it was read from the cache of a big table's size
    (see `count_rows`), so pages say "about" before it; `at_least` when counting stopped
    there (`count_rows(query, up_to=N)`) and there are more rows, so pages say "more than"."""

    approximate = False
    at_least = False

    @classmethod
    def cached(cls, value):
        count = cls(value)
        count.approximate = True
        return count

    @classmethod
    def more_than(cls, value):
        count = cls(value)
        count.at_least = True
        return count

    def shown(self):
        """The count as pages write it: "17", "about 1,000,000", "more than 1,000"."""
        if self.approximate:
            return f"about {self:,}"
        if self.at_least:
            return f"more than {self:,}"
        return str(int(self))


# A whole table of at least COUNT_CACHE_ROWS rows is counted exactly once every
# COUNT_CACHE_SECONDS per worker; lists and the dashboard show that count as "about N"
# in between. Counting every row on every page costs milliseconds per 100,000 rows on
# SQLite and tens of milliseconds on PostgreSQL, so a table of COUNT_SLOW_ROWS rows or
# more whose count took COUNT_SLOW_SECONDS or longer is treated the same way.
COUNT_CACHE_ROWS = 200_000
COUNT_CACHE_SECONDS = 60
COUNT_SLOW_ROWS = 10_000
COUNT_SLOW_SECONDS = 0.005
# {database: {table: (count, when it was counted)}}; a worker's own, never shared.
TABLE_SIZES = weakref.WeakKeyDictionary()


def whole_table(query):
    """Whether `query` selects every row of its model's table: no WHERE, join or grouping."""
    return (
        query._where is None
        and query._from_list == [query.model]
        and not query._group_by
        and not query._having
        and not query._distinct
    )


# {database: {model: (sql, params)}}: each whole table's COUNT(*), built once.
COUNT_STATEMENTS = weakref.WeakKeyDictionary()


def count_table(database, model):
    """COUNT(*) of `model`'s whole table. peewee builds the statement once: building it
    takes several times as long as SQLite takes to answer it from its smallest index."""
    statements = COUNT_STATEMENTS.setdefault(database, {})
    statement = statements.get(model)
    if statement is None:
        statement = statements[model] = model.select(fn.COUNT(SQL("*"))).sql()
    return database.execute_sql(*statement).fetchone()[0]


def bound_database(model):
    """The peewee Database `model` runs on (FlaskDB binds models through a Proxy)."""
    database = model._meta.database
    return database.obj if isinstance(database, Proxy) else database


class Statement:
    """A SELECT whose SQL peewee writes once per database, then runs with new values.

    peewee writes a query's SQL each time it runs it; for a join that takes longer than
    SQLite takes to answer. Give `build`, a function that returns the query with its
    argument(s) in place of the values that change between runs:

        by_token = Statement(Session, lambda token: Session.select().join(User)
                             .where(Session.token_hash == token).limit(1))
        session = by_token.first(token_hash(token))

    `rows(*values)` runs it with `values` in those places and reads the rows as the query
    itself would (model objects, joined ones attached). The values go to the database
    driver as given: pass what a field would store (an int, a str, a datetime).
    """

    def __init__(self, model, build, values=1):
        self.model, self.build, self.values = model, build, values
        self.compiled = weakref.WeakKeyDictionary()  # {database: (query, sql, params, slots)}

    def compile(self, database):
        # Each value's place is found by building the query around a unique marker.
        markers = [f"\x00value {number}\x00" for number in range(self.values)]
        query = self.build(*markers)
        sql, params = query.sql()
        slots = [index for index, param in enumerate(params) if param in markers]
        if [params[index] for index in slots] != markers:
            raise ValueError(f"{self.build!r}: a value was converted or repeated in the query")
        self.compiled[database] = compiled = (query, sql, params, slots)
        return compiled

    def rows(self, *values):
        database = bound_database(self.model)
        query, sql, params, slots = self.compiled.get(database) or self.compile(database)
        params = list(params)
        for index, value in zip(slots, values, strict=True):
            params[index] = value
        # peewee's own reader for this query's rows (the one query.execute() would use).
        return query._get_cursor_wrapper(database.execute_sql(sql, params))

    def first(self, *values):
        """The first row, or None."""
        return next(iter(self.rows(*values)), None)


def count_rows(query, up_to=None):
    """How many rows `query` selects, as cheaply as the database can tell.

    With `up_to`, a filtered query is counted no further than that many rows: a search
    that no index serves (`LIKE '%term%'`) then reads a few thousand rows, not the table.
    The result is `Count.more_than(up_to)` when there are more.

    peewee's `query.count()` wraps the query in a subquery: always right, but SQLite then
    reads every row. A plain query (no GROUP BY, DISTINCT, window or LIMIT) is counted
    directly, which SQLite answers from its smallest index, several times faster.

    A whole big table (COUNT_CACHE_ROWS rows or more, or COUNT_SLOW_ROWS rows that took
    COUNT_SLOW_SECONDS to count) is counted once every COUNT_CACHE_SECONDS and the result
    is a `Count` marked approximate in between. A filtered query is counted exactly, as
    far as `up_to` when given.
    """
    plain = query._count_can_project_one() and query._limit is None and not query._offset
    if not plain:
        return Count(query.count())
    if not whole_table(query) and up_to is not None:
        found = query.order_by().select(SQL("1")).limit(up_to + 1).count()
        return Count.more_than(up_to) if found > up_to else Count(found)
    if not whole_table(query):
        return Count(query.order_by().select(fn.COUNT(SQL("*"))).scalar())
    database = query.model._meta.database
    if isinstance(database, Proxy):  # FlaskDB's models point at the database through one
        database = database.obj
    sizes = TABLE_SIZES.setdefault(database, {})
    table = query.model._meta.table_name
    known = sizes.get(table)
    if known is not None and time.monotonic() - known[1] < COUNT_CACHE_SECONDS:
        return Count.cached(known[0])
    started = time.perf_counter()
    count = count_table(database, query.model)
    slow = count >= COUNT_SLOW_ROWS and time.perf_counter() - started >= COUNT_SLOW_SECONDS
    if count >= COUNT_CACHE_ROWS or slow:
        sizes[table] = (count, time.monotonic())
    else:
        sizes.pop(table, None)
    return Count(count)


def equal(field, value):
    return field.is_null() if value is None else field == value


def beyond(field, descending, value):
    """Rows past `value` in this column's direction (nulls count as the smallest value)."""
    if descending:
        if value is None:
            return None  # nothing sorts after null going down
        return (field < value) | field.is_null() if field.null else field < value
    if value is None:
        return field.is_null(False)
    return field > value


def rows_after(ordering, values):
    """WHERE for the rows after `values` in `ordering`, [(column, descending)]: keyset
    pagination, (a > x) OR (a = x AND b > y) OR ..., served by an index on the columns.
    A nullable column's nulls count as its smallest value."""
    clauses = []
    for index, ((field, descending), value) in enumerate(zip(ordering, values, strict=True)):
        step = beyond(field, descending, value)
        if step is None:
            continue
        same = [equal(f, v) for (f, _), v in zip(ordering[:index], values[:index], strict=True)]
        clauses.append(functools.reduce(operator.and_, [*same, step]))
    if not clauses:
        return None
    where = functools.reduce(operator.or_, clauses)
    # An OR hides the range from the query planner, which then scans the whole table. The
    # first key's own (inclusive) bound lets it seek in that column's index instead.
    (first, descending), value = ordering[0], values[0]
    if value is not None and not first.null:
        where = (first <= value if descending else first >= value) & where
    return where


class Database(FlaskDB):
    """`Database(app)` or `Database()` then `init_app(app)`; see the module docstring.

    Components keep tables of their own (`auth.models`, `admin.models`, `api.models`) and
    tell the database with `keeps()`. Create them, with your models, in one call:
    `db.create_tables(User, Note, auth, admin, api)` (or `flask db upgrade` in the
    generated project). If one is missing when the app serves its first request, the log
    says which and how to create it, and requests get a 503 until it exists.

    As with peewee's FlaskDB, the database may also be given directly, instead of the
    `DATABASE` setting: `Database(app, database)`, `Database(None, database)` (then
    `.database` is usable at once) or `db.init_app(app, database)`; a URL or a peewee
    Database.
    """

    def __init__(self, app=None, database=None, excluded_routes=("static",)):
        self.kept_models = []
        self.tables_checked = False
        if isinstance(database, str):
            database = connect_url(database)
        super().__init__(None, database, model_class=rows.Model, excluded_routes=excluded_routes)
        if isinstance(database, Db):
            self.database = database  # usable before init_app: models bind to it
        if app is not None:
            self.init_app(app)

    def init_app(self, app, database=None):
        """Open a connection per request on `app`, to `database` when given (for this
        app only), else to the one given at construction, else to `DATABASE`."""
        unavailable.register(app)  # a database outage is a 503 on this app, not a 500
        if database is None:
            return super().init_app(app)
        configured, self._db = self._db, database
        try:
            return super().init_app(app)
        finally:
            self._db = configured

    def keeps(self, models):
        """Record tables a component needs (checked at the first request)."""
        self.kept_models.extend(model for model in models if model not in self.kept_models)

    def create_tables(self, *models_or_components):
        """Create tables for models and components (anything with `.models`), if missing."""
        models = []
        for item in models_or_components:
            models.extend(getattr(item, "models", None) or [item])
        with self.database.connection_context():
            self.database.create_tables(models, safe=True)

    def missing_tables(self):
        """Names of the components' tables that the database lacks."""
        existing = set(self.database.get_tables())
        return [m._meta.table_name for m in self.kept_models if m._meta.table_name not in existing]

    def check_tables(self):
        """At the first request: a missing component table is a clear message, not a 500."""
        if self.tables_checked or not self.kept_models:
            return
        missing = self.missing_tables()
        if not missing:
            self.tables_checked = True
            return
        logger.error(
            "Database tables missing: %s. Create them with `flask db upgrade`, or in code "
            "with db.create_tables(YourModels..., auth, admin, api).",
            ", ".join(missing),
        )
        raise unavailable.DatabaseUnavailable()

    def _load_database(self, app, config_value):
        if isinstance(config_value, str):
            config_value = connect_url(config_value, **app.config.get("DATABASE_OPTIONS", {}))
        super()._load_database(app, config_value)

    def connect_db(self):
        # Static files need no connection; code that already holds one keeps it.
        endpoint = request.endpoint or ""
        if endpoint in self._excluded_routes or endpoint.endswith(".static"):
            return
        try:
            self.database.connect(reuse_if_open=True)
            self.check_tables()
        except (OperationalError, InterfaceError) as error:
            if not unavailable.is_unavailable(error):
                raise
            raise unavailable.DatabaseUnavailable() from error

    def close_db(self, exc):
        if not self.database.is_closed():
            # A connection that died with the database has nothing left to close.
            with contextlib.suppress(OperationalError, InterfaceError):
                self.database.close()


db = Database()
