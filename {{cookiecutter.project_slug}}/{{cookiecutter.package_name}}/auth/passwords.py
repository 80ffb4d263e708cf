"""Password hashing with bcrypt, shared by BaseUser, the login view and the CLI.

bcrypt reads only the first 72 bytes of its input, so every password is first
reduced to a base64 SHA-256 digest (44 bytes): long passwords keep all their bytes
and two passwords sharing a 72-byte prefix never verify each other.
"""

import base64
import hashlib

import bcrypt
from flask import current_app, has_app_context

DEFAULT_ROUNDS = 12
MIN_PASSWORD_LENGTH = 8  # for new passwords; existing ones still log in
MAX_PASSWORD_LENGTH = 1024  # hashing is cheap per byte, but a megabyte is no password


def configured_rounds():
    """The bcrypt cost from config BCRYPT_ROUNDS (12 outside an app)."""
    if has_app_context():
        return int(current_app.config.get("BCRYPT_ROUNDS", DEFAULT_ROUNDS))
    return DEFAULT_ROUNDS


def _digest(raw):
    return base64.b64encode(hashlib.sha256(raw.encode("utf-8")).digest())


def password_problem(raw):
    """Why `raw` cannot be a new password, in one sentence, or None if it can."""
    if not raw:
        return "The password cannot be empty."
    if len(raw) < MIN_PASSWORD_LENGTH:
        return f"The password must have at least {MIN_PASSWORD_LENGTH} characters."
    if len(raw) > MAX_PASSWORD_LENGTH:
        return f"The password must have at most {MAX_PASSWORD_LENGTH} characters."
    return None


def hash_password(raw, rounds=None):
    """A bcrypt hash of `raw` at `rounds` (default: the configured cost)."""
    salt = bcrypt.gensalt(rounds or configured_rounds())
    return bcrypt.hashpw(_digest(raw), salt).decode("ascii")


def verify_password(raw, hashed):
    """Whether `raw` matches the stored `hashed`; False for an empty or unreadable hash."""
    if not hashed:
        return False
    try:
        return bcrypt.checkpw(_digest(raw), hashed.encode("ascii"))
    except ValueError:  # not a bcrypt hash (an unusable or hand-edited value)
        return False


def hash_rounds(hashed):
    """The cost a stored hash was made with (`$2b$12$...` -> 12), 0 if unreadable."""
    try:
        return int(hashed.split("$")[2])
    except (AttributeError, IndexError, ValueError):
        return 0


def dummy_hash(rounds):
    """A hash to check against when the username is unknown, so both cases cost the same.

    Checking costs what the `$2b$<rounds>$` prefix says, whatever the digest; a made-up
    digest needs no hashing to build (building one would make the first check slower).
    """
    return bcrypt.gensalt(rounds).decode("ascii") + "." * 31
