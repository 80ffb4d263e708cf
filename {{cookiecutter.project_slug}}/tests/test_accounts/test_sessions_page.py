"""The sessions page: your logged-in browsers, and signing them out one by one or all."""

import datetime
import re

from {{ cookiecutter.package_name }}.extensions import auth

from ..conftest import csrf_token, post_login

SESSIONS = "/accounts/sessions/"


def browser(app, address, agent):
    client = app.test_client()
    client.environ_base.update({"REMOTE_ADDR": address, "HTTP_USER_AGENT": agent})
    return client


def logged_in(client):
    return client.get("/accounts/password/").status_code == 200


def session_ids(html):
    return [int(n) for n in re.findall(r"/accounts/sessions/(\d+)/logout/", html)]


def test_lists_each_browser_with_its_address_and_user_agent(app, make_user):
    """Both browsers, their addresses and user agents; this one is marked."""
    make_user("alice")
    laptop, phone = browser(app, "10.0.0.1", "Laptop Firefox"), browser(app, "10.0.0.2", "Phone")
    post_login(laptop)
    post_login(phone)
    html = laptop.get(SESSIONS).get_data(as_text=True)
    assert "10.0.0.1" in html and "10.0.0.2" in html
    assert "Laptop Firefox <strong>(this browser)</strong>" in html
    assert len(session_ids(html)) == 2


def test_shows_only_your_own_sessions(app, make_user):
    """Bob's browser is not on alice's page."""
    make_user("alice"), make_user("bob")
    alice, bob = browser(app, "10.0.0.1", "A"), browser(app, "10.0.0.9", "B")
    post_login(alice)
    post_login(bob, "bob")
    assert "10.0.0.9" not in alice.get(SESSIONS).get_data(as_text=True)


def test_sign_out_one_other_browser(app, make_user):
    """Its cookie stops working at once; this browser stays in."""
    make_user("alice")
    laptop, phone = browser(app, "10.0.0.1", "Laptop"), browser(app, "10.0.0.2", "Phone")
    post_login(phone)
    post_login(laptop)
    phone_row = auth.UserSession.get(auth.UserSession.address == "10.0.0.2")
    token = csrf_token(laptop, SESSIONS)
    response = laptop.post(f"{SESSIONS}{phone_row.id}/logout/", data={"csrf_token": token})
    assert response.status_code == 302
    assert not logged_in(phone) and logged_in(laptop)


def test_sign_out_this_browser_logs_out(app, make_user):
    """Its own row's button is a logout."""
    make_user("alice")
    laptop = browser(app, "10.0.0.1", "Laptop")
    post_login(laptop)
    (own,) = session_ids(laptop.get(SESSIONS).get_data(as_text=True))
    token = csrf_token(laptop, SESSIONS)
    response = laptop.post(f"{SESSIONS}{own}/logout/", data={"csrf_token": token})
    assert response.location == "/accounts/login/" and not logged_in(laptop)


def test_sign_out_everywhere_else(app, make_user):
    """Every other browser is logged out; this one is not."""
    make_user("alice")
    clients = [browser(app, f"10.0.0.{n}", f"Browser {n}") for n in range(1, 4)]
    for client in clients:
        post_login(client)
    token = csrf_token(clients[0], SESSIONS)
    response = clients[0].post(f"{SESSIONS}logout-others/", data={"csrf_token": token})
    assert response.status_code == 302
    assert [logged_in(client) for client in clients] == [True, False, False]


def test_another_users_session_cannot_be_signed_out(app, make_user):
    """Bob's session id on alice's form: 404, and bob stays logged in."""
    make_user("alice"), make_user("bob")
    alice, bob = browser(app, "10.0.0.1", "A"), browser(app, "10.0.0.9", "B")
    post_login(alice)
    post_login(bob, "bob")
    bob_row = auth.UserSession.get(auth.UserSession.address == "10.0.0.9")
    token = csrf_token(alice, SESSIONS)
    response = alice.post(f"{SESSIONS}{bob_row.id}/logout/", data={"csrf_token": token})
    assert response.status_code == 404 and logged_in(bob)


def test_signing_out_needs_a_post_with_the_csrf_token(app, make_user):
    """GET is not allowed, a POST without the token is refused."""
    make_user("alice")
    laptop = browser(app, "10.0.0.1", "Laptop")
    post_login(laptop)
    (own,) = session_ids(laptop.get(SESSIONS).get_data(as_text=True))
    assert laptop.get(f"{SESSIONS}{own}/logout/").status_code == 405
    assert laptop.post(f"{SESSIONS}logout-others/").status_code == 400
    assert logged_in(laptop)


def test_anonymous_visitors_are_sent_to_log_in(client):
    """The page is for logged-in users."""
    response = client.get(SESSIONS)
    assert response.status_code == 302 and "/accounts/login/" in response.location


def test_last_seen_is_written_at_most_once_a_minute(app, make_user):
    """A request within the minute writes nothing; after it, last_seen moves on."""
    make_user("alice")
    laptop = browser(app, "10.0.0.1", "Laptop")
    post_login(laptop)
    sessions = auth.UserSession
    recent = datetime.datetime.now() - datetime.timedelta(seconds=30)
    sessions.update(last_seen=recent).execute()
    laptop.get(SESSIONS)
    assert sessions.get().last_seen == recent
    old = datetime.datetime.now() - datetime.timedelta(minutes=5)
    sessions.update(last_seen=old).execute()
    laptop.get(SESSIONS)
    assert sessions.get().last_seen > recent
