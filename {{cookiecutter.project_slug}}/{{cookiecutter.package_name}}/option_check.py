"""One rule for declarative classes (ModelAdmin, RestResource): an option they do not know
is a mistake, reported at registration, not a setting silently ignored.

An option is a public, non-callable class attribute. The options a class knows are the
ones its library (the `admin` or `api` package) defines; a subclass in your own code may
set those, and add methods, properties and `_private` attributes freely.
"""

import difflib
import inspect


def library_options(cls, library):
    """Public data attributes defined by the classes of `library` in `cls`'s hierarchy."""
    return {
        name
        for klass in cls.__mro__
        if klass.__module__.startswith(library)
        for name in vars(klass)
        if not name.startswith("_")
    }


def refuse_unknown_options(instance, base):
    """Raise ValueError naming the first option of `instance`'s class that `base`'s
    library does not define (with the closest known name, when one is close)."""
    cls = type(instance)
    library = base.__module__.rpartition(".")[0] + "."
    known = library_options(cls, library)
    for klass in cls.__mro__:
        if klass.__module__.startswith(library) or klass is object:
            continue
        for name, value in vars(klass).items():
            if name.startswith("_") or name in known or is_behaviour(value):
                continue
            close = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValueError(
                f"{cls.__name__}: unknown option {name!r}{hint}. "
                "Name your own attributes with a leading underscore."
            )


def is_behaviour(value):
    """Methods, properties, nested classes: code, not options."""
    return (
        callable(value)
        or inspect.isdatadescriptor(value)
        or isinstance(value, classmethod | staticmethod)
    )
