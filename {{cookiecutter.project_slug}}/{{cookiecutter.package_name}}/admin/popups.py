"""The related-object popup: the "+" beside a foreign key opens the related add form
with `?_popup=<field id>`; once saved, that window hands the new row back and closes.

Without JavaScript the form opens in a new tab and, once saved, says so; the id it shows
can be typed into the original form.
"""

import re

from flask import render_template, request

POPUP_PARAM = "_popup"
# The id of the form field to fill in the opener: word characters only, so it is safe
# to carry through the query string and into a data attribute.
FIELD_ID = re.compile(r"[A-Za-z][\w-]{0,63}")


def popup_target():
    """The field id the current add form fills in its opener, or None when not a popup."""
    target = request.args.get(POPUP_PARAM, "")
    return target if FIELD_ID.fullmatch(target) else None


def popup_done(model_admin, obj, target):
    """The page a popup shows after saving: admin.js sends the row to the opener."""
    return render_template("admin/popup_done.html", model_admin=model_admin, obj=obj, target=target)
