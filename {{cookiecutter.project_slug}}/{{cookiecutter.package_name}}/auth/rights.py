"""Who may grant what: the rules behind the admin's user and group pages and the API's
user resource.

Nobody grants what they do not hold:
- only a superuser (`admin`) sets `admin`; other editors never get the field;
- a staff user grants only permissions they hold, and puts users only into groups whose
  every permission they hold;
- a staff user cannot raise their own rights: their own `staff`, groups and permissions
  are not offered to them, and they cannot add themselves to a group;
- a staff user cannot take over an account that holds more than they do (a superuser's,
  or one with permissions they lack): they may not change or delete it;
- what an editor cannot grant stays as it was when they save.
"""


def is_superuser(user):
    return bool(user is not None and user.active and user.admin)


def grantable_codes(editor, catalog):
    """The codenames `editor` may hand out: all of them for a superuser, else their own."""
    codes = set(catalog.codes())
    return codes if is_superuser(editor) else codes & set(editor.get_permissions())


def grantable_groups(editor, grants):
    """The groups `editor` may put users into (all groups, in name order, for a superuser)."""
    groups = list(grants.Group.select().order_by(grants.Group.name))
    if is_superuser(editor):
        return groups
    held = editor.get_permissions()
    codes = {}
    for group_id, code in grants.GroupPermission.select(
        grants.GroupPermission.group, grants.GroupPermission.codename
    ).tuples():
        codes.setdefault(group_id, set()).add(code)
    return [group for group in groups if codes.get(group.get_id(), set()) <= held]


def may_manage(editor, target):
    """May `editor` change or delete the account `target` (see the module docstring)?"""
    if is_superuser(editor) or target.get_id() == editor.get_id():
        return True
    if target.admin:
        return False
    return set(target.get_permissions()) <= set(editor.get_permissions())


def refused_user_change(editor, target, fields):
    """Why `editor` may not write `fields` of user `target`, or None when they may."""
    if target is not None and not may_manage(editor, target):
        return "You may not change a user who holds rights you lack."
    if is_superuser(editor):
        return None
    if "admin" in fields:
        return "Only a superuser may set admin."
    own = target is not None and target.get_id() == editor.get_id()
    if own and "staff" in fields:
        return "You may not change your own rights."
    return None


def merge(current, submitted, grantable):
    """The new set: what was submitted among what the editor may grant, plus what they
    could not touch, unchanged."""
    grantable = set(grantable)
    return (set(submitted) & grantable) | (set(current) - grantable)


def change_note(name, before, after):
    """A history line such as "permissions: +message.view, -message.delete", or None."""
    added = [f"+{item}" for item in sorted(set(after) - set(before))]
    removed = [f"-{item}" for item in sorted(set(before) - set(after))]
    if not added and not removed:
        return None
    return f"{name}: {', '.join(added + removed)}"
