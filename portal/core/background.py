"""Work that must not hold up a response: mail, digests, reminders.

With ``CELERY_BROKER_URL`` set, tasks go to the Celery workers (Redis or RabbitMQ broker). Without one
(the two-command embedded default) the same task functions run in this process **after** the response
has been sent: Werkzeug calls ``Response.call_on_close`` once the last byte went out. Either way the
hand-over happens after the response, so a slow or unreachable broker never delays a page either.
Outside a request (commands, the worker itself) tasks run or are published at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, current_app, g, has_request_context

log = logging.getLogger(__name__)

# name → function, for running without a broker; the Celery tasks of the same names call the same functions
LOCAL_TASKS: dict[str, Callable] = {}


def local_task(name: str):
    def register(fn: Callable) -> Callable:
        LOCAL_TASKS[name] = fn
        return fn

    return register


def run_later(name: str, *args) -> None:
    """Run task ``name`` after the response (in a request) or now (elsewhere)."""
    if has_request_context() and current_app.config["TASKS_AFTER_RESPONSE"]:
        g.setdefault("after_response", []).append((name, args))
    else:
        _hand_over(current_app._get_current_object(), name, args)  # type: ignore[attr-defined]


def run_after_commit(name: str, *args) -> None:
    """Run task ``name`` once the current transaction has committed (``core.db.commit``); dropped on rollback."""
    g.setdefault("tasks_after_commit", []).append((name, args))


def dispatch_committed() -> None:
    for name, args in g.pop("tasks_after_commit", []):
        run_later(name, *args)


def discard_uncommitted_tasks() -> None:
    g.pop("tasks_after_commit", None)


def _hand_over(app: Flask, name: str, args: tuple) -> None:
    celery = app.extensions.get("celery")
    if app.config["CELERY_BROKER_URL"] and celery is not None:
        try:
            celery.send_task(name, args=args, retry=False)
        except Exception:  # broker down: the work is in the database (outbox) and beat sweeps it later
            log.exception("could not queue %s%r; it stays in the outbox", name, args)
        return
    try:
        LOCAL_TASKS[name](*args)
    except Exception:
        log.exception("background task %s%r failed", name, args)


def register_after_response(app: Flask) -> None:
    @app.after_request
    def _schedule(response):
        jobs = g.pop("after_response", [])
        if jobs:
            response.call_on_close(lambda: _run_all(app, jobs))
        return response


def _run_all(app: Flask, jobs) -> None:
    # the request context is gone by now: each job gets a fresh app context and session
    from portal.extensions import db

    for name, args in jobs:
        with app.app_context():
            try:
                _hand_over(app, name, args)
            finally:
                db.session.remove()
