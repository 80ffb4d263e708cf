"""The REST API: expose models as JSON resources, with auth backends and an OpenAPI document.

    user_auth = UserAuthentication(auth)
    api = RestAPI(app, default_auth=user_auth)
    api.register(Message, MessageResource)   # /api/message/

See api_site.py for this project's resources.
"""

from .api import RestAPI, api_for_path
from .authentication import (
    AdminAuthentication,
    APIKeyAuthentication,
    Authentication,
    PermissionAuthentication,
    UserAuthentication,
)
from .errors import ApiError
from .resources import RestResource, RestrictOwnerResource

__all__ = [
    "APIKeyAuthentication",
    "AdminAuthentication",
    "ApiError",
    "Authentication",
    "PermissionAuthentication",
    "RestAPI",
    "RestResource",
    "RestrictOwnerResource",
    "UserAuthentication",
    "api_for_path",
]
