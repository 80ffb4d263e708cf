"""Search: a case-insensitive "contains" over `search_fields`, following foreign keys."""

import functools
import operator

from peewee import Cast, CharField, TextField

from .paths import resolve


def search_expression(joins, search_fields, term):
    """`term` in any of the fields (OR), or None when there is nothing to search."""
    term = term.strip()
    if not term or not search_fields:
        return None
    conditions = []
    for path in search_fields:
        column = joins.field(path)
        if not isinstance(resolve(joins.model, path)[1], (CharField, TextField)):
            column = Cast(column, "TEXT")  # ids and numbers are searched as text
        conditions.append(column.contains(term))
    return functools.reduce(operator.or_, conditions)
