"""The OpenAPI 3.1 document and the reference page, both generated from the resources."""

import re


def test_document_describes_every_resource_operation(client):
    """Each registered model has its list and detail paths with every method."""
    doc = client.get("/api/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1")
    assert set(doc["paths"]["/api/message/"]) == {"get", "post"}
    assert set(doc["paths"]["/api/message/{pk}/"]) >= {"get", "put", "patch", "delete"}
    assert "/api/user/" in doc["paths"]
    assert {"basic", "api_key", "api_key_header", "session"} <= set(
        doc["components"]["securitySchemes"]
    )


def test_document_uses_the_same_allowlists(client):
    """Hidden fields appear nowhere: not in objects, bodies or filters."""
    doc = client.get("/api/openapi.json").get_json()
    user = doc["components"]["schemas"]["User"]["properties"]
    assert "password" not in user and "email" not in user
    filters = {p["name"] for p in doc["paths"]["/api/message/"]["get"]["parameters"]}
    assert {"content__icontains", "user__username", "pub_date__gte"} <= filters
    assert not any("email" in name or "password" in name for name in filters)
    create = doc["components"]["schemas"]["MessageCreate"]
    assert set(create["properties"]) == {"content"}  # user is the owner, pub_date read-only
    assert create["additionalProperties"] is False


def test_document_carries_the_validators(client):
    """max_length, integer sizes and required fields come from the pydantic models."""
    doc = client.get("/api/openapi.json").get_json()
    username = doc["components"]["schemas"]["UserUpdate"]["properties"]["username"]
    assert username["maxLength"] == 80
    assert doc["components"]["schemas"]["MessageCreate"]["required"] == ["content"]


def test_writes_list_their_credentials_and_reads_are_open(client):
    """Security per operation follows the resource's auth backend."""
    doc = client.get("/api/openapi.json").get_json()
    assert {} in doc["paths"]["/api/message/"]["get"]["security"]
    post = doc["paths"]["/api/message/"]["post"]["security"]
    assert {} not in post and {"basic": []} in post and {"api_key": []} in post


def test_docs_page_is_readable_and_self_contained(client):
    """/api/docs/ renders the reference with its own stylesheet, from no other host."""
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "/api/message/" in html and "content__icontains" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    stylesheet = re.search(r'href="([^"]+\.css)"', html).group(1)
    assert client.get(stylesheet).status_code == 200
