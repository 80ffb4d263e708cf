"""Foreign keys through HTTP: one labelled control per key, the no-JavaScript fallback,
and the "+" related-object popup."""

import re

from peewee import fn

from {{ cookiecutter.package_name }}.admin.options import FK_SELECT_LIMIT, ModelAdmin
from {{ cookiecutter.package_name }}.admin_site import MessageAdmin
from {{ cookiecutter.package_name }}.models import Message, User

from ..conftest import post_form


def labels_for(html, field_id):
    return re.findall(rf'<label for="{field_id}"[^>]*>([^<]*)</label>', html)


def test_a_big_foreign_key_is_one_labelled_id_box_with_a_link_to_the_related_list(
    client, admin_user
):
    """Without JavaScript: one label "User" for one box, which takes the id, described by
    a link to the user list that opens in a new tab; no second unlabelled search box."""
    html = client.get("/admin/message/add/").get_data(as_text=True)
    assert labels_for(html, "user") == ["User"]
    assert html.count('name="user"') == 1
    box = re.search(r'<input[^>]*id="user"[^>]*>', html).group(0)
    assert 'aria-describedby="user-help"' in box
    assert 'data-lookup="/admin/message/lookup/user/"' in box
    help_text = re.search(r'<p class="help" id="user-help".*?</p>', html, re.S).group(0)
    assert '<a href="/admin/user/" target="_blank">Find it in the user list' in help_text


def test_editing_shows_the_current_rows_label_for_the_combobox(client, admin_user):
    """The box carries the chosen user's name for the combobox to show."""
    message = Message.create(user=admin_user, content="Mine")
    html = client.get(f"/admin/message/{message.id}/").get_data(as_text=True)
    box = re.search(r'<input[^>]*id="user"[^>]*>', html).group(0)
    assert f'value="{admin_user.id}"' in box and 'data-current-label="root"' in box
    assert "(now: root)" in html


def test_the_edit_page_reads_the_row_with_its_related_rows_in_one_query(
    client, admin_user, count_queries
):
    """The user the message points to comes with the message, not in a query of its own."""
    message = Message.create(user=admin_user, content="Mine")
    client.get(f"/admin/message/{message.id}/")  # the session check's first write
    before = count_queries.count
    html = client.get(f"/admin/message/{message.id}/").get_data(as_text=True)
    reads = [sql for sql in count_queries.statements[before:] if 'FROM "user"' in sql]
    assert reads == [], reads
    assert 'data-current-label="root"' in html


def test_the_edit_page_opens_when_get_query_joins_or_groups_the_related_table(
    client, admin_user, register
):
    """The related rows are joined through an alias: a get_query() that joins the user
    table itself, or groups its rows, still gives the edit page."""

    class ActiveAuthors(MessageAdmin):
        def get_query(self):
            return Message.select().join(User).where(User.active == True)  # noqa: E712

    class Grouped(MessageAdmin):
        def get_query(self):
            return (
                Message.select(Message, fn.COUNT(User.id).alias("n")).join(User).group_by(Message)
            )

    message = Message.create(user=admin_user, content="Mine")
    for model_admin in (ActiveAuthors, Grouped):
        register(Message, model_admin)
        html = client.get(f"/admin/message/{message.id}/").get_data(as_text=True)
        assert 'data-current-label="root"' in html, model_admin.__name__


def test_a_small_related_table_is_a_select_of_labels_with_a_plus(client, admin_user, register):
    """Under the limit the key is a <select> of names, with "+" to add a user."""

    class Picker(MessageAdmin):
        foreign_key_lookups = ()

    register(Message, Picker)
    html = client.get("/admin/message/add/").get_data(as_text=True)
    assert FK_SELECT_LIMIT == 100 and labels_for(html, "user") == ["User"]
    assert re.search(rf'<option value="{admin_user.id}">root</option>', html)
    assert 'href="/admin/user/add/?_popup=user"' in html and "Add another user" in html


def test_no_plus_when_the_related_model_is_not_in_the_admin(client, admin_user, register):
    """The "+" and the list link need the related admin; without it there are none."""
    from {{ cookiecutter.package_name }}.admin_site import admin

    saved = admin.registry.pop("user")
    try:
        html = client.get("/admin/message/add/").get_data(as_text=True)
    finally:
        admin.registry["user"] = saved
    assert "_popup" not in html and "Find it in" not in html
    assert labels_for(html, "user") == ["User"]


def test_saving_in_the_popup_hands_the_new_row_back(client, admin_user):
    """The add form opened by "+" saves the user and answers with its id and label for
    the opener, instead of redirecting to the list."""
    response = post_form(
        client,
        "/admin/user/add/?_popup=user",
        username="hedy",
        email="hedy@example.com",
        new_password="a long enough password",
    )
    hedy = User.get(User.username == "hedy")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'data-target="user" data-id="{hedy.id}" data-label="hedy"' in html
    assert "Save and add another" not in client.get("/admin/user/add/?_popup=user").get_data(
        as_text=True
    )


def test_a_forged_popup_target_is_ignored(client, admin_user):
    """A `_popup` that is not a plain field id is not echoed: the save redirects as usual."""
    response = post_form(
        client,
        '/admin/user/add/?_popup="><script>x</script>',
        username="eve",
        email="eve@example.com",
        new_password="a long enough password",
    )
    assert response.status_code == 302 and User.get_or_none(User.username == "eve")


def test_the_list_filter_for_a_foreign_key_is_the_same_control(client, admin_user):
    """The list's User filter: one box labelled "User" with the lookup and the list link."""
    html = client.get("/admin/message/").get_data(as_text=True)
    assert labels_for(html, "value-user") == ["User"]
    box = re.search(r'<input[^>]*id="value-user"[^>]*>', html).group(0)
    assert 'data-lookup="/admin/message/lookup/user/"' in box
    assert 'aria-describedby="value-user-help"' in box
    assert "find it in the user list (opens in a new tab)" in html
    assert 'href="/admin/user/add/?_popup=value-user"' in html


def test_the_filters_plus_needs_the_right_to_add_the_related_row(client, admin_user, register):
    """A user admin that refuses adding: no "+" beside the filter (the form's list link
    stays)."""
    from {{ cookiecutter.package_name }}.admin_site import admin

    class NoAdding(type(admin.model_admin_for(User))):
        def has_add_permission(self, user, obj=None):
            return False

    register(User, NoAdding)
    html = client.get("/admin/message/").get_data(as_text=True)
    assert "_popup=value-user" not in html
    assert "find it in the user list (opens in a new tab)" in html


def test_a_model_admin_without_lookups_still_renders_its_foreign_keys(client, admin_user, register):
    """A plain ModelAdmin on Message: the FK is a select with its "+"."""
    register(Message, ModelAdmin)
    html = client.get("/admin/message/add/").get_data(as_text=True)
    assert '<select id="user" name="user"' in html


def test_the_lookup_searches_the_related_admins_search_fields(
    client, admin_user, make_user, register
):
    """With the user admin searching only `email`, the combobox's lookup finds a user by
    a piece of the address and no longer by the name."""
    from {{ cookiecutter.package_name }}.admin_site import admin

    class ByEmail(type(admin.model_admin_for(User))):
        search_fields = ("email",)

    register(User, ByEmail)
    make_user("grace", email="hopper@navy.example")

    def labels(query):
        found = client.get(f"/admin/message/lookup/user/?q={query}").get_json()["results"]
        return [row["label"] for row in found]

    assert labels("navy") == ["grace"]
    assert labels("grace") == []
