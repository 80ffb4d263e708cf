"""Throttling by (kind, key, address): failed attempts of any kind replace failed logins."""
from peewee import *
import datetime

def up(migrator, db):
    class FailedAttempt(Model):
        kind = CharField(max_length=32)
        key = CharField(max_length=255)
        address = CharField(max_length=64)
        attempted = DateTimeField(index=True, default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'auth_failed_attempt'
            indexes = ((('kind', 'key', 'attempted'), False), (('kind', 'address', 'attempted'), False))
    db.create_tables([FailedAttempt])
    # Old failed logins are at most a throttle window old: nothing worth carrying over.
    migrator.migrate(migrator.drop_table('auth_login_attempt'))


def down(migrator, db):
    class LoginAttempt(Model):
        username = CharField(index=True)
        address = CharField(index=True, max_length=64)
        attempted = DateTimeField(index=True, default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'auth_login_attempt'
    db.create_tables([LoginAttempt])
    migrator.migrate(migrator.drop_table('auth_failed_attempt'))
