"""The admin: a dashboard with panels, and list/add/edit/delete pages for registered models.

    admin = Admin(app, auth)

    class MessageAdmin(ModelAdmin):
        columns = ("user", "content", "pub_date")

    admin.register(Message, MessageAdmin)

Where things are: `admin.py` (the Admin registry and access rule), `options.py` (ModelAdmin
options and hooks), `views.py` (the pages), `listing.py` (what a list page shows),
`fieldsets.py` (the add/edit form's layout), `columns.py`, `filters.py`, `search.py`,
`actions.py`, `export.py`, `history.py`, `cascade.py`, `panels.py`, `users.py` and
`groups.py` (with `pickers.py`, the permission picker; who may grant what is in
`auth/rights.py`), `templates/admin/`, `static/`.
"""

from .actions import Action
from .admin import Admin
from .groups import GroupAdmin
from .options import ModelAdmin
from .panels import AdminPanel
from .users import UserAdmin

__all__ = ["Action", "Admin", "AdminPanel", "GroupAdmin", "ModelAdmin", "UserAdmin"]
