"""Password reset by email, after Django's design.

`/accounts/password/reset/` asks for an email address and always answers the same way:
known or not, one email is sent (a link, or "we have no account for this address"), so
neither the page nor the work done tells a visitor which addresses have accounts. The
link's token is signed and bound to the password hash and last login (see tokens.py):
it expires after PASSWORD_RESET_SECONDS and dies once used. Setting the new password
ends every session of the user; their API keys stay.
"""

from flask import current_app, flash, redirect, render_template, url_for
from peewee import fn

from ..mail import MailNotSent, send_mail
from .attempts import Throttled, count_try
from .forms import EmailForm, NewPasswordForm
from .passwords import hash_password
from .tokens import make_token, read_token, reset_fingerprint

PURPOSE = "password_reset"


def find_user_by_email(user_model, email):
    """The user with this address, ignoring case (people type Alice@... and alice@...)."""
    return user_model.get_or_none(fn.LOWER(user_model.email) == email.strip().lower())


def send_reset_mail(auth, email):
    """One email either way: the link for an active user, a short note for anyone else."""
    user = find_user_by_email(auth.user_model, email)
    if user is not None and not user.active:
        user = None
    link = None
    if user is not None:
        token = make_token(PURPOSE, user, *reset_fingerprint(user))
        link = url_for(f"{auth.blueprint_name}.password_reset_confirm", token=token, _external=True)
    hours = current_app.config["PASSWORD_RESET_SECONDS"] // 3600
    send_mail(
        user.email if user else email,
        "Reset your password",
        "auth/mail/password_reset",
        user=user,
        link=link,
        hours=hours,
    )


def set_new_password(auth, user, raw):
    """Set the password only if it is still the one the link was made for; end all sessions.

    The conditional update makes the link single-use even when it is submitted twice at once.
    """
    User = auth.user_model
    with auth.db.database.atomic():
        changed = (
            User.update(password=hash_password(raw))
            .where((User.id == user.id) & (User.password == user.password))
            .execute()
        )
        if changed:  # every browser logged in, or half logged in, has to start again
            for model in (auth.UserSession, auth.PendingLogin):
                model.delete().where(model.user == user.id).execute()
    return bool(changed)


def email_link_page(auth, kind, template, send, sent_endpoint):
    """An "enter your email, we send a link" page (reset, resend): every try is counted
    per address and email, sends one email, and gets the same answer for any address."""
    from .views import throttled_page  # views.py mounts the pages that use this

    form = EmailForm()
    if form.validate_on_submit():
        email = form.email.data.strip()
        try:
            count_try(auth, kind, email.lower())
            send(email)
        except Throttled as error:
            return throttled_page(template, form, error)
        except MailNotSent as error:
            form.form_errors.append(str(error))
            return render_template(template, form=form), 503
        return redirect(url_for(sent_endpoint))
    return render_template(template, form=form)


def add_reset_views(bp, auth):
    """The two reset pages: ask for the email, then set a new password from the link."""

    @bp.route("/password/reset/", methods=["GET", "POST"])
    def password_reset():
        return email_link_page(
            auth,
            PURPOSE,
            "auth/reset_request.html",
            lambda email: send_reset_mail(auth, email),
            f"{auth.blueprint_name}.password_reset_sent",
        )

    @bp.route("/password/reset/sent/")
    def password_reset_sent():
        return render_template("auth/reset_sent.html")

    @bp.route("/password/reset/<token>/", methods=["GET", "POST"])
    def password_reset_confirm(token):
        max_age = current_app.config["PASSWORD_RESET_SECONDS"]
        user = read_token(PURPOSE, token, max_age, auth.user_model, reset_fingerprint)
        if user is None or not user.active:
            return render_template("auth/reset_invalid.html"), 400
        form = NewPasswordForm()
        if form.validate_on_submit():
            if not set_new_password(auth, user, form.new_password.data):
                return render_template("auth/reset_invalid.html"), 400
            flash("Your password has been set. You can log in with it now.")
            return redirect(url_for(f"{auth.blueprint_name}.login"))
        return render_template("auth/reset_confirm.html", form=form)
