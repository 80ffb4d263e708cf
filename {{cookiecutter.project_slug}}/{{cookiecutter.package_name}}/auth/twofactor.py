"""Two-factor login with an authenticator app (TOTP, RFC 6238, via pyotp).

Enrolling (`/accounts/2fa/`): the page shows a QR code (inline SVG from segno: no image
file, nothing inline for the CSP to block) and the same secret as text; a current code
confirms it. Ten recovery codes are then shown once and stored as SHA-256 hashes.
Turning it off takes the password and a code.

Logging in: after the right password, a user with a confirmed device is only half logged
in. That state is a `auth_pending_login` row on the server (the browser holds a random
token for it) which expires after AUTH_2FA_LOGIN_SECONDS (300); `/accounts/2fa/login/`
then asks for a code. A code works once: the device remembers the last time step used,
and a recovery code is marked used in the same UPDATE that accepts it. Wrong codes are
throttled per user and address like passwords.

With AUTH_REQUIRE_2FA_FOR_STAFF, admins and staff are sent here before the admin opens.
"""

import datetime
import hashlib
import hmac
import secrets
import time

import pyotp
import segno
from flask import abort, current_app, flash, g, redirect, render_template, request, session, url_for
from markupsafe import Markup

from .attempts import Throttled, check_try, clear_tries, record_try
from .forms import CodeForm, DisableTwoFactorForm, LogoutForm

PENDING_KEY = "auth_pending_login"
RECOVERY_CODES = 10
WRONG_CODE = "That code is not valid. Check the time on your phone, or use a recovery code."


def code_hash(code):
    """Recovery codes are compared by hash: dashes, spaces and case do not matter."""
    normalized = "".join(code.split()).replace("-", "").lower()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def new_recovery_code():
    raw = secrets.token_hex(5)  # 40 bits, used once, throttled: enough against guessing
    return f"{raw[:5]}-{raw[5:]}"


def qr_code_svg(uri, label):
    """The provisioning URI as an inline SVG: paths only, no style attribute or script."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, border=2, light="#fff", title=label)
    return Markup(svg)  # noqa: S704 (segno escapes the title; the rest is paths we made)


class TwoFactor:
    """The second factor of `auth`'s users: enrolment, codes, half-logged-in logins."""

    def __init__(self, auth):
        self.auth = auth

    # -- devices and codes ------------------------------------------------------------

    def device(self, user, confirmed=True):
        devices = self.auth.TOTPDevice
        query = devices.select().where(devices.user == user.id)
        if confirmed:
            query = query.where(devices.confirmed == True)  # noqa: E712 (peewee expression)
        return query.first()

    def enrolled(self, user):
        return self.device(user) is not None

    def required_for(self, user):
        """Whether `user` must enroll before the admin opens (AUTH_REQUIRE_2FA_FOR_STAFF)."""
        staff = user.admin or getattr(user, "staff", False)
        return bool(current_app.config["AUTH_REQUIRE_2FA_FOR_STAFF"] and staff)

    def enrolment_redirect(self, user):
        """Where to send `user` before the admin opens: the 2FA page if they must enroll."""
        if self.required_for(user) and not self.enrolled(user):
            flash("Set up two-factor login to open the admin.")
            return redirect(url_for(f"{self.auth.blueprint_name}.two_factor_page"))
        return None

    def accept_totp(self, device, code):
        """Whether `code` is the device's current code (one step of clock drift allowed)
        and newer than the last one used; accepting it uses it up."""
        code = "".join(code.split())
        if len(code) != 6 or not code.isdigit():
            return False
        totp, now = pyotp.TOTP(device.secret), time.time()
        for drift in (0, -1, 1):
            moment = now + drift * totp.interval
            if hmac.compare_digest(totp.at(moment), code):
                step = int(moment // totp.interval)
                devices = self.auth.TOTPDevice
                # Conditional: of two requests replaying one code, only one updates the row.
                used = (
                    devices.update(last_step=step)
                    .where((devices.id == device.id) & (devices.last_step < step))
                    .execute()
                )
                return bool(used)
        return False

    def accept_recovery_code(self, user, code):
        codes = self.auth.RecoveryCode
        used = (
            codes.update(used=datetime.datetime.now())
            .where(
                (codes.user == user.id)
                & (codes.code_hash == code_hash(code))
                & codes.used.is_null()
            )
            .execute()
        )
        return bool(used)

    def accept_code(self, user, code):
        """An authenticator code or an unused recovery code; either is used up."""
        device = self.device(user)
        if device is None or not code:
            return False
        return self.accept_totp(device, code) or self.accept_recovery_code(user, code)

    def check_code(self, user, code):
        """accept_code, throttled per (user, address): raises Throttled past the limit."""
        check_try(self.auth, "two_factor", user.username)
        if self.accept_code(user, code):
            clear_tries(self.auth, "two_factor", user.username)
            return True
        record_try(self.auth, "two_factor", user.username)
        return False

    def new_recovery_codes(self, user):
        """Replace the user's recovery codes with ten new ones; returns them (shown once)."""
        codes = [new_recovery_code() for _ in range(RECOVERY_CODES)]
        model = self.auth.RecoveryCode
        with self.auth.db.database.atomic():
            model.delete().where(model.user == user.id).execute()
            model.insert_many(
                [{"user": user.id, "code_hash": code_hash(c)} for c in codes]
            ).execute()
        return codes

    def remaining_recovery_codes(self, user):
        model = self.auth.RecoveryCode
        return model.select().where((model.user == user.id) & model.used.is_null()).count()

    def reset(self, user_ids):
        """Remove the second factor of these users (the admin's "reset two-factor login")."""
        auth = self.auth
        with auth.db.database.atomic():
            for model in (auth.TOTPDevice, auth.RecoveryCode, auth.PendingLogin):
                model.delete().where(model.user.in_(user_ids)).execute()

    # -- half-logged-in logins --------------------------------------------------------

    def start_login(self, user, next_url):
        """The password was right: remember that on the server, and ask for the code."""
        from .extension import clear_session, token_hash

        pending = self.auth.PendingLogin
        now = datetime.datetime.now()
        seconds = current_app.config["AUTH_2FA_LOGIN_SECONDS"]
        token = secrets.token_urlsafe(32)
        pending.delete().where(pending.expires <= now).execute()
        clear_session()
        pending.create(
            user=user,
            token_hash=token_hash(token),
            expires=now + datetime.timedelta(seconds=seconds),
            next_url=next_url[:2000],
        )
        session[PENDING_KEY] = token
        return redirect(url_for(f"{self.auth.blueprint_name}.two_factor_login"))

    def pending_login(self):
        """This browser's unexpired half-logged-in row, or None."""
        from .extension import token_hash

        token = session.get(PENDING_KEY)
        if not token:
            return None
        pending = self.auth.PendingLogin
        return (
            pending.select()
            .where(
                (pending.token_hash == token_hash(token))
                & (pending.expires > datetime.datetime.now())
            )
            .first()
        )

    def finish_login(self, row):
        """The code was right: the half-logged-in row goes, a real session starts."""
        pending = self.auth.PendingLogin
        if not pending.delete().where(pending.id == row.id).execute():
            return False  # finished by a parallel request a moment ago
        self.auth.login_user(row.user)
        return True


def provisioning(user, device):
    issuer = current_app.config.get("SITE_NAME") or request.host
    uri = pyotp.TOTP(device.secret).provisioning_uri(name=user.username, issuer_name=issuer)
    return uri, qr_code_svg(uri, f"QR code for {issuer}")


def add_two_factor_views(bp, auth):
    """Enrol, confirm, turn off, and the login step that asks for the code."""
    from .views import throttled_page  # views.py mounts these pages

    two_factor = auth.two_factor
    name = auth.blueprint_name

    def enrol_page(form, device, error=None):
        uri, svg = provisioning(g.user, device)
        context = {"form": form, "secret": device.secret, "qr": svg, "uri": uri}
        if error is not None:
            return throttled_page("auth/two_factor_enrol.html", form, error, **context)
        return render_template("auth/two_factor_enrol.html", **context)

    @bp.route("/2fa/", methods=["GET", "POST"])
    @auth.login_required
    def two_factor_page():
        user = g.user
        if two_factor.enrolled(user):
            remaining = two_factor.remaining_recovery_codes(user)
            form = DisableTwoFactorForm()
            return render_template("auth/two_factor_on.html", form=form, remaining=remaining)
        device = two_factor.device(user, confirmed=False)
        if device is None:
            return render_template("auth/two_factor_off.html", form=LogoutForm())
        form = CodeForm()
        if form.validate_on_submit():
            try:
                check_try(auth, "two_factor", user.username)
            except Throttled as error:
                return enrol_page(form, device, error)
            if two_factor.accept_totp(device, form.code.data):
                devices = auth.TOTPDevice
                devices.update(confirmed=True).where(devices.id == device.id).execute()
                codes = two_factor.new_recovery_codes(user)
                return render_template("auth/two_factor_codes.html", codes=codes)
            record_try(auth, "two_factor", user.username)
            form.code.errors.append(WRONG_CODE)
        return enrol_page(form, device)

    @bp.route("/2fa/setup/", methods=["POST"])
    @auth.login_required
    def two_factor_setup():
        """A new secret to scan (replacing one never confirmed)."""
        if not LogoutForm().validate_on_submit():
            abort(400)
        if not two_factor.enrolled(g.user):
            devices = auth.TOTPDevice
            with auth.db.database.atomic():
                devices.delete().where(devices.user == g.user.id).execute()
                devices.create(user=g.user, secret=pyotp.random_base32())
        return redirect(url_for(f"{name}.two_factor_page"))

    @bp.route("/2fa/disable/", methods=["POST"])
    @auth.login_required
    def two_factor_disable():
        user = g.user
        if not two_factor.enrolled(user):
            return redirect(url_for(f"{name}.two_factor_page"))
        form = DisableTwoFactorForm()
        remaining = two_factor.remaining_recovery_codes(user)
        if form.validate_on_submit():
            try:
                if auth.authenticate(user.username, form.password.data) is None:
                    form.password.errors.append("Your password is not correct.")
                elif not two_factor.check_code(user, form.code.data):
                    form.code.errors.append(WRONG_CODE)
                else:
                    two_factor.reset([user.id])
                    flash("Two-factor login is off.")
                    return redirect(url_for(f"{name}.two_factor_page"))
            except Throttled as error:
                return throttled_page("auth/two_factor_on.html", form, error, remaining=remaining)
        return render_template("auth/two_factor_on.html", form=form, remaining=remaining), 400

    @bp.route("/2fa/login/", methods=["GET", "POST"])
    def two_factor_login():
        row = two_factor.pending_login()
        if row is None:
            flash("Please log in again: the code must follow the password within minutes.")
            return redirect(url_for(f"{name}.login"))
        form = CodeForm()
        if form.validate_on_submit():
            try:
                accepted = two_factor.check_code(row.user, form.code.data)
            except Throttled as error:
                return throttled_page("auth/two_factor_login.html", form, error)
            if accepted and two_factor.finish_login(row):
                return redirect(row.next_url)
            form.code.errors.append(WRONG_CODE)
        return render_template("auth/two_factor_login.html", form=form)
