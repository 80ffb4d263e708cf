"""The admin's use of the project's one secret-field rule (`secret_fields.py`).

Columns, sorting, search, filters, forms and export all ask `is_sensitive`.
"""

from ..secret_fields import is_secret as is_sensitive
from ..secret_fields import visible_fields

__all__ = ["is_sensitive", "visible_fields"]
