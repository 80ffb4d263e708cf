"""Resource options are checked when a resource is registered: a typo or a field the
model lacks is an error at api.register(), never a setting silently ignored."""

import re

import pytest

from {{ cookiecutter.package_name }}.api import RestAPI, RestResource, RestrictOwnerResource
from {{ cookiecutter.package_name }}.models import Message


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"paginated_by": 5}, "unknown option 'paginated_by' (did you mean 'paginate_by'?)"),
        ({"list_display": ("content",)}, "unknown option 'list_display'"),
        ({"readonly_fields": ("nope",)}, "readonly_fields: no such field 'nope'"),
        ({"exclude": ("nope",)}, "exclude: no such field 'nope'"),
        ({"filter_fields": ("user__username",)}, "filter_fields: no such field"),
        ({"ordering": ("-nope",)}, "ordering: no such field '-nope'"),
        ({"include_resources": {"content": RestResource}}, "'content' is not a foreign key"),
    ],
)
def test_an_unknown_option_or_field_fails_at_registration(options, message):
    """api.register() raises ValueError naming the resource, option and field."""
    bad = type("BadResource", (RestResource,), options)
    with pytest.raises(ValueError, match=re.escape(message)):
        RestAPI(prefix="/bad", name="bad").register(Message, bad)


def test_options_of_library_subclasses_and_own_methods_are_allowed():
    """RestrictOwnerResource's own options, methods and `_private` attributes register."""

    class Mine(RestrictOwnerResource):
        owner_only_reads = True
        _note = "kept"

        def check_get(self, obj=None):
            return True

    resource = RestAPI(prefix="/ok", name="ok").register(Message, Mine)
    assert resource.owner_only_reads is True
