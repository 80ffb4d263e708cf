"""Fixtures for the account pages: the mail they send, through locmem or a real SMTP server."""

import re

import bcrypt
import pytest

from ..mailbox import running_smtp_server


@pytest.fixture
def outbox(app):
    """The messages the app sent through the locmem backend (the default under tests)."""
    mailman = app.extensions["mailman"]
    mailman.outbox = []
    return mailman.outbox


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1 (aiosmtpd): yields its Inbox, with `.port`."""
    with running_smtp_server() as (inbox, port):
        inbox.port = port
        yield inbox


@pytest.fixture
def smtp_app(make_app, smtp_server):
    """An app sending its mail over SMTP to `smtp_server`."""
    app = make_app(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    with app.app_context():
        yield app


@pytest.fixture
def hasher_calls(monkeypatch):
    """How many bcrypt hashes and checks ran: the expensive work an attacker could time."""
    calls = {"hash": 0, "check": 0}
    real_hash, real_check = bcrypt.hashpw, bcrypt.checkpw

    def counted_hash(*args):
        calls["hash"] += 1
        return real_hash(*args)

    def counted_check(*args):
        calls["check"] += 1
        return real_check(*args)

    monkeypatch.setattr(bcrypt, "hashpw", counted_hash)
    monkeypatch.setattr(bcrypt, "checkpw", counted_check)
    return calls


def link_in(message, path_prefix):
    """The path of the first link in a message's text that starts with `path_prefix`."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"\S*)", message.body)
    assert match, f"no {path_prefix} link in {message.body!r}"
    return match.group(1)
