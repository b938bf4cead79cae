"""A short-lived in-process cache of public pages as anonymous visitors see them.

Only GET requests by anonymous visitors to listed endpoints, answered 200 with no flash message and
no form (a cached CSRF token would belong to someone else), are kept, per path, query and language.
Models with ``__busts_page_cache__ = True`` clear this process's cache when they change; other
worker processes catch up within PAGE_CACHE_SECONDS.
"""

from __future__ import annotations

import time

from flask import Flask, Response, get_flashed_messages, request, session
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session

_store: dict[tuple, tuple[float, bytes, str]] = {}
MAX_ENTRIES = 2000


def clear() -> None:
    _store.clear()


@event.listens_for(Session, "after_flush")
def _bust_on_content_change(session_, flush_context):
    if any(
        getattr(type(obj), "__busts_page_cache__", False) for obj in (*session_.new, *session_.dirty, *session_.deleted)
    ):
        clear()


def register_page_cache(app: Flask, endpoints: set[str]) -> None:
    seconds = app.config.get("PAGE_CACHE_SECONDS", 0)
    if not seconds:
        return

    def key():
        from flask_babel import get_locale

        return request.full_path, str(get_locale())

    def cacheable() -> bool:
        return (
            request.method == "GET"
            and request.endpoint in endpoints
            and not current_user.is_authenticated
            and "_flashes" not in session
        )

    @app.before_request
    def _serve_cached():
        if not cacheable():
            return None
        entry = _store.get(key())
        if entry and entry[0] > time.monotonic():
            return Response(entry[1], mimetype=entry[2])
        return None

    @app.after_request
    def _keep(response):
        if (
            cacheable()
            and response.status_code == 200
            and not response.direct_passthrough
            and not get_flashed_messages(with_categories=False)
        ):
            body = response.get_data()
            if b'name="csrf_token"' not in body:
                if len(_store) >= MAX_ENTRIES:
                    _store.clear()
                _store[key()] = (time.monotonic() + seconds, body, response.mimetype)
        return response
