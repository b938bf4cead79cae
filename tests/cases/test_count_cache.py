"""Queue and home counts kept in the shared cache: counted once, then exact again right after any
change to a case, a firm or a calendar day (the case generation), never a stale figure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event

from portal.core.db import commit
from portal.core.timeutil import today_local
from portal.extensions import cache, db
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import get_case


@pytest.fixture
def counts_cached(app):
    app.config["COUNT_CACHE_SECONDS"] = 600
    with app.app_context():
        cache.clear()
    yield
    app.config["COUNT_CACHE_SECONDS"] = 0
    with app.app_context():
        cache.clear()


def _total(app, stage: str) -> int:
    from portal.cases import queries

    with app.test_request_context():
        return queries.queue_page(queries.QueueFilter(stage=stage), 1, 25).total


def _statements(app, read) -> tuple[object, list[str]]:
    """``read()`` and the SQL statements it ran (lower case)."""
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def note(conn, cursor, statement, *args):
        seen.append(statement.lower())

    event.listen(engine, "before_cursor_execute", note)
    try:
        return read(), seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_queue_count_is_kept_and_follows_every_change(app, counts_cached, create_firm_user, make_case):
    make_case(create_firm_user())
    make_case(create_firm_user())
    assert _total(app, "all") == 2

    value, seen = _statements(app, lambda: _total(app, "all"))
    assert value == 2
    assert seen and not [s for s in seen if "count(" in s], "the second time nothing is counted"

    third = make_case(create_firm_user())  # a new case: the count is exact at once
    assert _total(app, "all") == 3
    with app.app_context():  # a changed case leaves the open queue
        get_case(third).status = "withdrawn"
        commit()
    assert (_total(app, "open"), _total(app, "all")) == (2, 3)


def test_home_tiles_follow_a_changed_time_limit(client, app, counts_cached, create_firm_user, reviewer, make_case):
    ref = make_case(create_firm_user(), kind="consultation")
    client.login(reviewer.email, PASSWORD)

    def overdue_tile():
        page = client.get_page("/staff/")
        tile = next(a for a in page.select("a.card") if "stage=overdue" in a["href"])
        return int(tile.select_one(".display-6").get_text())

    assert overdue_tile() == 0
    with app.app_context():
        case = get_case(ref)
        case.due_date = today_local() - timedelta(days=10)
        commit()
    assert overdue_tile() == 1


def test_the_staff_list_is_kept_until_a_user_changes(app, counts_cached, create_staff):
    from portal.accounts.models import User
    from portal.cases import queries

    def names() -> list[str]:
        with app.test_request_context():
            return [m.name for m in queries.staff_members()]

    first = create_staff("reviewer")
    kept = names()
    assert len(kept) == 1

    value, seen = _statements(app, names)
    assert value == kept
    assert not [s for s in seen if "from users" in s], "the second time the list comes from the cache"

    with app.app_context():  # a renamed user: the list is exact at once
        db.session.get(User, first.id).name = "张审查"
        commit()
    assert names() == ["张审查"]
    create_staff("supervisor")
    assert len(names()) == 2


def test_the_unread_count_is_kept_until_a_notification_is_added_or_read(app, counts_cached, firm_user, make_case):
    from portal.cases import notifications
    from portal.cases.models import Notification

    def unread() -> int:
        with app.test_request_context():
            return notifications.unread_count(firm_user.id)

    reference = make_case(firm_user)
    with app.app_context():
        case_id = get_case(reference).id
        db.session.add_all([Notification(user_id=firm_user.id, case_id=case_id, event="message") for _ in range(2)])
        db.session.add(Notification(user_id=firm_user.id, event="message"))
        commit()
    first = unread()
    assert first >= 3

    value, seen = _statements(app, unread)
    assert value == first
    assert not [s for s in seen if "from notifications" in s], "the second time the count comes from the cache"

    with app.app_context():  # reading a case's notifications (a bulk update): exact at once
        notifications.mark_case_read(firm_user.id, case_id)
        commit()
    assert unread() == 1  # the one about no case
    with app.app_context():
        db.session.add(Notification(user_id=firm_user.id, event="message"))
        commit()
    assert unread() == 2
    with app.app_context():
        notifications.mark_all_read(firm_user.id)
        commit()
    assert unread() == 0
