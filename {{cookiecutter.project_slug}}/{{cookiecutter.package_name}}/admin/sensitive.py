"""Which fields the admin never reveals: passwords, secrets, tokens, keys and hashes.

One rule, used by columns, sorting, search, filters, forms and export alike.
"""

SENSITIVE_WORDS = ("password", "passwd", "secret", "token", "api_key", "apikey", "private_key")


def is_sensitive(field_or_name):
    """True for a field (or field name) whose stored value must never leave the server."""
    name = getattr(field_or_name, "name", field_or_name).lower()
    return any(word in name for word in SENSITIVE_WORDS) or name == "hash" or name.endswith("_hash")


def visible_fields(model):
    """The model's fields the admin may show, in declaration order."""
    return [field for field in model._meta.sorted_fields if not is_sensitive(field)]
