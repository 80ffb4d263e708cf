"""This project's REST API: which models are exposed at /api/, to whom, and how.

Who may write: `user_auth` accepts the site's users by HTTP Basic (username and password),
by API key (`Authorization: Bearer KEY` or `X-API-Key: KEY`, from `flask create-api-key`),
or by their logged-in browser session (with the page's CSRF token in `X-CSRFToken`).
Scripts should prefer API keys: a key is checked with one lookup, a password with bcrypt.
For a resource only machines may write, use `APIKeyAuthentication(auth)`.
"""

from .api import (
    AdminAuthentication,
    ApiError,
    RestAPI,
    RestResource,
    RestrictOwnerResource,
    UserAuthentication,
)
from .auth.rights import refused_user_change
from .extensions import auth
from .models import Message, User

user_auth = UserAuthentication(auth)
api = RestAPI(default_auth=user_auth)


class UserResource(RestResource):
    """Users as the public sees them: no email, and never the password hash.

    No POST: a new user needs an email and a password, which this resource never takes;
    create users with `flask create-user` or in the admin.
    """

    exclude = ("password", "email")
    allowed_methods = ("GET", "PUT", "PATCH", "DELETE")
    readonly_fields = ("join_date",)
    filter_fields = ("id", "username", "active", "admin", "join_date")

    def check_put(self, obj):
        """A staff user with user.change may not touch an account holding more than they do."""
        problem = refused_user_change(self.get_user(), obj, ())
        if problem:
            raise ApiError(403, problem)
        return True

    check_delete = check_put

    def save_object(self, obj, data, created=False):
        """Only a superuser sets `admin`; nobody changes their own `staff` (rights.py)."""
        problem = refused_user_change(self.get_user(), obj, data)
        if problem:
            raise ApiError(403, problem)
        return super().save_object(obj, data, created)


class MessageResource(RestrictOwnerResource):
    """Anyone reads messages; a user posts as themself and edits or deletes only their own."""

    owner_field = "user"
    ordering = ("-pub_date",)
    include_resources = {"user": UserResource}
    readonly_fields = ("pub_date",)


api.register(Message, MessageResource)
api.register(User, UserResource, auth=AdminAuthentication(auth))
