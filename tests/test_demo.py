"""`make demo`'s script bakes, migrates, seeds, creates an admin and serves the site."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
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


def test_demo_serves_the_wall_and_healthz(tmp_path):
    """The demo prints the admin password once and serves `/` and `/healthz` on 127.0.0.1."""
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
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=30)[0]
    assert "as admin / " in output
