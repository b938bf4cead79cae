"""A reviewer works from the inbox, the default queue and save-and-next (with the keyboard); a
supervisor bulk-assigns from the queue and reads the readable record of it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from portal.accounts.models import User
from portal.core.db import commit
from portal.extensions import db
from tests.browser.test_case_journeys import sign_in, sign_out

pytestmark = pytest.mark.browser


def _name(app, user_id: int, name: str) -> None:
    with app.app_context():
        db.session.get(User, user_id).name = name
        commit()


def _references_on_one_line(page) -> bool:
    return page.evaluate(
        "() => [...document.querySelectorAll('tr[data-case-row] td.text-nowrap a')]"
        ".every(a => a.getClientRects().length === 1 && a.closest('td').scrollWidth <= a.closest('td').clientWidth)"
    )


def test_reviewer_and_supervisor_work_the_desk(page, shot, app, create_firm_user, create_staff, make_case):
    reviewer, supervisor = create_staff("reviewer"), create_staff("supervisor")
    _name(app, reviewer.id, "李审查")
    _name(app, supervisor.id, "王科长")
    held = make_case(create_firm_user(), holder=reviewer, staff=supervisor, status="accepted")
    free = sorted(make_case(create_firm_user(firm_name=f"天津红桥示例科技有限公司{i}")) for i in range(4))
    page.on("dialog", lambda dialog: dialog.accept())

    # the inbox: the case a supervisor gave me, unread
    sign_in(page, reviewer.email)
    page.goto("/staff/inbox")
    item = page.locator(".list-group-item").first
    assert held in item.inner_text() and "fw-semibold" in (item.get_attribute("class") or "")

    # the default queue: open cases I can act on, due date first, the view shown as a removable chip
    page.goto("/staff/queue")
    expect(page.locator(".filter-chip").first).to_contain_text("我可处理的在办申请", use_inner_text=True)
    rows = page.locator("tr[data-case-row]")
    expect(rows).to_have_count(5)
    page.set_viewport_size({"width": 1366, "height": 900})
    assert _references_on_one_line(page)
    shot(page, "staffdesk-queue-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "staffdesk-queue-390")
    page.set_viewport_size({"width": 1366, "height": 900})

    # "?" shows the shortcuts; j/o open the first case with the keyboard
    page.keyboard.press("?")
    assert page.locator("#shortcut-help").is_visible()
    shot(page, "staffdesk-shortcuts")
    page.keyboard.press("Escape")
    assert not page.locator("#shortcut-help").is_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="申请编号").click()  # sort by reference
    page.keyboard.press("j")  # the first row: the case I hold
    page.keyboard.press("j")
    assert "row-current" in (page.locator("tr[data-case-row]").nth(1).get_attribute("class") or "")
    page.keyboard.press("o")
    page.wait_for_url(re.compile(re.escape(free[0])))
    expect(page.locator("nav.view-nav")).to_contain_text("第 2 件，共 5 件", use_inner_text=True)
    shot(page, "staffdesk-case-in-view")

    # save and next: accepting the case lands on the next one of the same view
    page.locator("#actions").get_by_role("button", name="受理", exact=True).click()
    page.wait_for_url(re.compile(re.escape(free[1])))
    expect(page.locator(".alert-success").first).to_contain_text("受理", use_inner_text=True)
    assert "view=" in page.url
    page.keyboard.press("k")  # back to the previous case, now accepted and held by me
    page.wait_for_url(re.compile(re.escape(free[0])))
    expect(page.locator("body")).to_contain_text("李审查", use_inner_text=True)
    page.keyboard.press("u")
    page.wait_for_url(re.compile(r"/staff/queue\?"))
    sign_out(page)

    # the supervisor selects two unassigned cases and assigns them to 李审查 at once
    sign_in(page, supervisor.email)
    page.goto("/staff/queue?stage=unassigned&sort=reference")
    page.check(f"#sel-{free[2]}")
    page.check(f"#sel-{free[3]}")
    page.select_option("#bulk-holder", label="李审查")
    with page.expect_navigation():
        page.locator("#bulk-form").get_by_role("button", name="分派", exact=True).click()
    assert page.locator(".bulk-done li").all_inner_texts() == [free[2], free[3]]
    shot(page, "staffdesk-bulk-summary")

    # and reads the record: the reference, who did it and to whom, no codes
    page.goto(f"/staff/records?reference={free[3]}")
    record = page.locator("table.records tbody tr", has_text="已分派给 李审查").first
    text = record.inner_text()
    assert free[3] in text and "王科长" in text
    shot(page, "staffdesk-records")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "staffdesk-records-390")
    page.goto("/staff/workload")
    expect(page.locator("table.workload")).to_contain_text("李审查", use_inner_text=True)
    shot(page, "staffdesk-workload-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    shot(page, "staffdesk-workload")


def test_admin_imports_the_holiday_notice_with_a_preview(page, shot, create_staff):
    from tests.web.admin.test_calendar_ranges import NOTICE_2026

    admin = create_staff("admin")
    sign_in(page, admin.email)
    page.goto("/admin/calendar")
    page.fill("#s-text", NOTICE_2026.replace("2026年", "2027年"))
    page.fill("#s-source", "国办发明电〔2026〕7号")
    with page.expect_navigation():
        page.get_by_role("button", name="预览").click()
    expect(page.locator("table.schedule-preview tbody tr")).to_have_count(13)
    shot(page, "staffdesk-calendar-preview")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "staffdesk-calendar-preview-390")
    with page.expect_navigation():
        page.get_by_role("button", name="保存这 13 条").click()
    expect(page.locator("table.calendar-entries")).to_contain_text("国办发明电〔2026〕7号 春节", use_inner_text=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    shot(page, "staffdesk-calendar")
