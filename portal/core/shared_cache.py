"""The cache every worker on every server shares (Flask-Caching: Redis in production, a simple
in-process cache by default), and the anonymous page cache kept in it.

Invalidation is by generation, not by expiry: models with ``__busts_page_cache__ = True`` bump the
``content-generation`` counter once their change has committed, and every cached page's key carries the
generation it was rendered at, so the next request on any server misses and renders afresh. When the
cache does not answer (Redis down) pages are simply rendered: the site keeps serving. The first failure
is remembered in ``flask.g`` (:func:`available`): the rest of that request (or task, or command) goes
straight to the database instead of waiting the connection timeout again at every call.

The same rule keeps other derived figures exact: a model lists the generation keys its changes bump in
``__cache_generations__`` (the case counts of the staff queue bump ``case-generation``), and
:func:`remember` keeps a value under the generations it depends on.

Only GET requests by anonymous visitors to listed endpoints, answered 200 with no flash message and
no form (a cached CSRF token would belong to someone else), are kept, per path, query and language.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

from flask import (
    Flask,
    Response,
    current_app,
    g,
    get_flashed_messages,
    has_app_context,
    has_request_context,
    request,
    session,
)
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.extensions import cache

log = logging.getLogger(__name__)

GENERATION_KEY = "content-generation"
# what the staff queue and home counts depend on: cases, objections, firms and their qualifications,
# calendar days (time limits)
CASE_GENERATION = "case-generation"
# what a case's page shows besides the case, its objections and its firm: files, messages, documents,
# time extensions, rating follow-ups, calls, phrase templates, the audit trail, overseas warnings and the
# financing products a subsidy application names (portal.web.staff.cases)
CASE_PAGE_GENERATION = "case-page-generation"
T = TypeVar("T")
_DOWN = "shared_cache_down"


def available() -> bool:
    """False once the cache failed to answer in this application context (a request, a background task,
    a command): asking again would wait the connection timeout again for the same outage."""
    return not (has_app_context() and g.get(_DOWN, False))


def unavailable(err: Exception, message: str, *args) -> None:
    """The cache did not answer: say so once and stop asking it for the rest of this context."""
    if has_app_context():
        setattr(g, _DOWN, True)
    log.warning("cache unavailable, " + message + ": %s", *args, err)


def keep_nothing_in_this_request() -> None:
    """What this request works out may be wrong for everyone else (it could not read what it depends
    on): compute everything and keep nothing, as when the cache does not answer."""
    if has_app_context():
        setattr(g, _DOWN, True)


_SEEN = "shared_cache_generations"


@lru_cache(maxsize=1)
def _all_generation_keys() -> tuple[str, ...]:
    """Every generation key a model bumps, and the content generation: a request reads them all at once."""
    from portal.extensions import Model

    keys = {GENERATION_KEY}
    for mapper in Model.registry.mappers:
        keys.update(_generations_of_class(mapper.class_))
    return tuple(sorted(keys))


def _current(keys: tuple[str, ...]) -> list[int]:
    """The generations under ``keys``. In a request they are read once, all known keys in one round trip,
    and reused by every later call: a staff page keeps half a dozen counts and names, each of which would
    otherwise cost a round trip for its generations before the one for its value. A commit in the
    request forgets them (:func:`_bust_after_commit`), so the request's own change is seen at once."""
    if not has_request_context():
        return _read(keys)
    seen: dict[str, int] | None = g.get(_SEEN)
    if seen is None or any(key not in seen for key in keys):
        wanted = tuple(sorted(set(_all_generation_keys()) | set(keys)))
        seen = dict(zip(wanted, _read(wanted), strict=True))
        setattr(g, _SEEN, seen)
    return [seen[key] for key in keys]


def _read(keys: tuple[str, ...]) -> list[int]:
    """The generations under ``keys``; one that is missing (never bumped, or lost: evicted, or expired
    in a cache without Redis) starts afresh at a value it never had, so nothing kept under an earlier
    value can match again."""
    values = cache.get_many(*keys)
    for index, (key, value) in enumerate(zip(keys, values, strict=True)):
        if value is None:
            cache.add(key, _fresh(), timeout=0)  # only if still missing: another worker may have begun it
            values[index] = cache.get(key)
    return [int(value or 0) for value in values]


def _fresh() -> int:
    # far above any count of bumps, and never the same twice
    return time.time_ns()


def generation(key: str = GENERATION_KEY) -> int | None:
    """The current generation under ``key`` (content by default); None when the cache does not answer."""
    if not available():
        return None
    try:
        return _current((key,))[0]
    except Exception as err:
        unavailable(err, "serving uncached")
        return None


def bump_generation(key: str = GENERATION_KEY) -> None:
    # Tried even when the cache failed earlier in this context: a bump is the only thing that makes the
    # other workers drop what they keep, and one blip while reading must not cost a write its bump.
    try:
        # a missing generation starts at a value it never had (see _read); an existing one goes up by
        # one, atomically on Redis (INCR keeps it forever)
        if not cache.add(key, _fresh(), timeout=0) and cache.cache.inc(key) is None:
            cache.set(key, _fresh(), timeout=0)
    except Exception as err:
        if has_app_context():
            setattr(g, _DOWN, True)
        log.error("cache unavailable, generation %s not bumped: %s", key, err)


def _generations_of(obj) -> tuple[str, ...]:
    return _generations_of_class(type(obj))


def _generations_of_class(cls) -> tuple[str, ...]:
    keys = tuple(getattr(cls, "__cache_generations__", ()))
    return (*keys, GENERATION_KEY) if getattr(cls, "__busts_page_cache__", False) else keys


@event.listens_for(Session, "after_flush")
def _note_content_change(session_, flush_context):
    changed = {key for obj in (*session_.new, *session_.deleted) for key in _generations_of(obj)}
    changed.update(key for obj in session_.dirty if not _only_quiet_changes(obj) for key in _generations_of(obj))
    if changed:
        session_.info.setdefault("generations_changed", set()).update(changed)


def _only_quiet_changes(obj) -> bool:
    """True when every changed column of ``obj`` is one its model lists in ``__cache_quiet_columns__``:
    nothing kept shows them (a sign-in's time must not drop every kept page of every person)."""
    quiet = getattr(type(obj), "__cache_quiet_columns__", None)
    if not quiet:
        return False
    from sqlalchemy import inspect

    return all(attr.key in quiet for attr in inspect(obj).attrs if attr.history.has_changes())


def changed_in_bulk(session_, *keys: str) -> None:
    """A bulk UPDATE or DELETE (which the flush never sees) changed rows of a model with these
    generations: they are bumped after the commit, like those of a flushed change."""
    session_.info.setdefault("generations_changed", set()).update(keys)


@event.listens_for(Session, "after_commit")
def _bust_after_commit(session_):
    # after the commit, not the flush: a page rendered in between would carry the new generation
    # with the old content
    changed = sorted(session_.info.pop("generations_changed", ()))
    if changed and has_app_context():
        g.pop(_SEEN, None)  # this context's own change: read the generations afresh
    for key in changed:
        bump_generation(key)


@event.listens_for(Session, "after_transaction_end")
def _forget_rolled_back(session_, transaction):
    # Only when the outermost transaction ends: a savepoint rolled back (one refused case of a bulk
    # action) leaves the changes flushed before it, which the outer commit must still announce. After a
    # commit the set is already empty; after the outer rollback nothing changed.
    if transaction.parent is None:
        session_.info.pop("generations_changed", None)


def remember(name: str, generations: tuple[str, ...], compute: Callable[[], T], seconds: int | None = None) -> T:
    """``compute()``, kept for ``seconds`` (by default ``COUNT_CACHE_SECONDS``) under the current value of
    each generation key: a committed change to a model that bumps one of them makes every server compute
    afresh on its next call. ``seconds`` 0 (tests) or a cache that does not answer: always computed."""
    if seconds is None:
        seconds = current_app.config.get("COUNT_CACHE_SECONDS", 0)
    if not seconds or not available():
        return compute()
    try:
        current = _current(generations)
    except Exception as err:
        unavailable(err, "computing %s", name)
        return compute()
    key = "memo:" + ":".join(str(value) for value in current) + ":" + name
    try:
        hit = cache.get(key)
    except Exception as err:
        unavailable(err, "computing %s", name)
        return compute()
    if hit is not None:
        return hit[0]
    value = compute()
    try:
        cache.set(key, (value,), timeout=seconds)
    except Exception as err:
        unavailable(err, "%s not kept", name)
    return value


def page_key(generation_: int, locale: str, full_path: str) -> str:
    return f"page:{generation_}:{locale}:{full_path}"


def register_page_cache(app: Flask, endpoints: set[str]) -> None:
    seconds = app.config.get("PAGE_CACHE_SECONDS", 0)
    if not seconds:
        return

    def key() -> str | None:
        from flask_babel import get_locale

        current = generation()
        return None if current is None else page_key(current, str(get_locale()), request.full_path)

    def cacheable() -> bool:
        return (
            request.method == "GET"
            and request.endpoint in endpoints
            and not current_user.is_authenticated
            and "_flashes" not in session
        )

    @app.before_request
    def _serve_cached():
        if not cacheable() or (page := key()) is None:
            return None
        try:
            entry = cache.get(page)
        except Exception as err:
            unavailable(err, "page not served from it")
            return None
        if entry:
            return Response(entry[0], mimetype=entry[1])
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
            if b'name="csrf_token"' not in body and (page := key()) is not None:
                try:
                    cache.set(page, (body, response.mimetype), timeout=seconds)
                except Exception as err:
                    unavailable(err, "page not kept")
        return response
