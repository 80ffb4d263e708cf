"""Sending email: `send_mail(to, subject, template, **context)` on Flask-Mailman.

Each message has a plain-text part and an HTML part, rendered from `<template>.txt` and
`<template>.html` (Jinja templates, found like any other, e.g. `auth/mail/reset.txt`).

Settings (each also as FLASK_<NAME>): MAIL_BACKEND, MAIL_SERVER, MAIL_PORT, MAIL_USE_TLS,
MAIL_USERNAME, MAIL_PASSWORD, MAIL_DEFAULT_SENDER. MAIL_BACKEND is `smtp` (production),
`console` (prints each message: the default when debugging, so the links show in the
terminal) or `locmem` (kept in `app.extensions["mailman"].outbox`: the default in tests).
"""

import logging
import smtplib

from flask import current_app, render_template
from flask_mailman import EmailMultiAlternatives, Mail

logger = logging.getLogger(__name__)

mail = Mail()


class MailNotSent(Exception):
    """The message could not be handed to the mail server; the error has been logged."""

    message = "We could not send the email. Please try again in a few minutes."


def default_backend(app):
    if app.testing:
        return "locmem"
    return "console" if app.debug else "smtp"


def init_mail(app):
    """Set up mail on `app` once (Auth calls it, so a hand-built app gets mail too)."""
    if "mailman" in app.extensions:
        return
    if not app.config.get("MAIL_BACKEND"):
        app.config["MAIL_BACKEND"] = default_backend(app)
    app.config.setdefault("MAIL_DEFAULT_SENDER", "webmaster@localhost")
    app.config.setdefault("MAIL_TIMEOUT", 10)  # a hung mail server must not hang a worker
    mail.init_app(app)


def send_mail(to, subject, template, **context):
    """Send one message to the address `to`; raise MailNotSent if the server refuses it."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_template(f"{template}.txt", **context),
        from_email=current_app.config["MAIL_DEFAULT_SENDER"],
        to=[to],
    )
    message.attach_alternative(render_template(f"{template}.html", **context), "text/html")
    try:
        message.send()
    except (OSError, smtplib.SMTPException) as error:  # refused, unreachable, timed out
        logger.error("Could not send %r to %s: %s", subject, to, error)
        raise MailNotSent(MailNotSent.message) from error
