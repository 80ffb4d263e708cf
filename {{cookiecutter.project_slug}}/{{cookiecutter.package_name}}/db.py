"""The database wrapper: peewee's FlaskDB, configured by URL and tuned per backend.

`db.Model` is the base class of every model. A connection is opened when a request
starts and closed when it ends. Config `DATABASE` is a URL:
`sqlite:///app.db`, `postgresql://user@host/dbname`, `postgresql+pool://...`.
"""

from urllib.parse import urlparse

from flask import request
from playhouse import db_url
from playhouse.flask_utils import FlaskDB

# WAL lets readers and a writer work at once; foreign_keys makes ON DELETE work;
# busy_timeout (ms) makes a writer wait for a lock instead of failing at once.
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "normal",
    "cache_size": -16000,
}


def connect_url(url, **options):
    """A peewee Database for `url`; SQLite gets the pragmas above unless told otherwise."""
    if urlparse(url).scheme.startswith("sqlite"):
        options.setdefault("pragmas", SQLITE_PRAGMAS)
        options.setdefault("timeout", 5)
    return db_url.connect(url, **options)


class Database(FlaskDB):
    """`Database(app)` or `Database()` then `init_app(app)`; see the module docstring."""

    def __init__(self, app=None, database=None, excluded_routes=("static",)):
        super().__init__(app, database, excluded_routes=excluded_routes)

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
