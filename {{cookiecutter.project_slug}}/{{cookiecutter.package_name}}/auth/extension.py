"""The Auth extension: who is logged in, logging in and out, and view decorators."""

import datetime
import functools
import hashlib
import logging
import secrets

from flask import (
    abort,
    current_app,
    g,
    has_request_context,
    redirect,
    request,
    session,
    url_for,
)

from ..db import Statement
from ..mail import init_mail
from .addresses import client_address, trust_proxies
from .attempts import add_account_kinds
from .grants import Grants
from .models import make_account_models, make_auth_models
from .passwords import configured_rounds, dummy_hash, hash_rounds, verify_password
from .permissions import PermissionCatalog
from .redact import hide_password_hashes
from .throttle import Throttle
from .twofactor import TwoFactor

SESSION_KEY = "auth_token"
LAST_SEEN_EVERY = datetime.timedelta(minutes=1)  # the sessions page needs no finer clock

logger = logging.getLogger(__name__)


def token_hash(token):
    """Sessions are stored by the hash of their token: a leaked table logs nobody in."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def clear_session():
    """Empty the session, and the CSRF token Flask-WTF cached for this request with it."""
    session.clear()
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


class Auth:
    """Login, logout and the logged-in user for a Flask app, against `user_model`.

    `Auth(app, db, user_model=User)`, or `Auth(db=db, user_model=User)` then
    `init_app(app)`. `db` is the project's `Database` wrapper. Settings (with defaults):
    BCRYPT_ROUNDS (12), AUTH_SESSION_DAYS (14), TRUSTED_PROXIES (0), and the login
    throttle's (see throttle.py): AUTH_MAX_FAILURES_PER_USERNAME_AND_ADDRESS (5),
    AUTH_MAX_FAILURES_PER_ADDRESS (20), AUTH_SLOW_DOWN_USERNAME_AFTER (10),
    AUTH_SLOW_DOWN_SECONDS (60), AUTH_THROTTLE_MINUTES (15). Accounts:
    PASSWORD_RESET_SECONDS (86400), AUTH_SIGNUP (False), AUTH_VERIFY_EMAIL (True),
    AUTH_VERIFY_EMAIL_SECONDS (3 days), AUTH_2FA_LOGIN_SECONDS (300) and
    AUTH_REQUIRE_2FA_FOR_STAFF (True; False under tests).
    """

    blueprint_name = "auth"

    def __init__(
        self, app=None, db=None, user_model=None, prefix="/accounts", default_next_url="/"
    ):
        if db is None or user_model is None:
            raise TypeError("Auth needs db and user_model: Auth(app, db, user_model=User)")
        self.db = db
        self.user_model = user_model
        self.prefix = prefix
        self.default_next_url = default_next_url
        self.UserSession, self.FailedAttempt = make_auth_models(db, user_model)
        # Every request with a session runs this query: its SQL is written once.
        self.session_by_token = Statement(self.UserSession, self.live_session_query, values=2)
        (self.EmailVerification, self.TOTPDevice, self.RecoveryCode, self.PendingLogin) = (
            make_account_models(db, user_model)
        )
        self.throttle = Throttle(self.FailedAttempt)
        add_account_kinds(self.throttle)
        self.two_factor = TwoFactor(self)
        #: every permission codename that exists; the admin and the API add theirs
        self.permissions = PermissionCatalog()
        #: groups and granted permissions; `user.has_perm()` reads them through it
        self.grants = Grants(db, user_model, self.permissions)
        user_model.grants = self.grants
        if app is not None:
            self.init_app(app)

    @property
    def models(self):
        """The tables auth needs besides the user model, for create_tables() or migrations."""
        return [
            self.UserSession,
            self.FailedAttempt,
            self.EmailVerification,
            self.TOTPDevice,
            self.RecoveryCode,
            self.PendingLogin,
            *self.grants.models,
        ]

    def init_app(self, app):
        """Mount the views at `prefix`, load `g.user` per request, add the CLI commands."""
        from .commands import make_commands
        from .views import make_blueprint

        app.config.setdefault("BCRYPT_ROUNDS", 12)
        app.config.setdefault("AUTH_SESSION_DAYS", 14)
        app.config.setdefault("AUTH_MAX_FAILURES_PER_USERNAME_AND_ADDRESS", 5)
        app.config.setdefault("AUTH_MAX_FAILURES_PER_ADDRESS", 20)
        app.config.setdefault("AUTH_SLOW_DOWN_USERNAME_AFTER", 10)
        app.config.setdefault("AUTH_SLOW_DOWN_SECONDS", 60)
        app.config.setdefault("AUTH_THROTTLE_MINUTES", 15)
        app.config.setdefault("TRUSTED_PROXIES", 0)
        trust_proxies(app)
        app.config.setdefault("PASSWORD_RESET_SECONDS", 86400)
        app.config.setdefault("AUTH_SIGNUP", False)  # the generated project turns it on
        app.config.setdefault("AUTH_VERIFY_EMAIL", True)
        app.config.setdefault("AUTH_VERIFY_EMAIL_SECONDS", 3 * 86400)
        app.config.setdefault("AUTH_REQUIRE_2FA_FOR_STAFF", not app.testing)
        app.config.setdefault("AUTH_2FA_LOGIN_SECONDS", 300)
        init_mail(app)
        app.register_blueprint(make_blueprint(self), url_prefix=self.prefix)
        app.before_request(self.load_logged_in_user)
        app.context_processor(lambda: {"user": g.get("user")})
        for command in make_commands(self):
            app.cli.add_command(command)
        hide_password_hashes()
        self.db.keeps(self.models)
        app.extensions["auth"] = self

    def register_admin(self, admin):
        """Register the user model with the admin's user admin (hashes new passwords, hides
        the hash, edits rights within the rules) and the groups with its group admin."""
        admin.register(self.user_model, admin.user_admin_class)
        admin.register(self.grants.Group, admin.group_admin_class)

    # -- who is logged in -------------------------------------------------

    def load_logged_in_user(self):
        """Set `g.user` from the session token; a token deleted on the server logs out."""
        g.user = None
        token = session.get(SESSION_KEY)
        endpoint = request.endpoint or ""
        if not token or endpoint == "static" or endpoint.endswith(".static"):
            return
        row = self.session_by_token.first(token_hash(token), datetime.datetime.now())
        if row is not None:
            g.user = row.user
            g.auth_session = row
            self.touch_session(row)

    def live_session_query(self, hashed_token, now):
        """The unexpired session with this token hash, of an active user."""
        UserSession, User = self.UserSession, self.user_model
        return (
            # Of the session, only what a request uses: its id and when it was last seen.
            UserSession.select(UserSession.id, UserSession.last_seen, User)
            .join(User)
            .where(
                (UserSession.token_hash == hashed_token)
                & (UserSession.expires > now)
                & (User.active == True)  # noqa: E712 (peewee expression)
            )
            .limit(1)
        )

    def touch_session(self, row):
        """Note that this session was seen now: at most one write a minute, not per request."""
        now = datetime.datetime.now()
        if row.last_seen is None or now - row.last_seen >= LAST_SEEN_EVERY:
            sessions = self.UserSession
            sessions.update(last_seen=now).where(sessions.id == row.id).execute()
            row.last_seen = now

    def get_logged_in_user(self):
        """The logged-in user, or None (the same as `g.user`)."""
        return g.get("user")

    # -- logging in and out -----------------------------------------------

    def authenticate(self, username, password):
        """The active user with these credentials, or None.

        In a request, failures are counted per username and client address; past a
        limit this raises Throttled (a 429) without checking the password at all. Only
        the address that failed waits: the right password from elsewhere gets in.
        """
        address = client_address()
        if address is None:  # the shell or a script: there is no client to throttle
            return self.check_credentials(username, password)
        self.throttle.check("login", username, address)
        user = self.check_credentials(username, password)
        if user is None:
            self.throttle.record_failure("login", username, address)
            logger.warning("Failed login for username %r from %s", username, address)
        else:
            # A success forgets this address's failures for this username, nothing more.
            self.throttle.clear("login", username, address)
            logger.info("User %r logged in from %s", username, address)
        return user

    def check_credentials(self, username, password):
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
        clear_session()
        token = secrets.token_urlsafe(32)
        now = datetime.datetime.now()
        days = current_app.config["AUTH_SESSION_DAYS"]
        sessions = self.UserSession
        # Tidy up as we go: this user's expired sessions are of no use to anyone.
        sessions.delete().where((sessions.user == user) & (sessions.expires <= now)).execute()
        g.auth_session = sessions.create(
            user=user,
            token_hash=token_hash(token),
            expires=now + datetime.timedelta(days=days),
            last_seen=now,
            address=(client_address() or "")[:64],
            user_agent=(request.user_agent.string if has_request_context() else "")[:255],
        )
        if "last_login" in self.user_model._meta.fields:
            # Also outdates every password-reset link sent before this login.
            user.last_login = now
            user.save(only=[self.user_model.last_login])
        session[SESSION_KEY] = token
        session.permanent = True
        g.user = user

    def logout_user(self):
        """End this session on the server too, so a copy of the cookie stops working."""
        token = session.get(SESSION_KEY)
        if token:
            sessions = self.UserSession
            sessions.delete().where(sessions.token_hash == token_hash(token)).execute()
        clear_session()
        g.user = None

    def set_password(self, user, raw):
        """Give `user` a new password and end all their sessions, in one transaction.

        The password page then logs the current browser back in with a new token.
        """
        with self.db.database.atomic():
            user.set_password(raw)
            user.save(only=[self.user_model.password])
            self.UserSession.delete().where(self.UserSession.user == user).execute()

    # -- decorators ---------------------------------------------------------

    def login_url(self):
        """The login page, with `next` pointing back at the current page."""
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
            return self.two_factor.enrolment_redirect(user) or view(*args, **kwargs)

        return wrapped
