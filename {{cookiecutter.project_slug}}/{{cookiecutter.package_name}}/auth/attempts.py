"""Counting tries of the account pages (reset, signup, resend, codes) on auth's throttle."""

from .extension import client_address
from .throttle import LoginThrottled as Throttled

__all__ = ["Throttled", "count_try"]


def count_try(auth, kind, key):
    """Count one try of `kind` for `key` from this address; raise Throttled past the limit.

    Every try counts, not only failures: each sends an email or checks a code.
    """
    address = client_address() or "unknown"
    # Per (key, address) and per address: a stranger's tries never block the owner's.
    key, address = f"{kind}:{key}:{address}", f"{kind}:{address}"
    auth.throttle.check(key, address)
    auth.throttle.record_failure(key, address)
