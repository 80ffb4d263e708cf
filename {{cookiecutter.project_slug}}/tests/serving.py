"""Real servers for the load and fault tests: gunicorn on 127.0.0.1, and a small HTTP client.

    with Gunicorn(database_url, workers=4) as server:
        client = HttpClient(server.port)
        status, headers, body = client.get("/healthz")

Every response carries X-Worker-Pid (added by tests/serving_app.py only), so a test can tell
which worker answered. Loops here are bounded in count and in time.
"""

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# SOAK=1 (`make soak` in the template) runs the long tier: more clients, writes and cases.
SOAK = os.environ.get("SOAK") == "1"
# The template's own suite sets this for all but one run: gunicorn tests cost minutes.
skip_unless_serving = pytest.mark.skipif(
    os.environ.get("SKIP_SERVING_TESTS") == "1",
    reason="SKIP_SERVING_TESTS=1: the gunicorn tests run in another run of this suite",
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url, **settings):
    """The environment a deployed app gets, with test-only speed-ups (bcrypt's low cost)."""
    env = dict(os.environ)
    env.update(
        SECRET_KEY=secrets.token_urlsafe(48),  # fresh per server: no secret in a file
        DATABASE=database_url,
        BCRYPT_ROUNDS="4",
        FLASK_SESSION_COOKIE_SECURE="false",  # plain HTTP on 127.0.0.1
    )
    env.update({f"FLASK_{name}": json.dumps(value) for name, value in settings.items()})
    return env


class Gunicorn:
    """gunicorn serving the project (tests/serving_app.py) with `workers` sync workers."""

    def __init__(self, database_url, workers=4, access_log=None, **settings):
        self.port = free_port()
        self.env = server_env(database_url, **settings)
        self.workers = workers
        self.access_log = access_log
        self.process = None

    def __enter__(self):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(self.workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
            "tests.serving_app:create()",
        ]
        if self.access_log:
            command[3:3] = ["--access-logfile", str(self.access_log)]
        # gunicorn's log goes to a file: a pipe nobody reads fills up and blocks the workers.
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in __exit__)
        # Not a `with` block: the server outlives this method, __exit__ stops it.
        self.process = subprocess.Popen(  # noqa: S603 (our own fixed command line)
            command,
            cwd=PROJECT_ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )
        self.wait_until_ready()
        return self

    def wait_until_ready(self, seconds=60):
        """Poll /healthz until it answers (bounded), or fail with gunicorn's error output."""
        deadline = time.monotonic() + seconds
        client = HttpClient(self.port, timeout=2)
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise RuntimeError(f"gunicorn exited: {self.log.read().decode()}")
            try:
                if client.get("/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)  # waiting for a process to start, not for a result
        raise RuntimeError("gunicorn did not start within a minute")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class HttpClient:
    """One browser or script: keeps cookies, sends JSON, never follows redirects."""

    def __init__(self, port, timeout=30, headers=None):
        self.port = port
        self.timeout = timeout
        self.cookies = {}
        self.headers = dict(headers or {})

    def request(self, method, path, body=None, form=None, headers=None):
        """(status, headers, body bytes); raises OSError if the connection fails."""
        all_headers = {**self.headers, **(headers or {})}
        if body is not None:
            data = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        elif form is not None:
            from urllib.parse import urlencode

            data = urlencode(form).encode()
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            data = None
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=data, headers=all_headers)
            response = connection.getresponse()
            content = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";", 1)[0]
            return response.status, dict(response.getheaders()), content
        finally:
            connection.close()

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)

    def login(self, username, password):
        """Log in through the real form, CSRF token and all; returns the status."""
        page = self.get("/accounts/login/")[2].decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        form = {"username": username, "password": password, "csrf_token": token}
        return self.post("/accounts/login/", form=form)[0]
