"""Queue and home counts kept in the shared cache: counted once, then exact again right after any
change to a case, a firm or a calendar day (the case generation), never a stale figure."""

from __future__ import annotations

from datetime import timedelta

from portal.accounts.models import User
from portal.core.db import commit
from portal.core.timeutil import today_local
from portal.extensions import cache, db
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import get_case, watched_statements


def _total(app, stage: str) -> int:
    from portal.cases import queue as case_queue

    with app.test_request_context():
        return case_queue.queue_page(case_queue.QueueFilter(stage=stage), 1, 25).total


def _statements(app, read) -> tuple[object, list[str]]:
    """``read()`` and the SQL statements it ran (lower case)."""
    with watched_statements(app) as seen:
        return read(), seen


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


def test_the_prepared_files_count_is_kept_until_a_job_changes_and_expiry_is_exact(
    app, counts_cached, reviewer, monkeypatch
):
    from datetime import datetime

    from portal.core import exports
    from portal.core.db import utcnow

    def unseen() -> int:
        with app.test_request_context():
            return exports.unseen_ready(reviewer.id)

    def add_job(status: str, expires_at: datetime | None) -> None:
        with app.app_context():
            db.session.add(
                exports.ExportJob(
                    user_id=reviewer.id,
                    kind="queue",
                    title="案件清单",
                    path="/staff/queue/export.xlsx",
                    status=status,
                    expires_at=expires_at,
                )
            )
            commit()

    add_job(exports.ExportStatus.READY, utcnow() + timedelta(hours=1))
    add_job(exports.ExportStatus.QUEUED, None)
    assert unseen() == 1

    value, seen = _statements(app, unseen)
    assert value == 1
    assert not [s for s in seen if "from export_jobs" in s], "the second time the count comes from the cache"

    add_job(exports.ExportStatus.FAILED, utcnow() + timedelta(days=2))
    assert unseen() == 2  # a new job: exact at once
    later = utcnow() + timedelta(hours=2)  # the first file has expired, nothing in the database changed
    monkeypatch.setattr(exports, "utcnow", lambda: later)
    value, seen = _statements(app, unseen)
    assert value == 1 and not [s for s in seen if "from export_jobs" in s]
    with app.app_context():
        exports.mark_seen(reviewer.id)
        commit()
    assert unseen() == 0


def test_saved_views_are_kept_until_one_is_added_or_deleted(app, counts_cached, reviewer, create_staff):
    from portal.cases import worklist

    def names() -> list[str]:
        with app.test_request_context():
            return [v.name for v in worklist.views_for(reviewer.id)]

    with app.app_context():
        worklist.save_view(reviewer, "逾期", {"overdue": "1"})
        commit()
    assert names() == ["逾期"]
    value, seen = _statements(app, names)
    assert value == ["逾期"] and not [s for s in seen if "from saved_views" in s]

    with app.app_context():
        worklist.save_view(reviewer, "即将到期", {"due_soon": "1"})
        commit()
    assert sorted(names()) == sorted(["即将到期", "逾期"])  # a new view: in the list at once
    with app.app_context():
        worklist.delete_view(reviewer, worklist.views_for(reviewer.id)[0].id)
        commit()
    assert len(names()) == 1  # and a deleted one gone at once


def test_a_request_reads_every_generation_once_and_its_own_commit_afresh(
    app, client, counts_cached, reviewer, create_firm_user, make_case, monkeypatch
):
    """A staff page keeps several counts and names; their generations cost one round trip together,
    not one each. A change committed in the request itself is seen by the rest of it."""
    from portal.core import shared_cache
    from portal.core.shared_cache import CASE_GENERATION, remember

    reference = make_case(create_firm_user())
    calls: list[tuple] = []
    real = shared_cache.cache.get_many

    def counting(*keys):
        calls.append(keys)
        return real(*keys)

    monkeypatch.setattr(shared_cache.cache, "get_many", counting)
    client.login(reviewer.email, PASSWORD)
    client.get_page("/staff/queue")
    calls.clear()
    client.get_page("/staff/queue")
    assert len(calls) == 1 and CASE_GENERATION in calls[0]

    with app.test_request_context():
        assert remember("probe", (CASE_GENERATION,), lambda: "before", 600) == "before"
        case = get_case(reference)
        case.title = "改名"
        commit()  # bumps the case generation
        assert remember("probe", (CASE_GENERATION,), lambda: "after", 600) == "after"


def test_a_savepoint_rolled_back_keeps_the_changes_before_it_announced(app, create_firm_user, make_case):
    """A bulk action rolls back the savepoint of a refused case; what it changed before must still bump
    the generation when the whole request commits, or every worker keeps its old counts."""
    from portal.core.shared_cache import CASE_GENERATION

    first, second = make_case(create_firm_user()), make_case(create_firm_user())
    with app.app_context():
        before = int(cache.get(CASE_GENERATION) or 0)
        get_case(first).title = "已改"
        db.session.flush()
        savepoint = db.session.begin_nested()
        get_case(second).title = "撤回的修改"
        db.session.flush()
        savepoint.rollback()
        commit()
        assert int(cache.get(CASE_GENERATION) or 0) > before
        before = int(cache.get(CASE_GENERATION) or 0)
        get_case(first).title = "整体回滚"
        db.session.flush()
        db.session.rollback()
        commit()  # nothing left to commit: nothing to announce
        assert int(cache.get(CASE_GENERATION) or 0) == before


def test_a_lost_generation_never_brings_back_what_was_kept_under_an_earlier_value(app, counts_cached):
    """A generation may vanish from the cache (evicted; in the in-process cache its bump even expires).
    It must start again at a value it never had: counting up from nothing again would reach the values
    earlier entries were kept under, and serve them."""
    from portal.core.shared_cache import bump_generation, remember

    key = "probe-generation"
    with app.test_request_context():
        assert remember("probe", (key,), lambda: "first", 600) == "first"
    with app.test_request_context():
        bump_generation(key)
        assert remember("probe", (key,), lambda: "second", 600) == "second"
    for lost in ("bumped", "never bumped again"):
        with app.app_context():
            cache.delete(key)  # evicted
            if lost == "bumped":
                bump_generation(key)
        with app.test_request_context():
            assert remember("probe", (key,), lambda lost=lost: lost, 600) == lost


def test_a_sign_in_leaves_the_kept_staff_list_alone_and_a_rename_does_not(app, client, counts_cached, create_staff):
    """Signing in writes the time of it; nothing kept shows that, so the people's generation stays."""
    from portal.accounts.models import USERS_GENERATION
    from portal.core.shared_cache import generation

    staff = create_staff("reviewer")

    def users_generation() -> int | None:
        with app.test_request_context():
            return generation(USERS_GENERATION)

    before = users_generation()
    client.login(staff.email, PASSWORD)
    with app.app_context():
        assert db.session.get(User, staff.id).last_login_at is not None
    assert users_generation() == before
    with app.app_context():
        db.session.get(User, staff.id).name = "周审查"
        commit()
    assert users_generation() != before
