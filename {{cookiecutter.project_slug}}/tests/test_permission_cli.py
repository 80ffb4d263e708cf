"""`flask create-user --staff`, `create-group`, `add-to-group`, `grant`, `revoke`,
`permissions`, and the Editors group `flask seed` adds."""

import pytest

from {{ cookiecutter.package_name }}.extensions import auth
from {{ cookiecutter.package_name }}.models import User

from .conftest import PASSWORD

grants = auth.grants
Group = grants.Group
{%- if not cookiecutter.include_admin and not cookiecutter.include_api %}

# Codenames come from the models the admin and the API register; this bake has neither.
pytestmark = pytest.mark.skip(reason="no admin and no API in this bake: no model has permissions")
{%- endif %}


def run(runner, *args):
    return runner.invoke(args=list(args), env={"CREATE_USER_PASSWORD": PASSWORD})


def test_create_user_staff(runner):
    """--staff makes a user who may enter the admin but holds nothing yet."""
    result = run(runner, "create-user", "ed", "--email", "ed@example.com", "--staff")
    assert result.exit_code == 0, result.output
    assert "Created staff user 'ed'." in result.output
    ed = User.get(User.username == "ed")
    assert ed.staff and not ed.admin and ed.get_permissions() == frozenset()


def test_a_group_its_members_and_direct_grants_from_the_command_line(runner, make_user):
    """create-group, add-to-group, grant and revoke, then `permissions` says from where."""
    ed = make_user("ed", staff=True)
    result = run(
        runner, "create-group", "Editors", "--perm", "message.view", "--perm", "message.change"
    )
    assert result.exit_code == 0, result.output
    assert run(runner, "add-to-group", "ed", "Editors").exit_code == 0
    assert run(runner, "grant", "ed", "user.view", "message.view").exit_code == 0
    result = run(runner, "permissions", "ed")
    assert result.exit_code == 0
    assert "message.change  (group Editors)" in result.output
    assert "message.view  (directly, group Editors)" in result.output
    assert "user.view  (directly)" in result.output
    result = run(runner, "revoke", "ed", "message.view", "user.view")
    assert result.exit_code == 0
    assert "Still held through a group: message.view." in result.output
    assert ed.get_permissions() == {"message.view", "message.change"}


def test_permissions_without_a_user_lists_codenames_and_groups(runner):
    """Every codename that exists, by model, and each group with what it holds."""
    run(runner, "create-group", "Readers", "--perm", "message.view")
    result = run(runner, "permissions")
    assert result.exit_code == 0
    assert "Messages: message.view, message.add, message.change, message.delete" in result.output
    assert "group Readers: message.view (0 member(s))" in result.output


def test_a_superuser_is_said_to_hold_everything(runner, make_user):
    make_user("root", admin=True)
    assert "every permission" in run(runner, "permissions", "root").output


@pytest.mark.parametrize(
    "args, message",
    [
        (("grant", "nobody", "message.view"), "No user named 'nobody'."),
        (("grant", "ed", "message.fly"), "No permission named 'message.fly'"),
        (("revoke", "ed", "nope"), "No permission named 'nope'"),
        (("add-to-group", "ed", "Nobody"), "No group named 'Nobody'."),
        (("add-to-group", "nobody", "Editors"), "No user named 'nobody'."),
        (("create-group", "New", "--perm", "message.view", "--perm", "bad"), "'bad'"),
        (("create-group", "Editors"), "already exists"),
        (("create-group", "  "), "1 to 150 characters"),
        (("permissions", "nobody"), "No user named 'nobody'."),
    ],
)
def test_unknown_users_groups_and_codenames_are_one_line_and_write_nothing(
    runner, make_user, args, message
):
    """Exit 1, one line, no traceback, and the tables are as they were."""
    ed = make_user("ed", staff=True)
    Group.create(name="Editors")
    result = run(runner, *args)
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert [group.name for group in Group.select()] == ["Editors"]
    assert grants.stored_codes(ed) == frozenset() and grants.groups_of(ed) == []


def test_seed_adds_the_editors_group_and_a_staff_editor_once(runner):
    """The demo shows permissions: Editors may view and change messages; "editor" is in it."""
    assert run(runner, "seed", "--users", "2", "--messages", "3").exit_code == 0
    assert run(runner, "seed", "--users", "2", "--messages", "0").exit_code == 0
    editor = User.get(User.username == "editor")
    assert editor.staff and not editor.admin
    assert editor.get_permissions() == {"message.view", "message.change"}
    assert Group.select().count() == 1
