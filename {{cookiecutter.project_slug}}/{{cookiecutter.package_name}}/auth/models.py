"""The user mixin, and the tables auth keeps for itself (sessions, attempts, accounts)."""

import datetime

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField

from .passwords import hash_password, verify_password


class BaseUser:
    """Mix into a user model that has `username`, `email`, `password`, `active`, `admin`
    (and, to let non-superusers into the admin, `staff`).

    `Auth(app, db, user_model=User)` links the model to its permission tables
    (`User.grants`), which `has_perm()` and `get_permissions()` read.
    """

    #: set by Auth: the Grants object for this user model
    grants = None

    @property
    def may_enter_admin(self):
        """The admin's gate: an active superuser (`admin`) or staff member (`staff`)."""
        return bool(self.active and (self.admin or getattr(self, "staff", False)))

    def has_perm(self, code):
        """Does this user hold the permission `code` ("message.change")? Superusers
        (`admin`) hold every one; inactive users none. One query per request at most."""
        if not self.active:
            return False
        if self.admin:
            return True
        return code in self.get_permissions()

    def get_permissions(self):
        """Every codename this user holds, directly or through a group (a frozenset)."""
        if not self.active or self.grants is None:
            return frozenset()
        if self.admin:
            return frozenset(self.grants.catalog.codes()) | self.grants.codes_for(self)
        return self.grants.codes_for(self)

    def set_password(self, raw, rounds=None):
        """Store a bcrypt hash of `raw` in `password` (call save() afterwards)."""
        self.password = hash_password(raw, rounds)

    def check_password(self, raw):
        return verify_password(raw, self.password)

    def __str__(self):
        return self.username


def make_auth_models(db, user_model):
    """Create the models auth stores its state in, bound to `db`.

    The state lives in the database, not in a process, so it holds across workers.
    """

    class UserSession(db.Model):
        """One row per logged-in browser; deleting it logs that browser out."""

        user = ForeignKeyField(user_model, backref="auth_sessions", on_delete="CASCADE")
        token_hash = CharField(max_length=64, unique=True)
        created = DateTimeField(default=datetime.datetime.now)
        expires = DateTimeField(index=True)
        # Shown on the sessions page; last_seen is written at most once a minute.
        last_seen = DateTimeField(default=datetime.datetime.now)
        address = CharField(max_length=64, default="")
        user_agent = CharField(max_length=255, default="")

        class Meta:
            table_name = "auth_session"

    class FailedAttempt(db.Model):
        """A failed try (a login, say), counted per key, address and both for throttling."""

        kind = CharField(max_length=32)
        key = CharField(max_length=255)
        address = CharField(max_length=64)
        attempted = DateTimeField(default=datetime.datetime.now, index=True)

        class Meta:
            table_name = "auth_failed_attempt"
            # The throttle's three questions: this key, this address, both (with a time).
            indexes = (
                (("kind", "key", "attempted"), False),
                (("kind", "address", "attempted"), False),
            )

    return UserSession, FailedAttempt


def make_account_models(db, user_model):
    """The tables of signup, two-factor login: verification, TOTP, recovery codes."""

    class EmailVerification(db.Model):
        """A signup waiting for its email link: only these accounts may be activated by mail.

        An account an admin deactivated has no row, so no emailed link turns it back on.
        """

        user = ForeignKeyField(user_model, unique=True, on_delete="CASCADE")
        created = DateTimeField(default=datetime.datetime.now)

        class Meta:
            table_name = "auth_email_verification"

    class TOTPDevice(db.Model):
        """A user's authenticator app: its secret, and the last time step a code was used in."""

        user = ForeignKeyField(user_model, unique=True, on_delete="CASCADE")
        secret = CharField(max_length=64)
        confirmed = BooleanField(default=False)
        # Codes of this step or earlier are refused: each code works once.
        last_step = IntegerField(default=0)
        created = DateTimeField(default=datetime.datetime.now)

        class Meta:
            table_name = "auth_totp_device"

    class RecoveryCode(db.Model):
        """A one-time code for when the phone is lost; stored as a SHA-256 hash."""

        user = ForeignKeyField(user_model, backref="recovery_codes", on_delete="CASCADE")
        code_hash = CharField(max_length=64)
        used = DateTimeField(null=True)

        class Meta:
            table_name = "auth_recovery_code"

    class PendingLogin(db.Model):
        """Half logged in: the password was right, the second factor is still to come."""

        user = ForeignKeyField(user_model, on_delete="CASCADE")
        token_hash = CharField(max_length=64, unique=True)
        expires = DateTimeField(index=True)
        next_url = CharField(max_length=2000, default="/")

        class Meta:
            table_name = "auth_pending_login"

    return EmailVerification, TOTPDevice, RecoveryCode, PendingLogin
