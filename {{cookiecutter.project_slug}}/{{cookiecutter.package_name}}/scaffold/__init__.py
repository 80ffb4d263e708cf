"""`flask scaffold`: a new model end to end (model, migration, admin, API, tests) in one command.

The modules, in the order the command uses them: `spec` parses the command line,
`project` checks it against this project, `writers` writes the model, admin and API
classes, `edits` puts them into the existing files, `samples` and
`templates/scaffold/test_model.py.jinja` write the tests, and `command` plans it all
and writes every file or none.
"""

from .command import register, scaffold

__all__ = ["register", "scaffold"]
