"""The admin's pages. Each view: check input, run the query, render (or redirect).

Every page needs a user who may enter the admin (see Admin.check_access) and the
permission for what it shows or does (`require`, asking the ModelAdmin's has_*_permission
hooks); every POST carries a CSRF token (each form is a FlaskForm); writes and their
history share one transaction.
"""

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from markupsafe import Markup
from peewee import ForeignKeyField, IntegrityError

from ..db import Statement, count_rows
from .cascade import consequences
from .editable import ListEditError, ListEditor
from .export import export_csv, export_json, rows_in_order
from .forms import ConfirmForm
from .history import ADDED, CHANGED, DELETED, record
from .listing import ListState
from .paths import Joins, key_value
from .popups import popup_done, popup_target
from .results import result_rows
from .search import search_expression

LOOKUP_PAGE_SIZE = 20
LOOKUP_MAX_PAGE = 2**31  # a deeper page is past any table; the offset must fit the database
RECENT_ACTIONS = 10


def make_blueprint(admin):
    bp = Blueprint(
        admin.blueprint_name,
        __name__,
        template_folder="templates",
        static_folder="static",
        static_url_path="/static",
    )

    @bp.before_request
    def admins_only():
        if request.endpoint != f"{admin.blueprint_name}.static":
            return admin.check_access()

    @bp.context_processor
    def admin_context():
        user = g.get("user")
        visible = [ma for ma in admin.registry.values() if ma.has_view_permission(user)]
        return {"admin": admin, "model_admins": visible}

    def require(model_admin, operation, obj=None):
        """403 unless the user may do `operation` ("view", "add", ...) here."""
        if not model_admin.allowed(g.get("user"), operation, obj):
            abort(403)

    def atomic(model_admin):
        return model_admin.model._meta.database.atomic()

    # -- dashboard and panels ------------------------------------------------------

    log = admin.LogEntry

    def recent_actions():
        return log.select().order_by(log.action_time.desc(), log.id.desc()).limit(RECENT_ACTIONS)

    every_recent_action = Statement(log, recent_actions, values=0)  # an admin's: SQL written once

    @bp.route("/")
    def index():
        user = g.user
        viewable = [ma for ma in admin.registry.values() if ma.has_view_permission(user)]
        models = [(ma, count_rows(ma.get_query())) for ma in viewable]
        # A panel renders its own template, which escapes what it shows.
        panels = [
            (panel, Markup(panel.render()))  # noqa: S704
            for panel in admin.panels.values()
            if panel.has_permission(user)
        ]
        if user.admin:
            recent = list(every_recent_action.rows())
        else:  # only rows of models this user may see
            recent = list(recent_actions().where(log.model.in_([ma.slug for ma in viewable])))
        return render_template("admin/dashboard.html", models=models, panels=panels, recent=recent)

    @bp.route("/panels/<panel>/<name>/", methods=["GET", "POST"])
    def panel_view(panel, name):
        found = admin.panels.get(panel)
        view, methods = (found.get_urls() if found else {}).get(name, (None, ()))
        if view is None:
            abort(404)
        if not found.has_permission(g.user):
            abort(403)
        if request.method not in methods:
            abort(405)
        return view()

    # -- list, export, lookup --------------------------------------------------------

    @bp.route("/<slug>/", methods=["GET", "POST"])
    def list_view(slug):
        model_admin = admin.get_model_admin(slug)
        require(model_admin, "view")
        if request.args.get("filter"):
            return redirect(add_filter_url(model_admin))
        state = ListState(model_admin, request.args)
        editable = model_admin.list_editable and model_admin.allowed(g.get("user"), "change")
        editor = ListEditor(model_admin) if editable else None
        if request.method == "POST":
            return save_list(model_admin, state, editor)
        return render_list(model_admin, state, editor)

    def render_list(model_admin, state, editor, errors=(), status=200):
        page = state.page()
        body = render_template(
            "admin/list.html",
            model_admin=model_admin,
            state=state,
            page=page,
            results=result_rows(state, page.rows, editor),
            filters=model_admin.get_filters().values(),
            actions=model_admin.actions_for(g.user).values(),
            action_form=ConfirmForm(),
            editor=editor,
            list_errors=errors,
        )
        return body, status

    def save_list(model_admin, state, editor):
        """The list's "Save" button: the list_editable cells of the page, in one go."""
        if not model_admin.list_editable:
            abort(405)
        require(model_admin, "change")
        if not ConfirmForm().validate_on_submit():
            abort(400, "The form expired; reload the page and try again.")
        try:
            posted = editor.read(request.form)
        except ListEditError as error:
            return render_list(model_admin, state, editor, [f"{error} Nothing was saved."], 400)
        saved = editor.save(posted, admin.LogEntry)
        if saved is None:
            errors = ["Please correct the errors below; nothing was saved."]
            return render_list(model_admin, state, editor, errors)
        noun = model_admin.verbose_name if saved == 1 else model_admin.verbose_name_plural
        flash(f"Saved {saved} {noun.lower()}.")
        return redirect(state.url(page=request.args.get("page")))

    def add_filter_url(model_admin):
        """The list URL with the filter from the "add filter" form in canonical form."""
        state_args = {k: v for k, v in request.args.items() if k not in ("filter", "lookup")}
        path, lookup = request.args["filter"], request.args.get("lookup", "eq")
        value = state_args.pop("value", "").strip()
        second = state_args.pop("value2", "").strip()
        if lookup == "between":
            value = f"{value},{second}"
        if value and value != ",":
            state_args[f"{path}__{lookup}"] = value
        state_args.pop("page", None)
        return url_for(".list_view", slug=model_admin.slug, **state_args)

    @bp.route("/<slug>/export.<any(csv, json):fmt>")
    def export_view(slug, fmt):
        model_admin = admin.get_model_admin(slug)
        require(model_admin, "export")
        state = ListState(model_admin, request.args)
        rows = rows_in_order(state.ordered_query(), state.order_keys())  # as the list shows
        if fmt == "csv":
            body, mimetype = export_csv(state.columns, rows), "text/csv"
        else:
            body, mimetype = export_json(state.columns, rows), "application/json"
        disposition = f'attachment; filename="{model_admin.slug}.{fmt}"'
        return Response(
            stream_with_context(body),
            mimetype=mimetype,
            headers={"Content-Disposition": disposition},
        )

    @bp.route("/<slug>/lookup/<field>/")
    def lookup(slug, field):
        """Related rows for a foreign-key field, as JSON, a page at a time."""
        model_admin = admin.get_model_admin(slug)
        # The add and edit forms and the list's filters use it.
        if not (model_admin.has_view_permission(g.user) or model_admin.has_add_permission(g.user)):
            abort(403)
        fk = model_admin.model._meta.fields.get(field)
        if not isinstance(fk, ForeignKeyField) or field not in model_admin.form_field_names():
            abort(404)
        related = fk.rel_model
        joins = Joins(related)
        query = model_admin.related_query(fk)
        condition = search_expression(
            joins, model_admin.lookup_fields(fk), request.args.get("q", "")
        )
        if condition is not None:
            query = query.where(condition)
        try:
            page = min(max(1, int(request.args.get("page", 1))), LOOKUP_MAX_PAGE)
        except ValueError:
            page = 1
        query = joins.apply(query).order_by(related._meta.primary_key)
        rows = list(query.offset((page - 1) * LOOKUP_PAGE_SIZE).limit(LOOKUP_PAGE_SIZE + 1))
        results = [{"id": row._pk, "label": str(row)} for row in rows[:LOOKUP_PAGE_SIZE]]
        return jsonify(results=results, page=page, has_next=len(rows) > LOOKUP_PAGE_SIZE)

    # -- add and edit ------------------------------------------------------------------

    def save_form(model_admin, obj, adding):
        """Validate and save the posted form with its history entry; None when it fails."""
        form = model_admin.get_form(None if adding else obj)(obj=None if adding else obj)
        posted = request.form if request.method == "POST" else None
        form.inlines = model_admin.get_inline_formsets(None if adding else obj, posted)
        valid = form.validate_on_submit()
        if posted is not None:
            # Every inline row is checked too, so each shows its errors; nothing is
            # written unless all of them pass.
            valid = all([formset.validate() for formset in form.inlines]) and valid
        if not valid:
            return form, False
        before = dict(obj.__data__)
        try:
            with atomic(model_admin):
                model_admin.save_model(obj, form, adding)
                fields = model_admin.history_fields({} if adding else before, obj, form)
                fields = [*fields, *model_admin.save_related(obj, form)]
                record(admin.LogEntry, model_admin, ADDED if adding else CHANGED, obj, fields)
                for formset in form.inlines:
                    formset.save(obj, admin.LogEntry)
        except IntegrityError:
            form.form_errors.append(
                "Could not save: another row already has one of these values, "
                "or a related row is missing."
            )
            return form, False
        return form, True

    def after_save(model_admin, obj, adding):
        if adding and popup_target():
            return popup_done(model_admin, obj, popup_target())
        flash(f"{'Added' if adding else 'Saved'} {model_admin.verbose_name.lower()} “{obj}”.")
        if "_continue" in request.form:
            return redirect(url_for(".edit_view", slug=model_admin.slug, pk=obj._pk))
        if "_addanother" in request.form:
            return redirect(url_for(".add_view", slug=model_admin.slug))
        return redirect(url_for(".list_view", slug=model_admin.slug))

    @bp.route("/<slug>/add/", methods=["GET", "POST"])
    def add_view(slug):
        model_admin = admin.get_model_admin(slug)
        require(model_admin, "add")
        obj = model_admin.model()
        form, saved = save_form(model_admin, obj, adding=True)
        if saved:
            return after_save(model_admin, obj, adding=True)
        fieldsets = model_admin.get_fieldsets(form, None)
        return render_template(
            "admin/form.html", model_admin=model_admin, form=form, obj=None, fieldsets=fieldsets
        )

    @bp.route("/<slug>/<pk>/", methods=["GET", "POST"])
    def edit_view(slug, pk):
        model_admin = admin.get_model_admin(slug)
        obj = model_admin.get_object(pk, related=True) or abort(404)
        require(model_admin, "view", obj)
        if not model_admin.has_change_permission(g.user, obj):
            if request.method == "POST":
                abort(403)
            return render_template("admin/detail.html", model_admin=model_admin, obj=obj)
        form, saved = save_form(model_admin, obj, adding=False)
        if saved:
            return after_save(model_admin, obj, adding=False)
        fieldsets = model_admin.get_fieldsets(form, obj)
        return render_template(
            "admin/form.html",
            model_admin=model_admin,
            form=form,
            obj=obj,
            fieldsets=fieldsets,
            object_actions=model_admin.object_actions_for(g.user),
            action_form=ConfirmForm(),
        )

    # -- delete and bulk actions -------------------------------------------------------

    def selected_query(model_admin, ids):
        pk = model_admin.model._meta.primary_key
        values = []
        for raw in ids:
            try:
                values.append(key_value(pk, raw))
            except (TypeError, ValueError):
                continue
        return model_admin.get_query().where(pk.in_(values))

    def confirm_page(model_admin, query, form, action, ids=(), across=False):
        pk = model_admin.model._meta.primary_key
        deleting = action is None or action.name == "delete_selected"
        # Only a delete reaches other rows; another action's page lists just the selection.
        found = consequences(model_admin.model, query.select(pk)) if deleting else []
        return render_template(
            "admin/delete.html",
            model_admin=model_admin,
            objects=list(query.limit(50)),
            count=query.count(),
            consequences=found,
            blocked=any(c.effect == "blocking" for c in found),
            form=form,
            action=action,
            deleting=deleting,
            ids=ids,
            select_across=across,
        )

    def run_action(model_admin, action, query):
        """Run a bulk action and record one history entry per selected row, atomically."""
        try:
            with atomic(model_admin):
                for obj in query:
                    name = DELETED if action.name == "delete_selected" else action.name
                    record(admin.LogEntry, model_admin, name, obj)
                return action.callback(model_admin, query), True
        except IntegrityError:
            return "Could not finish: other rows still refer to these.", False

    @bp.route("/<slug>/<pk>/delete/", methods=["GET", "POST"])
    def delete_view(slug, pk):
        model_admin = admin.get_model_admin(slug)
        obj = model_admin.get_object(pk) or abort(404)
        require(model_admin, "delete", obj)
        form = ConfirmForm()
        if form.validate_on_submit():
            try:
                with atomic(model_admin):
                    record(admin.LogEntry, model_admin, DELETED, obj)
                    model_admin.delete_model(obj)
            except IntegrityError:
                flash(f"Could not delete “{obj}”: other rows still refer to it.")
                return redirect(url_for(".edit_view", slug=slug, pk=pk))
            flash(f"Deleted {model_admin.verbose_name.lower()} “{obj}”.")
            return redirect(url_for(".list_view", slug=slug))
        pk_field = model_admin.model._meta.primary_key
        query = model_admin.get_query().where(pk_field == obj._pk)
        return confirm_page(model_admin, query, form, action=None)

    @bp.route("/<slug>/action/", methods=["POST"])
    def action_view(slug):
        model_admin = admin.get_model_admin(slug)
        form = ConfirmForm()
        if not form.validate_on_submit():
            abort(400, "The form expired; reload the page and try again.")
        action = model_admin.get_actions().get(request.form.get("action", ""))
        if action is not None and not model_admin.has_action_permission(g.user, action):
            abort(403)
        ids = request.form.getlist("pk")
        across = request.form.get("select_across") == "1"
        back = url_for(".list_view", slug=slug, **request.args)
        if action is None or not (ids or across):
            flash("Choose an action and at least one row.")
            return redirect(back)
        if across:  # every row the list's search and filters match, on every page
            query = ListState(model_admin, request.args).filtered_query(Joins(model_admin.model))
            ids = []
        else:
            query = selected_query(model_admin, ids)
        if action.confirm and request.form.get("confirmed") != "yes":
            return confirm_page(model_admin, query, form, action=action, ids=ids, across=across)
        message, _ = run_action(model_admin, action, query)
        if message:
            flash(message)
        return redirect(back)

    # -- history -----------------------------------------------------------------------

    @bp.route("/<slug>/<pk>/history/")
    def history_view(slug, pk):
        model_admin = admin.get_model_admin(slug)
        require(model_admin, "history")
        log = admin.LogEntry
        entries = list(
            log.select()
            .where((log.model == model_admin.slug) & (log.object_id == str(pk)))
            .order_by(log.action_time.desc(), log.id.desc())
        )
        obj = model_admin.get_object(pk)
        if obj is None and not entries:
            abort(404)
        title = str(obj) if obj is not None else entries[0].object_repr
        return render_template(
            "admin/history.html", model_admin=model_admin, obj=obj, title=title, entries=entries
        )

    return bp
