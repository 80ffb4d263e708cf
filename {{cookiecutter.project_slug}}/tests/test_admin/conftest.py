"""Fixtures shared by the admin's tests."""

import pytest

from {{ cookiecutter.package_name }}.admin_site import admin


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
