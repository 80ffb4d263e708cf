"""Dashboard panels: small boxes on /admin/ with their own template and, optionally, URLs.

class NotePanel(AdminPanel):
    template_name = "admin/panels/notes.html"
    permission = "note.view"   # only users holding it see the panel (None: everyone)

    def get_context(self):
        return {"notes": Note.select().order_by(Note.created.desc()).limit(10)}

    def get_urls(self):
        return {"create": (self.create, ["POST"])}   # /admin/panels/notes/create/

admin.register_panel("Notes", NotePanel)
"""

import re

from flask import render_template, url_for


def slugify(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "panel"


class AdminPanel:
    """A dashboard box: `title`, `template_name`, `get_context()`, optional `get_urls()`.

    Without a `template_name`, the panel shows its context's values as a plain list.
    `permission` (a codename such as "note.view") limits the panel and its URLs to users
    who hold it; None shows it to everyone who may enter the admin.
    """

    template_name = None
    default_template_name = "admin/panels/default.html"
    permission = None

    def __init__(self, admin, title):
        self.admin = admin
        self.title = title
        self.slug = slugify(title)

    def get_context(self):
        """Variables for the panel's template (it also gets `panel`)."""
        return {}

    def has_permission(self, user):
        """May `user` see this panel and use its URLs?"""
        return self.permission is None or (user is not None and user.has_perm(self.permission))

    def get_urls(self):
        """{name: (view, methods)} served at /admin/panels/<slug>/<name>/, admins only."""
        return {}

    def url_for(self, name, **values):
        return url_for("admin.panel_view", panel=self.slug, name=name, **values)

    def render(self):
        context = self.get_context()
        if self.template_name is None:
            return render_template(self.default_template_name, panel=self, context=context)
        return render_template(self.template_name, panel=self, **context)
