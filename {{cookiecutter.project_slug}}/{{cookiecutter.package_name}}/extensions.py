"""The project's extension instances, created at import and bound to an app in create_app()."""

from flask_wtf import CSRFProtect

from .auth import Auth
from .db import db
from .models import User

csrf = CSRFProtect()
auth = Auth(db=db, user_model=User)
