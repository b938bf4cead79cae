"""红桥区知识产权企业服务平台 — application factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the portal. ``config`` overrides everything else (tests pass their database here);
    its ``INSTANCE_PATH`` replaces ``instance/`` (the settings file, generated key, uploads, mail)."""
    config = config or {}
    app = Flask(
        __name__,
        instance_path=str(config.get("INSTANCE_PATH") or ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    from portal.config import load_config

    load_config(app, config)

    from portal import cli, errors, logging_setup, request_guards, security, templating, wiring
    from portal.web import register_blueprints

    register_proxy_fix(app)
    request_guards.register_request_guards(app)
    logging_setup.register_logging(app)
    wiring.register_extensions(app)
    register_blueprints(app)
    templating.register_template_helpers(app)
    errors.register_error_handlers(app)
    security.register_security(app)
    cli.register_commands(app)
    from portal.accounts.demo import refuse_demo_accounts_in_production

    refuse_demo_accounts_in_production(app)
    return app


def register_proxy_fix(app: Flask) -> None:
    """Behind the reverse proxy, trust X-Forwarded-For/-Proto from the proxy's addresses only."""
    hops = app.config.get("PROXY_FIX_HOPS", 0)
    if hops:
        from portal.core.hardening import TrustedProxyFix

        app.wsgi_app = TrustedProxyFix(app.wsgi_app, app.config["TRUSTED_PROXIES"], hops)
