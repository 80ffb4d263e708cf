"""What a list page shows, read from its query string: search, filters, sort and page.

Everything lives in the URL (`?q=bob&pub_date__lastdays=7&o=-pub_date&page=2`), so a
list can be bookmarked. Parameters that are unknown or not allowed are ignored, with a
notice on the page, never an error.
"""

import functools
import math
from urllib.parse import quote, urlencode

from flask import url_for
from peewee import Field, Ordering

from ..db import count_rows
from .columns import build_columns
from .facets import FACETS, facet_counts
from .filters import parse_filters
from .hierarchy import DateHierarchy
from .paths import Joins, resolve, value_at
from .search import search_expression

SEARCH, SORT, PAGE = "q", "o", "page"
URL_SAFE = "!$'()*,/:;?@"  # what url_for leaves unescaped in a query string
RESERVED = {SEARCH, SORT, PAGE, "filter", "lookup", "value", "value2", "format"}


class ListState:
    """The columns, query and page for one request to a model's list."""

    def __init__(self, model_admin, args):
        self.model_admin = model_admin
        self.model = model_admin.model
        self.args = args
        self.notices = []
        self.joins = Joins(self.model)
        self.columns = build_columns(model_admin, self.joins)
        self.search = args.get(SEARCH, "").strip()
        self.hierarchy = DateHierarchy(model_admin, args) if model_admin.date_hierarchy else None
        reserved = RESERVED | {FACETS} | (self.hierarchy.params if self.hierarchy else set())
        self.filters = parse_filters(model_admin, args, reserved, self.notices)
        self.show_facets = bool(model_admin.show_facets) and args.get(FACETS) == "1"
        self.sort = self.parse_sort(args.get(SORT, ""))

    def parse_sort(self, raw):
        """(column, descending) for `o=name` / `o=-name`, or None for the default order."""
        name = raw.lstrip("-")
        if not name:
            return None
        for column in self.columns:
            if column.name == name and column.sortable:
                return column, raw.startswith("-")
        self.notices.append(f"Ignored unknown sort “{raw}”.")
        return None

    # -- the query ---------------------------------------------------------------

    def filtered_query(self, joins=None, searched=True):
        """The model admin's query narrowed by search and filters, with the joins it needs.

        `joins` defaults to the page's own, which also fetch what the columns show;
        `searched=False` leaves the search out.
        """
        joins = joins or self.joins
        query = self.model_admin.get_query()
        for active in self.filters:
            field_filter = active.field_filter
            column = None if field_filter.kind == "m2m" else joins.field(field_filter.path)
            query = query.where(active.field_filter.expression(column, active.lookup, active.value))
        search = self.search if searched else ""
        condition = search_expression(joins, self.model_admin.search_fields, search)
        if condition is not None:
            query = query.where(condition)
        if self.hierarchy is not None:
            period = self.hierarchy.condition(getattr(self.model, self.hierarchy.name))
            if period is not None:
                query = query.where(period)
        return joins.apply(query)

    # -- above and beside the list ---------------------------------------------------

    def date_links(self):
        """The date drill-down's links one level below the chosen period, with counts."""
        if self.hierarchy is None:
            return []
        column = getattr(self.model, self.hierarchy.name)
        query = self.filtered_query(Joins(self.model))
        if not self.total.at_least:
            return self.hierarchy.buckets(query, column, self.total)
        unsearched = self.filtered_query(Joins(self.model), searched=False)
        return self.hierarchy.buckets(query, column, self.total, unsearched)

    def facets(self, field_filter):
        """{choice: count} beside a filter's choices when counts are shown, else {}."""
        return facet_counts(self, field_filter) if self.show_facets else {}

    def ordered_query(self):
        """The filtered query in the chosen order; the primary key breaks ties."""
        query = self.filtered_query()
        pk = self.model._meta.primary_key
        if self.sort is None:
            return query.order_by(*self.model_admin.get_ordering())
        column, descending = self.sort
        expression = self.joins.field(column.path)
        if descending:
            return query.order_by(expression.desc(), pk.desc())
        return query.order_by(expression.asc(), pk.asc())

    def order_keys(self):
        """The order as [(column, descending, value of a row)] for reading it in chunks
        (see export.rows_in_order); None when a key is an expression or may be null, whose
        place in the order differs between databases."""
        pk = self.model._meta.primary_key
        if self.sort is not None:
            column, descending = self.sort
            foreign_keys, field = resolve(self.model, column.path)
            if field.null or any(fk.null for fk in foreign_keys):
                return None
            path = column.path
            at = self.joins.field(path)
            return [(at, descending, lambda row: value_at(row, path)), (pk, descending, key_of)]
        keys = []
        for expression in self.model_admin.get_ordering():
            node, descending = expression, False
            if isinstance(expression, Ordering):
                node, descending = expression.node, expression.direction == "DESC"
            if not isinstance(node, Field) or node.model is not self.model or node.null:
                return None
            keys.append((node, descending, lambda row, name=node.name: row.__data__.get(name)))
        return keys

    # -- the page ----------------------------------------------------------------

    @functools.cached_property
    def total(self):
        """How many rows the list has, counted once per request."""
        # Counted with only the joins search and filters need: a LEFT JOIN adds no rows.
        up_to = self.model_admin.search_count_limit if self.search else None
        return count_rows(self.filtered_query(Joins(self.model)), up_to)

    def page(self):
        """Rows of the requested page plus counts; a page past the end shows the last one."""
        per_page = self.model_admin.paginate_by
        total = self.total
        page_count = max(1, math.ceil(total / per_page))
        try:
            number = max(1, int(self.args.get(PAGE, 1)))
        except ValueError:
            number = 1
        if not total.at_least:
            number = min(number, page_count)
        # Where the count stopped short, one row more than the page tells if another follows.
        offset = (number - 1) * per_page
        rows = list(self.ordered_query().limit(per_page + 1).offset(offset))
        has_next = len(rows) > per_page
        rows = rows[:per_page]
        for column in self.columns:
            if hasattr(column, "prefetch"):  # many-to-many: one query for the page
                column.prefetch(rows)
        return Page(rows, number, page_count, total, has_next)

    # -- links ---------------------------------------------------------------------

    def url(self, endpoint="admin.list_view", **changes):
        """This list's URL with `changes` applied (None removes a parameter; page resets)."""
        params = {key: value for key, value in self.args.items() if value != ""}
        params.pop(PAGE, None)
        for key, value in changes.items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = value
        if endpoint != "admin.list_view":
            return url_for(endpoint, slug=self.model_admin.slug, **params)
        # The list links to itself dozens of times: its path is built once, and the
        # query string added as url_for would (leaving the same characters unescaped).
        query = urlencode([(key, str(value)) for key, value in params.items()], safe=URL_SAFE)
        return f"{self.list_path}?{query}" if query else self.list_path

    @functools.cached_property
    def list_path(self):
        return url_for("admin.list_view", slug=self.model_admin.slug)

    def edit_url(self, row):
        """A row's edit page, built from the list's path (url_for per row adds up)."""
        return f"{self.list_path}{quote(str(row._pk), safe='')}/"

    def sort_url(self, column):
        descending = self.sort is not None and self.sort[0] is column and not self.sort[1]
        return self.url(**{SORT: f"-{column.name}" if descending else column.name})

    def aria_sort(self, column):
        if self.sort is None or self.sort[0] is not column:
            return None
        return "descending" if self.sort[1] else "ascending"

    def hidden_state(self, *leave_out):
        """(name, value) pairs to carry the current state through a GET form."""
        return [
            (key, value)
            for key, value in self.args.items()
            if key not in leave_out and key not in (PAGE, "filter", "lookup", "value", "value2")
        ]


def key_of(row):
    return row._pk


class Page:
    def __init__(self, rows, number, page_count, total, has_next):
        self.rows = rows
        self.number = number
        self.page_count = page_count
        self.total = total
        self.has_previous = number > 1
        self.has_next = has_next

    def of_pages(self):
        """How many pages, as far as known: "of 12", "of about 50,000", "of more than 50"."""
        if self.total.approximate:
            return f"of about {self.page_count:,}"
        if self.total.at_least:
            return f"of more than {self.page_count:,}"
        return f"of {self.page_count}"
