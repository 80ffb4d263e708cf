"""Conditional requests: ETag on details, 304 for If-None-Match, 412 for a stale If-Match."""

from .conftest import basic


def test_etag_and_if_none_match_give_304(client, alice, post_message):
    """A client that has the current version gets 304 and no body."""
    url = post_message().headers["Location"]
    first = client.get(url)
    etag = first.headers["ETag"]
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.data == b""
    client.patch(url, json={"content": "changed"}, headers=basic())
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_stale_if_match_is_a_412_and_changes_nothing(client, alice, post_message):
    """Two editors: the second one's write, based on an old copy, is refused."""
    url = post_message("v1").headers["Location"]
    etag = client.get(url).headers["ETag"]
    assert (
        client.patch(url, json={"content": "v2"}, headers={**basic(), "If-Match": etag}).status_code
        == 200
    )
    response = client.put(url, json={"content": "v3"}, headers={**basic(), "If-Match": etag})
    assert response.status_code == 412
    assert client.delete(url, headers={**basic(), "If-Match": etag}).status_code == 412
    assert client.get(url).get_json()["content"] == "v2"
    fresh = client.get(url).headers["ETag"]
    assert client.delete(url, headers={**basic(), "If-Match": fresh}).status_code == 200
