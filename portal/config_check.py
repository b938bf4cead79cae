"""What ``flask --app portal config-check`` reports: the effective settings, secrets masked, and
what production still lacks."""

from __future__ import annotations

import re

from portal.config import STRONG_PASSWORD_HASH, strong_secret_key

MASK = "********"
_SECRET_NAME = re.compile(r"(PASSWORD|SECRET|TOKEN|(^|_)KEY)$")  # not PASSWORD_RESET_MAX_AGE
_URL_PASSWORD = re.compile(r"(?P<head>://[^/@:]*:)[^/@]*@")


def masked(name: str, value):
    """``value`` fit to print: secrets hidden, passwords inside URLs hidden."""
    if value and _SECRET_NAME.search(name):
        return MASK
    if isinstance(value, str):
        return _URL_PASSWORD.sub(lambda m: m.group("head") + MASK + "@", value)
    return value


def effective_settings(config) -> list[tuple[str, object]]:
    return [(name, masked(name, config[name])) for name in sorted(config) if name.isupper()]


def strong_password_hash(method: str) -> bool:
    if method.startswith(STRONG_PASSWORD_HASH):
        return True
    parts = method.split(":")
    # OWASP's 2023 floor for PBKDF2-HMAC-SHA256
    return parts[0] == "pbkdf2" and len(parts) == 3 and parts[2].isdigit() and int(parts[2]) >= 600_000


def production_problems(config) -> list[str]:
    """Each production requirement ``config`` does not meet, with the variable that fixes it."""
    problems = []
    if config.get("ENV_NAME") != "production":
        problems.append("PORTAL_ENV is not 'production'.")
    if not strong_secret_key(config.get("SECRET_KEY")):
        problems.append("SECRET_KEY must be at least 32 random characters.")
    if str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite"):
        problems.append("DATABASE_URL must point at PostgreSQL (postgresql+psycopg://…), not SQLite.")
    if str(config.get("RATELIMIT_STORAGE_URI", "")).startswith("memory"):
        problems.append("RATELIMIT_STORAGE_URI must be shared by all workers (redis://…), not memory://.")
    if not config.get("CACHE_REDIS_URL"):
        problems.append("CACHE_REDIS_URL must name the Redis every worker shares (redis://…): kept counts go stale.")
    if config.get("MAIL_BACKEND") != "smtp":
        problems.append(f"MAIL_BACKEND must be smtp, not {config.get('MAIL_BACKEND')!r}.")
    if str(config.get("MAIL_SENDER", "")).endswith(".example.cn"):
        problems.append("MAIL_SENDER is still the example address.")
    for name in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if not config.get(name):
            problems.append(f"{name} must be true (the portal is served over https).")
    if config.get("DEMO_ACCOUNTS_ALLOWED"):
        problems.append("DEMO_ACCOUNTS_ALLOWED must be false.")
    if not strong_password_hash(str(config.get("PASSWORD_HASH_METHOD", ""))):
        problems.append(f"PASSWORD_HASH_METHOD must be {STRONG_PASSWORD_HASH} (or pbkdf2 with ≥ 600000 iterations).")
    return problems
