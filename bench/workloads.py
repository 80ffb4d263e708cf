"""The workloads, shared by the HTTP driver (run.py) and the in-process counter (inprocess.py).

Stdlib only: the peer's virtualenv imports this module too.
"""

import json
from dataclasses import dataclass
from urllib.parse import quote, urlsplit


@dataclass(frozen=True)
class Workload:
    """One thing a user does, as a request template; `paged` means page size matters."""

    name: str
    title: str
    path: str  # formatted with the run's context: {size}, {page}, {detail_id}, {filter_user}
    method: str = "GET"
    auth: str = ""  # "", "cookie" (admin session), "staff" (a staff user's), "basic", "token"
    paged: bool = False
    cursor: bool = False  # the path is reached by following the API's next cursor
    read: bool = True
    peer: bool = True  # False: flask-peewee has no such page
    long: bool = False  # one request takes seconds: profiled over one request, not 50


WORKLOADS = [
    Workload(
        "api_list", "API list (limit 20, user expanded)", "/api/message/?limit={size}", paged=True
    ),
    Workload(
        "api_deep_page",
        "API deep page (?page=N)",
        "/api/message/?limit={size}&page={page}",
        paged=True,
    ),
    Workload(
        "api_deep_cursor",
        "API deep page (cursor equivalent)",
        "/api/message/?limit={size}",
        paged=True,
        cursor=True,
    ),
    Workload("api_detail", "API detail", "/api/message/{detail_id}/"),
    Workload(
        "api_filtered",
        "API filtered + ordered list",
        "/api/message/?user={filter_user}&ordering=-pub_date&limit={size}",
        paged=True,
    ),
    Workload(
        "api_create_basic",
        "API create, HTTP Basic (bcrypt cost 12)",
        "/api/message/",
        method="POST",
        auth="basic",
        read=False,
    ),
    Workload(
        "api_create_token",
        "API create, bearer token",
        "/api/message/",
        method="POST",
        auth="token",
        read=False,
    ),
    Workload(
        "admin_list", "Admin list with a user column", "/admin/message/", auth="cookie", paged=True
    ),
    Workload(
        "admin_search",
        "Admin list with a search",
        "/admin/message/?q=deploy",
        auth="cookie",
        paged=True,
        peer=False,
    ),
    Workload(
        "admin_filter",
        "Admin list with a filter",
        "/admin/message/?user__eq={filter_user}",
        auth="cookie",
        paged=True,
        peer=False,
    ),
    Workload(
        "staff_list",
        "Admin list, staff user with permissions",
        "/admin/message/",
        auth="staff",
        paged=True,
        peer=False,
    ),
    Workload("admin_edit", "Admin edit page", "/admin/message/{detail_id}/", auth="cookie"),
    Workload(
        "admin_user_inline",
        "Admin user page with inline messages",
        "/admin/user/{filter_user}/",
        auth="cookie",
        peer=False,
    ),
    Workload("admin_dashboard", "Admin dashboard", "/admin/", auth="cookie"),
    Workload("site_wall", "Site wall (/)", "/", paged=True),
    Workload(
        "admin_export",
        "Admin export, every message as CSV",
        "/admin/message/export.csv",
        auth="cookie",
        peer=False,
        long=True,
    ),
]

BY_NAME = {workload.name: workload for workload in WORKLOADS}


def create_bodies(user_id):
    """Bodies to try for a create, in order: owner set by the server, then given explicitly."""
    content = "Posted by the bench."
    return [
        json.dumps({"content": content}).encode(),
        json.dumps({"content": content, "user": user_id}).encode(),
    ]


def next_cursor_path(path, body):
    """The path of the page after `body` (a list response), following its cursor; or None."""
    try:
        meta = json.loads(body).get("meta", {})
    except (ValueError, AttributeError):
        return None
    base = path.split("?")[0]
    limit = dict(p.split("=", 1) for p in urlsplit(path).query.split("&") if "=" in p).get("limit")
    for key, value in meta.items():
        if "cursor" in key and isinstance(value, str) and value:
            return (
                f"{base}?limit={limit}&cursor={quote(value)}"
                if limit
                else f"{base}?cursor={quote(value)}"
            )
    following = meta.get("next")
    if isinstance(following, str) and "cursor=" in following:
        parts = urlsplit(following)
        return f"{parts.path or base}?{parts.query}"
    return None
