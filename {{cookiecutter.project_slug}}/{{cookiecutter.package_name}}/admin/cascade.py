"""What deleting rows would also delete (ON DELETE CASCADE) or empty (SET NULL).

Read from the models' foreign keys, which the migrations turned into the database's own
constraints: the database does the cascading, this only tells the admin beforehand.
"""

MAX_DEPTH = 5
NAMED_ROWS = 5


class Consequence:
    """Rows of one model that a delete reaches: `effect` is "deleted", "emptied" or
    "blocking" (a foreign key without ON DELETE stops the delete)."""

    def __init__(self, model, field, effect, query):
        self.model = model
        self.field = field
        self.effect = effect
        self.count = query.count()
        self.names = [str(row) for row in query.limit(NAMED_ROWS)] if self.count else []

    @property
    def label(self):
        return self.model.__name__


def consequences(model, ids_query, depth=0, seen=None):
    """Every Consequence of deleting the rows of `model` whose ids `ids_query` selects."""
    seen = set() if seen is None else seen
    found = []
    if depth >= MAX_DEPTH:
        return found
    for field in model._meta.backrefs:
        related = field.model
        if (related, field.name) in seen:
            continue
        seen.add((related, field.name))
        rows = related.select().where(field.in_(ids_query))
        rule = (field.on_delete or "").upper()
        if rule == "CASCADE":
            effect = "deleted"
        elif rule == "SET NULL":
            effect = "emptied"
        else:
            effect = "blocking"
        consequence = Consequence(related, field, effect, rows)
        if not consequence.count:
            continue
        found.append(consequence)
        if effect == "deleted":
            pk = related._meta.primary_key
            found.extend(consequences(related, rows.select(pk), depth + 1, seen))
    return found
