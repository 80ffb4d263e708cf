"""Tags: a label table and the many-to-many link between messages and tags."""
from peewee import *


def up(migrator, db):
    class Message(Model):
        class Meta:
            database = db
            table_name = 'message'

    class Tag(Model):
        name = CharField(unique=True, max_length=40)
        class Meta:
            database = db
            table_name = 'tag'
    db.create_tables([Tag])

    class MessageTag(Model):
        message = ForeignKeyField(Message, on_delete='CASCADE')
        tag = ForeignKeyField(Tag, index=True, on_delete='CASCADE')
        class Meta:
            database = db
            table_name = 'message_tag'
            indexes = ((('message', 'tag'), True),)
    db.create_tables([MessageTag])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('message_tag'))
    migrator.migrate(migrator.drop_table('tag'))
