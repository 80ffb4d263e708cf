"""`flask create-user`, `flask set-password` and `flask reset-2fa`.

The password is asked twice without echo, or read from the CREATE_USER_PASSWORD
environment variable for scripts (never from an option: it would sit in shell history).
Bad input exits with status 1 and one line; nothing is written.
"""

import os
import re

import click
from peewee import IntegrityError

from .passwords import password_problem
from .permission_commands import make_permission_commands

PASSWORD_VARIABLE = "CREATE_USER_PASSWORD"  # noqa: S105 (a variable name, not a password)

# Enough to catch typos; the only real check of an address is sending it mail.
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def read_password():
    """The new password from the environment, or typed twice at a hidden prompt."""
    raw = os.environ.get(PASSWORD_VARIABLE)
    if raw is None:
        raw = click.prompt(
            "Password", hide_input=True, confirmation_prompt=True, default="", show_default=False
        )
    problem = password_problem(raw)
    if problem:
        raise click.ClickException(problem)
    return raw


def make_commands(auth):
    """The commands, bound to `auth` and its user model."""
    User = auth.user_model

    @click.command("create-user")
    @click.argument("username")
    @click.option("--email", required=True, help="The user's email address.")
    @click.option("--admin", is_flag=True, help="Make the user a superuser (every permission).")
    @click.option("--staff", is_flag=True, help="Let the user into the admin (granted rights).")
    def create_user(username, email, admin, staff):
        """Create a user who can log in.

        The password is asked for twice, or read from CREATE_USER_PASSWORD.
        """
        max_length = User.username.max_length
        if not username.strip() or len(username) > max_length:
            raise click.ClickException(f"A username has 1 to {max_length} characters.")
        if not EMAIL.fullmatch(email) or len(email) > User.email.max_length:
            raise click.ClickException(f"{email!r} is not a valid email address.")
        if User.select().where(User.username == username).exists():
            raise click.ClickException(f"The username {username!r} is already taken.")
        if User.select().where(User.email == email).exists():
            raise click.ClickException(f"A user with the email {email!r} already exists.")
        user = User(username=username, email=email, admin=admin, active=True)
        if staff:
            if "staff" not in User._meta.fields:
                raise click.ClickException("This user model has no staff field.")
            user.staff = True
        user.set_password(read_password())
        try:
            with auth.db.database.atomic():
                user.save()
        except IntegrityError:  # created by someone else since the checks above
            raise click.ClickException(f"The user {username!r} already exists.") from None
        role = "admin" if admin else "staff user" if staff else "user"
        click.echo(f"Created {role} {username!r}.")

    @click.command("set-password")
    @click.argument("username")
    def set_password(username):
        """Set a user's password and end their sessions.

        The password is asked for twice, or read from CREATE_USER_PASSWORD.
        """
        user = User.get_or_none(User.username == username)
        if user is None:
            raise click.ClickException(f"No user named {username!r}.")
        auth.set_password(user, read_password())
        click.echo(f"Password changed for {username!r}; their sessions are logged out.")

    @click.command("reset-2fa")
    @click.argument("username")
    def reset_two_factor(username):
        """Turn off a user's two-factor login.

        For a user who lost their phone and their recovery codes.
        """
        user = User.get_or_none(User.username == username)
        if user is None:
            raise click.ClickException(f"No user named {username!r}.")
        auth.two_factor.reset([user.id])
        click.echo(f"Two-factor login is off for {username!r}; they can set it up again.")

    return [create_user, set_password, reset_two_factor, *make_permission_commands(auth)]
