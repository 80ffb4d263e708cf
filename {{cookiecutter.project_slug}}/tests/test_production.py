"""The production kit: gunicorn.conf.py serves the app, and the Docker files say what the
README says. Images cannot be built here, so the Docker files are checked as data."""

import json
import os
import re
import runpy
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

PROJECT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, process, seconds=60):
    """Poll until the server answers (bounded); fail with its output if it exits first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("gunicorn exited early:\n" + process.communicate()[0])
        try:
            return urllib.request.urlopen(url, timeout=2)
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not serve {url} within {seconds}s")


def gunicorn_settings(**environ):
    """The values gunicorn.conf.py sets, read with `environ` as the environment."""
    saved = os.environ.copy()
    try:
        for name in ("BIND", "WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS", "GUNICORN_TIMEOUT"):
            os.environ.pop(name, None)
        os.environ.update(environ)
        return runpy.run_path(str(PROJECT / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_gunicorn_config_serves_the_app_and_logs_each_request(tmp_path):
    """`gunicorn --config gunicorn.conf.py` (what `make serve` and the image run) answers
    /healthz with two workers, writes an access log line to stdout and stops cleanly."""
    port = free_port()
    environ = {
        **os.environ,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "SECRET_KEY": secrets.token_urlsafe(32),
        "DATABASE": f"sqlite:///{tmp_path / 'serve.db'}",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
        cwd=PROJECT,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        response = wait_for(f"http://127.0.0.1:{port}/healthz", process)
        assert json.load(response) == {"status": "ok", "database": "ok"}
    finally:
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=60)[0]
    assert process.returncode == 0, output
    assert re.search(r'"GET /healthz HTTP/1\.1" 200', output), output
    assert output.count("Booting worker") == 2, output


def test_gunicorn_workers_follow_the_cpu_count_unless_told():
    """Two workers per core plus one by default; WEB_CONCURRENCY overrides it."""
    assert gunicorn_settings()["workers"] == 2 * (os.cpu_count() or 1) + 1
    assert gunicorn_settings(WEB_CONCURRENCY="3")["workers"] == 3


def test_gunicorn_trusts_only_the_local_proxy_and_logs_to_stdout():
    """Forwarded headers are believed from loopback only unless FORWARDED_ALLOW_IPS says;
    the access log goes to stdout; workers get a graceful timeout on restart."""
    config = gunicorn_settings()
    assert config["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert gunicorn_settings(FORWARDED_ALLOW_IPS="10.0.0.2")["forwarded_allow_ips"] == "10.0.0.2"
    assert config["accesslog"] == "-"
    assert config["graceful_timeout"] > 0
    assert config["bind"].startswith("127.0.0.1:")


def compose():
    return yaml.safe_load((PROJECT / "compose.yaml").read_text())


def compose_web_commands():
    """The shell commands the web service runs, in order (`sh -c "a && exec b"`)."""
    script = compose()["services"]["web"]["command"][-1]
    return [part.strip().removeprefix("exec ") for part in script.split("&&")]


def test_compose_runs_the_app_with_postgresql_and_checks_its_health():
    """compose.yaml: PostgreSQL on a named volume, the app migrating before gunicorn starts,
    waiting for a healthy database, and a health check on /healthz."""
    services = compose()["services"]
    assert set(services) == {"db", "web"}
    db, web = services["db"], services["web"]
    assert db["image"].startswith("postgres:")
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose()["volumes"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert compose_web_commands() == ["flask db upgrade", "gunicorn --config gunicorn.conf.py"]
    assert web["environment"]["DATABASE"].startswith("postgresql://")
    assert "@db:5432/" in web["environment"]["DATABASE"]
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert "/healthz" in " ".join(web["healthcheck"]["test"])


def dockerfile_instructions():
    """(instruction, argument) pairs of the Dockerfile, continuation lines joined."""
    text = (PROJECT / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [tuple(line.split(None, 1)) for line in lines if line and not line.startswith("#")]


def test_dockerfile_is_slim_non_root_with_dependencies_in_their_own_layer():
    """A slim Python base, requirements installed before the code is copied, a non-root
    user, gunicorn with the project's config as the command."""
    steps = dockerfile_instructions()
    assert steps[0][0] == "FROM" and steps[0][1].startswith("python:")
    assert steps[0][1].endswith("-slim")
    copies = [argument for instruction, argument in steps if instruction == "COPY"]
    assert copies[0].split()[0] == "requirements.txt"
    install = next(i for i, step in enumerate(steps) if "pip install -r" in step[1])
    code = next(i for i, step in enumerate(steps) if step[0] == "COPY" and " . ." in step[1])
    assert install < code
    user = [argument for instruction, argument in steps if instruction == "USER"]
    assert user and user[-1] not in {"root", "0"}
    assert json.loads(dict(steps)["CMD"]) == ["gunicorn", "--config", "gunicorn.conf.py"]
    ignored = (PROJECT / ".dockerignore").read_text().split()
    assert ".env" in ignored and ".venv" in ignored


def test_the_readme_deploys_with_the_dockerfiles_commands():
    """Deploying by hand, as the README shows, runs the same commands as the image."""
    readme = (PROJECT / "README.md").read_text()
    section = readme[readme.index("## Deploy") :]
    shown = {line.strip() for line in section.splitlines()}
    steps = dockerfile_instructions()
    commands = [argument for instruction, argument in steps if instruction == "RUN"]
    commands = [command for command in commands if command.startswith("pip ")]
    commands.append(" ".join(json.loads(dict(steps)["CMD"])))
    commands.extend(compose_web_commands())
    for command in commands:
        assert command in shown, command
