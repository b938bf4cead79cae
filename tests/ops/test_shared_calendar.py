"""Calendar overrides live in the shared cache under a generation of their own: an administrator's
calendar edit through one server is in force on every worker of every server on its next request,
not after a reload timer; with the cache down, workers fall back to re-reading the table."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import event

from portal import create_app
from portal.calendar import services as calendar
from portal.calendar.models import CALENDAR_GENERATION
from portal.core import shared_cache, working_days
from portal.extensions import cache, db
from tests.fixtures.accounts import PASSWORD
from tests.helpers import ops_redis_url

NEW_YEAR = date(2027, 1, 1)  # a Friday: a working day until the schedule says otherwise


@pytest.fixture
def two_servers(test_config, app, monkeypatch):
    prefix = f"portal-test-{uuid.uuid4().hex[:8]}:"
    settings = {**test_config, "CACHE_REDIS_URL": ops_redis_url(), "CACHE_KEY_PREFIX": prefix}
    monkeypatch.setattr(calendar, "RELOAD_SECONDS", 10**9)  # no timer: only the generation can refresh
    servers = create_app(settings), create_app(settings)
    yield servers
    with servers[0].app_context():
        cache.clear()  # only this prefix's keys
    create_app(test_config)


def _statements(app, run) -> int:
    seen = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: seen.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def test_an_admin_calendar_edit_is_in_force_on_the_other_server_at_once(two_servers, create_staff):
    a, b = two_servers
    assert b.test_client().get("/").status_code == 200
    assert working_days.is_working_day(NEW_YEAR)

    admin = a.test_client()
    admin.post("/auth/login", data={"email": create_staff("admin").email, "password": PASSWORD})
    response = admin.post("/admin/calendar", data={"day": "2027-01-01", "is_workday": "0", "note": "2027年元旦"})
    assert response.status_code == 302
    with a.app_context():
        generation = shared_cache.generation(CALENDAR_GENERATION)
        assert generation and generation >= 1

    # server B's worker still holds the old days in its memory (one process stands in for two here)
    working_days.set_overrides({})
    assert working_days.is_working_day(NEW_YEAR)
    assert b.test_client().get("/").status_code == 200  # the next request, not a minute later
    assert not working_days.is_working_day(NEW_YEAR)

    # another worker reads the days from the shared cache, not from the database
    with b.app_context():
        assert cache.get(f"calendar-overrides:{generation}") == {"2027-01-01": False}
    working_days.set_overrides({})
    loaded = calendar._loaded_generation
    calendar._loaded_generation = None
    with b.test_request_context():
        assert _statements(b, calendar.refresh_if_stale) == 0
    assert calendar._loaded_generation == loaded
    assert not working_days.is_working_day(NEW_YEAR)


def test_with_the_cache_down_the_days_still_apply(test_config, app, create_staff):
    down = create_app({**test_config, "CACHE_REDIS_URL": "redis://127.0.0.1:1/0"})
    try:
        admin = down.test_client()
        admin.post("/auth/login", data={"email": create_staff("admin").email, "password": PASSWORD})
        response = admin.post("/admin/calendar", data={"day": "2027-01-01", "is_workday": "0", "note": "2027年元旦"})
        assert response.status_code == 302  # saved although the generation could not be bumped
        assert not working_days.is_working_day(NEW_YEAR)  # this worker applied it at once
        working_days.set_overrides({})
        calendar._loaded_at = 0.0  # a minute later on another worker
        assert down.test_client().get("/").status_code == 200
        assert not working_days.is_working_day(NEW_YEAR)
    finally:
        create_app(test_config)


def test_a_calendar_edit_rolled_back_is_not_kept_by_the_worker_that_tried_it(app, create_staff):
    """Moving the open cases loads the edited days before the commit; when the commit does not come (a
    case edited at the same moment), the worker must count with the saved calendar again, not go on
    with days nobody saved (and keep pages counted with them for everyone)."""
    from portal.accounts.models import User
    from portal.cases import clock

    admin_id = create_staff("admin").id
    with app.test_request_context():
        calendar.refresh_if_stale()
        assert working_days.is_working_day(NEW_YEAR)
        calendar.set_day(NEW_YEAR, False, "2027年元旦", db.session.get(User, admin_id))
        clock.recompute_open_cases()
        assert not working_days.is_working_day(NEW_YEAR)  # the edit, as this transaction sees it
        db.session.rollback()
    with app.test_request_context():
        calendar.refresh_if_stale()  # the next request
        assert working_days.is_working_day(NEW_YEAR)


def test_with_the_cache_down_a_rolled_back_edit_is_read_again_at_once(test_config, app, create_staff):
    """The same, when the workers fall back to re-reading the table once a minute: the load that did not
    stick must not count as that minute's read."""
    from portal.accounts.models import User
    from portal.cases import clock

    admin_id = create_staff("admin").id
    down = create_app({**test_config, "CACHE_REDIS_URL": "redis://127.0.0.1:1/0"})
    try:
        with down.test_request_context():
            calendar.set_day(NEW_YEAR, False, "2027年元旦", db.session.get(User, admin_id))
            clock.recompute_open_cases()
            assert not working_days.is_working_day(NEW_YEAR)
            db.session.rollback()
        with down.test_request_context():
            calendar.refresh_if_stale()  # the next request, seconds later
            assert working_days.is_working_day(NEW_YEAR)
    finally:
        create_app(test_config)
