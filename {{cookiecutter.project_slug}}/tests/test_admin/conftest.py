"""Fixtures shared by the admin's tests."""

import pytest

from {{ cookiecutter.package_name }}.admin_site import admin
from {{ cookiecutter.package_name }}.cli import database


@pytest.fixture
def register():
    """Swap the ModelAdmin behind a slug for one test; the original comes back afterwards."""
    saved = dict(admin.registry)

    def swap(model, admin_class):
        model_admin = admin_class(admin, model)
        admin.registry[model_admin.slug] = model_admin
        return model_admin

    yield swap
    admin.registry.clear()
    admin.registry.update(saved)


class QueryCounter:
    def __init__(self):
        self.count = 0
        self.statements = []


@pytest.fixture
def count_queries(monkeypatch):
    """Count the SQL statements the database runs from now on."""
    peewee_db = database()
    counter = QueryCounter()
    original = peewee_db.execute_sql

    def counting(sql, params=None, *args, **kwargs):
        counter.count += 1
        counter.statements.append(sql)
        return original(sql, params, *args, **kwargs)

    monkeypatch.setattr(peewee_db, "execute_sql", counting)
    return counter


def queries_for(client, counter, url):
    before = counter.count
    assert client.get(url).status_code == 200
    return counter.count - before
