"""The user admin: never shows the stored password hash, offers a "new password" field."""

from wtforms import PasswordField
from wtforms.validators import DataRequired, Length, Optional

from .actions import Action
from .options import ModelAdmin

MAX_PASSWORD_LENGTH = 1024


def reset_two_factor(model_admin, query):
    """For users who lost their phone and recovery codes: they log in with the password."""
    ids = [user.id for user in query]
    model_admin.admin.auth.two_factor.reset(ids)
    return f"Two-factor login reset for {len(ids)} user{'s' if len(ids) != 1 else ''}."


class UserAdmin(ModelAdmin):
    """Registered by `auth.register_admin(admin)`. A new password is hashed by set_password()."""

    columns = ("username", "email", "active", "admin", "join_date")
    search_fields = ("username", "email")
    filter_fields = ("active", "admin", "join_date")
    ordering = ("username",)
    readonly_fields = ("last_login",)  # written by each login, shown for information
    actions = (Action("reset_two_factor", "Reset two-factor login", reset_two_factor, True),)
    min_password_length = 8

    def __init__(self, admin, model):
        # Any user model with the contract's fields works: options name only fields it has.
        for option in ("columns", "search_fields", "filter_fields", "ordering", "readonly_fields"):
            names = getattr(type(self), option)
            setattr(self, option, tuple(n for n in names if n.lstrip("-") in model._meta.fields))
        super().__init__(admin, model)

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

        return UserForm

    def save_model(self, obj, form, adding):
        self.populate(obj, form)
        if form.new_password.data:
            obj.set_password(form.new_password.data)
        obj.save()
