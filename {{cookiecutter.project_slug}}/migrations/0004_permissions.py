"""Permissions: `user.staff`, groups, and permissions granted to groups and to users.

Existing users keep what they had: `staff` starts false, and `admin` users stay superusers.
"""
from peewee import *

def up(migrator, db):
    migrator.migrate(migrator.add_column('user', 'staff', BooleanField(default=False)))

    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class Group(Model):
        name = CharField(unique=True, max_length=150)
        class Meta:
            database = db
            table_name = 'auth_group'
    db.create_tables([Group])

    class GroupPermission(Model):
        group = ForeignKeyField(Group, on_delete='CASCADE')
        codename = CharField(max_length=100)
        class Meta:
            database = db
            table_name = 'auth_group_permission'
            indexes = ((('group', 'codename'), True),)
    db.create_tables([GroupPermission])

    class UserGroup(Model):
        user = ForeignKeyField(User, on_delete='CASCADE')
        group = ForeignKeyField(Group, on_delete='CASCADE')
        class Meta:
            database = db
            table_name = 'auth_user_group'
            indexes = ((('user', 'group'), True),)
    db.create_tables([UserGroup])

    class UserPermission(Model):
        user = ForeignKeyField(User, on_delete='CASCADE')
        codename = CharField(max_length=100)
        class Meta:
            database = db
            table_name = 'auth_user_permission'
            indexes = ((('user', 'codename'), True),)
    db.create_tables([UserPermission])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('auth_user_permission'))
    migrator.migrate(migrator.drop_table('auth_user_group'))
    migrator.migrate(migrator.drop_table('auth_group_permission'))
    migrator.migrate(migrator.drop_table('auth_group'))
    migrator.migrate(migrator.drop_column('user', 'staff'))
