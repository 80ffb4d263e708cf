"""Writing: JSON objects in, validated by the model; clear 4xx for anything else, atomically."""

import pytest

from {{ cookiecutter.package_name }}.models import Message, User

from .conftest import basic, count_queries


def test_create_returns_201_with_location_and_the_object(client, alice):
    """POST creates the message, owned by the requesting user."""
    response = client.post("/api/message/", json={"content": "Hi"}, headers=basic())
    assert response.status_code == 201
    body = response.get_json()
    assert response.headers["Location"] == f"/api/message/{body['id']}/"
    assert body["content"] == "Hi"
    assert body["user"]["username"] == "alice"
    assert client.get(response.headers["Location"]).get_json() == body


def test_create_answers_with_what_it_wrote_without_reading_it_back(client, alice):
    """Every value of a new message was written from Python: the answer (body and ETag) is
    what a read shows, and no SELECT of the message follows its INSERT."""
    with count_queries() as queries:
        response = client.post("/api/message/", json={"content": "Hi"}, headers=basic())
    assert response.status_code == 201
    sql = [query.lower() for query in queries]
    inserted = next(i for i, text in enumerate(sql) if text.startswith('insert into "message"'))
    assert not [text for text in sql[inserted:] if text.startswith("select")]
    again = client.get(response.headers["Location"])
    assert again.get_json() == response.get_json()
    assert again.headers["ETag"] == response.headers["ETag"]


def test_missing_required_field_is_a_400_with_a_json_pointer(client, alice):
    """Validation errors point at the field, RFC 9457 style, with `error` for old clients."""
    response = client.post("/api/message/", json={}, headers=basic())
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 400 and body["title"] == "Bad Request"
    assert body["errors"][0]["pointer"] == "/content"
    assert body["error"] == body["detail"]


@pytest.mark.parametrize(
    ("payload", "pointer"),
    [
        ({"content": 5}, "/content"),
        ({"content": None}, "/content"),
        ({"content": "x", "user_id": 2}, "/user_id"),
        ({"content": "x", "user": 2}, "/user"),
        ({"content": "x", "id": 7}, "/id"),
        ({"content": "x", "pub_date": "2024-01-01T00:00:00"}, "/pub_date"),
        ({"content": "x", "likes": 3}, "/likes"),
    ],
)
def test_wrong_types_and_unwritable_fields_are_refused_by_name(
    client, alice, bob, payload, pointer
):
    """Unknown, read-only, owner and pk fields, and the FK column name, are not writable."""
    response = client.post("/api/message/", json=payload, headers=basic())
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["pointer"] == pointer
    assert Message.select().count() == 0


def test_user_resource_never_accepts_or_shows_a_password(client, make_user):
    """Even an admin cannot set a raw password through the API, nor read the hash."""
    make_user("root", admin=True)
    target = make_user("carol")
    response = client.patch(
        f"/api/user/{target.id}/", json={"password": "raw"}, headers=basic("root")
    )
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["pointer"] == "/password"
    assert User.get_by_id(target.id).check_password("correct horse battery staple")
    shown = client.get(f"/api/user/{target.id}/").get_json()
    assert "password" not in shown and "email" not in shown


def test_string_longer_than_max_length_is_a_400(client, make_user):
    """`max_length` from the model is enforced before the database sees the value."""
    make_user("root", admin=True)
    target = make_user("carol")
    response = client.patch(
        f"/api/user/{target.id}/", json={"username": "x" * 81}, headers=basic("root")
    )
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["pointer"] == "/username"


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("{not json", "application/json", 400),
        ("[1, 2]", "application/json", 400),
        ('"text"', "application/json", 400),
        ('{"content": NaN}', "application/json", 400),
        ("content=hi", "application/x-www-form-urlencoded", 415),
        ('{"content": "hi"}', "text/plain", 415),
        ("", None, 415),
    ],
)
def test_only_json_objects_are_accepted(client, alice, body, content_type, status):
    """Malformed JSON and non-objects are 400; other content types are 415."""
    headers = basic()
    if content_type:
        headers["Content-Type"] = content_type
    response = client.post("/api/message/", data=body, headers=headers)
    assert response.status_code == status
    assert response.content_type == "application/problem+json"


def test_body_over_max_content_length_is_a_413(make_app, alice):
    """A body over MAX_CONTENT_LENGTH is refused before it is read."""
    client = make_app(MAX_CONTENT_LENGTH=100).test_client()
    response = client.post("/api/message/", json={"content": "x" * 500}, headers=basic())
    assert response.status_code == 413
    assert response.content_type == "application/problem+json"


def test_put_accepts_a_partial_body_and_patch_too(client, alice):
    """PUT and PATCH change the fields sent and leave the others alone."""
    created = client.post("/api/message/", json={"content": "first"}, headers=basic()).get_json()
    url = f"/api/message/{created['id']}/"
    response = client.put(url, json={"content": "second"}, headers=basic())
    assert response.status_code == 200
    assert response.get_json()["content"] == "second"
    assert response.get_json()["pub_date"] == created["pub_date"]
    assert (
        client.patch(url, json={"content": "third"}, headers=basic()).get_json()["content"]
        == "third"
    )


def test_delete_removes_the_object(client, alice):
    """DELETE answers {"deleted": 1}; the object is gone (404) afterwards."""
    created = client.post("/api/message/", json={"content": "bye"}, headers=basic()).get_json()
    url = f"/api/message/{created['id']}/"
    response = client.delete(url, headers=basic())
    assert response.status_code == 200 and response.get_json() == {"deleted": 1}
    assert client.get(url).status_code == 404


def test_failed_write_writes_nothing(client, make_user):
    """A write that breaks a constraint (a taken username) is a 409 and changes nothing."""
    make_user("root", admin=True)
    carol = make_user("carol")
    response = client.patch(
        f"/api/user/{carol.id}/", json={"username": "root", "active": False}, headers=basic("root")
    )
    assert response.status_code == 409
    assert "UNIQUE" not in response.get_data(as_text=True).upper()
    carol = User.get_by_id(carol.id)
    assert carol.username == "carol" and carol.active
