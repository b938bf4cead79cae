"""Health of the services a deployment shares: the broker, the cache and the upload store.

Each check runs with its own short timeout (HEALTHZ_SERVICE_TIMEOUT_MS) in a helper thread, so one
service hanging cannot hold /healthz past the load balancer's patience.
"""

from __future__ import annotations

import concurrent.futures
import logging

from flask import Flask, current_app

log = logging.getLogger(__name__)

_pool = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="healthz")


def _broker(app: Flask) -> str:
    if not app.config["CELERY_BROKER_URL"]:
        return "in-process"  # no broker: tasks run after the response in the web process
    with app.extensions["celery"].connection_for_write() as conn:
        conn.ensure_connection(max_retries=0)
    return "ok"


def _cache(app: Flask) -> str:
    from portal.extensions import cache

    with app.app_context():
        cache.cache.get("healthz")  # raises when Redis does not answer
    return "ok"


def _store(app: Flask) -> str:
    from portal.core.storage import get_store

    with app.app_context():
        get_store().check()
    return "ok"


CHECKS = {"broker": _broker, "cache": _cache, "store": _store}


def service_states() -> dict[str, str]:
    """``{"broker": "ok" | "in-process" | "error" | "timeout", "cache": …, "store": …}``"""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    timeout = app.config["HEALTHZ_SERVICE_TIMEOUT_MS"] / 1000
    futures = {name: _pool.submit(check, app) for name, check in CHECKS.items()}
    states = {}
    for name, future in futures.items():
        try:
            states[name] = future.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            states[name] = "timeout"
        except Exception as err:
            log.warning("healthz: %s unavailable: %s", name, err)
            states[name] = "error"
    return states
