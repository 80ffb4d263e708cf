"""How big an integer each column takes: one rule for the admin and the API.

PostgreSQL refuses (and SQLite cannot bind) an integer outside the column's size, which
would be a 500; a value out of range is bad input instead, answered before any query.
"""

from peewee import BigAutoField, BigIntegerField, ForeignKeyField, SmallIntegerField

INT16 = 2**15 - 1
INT32 = 2**31 - 1
INT64 = 2**63 - 1


def integer_range(field):
    """(lowest, highest) value of an integer `field` (a foreign key: its target's)."""
    target = field.rel_field if isinstance(field, ForeignKeyField) else field
    if isinstance(target, SmallIntegerField):
        bound = INT16
    elif isinstance(target, BigIntegerField | BigAutoField):
        bound = INT64
    else:
        bound = INT32
    return -bound - 1, bound


def checked_integer(field, raw):
    """`raw` as an int that fits `field`; ValueError otherwise."""
    value = int(str(raw).strip())
    lowest, highest = integer_range(field)
    if not lowest <= value <= highest:
        raise ValueError(f"{value} is out of range")
    return value
