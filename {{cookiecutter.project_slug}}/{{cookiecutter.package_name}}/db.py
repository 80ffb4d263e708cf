"""The database wrapper: peewee's FlaskDB, configured by URL and tuned per backend.

`db.Model` is the base class of every model. A connection is opened when a request
starts and closed when it ends. Config `DATABASE` is a URL:
`sqlite:///app.db`, `postgresql://user@host/dbname`, `postgresql+pool://...`.
"""

from urllib.parse import urlparse

from flask import request
from peewee import SQL, OperationalError, fn
from peewee import Database as Db
from playhouse import db_url
from playhouse.flask_utils import FlaskDB

# Set on every SQLite connection: foreign_keys makes ON DELETE work; synchronous=normal
# is safe in WAL mode and saves an fsync per commit. Fewer pragmas, cheaper requests.
SQLITE_PRAGMAS = {"foreign_keys": 1, "synchronous": "normal"}
# The busy timeout (seconds): a writer waits this long for a lock instead of failing.
SQLITE_TIMEOUT = 5


def connect_url(url, **options):
    """A peewee Database for `url`; SQLite gets WAL, the pragmas above and a busy timeout."""
    sqlite = urlparse(url).scheme.startswith("sqlite")
    if sqlite:
        options.setdefault("pragmas", SQLITE_PRAGMAS)
        options.setdefault("timeout", SQLITE_TIMEOUT)
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


def count_rows(query):
    """How many rows `query` selects, as cheaply as the database can tell.

    peewee's `query.count()` wraps the query in a subquery: always right, but SQLite then
    reads every row. A plain query (no GROUP BY, DISTINCT, window or LIMIT) is counted
    directly, which SQLite answers from its smallest index, several times faster.
    """
    plain = query._count_can_project_one() and query._limit is None and not query._offset
    if not plain:
        return query.count()
    return query.order_by().select(fn.COUNT(SQL("*"))).scalar()


class Database(FlaskDB):
    """`Database(app)` or `Database()` then `init_app(app)`; see the module docstring.

    As with peewee's FlaskDB, the database may also be given directly, instead of the
    `DATABASE` setting: `Database(app, database)`, `Database(None, database)` (then
    `.database` is usable at once) or `db.init_app(app, database)`; a URL or a peewee
    Database.
    """

    def __init__(self, app=None, database=None, excluded_routes=("static",)):
        if isinstance(database, str):
            database = connect_url(database)
        super().__init__(None, database, excluded_routes=excluded_routes)
        if isinstance(database, Db):
            self.database = database  # usable before init_app: models bind to it
        if app is not None:
            self.init_app(app)

    def init_app(self, app, database=None):
        """Open a connection per request on `app`, to `database` when given (for this
        app only), else to the one given at construction, else to `DATABASE`."""
        if database is None:
            return super().init_app(app)
        configured, self._db = self._db, database
        try:
            return super().init_app(app)
        finally:
            self._db = configured

    def _load_database(self, app, config_value):
        if isinstance(config_value, str):
            config_value = connect_url(config_value, **app.config.get("DATABASE_OPTIONS", {}))
        super()._load_database(app, config_value)

    def connect_db(self):
        # Static files need no connection; code that already holds one keeps it.
        endpoint = request.endpoint or ""
        if endpoint in self._excluded_routes or endpoint.endswith(".static"):
            return
        self.database.connect(reuse_if_open=True)

    def close_db(self, exc):
        if not self.database.is_closed():
            self.database.close()


db = Database()
