"""Auth's forms; Flask-WTF adds and checks the CSRF token on each."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from .commands import EMAIL
from .passwords import MAX_PASSWORD_LENGTH, password_problem


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=255)])
    password = PasswordField(
        "Password", validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )


class LogoutForm(FlaskForm):
    """No fields: only the CSRF token, so logging out needs a POST from our own page."""


class NewPasswordForm(FlaskForm):
    """A new password, typed twice, checked by the same rules as every other password."""

    new_password = PasswordField("New password", validators=[DataRequired()])
    confirm_password = PasswordField(
        "New password again",
        validators=[DataRequired(), EqualTo("new_password", "The new passwords do not match.")],
    )

    def validate_new_password(self, field):
        problem = password_problem(field.data)
        if problem:
            raise ValidationError(problem)


class ChangePasswordForm(NewPasswordForm):
    """The current password (someone at an unlocked screen must not take the account)."""

    current_password = PasswordField(
        "Current password", validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )


def email_field(label="Email"):
    # A typo check only: the real test of an address is the mail we send to it.
    return StringField(
        label,
        validators=[
            DataRequired(),
            Length(max=254),
            Regexp(EMAIL.pattern + "$", message="Enter a valid email address."),
        ],
    )


class EmailForm(FlaskForm):
    """One email address: to send a password-reset link or a new verification link to."""

    email = email_field()


class CodeForm(FlaskForm):
    """A code from the authenticator app, or a recovery code."""

    code = StringField("Code", validators=[DataRequired(), Length(max=32)])


class DisableTwoFactorForm(CodeForm):
    """Turning two-factor login off takes the password and a code."""

    password = PasswordField(
        "Password", validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )


class SignupForm(NewPasswordForm):
    """A new account: username, email, and the password twice."""

    username = StringField("Username", validators=[DataRequired(), Length(max=80)])
    email = email_field()
