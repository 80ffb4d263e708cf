"""What the served schemathesis run found, each kept as a regression test."""

from {{ cookiecutter.package_name }}.models import Message

from .conftest import basic


def test_a_bare_number_is_not_a_date_filter(client, alice):
    """`?user__join_date__ne=0.5` was read as a Unix timestamp; the document says ISO 8601."""
    response = client.get("/api/message/?user__join_date__ne=0.5")
    assert response.status_code == 400
    assert "ISO 8601" in response.get_json()["detail"]
    assert client.get("/api/message/?user__join_date__lt=2100-01-01T00:00:00").status_code == 200


def test_empty_fields_and_ordering_are_refused(client, alice):
    """`?fields=` and `?ordering=` name nothing: a 400, as the document's patterns say."""
    message = Message.create(user=alice, content="hi")
    paths = ("/api/message/?fields=", f"/api/message/{message.id}/?fields=", "/api/user/?ordering=")
    for path in paths:
        response = client.get(path)
        assert response.status_code == 400, path
        assert response.mimetype == "application/problem+json"


def test_an_empty_if_match_is_a_400_not_a_412(client, alice):
    """An empty If-Match header is malformed, not a stale copy."""
    message = Message.create(user=alice, content="hi")
    headers = {**basic(), "If-Match": ""}
    response = client.patch(f"/api/message/{message.id}/", json={"content": "x"}, headers=headers)
    assert response.status_code == 400
    assert Message.get_by_id(message.id).content == "hi"


def test_page_and_limit_past_the_documented_maximum_are_refused(client, alice):
    """`?limit=2147483649` was quietly capped; the document's maximum is 2**31."""
    for path in ("/api/message/?limit=2147483649", "/api/message/?page=2147483649"):
        response = client.get(path)
        assert response.status_code == 400, path
    assert client.get("/api/message/?limit=2147483648").status_code == 200


def test_a_delete_documents_its_400(client):
    """A malformed If-Match on DELETE is a 400, and the document now says DELETE may answer it."""
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert "400" in paths["/api/message/{pk}/"]["delete"]["responses"]


def test_options_names_only_the_resources_own_methods(client):
    """OPTIONS /api/user/ said POST too (the route's methods); the resource takes no POST."""
    response = client.options("/api/user/")
    assert response.status_code == 200
    allowed = {method.strip() for method in response.headers["Allow"].split(",")}
    assert allowed == {"GET", "HEAD", "OPTIONS"}
    detail = client.options("/api/message/1/").headers["Allow"]
    assert {"GET", "PUT", "PATCH", "DELETE", "OPTIONS"} <= set(detail.replace(" ", "").split(","))


def test_a_bad_body_is_a_400_even_with_a_stale_if_match(client, alice):
    """Random bytes with an outdated If-Match got a 412; the body is wrong first: a 400."""
    message = Message.create(user=alice, content="hi")
    headers = {**basic(), "If-Match": 'W/"stale"', "Content-Type": "application/json"}
    response = client.put(f"/api/message/{message.id}/", data=b"\x10\xffd", headers=headers)
    assert response.status_code == 400
    stale = client.put(f"/api/message/{message.id}/", json={"content": "x"}, headers=headers)
    assert stale.status_code == 412  # a good body with a stale copy is still refused


def test_the_document_admits_the_servers_414_for_long_list_urls(client):
    """gunicorn answers 414 to a request line over 4094 bytes; the list operations say so."""
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert "414" in paths["/api/message/"]["get"]["responses"]
