"""Queries per request, and profiles, measured inside one process (no HTTP).

Run with the implementation's own Python; reads a JSON job on stdin, prints JSON:

    {"impl": "baked" | "handwritten" | "peer", "database": URL_OR_PATH,
     "project": DIR, "package": NAME,               # baked only
     "username": U, "password": P, "token": T, "user_id": N,
     "detail_id": N, "filter_user": N, "deep_page": N,
     "mode": "counts" | "profile" | "time", "workload": NAME, "requests": N,
     "sort": "cumulative" | "tottime", "lines": 25}           # profile only

Counting wraps the peewee database's `execute_sql`, which every query goes through.
"""

import cProfile
import gc
import importlib
import io
import json
import os
import pstats
import re
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from workloads import BY_NAME, WORKLOADS, create_bodies, next_cursor_path  # noqa: E402

SIZES = (5, 50)


class Implementation:
    """How to build one implementation's app; each subclass has `load()` and
    `set_page_size(size)`."""

    def __init__(self, job):
        self.job = job
        self.app, self.database = self.load()
        self.app.config["SESSION_COOKIE_SECURE"] = False


class Baked(Implementation):
    def load(self):
        sys.path.insert(0, self.job["project"])
        package = self.job["package"]
        create_app = importlib.import_module(f"{package}.app").create_app
        app = create_app({"DATABASE": self.job["database"], "BCRYPT_ROUNDS": 12})
        database = importlib.import_module(f"{package}.cli").database()
        return app, database

    def set_page_size(self, size):
        self.app.config["MESSAGES_PER_PAGE"] = size
        # The admin keeps its options on ModelAdmin objects: set it on the message admin.
        for thing in gc.get_objects():
            if type(thing).__name__.endswith("Admin") and hasattr(thing, "paginate_by"):
                model = getattr(thing, "model", None)
                if getattr(model, "__name__", "") == "Message":
                    thing.paginate_by = size


class Handwritten(Implementation):
    def load(self):
        os.environ["DATABASE"] = self.job["database"]
        sys.path.insert(0, str(BENCH / "handwritten"))
        module = importlib.import_module("app")
        return module.app, module.database

    def set_page_size(self, size):
        self.app.config["PAGE_SIZE"] = size


class Peer(Implementation):
    def load(self):
        os.environ["DATABASE"] = self.job["database"]
        sys.path.insert(0, str(BENCH / "peer"))
        self.module = importlib.import_module("app")
        return self.module.app, self.module.db.database

    def set_page_size(self, size):
        self.module.admin._registry[self.module.Message].paginate_by = size


IMPLEMENTATIONS = {"baked": Baked, "handwritten": Handwritten, "peer": Peer}


def count_queries(database):
    """Wrap `database.execute_sql`; return the list it appends each SQL statement to."""
    seen, original = [], database.execute_sql

    def execute_sql(sql, *args, **kwargs):
        seen.append(sql)
        return original(sql, *args, **kwargs)

    database.execute_sql = execute_sql
    return seen


def log_in(client, username, password):
    page = client.get("/accounts/login/").get_data(as_text=True)
    tag = re.search(r'<input[^>]*name="csrf_token"[^>]*>', page)
    token = re.search(r'value="([^"]*)"', tag.group(0)).group(1) if tag else ""
    client.post(
        "/accounts/login/",
        data={"username": username, "password": password, "csrf_token": token, "next": "/"},
    )


def clients(impl, job):
    """{auth: test client}: the superuser's session for "cookie", the staff user's for
    "staff", and no session for the API's own schemes, as over HTTP."""
    admin, staff, anonymous = (impl.app.test_client() for _ in range(3))
    log_in(admin, job["username"], job["password"])
    if job.get("staff"):
        log_in(staff, job["staff"], job["password"])
    return {"cookie": admin, "staff": staff, "": anonymous, "basic": anonymous, "token": anonymous}


def headers_for(workload, job):
    if workload.auth == "basic":
        import base64

        raw = f"{job['username']}:{job['password']}".encode()
        return {"Authorization": "Basic " + base64.b64encode(raw).decode()}
    if workload.auth == "token":
        return {"Authorization": f"Bearer {job['token']}"}
    return {}


def prepare(client, workload, job, size):
    """(method, path, headers) for `workload` at page `size`; None when it is not available.

    A cursor workload first fetches page 1 to get its cursor, so that request is not counted.
    """
    context = {
        "size": size,
        "page": job["deep_page"],
        "detail_id": job["detail_id"],
        "filter_user": job["filter_user"],
    }
    path = workload.path.format(**context)
    headers = headers_for(workload, job)
    if workload.cursor:
        first = client.get(path, headers=headers)
        path = next_cursor_path(path, first.data) if first.status_code == 200 else None
        if path is None:
            return None
    return workload.method, path, headers


def issue(client, workload, job, prepared):
    """Send one prepared request; a create tries each body until one is not a 400."""
    method, path, headers = prepared
    if method == "POST":
        for body in create_bodies(job["user_id"]):
            response = client.post(
                path, data=body, headers=headers, content_type="application/json"
            )
            if response.status_code != 400:
                break
        return response
    response = client.get(path, headers=headers)
    response.get_data()  # a streamed body (the export) runs its queries while it is read
    return response


def counts(impl, job):
    """{workload: {"5": queries, "50": queries} or "n/a (status)"}."""
    seen = count_queries(impl.database)
    by_auth = clients(impl, job)
    results = {}
    for workload in WORKLOADS:
        client = by_auth[workload.auth]
        row = {}
        for size in SIZES if workload.paged else (None,):
            if size:
                impl.set_page_size(size)
            prepared = prepare(client, workload, job, size or 20)
            seen.clear()
            response = prepared and issue(client, workload, job, prepared)
            executed = len(seen)
            if response is None or response.status_code >= 300:
                row = f"n/a ({response.status_code if response is not None else 'no cursor'})"
                break
            row[str(size or "any")] = executed
        results[workload.name] = row
    return results


def profile(impl, job):
    """cProfile `requests` requests of one workload; return the top functions as text."""
    workload = BY_NAME[job["workload"]]
    client = clients(impl, job)[workload.auth]
    impl.set_page_size(20)
    prepared = prepare(client, workload, job, 20)
    if prepared is None:
        return "not available"
    issue(client, workload, job, prepared)  # warm up caches and templates
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(job.get("requests", 50)):
        issue(client, workload, job, prepared)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats(job.get("sort", "cumulative"))
    stats.print_stats(job.get("lines", 25))
    return out.getvalue()


def timing(impl, job):
    """Milliseconds per request of one workload, in-process: the median of 5 batches."""
    workload = BY_NAME[job["workload"]]
    client = clients(impl, job)[workload.auth]
    impl.set_page_size(20)
    prepared = prepare(client, workload, job, 20)
    if prepared is None:
        return "not available"
    issue(client, workload, job, prepared)
    batches = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(job.get("requests", 50)):
            issue(client, workload, job, prepared)
        batches.append((time.perf_counter() - start) * 1000 / job.get("requests", 50))
    return round(sorted(batches)[2], 3)


MODES = {"counts": counts, "profile": profile, "time": timing}


def main():
    job = json.load(sys.stdin)
    impl = IMPLEMENTATIONS[job["impl"]](job)
    # No app context around the requests: each request gets its own, so `g` starts empty.
    result = MODES[job.get("mode", "counts")](impl, job)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
