"""Python source as `ruff format` writes it: literals, calls and tuples that wrap at 100."""

import datetime
import decimal
import re
import textwrap

LINE_LENGTH = 100


def literal(value):
    """A value as source: strings in double quotes, dates and decimals through their module."""
    if isinstance(value, str):
        text = repr(value)
        if text.startswith('"') or '"' in value:
            return text  # repr chose the quote that needs fewer escapes, as ruff does
        return f'"{text[1:-1]}"'
    if isinstance(value, decimal.Decimal):
        return f"decimal.Decimal({literal(str(value))})"
    if isinstance(value, datetime.date | datetime.time):
        return repr(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        items = [literal(item) for item in value]
        if isinstance(value, tuple):
            return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
        return "[" + ", ".join(items) + "]"
    return repr(value)


def bracketed(head, items, tail, indent=0, one_tuple=False):
    """`head` + items joined + `tail` on one line if it fits, else one item per line."""
    pad = " " * indent
    joined = ", ".join(items) + ("," if one_tuple and len(items) == 1 else "")
    line = f"{pad}{head}{joined}{tail}"
    if len(line) <= LINE_LENGTH:
        return line
    inner = f"{pad}    {joined}"
    if len(inner) <= LINE_LENGTH and not one_tuple:
        return f"{pad}{head}\n{inner}\n{pad}{tail}"
    body = "\n".join(f"{pad}    {item}," for item in items)
    return f"{pad}{head}\n{body}\n{pad}{tail}"


def assign_tuple(name, values, indent=4):
    """`name = ("a", "b")`, wrapped like ruff format."""
    items = [literal(value) for value in values]
    return bracketed(f"{name} = (", items, ")", indent, one_tuple=True)


def assign_call(name, function, args, indent=4):
    """`name = Function(arg, key=value)`, wrapped like ruff format."""
    return bracketed(f"{name} = {function}(", args, ")", indent)


def import_line(module, names, multiline=False):
    """`from module import a, b` in isort's order; one name per line when long (or asked)."""
    ordered = sorted(set(names), key=import_order)
    line = f"from {module} import {', '.join(ordered)}"
    if len(line) <= LINE_LENGTH and not multiline:
        return line
    body = "\n".join(f"    {name}," for name in ordered)
    return f"from {module} import (\n{body}\n)"


def import_order(name):
    """isort's order by type: CONSTANTS, then Classes, then functions and variables."""
    if name.isupper() and len(name) > 1:
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


def docstring(text, indent=4):
    """A docstring, wrapped onto more lines when one would pass the line length."""
    pad = " " * indent
    line = f'{pad}"""{text}"""'
    if len(line) <= LINE_LENGTH:
        return line
    # Room for the closing quotes on the last line: a text that needed wrapping takes two
    # lines at least, which ruff format keeps as they are.
    lines = textwrap.wrap(text, LINE_LENGTH - 3, initial_indent=f'{pad}"""', subsequent_indent=pad)
    return "\n".join(lines) + '"""'


DOCSTRING_OPENING = re.compile(r'^( *)"""(.*?)("""|)$')


def wrap_docstrings(text):
    """`text` with each docstring line that passes the line length wrapped: a one-line
    docstring, or the first line of a longer one (long model and field names make long
    sentences)."""
    lines = []
    for line in text.splitlines():
        match = DOCSTRING_OPENING.match(line)
        if match and len(line) > LINE_LENGTH:
            pad, words, closing = match.groups()
            if closing:
                line = docstring(words, indent=len(pad))
            else:
                line = "\n".join(
                    textwrap.wrap(
                        words, LINE_LENGTH, initial_indent=f'{pad}"""', subsequent_indent=pad
                    )
                )
        lines.append(line)
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")
