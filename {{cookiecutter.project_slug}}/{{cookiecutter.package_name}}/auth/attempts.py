"""The account pages' tries (reset, signup, resend, codes), counted by auth's throttle.

Each is a kind of its own in throttle.py, so a flood of reset requests never slows a login:
per (key, address) and per address, and a key under attack is slowed, never locked.
"""

from .addresses import client_address
from .throttle import Limits, Throttled

__all__ = ["ACCOUNT_LIMITS", "Throttled", "check_try", "clear_tries", "count_try", "record_try"]

# Emails are cheap to ask for and costly to receive: fewer per address than logins.
ACCOUNT_LIMITS = {
    "password_reset": Limits(per_key_and_address=5, per_address=20, what="password-reset requests"),
    "signup": Limits(per_key_and_address=5, per_address=10, what="signups"),
    "resend_verification": Limits(per_key_and_address=5, per_address=20, what="requests"),
    "two_factor": Limits(per_key_and_address=5, per_address=20, what="codes"),
}


def add_account_kinds(throttle):
    for kind, limits in ACCOUNT_LIMITS.items():
        throttle.add_kind(kind, limits)


def check_try(auth, kind, key):
    """Raise Throttled if this address has tried `kind` for `key` too often lately."""
    auth.throttle.check(kind, key, client_address())


def record_try(auth, kind, key):
    """Count one try (a wrong code, a sent email) of `kind` for `key` from this address."""
    auth.throttle.record_failure(kind, key, client_address())


def clear_tries(auth, kind, key):
    """Forget this address's tries for `key` (after a right code)."""
    auth.throttle.clear(kind, key, client_address())


def count_try(auth, kind, key):
    """check_try, then record_try: for pages where every try counts (each sends an email)."""
    check_try(auth, kind, key)
    record_try(auth, kind, key)
