"""Signed links for email: nothing is stored, the link itself carries what it is for.

A token is signed with SECRET_KEY (itsdangerous) and holds the user id and a fingerprint
of what the link must still match. A password-reset token's fingerprint covers the
password hash and the last login, so it dies once used (the hash changes), when the
password is changed another way, and when the user logs in. An email-verification
token covers the address it was sent to.
"""

import hashlib

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer


def serializer(purpose):
    # A salt per purpose: a verification link can never be replayed as a reset link.
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"auth.{purpose}")


def fingerprint(*values):
    text = "\0".join("" if value is None else str(value) for value in values)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def make_token(purpose, user, *bound_to):
    """A URL-safe token for `user` that stays valid while `bound_to` keep their values."""
    return serializer(purpose).dumps([user.id, fingerprint(*bound_to)])


def read_token(purpose, token, max_age, user_model, bound_to):
    """The user a token was made for, or None if it is forged, expired or outdated.

    `bound_to(user)` gives the values the token must still match.
    """
    try:
        user_id, print_ = serializer(purpose).loads(token, max_age=max_age)
    except (BadData, TypeError, ValueError):
        return None
    user = user_model.get_or_none(user_model.id == user_id) if isinstance(user_id, int) else None
    if user is None or print_ != fingerprint(*bound_to(user)):
        return None
    return user


def reset_fingerprint(user):
    """What a password-reset link is bound to: the password hash and the last login."""
    return (user.password, getattr(user, "last_login", None))
