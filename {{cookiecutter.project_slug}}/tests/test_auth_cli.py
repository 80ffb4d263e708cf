"""`flask create-user` and `flask set-password`: prompts, scripts, and clean failures."""

import pytest

from {{ cookiecutter.package_name }}.models import User

from .conftest import PASSWORD, post_login


def create_user(runner, *args, password=PASSWORD):
    """Run `flask create-user` with the password in CREATE_USER_PASSWORD, as scripts do."""
    env = {"CREATE_USER_PASSWORD": password}
    return runner.invoke(args=["create-user", *args], env=env)


def assert_one_line_error(result, text):
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.strip().splitlines() == [f"Error: {text}"]


def test_create_user_from_a_script_then_log_in(runner, client):
    """A user created with CREATE_USER_PASSWORD can log in through the site."""
    result = create_user(runner, "alice", "--email", "alice@example.com")
    assert result.exit_code == 0, result.output
    assert "Created user 'alice'." in result.output
    assert PASSWORD not in result.output
    user = User.get(User.username == "alice")
    assert user.email == "alice@example.com" and user.active and not user.admin
    assert post_login(client, "alice", PASSWORD).status_code == 302


def test_create_admin_with_the_password_typed_twice(runner, monkeypatch):
    """Without the variable, the password is asked twice and not echoed."""
    monkeypatch.delenv("CREATE_USER_PASSWORD", raising=False)
    args = ["create-user", "root", "--email", "root@example.com", "--admin"]
    result = runner.invoke(args=args, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Password:" in result.output and "Repeat for confirmation:" in result.output
    assert PASSWORD not in result.output
    user = User.get(User.username == "root")
    assert user.admin and user.check_password(PASSWORD)


def test_mistyped_confirmation_creates_nobody(runner, monkeypatch):
    """Two different passwords at the prompt are refused; stdin running out aborts cleanly."""
    monkeypatch.delenv("CREATE_USER_PASSWORD", raising=False)
    args = ["create-user", "root", "--email", "root@example.com"]
    result = runner.invoke(args=args, input=f"{PASSWORD}\nsomething else\n")
    assert result.exit_code == 1
    assert "The two entered values do not match." in result.output
    assert "Traceback" not in result.output
    assert User.select().count() == 0


NEW = ["new", "--email", "new@example.com"]
BAD_INPUT = {
    "duplicate-username": (
        ["taken", "--email", "new@example.com"],
        PASSWORD,
        "The username 'taken' is already taken.",
    ),
    "duplicate-email": (
        ["new", "--email", "taken@example.com"],
        PASSWORD,
        "A user with the email 'taken@example.com' already exists.",
    ),
    "empty-password": (NEW, "", "The password cannot be empty."),
    "short-password": (NEW, "short", "The password must have at least 8 characters."),
    "bad-email": (
        ["new", "--email", "not-an-address"],
        PASSWORD,
        "'not-an-address' is not a valid email address.",
    ),
    "blank-username": (
        ["  ", "--email", "new@example.com"],
        PASSWORD,
        "A username has 1 to 80 characters.",
    ),
}


@pytest.mark.parametrize("args, password, message", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_one_line_and_writes_nothing(runner, make_user, args, password, message):
    """Each mistake exits 1 with one clear line, and the users table is unchanged."""
    make_user("taken", email="taken@example.com")
    result = create_user(runner, *args, password=password)
    assert_one_line_error(result, message)
    assert [user.username for user in User.select()] == ["taken"]


def test_email_is_required(runner):
    """Leaving out --email is a usage error, not a user without an address."""
    result = runner.invoke(args=["create-user", "alice"], env={"CREATE_USER_PASSWORD": PASSWORD})
    assert result.exit_code == 2
    assert "Missing option '--email'" in result.output
    assert User.select().count() == 0


def test_set_password_changes_it_and_logs_the_user_out(make_app, runner, make_user):
    """The new password works, the old one does not, and open sessions end."""
    make_user("alice")
    browser = make_app().test_client()
    post_login(browser, "alice", PASSWORD)
    env = {"CREATE_USER_PASSWORD": "a fresh passphrase"}
    result = runner.invoke(args=["set-password", "alice"], env=env)
    assert result.exit_code == 0, result.output
    assert "Password changed for 'alice'" in result.output
    user = User.get()
    assert user.check_password("a fresh passphrase") and not user.check_password(PASSWORD)
    assert browser.get("/accounts/password/").status_code == 302


def test_set_password_prompts_twice(runner, make_user, monkeypatch):
    """Typed at the prompt, the new password is asked twice and not echoed."""
    monkeypatch.delenv("CREATE_USER_PASSWORD", raising=False)
    make_user("alice")
    result = runner.invoke(args=["set-password", "alice"], input="a fresh passphrase\n" * 2)
    assert result.exit_code == 0, result.output
    assert "a fresh passphrase" not in result.output
    assert User.get().check_password("a fresh passphrase")


def test_set_password_for_an_unknown_user_fails_cleanly(runner):
    """A typo in the username is one line, not a traceback."""
    result = runner.invoke(args=["set-password", "nobody"], env={"CREATE_USER_PASSWORD": PASSWORD})
    assert_one_line_error(result, "No user named 'nobody'.")


def test_set_password_refuses_an_empty_password(runner, make_user):
    """An empty password is refused and the old one keeps working."""
    make_user("alice")
    result = runner.invoke(args=["set-password", "alice"], env={"CREATE_USER_PASSWORD": ""})
    assert_one_line_error(result, "The password cannot be empty.")
    assert User.get().check_password(PASSWORD)
