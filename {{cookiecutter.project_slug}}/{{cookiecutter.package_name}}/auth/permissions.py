"""Permissions: what each one allows, and the catalogue of those that exist.

A permission is a codename `"<slug>.<action>"`: `message.view`, `message.add`,
`message.change`, `message.delete`, where `<slug>` is the model's name in the admin and
API URLs. A ModelAdmin, an admin action or a panel may add custom ones (`message.publish`).
Users hold them directly or through groups (see grants.py); `admin` users hold them all.

`allows(user, slug, operation)` is the one rule: the admin's pages and the API's methods
both ask it, so the two never disagree about what a permission lets a user do.
"""

ACTIONS = ("view", "add", "change", "delete")

# Each operation, and the actions of which any one is enough. A user who may change rows
# may also read them; export and history show data beyond the rows, so they need `view`.
OPERATIONS = {
    "view": ("view", "change"),  # admin list and detail pages, API reads
    "add": ("add",),
    "change": ("change",),
    "delete": ("delete",),  # one row, or "Delete selected"
    "export": ("view",),
    "history": ("view",),
}

# What a request method asks of a model, for the API.
METHOD_OPERATIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


def codename(slug, action):
    """`codename("message", "view")` -> "message.view"; a full codename passes through."""
    return action if "." in action else f"{slug}.{action}"


def needed(slug, operation):
    """The codenames of which any one allows `operation` on the model at `slug`."""
    return tuple(codename(slug, action) for action in OPERATIONS[operation])


def allows(user, slug, operation):
    """May `user` do `operation` ("view", "add", "change", "delete", "export", "history")
    on the model at `slug`? Anonymous and inactive users may do nothing."""
    return user is not None and any(user.has_perm(code) for code in needed(slug, operation))


def missing(user, slug, operation):
    """The codename to name in a refusal, or None when `user` is allowed."""
    return None if allows(user, slug, operation) else needed(slug, operation)[0]


def action_label(code):
    slug, _, action = code.partition(".")
    return f"Can {action.replace('_', ' ')} {slug.replace('_', ' ')}"


class PermissionCatalog:
    """Every codename that exists, grouped by model: what the CLI accepts and the pickers
    offer. The admin and the API add their models' codenames as models are registered."""

    def __init__(self):
        self.groups = {}  # slug -> {"label": "Messages", "codes": {codename: label}}

    def add_model(self, slug, label, actions=ACTIONS):
        """Add `<slug>.<action>` for each action (the four standard ones by default)."""
        group = self.groups.setdefault(slug, {"label": label, "codes": {}})
        for action in actions:
            code = codename(slug, action)
            group["codes"].setdefault(code, action_label(code))

    def add(self, code, label=None):
        """Add one custom codename, e.g. `add("message.publish", "Can publish messages")`."""
        slug, dot, action = code.partition(".")
        if not dot or not slug or not action:
            raise ValueError(f"A permission is named “<model>.<action>”, not {code!r}.")
        group = self.groups.setdefault(slug, {"label": slug.replace("_", " ").title(), "codes": {}})
        group["codes"][code] = label or group["codes"].get(code) or action_label(code)

    def __contains__(self, code):
        return any(code in group["codes"] for group in self.groups.values())

    def codes(self):
        """Every codename, in catalogue order."""
        return [code for group in self.groups.values() for code in group["codes"]]

    def unknown(self, codes):
        """The codenames among `codes` that do not exist."""
        return [code for code in codes if code not in self]

    def grouped(self, only=None):
        """[(slug, label, [(codename, label), ...])] for a picker; `only` narrows the codes."""
        result = []
        for slug, group in self.groups.items():
            choices = [
                (code, label)
                for code, label in group["codes"].items()
                if only is None or code in only
            ]
            if choices:
                result.append((slug, group["label"], choices))
        return result
