"""`make demo`'s script bakes, migrates, seeds, creates an admin and serves the site."""

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from .conftest import TEMPLATE


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The demo bakes, installs nothing, migrates and seeds first; the baked projects' `make test`
# runs share the machine meanwhile (tests/test_generated.py), so the bound is generous.
def wait_until_serving(url, process, seconds=240):
    """Poll until the server answers (bounded); fail with its output if it died."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("demo exited early:\n" + process.stdout.read())
        try:
            return urllib.request.urlopen(url, timeout=2)
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"demo did not serve {url} within {seconds}s")


def printed_password(process):
    """The admin password the demo printed (before serving), read from its output."""
    for _ in range(200):  # bounded: the line comes among the first few dozen
        match = re.search(r"as admin / (\S+)", process.stdout.readline())
        if match:
            return match.group(1)
    pytest.fail("the demo printed no admin password")


def admin_opens_with_a_password_only(base, password):
    """Log in as admin through the form, then open /admin/: the final URL of the redirects."""
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = browser.open(f"{base}/accounts/login/", timeout=5).read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"csrf_token": token, "username": "admin", "password": password}
    ).encode()
    browser.open(f"{base}/accounts/login/", data=form, timeout=5)
    return browser.open(f"{base}/admin/", timeout=5).url


def test_demo_serves_the_wall_and_healthz(tmp_path):
    """The demo prints the admin password once, serves `/` and `/healthz` on 127.0.0.1, and
    its admin opens with that password alone (no second factor in the demo)."""
    port = free_port()
    process = subprocess.Popen(
        ["bash", "scripts/demo.sh", sys.executable, str(tmp_path / "demo")],
        cwd=TEMPLATE,
        env={**os.environ, "DEMO_PORT": str(port)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        health = wait_until_serving(f"http://127.0.0.1:{port}/healthz", process)
        assert json.load(health) == {"status": "ok", "database": "ok"}
        home = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
        assert home.status == 200
        assert "Messages" in home.read().decode()
        # AUTH_REQUIRE_2FA_FOR_STAFF is off in the demo: no detour to /accounts/2fa/.
        base = f"http://127.0.0.1:{port}"
        assert admin_opens_with_a_password_only(base, printed_password(process)) == f"{base}/admin/"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.communicate(timeout=30)
