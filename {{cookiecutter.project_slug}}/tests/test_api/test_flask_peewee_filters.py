"""flask-peewee's filter syntax: repeated parameters ORed, `-field` negation, and the
between / not_in / is operators, all listed in the OpenAPI document."""

import datetime

import pytest

from {{ cookiecutter.package_name }}.models import Message


@pytest.fixture
def messages(alice, bob, make_user):
    carol = make_user("carol")
    start = datetime.datetime(2024, 1, 1)
    rows = [(alice, "one"), (alice, "two"), (bob, "three"), (bob, "four"), (carol, "five")]
    return [
        Message.create(user=user, content=content, pub_date=start + datetime.timedelta(days=n))
        for n, (user, content) in enumerate(rows)
    ]


def contents(client, query):
    response = client.get(f"/api/message/?{query}&ordering=pub_date")
    assert response.status_code == 200, response.get_json()
    return [m["content"] for m in response.get_json()["objects"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("user__username=alice&user__username=carol", ["one", "two", "five"]),
        ("content=one&content=four", ["one", "four"]),
        ("content__in=one,two&content__in=five", ["one", "two", "five"]),
        ("user__username=alice&user__username=bob&content__ne=two", ["one", "three", "four"]),
    ],
)
def test_a_repeated_parameter_matches_any_of_its_values(client, messages, query, expected):
    """Repeated values are ORed; different parameters still all apply (AND)."""
    assert contents(client, query) == expected


def test_a_repeated_id_filter_is_ored(client, messages):
    """`?id__in=1,2&id__in=5`, flask-peewee's example, returns the three rows."""
    first, second, _, _, fifth = messages
    query = f"id__in={first.id},{second.id}&id__in={fifth.id}"
    assert contents(client, query) == ["one", "two", "five"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("-user__username=alice", ["three", "four", "five"]),
        ("-user__username=alice&-user__username=bob", ["five"]),
        ("-content__in=one,two,three", ["four", "five"]),
        ("-content__icontains=O&user__username=bob", ["three"]),
        ("-pub_date__gte=2024-01-03T00:00:00", ["one", "two"]),
    ],
)
def test_a_leading_minus_negates_a_filter(client, messages, query, expected):
    """`-name` keeps the rows the filter would drop; repeated, it drops every value."""
    assert contents(client, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pub_date__between=2024-01-02T00:00:00,2024-01-04T00:00:00", ["two", "three", "four"]),
        ("-pub_date__between=2024-01-02T00:00:00,2024-01-04T00:00:00", ["one", "five"]),
        ("content__not_in=one,two", ["three", "four", "five"]),
        ("content__is=null", []),
        ("-content__is=null", ["one", "two", "three", "four", "five"]),
        ("user__username__not_in=alice,bob", ["five"]),
    ],
)
def test_between_not_in_and_is_null(client, messages, query, expected):
    """between takes two bounds (both included), not_in a list, is only null."""
    assert contents(client, query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "pub_date__between=2024-01-02T00:00:00",
        "id__between=1,2,3",
        "id__between=a,b",
        "content__is=nothing",
        "-nope=1",
        "&".join(["content=x"] * 101),
    ],
)
def test_bad_new_filters_are_a_400_naming_the_parameter(client, messages, query):
    """A malformed value for the new operators is a clear 400, never a 500."""
    response = client.get(f"/api/message/?{query}")
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["parameter"] == query.split("=")[0]


def test_the_document_lists_negation_the_new_operators_and_or(client):
    """OpenAPI lists `-name` and the new operators, and says repeated values are ORed."""
    operation = client.get("/api/openapi.json").get_json()["paths"]["/api/message/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    for name in (
        "-user__username",
        "pub_date__between",
        "content__not_in",
        "content__is",
        "-id__in",
    ):
        assert name in parameters, name
    username = parameters["user__username"]
    assert username["explode"] is True and username["schema"]["type"] == "array"
    assert "(OR)" in username["description"]
    assert parameters["-user__username"]["description"].startswith("NOT")
