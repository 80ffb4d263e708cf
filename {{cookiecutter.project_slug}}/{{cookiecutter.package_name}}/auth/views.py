"""Auth's blueprint: the login, logout and change-password pages."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request

from .forms import ChangePasswordForm, LoginForm, LogoutForm
from .reset import add_reset_views
from .sessions import add_sessions_views
from .signup import add_signup_views
from .throttle import Throttled
from .twofactor import add_two_factor_views

WRONG_CREDENTIALS = "Please enter a correct username and password."


def is_safe_next(url):
    """Only a relative path on this site: no scheme, no host, no `//` or `/\\` tricks."""
    if not url or not url.startswith("/"):
        return False
    normalized = url.replace("\\", "/")
    if normalized.startswith("//") or any(ord(char) < 32 for char in url):
        return False
    parts = urlsplit(normalized)
    return not parts.scheme and not parts.netloc


def throttled_page(template, form, error, **context):
    """The form again with the wait message, as a 429 with Retry-After."""
    form.form_errors.append(error.description)
    body = render_template(template, form=form, **context)
    return body, 429, {"Retry-After": str(error.retry_after)}


def make_blueprint(auth):
    bp = Blueprint(
        auth.blueprint_name,
        __name__,
        template_folder="templates",
        static_folder="static",
        static_url_path="/static",
    )

    def next_url():
        target = request.values.get("next", "")
        return target if is_safe_next(target) else auth.default_next_url

    @bp.route("/login/", methods=["GET", "POST"])
    def login():
        form = LoginForm()
        if form.validate_on_submit():
            try:
                user = auth.authenticate(form.username.data, form.password.data)
            except Throttled as error:
                return throttled_page("auth/login.html", form, error, next=next_url())
            if user is not None:
                if auth.two_factor.enrolled(user):  # half logged in: the code comes next
                    return auth.two_factor.start_login(user, next_url())
                auth.login_user(user)
                return redirect(next_url())
            form.form_errors.append(WRONG_CREDENTIALS)
        return render_template("auth/login.html", form=form, next=next_url())

    @bp.route("/logout/", methods=["POST"])
    def logout():
        if LogoutForm().validate_on_submit():
            auth.logout_user()
            flash("You have been logged out.")
        return redirect(next_url())

    @bp.route("/password/", methods=["GET", "POST"])
    @auth.login_required
    def change_password():
        form = ChangePasswordForm()
        if form.validate_on_submit():
            try:
                current = auth.authenticate(g.user.username, form.current_password.data)
            except Throttled as error:
                return throttled_page("auth/password.html", form, error)
            if current is None:
                form.current_password.errors.append("Your current password is not correct.")
            else:
                auth.set_password(g.user, form.new_password.data)
                auth.login_user(g.user)  # this browser stays in; every other session ends
                flash("Your password has been changed.")
                return redirect(auth.default_next_url)
        return render_template("auth/password.html", form=form)

    add_reset_views(bp, auth)
    add_signup_views(bp, auth)
    add_sessions_views(bp, auth)
    add_two_factor_views(bp, auth)

    @bp.app_context_processor
    def logout_form():
        # Only for a logged-in user: a form writes a CSRF token into the session, and an
        # anonymous visitor should get no cookie from a public page.
        # One per request: a page's panels and includes render with this context too.
        if g.get("user") is None:
            return {"logout_form": None}
        if "auth_logout_form" not in g:
            g.auth_logout_form = LogoutForm()
        return {"logout_form": g.auth_logout_form}

    return bp
