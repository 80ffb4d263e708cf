"""Initial schema: users, messages, and the tables auth keeps (sessions, login attempts)."""
from peewee import *
import datetime

def up(migrator, db):
    class LoginAttempt(Model):
        username = CharField(index=True)
        address = CharField(index=True, max_length=64)
        attempted = DateTimeField(index=True, default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'auth_login_attempt'
    db.create_tables([LoginAttempt])

    class User(Model):
        username = CharField(unique=True, max_length=80)
        email = CharField(unique=True, max_length=254)
        password = CharField()
        active = BooleanField(default=True)
        admin = BooleanField(default=False)
        join_date = DateTimeField(index=True, default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'user'
    db.create_tables([User])

    class Message(Model):
        user = ForeignKeyField(User, on_delete='CASCADE')
        content = TextField()
        pub_date = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'message'
            indexes = ((('pub_date', 'id'), False), (('user', 'pub_date'), False))
    db.create_tables([Message])

    class UserSession(Model):
        user = ForeignKeyField(User, on_delete='CASCADE')
        token_hash = CharField(unique=True, max_length=64)
        created = DateTimeField(default=datetime.datetime.now)
        expires = DateTimeField(index=True)
        class Meta:
            database = db
            table_name = 'auth_session'
    db.create_tables([UserSession])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('auth_session'))
    migrator.migrate(migrator.drop_table('message'))
    migrator.migrate(migrator.drop_table('user'))
    migrator.migrate(migrator.drop_table('auth_login_attempt'))
