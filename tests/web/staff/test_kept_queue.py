"""A page of the queue (rows, bulk form, pagination) is kept in the shared cache per person, arguments,
page and day (portal.web.staff.queue.queue): a new or claimed case, a renamed holder, the reader's own
unread notifications and a new day show at once; a typed search is never kept."""

from __future__ import annotations

from datetime import timedelta

from portal.accounts.models import User
from portal.cases import notifications
from portal.core.db import commit
from portal.extensions import db
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import get_case, reads_cases


def _rows(client, url="/staff/queue?stage=all") -> dict[str, list[str]]:
    page = client.get_page(url)
    return {
        tr.select_one("a[id^=ref-]").get_text(strip=True): [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in page.select("tr[data-case-row]")
    }


def test_the_page_is_kept_and_follows_cases_and_people(
    app, client, counts_cached, create_firm_user, make_case, reviewer, supervisor, statements
):
    first = make_case(create_firm_user())
    client.login(reviewer.email, PASSWORD)
    assert list(_rows(client)) == [first]
    statements.clear()
    assert list(_rows(client)) == [first]
    assert not reads_cases(statements), "the second view reads no cases"

    second = make_case(create_firm_user())  # a new case is on the page at once
    assert sorted(_rows(client)) == sorted([first, second])

    with app.app_context():  # claimed by a colleague, who is then renamed
        get_case(first).holder_id = supervisor.id
        commit()
    assert _rows(client)[first][-1] == supervisor.email.split("@")[0]
    with app.app_context():
        db.session.get(User, supervisor.id).name = "孙审核"
        commit()
    assert _rows(client)[first][-1] == "孙审核"


def test_unread_marks_are_each_readers_own(app, counts_cached, create_firm_user, make_case, reviewer, supervisor):
    from tests.helpers import PageClient

    ref = make_case(create_firm_user())
    mine, theirs = PageClient(app), PageClient(app)
    mine.login(reviewer.email, PASSWORD)
    theirs.login(supervisor.email, PASSWORD)
    assert "未读" not in " ".join(_rows(mine)[ref]) and "未读" not in " ".join(_rows(theirs)[ref])
    with app.test_request_context():
        notifications.notify([db.session.get(User, reviewer.id)], get_case(ref), "message")
        commit()
    assert "1条未读" in " ".join(_rows(mine)[ref])
    assert "未读" not in " ".join(_rows(theirs)[ref])
    # and the bulk form of each kept page carries its reader's own token
    secrets = [
        c.get_page("/staff/queue?stage=all").select_one("#bulk-form input[name=csrf_token]")["value"].split(".")[0]
        for c in (mine, theirs, mine)
    ]
    assert secrets[0] == secrets[2] != secrets[1]


def test_a_new_day_and_a_typed_search_are_rendered(
    client, counts_cached, create_firm_user, make_case, reviewer, statements, monkeypatch
):
    import portal.web.staff.queue as views

    ref = make_case(create_firm_user())
    client.login(reviewer.email, PASSWORD)
    _rows(client)
    _rows(client, f"/staff/queue?q={ref}")
    statements.clear()
    assert list(_rows(client, f"/staff/queue?q={ref}")) == [ref]
    assert reads_cases(statements), "a typed search is looked up every time"

    tomorrow = views.today_local() + timedelta(days=1)
    monkeypatch.setattr(views, "today_local", lambda: tomorrow)
    statements.clear()
    _rows(client)
    assert reads_cases(statements), "a new day counts the time limits again"


def test_each_view_is_kept_apart_and_an_ignored_value_keeps_nothing(
    app, client, counts_cached, create_firm_user, make_case, reviewer, supervisor
):
    from portal.extensions import cache

    def kept_pages() -> list[str]:
        with app.app_context():
            return [key for key in cache.cache._cache if ":staff-queue:" in key]  # SimpleCache's dict

    mine = make_case(create_firm_user(), holder=reviewer, staff=supervisor, status="accepted")
    other = make_case(create_firm_user())
    client.login(reviewer.email, PASSWORD)
    assert list(_rows(client, "/staff/queue?stage=mine")) == [mine]
    assert sorted(_rows(client, "/staff/queue?stage=all")) == sorted([mine, other])
    assert list(_rows(client, "/staff/queue?stage=mine")) == [mine]  # its own kept page, not the other
    assert len(kept_pages()) == 2
    _rows(client, "/staff/queue?stage=all&type=zzz&sort=bogus")  # ignored values: the same cases, not kept
    _rows(client, "/staff/queue?stage=all&holder=99999999999999999999")
    assert len(kept_pages()) == 2
