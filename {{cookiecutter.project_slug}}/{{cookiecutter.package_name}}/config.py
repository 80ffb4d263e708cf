"""Settings, read from the environment; `.env` in the project root is loaded first.

Every setting can also be given as FLASK_<NAME> (JSON-decoded), or passed to
create_app() as a mapping, which wins over everything else.
"""

import os
from pathlib import Path

from dotenv import load_dotenv

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULT_DATABASE = "{% if cookiecutter.database == 'postgresql' %}postgresql://postgres@127.0.0.1:5432/{{ cookiecutter.package_name }}{% else %}sqlite:///app.db{% endif %}"

# Values people paste from tutorials; a key like these signs nothing.
PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", "dev", "development", "replace-me"}
MIN_SECRET_LENGTH = 24


class ConfigError(RuntimeError):
    """The settings cannot run the app safely; the message says what to change."""


def default_settings():
    """Settings from the environment, with safe defaults for everything but SECRET_KEY."""
    load_dotenv(PROJECT_ROOT / ".env")
    return {
        "SITE_NAME": {{ cookiecutter.project_name | tojson }},
        "SECRET_KEY": os.environ.get("SECRET_KEY", ""),
        "DATABASE": os.environ.get("DATABASE", DEFAULT_DATABASE),
        "BCRYPT_ROUNDS": int(os.environ.get("BCRYPT_ROUNDS", "12")),
        # How many reverse proxies stand in front of the app (see auth/addresses.py).
        "TRUSTED_PROXIES": whole_number("TRUSTED_PROXIES", "0"),
        "MESSAGES_PER_PAGE": 20,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        # /healthz opens its own connection, so it can answer 503 when the database is down.
        "FLASKDB_EXCLUDED_ROUTES": ("site.healthz",),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": None,  # None: HTTPS-only unless debugging or testing
        **mail_settings(),
        "PASSWORD_RESET_SECONDS": int(os.environ.get("PASSWORD_RESET_SECONDS", "86400")),
        "AUTH_SIGNUP": env_flag("AUTH_SIGNUP", True),
        "AUTH_VERIFY_EMAIL": env_flag("AUTH_VERIFY_EMAIL", True),
        # Unset: Auth decides, true in production and false under TESTING.
        **optional_flag("AUTH_REQUIRE_2FA_FOR_STAFF"),
    }


def env_flag(name, default):
    """A yes/no setting: true, 1, yes or on (any case) mean yes."""
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def optional_flag(name):
    """{name: yes/no} if the environment sets it, else nothing (the default applies)."""
    return {name: env_flag(name, False)} if name in os.environ else {}


def mail_settings():
    """MAIL_* from the environment; an empty MAIL_BACKEND means console when debugging."""
    return {
        "MAIL_BACKEND": os.environ.get("MAIL_BACKEND", ""),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": env_flag("MAIL_USE_TLS", False),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "webmaster@localhost"),
    }


def whole_number(name, default):
    """An environment variable that must be a whole number 0 or more."""
    value = os.environ.get(name, default).strip()
    if not value.isdigit():
        raise ConfigError(f"{name} must be a whole number (0 or more), not {value!r}.")
    return int(value)


def check_settings(config):
    """Refuse to start with settings that would be unsafe in production."""
    if config.get("TESTING"):
        return
    secret = config.get("SECRET_KEY") or ""
    if secret.lower() in PLACEHOLDER_SECRETS or len(secret) < MIN_SECRET_LENGTH:
        raise ConfigError(
            "SECRET_KEY is missing or a placeholder: set a random value of at least "
            f"{MIN_SECRET_LENGTH} characters in .env, e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`."
        )
