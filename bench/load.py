"""Load generators: drive one request against 127.0.0.1, bounded in count and time.

`wrk` (Debian's package) is used when it is installed: it is a C client, so the
client's own cost barely shows. Otherwise a Python loop sends the request over one
keep-alive connection until N requests or T seconds, whichever comes first. Both
use a single connection, matching the single sync gunicorn worker being measured.
"""

import base64
import http.client
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"  # the only target the bench ever talks to


@dataclass
class Request:
    """One HTTP request, replayed as-is by the load generator."""

    method: str
    path: str
    headers: dict = field(default_factory=dict)
    body: bytes = b""


@dataclass
class Sample:
    """What one bounded burst measured."""

    requests: int
    seconds: float
    median_ms: float
    errors: int  # responses that were not 2xx/3xx

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0


def basic_auth(username, password):
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def send(port, request, connection=None, timeout=60):
    """Send `request` once; return (status, headers, body). Opens a connection if not given."""
    conn = connection or http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(
            request.method, request.path, body=request.body or None, headers=request.headers
        )
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        if connection is None:
            conn.close()


def python_loop(port, request, max_requests, max_seconds, timeout=60):
    """Keep-alive loop on one connection: stops at `max_requests` or `max_seconds`, after
    one request at least."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    latencies, errors = [], 0
    started = time.perf_counter()
    deadline = started + max_seconds
    try:
        while not latencies or (len(latencies) < max_requests and time.perf_counter() < deadline):
            before = time.perf_counter()
            status, _, _ = send(port, request, conn)
            latencies.append(time.perf_counter() - before)
            errors += status >= 400
    finally:
        conn.close()
    elapsed = time.perf_counter() - started
    median = statistics.median(latencies) * 1000 if latencies else 0.0
    return Sample(len(latencies), elapsed, median, errors)


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _lua_string(value):
    # A Lua long string needs no escaping as long as it holds no "]==]".
    return f"[==[{value}]==]"


def wrk_script(request):
    headers = "\n".join(
        f"wrk.headers[ {_lua_string(k)} ] = {_lua_string(v)}" for k, v in request.headers.items()
    )
    body = request.body.decode() if request.body else ""
    return (
        f"wrk.method = {_lua_string(request.method)}\nwrk.body = {_lua_string(body)}\n{headers}\n"
    )


def wrk_loop(port, request, max_seconds):
    """One wrk run (1 thread, 1 connection) for `max_seconds`, parsed into a Sample."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(wrk_script(request))
    try:
        seconds = max(1, round(max_seconds))
        result = subprocess.run(
            [
                "wrk",
                "-t1",
                "-c1",
                f"-d{seconds}s",
                "--latency",
                "--timeout",
                "60s",
                "-s",
                script.name,
                f"http://{HOST}:{port}{request.path}",
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 90,
            check=True,
        )
    finally:
        Path(script.name).unlink()
    if result.stderr.strip():  # wrk runs a plain GET when its script fails to load
        raise RuntimeError(f"wrk failed: {result.stderr.strip()}")
    output = result.stdout
    total = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", output)
    median = re.search(r"50%\s+([\d.]+)(us|ms|s|m)", output)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if not total or not median:
        raise RuntimeError(f"could not read wrk's output:\n{output}")
    return Sample(
        requests=int(total.group(1)),
        seconds=float(total.group(2)) * UNITS_MS[total.group(3)] / 1000,
        median_ms=float(median.group(1)) * UNITS_MS[median.group(2)],
        errors=int(bad.group(1)) if bad else 0,
    )


def have_wrk():
    return shutil.which("wrk") is not None


# One request may take this long where wrk completed none (a whole-table export).
LONG_REQUEST_SECONDS = 900


def measure(port, request, max_requests, max_seconds, loader="auto"):
    """Run one bounded burst with wrk (when installed and asked for) or the Python loop.

    wrk stops at the end of its burst, so a request longer than the burst never completes
    there: such a burst is one request timed by the Python loop instead."""
    if loader == "wrk" or (loader == "auto" and have_wrk()):
        sample = wrk_loop(port, request, max_seconds)
        if sample.requests or sample.errors:
            return sample
        return python_loop(port, request, 1, 0, timeout=LONG_REQUEST_SECONDS)
    return python_loop(port, request, max_requests, max_seconds)
