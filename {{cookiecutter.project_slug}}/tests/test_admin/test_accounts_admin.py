"""The admin and accounts: staff enroll in 2FA first, admins reset it, last login is shown."""

import re

from {{ cookiecutter.package_name }}.extensions import auth

from ..conftest import csrf_token, post_login
from ..test_accounts.twofactor_helpers import enroll


def test_an_admin_without_a_second_factor_is_sent_to_enroll(make_app, make_user):
    """AUTH_REQUIRE_2FA_FOR_STAFF: /admin/ sends to /accounts/2fa/ until enrolled."""
    app = make_app(AUTH_REQUIRE_2FA_FOR_STAFF=True)
    client = app.test_client()
    with app.app_context():
        make_user("root", admin=True)
        post_login(client, "root")
        response = client.get("/admin/")
        assert response.status_code == 302 and response.location == "/accounts/2fa/"
        assert "Set up two-factor login to open the admin" in client.get(
            response.location
        ).get_data(as_text=True)
        enroll(client)
        assert client.get("/admin/").status_code == 200


def test_staff_must_enroll_too(make_app, make_user):
    """A staff member (not a superuser) is sent to enroll as well, then gets in."""
    app = make_app(AUTH_REQUIRE_2FA_FOR_STAFF=True)
    client = app.test_client()
    with app.app_context():
        make_user("sam", staff=True)
        post_login(client, "sam")
        assert client.get("/admin/").location == "/accounts/2fa/"
        enroll(client)
        assert client.get("/admin/").status_code == 200


def test_without_the_setting_admins_get_in_with_a_password(make_app, make_user):
    """AUTH_REQUIRE_2FA_FOR_STAFF off (as in tests and `make demo`): the admin opens."""
    app = make_app(AUTH_REQUIRE_2FA_FOR_STAFF=False)
    client = app.test_client()
    with app.app_context():
        make_user("root", admin=True)
        post_login(client, "root")
        assert client.get("/admin/").status_code == 200


def test_plain_users_are_not_asked_to_enroll(make_app, make_user):
    """The rule is for people who may enter the admin; others still get 403 there."""
    app = make_app(AUTH_REQUIRE_2FA_FOR_STAFF=True)
    client = app.test_client()
    with app.app_context():
        make_user("alice")
        post_login(client)
        assert client.get("/admin/").status_code == 403


def test_an_admin_resets_a_users_second_factor_from_the_user_admin(
    app, make_user, admin_user, client
):
    """The "Reset two-factor login" action removes it, and the history records it."""
    alice = make_user("alice")
    alice_browser = app.test_client()
    post_login(alice_browser)
    enroll(alice_browser)
    assert auth.two_factor.enrolled(alice)
    page = client.get("/admin/user/").get_data(as_text=True)
    assert "Reset two-factor login" in page
    token = csrf_token(client, "/admin/user/")
    response = client.post(
        "/admin/user/action/",
        data={
            "csrf_token": token,
            "action": "reset_two_factor",
            "pk": [str(alice.id)],
            "confirmed": "yes",
        },
    )
    assert response.status_code == 302
    assert not auth.two_factor.enrolled(alice)
    history = client.get(f"/admin/user/{alice.id}/history/").get_data(as_text=True)
    assert "reset_two_factor" in history or "Reset two-factor login" in history
    # alice logs in with her password alone now, and may enroll again.
    fresh = app.test_client()
    assert post_login(fresh).status_code == 302 and fresh.get("/accounts/2fa/").status_code == 200


def test_the_last_login_shows_on_the_user_page_but_cannot_be_edited(client, admin_user):
    """The user form has no last_login input; the page shows it as a read-only value."""
    html = client.get(f"/admin/user/{admin_user.id}/").get_data(as_text=True)
    assert "Last login" in html
    assert 'name="last_login"' not in html


def test_staff_cannot_reset_the_second_factor_of_a_superuser(app, make_user, client, login):
    """A staff user allowed to change users resets only users they may manage."""
    root, alice = make_user("root", admin=True), make_user("alice")
    for user in (root, alice):
        browser = app.test_client()
        post_login(browser, user.username)
        enroll(browser)
    ed = make_user("ed", staff=True)
    auth.grants.grant(ed, ["user.view", "user.change"])
    login("ed")
    token = csrf_token(client, "/admin/user/")
    response = client.post(
        "/admin/user/action/",
        data={
            "csrf_token": token,
            "action": "reset_two_factor",
            "pk": [str(root.id), str(alice.id)],
            "confirmed": "yes",
        },
        follow_redirects=True,
    )
    assert "Skipped 1: they hold rights you lack" in response.get_data(as_text=True)
    assert auth.two_factor.enrolled(root) and not auth.two_factor.enrolled(alice)


def test_an_admin_resets_a_users_second_factor_from_the_users_page(
    app, make_user, admin_user, client
):
    """The user's own page has a "Reset two-factor login" button: a confirmation that says
    so (not "delete"), then the reset, recorded in that user's history."""
    alice = make_user("alice")
    alice_browser = app.test_client()
    post_login(alice_browser)
    enroll(alice_browser)
    page = client.get(f"/admin/user/{alice.id}/").get_data(as_text=True)
    button = re.search(
        r'<form method="post" action="([^"]+)">(.*?)<button type="submit">Reset two-factor login',
        page,
        re.DOTALL,
    )
    assert button, page
    fields = dict(re.findall(r'name="([^"]+)" (?:type="hidden" )?value="([^"]+)"', button[2]))
    assert fields["pk"] == str(alice.id) and fields["action"] == "reset_two_factor"
    confirm = client.post(button[1], data=fields)
    html = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "Reset two-factor login for 1 user?" in html
    assert "Delete" not in html.split("<h1>")[1].split("</h1>")[0]
    assert "Yes, reset two-factor login" in html and auth.two_factor.enrolled(alice)
    done = client.post(button[1], data={**fields, "confirmed": "yes"})
    assert done.status_code == 302 and not auth.two_factor.enrolled(alice)
    history = client.get(f"/admin/user/{alice.id}/history/").get_data(as_text=True)
    assert "reset_two_factor" in history or "Reset two-factor login" in history


def test_the_reset_button_is_not_offered_without_the_right(app, make_user, client, login):
    """A staff user who may only view users sees no reset button on a user's page."""
    alice = make_user("alice")
    viewer = make_user("viewer", staff=True)
    auth.grants.grant(viewer, ["user.view"])
    login("viewer")
    page = client.get(f"/admin/user/{alice.id}/").get_data(as_text=True)
    assert "Reset two-factor login" not in page
