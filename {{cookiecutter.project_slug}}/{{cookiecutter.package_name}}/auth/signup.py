"""Signing up: `/accounts/signup/` when AUTH_SIGNUP is true, verified by an emailed link.

With AUTH_VERIFY_EMAIL (the default) a new account stays inactive until its owner opens
the link sent to the address (`/accounts/signup/verify/<token>/`, valid for
AUTH_VERIFY_EMAIL_SECONDS) and confirms. Without it the account is active at once and its
address gets a "your account is ready" email. The page never tells whether an email address
is taken: that address gets a "you already have an account" email instead, and the visitor
sees the same "check your email" page either way, after the same work (one password hash,
one email). A signup that was never confirmed does not hold its address, nor, once its link
has expired, its username: signing up again replaces the unconfirmed account. "Resend" sends
a new link to an unconfirmed account.
"""

import datetime

from flask import abort, current_app, flash, redirect, render_template, url_for
from peewee import IntegrityError, fn

from ..mail import MailNotSent, send_mail
from .attempts import Throttled, count_try
from .forms import LogoutForm, SignupForm
from .passwords import hash_password
from .reset import email_link_page, find_user_by_email
from .tokens import make_token, read_token

PURPOSE = "verify_email"


def verify_fingerprint(user):
    """A verification link is bound to the address it was sent to."""
    return (user.email,)


def send_verification_mail(auth, user):
    token = make_token(PURPOSE, user, *verify_fingerprint(user))
    link = url_for(f"{auth.blueprint_name}.verify_email", token=token, _external=True)
    days = max(1, current_app.config["AUTH_VERIFY_EMAIL_SECONDS"] // 86400)
    send_mail(
        user.email,
        "Confirm your email address",
        "auth/mail/verify_email",
        user=user,
        link=link,
        days=days,
    )


def send_already_registered_mail(auth, email):
    reset = url_for(f"{auth.blueprint_name}.password_reset", _external=True)
    send_mail(email, "You already have an account", "auth/mail/already_registered", reset=reset)


def send_welcome_mail(auth, user):
    """Without verification: the account is ready (one email, as for a taken address)."""
    login = url_for(f"{auth.blueprint_name}.login", _external=True)
    send_mail(user.email, "Your account is ready", "auth/mail/welcome", user=user, login=login)


def send_new_link(auth, email):
    """A new link for an unconfirmed signup; for any other address, a note saying so."""
    user = find_user_by_email(auth.user_model, email)
    if user is not None and unverified(auth, user):
        send_verification_mail(auth, user)
    else:  # the same one email, so the work done tells nothing either
        send_mail(email, "Confirm your email address", "auth/mail/verify_email", user=None)


def unverified(auth, user):
    """Whether `user` signed up and never opened the emailed link."""
    pending = auth.EmailVerification
    return pending.select().where(pending.user == user.id).exists()


def expired_signups(auth):
    """The ids of unconfirmed users whose link has expired: they hold no username."""
    pending = auth.EmailVerification
    expired = datetime.datetime.now() - datetime.timedelta(
        seconds=current_app.config["AUTH_VERIFY_EMAIL_SECONDS"]
    )
    return pending.select(pending.user).where(pending.created < expired)


def username_taken(auth, username):
    """Whether `username` belongs to someone (an expired, unconfirmed signup does not count)."""
    User = auth.user_model
    return (
        User.select()
        .where((User.username == username) & User.id.not_in(expired_signups(auth)))
        .exists()
    )


def forget_unconfirmed(auth, username, email):
    """Delete unconfirmed signups holding this address, or this username past their link's life."""
    User, pending = auth.user_model, auth.EmailVerification
    holders = pending.select(pending.user).join(User).where(fn.LOWER(User.email) == email.lower())
    User.delete().where(
        User.id.in_(holders) | ((User.username == username) & User.id.in_(expired_signups(auth)))
    ).execute()


def create_account(auth, form):
    """The new user (inactive until verified if AUTH_VERIFY_EMAIL), or None if the email is
    taken, in which case that address is told so by email. Either way one email goes out.
    Raises MailNotSent, and then nothing was written."""
    User = auth.user_model
    verify = current_app.config["AUTH_VERIFY_EMAIL"]
    username, email = form.username.data.strip(), form.email.data.strip()
    password_hash = hash_password(form.new_password.data)  # also when the email is taken
    with auth.db.database.atomic():
        forget_unconfirmed(auth, username, email)
        if find_user_by_email(User, email) is not None:
            send_already_registered_mail(auth, email)
            return None
        user = User.create(
            username=username, email=email, password=password_hash, active=not verify
        )
        # Raising MailNotSent in here rolls the account back.
        if verify:
            auth.EmailVerification.create(user=user)
            send_verification_mail(auth, user)
        else:
            send_welcome_mail(auth, user)
    return user


def add_signup_views(bp, auth):
    """Signup, the confirmation link, and "resend the link"."""
    from .views import throttled_page  # views.py mounts these pages

    User = auth.user_model
    name = auth.blueprint_name

    def require_signup():
        if not current_app.config["AUTH_SIGNUP"]:
            abort(404)  # signup is off: these pages do not exist

    @bp.route("/signup/", methods=["GET", "POST"])
    def signup():
        require_signup()
        form = SignupForm()
        if form.validate_on_submit():
            try:
                count_try(auth, "signup", form.email.data.strip().lower())
            except Throttled as error:
                return throttled_page("auth/signup.html", form, error)
            if username_taken(auth, form.username.data.strip()):
                form.username.errors.append("This username is taken. Please choose another.")
                return render_template("auth/signup.html", form=form)
            try:
                create_account(auth, form)
            except MailNotSent as error:
                form.form_errors.append(str(error))
                return render_template("auth/signup.html", form=form), 503
            except IntegrityError:  # the username was taken a moment ago by someone else
                form.username.errors.append("This username is taken. Please choose another.")
                return render_template("auth/signup.html", form=form)
            # The same page for a new and a taken address (logging in here would tell them
            # apart): the email says what comes next.
            return redirect(url_for(f"{name}.signup_sent"))
        return render_template("auth/signup.html", form=form)

    @bp.route("/signup/sent/")
    def signup_sent():
        require_signup()
        return render_template("auth/signup_sent.html")

    @bp.route("/signup/verify/<token>/", methods=["GET", "POST"])
    def verify_email(token):
        require_signup()
        max_age = current_app.config["AUTH_VERIFY_EMAIL_SECONDS"]
        user = read_token(PURPOSE, token, max_age, User, verify_fingerprint)
        if user is None or not unverified(auth, user):
            return render_template("auth/verify_invalid.html"), 400
        form = LogoutForm()  # only the CSRF token: confirming is a POST from this page
        if form.validate_on_submit():
            with auth.db.database.atomic():
                pending = auth.EmailVerification
                if pending.delete().where(pending.user == user.id).execute():
                    User.update(active=True).where(User.id == user.id).execute()
            flash("Your email address is confirmed. You can log in now.")
            return redirect(url_for(f"{name}.login"))
        return render_template("auth/verify_confirm.html", form=form, email=user.email)

    @bp.route("/signup/resend/", methods=["GET", "POST"])
    def resend_verification():
        require_signup()
        return email_link_page(
            auth,
            "resend_verification",
            "auth/resend.html",
            lambda email: send_new_link(auth, email),
            f"{name}.signup_sent",
        )
