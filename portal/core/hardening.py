"""Production guard rails: refuse unsafe settings at start-up, database timeouts, trusted proxies.

Everything here runs once while the app is built; a misconfigured production portal stops with
a message that names the setting instead of starting in a weaker state.
"""

from __future__ import annotations

import ipaddress
import math
from collections import Counter
from urllib.parse import urlsplit

from flask import Flask

MIN_SECRET_BITS = 128  # estimated from the key's own character distribution


class UnsafeConfiguration(RuntimeError):
    """Production refuses to start; the message names the setting to fix."""


def secret_key_bits(key: str) -> float:
    """Shannon estimate of the key's entropy: length × bits per character seen in it."""
    if not key:
        return 0.0
    counts = Counter(key)
    per_char = -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values())
    return per_char * len(key)


def apply_config(app: Flask) -> None:
    cfg = app.config
    cfg["SQLALCHEMY_ENGINE_OPTIONS"] = _engine_options(cfg)
    if cfg["ENV_NAME"] != "production":
        return
    if secret_key_bits(cfg.get("SECRET_KEY") or "") < MIN_SECRET_BITS:
        raise UnsafeConfiguration(
            "SECRET_KEY looks guessable (too few different characters); use "
            "python3 -c 'import secrets; print(secrets.token_hex(32))'."
        )
    base = urlsplit(cfg.get("BASE_URL") or "")
    if base.scheme not in ("http", "https") or not base.hostname:
        raise UnsafeConfiguration("Production needs PORTAL_BASE_URL, e.g. https://ip.hongqiao.example.cn")
    storage = (cfg.get("RATELIMIT_STORAGE_URI") or "memory://").lower()
    if storage.startswith("memory"):
        raise UnsafeConfiguration(
            "Production needs RATELIMIT_STORAGE_URI (e.g. redis://127.0.0.1:6379/0): "
            "per-process counters let every worker grant its own share of password guesses."
        )
    if not cfg.get("CACHE_REDIS_URL"):
        raise UnsafeConfiguration(
            "Production needs PORTAL_CACHE_REDIS_URL (e.g. redis://127.0.0.1:6379/2): with a cache inside each "
            "worker, a change made through one worker leaves the others showing their kept counts, names and "
            "pages until these expire."
        )
    # Requests for any other host are refused (400); local names stay for health checks on the box.
    if cfg.get("TRUSTED_HOSTS") is None:  # Flask's default is None: every host
        cfg["TRUSTED_HOSTS"] = [base.hostname, "127.0.0.1", "localhost"]


def _engine_options(cfg) -> dict:
    options = dict(cfg.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    uri = cfg.get("SQLALCHEMY_DATABASE_URI", "")
    connect_args = dict(options.get("connect_args") or {})
    if uri.startswith("postgresql"):
        timeouts = f"-c statement_timeout={int(cfg['DB_STATEMENT_TIMEOUT_MS'])} -c lock_timeout={int(cfg['DB_LOCK_TIMEOUT_MS'])}"
        connect_args["options"] = (connect_args.get("options", "") + " " + timeouts).strip()
    elif uri.startswith("sqlite"):
        connect_args.setdefault("timeout", cfg["DB_LOCK_TIMEOUT_MS"] / 1000)
    options["connect_args"] = connect_args
    return options


class TrustedProxyFix:
    """ProxyFix that applies only to requests arriving from a configured proxy address.

    A client that reaches the app server directly cannot pick its own address with a forged
    X-Forwarded-For (and so reset the per-address limits). X-Forwarded-Host is never trusted:
    links are built from BASE_URL.
    """

    def __init__(self, wsgi_app, proxies, hops: int = 1):
        from werkzeug.middleware.proxy_fix import ProxyFix

        self.plain = wsgi_app
        self.fixed = ProxyFix(wsgi_app, x_for=hops, x_proto=hops, x_host=0, x_port=0, x_prefix=0)
        self.networks = [ipaddress.ip_network(p, strict=False) for p in proxies]

    def _trusted(self, addr: str | None) -> bool:
        try:
            ip = ipaddress.ip_address(addr or "")
        except ValueError:
            return False
        return any(ip in net for net in self.networks)

    def __call__(self, environ, start_response):
        if self._trusted(environ.get("REMOTE_ADDR")):
            return self.fixed(environ, start_response)
        return self.plain(environ, start_response)
