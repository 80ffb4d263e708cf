"""API errors as `application/problem+json` (RFC 9457), with an `error` member for old clients."""

import json
from http import HTTPStatus

from flask import current_app
from werkzeug.exceptions import HTTPException

from ..unavailable import DatabaseUnavailable, is_unavailable

PROBLEM_TYPE = "application/problem+json"


class ApiError(Exception):
    """Raise anywhere in a request to answer with a problem document.

    `errors` is a list of `{"pointer": "/field", "detail": "message"}` (JSON pointers into
    the request body) or `{"parameter": "name", "detail": "message"}` for query parameters.
    """

    def __init__(self, status, detail, errors=None, headers=None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or []
        self.headers = headers or {}


def problem(status, detail, errors=(), headers=None):
    """The response for an error: the same shape for every status."""
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "error": detail,  # flask-peewee clients read the message from here
        "errors": list(errors),
    }
    response = current_app.response_class(json.dumps(body), status, mimetype=PROBLEM_TYPE)
    response.headers.update(headers or {})
    return response


def api_error_response(error):
    return problem(error.status, error.detail, error.errors, error.headers)


def http_error_response(error):
    """Werkzeug's errors (404, 405 with its Allow header, 413, ...) as problems."""
    headers = {k: v for k, v in error.get_headers() if k.lower() not in ("content-type",)}
    detail = HTTPStatus(error.code).description if error.code else "Error"
    if error.description != type(error).description:
        detail = error.description  # a message of our own (the throttle's wait, say)
    return problem(error.code or 500, detail, headers=headers)


def server_error_response(error):
    """Anything unexpected: logged in full, answered with no exception or database text."""
    current_app.logger.exception("API request failed", exc_info=error)
    return problem(500, "The server could not complete the request.")


def unavailable_response(error):
    """The database is out of reach: 503 with Retry-After; clients retry, nothing leaks."""
    current_app.logger.warning("API: database unavailable: %s", str(error).splitlines()[:1])
    seconds = getattr(error, "retry_after", None) or DatabaseUnavailable().retry_after
    detail = "The service is temporarily unavailable. Please retry after a moment."
    return problem(503, detail, headers={"Retry-After": str(seconds)})


def error_response(error):
    """Any exception raised while serving an /api/ URL, as a problem document."""
    if isinstance(error, ApiError):
        return api_error_response(error)
    if is_unavailable(error):
        return unavailable_response(error)
    if isinstance(error, HTTPException):
        return http_error_response(error)
    return server_error_response(error)
