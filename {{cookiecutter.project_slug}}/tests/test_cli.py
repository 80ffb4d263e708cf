"""`flask seed` fills the database in batches; bad options fail cleanly."""

from {{ cookiecutter.package_name }}.models import Message, User


def test_seed_inserts_users_and_messages(runner):
    """`flask seed --users 30 --messages 2500` writes exactly that many rows, in batches."""
    result = runner.invoke(args=["seed", "--users", "30", "--messages", "2500", "--seed", "1"])
    assert result.exit_code == 0, result.output
    assert "Seeded 30 users and 2500 messages." in result.output
    assert User.select().where(User.username != "editor").count() == 30
    assert Message.select().count() == 2500


def test_seeding_twice_adds_more_users_without_clashes(runner):
    """A second run continues the usernames instead of failing on duplicates."""
    runner.invoke(args=["seed", "--users", "3", "--messages", "0"])
    result = runner.invoke(args=["seed", "--users", "3", "--messages", "0"])
    assert result.exit_code == 0, result.output
    assert User.select().where(User.username != "editor").count() == 6


def test_seeded_users_cannot_log_in(runner, app):
    """Demo users share an unusable password, so they are no way in."""
    runner.invoke(args=["seed", "--users", "1", "--messages", "0"])
    user = User.get(User.username != "editor")
    assert not user.check_password("")
    assert not user.check_password(user.username)


def test_seed_rejects_bad_numbers(runner):
    """A negative count is a usage error with one line, not a traceback."""
    result = runner.invoke(args=["seed", "--users", "-1"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_messages_need_users(runner):
    """Messages without any user to write them is a clear error."""
    result = runner.invoke(args=["seed", "--users", "0", "--messages", "5"])
    assert result.exit_code == 1
    assert "No users" in result.output
