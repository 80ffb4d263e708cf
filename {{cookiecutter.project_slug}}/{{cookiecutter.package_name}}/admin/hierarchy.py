"""Date drill-down: `date_hierarchy = "pub_date"` puts year -> month -> day links above
the list, each with its number of rows.

The chosen period lives in the URL (`pub_date__year=2024&pub_date__month=5`) and narrows
the list as a range, `start <= pub_date < end`, which an index on the field serves. The
counts are one query per page: the range of the chosen period (an index range scan)
summed into buckets, so no function of the column is ever computed for a WHERE clause.
"""

import calendar
import datetime

from peewee import Case, DateTimeField, fn

from ..db import Count
from .columns import label_for

PARTS = ("year", "month", "day")
MAX_YEARS = 60  # at most this many year links, the latest ones


class Bucket:
    """One link: its `label`, the URL parameters it sets, and its row `count` (a db.Count,
    or None when not counted)."""

    def __init__(self, label, params, count):
        self.label = label
        self.params = params
        self.count = count


class DateHierarchy:
    """The chosen year/month/day of one list request, and the links one level down."""

    def __init__(self, model_admin, args):
        self.model_admin = model_admin
        self.field = model_admin.model._meta.fields[model_admin.date_hierarchy]
        self.name = self.field.name
        self.label = label_for(self.name)
        self.params = {f"{self.name}__{part}" for part in PARTS}
        self.chosen = self.parse(args)

    def parse(self, args):
        """(year, month, day) as far as given and valid; a bad part ends the drill-down."""
        chosen = []
        for part in PARTS:
            raw = args.get(f"{self.name}__{part}", "")
            if not (raw.isascii() and raw.isdigit()):
                break
            chosen.append(int(raw))
            try:
                self.bounds(tuple(chosen))  # a real day, month or year with an end
            except (ValueError, OverflowError):
                chosen.pop()
                break
        return tuple(chosen)

    # -- periods as ranges ---------------------------------------------------------

    def bounds(self, chosen):
        """[start, end) of a year, month or day, as values of the field's type."""
        year, month, day = (*chosen, 1, 1, 1)[:3] if chosen else (None, None, None)
        if len(chosen) == 1:
            start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
        elif len(chosen) == 2:
            start = datetime.date(year, month, 1)
            end = start + datetime.timedelta(days=calendar.monthrange(year, month)[1])
        else:
            start = datetime.date(year, month, day)
            end = start + datetime.timedelta(days=1)
        if isinstance(self.field, DateTimeField):
            return (
                datetime.datetime.combine(start, datetime.time()),
                datetime.datetime.combine(end, datetime.time()),
            )
        return start, end

    def condition(self, column):
        """The WHERE part for the chosen period, or None when none is chosen."""
        if not self.chosen:
            return None
        start, end = self.bounds(self.chosen)
        return (column >= start) & (column < end)

    # -- the links -----------------------------------------------------------------

    def periods(self, query, column):
        """(label, chosen tuple) for each period one level below the chosen one."""
        if not self.chosen:
            if query._where is None:  # each is one step in the column's index
                first = query.select(fn.MIN(column)).scalar()
                last = query.select(fn.MAX(column)).scalar()
            else:  # searched or filtered: one pass over the matching rows, not two
                first, last = query.select(fn.MIN(column), fn.MAX(column)).tuples().first()
            if first is None:
                return []
            years = range(max(first.year, last.year - MAX_YEARS + 1), last.year + 1)
            return [(str(year), (year,)) for year in years]
        if len(self.chosen) == 1:
            return [(calendar.month_name[month], (*self.chosen, month)) for month in range(1, 13)]
        if len(self.chosen) == 2:
            days = calendar.monthrange(*self.chosen)[1]
            return [(str(day), (*self.chosen, day)) for day in range(1, days + 1)]
        return []

    def buckets(self, query, column, total=None, unsearched=None):
        """The links below the chosen period with their counts, empty ones left out.

        `query` is the list's query (search, filters and the chosen period applied), and
        `total` its row count when already known: a lone period holds every row. When the
        search's matches were counted only in part (`total.at_least`), the links span
        `unsearched` (the same query without the search) and carry no counts: dating every
        match would read the rows the count spared.
        """
        if total is not None and total.at_least:
            periods = self.periods(unsearched, column)
            return [Bucket(label, self.link_params(chosen), None) for label, chosen in periods]
        periods = self.periods(query, column)
        if not periods:
            return []
        if len(periods) == 1 and total is not None:
            return [Bucket(periods[0][0], self.link_params(periods[0][1]), total)] if total else []
        sums = []
        for _, chosen in periods:
            start, end = self.bounds(chosen)
            sums.append(fn.SUM(Case(None, [((column >= start) & (column < end), 1)], 0)))
        # One pass over the rows in range; the range itself comes from the index.
        start, end = self.bounds(periods[0][1])[0], self.bounds(periods[-1][1])[1]
        ranged = query.where((column >= start) & (column < end))
        counts = ranged.select(*sums).order_by().tuples().first() or ()
        found = []
        for (label, chosen), count in zip(periods, counts, strict=False):
            if count:
                found.append(Bucket(label, self.link_params(chosen), Count(count)))
        return found

    def link_params(self, chosen):
        """URL changes for `chosen`: its parts set, the deeper ones removed."""
        values = (*chosen, None, None, None)
        return {f"{self.name}__{part}": value for part, value in zip(PARTS, values, strict=False)}

    def trail(self):
        """The chosen levels as links back up: [(label, params)], "All dates" first."""
        crumbs = [("All dates", self.link_params(()))]
        labels = []
        for depth in range(1, len(self.chosen) + 1):
            chosen = self.chosen[:depth]
            part = chosen[-1]
            labels.append(str(part) if depth != 2 else calendar.month_name[part])
            crumbs.append((" ".join(reversed(labels)), self.link_params(chosen)))
        return crumbs
