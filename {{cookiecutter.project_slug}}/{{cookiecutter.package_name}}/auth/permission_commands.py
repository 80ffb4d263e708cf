"""`flask create-group`, `add-to-group`, `grant`, `revoke` and `permissions`.

Codenames are checked against the catalogue of those that exist (`flask permissions`
lists them). Unknown users, groups or codenames fail with one line and exit status 1,
and nothing is written.
"""

import click
from peewee import IntegrityError


def make_permission_commands(auth):
    """The commands, bound to `auth`, its user model and its permission tables."""
    User, grants, catalog = auth.user_model, auth.grants, auth.permissions
    Group = grants.Group

    def find_user(username):
        user = User.get_or_none(User.username == username)
        if user is None:
            raise click.ClickException(f"No user named {username!r}.")
        return user

    def find_group(name):
        group = Group.get_or_none(Group.name == name)
        if group is None:
            raise click.ClickException(f"No group named {name!r}.")
        return group

    def known(codes):
        unknown = catalog.unknown(codes)
        if unknown:
            raise click.ClickException(
                f"No permission named {unknown[0]!r} (`flask permissions` lists them)."
            )
        return list(dict.fromkeys(codes))

    @click.command("create-group")
    @click.argument("name")
    @click.option(
        "--perm", "codes", multiple=True, metavar="CODE", help="A permission (repeat it)."
    )
    def create_group(name, codes):
        """Create a group holding the given permissions."""
        name = name.strip()
        if not name or len(name) > Group.name.max_length:
            raise click.ClickException(f"A group name has 1 to {Group.name.max_length} characters.")
        codes = known(codes)
        if Group.select().where(Group.name == name).exists():
            raise click.ClickException(f"A group named {name!r} already exists.")
        try:
            with auth.db.database.atomic():
                group = Group.create(name=name)
                grants.set_group_permissions(group, codes)
        except IntegrityError:  # created by someone else since the check above
            raise click.ClickException(f"A group named {name!r} already exists.") from None
        click.echo(f"Created group {name!r} with {len(codes)} permission(s).")

    @click.command("add-to-group")
    @click.argument("username")
    @click.argument("group_name", metavar="GROUP")
    def add_to_group(username, group_name):
        """Put a user into a group.

        They hold the group's permissions from their next request.
        """
        user, group = find_user(username), find_group(group_name)
        grants.add_to_group(user, group)
        click.echo(f"{username!r} is in group {group_name!r}.")

    @click.command("grant")
    @click.argument("username")
    @click.argument("codes", nargs=-1, required=True, metavar="CODE...")
    def grant(username, codes):
        """Give a user permissions directly."""
        user, codes = find_user(username), known(codes)
        grants.grant(user, codes)
        click.echo(f"Granted {', '.join(codes)} to {username!r}.")

    @click.command("revoke")
    @click.argument("username")
    @click.argument("codes", nargs=-1, required=True, metavar="CODE...")
    def revoke(username, codes):
        """Take direct permissions from a user.

        What their groups give them stays.
        """
        user, codes = find_user(username), known(codes)
        grants.revoke(user, codes)
        click.echo(f"Revoked {', '.join(codes)} from {username!r}.")
        kept = set(codes) & set(grants.stored_codes(user))
        if kept:
            click.echo(f"Still held through a group: {', '.join(sorted(kept))}.")

    @click.command("permissions")
    @click.argument("username", required=False)
    def permissions(username):
        """Show what a user holds, and from where.

        Without USERNAME, list every permission and group.
        """
        if username is None:
            for _, label, codes in catalog.grouped():
                click.echo(f"{label}: {', '.join(code for code, _ in codes)}")
            for group in Group.select().order_by(Group.name):
                held = ", ".join(sorted(grants.group_codes(group))) or "no permissions"
                members = len(grants.members_of(group))
                click.echo(f"group {group.name}: {held} ({members} member(s))")
            return
        user = find_user(username)
        if user.admin:
            click.echo(f"{username!r} is a superuser (admin): every permission.")
            return
        sources = grants.sources_for(user)
        role = "staff" if getattr(user, "staff", False) else "not staff (no admin access)"
        click.echo(f"{username!r}: {role}, {len(sources)} permission(s)")
        for code, where in sources.items():
            click.echo(f"  {code}  ({', '.join(where)})")

    return [create_group, add_to_group, grant, revoke, permissions]
