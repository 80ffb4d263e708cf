"""Contract test: schemathesis generates requests from /api/openapi.json for every operation,
authenticated as an admin, and checks that no answer is a server error or breaks the document.
"""

import itertools

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from {{ cookiecutter.package_name }}.models import Message, User

from .conftest import basic

COUNTER = itertools.count()
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(app, make_user):
    """The served document, with an admin and a few messages to read."""
    root = make_user("root", admin=True)
    for number in range(3):
        Message.create(user=root, content=f"message {number}")
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


def fresh_target(path):
    """A new row for a detail URL to act on, so updates and deletes reach a real object."""
    number = next(COUNTER)
    if path.startswith("/api/user/"):
        user = User.create(username=f"target{number}", email=f"t{number}@example.com", password="-")
        return user.id
    return Message.create(user=User.get(User.username == "root"), content=f"target {number}").id


def test_api_matches_its_document(api_schema):
    """Generated requests, valid and invalid, never get a 500 or an undocumented answer."""
    found = [result.ok() for result in api_schema.get_all_operations()]
    labels = {operation.label for operation in found}
    # Every operation on messages, all but create on users (and whatever models you add).
    expected = {"GET /api/message/", "POST /api/message/", "GET /api/user/"}
    for slug in ("message", "user"):
        expected |= {f"{method} /api/{slug}/" + "{pk}/" for method in ("GET", "PUT", "PATCH")}
        expected.add(f"DELETE /api/{slug}/" + "{pk}/")
    assert expected <= labels
    assert "POST /api/user/" not in labels
    root = User.get(User.username == "root")
    for operation in found:
        cases = st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
        )

        @given(case=cases, existing=st.booleans())
        @settings(
            max_examples=25,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case, existing):
            pk = (case.path_parameters or {}).get("pk")
            # Never act on root, whom every request logs in as: later operations need them.
            on_root = case.path.startswith("/api/user/") and str(pk) == str(root.id)
            if pk is not None and (existing or on_root):
                case.path_parameters["pk"] = fresh_target(case.path)
            case.call_and_validate(headers=basic("root"), checks=CHECKS)

        check()
