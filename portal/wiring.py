"""Binding the extensions to an app: models, migrations, locale, sign-in, limits."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from portal.extensions import babel, bootstrap, cache, csrf, db, limiter, login_manager, migrate
from portal.i18n import lazy_gettext as _l


def register_extensions(app: Flask) -> None:
    from portal import (
        i18n,
        models,  # noqa: F401  (every model registered on the metadata)
    )

    db.init_app(app)
    from portal.core.db import register_length_guard

    register_length_guard()
    from portal.audit.guard import register_sqlite_purge_function

    register_sqlite_purge_function()
    migrate.init_app(
        app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True, compare_type=True
    )
    csrf.init_app(app)
    bootstrap.init_app(app)
    limiter.init_app(app)
    cache.init_app(app, config=cache_config(app.config))
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        timezone_selector=lambda: "Asia/Shanghai",
        default_translation_directories=str(Path(app.root_path).parent / "translations"),
    )
    i18n.install_template_gettext(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    login_manager.login_message = _l("Please sign in to continue.")
    # flash() stores the message in the session: translate it now, in the visitor's language
    login_manager.localize_callback = str
    login_manager.login_message_category = "info"

    from portal.core.background import register_after_response
    from portal.tasks import init_celery

    register_after_response(app)
    init_celery(app)

    from portal.accounts.services import load_user

    login_manager.user_loader(load_user)

    # the subsidy forms offer the firm's granted pledge loans and IP insurance, which the market owns
    from portal.cases import lookups
    from portal.cases.kinds.pledge_subsidy import GRANTED_LOANS
    from portal.cases.kinds.premium_subsidy import GRANTED_INSURANCE
    from portal.market.financing import granted_insurance, granted_pledge_loans

    lookups.provide(GRANTED_LOANS, granted_pledge_loans)
    lookups.provide(GRANTED_INSURANCE, granted_insurance)


def cache_config(config) -> dict:
    """Flask-Caching settings: Redis when CACHE_REDIS_URL is set, with short socket timeouts so that a
    Redis outage costs a page a fraction of a second, not a worker."""
    if config.get("CACHE_REDIS_URL"):
        timeout = config["HEALTHZ_SERVICE_TIMEOUT_MS"] / 1000
        return {
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": config["CACHE_REDIS_URL"],
            "CACHE_KEY_PREFIX": config["CACHE_KEY_PREFIX"],
            "CACHE_DEFAULT_TIMEOUT": config["CACHE_DEFAULT_TIMEOUT"],
            "CACHE_OPTIONS": {"socket_timeout": timeout, "socket_connect_timeout": timeout},
        }
    return {
        "CACHE_TYPE": config["CACHE_TYPE"],
        "CACHE_KEY_PREFIX": config["CACHE_KEY_PREFIX"],
        "CACHE_DEFAULT_TIMEOUT": config["CACHE_DEFAULT_TIMEOUT"],
        "CACHE_THRESHOLD": 2000,
    }
