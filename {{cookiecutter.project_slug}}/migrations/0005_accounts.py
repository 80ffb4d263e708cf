"""Accounts: last login, what the sessions page shows, signup verification, two-factor login."""
from peewee import *
import datetime

def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    migrator.migrate(
        migrator.add_column('user', 'last_login', DateTimeField(null=True)),
        migrator.add_column('auth_session', 'last_seen', DateTimeField(default=datetime.datetime.now)),
        migrator.add_column('auth_session', 'address', CharField(max_length=64, default='')),
        migrator.add_column('auth_session', 'user_agent', CharField(max_length=255, default='')),
    )

    class EmailVerification(Model):
        user = ForeignKeyField(User, unique=True, on_delete='CASCADE')
        created = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'auth_email_verification'

    class TOTPDevice(Model):
        user = ForeignKeyField(User, unique=True, on_delete='CASCADE')
        secret = CharField(max_length=64)
        confirmed = BooleanField(default=False)
        last_step = IntegerField(default=0)
        created = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'auth_totp_device'

    class RecoveryCode(Model):
        user = ForeignKeyField(User, on_delete='CASCADE')
        code_hash = CharField(max_length=64)
        used = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'auth_recovery_code'

    class PendingLogin(Model):
        user = ForeignKeyField(User, on_delete='CASCADE')
        token_hash = CharField(unique=True, max_length=64)
        expires = DateTimeField(index=True)
        next_url = CharField(max_length=2000, default='/')
        class Meta:
            database = db
            table_name = 'auth_pending_login'

    db.create_tables([EmailVerification, TOTPDevice, RecoveryCode, PendingLogin])


def down(migrator, db):
    for table in ('auth_pending_login', 'auth_recovery_code', 'auth_totp_device', 'auth_email_verification'):
        migrator.migrate(migrator.drop_table(table))
    migrator.migrate(
        migrator.drop_column('auth_session', 'user_agent'),
        migrator.drop_column('auth_session', 'address'),
        migrator.drop_column('auth_session', 'last_seen'),
        migrator.drop_column('user', 'last_login'),
    )
