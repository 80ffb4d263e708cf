"""The wall: logged-in users post messages; everyone else only reads."""

from {{ cookiecutter.package_name }}.models import Message

from .conftest import csrf_token


def test_a_logged_in_user_posts_a_message(client, make_user, login):
    """The post form is on the wall for a logged-in user; the message appears, signed."""
    make_user("alice")
    login("alice")
    data = {"content": "Hello from alice", "csrf_token": csrf_token(client, "/")}
    response = client.post("/", data=data, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Your message is on the wall." in html
    assert "Hello from alice" in html
    assert Message.get().user.username == "alice"


def test_anonymous_visitors_cannot_post(client):
    """Without a login there is no post form, and a posted message is not stored."""
    html = client.get("/").get_data(as_text=True)
    assert 'name="content"' not in html
    data = {"content": "spam", "csrf_token": csrf_token(client, "/accounts/login/")}
    client.post("/", data=data)
    assert Message.select().count() == 0


def test_posting_without_the_csrf_token_is_refused(client, make_user, login):
    """A form on another site cannot post as the user: 400, and nothing is stored."""
    make_user("alice")
    login("alice")
    response = client.post("/", data={"content": "forged"})
    assert response.status_code == 400
    assert Message.select().count() == 0


def test_an_empty_message_is_a_form_error(client, make_user, login):
    """An empty post shows an error beside the field and stores nothing."""
    make_user("alice")
    login("alice")
    response = client.post("/", data={"content": "", "csrf_token": csrf_token(client, "/")})
    assert response.status_code == 200
    assert "This field is required." in response.get_data(as_text=True)
    assert Message.select().count() == 0
