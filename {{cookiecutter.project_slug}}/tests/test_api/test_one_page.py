"""`paginate_by = None`: the list is one page, as long as max_paginate_by allows."""

import pytest

from {{ cookiecutter.package_name }}.api import RestAPI, RestResource
from {{ cookiecutter.package_name }}.models import Message


class AllMessages(RestResource):
    paginate_by = None
    max_paginate_by = 4


@pytest.fixture
def client_with_one_page(make_app, alice):
    app = make_app()
    RestAPI(app, prefix="/whole", name="whole").register(Message, AllMessages)
    return app.test_client()


def test_paginate_by_none_gives_one_page_capped_by_max_paginate_by(client_with_one_page, alice):
    """Three rows come in one page; six come four per page, with a next link."""
    for n in range(3):
        Message.create(user=alice, content=f"m{n}")
    body = client_with_one_page.get("/whole/message/").get_json()
    assert len(body["objects"]) == 3 and body["meta"]["next"] is None
    for n in range(3, 6):
        Message.create(user=alice, content=f"m{n}")
    body = client_with_one_page.get("/whole/message/").get_json()
    assert len(body["objects"]) == 4 and body["meta"]["page_count"] == 2
    assert body["meta"]["next"] is not None
    assert len(client_with_one_page.get("/whole/message/?limit=2").get_json()["objects"]) == 2
