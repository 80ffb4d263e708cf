"""Keep password hashes out of logs, even peewee's SQL log (it prints query parameters)."""

import logging
import re

BCRYPT_HASH = re.compile(r"\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}")


class HidePasswordHashes(logging.Filter):
    """Replace anything shaped like a bcrypt hash in a log record with `<password hash>`."""

    def filter(self, record):
        message = record.getMessage()
        if BCRYPT_HASH.search(message):
            record.msg, record.args = BCRYPT_HASH.sub("<password hash>", message), ()
        return True


def hide_password_hashes(logger_name="peewee"):
    """Install the filter on a logger once (init_app may run for several apps)."""
    target = logging.getLogger(logger_name)
    if not any(isinstance(existing, HidePasswordHashes) for existing in target.filters):
        target.addFilter(HidePasswordHashes())
