"""A small TCP proxy on 127.0.0.1 that tests cut and restore, to stand in for a database
that goes away (a network partition, a restart) and comes back.

    with TcpProxy(5432) as proxy:        # listens on proxy.port, forwards to 5432
        proxy.cut()                      # drop every connection, refuse new ones
        proxy.hang()                     # accept but never answer: a timeout
        proxy.restore()                  # forward again
"""

import contextlib
import selectors
import socket
import threading
from urllib.parse import urlsplit, urlunsplit

FORWARD, REFUSE, HANG = "forward", "refuse", "hang"


def through(proxy, database_url):
    """`database_url` rewritten to go through `proxy`."""
    parts = urlsplit(database_url)
    user = parts.netloc.rsplit("@", 1)[0] + "@" if "@" in parts.netloc else ""
    return urlunsplit(parts._replace(netloc=f"{user}127.0.0.1:{proxy.port}"))


def proxy_for(database_url):
    """A proxy in front of the database server `database_url` names."""
    parts = urlsplit(database_url)
    return TcpProxy(parts.port or 5432, parts.hostname or "127.0.0.1")


class TcpProxy:
    """Forward 127.0.0.1:<port> to 127.0.0.1:`target_port` until told otherwise."""

    def __init__(self, target_port, target_host="127.0.0.1"):
        self.target = (target_host, target_port)
        self.mode = FORWARD
        self.lock = threading.Lock()
        self.pairs = []  # (client socket, server socket) being forwarded
        self.hung = []  # client sockets accepted in HANG mode, never answered
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.listener, selectors.EVENT_READ)
        self.running = True
        self.thread = threading.Thread(target=self.serve, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        self.thread.join(timeout=5)
        self.drop_all()
        self.listener.close()

    def cut(self):
        """The database is gone: close every connection, refuse new ones."""
        with self.lock:
            self.mode = REFUSE
        self.drop_all()

    def hang(self):
        """The database is unreachable: connections are accepted and never answered."""
        with self.lock:
            self.mode = HANG
        self.drop_all()

    def restore(self):
        """The database is back."""
        with self.lock:
            self.mode = FORWARD

    def drop_all(self):
        with self.lock:
            pairs, hung, self.pairs, self.hung = self.pairs, self.hung, [], []
        for pair in pairs:
            for sock in pair:
                self.forget(sock)
        for sock in hung:
            self.forget(sock)

    def forget(self, sock):
        with contextlib.suppress(KeyError, ValueError):
            self.selector.unregister(sock)
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()

    def serve(self):
        while self.running:
            for key, _ in self.selector.select(timeout=0.1):
                if key.fileobj is self.listener:
                    self.accept()
                else:
                    self.pump(key.fileobj, key.data)

    def accept(self):
        try:
            client, _ = self.listener.accept()
        except OSError:
            return
        with self.lock:
            mode = self.mode
        if mode == REFUSE:
            client.close()
            return
        if mode == HANG:
            with self.lock:
                self.hung.append(client)
            return
        try:
            server = socket.create_connection(self.target, timeout=5)
        except OSError:
            client.close()
            return
        with self.lock:
            self.pairs.append((client, server))
        self.selector.register(client, selectors.EVENT_READ, server)
        self.selector.register(server, selectors.EVENT_READ, client)

    def pump(self, source, destination):
        try:
            data = source.recv(65536)
            if data:
                destination.sendall(data)
                return
        except OSError:
            pass
        with self.lock:
            self.pairs = [pair for pair in self.pairs if source not in pair]
        self.forget(source)
        self.forget(destination)
