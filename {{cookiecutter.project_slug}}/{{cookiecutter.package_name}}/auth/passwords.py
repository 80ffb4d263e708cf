"""Password hashing with bcrypt, shared by BaseUser, the login view and the CLI.

bcrypt reads only the first 72 bytes of its input, so every password is first
reduced to a base64 SHA-256 digest (44 bytes): long passwords keep all their bytes
and two passwords sharing a 72-byte prefix never verify each other.
"""

import base64
import functools
import hashlib

import bcrypt
from flask import current_app, has_app_context

DEFAULT_ROUNDS = 12
MAX_PASSWORD_LENGTH = 1024


def configured_rounds():
    if has_app_context():
        return int(current_app.config.get("BCRYPT_ROUNDS", DEFAULT_ROUNDS))
    return DEFAULT_ROUNDS


def _digest(raw):
    return base64.b64encode(hashlib.sha256(raw.encode("utf-8")).digest())


def hash_password(raw, rounds=None):
    salt = bcrypt.gensalt(rounds or configured_rounds())
    return bcrypt.hashpw(_digest(raw), salt).decode("ascii")


def verify_password(raw, hashed):
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


@functools.lru_cache(maxsize=8)
def dummy_hash(rounds):
    """A hash to check against when the username is unknown, so both cases cost the same."""
    return hash_password("not a real password", rounds)
