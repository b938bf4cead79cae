"""Configuration: defaults, then instance/config.py, then the environment, then overrides."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask


class BaseConfig:
    ENV_NAME = "development"
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "zh_Hans_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh_Hans_CN", "en")
    BOOTSTRAP_SERVE_LOCAL = True
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    LOGIN_RATE_LIMIT = "10 per 15 minutes"  # per account
    LOGIN_IP_RATE_LIMIT = "60 per 15 minutes"  # per address: offices share one NAT address
    MAIL_BACKEND = "console"  # console | file | smtp | memory
    MAIL_SENDER = "noreply@hongqiao-ip.example.cn"
    MAIL_SMTP_HOST = "localhost"
    MAIL_SMTP_PORT = 25
    MAIL_SMTP_USER = None
    MAIL_SMTP_PASSWORD = None
    MAIL_SMTP_TLS = False
    PASSWORD_RESET_MAX_AGE = 3600
    UPLOAD_MAX_FILE_BYTES = 20 * 1024 * 1024
    UPLOAD_MAX_CASE_BYTES = 100 * 1024 * 1024
    MAX_CONTENT_LENGTH = 110 * 1024 * 1024
    DISTRICT_POPULATION = 393_000  # 第七次全国人口普查 红桥区常住人口, per-10k indicators
    HIGH_VALUE_PATENT_TARGET = 16
    DEMO_ACCOUNTS_ALLOWED = True
    TIME_LIMITS_OVERRIDE: dict = {}
    PAGE_CACHE_SECONDS = 60  # anonymous views of public content pages
    PUBLICITY_DAYS_OVERRIDE: dict = {}

    # --- hardening (security) -------------------------------------------------------------------
    # Absolute links in mail and exports are built from this, never from the request's Host header.
    BASE_URL = "http://127.0.0.1:5000"
    # Addresses whose X-Forwarded-* headers are believed (the reverse proxy); everyone else's are ignored.
    TRUSTED_PROXIES = ("127.0.0.1", "::1")
    REMEMBER_COOKIE_SAMESITE = "Lax"
    DB_STATEMENT_TIMEOUT_MS = 15_000  # PostgreSQL: no query holds a worker longer than this
    DB_LOCK_TIMEOUT_MS = 5_000  # PostgreSQL: waiting for a row or table lock; SQLite: its busy timeout
    HEALTHZ_DB_TIMEOUT_MS = 2_000  # /healthz reports the database as down when it takes longer
    ALLOW_DEMO_ACCOUNTS = False  # production only: start although demo accounts exist (logs a warning)
    SIGN_IN_LINK_MAX_AGE = 15 * 60  # one-time sign-in link for an owner whose password sign-in is throttled
    SIGN_IN_LINK_RATE_LIMIT = "3 per hour"  # per account: the owner's inbox is not a spam target
    # --- end hardening ------------------------------------------------------------------------


class TestConfig(BaseConfig):
    ENV_NAME = "testing"
    TESTING = True
    WTF_CSRF_ENABLED = False
    MAIL_BACKEND = "memory"
    RATELIMIT_ENABLED = True
    PAGE_CACHE_SECONDS = 0  # tests see every change at once; tests/ops/test_page_cache.py turns it on
    BASE_URL = "http://localhost"


class ProductionConfig(BaseConfig):
    ENV_NAME = "production"
    PROXY_FIX_HOPS = 1
    LOG_JSON = True
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    DEMO_ACCOUNTS_ALLOWED = False
    MAIL_BACKEND = "smtp"
    # --- hardening: required in production (PORTAL_BASE_URL), checked in portal/core/hardening.py ---
    BASE_URL = None


CONFIGS = {"development": BaseConfig, "testing": TestConfig, "production": ProductionConfig}


def _secret_key(instance: Path) -> str:
    """A key generated once into instance/ so sessions survive restarts in development."""
    key_file = instance / "secret_key"
    if not key_file.exists():
        instance.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def load_config(app: Flask, overrides: dict) -> None:
    name = overrides.get("ENV_NAME") or os.environ.get("PORTAL_ENV", "development")
    app.config.from_object(CONFIGS[name])
    app.config.from_pyfile("config.py", silent=True)
    for key in (
        "SECRET_KEY",
        "RATELIMIT_STORAGE_URI",
        "MAIL_BACKEND",
        "MAIL_SMTP_HOST",
        "MAIL_SENDER",
        "MAIL_SMTP_USER",
        "MAIL_SMTP_PASSWORD",
        "LOG_LEVEL",
    ):
        if os.environ.get(key):
            app.config[key] = os.environ[key]
    for key in ("MAIL_SMTP_PORT", "PROXY_FIX_HOPS", "DISTRICT_POPULATION"):
        if os.environ.get(key, "").isdigit():
            app.config[key] = int(os.environ[key])
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_db_url(os.environ["DATABASE_URL"])
    _load_hardening_env(app)
    app.config.update(overrides)
    instance = Path(app.instance_path)
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", f"sqlite:///{instance / 'portal.sqlite3'}")
    app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_db_url(app.config["SQLALCHEMY_DATABASE_URI"])
    app.config.setdefault("UPLOAD_FOLDER", str(instance / "uploads"))
    app.config.setdefault("MAIL_FILE_DIR", str(instance / "mail"))
    if app.config["ENV_NAME"] == "production":
        key = app.config.get("SECRET_KEY")
        if not key or len(key) < 32 or key.startswith("change-me"):
            raise RuntimeError("Production needs SECRET_KEY (at least 32 random characters) in the environment.")
    elif not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance)
    from portal.core import hardening

    hardening.apply_config(app)


def _load_hardening_env(app: Flask) -> None:
    """PORTAL_-prefixed settings of the hardened set-up (the names from_prefixed_env("PORTAL") gives)."""
    for key in ("BASE_URL", "RATELIMIT_STORAGE_URI"):
        if os.environ.get(f"PORTAL_{key}"):
            app.config[key] = os.environ[f"PORTAL_{key}"]
    if os.environ.get("PORTAL_TRUSTED_PROXIES"):
        app.config["TRUSTED_PROXIES"] = tuple(a.strip() for a in os.environ["PORTAL_TRUSTED_PROXIES"].split(",") if a)
    for key in ("DB_STATEMENT_TIMEOUT_MS", "DB_LOCK_TIMEOUT_MS", "HEALTHZ_DB_TIMEOUT_MS"):
        if os.environ.get(f"PORTAL_{key}", "").isdigit():
            app.config[key] = int(os.environ[f"PORTAL_{key}"])
    if os.environ.get("PORTAL_ALLOW_DEMO_ACCOUNTS", "").lower() in ("1", "true", "yes"):
        app.config["ALLOW_DEMO_ACCOUNTS"] = True


def _normalise_db_url(url: str) -> str:
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the psycopg 3 dialect name.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
