"""The Auth extension: who is logged in, logging in and out, and view decorators."""

import datetime
import functools
import hashlib
import secrets

from flask import abort, current_app, g, redirect, request, session, url_for

from .models import make_auth_models
from .passwords import configured_rounds, dummy_hash, hash_rounds, verify_password

SESSION_KEY = "auth_token"


def token_hash(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Auth:
    """Login, logout and the logged-in user for a Flask app, against `user_model`.

    `Auth(app, db, user_model=User)`, or `Auth(db=db, user_model=User)` then
    `init_app(app)`. `db` is the project's `Database` wrapper.
    """

    blueprint_name = "auth"

    def __init__(
        self, app=None, db=None, user_model=None, prefix="/accounts", default_next_url="/"
    ):
        self.db = db
        self.user_model = user_model
        self.prefix = prefix
        self.default_next_url = default_next_url
        self.UserSession, self.LoginAttempt = make_auth_models(db, user_model)
        if app is not None:
            self.init_app(app)

    @property
    def models(self):
        """The tables auth needs besides the user model, for create_tables() or migrations."""
        return [self.UserSession, self.LoginAttempt]

    def init_app(self, app):
        from .views import make_blueprint

        app.config.setdefault("BCRYPT_ROUNDS", 12)
        app.config.setdefault("AUTH_SESSION_DAYS", 14)
        app.register_blueprint(make_blueprint(self), url_prefix=self.prefix)
        app.before_request(self.load_logged_in_user)
        app.context_processor(lambda: {"user": g.get("user")})
        app.extensions["auth"] = self

    # -- who is logged in -------------------------------------------------

    def load_logged_in_user(self):
        """Set `g.user` from the session token; a token deleted on the server logs out."""
        g.user = None
        token = session.get(SESSION_KEY)
        endpoint = request.endpoint or ""
        if not token or endpoint == "static" or endpoint.endswith(".static"):
            return
        UserSession, User = self.UserSession, self.user_model
        row = (
            UserSession.select(UserSession, User)
            .join(User)
            .where(
                (UserSession.token_hash == token_hash(token))
                & (UserSession.expires > datetime.datetime.now())
                & (User.active == True)  # noqa: E712 (peewee expression)
            )
            .first()
        )
        if row is not None:
            g.user = row.user

    def get_logged_in_user(self):
        return g.get("user")

    # -- logging in and out -----------------------------------------------

    def authenticate(self, username, password):
        """The active user with these credentials, or None; same cost for unknown names."""
        rounds = configured_rounds()
        user = self.user_model.get_or_none(self.user_model.username == username)
        if user is None:
            verify_password(password, dummy_hash(rounds))
            return None
        if not user.check_password(password) or not user.active:
            return None
        if hash_rounds(user.password) != rounds:
            user.set_password(password, rounds)  # upgrade an old cost at login
            user.save(only=[self.user_model.password])
        return user

    def login_user(self, user):
        """Start a fresh session for `user` (the old session id is dropped: no fixation)."""
        session.clear()
        token = secrets.token_urlsafe(32)
        days = current_app.config["AUTH_SESSION_DAYS"]
        self.UserSession.create(
            user=user,
            token_hash=token_hash(token),
            expires=datetime.datetime.now() + datetime.timedelta(days=days),
        )
        session[SESSION_KEY] = token
        session.permanent = True
        g.user = user

    def logout_user(self):
        """End this session on the server too, so a copy of the cookie stops working."""
        token = session.get(SESSION_KEY)
        if token:
            sessions = self.UserSession
            sessions.delete().where(sessions.token_hash == token_hash(token)).execute()
        session.clear()
        g.user = None

    # -- decorators ---------------------------------------------------------

    def login_url(self):
        return url_for(f"{self.blueprint_name}.login", next=request.full_path.rstrip("?"))

    def login_required(self, view):
        """Anonymous users are sent to the login page, and back here afterwards."""

        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if g.get("user") is None:
                return redirect(self.login_url())
            return view(*args, **kwargs)

        return wrapped

    def admin_required(self, view):
        """Like login_required, and logged-in users who are not admins get 403."""

        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            user = g.get("user")
            if user is None:
                return redirect(self.login_url())
            if not user.admin:
                abort(403)
            return view(*args, **kwargs)

        return wrapped
