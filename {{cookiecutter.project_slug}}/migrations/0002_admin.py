"""Admin: the dashboard's notes and the history of changes made through the admin."""
from peewee import *
import datetime

def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class Note(Model):
        user = ForeignKeyField(User, on_delete='CASCADE')
        message = TextField()
        created = DateTimeField(index=True, default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'admin_note'
    db.create_tables([Note])

    class LogEntry(Model):
        user = ForeignKeyField(User, null=True, on_delete='SET NULL')
        username = CharField(max_length=255)
        action_time = DateTimeField(index=True, default=datetime.datetime.now)
        action = CharField(max_length=64)
        model = CharField(index=True, max_length=64)
        object_id = CharField(index=True, max_length=64)
        object_repr = CharField(max_length=200)
        changed_fields = TextField(default='[]')
        class Meta:
            database = db
            table_name = 'admin_log_entry'
    db.create_tables([LogEntry])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('admin_log_entry'))
    migrator.migrate(migrator.drop_table('admin_note'))
