"""Authentication: bcrypt users, login/logout views and view decorators.

Use it as `auth = Auth(app, db, user_model=User)`, then protect views with
`@auth.login_required` or `@auth.admin_required`.
"""

from .extension import Auth
from .models import BaseUser

__all__ = ["Auth", "BaseUser"]
