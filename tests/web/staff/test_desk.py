"""The staff desk: the default queue, visible filter chips, due-soon marking, the staff inbox,
confirmation before irreversible actions, and a timeline that names people."""

from __future__ import annotations

from datetime import timedelta

from portal.cases import clock
from portal.core.db import commit
from portal.core.timeutil import today_local
from portal.core.working_days import add_working_days
from portal.extensions import db
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import get_case


def _refs(page):
    return {row.find("a").get_text() for row in page.select("tbody tr")}


def test_default_queue_is_open_cases_i_can_act_on(client, app, create_firm_user, reviewer, create_staff, make_case):
    colleague = create_staff("reviewer")
    mine = make_case(create_firm_user(), holder=reviewer, status="accepted", staff=reviewer)
    free = make_case(create_firm_user())
    theirs = make_case(create_firm_user(), status="accepted", staff=colleague)
    closed = make_case(create_firm_user(), status="closed", staff=reviewer)
    client.login(reviewer.email, PASSWORD)
    page = client.get_page("/staff/queue")
    assert _refs(page) == {mine, free}
    chips = page.select(".filter-chip")
    assert len(chips) == 1 and "我可处理的在办申请" in chips[0].get_text()
    # removing the chip shows every case, and no chip is left
    everything = client.get_page(chips[0]["href"])
    assert _refs(everything) == {mine, free, theirs, closed} and not everything.select(".filter-chip")


def test_every_active_filter_shows_as_a_removable_chip(client, app, firm_user, reviewer, make_case):
    make_case(firm_user)
    client.login(reviewer.email, PASSWORD)
    page = client.get_page("/staff/queue?due_soon=1&type=rights-protection")
    chips = {c.get_text(" ", strip=True) for c in page.select(".filter-chip")}
    assert any("即将到期" in c or "Due soon" in c for c in chips)
    assert any("维权援助" in c or "Rights-protection" in c for c in chips)
    due_chip = next(c for c in page.select(".filter-chip") if "即将到期" in c.get_text() or "Due soon" in c.get_text())
    assert "due_soon" not in due_chip["href"] and "type=rights-protection" in due_chip["href"]


def test_due_soon_rows_are_amber_and_overdue_rows_red(client, app, create_firm_user, reviewer, make_case):
    soon = make_case(create_firm_user(), kind="consultation")
    late = make_case(create_firm_user(), kind="consultation")
    with app.app_context():
        a, b = get_case(soon), get_case(late)
        a.clock_started_on = today_local()
        a.clock_days = 1
        b.clock_started_on, b.clock_days = today_local() - timedelta(days=40), 3
        clock.recompute(a)
        clock.recompute(b)
        commit()
        assert a.due_date == add_working_days(today_local(), 1)
    client.login(reviewer.email, PASSWORD)
    page = client.get_page("/staff/queue?stage=all")
    rows = {row.find("a").get_text(): row.get("class") or [] for row in page.select("tbody tr")}
    assert "table-warning" in rows[soon] and "table-danger" in rows[late]


def test_staff_inbox_shows_an_assignment_and_marks_it_read(client, app, firm_user, supervisor, reviewer, make_case):
    ref = make_case(firm_user, holder=reviewer, staff=supervisor, status="accepted")
    client.login(reviewer.email, PASSWORD)
    page = client.get_page("/staff/inbox")
    item = page.select_one(".list-group-item")
    assert ref in item.get_text() and "fw-semibold" in item["class"]
    assert client.post("/staff/inbox/read").status_code == 302
    assert "fw-semibold" not in client.get_page("/staff/inbox").select_one(".list-group-item")["class"]


def test_irreversible_actions_ask_first_and_the_timeline_names_the_assignee(
    client, app, firm_user, supervisor, reviewer, make_case
):
    ref = make_case(firm_user, holder=reviewer, staff=reviewer, status="under_review")
    client.login(reviewer.email, PASSWORD)
    page = client.get_page(f"/staff/cases/{ref}")
    reject = page.select_one("form[action$='/actions/reject']")
    approve = page.select_one("form[action$='/actions/approve']")
    assert reject.has_attr("data-confirm") and not approve.has_attr("data-confirm")
    with app.app_context():
        name = db.session.get(type(get_case(ref).holder), reviewer.id).name
    timeline = page.select_one(".timeline").get_text()
    assert f"→ {name}" in timeline
