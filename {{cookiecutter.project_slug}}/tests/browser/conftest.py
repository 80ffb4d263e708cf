"""Browser tests: a real server on 127.0.0.1 and Debian's Chromium driven by Playwright.

Run them with `pytest -m browser`. Without Chromium they skip, except under CI=true,
where a missing browser fails the run. Set SCREENSHOTS_DIR=/abs/path to save the
admin's screenshots there (`make screenshots` in the template does it for docs/).
"""

import contextlib
import datetime
import os
import shutil
import threading
from pathlib import Path

import pytest
from peewee import PostgresqlDatabase
from playhouse import db_url
from werkzeug.serving import make_server

from {{ cookiecutter.package_name }}.app import create_app
from {{ cookiecutter.package_name }}.cli import database, runner
from {{ cookiecutter.package_name }}.extensions import auth
from {{ cookiecutter.package_name }}.models import Message, Tag, User

from ..conftest import {% if cookiecutter.include_admin %}BACKENDS, {% endif %}PASSWORD, settings
{%- if cookiecutter.include_admin %}
from .hand_built_app import build_hand_built_app
{%- endif %}

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def browser_missing(reason):
    """Fail under CI (the browser is part of the test setup there); skip elsewhere."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true needs it: apt-get install -y chromium)")
    pytest.skip(f"{reason}; install it with apt-get install -y chromium")


@pytest.fixture(scope="session")
def sync_playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_missing("the playwright package is not installed")
    return sync_playwright


@pytest.fixture(scope="session")
def browser(sync_playwright):
    """One headless Chromium for the session."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        browser_missing(f"Chromium not found at {CHROMIUM}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def seed_demo_data(User=User, Message=Message, Tag=Tag):
    """An admin, a few users who joined over the last weeks, and their messages (into
    the given models: the generated project's by default)."""
    now = datetime.datetime.now().replace(microsecond=0)
    admin = User(username="admin", email="admin@example.com", admin=True, join_date=now)
    admin.set_password(PASSWORD)
    admin.save()
    names = ["ada", "grace", "linus", "guido", "barbara", "ken", "margaret", "dennis"]
    words = [
        "Deploy went fine",
        "Index added to message",
        "Reviewing the admin",
        "Tests are green",
        "Schema migration applied",
        "Hello from the wall",
    ]
    for tag in ("bug", "deploy", "docs", "idea", "ops", "release", "ui"):
        Tag.create(name=tag)
    for month in range(24):  # two years of monthly notes: a second list page, two years
        Message.create(
            user=admin,
            content=f"Archive note {month + 1}",
            pub_date=now - datetime.timedelta(days=30 * month + 12),
        )
    for number, name in enumerate(names):
        joined = now - datetime.timedelta(days=(number * 11) % 29, hours=number)
        user = User(
            username=name, email=f"{name}@example.com", join_date=joined, active=number % 4 != 3
        )
        user.set_password(PASSWORD)
        user.save()
        for count in range(number % 3 + 1):
            Message.create(
                user=user,
                content=f"{words[(number + count) % len(words)]} ({name})",
                pub_date=now - datetime.timedelta(days=number + count, minutes=count),
            )


def seed_staff():
    """Staff "editor" in group Editors (view and change messages), staff "viewer" with
    message.view only; both with the test password."""
    editors = auth.grants.Group.create(name="Editors")
    auth.grants.set_group_permissions(editors, ["message.view", "message.change"])
    for name in ("editor", "viewer"):
        user = User(username=name, email=f"{name}@example.com", staff=True)
        user.set_password(PASSWORD)
        user.save()
    auth.grants.add_to_group(User.get(User.username == "editor"), editors)
    auth.grants.grant(User.get(User.username == "viewer"), ["message.view"])


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The app served by werkzeug on 127.0.0.1 (a free port), on a fresh SQLite file."""
    path = tmp_path_factory.mktemp("browser") / "browser.db"
    app = create_app(settings(f"sqlite:///{path}", BCRYPT_ROUNDS=4))
    with app.app_context():
        runner().up()
        seed_demo_data()
        seed_staff()
        database().close()
    with served(app) as url:
        yield url


@contextlib.contextmanager
def served(app):
    """Serve `app` with werkzeug on 127.0.0.1 (a free port) while the block runs."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


@contextlib.contextmanager
def browser_database(backend, name, tmp_path_factory):
    """Settings for a database of the server's own: a fresh SQLite file, or on PostgreSQL
    a schema `name` in the test database (dropped afterwards)."""
    if backend == "sqlite":
        yield {"DATABASE": f"sqlite:///{tmp_path_factory.mktemp(name) / 'browser.db'}"}
        return
    url = os.environ["TEST_DATABASE_URL"]
    server = PostgresqlDatabase(None)
    server.init(**db_url.parse(url))
    server.execute_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    server.execute_sql(f'CREATE SCHEMA "{name}"')
    server.close()
    try:
        yield {"DATABASE": url, "DATABASE_OPTIONS": {"options": f"-csearch_path={name}"}}
    finally:
        server.execute_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        server.close()
{%- if cookiecutter.include_admin %}


EDITING_SERVERS = [(kind, backend) for kind in ("create_app", "hand_built") for backend in BACKENDS]


@pytest.fixture(scope="module", params=EDITING_SERVERS, ids="-".join)
def editing_server(request, tmp_path_factory):
    """The admin served with the demo data, once per app and database: create_app() and
    a hand-built seed-style app (hand_built_app.py), each on SQLite and PostgreSQL."""
    kind, backend = request.param
    with browser_database(backend, f"browser_{kind}", tmp_path_factory) as database_settings:
        config = settings(database_settings.pop("DATABASE"), **database_settings)
        if kind == "create_app":
            app = create_app(config)
            with app.app_context():
                runner().up()
                seed_demo_data()
                database().close()
        else:
            built = build_hand_built_app(config)
            with built.app.app_context():
                seed_demo_data(built.User, built.Message, built.Tag)
                built.db.database.close()
            app = built.app
        with served(app) as url:
            yield url
{%- endif %}


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab (its own cookies), logged in as the admin."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.goto("/accounts/login/?next=/admin/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    yield page
    context.close()


@pytest.fixture
def screenshot(request):
    """Save a full-page PNG to SCREENSHOTS_DIR when it is set; otherwise do nothing.

    Only the generated project on SQLite is pictured: the README shows that one."""
    directory = os.environ.get("SCREENSHOTS_DIR")
    callspec = getattr(request.node, "callspec", None)
    server = callspec.params.get("editing_server") if callspec else None
    if server not in (None, ("create_app", "sqlite")):
        directory = None

    def shoot(page, name, full_page=True):
        if directory:
            Path(directory).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=full_page)

    return shoot
