"""Configuration: defaults, then instance/config.py, then the environment, then overrides.

Every setting of the classes below can come from the environment as ``PORTAL_<NAME>``, read with the
type of its default (booleans, integers, lists, JSON for dicts). The older unprefixed names that the
README documents (``SECRET_KEY``, ``DATABASE_URL``, ``MAIL_SMTP_HOST`` …) still work; the prefixed
name wins when both are set.
"""

from __future__ import annotations

import difflib
import json
import logging
import os
import secrets
from pathlib import Path

import click
from flask import Flask

log = logging.getLogger(__name__)

ENV_PREFIX = "PORTAL_"
STRONG_PASSWORD_HASH = "scrypt"  # noqa: S105 a hash method name, not a password  # werkzeug's scrypt:32768:8:1


class ConfigError(click.ClickException, RuntimeError):
    """A setting the portal cannot start with; the message names the variable to fix.

    A ClickException so that ``flask --app portal …`` (config-check included) prints the message
    and exits with status 1 instead of a traceback; gunicorn shows it as any start-up error."""


class BaseConfig:
    ENV_NAME = "development"
    SECRET_KEY: str | None = None  # production: from the environment; elsewhere generated into instance/
    SQLALCHEMY_DATABASE_URI: str | None = None  # default: instance/portal.sqlite3
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    UPLOAD_FOLDER: str | None = None  # default: instance/uploads
    # an S3-compatible object store instead of the folder (MinIO, Aliyun OSS, Huawei OBS): set the bucket
    UPLOAD_S3_BUCKET = ""
    UPLOAD_S3_ENDPOINT = ""  # e.g. https://oss-cn-beijing.aliyuncs.com; empty: AWS
    UPLOAD_S3_REGION = ""
    UPLOAD_S3_ACCESS_KEY = ""
    UPLOAD_S3_SECRET_KEY = ""
    UPLOAD_S3_PREFIX = "uploads/"
    UPLOAD_S3_TIMEOUT = 5  # seconds per connect and read
    UPLOAD_SIGNED_URL_SECONDS = 0  # > 0: downloads redirect to a signed URL valid this long
    BABEL_DEFAULT_LOCALE = "zh_Hans_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh_Hans_CN", "en")
    BOOTSTRAP_SERVE_LOCAL = True  # the one Bootstrap copy, from bootstrap-flask; the CSP allows only 'self'
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    PROXY_FIX_HOPS = 0
    LOG_JSON = False
    LOG_LEVEL = "INFO"
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    RATELIMIT_KEY_PREFIX = ""  # one Redis shared by several installations
    # Redis down: limited forms let requests through, except sign-in, which refuses (fails closed)
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_STORAGE_OPTIONS: dict = {"socket_connect_timeout": 1, "socket_timeout": 1}
    LOGIN_RATE_LIMIT = "10 per 15 minutes"  # per account
    LOGIN_IP_RATE_LIMIT = "60 per 15 minutes"  # per address: offices share one NAT address
    PASSWORD_HASH_METHOD = STRONG_PASSWORD_HASH
    MAIL_BACKEND = "console"  # console (terminal + instance/mail) | file | smtp | memory
    MAIL_SENDER = "noreply@hongqiao-ip.example.cn"
    MAIL_FILE_DIR: str | None = None  # default: instance/mail
    MAIL_SMTP_HOST = "localhost"
    MAIL_SMTP_PORT = 25
    MAIL_SMTP_USER: str | None = None
    MAIL_SMTP_PASSWORD: str | None = None
    MAIL_SMTP_TLS = False
    MAIL_SMTP_TIMEOUT = 5  # seconds; a stalled relay holds one background slot, never a page
    MAIL_OUTBOX_RETRY_AFTER = 60  # seconds before beat resends mail whose task never ran (broker down)
    # --- background jobs and shared cache (README "Outgrowing one machine") ---------------------
    # empty: no broker, tasks run in the web process after the response (the embedded default)
    CELERY_BROKER_URL = ""  # redis://redis:6379/1 (or amqp://… for RabbitMQ)
    CELERY_QUEUE = "portal"  # one broker shared by several installations: a queue each
    CELERY_VISIBILITY_TIMEOUT = 3600  # Redis: seconds before a killed worker's task goes to another
    TASKS_AFTER_RESPONSE = True
    CACHE_TYPE = "SimpleCache"  # RedisCache in production (CACHE_REDIS_URL): one cache for every server
    CACHE_REDIS_URL = ""
    CACHE_KEY_PREFIX = "portal:"
    CACHE_DEFAULT_TIMEOUT = 300
    HEALTHZ_SERVICE_TIMEOUT_MS = 1_000  # broker and cache each, in /healthz
    # exports with more rows than this are prepared in the background and offered for download later
    EXPORT_ASYNC_ROWS = 2_000
    EXPORT_KEEP_SECONDS = 3_600  # a prepared file stays downloadable this long, then it is removed
    EXPORT_MAX_ATTEMPTS = 3  # tries (with backoff, on a worker) before a job is marked failed
    # console (terminal + instance/sms) | file | memory (tests) | http (the provider adapter below)
    SMS_BACKEND = "console"
    SMS_FILE_DIR: str | None = None  # default: instance/sms
    SMS_HTTP_URL = ""  # the gateway's send endpoint (https), e.g. the contracted provider's JSON API
    SMS_HTTP_TOKEN = ""  # sent as "Authorization: Bearer …"
    SMS_HTTP_TIMEOUT = 5  # seconds; a stalled gateway must not hold the request
    SMS_HTTP_ALLOW_PLAIN = False  # only for a gateway on the local network
    SMS_SIGN_NAME = "红桥区知识产权"  # the registered message signature (短信签名)
    # verification codes: per address on the routes that send them (the number itself: 1 a minute, 5 an hour)
    SMS_CODE_IP_RATE_LIMIT = "10 per hour"
    SMS_CODE_NUMBER_RATE_LIMIT = "5 per hour"
    SMS_SIGN_IN_RATE_LIMIT = "10 per 15 minutes"  # code attempts per number: a 6-digit code is not guessed
    INVITATION_MAX_AGE = 72 * 3600  # seconds an invitation link to join a firm stays valid
    EMAIL_CODE_MAX_AGE = 15 * 60  # seconds a code mailed to confirm a new address stays valid
    PASSWORD_RESET_MAX_AGE = 3600
    UPLOAD_MAX_FILE_BYTES = 20 * 1024 * 1024
    UPLOAD_MAX_CASE_BYTES = 100 * 1024 * 1024
    FIRM_STORAGE_QUOTA_BYTES = 500 * 1024 * 1024  # every file of every case of one firm together
    FIRM_OPEN_DRAFTS_MAX = 10  # unfinished applications one firm may hold at once
    MAX_CONTENT_LENGTH = 110 * 1024 * 1024
    # the base of per-10,000 indicators until an administrator sets another on /admin/site (with its
    # year and source, SITE_IDENTITY below)
    DISTRICT_POPULATION = 483_130
    # The portal's identity and district contacts: defaults an administrator can change on /admin/site.
    # Empty values are not shown. ip_line / market_line / culture_line are the national 12330 / 12315 /
    # 12318 lines, each shown with what it is for.
    SITE_IDENTITY: dict = {
        "host": "天津市红桥区市场监督管理局",
        "site_code": "",
        "icp": "",
        "police_record": "",
        "service_phone": "",
        "address": "",
        "hours": "",
        "complaints_phone": "12345",
        "data_protection": "",
        "ip_line": "12330",
        "market_line": "12315",
        "culture_line": "12318",
        # the population itself defaults to DISTRICT_POPULATION: 7th national census (2020), commonly
        # cited figure; confirm against the Tianjin census bulletin
        "population_year": "2020",
        "population_source": "第七次全国人口普查（2020年），常住人口，待与《天津市第七次全国人口普查公报》核对",
    }
    # the 收件回执 names the case handler's desk phone: {staff e-mail: number}; before a handler is
    # assigned, or for one without a number here, the section's desk phone below (empty: not shown)
    CASE_DESK_PHONES: dict = {}
    CASE_DESK_PHONE_DEFAULT = ""
    HIGH_VALUE_PATENT_TARGET = 16
    # expert review: a spread of weighted totals above this many points (of 100) is flagged for the panel
    REVIEW_DISAGREEMENT_THRESHOLD = 15
    # drop the highest and the lowest total where five or more experts scored a case
    REVIEW_TRIM_EXTREMES = True
    # the district outline: 16 by 2025 (预期性指标)
    HIGH_VALUE_PATENT_TARGET_YEAR = 2025
    DEMO_ACCOUNTS_ALLOWED = True
    TIME_LIMITS_OVERRIDE: dict = {}
    PAGE_CACHE_SECONDS = 60  # anonymous views of public content pages
    # counts and kept page bodies (the case page, the queue, the firm's list), kept until what they show
    # changes; this only bounds how long an unchanged one is kept
    COUNT_CACHE_SECONDS = 600
    # the running code's revision, in the keys of kept page bodies (PORTAL_RELEASE); unset: a digest of
    # the code, templates and catalogs (portal.templating.code_release)
    RELEASE: str | None = None
    JINJA_BYTECODE_CACHE = True  # compiled templates kept on disk (a worker starts faster)
    JINJA_BYTECODE_CACHE_DIR: str | None = None  # default: instance/jinja-cache
    PUBLICITY_DAYS_OVERRIDE: dict = {}
    # two-level sign-off (the reviewer proposes, a supervisor confirms before 公示): {kind: true|false};
    # a demonstration programme not listed needs it, a service not listed does not
    TWO_LEVEL_SIGN_OFF: dict = {}
    # the most working days one extension (延期) of a time limit may add; the office's own rule
    EXTENSION_MAX_WORKING_DAYS = 15
    # numbers of the documents issued on cases, per document type ("{code}", "{year}", "{n}"); the
    # default is 津红知{code}〔{year}〕{n}号 with the type's character (受, 补, 不受, 审, 推 …)
    DOCUMENT_NUMBER_FORMATS: dict = {}
    # the office's own target for concluding an objection, in working days from its arrival (no statute
    # sets one for these programmes; the 异议 tab of the queue shows the date it implies)
    OBJECTION_DUE_WORKING_DAYS = 10

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
    # public infringement reports (侵权假冒举报): district time limits in working days (domain.md §4.3)
    REPORT_TRIAGE_WORKING_DAYS = 7  # accept, refuse or transfer a new report within this
    REPORT_HANDLING_WORKING_DAYS = 30  # conclude an accepted report within this
    REPORT_RATE_LIMIT = "5 per hour;20 per day"  # per IP, on the public form
    REPORT_TRACK_RATE_LIMIT = "30 per hour"  # per IP: guessing tracking codes is not worth it
    # CAPTCHA-free challenge, off by default: a report sent sooner than this after the form was shown is
    # refused (programs fill forms in milliseconds); the district may turn it on, e.g. 3
    REPORT_MIN_FILL_SECONDS = 0
    REPORT_SAME_EVIDENCE_PER_DAY = 3  # reports carrying one identical file within 24 hours
    REPORT_MIN_CELL = 3  # /data/ shows report counts below this as "<3" (a reporter or shop could be identified)
    FOLLOW_UP_WORKING_DAYS = 20  # 回访 on a closed rights-protection case falls due after this
    REGISTRATION_RATE_LIMIT = "10 per hour"  # per address: each attempt mails someone
    # --- end hardening ------------------------------------------------------------------------


class TestConfig(BaseConfig):
    ENV_NAME = "testing"
    TESTING = True
    WTF_CSRF_ENABLED = False
    MAIL_BACKEND = "memory"
    SMS_BACKEND = "memory"
    RATELIMIT_ENABLED = True
    PAGE_CACHE_SECONDS = 0  # tests see every change at once; tests/ops/test_page_cache.py turns it on
    COUNT_CACHE_SECONDS = 0  # tests empty tables behind the ORM's back; tests/cases/test_count_cache.py turns it on
    # mail is delivered right after commit so tests read it at once; tests/ops/test_background.py
    # checks the after-response path that every other environment uses
    TASKS_AFTER_RESPONSE = False
    # scrypt took most of the suite's CPU; tests/ops/test_config.py checks production keeps scrypt
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105 a hash method name, not a password
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
    SMS_BACKEND = "file"  # until a gateway is contracted, codes land in instance/sms for the duty officer
    # --- hardening: required in production (PORTAL_BASE_URL), checked in portal/core/hardening.py ---
    BASE_URL = None


CONFIGS = {"development": BaseConfig, "testing": TestConfig, "production": ProductionConfig}

# Environment names the README documented before the PORTAL_ prefix; they keep working.
LEGACY_ENV_NAMES = {
    "SECRET_KEY": "SECRET_KEY",
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "RATELIMIT_STORAGE_URI": "RATELIMIT_STORAGE_URI",
    "MAIL_BACKEND": "MAIL_BACKEND",
    "MAIL_SENDER": "MAIL_SENDER",
    "MAIL_SMTP_HOST": "MAIL_SMTP_HOST",
    "MAIL_SMTP_PORT": "MAIL_SMTP_PORT",
    "MAIL_SMTP_USER": "MAIL_SMTP_USER",
    "MAIL_SMTP_PASSWORD": "MAIL_SMTP_PASSWORD",
    "MAIL_SMTP_TLS": "MAIL_SMTP_TLS",
    "LOG_LEVEL": "LOG_LEVEL",
    "PROXY_FIX_HOPS": "PROXY_FIX_HOPS",
    "DISTRICT_POPULATION": "DISTRICT_POPULATION",
}
# PORTAL_ variables that are not settings.
NON_SETTING_ENV_NAMES = {"PORTAL_ENV"}


def setting_defaults() -> dict:
    """Every setting the config classes define, with the first default found (its type is the setting's)."""
    defaults: dict = {}
    for cls in CONFIGS.values():
        for name in dir(cls):
            if name.isupper() and name not in defaults:
                defaults[name] = getattr(cls, name)
    return defaults


def parse_env_value(variable: str, raw: str, default):
    """``raw`` read with the type of ``default``; ConfigError says what was expected."""
    text = raw.strip()
    if isinstance(default, bool):
        if text.lower() in ("1", "true", "yes", "on"):
            return True
        if text.lower() in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{variable} must be a boolean (true/false, 1/0, yes/no, on/off), got {raw!r}.")
    if isinstance(default, int):
        try:
            return int(text)
        except ValueError:
            raise ConfigError(f"{variable} must be an integer, got {raw!r}.") from None
    if isinstance(default, float):
        try:
            return float(text)
        except ValueError:
            raise ConfigError(f"{variable} must be a number, got {raw!r}.") from None
    if isinstance(default, (list, tuple)):
        if text.startswith("["):
            items = _json(variable, text, list, "a JSON list")
        else:
            items = [item.strip() for item in text.split(",") if item.strip()]
        return type(default)(items)
    if isinstance(default, dict):
        return _json(variable, text, dict, "a JSON object")
    return raw


def _json(variable: str, text: str, kind: type, what: str):
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if not isinstance(value, kind):
        raise ConfigError(f"{variable} must be {what}, got {text!r}.")
    return value


def settings_from_environment(environ: dict, known: dict) -> dict[str, tuple[str, object]]:
    """``{setting: (variable, value)}`` from the legacy names, then the PORTAL_ names (which win)."""
    found: dict[str, tuple[str, object]] = {}
    for variable, setting in LEGACY_ENV_NAMES.items():
        if environ.get(variable):
            found[setting] = (variable, parse_env_value(variable, environ[variable], known.get(setting)))
    for variable, raw in environ.items():
        setting = variable[len(ENV_PREFIX) :]
        if variable.startswith(ENV_PREFIX) and setting in known:
            found[setting] = (variable, parse_env_value(variable, raw, known[setting]))
    return found


def unknown_env_variables(environ: dict, known: dict) -> list[str]:
    return sorted(
        v
        for v in environ
        if v.startswith(ENV_PREFIX) and v not in NON_SETTING_ENV_NAMES and v[len(ENV_PREFIX) :] not in known
    )


def _warn_unknown(environ: dict, known: dict) -> None:
    names = [ENV_PREFIX + k for k in known]
    for variable in unknown_env_variables(environ, known):
        close = difflib.get_close_matches(variable, names, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        log.warning("Unknown setting %s in the environment is ignored%s.", variable, hint)


def _secret_key(instance: Path) -> str:
    """A key generated once into instance/ so sessions survive restarts in development."""
    key_file = instance / "secret_key"
    if not key_file.exists():
        instance.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def load_config(app: Flask, overrides: dict, environ: dict | None = None) -> None:
    """Fill ``app.config``; ``app.extensions['config_sources']`` says where each non-default value came from."""
    environ = os.environ if environ is None else environ
    name = overrides.get("ENV_NAME") or environ.get("PORTAL_ENV", "development")
    if name not in CONFIGS:
        raise ConfigError(f"PORTAL_ENV must be one of {', '.join(CONFIGS)}, got {name!r}.")
    sources: dict[str, str] = {}
    app.config.from_object(CONFIGS[name])
    instance = Path(app.instance_path)
    settings_file = instance / "config.py"
    before = dict(app.config)
    app.config.from_pyfile(str(settings_file), silent=True)  # an absolute path: read from instance/, not portal/
    sources.update({k: str(settings_file) for k, v in app.config.items() if k not in before or before[k] is not v})
    known = {**setting_defaults(), **{k: v for k, v in app.config.items() if k.isupper()}}
    for setting, (variable, value) in settings_from_environment(environ, known).items():
        app.config[setting] = value
        sources[setting] = f"environment {variable}"
    _warn_unknown(environ, known)
    app.config.update(overrides)
    sources.update({k: "create_app()" for k in overrides})
    app.config["INSTANCE_PATH"] = str(instance)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'portal.sqlite3'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_db_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") and app.config["SQLALCHEMY_ENGINE_OPTIONS"].get(
        "pool_pre_ping"
    ):
        # a file has no server that drops idle connections: the ping would only cost every request
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**app.config["SQLALCHEMY_ENGINE_OPTIONS"], "pool_pre_ping": False}
    if not app.config.get("UPLOAD_FOLDER"):
        app.config["UPLOAD_FOLDER"] = str(instance / "uploads")
    if not app.config.get("MAIL_FILE_DIR"):
        app.config["MAIL_FILE_DIR"] = str(instance / "mail")
    if app.config["ENV_NAME"] == "production":
        if not strong_secret_key(app.config.get("SECRET_KEY")):
            raise ConfigError("Production needs SECRET_KEY (at least 32 random characters) in the environment.")
    elif not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance)
        sources["SECRET_KEY"] = str(instance / "secret_key")
    app.extensions["config_sources"] = sources
    from portal.core import hardening

    hardening.apply_config(app)


def strong_secret_key(key) -> bool:
    return isinstance(key, str) and len(key) >= 32 and not key.startswith("change-me")


def _normalise_db_url(url: str) -> str:
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the psycopg 3 dialect name.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
