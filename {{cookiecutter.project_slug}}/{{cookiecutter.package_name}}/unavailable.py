"""While the database is down: 503 with Retry-After, never a 500 or a traceback.

Database registers this on every app it is bound to. A request that cannot reach the
database (it is stopped, unreachable, timing out, or SQLite stayed locked past its busy
timeout) answers 503 "temporarily unavailable" with `Retry-After`: an HTML page for
people, JSON for clients that prefer it (the API answers problem+json itself). Nothing is
kept from the failed connection: the next request connects afresh, so service resumes on
its own once the database is back. Setting: DATABASE_RETRY_AFTER (seconds, 5).
"""

import json
import logging

from flask import current_app, request
from peewee import InterfaceError, OperationalError
from werkzeug.exceptions import ServiceUnavailable

logger = logging.getLogger(__name__)

MESSAGE = "The service is temporarily unavailable. Please try again in a moment."
# SQLite reports schema mistakes as OperationalError too: those are bugs, not an outage.
SCHEMA_MISTAKES = ("no such table", "no such column", "has no column", "syntax error")


class DatabaseUnavailable(ServiceUnavailable):
    """The 503 answered while the database cannot be reached."""

    description = MESSAGE

    def __init__(self, retry_after=None):
        if retry_after is None:
            retry_after = current_app.config.get("DATABASE_RETRY_AFTER", 5)
        super().__init__(retry_after=retry_after)

    def get_response(self, environ=None, scope=None):
        """JSON for a client that prefers it to HTML; werkzeug's small page otherwise."""
        response = super().get_response(environ, scope)
        if prefers_json():
            response.set_data(json.dumps({"error": MESSAGE, "status": 503}))
            response.mimetype = "application/json"
        return response


def prefers_json():
    """Does the client rank JSON above HTML (an `Accept: */*` client gets HTML)?"""
    accept = request.accept_mimetypes
    return accept.quality("application/json") > accept.quality("text/html") or (
        accept.best == "application/json"
    )


def is_unavailable(error):
    """Is `error` the database being out of reach, rather than a bug in a query?"""
    if isinstance(error, DatabaseUnavailable):
        return True
    if isinstance(error, InterfaceError):
        return "connection" in str(error).lower() or "closed" in str(error).lower()
    if isinstance(error, OperationalError):
        return not any(mistake in str(error).lower() for mistake in SCHEMA_MISTAKES)
    return False


def answer_unavailable(error):
    """The app's handler for database errors: 503 for an outage, the usual 500 otherwise."""
    if not is_unavailable(error):
        raise error
    logger.warning("Database unavailable: %s", str(error).strip().splitlines()[0][:200])
    # Through the app's own 503 handler, if it has one (its error page), else the default.
    return current_app.handle_http_exception(DatabaseUnavailable())


def register(app):
    """Answer database outages with a 503 on `app`."""
    app.config.setdefault("DATABASE_RETRY_AFTER", 5)
    app.register_error_handler(OperationalError, answer_unavailable)
    app.register_error_handler(InterfaceError, answer_unavailable)
