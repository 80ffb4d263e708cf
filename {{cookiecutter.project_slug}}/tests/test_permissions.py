"""Permissions: staff, groups and grants, `has_perm`, and what one query per request means."""

import shutil

import pytest

from {{ cookiecutter.package_name }}.app import create_app
from {{ cookiecutter.package_name }}.auth.permissions import allows, needed
from {{ cookiecutter.package_name }}.cli import database
from {{ cookiecutter.package_name }}.cli import runner as migration_runner
from {{ cookiecutter.package_name }}.config import PROJECT_ROOT
from {{ cookiecutter.package_name }}.extensions import auth

from .conftest import count_queries, settings

grants = auth.grants
{%- if not cookiecutter.include_admin and not cookiecutter.include_api %}

# Codenames come from the models the admin and the API register; this bake has neither.
pytestmark = pytest.mark.skip(reason="no admin and no API in this bake: no model has permissions")
{%- endif %}


def test_a_superuser_holds_every_permission_and_an_inactive_user_none(make_user):
    """`admin` is the superuser; deactivating a user takes every right away."""
    root = make_user("root", admin=True)
    assert root.has_perm("message.delete") and root.has_perm("anything.at_all")
    assert "message.view" in root.get_permissions()
    gone = make_user("gone", staff=True, active=False)
    grants.grant(gone, ["message.view"])
    assert not gone.has_perm("message.view")
    assert gone.get_permissions() == frozenset()


def test_permissions_come_directly_and_through_groups(make_user):
    """A user holds what was granted to them and what every group of theirs holds."""
    ed = make_user("ed", staff=True)
    assert not ed.has_perm("message.view")
    editors = grants.Group.create(name="Editors")
    grants.set_group_permissions(editors, ["message.view", "message.change"])
    grants.add_to_group(ed, editors)
    grants.grant(ed, ["user.view"])
    assert ed.get_permissions() == {"message.view", "message.change", "user.view"}
    assert grants.sources_for(ed) == {
        "message.change": ["group Editors"],
        "message.view": ["group Editors"],
        "user.view": ["directly"],
    }
    grants.revoke(ed, ["user.view"])
    grants.set_user_groups(ed, [])
    assert ed.get_permissions() == frozenset()


def test_the_rule_lets_change_read_but_export_and_history_need_view(make_user):
    """The one rule both the admin and the API ask: reading needs view or change."""
    ed = make_user("ed", staff=True)
    grants.grant(ed, ["message.change"])
    assert allows(ed, "message", "view") and allows(ed, "message", "change")
    assert not allows(ed, "message", "export") and not allows(ed, "message", "history")
    assert not allows(ed, "message", "delete") and not allows(None, "message", "view")
    assert needed("message", "view") == ("message.view", "message.change")


def test_permissions_are_read_once_per_request_and_not_kept_between_requests(make_user, make_app):
    """However many checks a request makes, one query; a grant counts from the next one."""
    ed = make_user("ed", staff=True)
    grants.grant(ed, ["message.view"])
    app = make_app()
    with app.test_request_context():
        with count_queries() as queries:
            for _ in range(20):
                assert ed.has_perm("message.view")
                assert not ed.has_perm("message.delete")
        assert len(queries) == 1
    grants.grant(ed, ["message.delete"])
    with app.test_request_context():
        assert ed.has_perm("message.delete")


def test_the_catalogue_lists_each_registered_model():
    """Codenames exist for every model of the admin and the API."""
    codes = auth.permissions.codes()
    for code in ("message.view", "message.add", "message.change", "message.delete"):
        assert code in codes
    assert "user.change" in codes
    assert auth.permissions.unknown(["message.view", "message.fly"]) == ["message.fly"]


@pytest.fixture
def before_permissions(tmp_path):
    """An app on a fresh SQLite file migrated up to 0003, before this feature."""
    migrations = tmp_path / "migrations"
    shutil.copytree(PROJECT_ROOT / "migrations", migrations)
    app = create_app(settings(f"sqlite:///{tmp_path / 'old.db'}", MIGRATIONS_DIR=str(migrations)))
    with app.app_context():
        earlier = sorted(path.stem for path in migrations.glob("000[1-3]_*.py"))
        migration_runner().up(earlier[-1])
        yield app
        database().close()


def test_migration_0004_keeps_existing_users_as_they_were(before_permissions):
    """Upgrading leaves every existing user's rights alone: admins stay superusers."""
    peewee_db = database()
    peewee_db.execute_sql(
        'INSERT INTO "user" (username, email, password, active, admin, join_date) '
        "VALUES ('old', 'old@example.com', 'x', 1, 1, '2024-01-01 00:00:00'),"
        " ('plain', 'plain@example.com', 'x', 1, 0, '2024-01-01 00:00:00')"
    )
    assert "0004_permissions" in migration_runner().up()
    rows = peewee_db.execute_sql(
        'SELECT username, admin, staff FROM "user" ORDER BY username'
    ).fetchall()
    assert [(name, bool(admin), bool(staff)) for name, admin, staff in rows] == [
        ("old", True, False),
        ("plain", False, False),
    ]
    assert {"auth_group", "auth_user_group", "auth_user_permission"} <= set(peewee_db.get_tables())
