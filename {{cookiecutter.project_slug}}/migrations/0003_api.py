"""API tables: API keys (stored hashed) and the rate-limit counters all workers share."""
from peewee import *
import datetime

def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'user'

    class APIKey(Model):
        user = ForeignKeyField(User, on_delete='CASCADE')
        name = CharField(max_length=100, default='')
        prefix = CharField(index=True, max_length=8)
        key_hash = CharField(unique=True, max_length=64)
        created = DateTimeField(default=datetime.datetime.now)
        class Meta:
            database = db
            table_name = 'api_key'
    db.create_tables([APIKey])

    class RateLimitWindow(Model):
        client = CharField(max_length=100)
        window = IntegerField(index=True)
        hits = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'api_rate_limit'
            indexes = ((('client', 'window'), True),)
    db.create_tables([RateLimitWindow])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('api_rate_limit'))
    migrator.migrate(migrator.drop_table('api_key'))
