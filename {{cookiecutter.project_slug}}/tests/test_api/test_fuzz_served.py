"""schemathesis against the served document: gunicorn, an API key, every phase.

The short tier (`make test`) runs a few examples per operation; SOAK=1 runs thousands of
cases. No answer may be a 5xx or fall outside the document, and fewer than 1 % may be 429
(the fuzzer must reach the API, not a wall). Status codes are counted from gunicorn's
access log, so the figures are what the server really answered.
"""

import collections
import os
import re
import subprocess
import sys

import pytest

from {{ cookiecutter.package_name }}.api_site import user_auth
from {{ cookiecutter.package_name }}.models import Message, User

from ..serving import SOAK, Gunicorn, skip_unless_serving

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
        "unsupported_method",
        "allow_header_conformance",
    ]
)
pytestmark = skip_unless_serving
EXAMPLES = 300 if SOAK else 2
# An id the fuzzer is unlikely to guess.
ROOT_ID = 987654
# schemathesis's list of answers that reject bad data, plus 414: gunicorn refuses a request
# line over its limit before the app sees it, and the document lists that answer.
REJECTIONS = ["400", "401", "403", "404", "405", "406", "409", "414", "415", "422", "428", "429"]


def statuses(access_log):
    """Every status code in a gunicorn access log (common log format)."""
    pattern = re.compile(r'" (\d{3}) ')
    lines = access_log.read_text().splitlines()
    return collections.Counter(
        int(match.group(1)) for line in lines if (match := pattern.search(line))
    )


def test_the_served_api_survives_every_phase_of_schemathesis(database_url, make_app, tmp_path):
    """Examples, coverage, fuzzing and stateful phases: no 5xx, conformant, < 1 % 429."""
    if not SOAK and os.environ.get("TEST_DATABASE_URL") and database_url.startswith("sqlite"):
        pytest.skip("short tier: one backend is enough (PostgreSQL here); SOAK=1 runs both")
    make_app()
    # A plain user: an admin's key would let the stateful phase delete or demote its own
    # account (it finds the id in the user list) and spend the rest of the run on 401s.
    fuzzer = User(id=ROOT_ID, username="fuzzer", email="fuzzer@example.com")
    fuzzer.set_password("fuzz password")
    fuzzer.save(force_insert=True)
    for number in range(3):
        Message.create(user=fuzzer, content=f"message {number}")
    _, key = user_auth.APIKey.issue(fuzzer, "fuzzer")
    access_log = tmp_path / "access.log"
    (tmp_path / "schemathesis.toml").write_text(
        f"[checks.negative_data_rejection]\nexpected-statuses = {REJECTIONS!r}\n".replace("'", '"')
    )
    with Gunicorn(database_url, workers=2, access_log=access_log) as server:
        command = [
            sys.executable, "-m", "schemathesis.cli", "run",
            f"http://127.0.0.1:{server.port}/api/openapi.json",
            "--header", f"Authorization: Bearer {key}",
            "--phases", "examples,coverage,fuzzing,stateful",
            "--checks", CHECKS,
            "--max-examples", str(EXAMPLES),
            "--generation-with-security-parameters", "false",
            "--generation-deterministic",
            "--workers", "1",
            "--request-timeout", "30",
            "--no-color",
        ]  # fmt: skip
        run = subprocess.run(  # noqa: S603 (our own fixed command line)
            command, capture_output=True, text=True, timeout=1800, cwd=tmp_path
        )
    answered = statuses(access_log)
    total = sum(answered.values())
    print(f"\nschemathesis: {total} requests, statuses {dict(sorted(answered.items()))}")
    report = re.sub(r"\?\S{200,}", "?<long query>", run.stdout)  # keep failures readable
    assert run.returncode == 0, report[-8000:] + run.stderr[-2000:]
    assert total > 50
    assert not [code for code in answered if code >= 500]
    assert answered[429] < total / 100
    assert answered[401] < total / 10  # the key kept working: the fuzzer reached the API
