"""Who may call a resource: authentication backends, chosen per resource.

`api.register(Message, MessageResource)` uses the API's `default_auth`;
`api.register(User, UserResource, auth=AdminAuthentication(auth))` overrides it.
"""

from flask import g, request
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError

from ..auth.permissions import METHOD_OPERATIONS, missing
from .errors import ApiError
from .keys import api_key_model

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
ALL_METHODS = ("GET", "HEAD", "OPTIONS", *WRITE_METHODS)


def check_permission(user, slug, method):
    """403, naming the permission, unless `user` holds the one `method` needs on `slug`
    (GET view, POST add, PUT/PATCH change, DELETE delete: auth.permissions decides)."""
    code = missing(user, slug, METHOD_OPERATIONS.get(method, "view"))
    if code is not None:
        raise ApiError(403, f"This needs the permission {code}.")


def requested_slug():
    """The resource slug of this request's URL (/api/<slug>/...)."""
    return (request.view_args or {}).get("slug", "")


class Authentication:
    """Reads are open to everyone; writes need a user, and this backend knows none (401)."""

    #: Methods that need an authenticated user.
    protected_methods = WRITE_METHODS
    #: The WWW-Authenticate challenges sent with a 401.
    challenges = ('Basic realm="api"',)

    def __init__(self, protected_methods=None):
        if protected_methods is not None:
            self.protected_methods = tuple(protected_methods)

    def get_user(self):
        """The user the request authenticates as, or None."""
        return None

    def check_user(self, user):
        """Raise ApiError if `user` may not make this request."""

    def authorize(self):
        """The requesting user (None for an anonymous read); 401 or 403 if refused."""
        user = self.get_user()
        if request.method in self.protected_methods:
            if user is None:
                raise self.unauthorized("Authentication required.")
            self.check_user(user)
        return user

    def unauthorized(self, detail):
        return ApiError(401, detail, headers={"WWW-Authenticate": ", ".join(self.challenges)})


class UserAuthentication(Authentication):
    """The site's users, by HTTP Basic (username and password), API key, or browser session.

    Accepted credentials are listed in `credentials`; pass a subset to narrow them, e.g.
    `UserAuthentication(auth, credentials=("api_key",))`. A browser session's writes must
    send the page's CSRF token in an `X-CSRFToken` header.
    """

    credentials = ("basic", "api_key", "session")

    def __init__(self, auth, protected_methods=None, credentials=None):
        super().__init__(protected_methods)
        self.auth = auth
        self.credentials = tuple(credentials or self.credentials)
        self.APIKey = api_key_model(auth)
        self.challenges = tuple(
            challenge
            for kind, challenge in (
                ("basic", 'Basic realm="api"'),
                ("api_key", 'Bearer realm="api"'),
            )
            if kind in self.credentials
        ) or ('Bearer realm="api"',)

    def get_user(self):
        header = request.authorization
        api_key = request.headers.get("X-API-Key")
        if header is not None and header.type == "basic" and "basic" in self.credentials:
            user = self.require(
                self.auth.authenticate(header.username or "", header.password or "")
            )
            if self.auth.two_factor.enrolled(user):
                # The password alone must not open an account that asks for a second factor.
                raise self.unauthorized("This account uses two-factor login: use an API key.")
            return user
        if header is not None and header.type == "bearer" and "api_key" in self.credentials:
            api_key = header.token
        elif "Authorization" in request.headers:
            raise self.unauthorized("Unsupported or malformed Authorization header.")
        if api_key is not None and "api_key" in self.credentials:
            return self.require(self.APIKey.user_for(api_key) if api_key else None)
        if api_key is not None:
            raise self.unauthorized("API keys are not accepted here.")
        user = g.get("user") if "session" in self.credentials else None
        if user is not None and request.method in WRITE_METHODS:
            self.check_csrf()
        return user

    def require(self, user):
        if user is None:
            raise self.unauthorized("Invalid credentials.")
        return user

    def check_csrf(self):
        """A browser session's writes must carry the CSRF token (X-CSRFToken header)."""
        try:
            validate_csrf(request.headers.get("X-CSRFToken"))
        except (ValidationError, CSRFError):
            raise ApiError(403, "The CSRF token is missing or invalid.") from None


class APIKeyAuthentication(UserAuthentication):
    """Only API keys (`Authorization: Bearer KEY` or `X-API-Key: KEY`): for machine clients."""

    credentials = ("api_key",)

    def __init__(self, auth, protected_methods=None):
        super().__init__(auth, protected_methods)


class AdminAuthentication(UserAuthentication):
    """Like UserAuthentication, and only superusers (`admin`) or holders of the model
    permission for the method (POST add, PUT/PATCH change, DELETE delete) may write."""

    def check_user(self, user):
        check_permission(user, requested_slug(), request.method)


class PermissionAuthentication(UserAuthentication):
    """Every method, reads too, needs the model permission for it (GET `<slug>.view` or
    `.change`, POST `.add`, PUT/PATCH `.change`, DELETE `.delete`); superusers hold all."""

    protected_methods = ALL_METHODS

    def check_user(self, user):
        check_permission(user, requested_slug(), request.method)
