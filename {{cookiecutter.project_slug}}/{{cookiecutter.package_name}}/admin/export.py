"""Export a list, as filtered, searched and sorted, to CSV or JSON, streamed.

Rows are read in the list's own order a chunk at a time and written as they come, so
memory stays flat however many rows there are, on SQLite and PostgreSQL alike.
Only the list's columns are exported, and those never include a secret field.
"""

import csv
import io
import json

from ..db import rows_after
from .columns import display

CHUNK_SIZE = 1000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text):
    """Neutralise spreadsheet formulas: a cell starting with = + - @ gets a leading quote."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def prefetched(columns, rows):
    """`rows` again, with many-to-many columns read CHUNK_SIZE rows at a time."""
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == CHUNK_SIZE:
            yield from prefetch_batch(columns, batch)
            batch = []
    yield from prefetch_batch(columns, batch)


def prefetch_batch(columns, batch):
    for column in columns:
        if hasattr(column, "prefetch"):
            column.cache = {}
            column.prefetch(batch)
    return batch


def rows_in_order(query, keys=None):
    """Every row of `query`, in its order (the primary key last, so pages never overlap),
    CHUNK_SIZE rows at a time.

    With `keys`, the order as [(column, descending, value of a row)], each chunk starts
    right after the last row read (an index seek); without, it skips the rows before it,
    which grows with every chunk.
    """
    number, last = 1, None
    while True:
        if keys is None:
            chunk = query.paginate(number, CHUNK_SIZE)
        elif last is None:
            chunk = query.limit(CHUNK_SIZE)
        else:
            ordering = [(column, descending) for column, descending, _ in keys]
            chunk = query.where(rows_after(ordering, last)).limit(CHUNK_SIZE)
        count, row = 0, None
        for row in chunk.iterator():
            count += 1
            yield row
        if count < CHUNK_SIZE:
            return
        number += 1
        if keys is not None:
            last = [value(row) for _, _, value in keys]


def export_csv(columns, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.label for column in columns])
    for row in prefetched(columns, rows):
        writer.writerow([safe_cell(column.export_text(row)) for column in columns])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_value(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [json_value(item) for item in value]
    return display(value)


def export_json(columns, rows):
    yield "["
    for index, row in enumerate(prefetched(columns, rows)):
        item = {column.name: json_value(column.value(row)) for column in columns}
        yield ("," if index else "") + "\n" + json.dumps(item)
    yield "\n]\n"
