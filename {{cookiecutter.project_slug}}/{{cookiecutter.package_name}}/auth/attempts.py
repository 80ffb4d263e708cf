"""Counting tries of the account pages (reset, signup, resend, codes) on auth's throttle.

Per (key, address) and per address, like logins: a stranger's tries never block the owner.
"""

from .throttle import LoginThrottled as Throttled

__all__ = ["Throttled", "check_try", "count_try", "record_try"]


def throttle_keys(kind, key):
    from .extension import client_address  # extension.py imports this module

    address = client_address() or "unknown"
    return f"{kind}:{key}:{address}", f"{kind}:{address}"


def check_try(auth, kind, key):
    """Raise Throttled if this address has tried `kind` for `key` too often lately."""
    auth.throttle.check(*throttle_keys(kind, key))


def record_try(auth, kind, key):
    """Count one try (a failed code, a sent email) of `kind` for `key` from this address."""
    auth.throttle.record_failure(*throttle_keys(kind, key))


def count_try(auth, kind, key):
    """check_try, then record_try: for pages where every try counts (each sends an email)."""
    check_try(auth, kind, key)
    record_try(auth, kind, key)
