"""Security headers on every response: pages, JSON, errors and static files.

Change them with the SECURITY_HEADERS setting (a dict; a value of None drops a header).
A view that sets one of these headers itself keeps its own value.
"""

from flask import request

# No inline scripts or styles: an injected <script> or style="" attribute does nothing.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    )
)

DEFAULT_SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}

# Sent only over HTTPS: browsers then refuse plain HTTP to this host for a year.
STRICT_TRANSPORT_SECURITY = "max-age=31536000"


def register_security_headers(app):
    """Add the security headers to every response `app` sends."""
    app.config.setdefault("SECURITY_HEADERS", DEFAULT_SECURITY_HEADERS)

    @app.after_request
    def add_security_headers(response):
        headers = dict(app.config["SECURITY_HEADERS"])
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
        for name, value in headers.items():
            if value is not None and name not in response.headers:
                response.headers[name] = value
        return response
