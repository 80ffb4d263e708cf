"""`/accounts/sessions/`: the browsers logged in to your account, and signing them out.

Each row of `auth_session` is one logged-in browser: when it logged in, when it was
last seen (written at most once a minute, see `Auth.touch_session`), its address and
user agent. Signing one out deletes its row, so its cookie stops working at once.
"""

import datetime

from flask import abort, flash, g, redirect, render_template, url_for

from .forms import LogoutForm


def add_sessions_views(bp, auth):
    """The sessions page, "sign out" for one session and "sign out everywhere else"."""
    sessions = auth.UserSession
    name = auth.blueprint_name

    def current_id():
        current = g.get("auth_session")
        return current.id if current is not None else None

    @bp.route("/sessions/")
    @auth.login_required
    def user_sessions():
        rows = (
            sessions.select()
            .where((sessions.user == g.user) & (sessions.expires > datetime.datetime.now()))
            .order_by(sessions.last_seen.desc(), sessions.id.desc())
        )
        return render_template(
            "auth/sessions.html", sessions=rows, current_id=current_id(), form=LogoutForm()
        )

    @bp.route("/sessions/<int:session_id>/logout/", methods=["POST"])
    @auth.login_required
    def end_session(session_id):
        if not LogoutForm().validate_on_submit():
            abort(400)
        if session_id == current_id():
            auth.logout_user()
            flash("You have been logged out.")
            return redirect(url_for(f"{name}.login"))
        # Only your own: another user's session id is as good as unknown.
        ended = (
            sessions.delete()
            .where((sessions.id == session_id) & (sessions.user == g.user))
            .execute()
        )
        if not ended:
            abort(404)
        flash("That browser has been signed out.")
        return redirect(url_for(f"{name}.user_sessions"))

    @bp.route("/sessions/logout-others/", methods=["POST"])
    @auth.login_required
    def end_other_sessions():
        if not LogoutForm().validate_on_submit():
            abort(400)
        ended = (
            sessions.delete()
            .where((sessions.user == g.user) & (sessions.id != current_id()))
            .execute()
        )
        flash(f"Signed out everywhere else ({ended} other browser{'s' if ended != 1 else ''}).")
        return redirect(url_for(f"{name}.user_sessions"))
