"""RestAPI: the registry of resources, and the blueprint that serves them under /api/."""

from flask import Blueprint, current_app, g, render_template, request
from flask_wtf.csrf import generate_csrf
from werkzeug.exceptions import HTTPException

from . import keys, openapi, views
from .authentication import Authentication
from .errors import ApiError, error_response
from .keys import api_key_model
from .ratelimit import check_rate_limit, rate_limit_model
from .resources import RestResource


def api_for_path(path):
    """The RestAPI on the current app whose prefix `path` is under, or None."""
    apis = current_app.extensions.get("rest_apis", ())
    return next((api for api in apis if api.handles(path)), None)


def answer_under_prefix(error):
    """The app's handler for HTTP errors: problem+json under an API's prefix, else as is."""
    if api_for_path(request.path) is not None:
        return error_response(error)
    return error


class RestAPI:
    """Expose models as JSON resources: `api.register(Message, MessageResource)`.

    `RestAPI(app, default_auth=...)`, or `RestAPI(default_auth=...)` then `init_app(app)`;
    models may be registered before or after the app is bound. The API's own tables (API
    keys, rate-limit counts) are `.models`, on the database of the Auth it is given (as
    `auth`, or through `default_auth`), else of the app's Auth.
    """

    def __init__(
        self, app=None, default_auth=None, prefix="/api", name="api", title=None, auth=None
    ):
        self.default_auth = default_auth or Authentication()
        self.auth = auth or getattr(self.default_auth, "auth", None)
        self.prefix = prefix.rstrip("/")
        self.name = name
        self.title = title  # None: the SITE_NAME setting, then "API"
        self.resources = {}
        if app is not None:
            self.init_app(app)

    def register(self, model, resource_class=RestResource, auth=None):
        """Serve `model` at /api/<model name, lower-case>/ through `resource_class`."""
        resource = resource_class(self, model, auth or self.default_auth)
        self.resources[resource.slug] = resource
        # The model's permissions exist for the auth that checks them (PermissionAuthentication).
        site_auth = getattr(resource.auth, "auth", None)
        if site_auth is not None:
            site_auth.permissions.add_model(resource.slug, f"{model.__name__}s")
        return resource

    def resource_for(self, model):
        """The resource registered for `model`, or None."""
        return next((r for r in self.resources.values() if r.model is model), None)

    def get_resource(self, slug):
        if slug not in self.resources:
            raise ApiError(404, f"No resource named {slug!r}.")
        return self.resources[slug]

    @property
    def models(self):
        """The tables the API keeps for itself, for create_tables() or migrations."""
        if self.auth is None:
            raise RuntimeError("RestAPI needs the site's Auth: RestAPI(app, auth=auth, ...)")
        return [api_key_model(self.auth), rate_limit_model(self.auth.db)]

    def init_app(self, app):
        if self.auth is None:
            self.auth = app.extensions.get("auth")
        app.config.setdefault("API_RATE_LIMIT", None)
        app.config.setdefault("API_MAX_BODY_BYTES", 1024 * 1024)
        if self.auth is not None:
            self.auth.db.keeps(self.models)
        # Errors raised before any view matched (unknown URL, wrong method) reach the app's
        # handlers, not the blueprint's: answer those under our prefix ourselves.
        app.extensions.setdefault("rest_apis", []).append(self)
        app.register_error_handler(HTTPException, answer_under_prefix)
        blueprint = self.make_blueprint()
        app.register_blueprint(blueprint, url_prefix=self.prefix)
        if "csrf" in app.extensions:
            # API clients send no form token; session-authenticated writes check it themselves.
            app.extensions["csrf"].exempt(blueprint)
        app.cli.add_command(keys.create_api_key)
        app.cli.add_command(keys.revoke_api_key)
        app.extensions["api"] = self

    def handles(self, path):
        """Is `path` one of this API's URLs (errors there are answered as JSON)?"""
        return path == self.prefix or path.startswith(self.prefix + "/")

    def error_response(self, error):
        """The problem+json answer for an error raised before a view ran (unknown URL,
        wrong method): the app's error handler calls this for this API's paths."""
        return error_response(error)

    def limit_body_size(self):
        """Refuse bodies over API_MAX_BODY_BYTES (or the app's smaller MAX_CONTENT_LENGTH)."""
        config = current_app.config
        limits = [config["API_MAX_BODY_BYTES"], config["MAX_CONTENT_LENGTH"]]
        request.max_content_length = min(limit for limit in limits if limit is not None)
        if request.content_length is not None and (
            request.content_length > request.max_content_length
        ):
            raise ApiError(413, f"The body is over {request.max_content_length} bytes.")

    def make_blueprint(self):
        """The routes; each app gets its own blueprint, so many apps can share one RestAPI."""
        bp = Blueprint(self.name, __name__, template_folder="templates", static_folder="static")
        bp.before_request(self.limit_body_size)
        bp.before_request(lambda: check_rate_limit(self.models[1]))
        bp.register_error_handler(ApiError, error_response)
        bp.register_error_handler(HTTPException, error_response)
        bp.register_error_handler(Exception, error_response)

        @bp.get("/openapi.json")
        def openapi_document():
            return views.to_json(openapi.document(self))

        @bp.get("/docs/")
        def docs():
            """Swagger UI over the document, with the server-rendered reference as the
            no-JavaScript fallback. Logged-in visitors get the CSRF token that "Try it out"
            sends with their session's writes (static/docs.js)."""
            token = generate_csrf() if g.get("user") is not None else None
            document = openapi.document(self)
            return render_template("api/docs.html", doc=document, api=self, session_csrf=token)

        # OPTIONS is answered by dispatch(), so Allow names only the resource's methods.
        @bp.route(
            "/<slug>/",
            methods=["GET", "POST", "OPTIONS"],
            endpoint="list",
            provide_automatic_options=False,
        )
        def list_view(slug):
            return views.dispatch(self.get_resource(slug))

        @bp.route(
            "/<slug>/<pk>/",
            methods=["GET", "PUT", "PATCH", "DELETE", "OPTIONS"],
            endpoint="detail",
            provide_automatic_options=False,
        )
        def detail_view(slug, pk):
            return views.dispatch(self.get_resource(slug), pk)

        return bp
