"""Authentication: bcrypt users, login/logout views and view decorators.

Use it as `auth = Auth(app, db, user_model=User)`, then protect views with
`@auth.login_required` or `@auth.admin_required`.

Where things are:
    extension.py   Auth: g.user, authenticate, login/logout, the decorators
    models.py      BaseUser, and the session and failed-login tables
    passwords.py   bcrypt hashing, password length rules
    throttle.py    limits on failed attempts: per (username, address), per address
    views.py       login, logout and change-password pages (forms.py, templates/auth/)
    commands.py    `flask create-user`, `flask set-password`
    headers.py     security headers on every response
    redact.py      keeps password hashes out of logs
"""

from .extension import Auth
from .models import BaseUser
from .throttle import Limits, Throttled

__all__ = ["Auth", "BaseUser", "Limits", "Throttled"]
