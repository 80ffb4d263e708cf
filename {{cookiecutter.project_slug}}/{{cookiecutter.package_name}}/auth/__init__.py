"""Authentication: bcrypt users, login/logout, account pages and view decorators.

Use it as `auth = Auth(app, db, user_model=User)`, then protect views with
`@auth.login_required` or `@auth.admin_required`.

Where things are:
    extension.py   Auth: g.user, authenticate, login/logout, the decorators
    models.py      BaseUser, and the tables auth keeps (sessions, attempts, 2FA...)
    passwords.py   bcrypt hashing, password length rules
    throttle.py    limits on failed attempts: per (username, address), per address
    views.py       login, logout and change-password pages (forms.py, templates/auth/)
    reset.py       password reset by email (tokens.py: the signed links)
    signup.py      signup, and email verification before the account is active
    twofactor.py   TOTP two-factor login, recovery codes, the admin's 2FA rule
    sessions.py    the sessions page: your logged-in browsers, signing them out
    attempts.py    the throttle limits of those pages
    commands.py    `flask create-user`, `flask set-password`, `flask reset-2fa`
    headers.py     security headers on every response
    redact.py      keeps password hashes out of logs
"""

from .extension import Auth
from .models import BaseUser
from .throttle import Limits, Throttled

__all__ = ["Auth", "BaseUser", "Limits", "Throttled"]
