"""Rate limiting, off until you set `API_RATE_LIMIT`, e.g. "100/minute" (per client address).

Counts live in the database (one row per client and time window), so every gunicorn worker
and every host sees the same numbers. Over the limit: 429 with `Retry-After`.
"""

import time

from flask import current_app, request
from peewee import CharField, IntegerField

from .errors import ApiError

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


_models = {}


def make_rate_limit_model(db):
    """The table of request counts, bound to `db` (the project's Database wrapper)."""

    class RateLimitWindow(db.Model):
        """How many requests one client made in one time window."""

        client = CharField(max_length=100)
        window = IntegerField(index=True)  # the window's start, in periods since the epoch
        hits = IntegerField(default=0)

        class Meta:
            table_name = "api_rate_limit"
            indexes = ((("client", "window"), True),)

    return RateLimitWindow


def rate_limit_model(db):
    """The rate-limit model for `db`: made once, shared by every API on that database."""
    if db not in _models:
        _models[db] = make_rate_limit_model(db)
    return _models[db]


def parse_limit(setting):
    """ "100/minute" -> (100, 60)."""
    count, _, period = setting.partition("/")
    if not count.strip().isdigit() or period.strip() not in PERIODS:
        raise ValueError(f"API_RATE_LIMIT must look like '100/minute', not {setting!r}")
    return int(count), PERIODS[period.strip()]


def count_request(table, client, period):
    """Add one hit for `client` in the current window; returns (hits, seconds left)."""
    now = time.time()
    window = int(now // period)
    with table._meta.database.atomic():
        table.insert(client=client, window=window, hits=1).on_conflict(
            conflict_target=[table.client, table.window], update={table.hits: table.hits + 1}
        ).execute()
        hits = (
            table.select(table.hits)
            .where((table.client == client) & (table.window == window))
            .scalar()
        )
        if hits == 1:
            table.delete().where(table.window < window).execute()  # forget finished windows
    return hits, max(1, int((window + 1) * period - now))


def check_rate_limit(table):
    """Before each API request: refuse it with 429 once the client is over the limit."""
    setting = current_app.config.get("API_RATE_LIMIT")
    if not setting:
        return
    allowed, period = parse_limit(setting)
    hits, retry_after = count_request(table, f"ip:{request.remote_addr}"[:100], period)
    if hits > allowed:
        raise ApiError(
            429, "Too many requests: slow down.", headers={"Retry-After": str(retry_after)}
        )
