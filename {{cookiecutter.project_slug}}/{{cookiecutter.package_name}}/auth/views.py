"""Auth's blueprint: the login and logout pages."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request

from .forms import LoginForm, LogoutForm


def is_safe_next(url):
    """Only a relative path on this site: no scheme, no host, no `//` or `/\\` tricks."""
    if not url or not url.startswith("/"):
        return False
    normalized = url.replace("\\", "/")
    if normalized.startswith("//") or any(ord(char) < 32 for char in url):
        return False
    parts = urlsplit(normalized)
    return not parts.scheme and not parts.netloc


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
            user = auth.authenticate(form.username.data, form.password.data)
            if user is not None:
                auth.login_user(user)
                return redirect(next_url())
            form.form_errors.append("Please enter a correct username and password.")
        return render_template("auth/login.html", form=form, next=next_url())

    @bp.route("/logout/", methods=["POST"])
    def logout():
        if LogoutForm().validate_on_submit():
            auth.logout_user()
            flash("You have been logged out.")
        return redirect(next_url())

    @bp.app_context_processor
    def logout_form():
        return {"logout_form": LogoutForm()}

    return bp
