"""The Admin: a registry of model admins and dashboard panels, served as a blueprint.

`Admin(app, auth)`, or `Admin(auth=auth)` then `init_app(app)` (once per app: each call
builds a fresh blueprint, so one Admin can serve many apps, as tests do).
"""

from flask import abort, g, has_request_context, redirect, url_for

from .groups import GroupAdmin
from .history import make_history_model
from .options import ModelAdmin
from .users import UserAdmin


class Admin:
    """Register models with `register(Model, ModelAdmin subclass)` and panels with
    `register_panel(title, AdminPanel subclass)`. Only users with `admin` true get in."""

    #: the ModelAdmin that auth.register_admin() uses for the user model
    user_admin_class = UserAdmin
    #: the ModelAdmin that auth.register_admin() uses for groups
    group_admin_class = GroupAdmin
    blueprint_name = "admin"

    def __init__(self, app=None, auth=None, prefix="/admin", title="Admin"):
        if auth is None:
            raise ValueError("Admin needs the project's Auth: Admin(app, auth).")
        self.auth = auth
        self.prefix = prefix
        self.title = title
        self.registry = {}  # slug -> ModelAdmin, in registration order
        self.panels = {}  # slug -> AdminPanel
        self.LogEntry = make_history_model(auth.db, auth.user_model)
        if app is not None:
            self.init_app(app)

    @property
    def models(self):
        """The tables the admin needs for itself, for create_tables() or migrations."""
        return [self.LogEntry]

    def register(self, model, admin_class=ModelAdmin):
        """Show `model` in the admin at /admin/<model name lower-cased>/."""
        model_admin = admin_class(self, model)
        if model_admin.slug in self.registry:
            raise ValueError(f"{model.__name__} is already registered with the admin.")
        self.registry[model_admin.slug] = model_admin
        catalog = self.auth.permissions
        catalog.add_model(model_admin.slug, model_admin.verbose_name_plural, ())
        for code in model_admin.permission_codes():
            catalog.add(code)
        return model_admin

    def register_panel(self, title, panel_class):
        """Show a panel on the dashboard, in registration order."""
        panel = panel_class(self, title)
        self.panels[panel.slug] = panel
        if panel.permission:
            self.auth.permissions.add(panel.permission)
        return panel

    def model_admin_for(self, model):
        """The ModelAdmin registered for `model`, or None."""
        return next((ma for ma in self.registry.values() if ma.model is model), None)

    def get_model_admin(self, slug):
        """The ModelAdmin at `slug`, or a 404."""
        model_admin = self.registry.get(slug)
        if model_admin is None:
            abort(404)
        return model_admin

    def check_access(self):
        """The gate: anonymous -> login page (with next); in only if active and `admin`
        or `staff` (`user.may_enter_admin`), else 403. Each page then checks permissions."""
        user = g.get("user")
        if user is None:
            return redirect(self.auth.login_url())
        if not user.may_enter_admin:
            abort(403)
        return self.auth.two_factor.enrolment_redirect(user)  # AUTH_REQUIRE_2FA_FOR_STAFF

    def admin_url(self):
        """`admin_url` for every template, so the site can link to the admin."""
        if not has_request_context():
            return {}
        return {"admin_url": url_for(f"{self.blueprint_name}.index")}

    def init_app(self, app):
        from .views import make_blueprint

        app.register_blueprint(make_blueprint(self), url_prefix=self.prefix)
        app.context_processor(self.admin_url)
        self.auth.db.keeps(self.models)
        app.extensions["admin"] = self
