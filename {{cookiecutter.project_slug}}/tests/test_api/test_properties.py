"""Property tests: whatever query string a client sends to a list, never a 5xx.

Hypothesis builds query strings from the resource's own field names and operators (so
many reach the real filter, ordering and cursor code) mixed with junk. SOAK=1 runs more.
"""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from {{ cookiecutter.package_name }}.api_site import api
from {{ cookiecutter.package_name }}.models import Message

from ..serving import SOAK

EXAMPLES = 1500 if SOAK else 60
FIELDS = sorted(api.resources["message"].filterable) + ["user__username", "user__join_date"]
OPERATORS = ["", "eq", "ne", "lt", "lte", "gt", "gte", "in", "isnull", "contains", "icontains"]
OPERATORS += ["startswith", "istartswith", "nope"]
VALUES = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["", "true", "false", "null", "2024-01-01", "2024-01-01T00:00:00Z", "0.5"]),
    st.lists(st.integers(-5, 5).map(str), max_size=5).map(",".join),
)
KEYS = st.one_of(
    st.builds(
        lambda negate, field, op: ("-" if negate else "") + field + (f"__{op}" if op else ""),
        st.booleans(),
        st.sampled_from(FIELDS),
        st.sampled_from(OPERATORS),
    ),
    st.sampled_from(["ordering", "fields", "page", "limit", "cursor"]),
    st.text(max_size=15),
)
ORDERINGS = st.lists(
    st.builds(
        lambda negate, name: ("-" if negate else "") + name,
        st.booleans(),
        st.sampled_from(FIELDS + ["password", "?"]),
    ),
    max_size=4,
).map(",".join)


def check(client, path, params):
    response = client.get(f"{path}?{urlencode(params)}")
    assert response.status_code < 500, (path, params, response.get_data(as_text=True)[:300])
    return response


@given(params=st.lists(st.tuples(KEYS, VALUES), max_size=6), ordering=ORDERINGS)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_any_filter_and_ordering_query_is_never_a_server_error(client, messages, params, ordering):
    """Filters, ordering, fields, page and limit, valid or not: a 200 or a clear 4xx."""
    check(client, "/api/message/", [*params, ("ordering", ordering)])
    check(client, "/api/user/", params)


@given(junk=st.text(max_size=80), cut=st.integers(0, 200), ordering=ORDERINGS)
@settings(
    max_examples=EXAMPLES // 2,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_any_cursor_is_never_a_server_error(client, messages, junk, cut, ordering):
    """Real cursors cut short or reused with another ordering, and made-up ones: never a 5xx."""
    first = client.get("/api/message/?limit=2&cursor=").get_json() or {}
    real = (first.get("meta") or {}).get("next") or ""
    token = real.split("cursor=")[-1] if "cursor=" in real else ""
    for cursor in (junk, token[:cut], token + junk):
        check(client, "/api/message/", {"cursor": cursor, "ordering": ordering, "limit": 2})


@pytest.fixture
def messages(make_user):
    """A few messages by two authors, so filters and cursors have rows to walk."""
    alice, bob = make_user("alice"), make_user("bob")
    for number in range(6):
        Message.create(user=alice if number % 2 else bob, content=f"message {number}")
