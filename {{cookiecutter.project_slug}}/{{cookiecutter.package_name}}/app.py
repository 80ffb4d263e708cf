"""The application factory: `create_app()` builds the app step by step."""

from flask import Flask, jsonify, render_template, request

from . import cli, scaffold, site
{%- if cookiecutter.include_admin %}
from .admin_site import admin
{%- endif %}
{%- if cookiecutter.include_api %}
from .api import api_for_path
from .api.errors import error_response as api_error_response
from .api_site import api
{%- endif %}
from .auth.headers import register_security_headers
from .config import check_settings, default_settings
from .db import db
from .extensions import auth, csrf
from .models import Message, User
from .unavailable import prefers_json


def create_app(config=None):
    """Build the app; `config` (a mapping) overrides settings from the environment."""
    app = Flask(__name__)
    configure(app, config)
    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_security_headers(app)
    register_commands(app)
    register_shell_context(app)
    return app


def configure(app, config):
    """Environment and .env first, then FLASK_* variables, then `config`; check the result."""
    app.config.update(default_settings())
    app.config.from_prefixed_env()
    app.config.update(config or {})
    check_settings(app.config)
    if app.config["SESSION_COOKIE_SECURE"] is None:
        # Cookies only over HTTPS in production; local debug and tests run on plain HTTP.
        app.config["SESSION_COOKIE_SECURE"] = not (app.debug or app.testing)


def register_extensions(app):
    """Database, CSRF on every form, auth{% if cookiecutter.include_admin %} and the admin{% endif %}."""
    db.init_app(app)
    csrf.init_app(app)
    auth.init_app(app)
{%- if cookiecutter.include_admin %}
    admin.init_app(app)
{%- endif %}


def register_blueprints(app):
    """The public site{% if cookiecutter.include_api %} and the REST API at /api/{% endif %}."""
    app.register_blueprint(site.bp)
{%- if cookiecutter.include_api %}
    api.init_app(app)
{%- endif %}


def wants_json():
    """JSON for /healthz and for clients that rank it above HTML; a page for everyone else."""
    return request.path.startswith("/healthz") or prefers_json()


def register_error_handlers(app):
    """HTML error pages for people, JSON for API clients."""

    def render_error(error):
{%- if cookiecutter.include_api %}
        if api_for_path(request.path) is not None:
            return api_error_response(error)  # problem+json, even for unknown /api/ URLs
{%- endif %}
        code = getattr(error, "code", 500) or 500
        # Keep Allow (405) and Retry-After (429, 503); the body is ours.
        headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        if wants_json():
            return jsonify(error=getattr(error, "description", "Server error")), code, headers
        return render_template("error.html", error=error, code=code), code, headers

    for code in (400, 403, 404, 405, 413, 429, 500, 503):
        app.register_error_handler(code, render_error)


def register_commands(app):
    """`flask db ...`, `flask seed`, `flask scaffold`, `flask create-user`, ..."""
    cli.register(app)
    scaffold.register(app)


def register_shell_context(app):
    """`flask shell` starts with the database and models imported."""
    app.shell_context_processor(lambda: {"db": db, "User": User, "Message": Message})
