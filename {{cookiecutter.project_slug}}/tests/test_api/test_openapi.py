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


def test_docs_page_loads_swagger_ui_from_the_blueprint_with_no_inline_script(client):
    """Every script on /api/docs/ is a file the API blueprint serves (the vendored Swagger UI
    and its starter), none is inline, and the page's CSP forbids inline scripts."""
    response = client.get("/api/docs/")
    html = response.get_data(as_text=True)
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    sources = [re.search(r'src="([^"]+)"', attributes).group(1) for attributes, _ in scripts]
    assert all(not body.strip() for _, body in scripts), "an inline script"
    assert any(src.endswith("swagger-ui/swagger-ui-bundle.js") for src in sources), sources
    for src in sources:
        assert src.startswith("/api/"), src
        served = client.get(src)
        assert served.status_code == 200 and "javascript" in served.content_type, src
    policy = response.headers["Content-Security-Policy"]
    script_policy = re.search(r"script-src ([^;]+)", policy).group(1)
    assert "'unsafe-inline'" not in script_policy and "http" not in script_policy


def test_each_fields_filters_are_marked_for_one_entry_on_the_docs_page(client):
    """The list operation's many filter parameters each name their field (x-filter-field),
    so the docs page shows one entry per field with its operators."""
    parameters = client.get("/api/openapi.json").get_json()["paths"]["/api/message/"]["get"]
    filters = [p for p in parameters["parameters"] if "x-filter-field" in p]
    fields = {p["x-filter-field"] for p in filters}
    assert len(filters) > 3 * len(fields)  # many operators, few entries
    assert {"content", "user__username"} <= fields
    for parameter in filters:
        assert parameter["name"].lstrip("-").startswith(parameter["x-filter-field"])
        assert parameter["description"]
