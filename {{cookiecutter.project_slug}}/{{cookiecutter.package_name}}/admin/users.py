"""The user admin: never shows the stored password hash, offers a "new password" field,
and the user's rights (staff, groups, direct permissions) within the rules of rights.py."""

from flask import g
from wtforms import PasswordField
from wtforms.validators import DataRequired, Length, Optional

from ..auth.rights import (
    change_note,
    grantable_codes,
    grantable_groups,
    is_superuser,
    may_manage,
    merge,
)
from .actions import Action
from .options import ModelAdmin
from .pickers import PermissionPickerField, multiple_choice, row_choices

MAX_PASSWORD_LENGTH = 1024


def reset_two_factor(model_admin, query):
    """For users who lost their phone and recovery codes: they log in with the password.

    Only for users the admin may manage: weakening a superuser's login is no staff job.
    """
    users = list(query)
    ids = [user.id for user in users if may_manage(g.user, user)]
    model_admin.admin.auth.two_factor.reset(ids)
    message = f"Two-factor login reset for {len(ids)} user{'s' if len(ids) != 1 else ''}."
    if len(ids) < len(users):
        message += f" Skipped {len(users) - len(ids)}: they hold rights you lack."
    return message


class UserAdmin(ModelAdmin):
    """Registered by `auth.register_admin(admin)`. A new password is hashed by set_password()."""

    columns = ("username", "email", "active", "staff", "admin", "join_date")
    search_fields = ("username", "email")
    filter_fields = ("active", "staff", "admin", "join_date")
    ordering = ("username",)
    readonly_fields = ("last_login",)  # written by each login, shown for information
    actions = (Action("reset_two_factor", "Reset two-factor login", reset_two_factor, True),)
    object_actions = ("reset_two_factor",)  # also a button on the user's page
    min_password_length = 8

    def __init__(self, admin, model):
        # Any user model with the contract's fields works: options name only fields it has.
        for option in ("columns", "search_fields", "filter_fields", "ordering", "readonly_fields"):
            names = getattr(type(self), option)
            setattr(self, option, tuple(n for n in names if n.lstrip("-") in model._meta.fields))
        super().__init__(admin, model)

    @property
    def grants(self):
        return self.admin.auth.grants

    # -- who may change whom -------------------------------------------------------

    def has_change_permission(self, user, obj=None):
        allowed = super().has_change_permission(user, obj)
        return allowed and (obj is None or may_manage(user, obj))

    def has_delete_permission(self, user, obj=None):
        allowed = super().has_delete_permission(user, obj)
        return allowed and (obj is None or may_manage(user, obj))

    # -- the form ------------------------------------------------------------------

    def get_form(self, obj=None):
        base = super().get_form(obj)
        required = DataRequired() if obj is None else Optional()
        description = "Leave empty to keep the current password." if obj is not None else ""

        class UserForm(base):
            new_password = PasswordField(
                "New password",
                validators=[
                    required,
                    Length(min=self.min_password_length, max=MAX_PASSWORD_LENGTH),
                ],
                description=description,
                render_kw={"autocomplete": "new-password"},
            )

        self.add_rights_fields(UserForm, obj, g.get("user"))
        return UserForm

    def add_rights_fields(self, form_class, obj, editor):
        """Staff, groups and direct permissions, as far as `editor` may grant them."""
        if not is_superuser(editor):
            form_class.admin = None  # only a superuser makes superusers
            if obj is not None and obj.get_id() == editor.get_id():
                form_class.staff = None  # nobody raises their own rights
                return
        catalog = self.admin.auth.permissions
        groups = grantable_groups(editor, self.grants)
        current_groups = self.grants.groups_of(obj) if obj is not None else []
        kept = [group.name for group in current_groups if group not in groups]
        note = f"Also in {', '.join(kept)} (you cannot change these)." if kept else ""
        form_class.groups = multiple_choice(
            "Groups",
            row_choices(groups),
            default=[group.get_id() for group in current_groups],
            description=note or "The user holds every permission of each group.",
        )
        codes = grantable_codes(editor, catalog)
        direct = self.grants.direct_codes(obj) if obj is not None else set()
        form_class.permissions = PermissionPickerField(
            "Direct permissions",
            groups=catalog.grouped(only=codes),
            default=sorted(direct & codes),
            description="Held besides those of the user's groups.",
        )

    # -- saving ----------------------------------------------------------------------

    def save_model(self, obj, form, adding):
        self.populate(obj, form)
        if form.new_password.data:
            obj.set_password(form.new_password.data)
        obj.save()
        form.history_notes = self.save_rights(obj, form, g.get("user"))

    def save_rights(self, obj, form, editor):
        """Store the groups and permissions the editor may set; history lines for changes."""
        notes = []
        if "groups" in form:
            groups = {group.get_id(): group.name for group in self.grants.Group.select()}
            before = {group.get_id() for group in self.grants.groups_of(obj)}
            grantable = [group.get_id() for group in grantable_groups(editor, self.grants)]
            after = merge(before, form.groups.data or (), grantable)
            self.grants.set_user_groups(obj, after)
            notes.append(
                change_note("groups", {groups[i] for i in before}, {groups[i] for i in after})
            )
        if "permissions" in form:
            before = self.grants.direct_codes(obj)
            grantable = grantable_codes(editor, self.admin.auth.permissions)
            after = merge(before, form.permissions.data or (), grantable)
            self.grants.set_user_permissions(obj, after)
            notes.append(change_note("permissions", before, after))
        return [note for note in notes if note]

    def history_fields(self, before, obj, form):
        return [*super().history_fields(before, obj, form), *getattr(form, "history_notes", ())]

    def detail_values(self, obj):
        groups = ", ".join(group.name for group in self.grants.groups_of(obj)) or "—"
        direct = ", ".join(sorted(self.grants.direct_codes(obj))) or "—"
        return [*super().detail_values(obj), ("Groups", groups), ("Direct permissions", direct)]
