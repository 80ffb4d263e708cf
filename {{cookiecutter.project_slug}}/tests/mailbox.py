"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, a free port, messages kept in a list."""

import contextlib
import email
import email.policy
import re

from aiosmtpd.controller import Controller

LINK = re.compile(r"https?://\S+")


class FreePortController(Controller):
    """aiosmtpd's controller, listening on the port the system picked (port 0)."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class Inbox:
    """What the SMTP server received, as parsed email messages, oldest first."""

    def __init__(self):
        self.messages = []
        self.refuse = False  # True: answer every message with a permanent failure

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if self.refuse:
            return "554 Transaction failed"
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"

    def text_of(self, message):
        return message.get_body(preferencelist=("plain",)).get_content()

    def links_to(self, address):
        """The links in the plain-text parts of every message sent to `address`."""
        return [
            link
            for message in self.messages
            if address in message["To"]
            for link in LINK.findall(self.text_of(message))
        ]


@contextlib.contextmanager
def running_smtp_server():
    """Start the server, yield (inbox, port), stop it."""
    inbox = Inbox()
    controller = FreePortController(inbox, hostname="127.0.0.1", port=0)
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()
