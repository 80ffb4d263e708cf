"""Property test: whatever query string reaches the admin's list, never a 5xx.

Search, sort, page and filters (`<path>__<lookup>=<value>`, across foreign keys) are built
from the list's own fields and lookups, mixed with junk. SOAK=1 runs more examples.
"""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from {{ cookiecutter.package_name }}.models import Message

from ..serving import SOAK

EXAMPLES = 1000 if SOAK else 40
PATHS = ["content", "pub_date", "user", "user__username", "user__active", "user__password", "id"]
LOOKUPS = ["", "eq", "contains", "startswith", "lt", "gt", "between", "lastdays", "isnull", "x"]
VALUES = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["", "1", "0", "true", "2024-01-01", "2024-01-01T00:00", "9" * 30]),
)
KEYS = st.one_of(
    st.builds(
        lambda path, lookup: path + (f"__{lookup}" if lookup else ""),
        st.sampled_from(PATHS),
        st.sampled_from(LOOKUPS),
    ),
    st.sampled_from(["q", "o", "page", "filter", "lookup", "value", "value2", "format"]),
    st.text(max_size=12),
)
SORTS = st.builds(
    lambda neg, path: ("-" if neg else "") + path, st.booleans(), st.sampled_from(PATHS)
)


@pytest.fixture
def messages(make_user):
    bob = make_user("bob")
    for number in range(4):
        Message.create(user=bob, content=f"message {number}")


@given(params=st.lists(st.tuples(KEYS, VALUES), max_size=6), sort=SORTS)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_any_list_query_string_is_never_a_server_error(client, admin_user, messages, params, sort):
    """The message and user lists, and their CSV export, answer every query without a 5xx."""
    query = urlencode([*params, ("o", sort)])
    for path in ("/admin/message/", "/admin/user/", "/admin/message/export.csv"):
        response = client.get(f"{path}?{query}")
        assert response.status_code < 500, (path, query)
        response.close()
