"""Auth's forms; Flask-WTF adds and checks the CSRF token on each."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from .passwords import MAX_PASSWORD_LENGTH


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=255)])
    password = PasswordField(
        "Password", validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )


class LogoutForm(FlaskForm):
    """No fields: only the CSRF token, so logging out needs a POST from our own page."""
