"""Mail: send_mail renders a text and an HTML part; backends locmem, SMTP and console."""

import io

from flask import Flask
from flask_mailman.backends import console

from {{ cookiecutter.package_name }}.extensions import auth
from {{ cookiecutter.package_name }}.mail import MailNotSent, init_mail, send_mail
from {{ cookiecutter.package_name }}.models import User

from ..conftest import post_form


def test_send_mail_renders_a_text_and_an_html_part(app, outbox):
    """One message, both parts rendered from the templates with the context given."""
    with app.test_request_context():
        send_mail("a@example.com", "Hi", "auth/mail/password_reset", user=None, link=None, hours=1)
    (message,) = outbox
    assert message.to == ["a@example.com"]
    assert message.subject == "Hi"
    assert "no active account" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "<p>" in html


def test_real_smtp_server_receives_the_message(smtp_app, smtp_server):
    """The smtp backend delivers to a real SMTP server, with the configured sender."""
    smtp_app.config["MAIL_DEFAULT_SENDER"] = "board@example.com"
    with smtp_app.test_request_context():
        send_mail(
            "b@example.com", "Hello", "auth/mail/password_reset", user=None, link=None, hours=1
        )
    (message,) = smtp_server.messages
    assert message["To"] == "b@example.com"
    assert message["From"] == "board@example.com"
    assert message.get_body(preferencelist=("html",)) is not None


def test_a_refused_message_raises_mail_not_sent(smtp_app, smtp_server, caplog):
    """An SMTP failure is logged and raised as MailNotSent, never lost silently."""
    smtp_server.refuse = True
    with smtp_app.test_request_context():
        try:
            send_mail(
                "c@example.com", "Hi", "auth/mail/password_reset", user=None, link=None, hours=1
            )
        except MailNotSent:
            pass
        else:
            raise AssertionError("a refused message must raise MailNotSent")
    assert "Could not send" in caplog.text


def test_unreachable_server_shows_try_again_on_the_page(make_app, make_user):
    """The reset page says the email could not be sent (503), instead of a 500."""
    app = make_app(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_TIMEOUT=2)
    with app.app_context():
        make_user("alice")
    response = post_form(app.test_client(), "/accounts/password/reset/", email="alice@example.com")
    assert response.status_code == 503
    assert "We could not send the email" in response.get_data(as_text=True)


def test_console_backend_prints_the_message(monkeypatch):
    """With the console backend (the default when debugging) the link shows in the terminal."""
    stream = io.StringIO()
    monkeypatch.setattr(console.sys, "stdout", stream)
    app = Flask(__name__, template_folder="../../{{ cookiecutter.package_name }}/auth/templates")
    app.debug = True
    init_mail(app)
    assert app.config["MAIL_BACKEND"] == "console"
    with app.test_request_context():
        send_mail("d@example.com", "Hi", "auth/mail/password_reset", user=None, link=None, hours=1)
    assert "d@example.com" in stream.getvalue()


def test_a_refusing_smtp_server_leaves_no_half_made_signup(smtp_app, smtp_server, caplog):
    """The real SMTP server refuses: "try again" on the signup page, no account and no
    pending verification written; once it accepts, the same signup goes through."""
    client = smtp_app.test_client()
    signup = {
        "username": "carol",
        "email": "carol@example.com",
        "new_password": "a good long password",
        "confirm_password": "a good long password",
    }
    smtp_server.refuse = True
    response = post_form(client, "/accounts/signup/", **signup)
    assert response.status_code == 503
    assert "We could not send the email" in response.get_data(as_text=True)
    assert "Could not send" in caplog.text
    assert User.select().count() == 0 and auth.EmailVerification.select().count() == 0
    assert smtp_server.messages == []
    smtp_server.refuse = False
    response = post_form(client, "/accounts/signup/", **signup)
    assert response.status_code == 302 and len(smtp_server.messages) == 1
    assert User.get(User.username == "carol").email == "carol@example.com"


def test_a_refusing_smtp_server_changes_nothing_on_a_reset(smtp_app, smtp_server, make_user):
    """The reset page says "try again" (503) and the password stays as it was."""
    alice = make_user("alice")
    smtp_server.refuse = True
    client = smtp_app.test_client()
    response = post_form(client, "/accounts/password/reset/", email="alice@example.com")
    assert response.status_code == 503
    assert "We could not send the email" in response.get_data(as_text=True)
    assert User.get_by_id(alice.id).password == alice.password
