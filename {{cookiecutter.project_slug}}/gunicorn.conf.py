"""gunicorn's settings: `gunicorn --config gunicorn.conf.py`, as `make serve` and the image run it.

Each value can be changed from the environment without editing this file: BIND,
WEB_CONCURRENCY, FORWARDED_ALLOW_IPS, GUNICORN_TIMEOUT. gunicorn's own GUNICORN_CMD_ARGS
and command-line flags win over this file.
"""

import os

wsgi_app = "{{ cookiecutter.package_name }}.app:create_app()"

# Loopback unless told otherwise; the Docker image sets BIND=0.0.0.0:8000.
bind = os.environ.get("BIND", "127.0.0.1:8000")

# gunicorn's rule of thumb: two workers per core, plus one. Every worker shares the
# database, so any number of them (or of hosts) is safe.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))

# Only these addresses may tell us the original scheme (X-Forwarded-Proto): your proxy's.
# "*" trusts every client, which is only right when nothing but the proxy can reach us.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# One line per request on stdout, errors on stderr: what containers and systemd collect.
accesslog = "-"
errorlog = "-"

# A request may take `timeout` seconds; on restart, workers get `graceful_timeout`
# seconds to finish what they are serving before they are stopped.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
