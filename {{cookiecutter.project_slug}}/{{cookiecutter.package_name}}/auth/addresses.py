"""The client's address, which throttling counts against, and trusting reverse proxies.

Behind nginx, a load balancer or a CDN every request comes from the proxy's address, so
throttling one "client" would throttle everybody. Set TRUSTED_PROXIES to the number of
proxies in front of the app (1 for a single nginx) and Werkzeug's ProxyFix takes the
client's address (and scheme and host) from that many X-Forwarded-* hops. Leave it 0 when
clients reach the app directly: then those headers are a client's to forge and ignored.
"""

from flask import has_request_context, request
from werkzeug.middleware.proxy_fix import ProxyFix


def trust_proxies(app):
    """Wrap `app` in ProxyFix for TRUSTED_PROXIES hops (once, however often it is called)."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops < 0:
        raise ValueError(f"TRUSTED_PROXIES must be 0 or more, not {hops}")
    if hops and not app.extensions.get("trusted_proxies"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
        app.extensions["trusted_proxies"] = hops


def client_address():
    """The address failures are counted against, or None outside a request."""
    return (request.remote_addr or "unknown") if has_request_context() else None
