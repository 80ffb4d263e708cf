"""Rate limiting: off by default; one setting turns it on, and the count lives in the database."""

from {{ cookiecutter.package_name }}.api_site import api

RateLimitWindow = api.models[1]


def test_no_limit_by_default(client):
    """Without API_RATE_LIMIT nothing is counted."""
    for _ in range(30):
        assert client.get("/api/message/").status_code == 200
    assert RateLimitWindow.select().count() == 0


def test_over_the_limit_is_429_with_retry_after(make_app):
    """With API_RATE_LIMIT="3/day" the fourth request that day is refused."""
    client = make_app(API_RATE_LIMIT="3/day").test_client()
    assert [client.get("/api/message/").status_code for _ in range(3)] == [200] * 3
    response = client.get("/api/message/")
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 86400
    assert response.content_type == "application/problem+json"


def test_counts_are_shared_between_app_instances(make_app):
    """Two apps (as two gunicorn workers) share one count, kept in the database."""
    first = make_app(API_RATE_LIMIT="2/day").test_client()
    second = make_app(API_RATE_LIMIT="2/day").test_client()
    assert first.get("/api/message/").status_code == 200
    assert second.get("/api/message/").status_code == 200
    assert first.get("/api/message/").status_code == 429
