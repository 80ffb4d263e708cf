"""Which fields are secret: one rule for the admin, the API and export alike.

A secret field's stored value never leaves the server: it is not shown, sorted,
searched, filtered, exported or accepted from a client (a password is set with
set_password(), never written raw). A field is secret when its name
- contains "password", "passwd", "secret" or "token" anywhere (`reset_token`), or
- has "key", "hash" or "salt" as one of its words (`key`, `api_key`, `key_hash`),
  but not merely inside a longer word: `hashtag`, `keyword` and `monkey` are not secret.
To hide another field, add its name to SECRET_NAMES.
"""

import functools
import re

SECRET_PARTS = ("password", "passwd", "secret", "token")
SECRET_WORDS = {"key", "hash", "salt"}
#: Field names that are secret whatever the rule above says.
SECRET_NAMES = set()


def words(name):
    """`api_key` -> ["api", "key"], `apiKey` -> ["api", "key"]."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return [word for word in re.split(r"[^a-z0-9]+", spaced.lower()) if word]


def is_secret(field_or_name):
    """True for a field (or field name) whose stored value must never leave the server."""
    name = getattr(field_or_name, "name", field_or_name)
    return name in SECRET_NAMES or secret_by_rule(name)


@functools.lru_cache(maxsize=4096)
def secret_by_rule(name):
    """The rule of the module's docstring (names are few: asked on every page, read once)."""
    lowered = name.lower()
    return any(part in lowered for part in SECRET_PARTS) or any(
        word in SECRET_WORDS for word in words(name)
    )


def visible_fields(model):
    """The model's fields that are not secret, in declaration order."""
    return [field for field in model._meta.sorted_fields if not is_secret(field)]
