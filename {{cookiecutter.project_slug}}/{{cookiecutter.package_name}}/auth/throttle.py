"""Throttling failed attempts: a stranger can slow an attacker down, never lock a user out.

Every failure is a row (kind, key, address, time) in `auth_failed_attempt`, not a counter
in memory, so the limits hold across gunicorn workers and hosts sharing one database.
`kind` names what was tried ("login"; other features add their own, e.g. "password_reset"),
`key` what it was tried against (a username, an email address) and `address` the client.

Three rules, per kind, within a window of `minutes`:

- per (key, address): `per_key_and_address` failures -> that address waits for that key.
  Someone guessing alice's password locks only themselves out of alice's account.
- per address: `per_address` failures of this kind -> that address waits for every key.
- per key, from all addresses together: past `slow_key_after` failures the key is under
  attack, and an address that has failed for it itself may try once per `slow_seconds`.
  A slowdown, never a lock: an address with no failures for the key gets in at once.

Use it from any view: `auth.throttle.check("login", username, address)` raises Throttled
(a 429 with Retry-After) if this try must wait; `record_failure(...)` after a failure;
`clear(...)` after a success. Register other kinds with `auth.throttle.add_kind()`.
Checking and recording are separate queries, so a burst spread over several workers may
get a try or two past a limit: precise enough to stop guessing.
"""

import dataclasses
import datetime
import math

from flask import current_app
from peewee import fn
from werkzeug.exceptions import TooManyRequests


class Throttled(TooManyRequests):
    """Raised when a try must wait: a 429 saying how long, with a Retry-After header."""

    def __init__(self, seconds, what="attempts"):
        super().__init__(wait_message(seconds, what), retry_after=seconds)


@dataclasses.dataclass(frozen=True)
class Limits:
    """How many failures of one kind are allowed before a wait (None: no such rule)."""

    per_key_and_address: int | None = 5
    per_address: int | None = 20
    slow_key_after: int | None = 10
    slow_seconds: int = 60
    minutes: int = 15
    #: Words for the wait message: "Too many failed <what>."
    what: str = "attempts"


def login_limits():
    """The "login" kind's limits, from the AUTH_* settings."""
    config = current_app.config
    return Limits(
        per_key_and_address=config["AUTH_MAX_FAILURES_PER_USERNAME_AND_ADDRESS"],
        per_address=config["AUTH_MAX_FAILURES_PER_ADDRESS"],
        slow_key_after=config["AUTH_SLOW_DOWN_USERNAME_AFTER"],
        slow_seconds=config["AUTH_SLOW_DOWN_SECONDS"],
        minutes=config["AUTH_THROTTLE_MINUTES"],
        what="login attempts",
    )


class Throttle:
    """Counts failures per (kind, key, address) in the database; see the module docstring."""

    def __init__(self, attempt_model):
        self.FailedAttempt = attempt_model
        self.kinds = {"login": login_limits}

    def add_kind(self, kind, limits):
        """Throttle another kind of attempt: `limits` is a Limits or a function returning one."""
        self.kinds[kind] = limits

    def limits(self, kind):
        limits = self.kinds[kind]
        return limits() if callable(limits) else limits

    def retry_after(self, kind, key, address):
        """Seconds this address must wait before trying `key` again, or None."""
        limits = self.limits(kind)
        attempts = self.FailedAttempt
        key, address = clip_key(key), clip_address(address)
        now = datetime.datetime.now()
        window = datetime.timedelta(minutes=limits.minutes)
        recent = (attempts.kind == kind) & (attempts.attempted > now - window)
        pair = (attempts.key == key) & (attempts.address == address)
        waits = []
        for matches, limit in (
            (pair, limits.per_key_and_address),
            (attempts.address == address, limits.per_address),
        ):
            if limit is None:
                continue
            blocking = self.nth_newest(recent & matches, limit)
            if blocking is not None:
                waits.append(blocking + window - now)
        if limits.slow_key_after is not None:
            last_here = self.nth_newest(recent & pair, 1)
            if last_here is not None and self.nth_newest(
                recent & (attempts.key == key), limits.slow_key_after
            ):
                waits.append(last_here + datetime.timedelta(seconds=limits.slow_seconds) - now)
        waits = [wait.total_seconds() for wait in waits if wait.total_seconds() > 0]
        return max(1, math.ceil(max(waits))) if waits else None

    def nth_newest(self, where, n):
        """The time of the n-th newest failure matching `where`, or None if fewer exist."""
        attempts = self.FailedAttempt
        return (
            attempts.select(attempts.attempted)
            .where(where)
            .order_by(attempts.attempted.desc())
            .offset(n - 1)
            .limit(1)
            .scalar()
        )

    def check(self, kind, key, address):
        """Raise Throttled if this address must wait before trying `key` again."""
        seconds = self.retry_after(kind, key, address)
        if seconds is not None:
            raise Throttled(seconds, self.limits(kind).what)

    def record_failure(self, kind, key, address):
        """Count one failure; this kind's failures older than its window go on the way."""
        now = datetime.datetime.now()
        attempts = self.FailedAttempt
        window = datetime.timedelta(minutes=self.limits(kind).minutes)
        attempts.delete().where(
            (attempts.kind == kind) & (attempts.attempted <= now - window)
        ).execute()
        attempts.create(kind=kind, key=clip_key(key), address=clip_address(address), attempted=now)

    def clear(self, kind, key, address):
        """Forget this address's failures for `key` (after a success).

        Only this address's: a stranger's failures for the same key keep counting against
        the stranger, and the address's count for other keys stays.
        """
        attempts = self.FailedAttempt
        attempts.delete().where(
            (attempts.kind == kind)
            & (attempts.key == clip_key(key))
            & (attempts.address == clip_address(address))
        ).execute()

    def failures(self, kind, key=None, address=None):
        """How many failures of `kind` are on record (for `key`, from `address`)."""
        attempts = self.FailedAttempt
        where = attempts.kind == kind
        if key is not None:
            where &= attempts.key == clip_key(key)
        if address is not None:
            where &= attempts.address == clip_address(address)
        return attempts.select(fn.COUNT(attempts.id)).where(where).scalar()


def clip_key(key):
    return (key or "")[:255]


def clip_address(address):
    return (address or "unknown")[:64]


def wait_message(seconds, what="attempts"):
    minutes = math.ceil(seconds / 60)
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many failed {what}. Please try again in {minutes} {unit}."
