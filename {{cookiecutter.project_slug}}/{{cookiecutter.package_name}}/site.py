"""The small public site: the message wall, a page per user, and a health check."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf import FlaskForm
from peewee import PeeweeException
from playhouse.flask_utils import get_object_or_404
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from .db import db
from .models import Message, User

bp = Blueprint("site", __name__)


class MessageForm(FlaskForm):
    content = TextAreaField("Message", validators=[DataRequired(), Length(max=1000)])


def messages():
    """Newest first, with each author fetched in the same query."""
    return (
        Message.select(Message, User)
        .join(User)
        .order_by(Message.pub_date.desc(), Message.id.desc())
    )


def render_page(template, query, **context):
    """One page of `query` as `messages`; a page past the last one is a 404.

    No COUNT(*) (it reads every row): one row more than a page tells if there is an older one.
    """
    per_page = current_app.config["MESSAGES_PER_PAGE"]
    page = request.args.get("page", 1, type=int)
    if not 1 <= page <= 2**31:
        abort(404)
    messages = list(query.limit(per_page + 1).offset((page - 1) * per_page))
    if page > 1 and not messages:
        abort(404)
    has_older = len(messages) > per_page
    return render_template(
        template, messages=messages[:per_page], page=page, has_older=has_older, **context
    )


@bp.route("/", methods=["GET", "POST"])
def index():
    # Only a logged-in user gets the form (and so a CSRF token and a session cookie).
    form = MessageForm() if g.get("user") is not None else None
    if form is not None and form.validate_on_submit():
        Message.create(user=g.user, content=form.content.data)
        flash("Your message is on the wall.")
        return redirect(url_for("site.index"))
    return render_page("index.html", messages(), form=form)


@bp.route("/users/<username>/")
def user_detail(username):
    author = get_object_or_404(User.select().where(User.active == True), User.username == username)  # noqa: E712
    return render_page("user.html", messages().where(Message.user == author), author=author)


@bp.route("/healthz")
def healthz():
    """200 when the database answers, 503 (with a reason) when it does not."""
    try:
        with db.database.connection_context():
            db.database.execute_sql("SELECT 1")
    except PeeweeException:
        return jsonify(status="error", database="unavailable"), 503
    return jsonify(status="ok", database="ok")
