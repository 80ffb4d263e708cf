"""The project's admin: which models it shows, how, and the dashboard's two panels.

Add a model: write a ModelAdmin subclass below and `admin.register(Model, ModelAdmin)`.
"""

import datetime

from flask import flash, g, redirect, url_for
from flask_wtf import FlaskForm
from peewee import DateTimeField, ForeignKeyField, TextField, fn
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from .admin import Admin, AdminPanel, ModelAdmin, TabularInline, UserAdmin
from .db import Statement, db
from .extensions import auth
from .models import Message, Tag, User

admin = Admin(auth=auth)


class MessageAdmin(ModelAdmin):
    columns = ("user", "content", "pub_date", "tags")
    search_fields = ("content", "user__username")
    filter_fields = ("user", "content", "pub_date", "tags")
    foreign_key_lookups = ("user",)
    ordering = ("-pub_date",)
    list_editable = ("content",)
    date_hierarchy = "pub_date"
    show_facets = True


class TagAdmin(ModelAdmin):
    columns = ("name",)
    search_fields = ("name",)
    ordering = ("name",)


class MessageInline(TabularInline):
    """A user's messages on the user's page: the newest ten, and a link to the rest."""

    model = Message
    fields = ("content", "pub_date")
    ordering = ("-pub_date",)
    extra = 1
    paginate_by = 10


class ProjectUserAdmin(UserAdmin):
    inlines = (MessageInline,)


admin.user_admin_class = ProjectUserAdmin


class Note(db.Model):
    """A short note an admin leaves on the dashboard for the other admins."""

    user = ForeignKeyField(User, backref="admin_notes", on_delete="CASCADE")
    message = TextField()
    created = DateTimeField(default=datetime.datetime.now, index=True)

    class Meta:
        table_name = "admin_note"

    def __str__(self):
        return self.message[:40]


class NoteForm(FlaskForm):
    message = TextAreaField("New note", validators=[DataRequired(), Length(max=1000)])


class NotePanel(AdminPanel):
    """Notes: admins write short notes, newest first."""

    template_name = "admin/panels/notes.html"
    permission = "note.view"
    shown = 10

    def __init__(self, admin, title):
        super().__init__(admin, title)
        # Every visit to the dashboard runs the same query: its SQL is written once.
        self.newest = Statement(Note, self.newest_query, values=0)

    def newest_query(self):
        return (
            Note.select(Note, User)
            .join(User)
            .order_by(Note.created.desc(), Note.id.desc())
            .limit(self.shown)
        )

    def get_context(self):
        return {"notes": list(self.newest.rows()), "form": NoteForm()}

    def get_urls(self):
        return {"create": (self.create, ["POST"])}

    def create(self):
        form = NoteForm()
        if form.validate_on_submit():
            Note.create(user=g.user, message=form.message.data.strip())
            flash("Note added.")
        else:
            flash("The note was not added: " + "; ".join(sum(form.errors.values(), [])))
        return redirect(url_for("admin.index"))


class SignupsPanel(AdminPanel):
    """Signups: new users per day over the last 30 days, as an inline SVG bar chart."""

    template_name = "admin/panels/signups.html"
    permission = "user.view"
    days = 30
    width, height, bar_gap = 300, 80, 2

    def __init__(self, admin, title):
        super().__init__(admin, title)
        self.per_day = Statement(User, self.joined_per_day, values=1)  # SQL written once

    def joined_per_day(self, start):
        day = fn.DATE(User.join_date).coerce(False)  # a plain date, not a parsed datetime
        return (
            User.select(day.alias("day"), fn.COUNT(User.id).alias("count"))
            .where(User.join_date >= start)
            .group_by(day)
            .tuples()
        )

    def counts_per_day(self, first_day):
        start = datetime.datetime.combine(first_day, datetime.time())
        rows = self.per_day.rows(start)
        return {str(day)[:10]: count for day, count in rows}  # SQLite: text, PostgreSQL: date

    def get_context(self):
        last_day = datetime.date.today()
        first_day = last_day - datetime.timedelta(days=self.days - 1)
        counts = self.counts_per_day(first_day)
        days = [first_day + datetime.timedelta(days=n) for n in range(self.days)]
        peak = max(counts.values(), default=0)
        slot = self.width / self.days
        baseline = self.height - 1
        bars = []
        for index, day in enumerate(days):
            count = counts.get(day.isoformat(), 0)
            height = round(count / peak * (baseline - 2), 1) if peak else 0
            bars.append(
                {
                    "day": day.isoformat(),
                    "count": count,
                    "x": round(index * slot, 1),
                    "y": round(baseline - height, 1),
                    "width": round(slot - self.bar_gap, 1),
                    "height": height,
                }
            )
        chart = {
            "width": self.width,
            "height": self.height,
            "baseline": baseline,
            "days": self.days,
            "bars": bars,
            "peak": peak,
            "total": sum(bar["count"] for bar in bars),
            "first_day": first_day.isoformat(),
            "last_day": last_day.isoformat(),
        }
        return {"chart": chart}


admin.register(Message, MessageAdmin)
admin.register(Tag, TagAdmin)
auth.register_admin(admin)
admin.register_panel("Notes", NotePanel)
admin.register_panel("Signups", SignupsPanel)
