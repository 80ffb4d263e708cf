"""Load and faults on real servers: gunicorn with several workers, PostgreSQL and SQLite.

The short tier runs in `make test`; SOAK=1 (the template's `make soak`) runs the long one:
8 clients x 2,000 API writes, SQLite writers for 10 seconds. Every acknowledged write must
be in the database, no answer may be a 5xx (503 while the database is cut, by design).
"""

import collections
{%- if cookiecutter.include_api %}
import json
import os
import signal
import threading
import time
{%- endif %}

import pytest

{% if cookiecutter.include_api -%}
from {{ cookiecutter.package_name }}.api_site import user_auth
from {{ cookiecutter.package_name }}.models import Message, User

{% endif -%}
from .conftest import PASSWORD
from .serving import SOAK, Gunicorn, HttpClient, skip_unless_serving
{%- if cookiecutter.include_api %}
from .tcp_proxy import proxy_for, through
{%- endif %}

pytestmark = skip_unless_serving
CLIENTS = 8
WRITES_PER_CLIENT = 2000 if SOAK else 40
SQLITE_SECONDS = 10 if SOAK else 2
#: Figures for the soak report (printed at the end with -s).
FIGURES = collections.Counter()


def needs(database_url, backend):
    if not database_url.startswith(backend):
        pytest.skip(f"this one is about {backend}; the other backend has its own test")


def worker_pid(headers):
    return headers.get("X-Worker-Pid")


@pytest.fixture
def users(make_app, make_user):
    """alice and bob, each with an API key, made in the database the server uses."""
    make_app()
    made = {}
    for name in ("alice", "bob"):
{%- if cookiecutter.include_api %}
        _, made[name] = user_auth.APIKey.issue(make_user(name), "load test")
{%- else %}
        made[name] = make_user(name)
{%- endif %}
    return made


def test_a_session_made_on_one_worker_is_valid_on_every_worker(database_url, users):
    """Log in once, then every one of 4 workers knows the session (it lives in the database)."""
    needs(database_url, "postgres")
    with Gunicorn(database_url, workers=4) as server:
        browser = HttpClient(server.port)
        assert browser.login("alice", PASSWORD) == 302
        seen = set()
        for _ in range(400):  # bounded: 4 workers answer well within this many requests
            status, headers, _ = browser.get("/accounts/password/")
            assert status == 200, status  # a worker that did not know us would redirect
            seen.add(worker_pid(headers))
            if len(seen) == 4:
                break
        assert len(seen) == 4


def test_failed_logins_count_across_workers(database_url, users):
    """Five failures spread over the workers lock that (username, address); others get in."""
    needs(database_url, "postgres")
    with Gunicorn(database_url, workers=4) as server:
        attacker = HttpClient(server.port)
        pids = set()
        for _ in range(5):
            page = attacker.get("/accounts/login/")
            pids.add(worker_pid(page[1]))
            assert attacker.login("alice", "wrong password") == 200
        assert attacker.login("alice", PASSWORD) == 429  # whichever worker answers
        assert HttpClient(server.port).login("bob", PASSWORD) == 302
{%- if cookiecutter.include_api %}


def write_messages(port, key, label, count, results, stop=None):
    """One client: `count` API writes with an API key; records what was acknowledged."""
    client = HttpClient(port, timeout=30, headers={"Authorization": f"Bearer {key}"})
    for number in range(count):
        if stop is not None and stop.is_set():
            break
        content = f"{label} write {number}"
        try:
            status, _, body = client.post("/api/message/", body={"content": content})
        except OSError:
            results["connection errors"] += 1
            continue
        results[status] += 1
        if status == 201:
            results.setdefault("acknowledged", []).append((content, body))


def run_clients(port, users, count, stop=None, label="client"):
    """8 clients at once, half as alice and half as bob; returns the merged results."""
    results = [collections.Counter() for _ in range(CLIENTS)]
    keys = [users["alice" if n % 2 else "bob"] for n in range(CLIENTS)]
    threads = [
        threading.Thread(
            target=write_messages,
            args=(port, keys[n], f"{label} {n}", count, results[n], stop),
        )
        for n in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    merged = collections.Counter()
    acknowledged = []
    for result in results:
        acknowledged += result.pop("acknowledged", [])
        merged.update(result)
    return merged, acknowledged


def assert_all_present(acknowledged):
    """Every acknowledged write is in the database, whole."""
    ids = {json.loads(body)["id"]: content for content, body in acknowledged}
    stored = {m.id: m.content for m in Message.select().where(Message.id.in_(list(ids)))}
    assert stored == ids
    FIGURES["acknowledged writes checked"] += len(ids)


def test_eight_clients_write_through_four_workers_and_nothing_is_lost(database_url, users):
    """8 clients x N API writes with API keys: no 5xx, every acknowledged write stored."""
    needs(database_url, "postgres")
    with Gunicorn(database_url, workers=4) as server:
        results, acknowledged = run_clients(server.port, users, WRITES_PER_CLIENT)
    FIGURES["requests sent"] += sum(results.values())
    assert not [status for status in results if isinstance(status, int) and status >= 500]
    assert results["connection errors"] == 0
    assert results[201] == CLIENTS * WRITES_PER_CLIENT
    assert_all_present(acknowledged)


def test_a_worker_killed_mid_load_costs_at_most_its_request(database_url, users):
    """SIGKILL one worker while 8 clients write: the rest go on, no partial rows."""
    needs(database_url, "postgres")
    with Gunicorn(database_url, workers=4) as server:
        probe = HttpClient(server.port)
        victim = int(worker_pid(probe.get("/healthz")[1]))
        stop = threading.Event()
        box = {}

        def load():
            box["results"] = run_clients(server.port, users, WRITES_PER_CLIENT, stop, "kill")

        loader = threading.Thread(target=load)
        loader.start()
        # Kill once writes are flowing (bounded wait: the load itself is bounded).
        deadline = time.monotonic() + 60
        while Message.select().count() < 20 and time.monotonic() < deadline and loader.is_alive():
            time.sleep(0.05)  # polling the database for progress, not waiting for a result
        os.kill(victim, signal.SIGKILL)
        loader.join(timeout=600)
        results, acknowledged = box["results"]
        assert server.process.poll() is None  # the master is still serving
        assert probe.get("/healthz")[0] == 200
    FIGURES["requests sent"] += sum(results.values())
    assert not [status for status in results if isinstance(status, int) and status >= 500]
    assert results["connection errors"] <= 1  # the killed worker's in-flight request at most
    assert_all_present(acknowledged)
    # No partial rows: every stored message is whole and belongs to a real user.
    assert not Message.select().where(Message.content.is_null() | (Message.content == "")).count()
    assert Message.select().join(User).count() == Message.select().count()


def test_sqlite_writers_never_see_database_is_locked(database_url, users, tmp_path):
    """8 writer processes on one SQLite file for a few seconds: no lock error reaches a client."""
    needs(database_url, "sqlite")
    stop = threading.Event()
    with Gunicorn(database_url, workers=8) as server:
        timer = threading.Timer(SQLITE_SECONDS, stop.set)
        timer.start()
        results, acknowledged = run_clients(server.port, users, 10**6, stop, "sqlite")
        timer.cancel()
    FIGURES["requests sent"] += sum(results.values())
    assert results[201] > 0
    assert set(results) == {201}, results  # no 500, no 503 "database is locked", no drop
    assert_all_present(acknowledged)


def test_database_cut_mid_load_gives_503s_then_recovers_without_restart(database_url, users):
    """PostgreSQL behind a proxy we cut: 503s (never a 500), then service within 5 seconds."""
    needs(database_url, "postgres")
    with proxy_for(database_url) as proxy, Gunicorn(through(proxy, database_url)) as server:
        client = HttpClient(server.port, headers={"Authorization": f"Bearer {users['alice']}"})
        assert client.post("/api/message/", body={"content": "before"})[0] == 201
        proxy.cut()
        statuses = collections.Counter()
        for number in range(40):
            status, headers, _ = client.post("/api/message/", body={"content": f"cut {number}"})
            statuses[status] += 1
            if status == 503:
                assert int(headers["Retry-After"]) > 0
        assert statuses == {503: 40}
        assert client.get("/", headers={"Accept": "text/html"})[0] == 503
        proxy.restore()
        back = time.monotonic()
        recovered = None
        while time.monotonic() - back < 5:  # the issue's bound: back within 5 seconds
            if client.post("/api/message/", body={"content": "after"})[0] == 201:
                recovered = time.monotonic() - back
                break
        assert recovered is not None, "no write succeeded within 5 seconds of the restore"
        FIGURES["requests sent"] += 42 + sum(statuses.values())
{%- endif %}


def teardown_module():
    if FIGURES:
        print("\nserving figures:", dict(FIGURES))
