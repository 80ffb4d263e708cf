"""Edits to the project's own files: add imports, a class and a registration line, and
touch nothing else, so `git diff` shows only the added code."""

import ast
import sys

from .source import import_line

FUTURE, STDLIB, THIRD_PARTY, LOCAL = range(4)


def section(node):
    """isort's section of an import statement."""
    if isinstance(node, ast.ImportFrom) and node.level:
        return LOCAL
    name = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
    top = (name or "").split(".")[0]
    if top == "__future__":
        return FUTURE
    return STDLIB if top in sys.stdlib_module_names else THIRD_PARTY


def module_name(node):
    if isinstance(node, ast.ImportFrom):
        return "." * node.level + (node.module or "")
    return node.names[0].name


class SourceFile:
    """One file's text, edited by line; edits are computed against the original text."""

    def __init__(self, text):
        self.text = text
        self.tree = ast.parse(text)
        self.lines = text.splitlines(keepends=True)
        self.edits = []  # (first line index, end line index, replacement text)

    def imports(self):
        return [node for node in self.tree.body if isinstance(node, ast.Import | ast.ImportFrom)]

    def add_imports(self, needed):
        """`needed` maps a module to names: "peewee" to {"CharField"}, "" to {"datetime"}."""
        for module, names in sorted(needed.items()):
            if module == "":
                for name in sorted(names):
                    self.add_plain_import(name)
            else:
                self.add_from_import(module, names)

    def add_plain_import(self, name):
        existing = [node for node in self.imports() if isinstance(node, ast.Import)]
        if any(alias.name == name and alias.asname is None for n in existing for alias in n.names):
            return
        self.insert_import(ast.Import(names=[ast.alias(name=name)]), f"import {name}\n")

    def add_from_import(self, module, names):
        for node in self.imports():
            if isinstance(node, ast.ImportFrom) and module_name(node) == module:
                present = {alias.name for alias in node.names}
                if set(names) <= present or any(alias.asname for alias in node.names):
                    if not set(names) <= present:
                        break  # an aliased import: leave it be, add a line of our own
                    return
                multiline = node.end_lineno > node.lineno
                text = import_line(module, present | set(names), multiline) + "\n"
                self.edits.append((node.lineno - 1, node.end_lineno, text))
                return
        level = len(module) - len(module.lstrip("."))
        node = ast.ImportFrom(module=module.lstrip(".") or None, names=[], level=level)
        self.insert_import(node, import_line(module, names) + "\n")

    def insert_import(self, node, text):
        """Put a new import statement in its section, in order; a new section gets a blank line."""
        own = section(node)
        key = (isinstance(node, ast.ImportFrom), module_name(node).lstrip(".").lower())
        imports = self.imports()
        same = [n for n in imports if section(n) == own]
        for other in same:
            if (isinstance(other, ast.ImportFrom), module_name(other).lstrip(".").lower()) > key:
                self.edits.append((other.lineno - 1, other.lineno - 1, text))
                return
        if same:
            self.edits.append((same[-1].end_lineno, same[-1].end_lineno, text))
            return
        before = [n for n in imports if section(n) < own]
        if before:
            self.edits.append((before[-1].end_lineno, before[-1].end_lineno, "\n" + text))
            return
        after = [n for n in imports if section(n) > own]
        if after:
            self.edits.append((after[0].lineno - 1, after[0].lineno - 1, text + "\n"))
            return
        start = self.docstring_end()
        self.edits.append((start, start, ("\n" if start else "") + text))

    def docstring_end(self):
        body = self.tree.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            return body[0].end_lineno
        return 0

    def registrations(self, target):
        """Top-level `target.register(...)` statements (`admin`, `api`)."""
        return [
            node
            for node in self.tree.body
            if isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Attribute)
            and isinstance(node.value.func.value, ast.Name)
            and node.value.func.value.id == target
            and node.value.func.attr == "register"
        ]

    def add_class_and_registration(self, class_text, registration, target):
        """The class before the closing block of registrations; its registration after the
        last `target.register(...)`. Without such a block, both go at the end."""
        calls = self.registrations(target)
        trailing = []
        for node in reversed(self.tree.body):
            if not isinstance(node, ast.Expr):
                break
            trailing.insert(0, node)
        if calls and trailing and calls[-1] in trailing:
            first = trailing[0].lineno - 1
            self.edits.append((first, first, class_text + "\n\n"))
            end = calls[-1].end_lineno
            self.edits.append((end, end, registration))
        else:
            self.append(class_text + "\n\n" + registration)

    def append(self, text):
        """Text after everything else, two blank lines below the last statement."""
        end = len(self.lines)
        ending = "" if self.text.endswith("\n") or not self.text else "\n"
        self.edits.append((end, end, ending + "\n\n" + text))

    def result(self):
        """The edited text (edits apply bottom-up, so earlier line numbers stay valid)."""
        lines = list(self.lines)
        order = sorted(enumerate(self.edits), key=lambda item: (item[1][0], item[0]), reverse=True)
        for _, (start, end, text) in order:
            lines[start:end] = [text]
        return "".join(lines)
