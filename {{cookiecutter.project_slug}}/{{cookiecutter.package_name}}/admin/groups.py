"""The group admin: a group's name, its members, and its permissions in the picker.

Within the rules of rights.py: a staff user offers only permissions they hold, and may
change the members only of a group whose every permission they hold (never themselves).
"""

from flask import g

from ..auth.rights import change_note, grantable_codes, is_superuser, merge
from .options import ModelAdmin
from .pickers import PermissionPickerField, choice_labels, multiple_choice, row_choices


class GroupAdmin(ModelAdmin):
    """Registered with the user admin by `auth.register_admin(admin)`."""

    columns = ("name",)
    search_fields = ("name",)
    ordering = ("name",)

    @property
    def grants(self):
        return self.admin.auth.grants

    def may_change_members(self, editor, codes):
        """Members may be changed by a superuser, or by an editor who holds all `codes`."""
        return is_superuser(editor) or set(codes) <= set(editor.get_permissions())

    def get_form(self, obj=None):
        base = super().get_form(obj)
        editor = g.get("user")
        catalog = self.admin.auth.permissions
        current = self.grants.group_codes(obj) if obj is not None else set()
        codes = grantable_codes(editor, catalog)

        class GroupForm(base):
            permissions = PermissionPickerField(
                "Permissions",
                groups=catalog.grouped(only=codes),
                default=sorted(current & codes),
                description="Every member holds these.",
            )

        if self.may_change_members(editor, current):
            User = self.grants.user_model
            users = User.select().order_by(User.username)
            if not is_superuser(editor):
                users = users.where(User._meta.primary_key != editor.get_id())
            members = self.grants.members_of(obj) if obj is not None else []
            GroupForm.members = multiple_choice(
                "Members", row_choices(users), default=[user.get_id() for user in members]
            )
        return GroupForm

    def save_model(self, obj, form, adding):
        self.populate(obj, form)
        obj.save(force_insert=adding and obj._pk is not None)
        editor = g.get("user")
        notes = []
        before = self.grants.group_codes(obj)
        after = merge(
            before,
            form.permissions.data or (),
            grantable_codes(editor, self.admin.auth.permissions),
        )
        self.grants.set_group_permissions(obj, after)
        notes.append(change_note("permissions", before, after))
        if "members" in form:
            members = {user.get_id(): str(user) for user in self.grants.members_of(obj)}
            offered = choice_labels(form.members)
            after_ids = merge(members, form.members.data or (), offered)
            self.grants.set_group_members(obj, after_ids)
            names = {**offered, **members}
            notes.append(
                change_note("members", set(members.values()), {names[i] for i in after_ids})
            )
        form.history_notes = [note for note in notes if note]

    def history_fields(self, before, obj, form):
        return [*super().history_fields(before, obj, form), *getattr(form, "history_notes", ())]

    def detail_values(self, obj):
        members = ", ".join(str(user) for user in self.grants.members_of(obj)) or "—"
        codes = ", ".join(sorted(self.grants.group_codes(obj))) or "—"
        return [*super().detail_values(obj), ("Permissions", codes), ("Members", members)]
