"""Settings: instance/config.py, typed environment variables, unknown names, `config-check`."""

from __future__ import annotations

import logging

import pytest
from flask import Flask

from portal import create_app
from portal.config import ConfigError, ProductionConfig, TestConfig, load_config, setting_defaults
from tests.helpers import PRODUCTION_SECRET

PRODUCTION_READY = {
    "ENV_NAME": "production",
    "SECRET_KEY": PRODUCTION_SECRET,
    "BASE_URL": "https://ip.hongqiao.example.cn",
    "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://portal:db-pass-123@127.0.0.1:5432/portal",
    "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/15",
    "CACHE_REDIS_URL": "redis://127.0.0.1:6379/15",
    "MAIL_SENDER": "noreply@hongqiao.gov.cn",
    "MAIL_SMTP_PASSWORD": "smtp-pass-456",
}


@pytest.fixture
def restore_limiter(test_config):
    yield
    # the limiter object is shared by every app in this process: give the suite its memory storage back
    create_app(test_config)


def _bare_config(tmp_path, environ, overrides=None):
    app = Flask(__name__, instance_path=str(tmp_path))
    load_config(app, {"SECRET_KEY": "s" * 40} if overrides is None else overrides, environ=environ)
    return app


def test_instance_config_file_is_read_and_the_environment_overrides_it(
    test_config, tmp_path, monkeypatch, restore_limiter
):
    (tmp_path / "config.py").write_text('RATELIMIT_KEY_PREFIX = "hongqiao"\nMAIL_SENDER = "file@hongqiao.gov.cn"\n')
    monkeypatch.setenv("PORTAL_MAIL_SENDER", "env@hongqiao.gov.cn")
    app = create_app({**test_config, "INSTANCE_PATH": str(tmp_path)})
    assert app.config["RATELIMIT_KEY_PREFIX"] == "hongqiao"
    assert app.config["MAIL_SENDER"] == "env@hongqiao.gov.cn"
    assert app.extensions["config_sources"]["RATELIMIT_KEY_PREFIX"] == str(tmp_path / "config.py")
    assert app.extensions["config_sources"]["MAIL_SENDER"] == "environment PORTAL_MAIL_SENDER"


def test_the_example_settings_file_is_valid_python(tmp_path):
    from portal import ROOT

    example = (ROOT / "instance" / "config.example.py").read_text()
    uncommented = "\n".join(
        line[2:] if line.startswith("# ") and " = " in line else line for line in example.splitlines()
    )
    (tmp_path / "config.py").write_text(uncommented)
    app = _bare_config(tmp_path, {})
    assert app.config["MAIL_SMTP_TLS"] is True and app.config["RATELIMIT_KEY_PREFIX"] == "hongqiao-ip"


def test_environment_values_take_the_type_of_their_setting(tmp_path):
    environ = {
        "PORTAL_MAIL_SMTP_TLS": "true",
        "PORTAL_MAIL_SMTP_PORT": "587",
        "PORTAL_LANGUAGES": "zh_Hans_CN, en",
        "PORTAL_TIME_LIMITS_OVERRIDE": '{"consultation": [1, 2]}',
        "PORTAL_DEMO_ACCOUNTS_ALLOWED": "off",
        "PORTAL_MAIL_SMTP_USER": "mailer",
    }
    config = _bare_config(tmp_path, environ).config
    assert config["MAIL_SMTP_TLS"] is True and config["MAIL_SMTP_PORT"] == 587
    assert config["LANGUAGES"] == ("zh_Hans_CN", "en")
    assert config["TIME_LIMITS_OVERRIDE"] == {"consultation": [1, 2]}
    assert config["DEMO_ACCOUNTS_ALLOWED"] is False and config["MAIL_SMTP_USER"] == "mailer"


def _other_value(default):
    """An environment string and the value it must become, different from ``default``."""
    if isinstance(default, bool):
        return ("false", False) if default else ("yes", True)
    if isinstance(default, int):
        return str(default + 7), default + 7
    if isinstance(default, tuple):
        return "a,b", ("a", "b")
    if isinstance(default, dict):
        return '{"x": 1}', {"x": 1}
    return "value-from-env", "value-from-env"


@pytest.mark.parametrize("setting", sorted(set(setting_defaults()) - {"ENV_NAME"}))
def test_every_setting_can_come_from_the_environment(tmp_path, setting):
    raw, expected = _other_value(setting_defaults()[setting])
    config = _bare_config(tmp_path, {f"PORTAL_{setting}": raw}, overrides={}).config
    if setting == "SQLALCHEMY_ENGINE_OPTIONS":
        # the engine options from the environment are kept; the hardening adds the driver's timeouts
        assert expected.items() <= config[setting].items()
    else:
        assert config[setting] == expected


def test_documented_unprefixed_names_keep_working_and_the_prefixed_name_wins(tmp_path):
    environ = {
        "DATABASE_URL": "postgres://u@db/portal",
        "MAIL_SMTP_PORT": "2525",
        "MAIL_SMTP_TLS": "1",
        "MAIL_SMTP_HOST": "old.example.cn",
        "PORTAL_MAIL_SMTP_HOST": "new.example.cn",
    }
    config = _bare_config(tmp_path, environ).config
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/portal"
    assert config["MAIL_SMTP_PORT"] == 2525 and config["MAIL_SMTP_TLS"] is True
    assert config["MAIL_SMTP_HOST"] == "new.example.cn"


@pytest.mark.parametrize(
    ("variable", "raw"),
    [("PORTAL_MAIL_SMTP_TLS", "maybe"), ("MAIL_SMTP_PORT", "twenty-five"), ("PORTAL_TIME_LIMITS_OVERRIDE", "[1]")],
)
def test_a_bad_environment_value_names_the_variable(tmp_path, variable, raw):
    with pytest.raises(ConfigError, match=variable):
        _bare_config(tmp_path, {variable: raw})


def test_unknown_portal_variables_are_reported_at_start_up(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="portal.config"):
        _bare_config(tmp_path, {"PORTAL_MAIL_SMTP_TSL": "1", "PORTAL_ENV": "development", "HOME": "/root"})
    messages = [r.getMessage() for r in caplog.records]
    assert messages == [
        "Unknown setting PORTAL_MAIL_SMTP_TSL in the environment is ignored (did you mean PORTAL_MAIL_SMTP_TLS?)."
    ]


def test_an_unknown_environment_name_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="PORTAL_ENV"):
        _bare_config(tmp_path, {"PORTAL_ENV": "staging"})


def test_config_check_masks_secrets(test_config, restore_limiter):
    app = create_app({**test_config, **PRODUCTION_READY, "ENV_NAME": "testing"})
    result = app.test_cli_runner().invoke(args=["config-check"])
    assert result.exit_code == 0, result.output
    for secret in ("k" * 40, "db-pass-123", "smtp-pass-456"):
        assert secret not in result.output
    assert "SECRET_KEY = '********'" in result.output
    assert "postgresql+psycopg://portal:********@127.0.0.1:5432/portal" in result.output
    assert "MAIL_SMTP_TLS = False" in result.output and "production requirements not checked" in result.output


def test_masking_hides_secrets_and_url_passwords_only():
    from portal.config_check import MASK, masked

    assert masked("WTF_CSRF_SECRET_KEY", "abc") == MASK and masked("MAIL_SMTP_PASSWORD", "abc") == MASK
    assert masked("RATELIMIT_STORAGE_URI", "redis://:r-pass@redis:6379/0") == f"redis://:{MASK}@redis:6379/0"
    assert masked("PASSWORD_RESET_MAX_AGE", 3600) == 3600 and masked("RATELIMIT_KEY_PREFIX", "hq") == "hq"
    assert masked("MAIL_SMTP_PASSWORD", None) is None and masked("PASSWORD_HASH_METHOD", "scrypt") == "scrypt"


@pytest.fixture
def no_database_at_start(monkeypatch):
    """These settings name a PostgreSQL server that is not there: skip the start-up look for demo accounts
    (tests/ops/test_hardening.py covers that check)."""
    monkeypatch.setattr("portal.accounts.demo.refuse_demo_accounts_in_production", lambda app: None)


@pytest.mark.usefixtures("no_database_at_start")
def test_config_check_fails_when_production_requirements_are_not_met(test_config, restore_limiter):
    # per-process rate-limit storage is refused at start-up itself (tests/ops/test_hardening.py)
    app = create_app({**test_config, **PRODUCTION_READY, "MAIL_BACKEND": "file"})
    result = app.test_cli_runner().invoke(args=["config-check"])
    assert result.exit_code == 1
    assert "MAIL_BACKEND must be smtp" in result.output
    from portal.config_check import production_problems

    assert any(
        "RATELIMIT_STORAGE_URI" in p for p in production_problems(dict(app.config, RATELIMIT_STORAGE_URI="memory://"))
    )
    assert any("CACHE_REDIS_URL" in p for p in production_problems(dict(app.config, CACHE_REDIS_URL="")))


@pytest.mark.usefixtures("no_database_at_start")
def test_config_check_passes_a_production_configuration(test_config, restore_limiter):
    app = create_app({**test_config, **PRODUCTION_READY})
    result = app.test_cli_runner().invoke(args=["config-check"])
    assert result.exit_code == 0, result.output
    assert "Production requirements met." in result.output


def test_production_hashes_passwords_with_scrypt_and_the_suite_with_cheap_pbkdf2():
    assert ProductionConfig.PASSWORD_HASH_METHOD == "scrypt"
    assert TestConfig.PASSWORD_HASH_METHOD == "pbkdf2:sha256:1000"
    from portal.config_check import production_problems

    weak = {**PRODUCTION_READY, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "DEMO_ACCOUNTS_ALLOWED": False}
    weak.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True, MAIL_BACKEND="smtp")
    assert production_problems(weak) == ["PASSWORD_HASH_METHOD must be scrypt (or pbkdf2 with ≥ 600000 iterations)."]


def test_config_check_without_a_production_secret_key_says_so_without_a_traceback(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "PORTAL_SECRET_KEY")}
    env["PORTAL_ENV"] = "production"
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "portal", "config-check"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Error: Production needs SECRET_KEY" in result.stderr and "Traceback" not in result.stderr
