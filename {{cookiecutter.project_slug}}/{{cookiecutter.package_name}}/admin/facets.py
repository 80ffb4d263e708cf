"""Facets: with `show_facets = True` the list offers "Show counts", and each filter
choice then shows how many rows of the current result set it would keep.

The counts cost one GROUP BY query per filter with choices, so they are computed only
when asked for (`?_facets=1` in the URL), as Django's admin does.
"""

from peewee import fn

from .manytomany import through_keys
from .paths import Joins

FACETS = "_facets"


def facet_counts(state, field_filter):
    """{choice value as in the URL: row count} for one filter on the list's result set."""
    model = state.model
    pk = model._meta.primary_key
    if field_filter.kind == "m2m":
        to_model, to_related = through_keys(field_filter.field)
        matching = state.filtered_query(Joins(model)).select(pk)
        rows = (
            field_filter.field.through_model.select(to_related, fn.COUNT(to_model))
            .where(to_model.in_(matching))
            .group_by(to_related)
            .tuples()
        )
    else:
        joins = Joins(model)
        column = joins.field(field_filter.path)  # joined before the query is built
        query = state.filtered_query(joins)
        rows = query.select(column, fn.COUNT(pk)).group_by(column).order_by().tuples()
    counts = {}
    for value, count in rows:
        key = str(int(value)) if isinstance(value, bool) else str(value)
        counts[key] = counts.get(key, 0) + count
    return counts
