"""db.Model reads rows into objects in one pass (rows.py): the objects must be exactly
the ones peewee's own reading builds, for every shape of query, on both backends."""

import pytest
from peewee import JOIN, CharField, ForeignKeyField, ModelSelect, fn

from {{ cookiecutter.package_name }}.db import Database, connect_url
from {{ cookiecutter.package_name }}.rows import Select


@pytest.fixture
def library(hand_built_database):
    """Authors and books on a database of their own; some books have no editor."""
    options = hand_built_database.get("DATABASE_OPTIONS", {})
    wrapper = Database(None, connect_url(hand_built_database["DATABASE"], **options))

    class Author(wrapper.Model):
        name = CharField()

        def __str__(self):
            return self.name

    class Book(wrapper.Model):
        title = CharField()
        author = ForeignKeyField(Author, backref="books")
        editor = ForeignKeyField(Author, null=True, backref="edited")

    class Welcomed(wrapper.Model):  # a model with its own __init__ is read by peewee
        name = CharField()

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.greeting = "hello"

    models = [Author, Book, Welcomed]
    wrapper.database.create_tables(models)
    ann, bob = Author.create(name="Ann"), Author.create(name="Bob")
    Book.create(title="One", author=ann, editor=bob)
    Book.create(title="Two", author=bob)
    Welcomed.create(name="Cy")
    yield Author, Book, Welcomed
    wrapper.database.drop_tables(models)
    wrapper.database.close()


def as_peewee_reads(query):
    """The same query, read by peewee's own ModelSelect."""
    plain = query.clone()
    plain.__class__ = ModelSelect
    return plain


def state(obj, depth=2):
    """Everything an object holds: its data, what is marked changed, related objects."""
    if obj is None or depth == 0:
        return obj
    related = {name: state(other, depth - 1) for name, other in obj.__rel__.items()}
    extra = {k: v for k, v in vars(obj).items() if k not in ("__data__", "_dirty", "__rel__")}
    return (type(obj).__name__, obj.__data__, obj._dirty, related, extra)


def queries(Author, Book, Welcomed):
    editor = Author.alias("editor")
    return {
        "one model": Book.select().order_by(Book.id),
        "some fields": Book.select(Book.title).order_by(Book.id),
        "inner join": Book.select(Book, Author).join(Author).order_by(Book.id),
        "join without the key": Book.select(Book.title, Author.name).join(Author),
        "outer join, a missing row": (
            Book.select(Book, editor)
            .join(editor, JOIN.LEFT_OUTER, on=(Book.editor == editor.id), attr="editor")
            .order_by(Book.id)
        ),
        "two joins": (
            Book.select(Book, Author, editor)
            .join_from(Book, Author)
            .join_from(Book, editor, JOIN.LEFT_OUTER, on=(Book.editor == editor.id))
            .order_by(Book.id)
        ),
        "a computed column": Book.select(Book, fn.LENGTH(Book.title).alias("size")),
        "a backref join": (
            Author.select(Author, Book).join(Book, on=(Book.author == Author.id), attr="book")
        ),
        "own __init__": Welcomed.select(),
    }


@pytest.mark.parametrize(
    "shape",
    [
        "one model",
        "some fields",
        "inner join",
        "join without the key",
        "outer join, a missing row",
        "two joins",
        "a computed column",
        "a backref join",
        "own __init__",
    ],
)
def test_objects_are_those_peewee_builds(library, shape):
    query = queries(*library)[shape]
    assert isinstance(query, Select)
    ours, peewees = list(query), list(as_peewee_reads(query))
    assert ours and [state(obj) for obj in ours] == [state(obj) for obj in peewees]


def test_related_objects_read_and_save_as_usual(library):
    """A joined object answers without a query, a missing one is None, and a read row
    saves only what then changes."""
    Author, Book, _ = library
    editor = Author.alias("editor")
    query = (
        Book.select(Book, Author, editor)
        .join_from(Book, Author)
        .join_from(Book, editor, JOIN.LEFT_OUTER, on=(Book.editor == editor.id))
        .order_by(Book.id)
    )
    one, two = list(query)
    assert (one.author.name, one.editor.name, two.author.name, two.editor) == (
        "Ann",
        "Bob",
        "Bob",
        None,
    )
    assert not one.is_dirty()
    one.title = "One, revised"
    assert one.dirty_fields == [Book.title]
    one.save()
    assert Book.get_by_id(one.id).title == "One, revised"
