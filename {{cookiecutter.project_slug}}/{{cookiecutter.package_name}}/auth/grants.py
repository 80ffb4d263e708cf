"""Who holds which permission: groups, memberships and grants, and the query that reads them.

`user.has_perm(code)` and `user.get_permissions()` ask `Grants.codes_for(user)`: one query
(the user's direct permissions UNION their groups' permissions), remembered on `flask.g`
for the rest of the request, so a page makes it once however many checks it runs. Nothing
is kept between requests or in a process: a grant counts from the next request, in
every worker.
"""

import functools

from flask import g, has_app_context
from peewee import CharField, ForeignKeyField

from ..db import Statement

CACHE_KEY = "_auth_permissions"


def ids(rows):
    """Primary keys of `rows`, which may be model instances or keys already."""
    return {row.get_id() if hasattr(row, "get_id") else row for row in rows}


@functools.cache
def make_permission_models(db, user_model):
    """The group and permission tables, bound to `db` (made once per database and user)."""

    class Group(db.Model):
        """A named set of permissions; its members hold them all."""

        name = CharField(max_length=150, unique=True)

        class Meta:
            table_name = "auth_group"

        def __str__(self):
            return self.name

    class GroupPermission(db.Model):
        group = ForeignKeyField(Group, backref="permission_rows", on_delete="CASCADE")
        codename = CharField(max_length=100)

        class Meta:
            table_name = "auth_group_permission"
            indexes = ((("group", "codename"), True),)

    class UserGroup(db.Model):
        user = ForeignKeyField(user_model, backref="+", on_delete="CASCADE")
        group = ForeignKeyField(Group, backref="member_rows", on_delete="CASCADE")

        class Meta:
            table_name = "auth_user_group"
            indexes = ((("user", "group"), True),)

    class UserPermission(db.Model):
        user = ForeignKeyField(user_model, backref="+", on_delete="CASCADE")
        codename = CharField(max_length=100)

        class Meta:
            table_name = "auth_user_permission"
            indexes = ((("user", "codename"), True),)

    return Group, GroupPermission, UserGroup, UserPermission


def forget_permissions():
    """Drop this request's remembered permissions (after a grant or revoke)."""
    if has_app_context():
        g.pop(CACHE_KEY, None)


class Grants:
    """Reads and writes the permission tables for one user model; `auth.grants`."""

    def __init__(self, db, user_model, catalog):
        self.db = db
        self.user_model = user_model
        self.catalog = catalog
        (self.Group, self.GroupPermission, self.UserGroup, self.UserPermission) = (
            make_permission_models(db, user_model)
        )
        # Asked on most requests of staff users: each query's SQL is written once.
        self.held = Statement(self.UserPermission, self.held_query, values=2)
        self.direct = Statement(self.UserPermission, self.direct_query)
        self.memberships = Statement(self.Group, self.memberships_query)

    @property
    def models(self):
        return [self.Group, self.GroupPermission, self.UserGroup, self.UserPermission]

    # -- reading ------------------------------------------------------------------

    def held_query(self, user_id, same_user_id):
        """The codenames the user holds: direct ones and their groups', one query."""
        direct = self.UserPermission.select(self.UserPermission.codename).where(
            self.UserPermission.user == user_id
        )
        through_groups = (
            self.GroupPermission.select(self.GroupPermission.codename)
            .join(self.UserGroup, on=self.UserGroup.group == self.GroupPermission.group)
            .where(self.UserGroup.user == same_user_id)
        )
        return (direct | through_groups).tuples()

    def stored_codes(self, user):
        """The user's codenames from the database."""
        return frozenset(code for (code,) in self.held.rows(user.get_id(), user.get_id()))

    def codes_for(self, user):
        """The user's codenames, asked once per request (remembered on `g`)."""
        if user.get_id() is None:
            return frozenset()
        if not has_app_context():
            return self.stored_codes(user)
        cache = g.setdefault(CACHE_KEY, {})
        key = (self.user_model, user.get_id())
        if key not in cache:
            cache[key] = self.stored_codes(user)
        return cache[key]

    def sources_for(self, user):
        """{codename: ["directly", "group Editors", ...]}: what a user holds and from where."""
        sources = {}
        direct = self.UserPermission.select().where(self.UserPermission.user == user.get_id())
        for row in direct.order_by(self.UserPermission.codename):
            sources.setdefault(row.codename, []).append("directly")
        through_groups = (
            self.GroupPermission.select(self.GroupPermission.codename, self.Group.name)
            .join(self.Group)
            .join_from(
                self.GroupPermission,
                self.UserGroup,
                on=self.UserGroup.group == self.GroupPermission.group,
            )
            .where(self.UserGroup.user == user.get_id())
            .order_by(self.Group.name, self.GroupPermission.codename)
            .tuples()
        )
        for code, group_name in through_groups:
            sources.setdefault(code, []).append(f"group {group_name}")
        return dict(sorted(sources.items()))

    def direct_query(self, user_id):
        rows = self.UserPermission.select(self.UserPermission.codename)
        return rows.where(self.UserPermission.user == user_id).tuples()

    def direct_codes(self, user):
        return {code for (code,) in self.direct.rows(user.get_id())}

    def memberships_query(self, user_id):
        return (
            self.Group.select()
            .join(self.UserGroup)
            .where(self.UserGroup.user == user_id)
            .order_by(self.Group.name)
        )

    def groups_of(self, user):
        """The groups `user` belongs to, by name."""
        return list(self.memberships.rows(user.get_id()))

    def group_codes(self, group):
        rows = self.GroupPermission.select(self.GroupPermission.codename)
        return {code for (code,) in rows.where(self.GroupPermission.group == group).tuples()}

    def members_of(self, group):
        User = self.user_model
        return list(
            User.select()
            .join(self.UserGroup, on=self.UserGroup.user == User._meta.primary_key)
            .where(self.UserGroup.group == group)
            .order_by(User.username)
        )

    # -- writing: each replaces or extends a set, in one transaction ------------------

    def grant(self, user, codes):
        """Give `user` these codenames directly (ones already held are skipped)."""
        rows = [{"user": user.get_id(), "codename": code} for code in sorted(set(codes))]
        with self.db.database.atomic():
            if rows:
                self.UserPermission.insert_many(rows).on_conflict_ignore().execute()
        forget_permissions()

    def revoke(self, user, codes):
        """Take these direct codenames from `user` (what their groups give stays)."""
        table = self.UserPermission
        with self.db.database.atomic():
            table.delete().where(
                (table.user == user.get_id()) & table.codename.in_(list(codes))
            ).execute()
        forget_permissions()

    def set_user_permissions(self, user, codes):
        """Make `codes` the user's direct permissions."""
        current = self.direct_codes(user)
        self.revoke(user, current - set(codes))
        self.grant(user, set(codes) - current)

    def set_user_groups(self, user, groups):
        """Make `groups` (rows or ids) the groups `user` belongs to."""
        wanted = ids(groups)
        current = {group.get_id() for group in self.groups_of(user)}
        table = self.UserGroup
        with self.db.database.atomic():
            if current - wanted:
                table.delete().where(
                    (table.user == user.get_id()) & table.group.in_(list(current - wanted))
                ).execute()
            rows = [{"user": user.get_id(), "group": gid} for gid in sorted(wanted - current)]
            if rows:
                table.insert_many(rows).on_conflict_ignore().execute()
        forget_permissions()

    def add_to_group(self, user, group):
        self.UserGroup.insert(user=user.get_id(), group=group).on_conflict_ignore().execute()
        forget_permissions()

    def set_group_permissions(self, group, codes):
        """Make `codes` the group's permissions."""
        table = self.GroupPermission
        current = self.group_codes(group)
        with self.db.database.atomic():
            gone = current - set(codes)
            if gone:
                table.delete().where(
                    (table.group == group) & table.codename.in_(list(gone))
                ).execute()
            rows = [{"group": group, "codename": code} for code in sorted(set(codes) - current)]
            if rows:
                table.insert_many(rows).on_conflict_ignore().execute()
        forget_permissions()

    def set_group_members(self, group, users):
        """Make `users` (rows or ids) the group's members."""
        wanted = ids(users)
        current = {user.get_id() for user in self.members_of(group)}
        table = self.UserGroup
        with self.db.database.atomic():
            if current - wanted:
                table.delete().where(
                    (table.group == group) & table.user.in_(list(current - wanted))
                ).execute()
            rows = [{"user": uid, "group": group} for uid in sorted(wanted - current)]
            if rows:
                table.insert_many(rows).on_conflict_ignore().execute()
        forget_permissions()
