"""Settings come from the environment, and unsafe ones stop the app from starting."""

import pytest

from {{ cookiecutter.package_name }}.app import create_app
from {{ cookiecutter.package_name }}.config import ConfigError

GOOD_SECRET = "a-long-random-secret-value-for-tests-1234"


@pytest.mark.parametrize("secret", ["", "change-me", "secret", "short"])
def test_refuses_to_start_with_a_missing_or_placeholder_secret_key(secret, database_url):
    """Outside testing, a missing, placeholder or short SECRET_KEY is refused with a clear error."""
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({"SECRET_KEY": secret, "DATABASE": database_url})


def test_starts_with_a_real_secret_key_and_secure_cookies(database_url):
    """A production app takes a real key and sends its session cookie only over HTTPS."""
    app = create_app({"SECRET_KEY": GOOD_SECRET, "DATABASE": database_url})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_reads_settings_from_the_environment(monkeypatch, database_url):
    """SECRET_KEY, DATABASE and FLASK_-prefixed variables are read from the environment."""
    monkeypatch.setenv("SECRET_KEY", GOOD_SECRET)
    monkeypatch.setenv("DATABASE", database_url)
    monkeypatch.setenv("FLASK_MESSAGES_PER_PAGE", "7")
    app = create_app()
    assert app.config["SECRET_KEY"] == GOOD_SECRET
    assert app.config["DATABASE"] == database_url
    assert app.config["MESSAGES_PER_PAGE"] == 7


def test_testing_config_does_not_need_a_secret(database_url):
    """Tests may run without a production secret."""
    app = create_app({"TESTING": True, "SECRET_KEY": "", "DATABASE": database_url})
    assert app.testing


def staff_need_two_factor(**config):
    return create_app(config).config["AUTH_REQUIRE_2FA_FOR_STAFF"]


def test_staff_need_two_factor_by_default_in_production_but_not_under_tests(
    monkeypatch, database_url
):
    """AUTH_REQUIRE_2FA_FOR_STAFF: true for a production app, false for a TESTING one."""
    monkeypatch.delenv("AUTH_REQUIRE_2FA_FOR_STAFF", raising=False)
    monkeypatch.delenv("FLASK_AUTH_REQUIRE_2FA_FOR_STAFF", raising=False)
    assert staff_need_two_factor(SECRET_KEY=GOOD_SECRET, DATABASE=database_url) is True
    assert staff_need_two_factor(TESTING=True, DATABASE=database_url) is False


@pytest.mark.parametrize("name", ["AUTH_REQUIRE_2FA_FOR_STAFF", "FLASK_AUTH_REQUIRE_2FA_FOR_STAFF"])
@pytest.mark.parametrize("value, expected", [("false", False), ("true", True)])
def test_the_environment_decides_two_factor_for_staff(
    monkeypatch, database_url, name, value, expected
):
    """The environment (as `make demo` sets it) wins over both defaults."""
    monkeypatch.setenv(name, value)
    assert staff_need_two_factor(SECRET_KEY=GOOD_SECRET, DATABASE=database_url) is expected
    assert staff_need_two_factor(TESTING=True, DATABASE=database_url) is expected
