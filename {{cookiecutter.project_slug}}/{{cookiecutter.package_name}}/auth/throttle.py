"""Login throttling: too many failed logins for one username or one address -> wait.

Failures are rows in the `auth_login_attempt` table, not counters in memory, so the
limits hold across gunicorn workers and hosts sharing one database. Settings:
AUTH_MAX_FAILURES_PER_USERNAME (5), AUTH_MAX_FAILURES_PER_ADDRESS (20) and
AUTH_THROTTLE_MINUTES (15). The client address is `request.remote_addr`: behind a
reverse proxy, wrap the app in werkzeug's ProxyFix so it is the browser's address.
Checking and recording are separate queries, so a burst spread over several workers
may get a try or two past the limit: enough precision to stop password guessing.
"""

import datetime
import math

from flask import current_app
from werkzeug.exceptions import TooManyRequests


class LoginThrottled(TooManyRequests):
    """Raised by `Auth.authenticate` past the limit: a 429 saying how long to wait."""

    def __init__(self, seconds):
        super().__init__(wait_message(seconds), retry_after=seconds)


class LoginThrottle:
    """Counts failed logins per username and per client address within a time window."""

    def __init__(self, attempt_model):
        self.LoginAttempt = attempt_model

    @staticmethod
    def window():
        return datetime.timedelta(minutes=current_app.config["AUTH_THROTTLE_MINUTES"])

    def retry_after(self, username, address):
        """Seconds to wait before this username or address may try again, or None."""
        limits = (
            (self.LoginAttempt.username == username[:255], "AUTH_MAX_FAILURES_PER_USERNAME"),
            (self.LoginAttempt.address == address[:64], "AUTH_MAX_FAILURES_PER_ADDRESS"),
        )
        now = datetime.datetime.now()
        waits = []
        for matches, setting in limits:
            limit = current_app.config[setting]
            # The limit-th newest failure in the window: once it ages out, they are under.
            blocking = (
                self.LoginAttempt.select(self.LoginAttempt.attempted)
                .where(matches & (self.LoginAttempt.attempted > now - self.window()))
                .order_by(self.LoginAttempt.attempted.desc())
                .offset(limit - 1)
                .limit(1)
                .first()
            )
            if blocking is not None:
                waits.append((blocking.attempted + self.window() - now).total_seconds())
        return max(1, math.ceil(max(waits))) if waits else None

    def check(self, username, address):
        """Raise LoginThrottled if this username or address must wait."""
        seconds = self.retry_after(username, address)
        if seconds is not None:
            raise LoginThrottled(seconds)

    def record_failure(self, username, address):
        """Count one failed login; failures older than the window are deleted on the way."""
        now = datetime.datetime.now()
        attempts = self.LoginAttempt
        attempts.delete().where(attempts.attempted <= now - self.window()).execute()
        attempts.create(username=username[:255], address=address[:64], attempted=now)

    def clear(self, username):
        """Forget a username's failures (after it logs in); the address count stays."""
        attempts = self.LoginAttempt
        attempts.delete().where(attempts.username == username[:255]).execute()


def wait_message(seconds):
    minutes = math.ceil(seconds / 60)
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many failed login attempts. Please try again in {minutes} {unit}."
