"""Bulk actions on the rows selected in a list: "Delete selected" and your own.

    def mark_inactive(model_admin, query):
        count = User.update(active=False).where(User.id.in_(query)).execute()
        return f"{count} users marked inactive."

    class UserAdmin(ModelAdmin):
        actions = (Action("mark_inactive", "Mark inactive", mark_inactive),)

The callback runs in one transaction with the history entries for the selected rows.
"""

from typing import NamedTuple


class Action(NamedTuple):
    """`name` (in the form), `label` (in the menu), `callback(model_admin, query)`.

    The callback may return a message to show. `confirm` actions get a confirmation page.
    `permission` is what a user needs to see and run it: an action of the model
    ("change" -> "message.change") or a full codename ("message.publish").
    """

    name: str
    label: str
    callback: object
    confirm: bool = False
    permission: str = "change"


def delete_rows(model_admin, query):
    """Delete every selected row through the model admin's delete_model hook."""
    rows = list(query)
    for obj in rows:
        model_admin.delete_model(obj)
    return f"Deleted {len(rows)} {model_admin.verbose_name_plural.lower()}."


delete_selected = Action(
    "delete_selected", "Delete selected", delete_rows, confirm=True, permission="delete"
)
