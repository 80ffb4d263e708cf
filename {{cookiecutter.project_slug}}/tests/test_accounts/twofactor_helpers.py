"""Enrolling a user in two-factor login through the pages, as a person with a phone would."""

import re
import time

import pyotp

from ..conftest import csrf_token, post_form

SECRET = re.compile(r"id=\"totp-secret\"[^>]*>([A-Z2-7]+)<")
CODE = re.compile(r"<li>([0-9a-f]{5}-[0-9a-f]{5})</li>")


def enroll(client):
    """Turn two-factor login on for the logged-in user: (TOTP, recovery codes, code used)."""
    setup = client.post(
        "/accounts/2fa/setup/", data={"csrf_token": csrf_token(client, "/accounts/2fa/")}
    )
    assert setup.status_code == 302
    page = client.get("/accounts/2fa/").get_data(as_text=True)
    totp = pyotp.TOTP(SECRET.search(page).group(1))
    code = totp.now()
    confirmed = post_form(client, "/accounts/2fa/", code=code)
    codes = CODE.findall(confirmed.get_data(as_text=True))
    assert len(codes) == 10, confirmed.get_data(as_text=True)
    return totp, codes, code


def next_code(totp):
    """The code of the next 30-second step: accepted (one step of drift), and unused."""
    return totp.at(time.time() + totp.interval)
