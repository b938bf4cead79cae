"""A firm administrator invites an applicant, who accepts and files a case; the administrator sees
who filed it. The new account pages are photographed at desktop width and at 390 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_case_journeys import sign_in, sign_out
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import PDF

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def both_widths(page, shot, name):
    """Desktop and phone screenshots; at 390 px nothing may stick out sideways."""
    shot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    shot(page, f"{name}-390")
    page.set_viewport_size(DESKTOP)
    assert overflow <= 0, f"{name} is wider than a phone by {overflow}px"


def test_an_invited_applicant_files_a_case_and_the_administrator_sees_who_filed_it(
    page, shot, live_app, firm_user, browser, live_server
):
    sign_in(page, firm_user.email)
    page.get_by_role("link", name="同事账户").click()
    page.get_by_role("heading", name="同事账户", exact=True).wait_for()
    page.fill("#email", "zhao.applicant@example.cn")
    page.check("input[name=role][value=firm_applicant]")
    both_widths(page, shot, "colleagues")
    page.get_by_role("button", name="发送邀请").click()
    expect(page.locator(".alert").first).to_contain_text("邀请已发送至zhao.applicant@example.cn", use_inner_text=True)
    waiting = page.locator("section", has=page.get_by_role("heading", name="待接受的邀请"))
    assert "zhao.applicant@example.cn" in waiting.inner_text() and "申请人" in waiting.inner_text()
    sign_out(page)

    # the colleague opens the mailed link in their own browser
    mail = [m for m in live_app.extensions.get("mail_outbox", []) if m.to == "zhao.applicant@example.cn"][-1]
    link = re.search(r"https?://[^/\s]+(/auth/invitation/\S+)", mail.body).group(1)
    colleague = browser.new_context(base_url=live_server, viewport=DESKTOP, locale="zh-CN").new_page()
    colleague.goto(link)
    expect(colleague.locator("main")).to_contain_text("申请人", use_inner_text=True)
    colleague.fill("#name", "赵申请")
    colleague.fill("#password", "Applicant-Pass-2026")
    colleague.fill("#confirm", "Applicant-Pass-2026")
    colleague.check("#consent")
    both_widths(colleague, shot, "accept-invitation")
    colleague.get_by_role("button", name="加入企业").click()
    colleague.wait_for_url("**/firm/")
    expect(colleague.locator(".alert").first).to_contain_text("欢迎", use_inner_text=True)
    # the applicant files a consultation
    colleague.goto("/firm/applications/new/consultation")
    colleague.get_by_role("button", name="开始申请").click()
    colleague.locator("a[href*='/steps/question']").first.click()
    colleague.select_option("#topic", "trademark")
    colleague.fill("#question", "我们准备申请商标注册，想了解需要准备哪些材料。")
    colleague.get_by_role("button", name="保存并继续").click()
    colleague.get_by_role("link", name="继续，核对信息").click()
    colleague.get_by_role("button", name="提交申请").click()
    reference = colleague.locator("#reference").inner_text()
    assert reference.startswith("HQ-")
    colleague.goto("/firm/")
    assert reference in colleague.locator("main").inner_text()
    # the applicant does not manage colleagues
    expect(colleague.get_by_role("link", name="同事账户")).to_have_count(0)
    colleague.context.close()

    # the administrator sees the case, who filed it, and who acted
    sign_in(page, firm_user.email)
    row = page.locator("tr", has_text=reference)
    assert "赵申请" in row.inner_text()
    both_widths(page, shot, "dashboard-filed-by")
    row.get_by_role("link", name=reference).click()
    assert page.locator("#filed-by").inner_text().endswith("赵申请")
    expect(page.locator("ol.timeline")).to_contain_text("赵申请", use_inner_text=True)
    shot(page, "case-filed-by-desktop")


def test_the_account_pages_at_desktop_and_phone_width(page, shot, firm_user, create_staff, live_app, tmp_path):
    from portal.accounts.models import User
    from portal.core.db import utcnow
    from portal.extensions import db

    with live_app.app_context():
        user = db.session.get(User, firm_user.id)
        user.mobile, user.mobile_verified_at = "13955550000", utcnow()
        db.session.commit()

    # sign in with the verified number and a texted code
    page.goto("/auth/login")
    page.get_by_role("link", name="使用手机号码和短信验证码登录").click()
    page.fill("#mobile", "13955550000")
    page.get_by_role("button", name="发送验证码").click()
    both_widths(page, shot, "login-sms")
    texted = [m for m in live_app.extensions.get("sms_outbox", []) if m.mobile == "13955550000"][-1]
    page.fill("#code", re.search(r"(?<!\d)(\d{6})(?!\d)", texted.text).group(1))
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url("**/firm/")

    page.goto("/firm/account")
    page.get_by_role("heading", name="企业信息与我的账户").wait_for()
    both_widths(page, shot, "account")
    page.fill("#own-mobile", "13955556666")
    page.locator("#own-mobile-form").get_by_role("button", name="发送验证码").click()
    expect(page.locator(".alert").first).to_contain_text("13955556666", use_inner_text=True)
    texted = [m for m in live_app.extensions.get("sms_outbox", []) if m.mobile == "13955556666"][-1]
    page.fill("#own-code", re.search(r"(?<!\d)(\d{6})(?!\d)", texted.text).group(1))
    page.locator("#own-mobile-form").get_by_role("button", name="确认更改").click()
    expect(page.locator(".alert").first).to_contain_text("手机号码已更改为13955556666", use_inner_text=True)
    expect(page.locator("#section-own-mobile")).to_contain_text("已验证", use_inner_text=True)
    page.goto("/firm/notifications")
    both_widths(page, shot, "notification-settings")
    page.uncheck("input[name=progress][value=email]")
    page.get_by_role("button", name="保存设置").click()
    expect(page.locator(".alert").first).to_contain_text("通知设置已保存", use_inner_text=True)
    assert not page.is_checked("input[name=progress][value=email]")
    assert page.is_checked("input[name=supplement][value=sms]")

    # a new name, with the new licence, waits for staff
    licence = tmp_path / "新营业执照.pdf"
    licence.write_bytes(PDF)
    page.goto("/firm/account")
    page.fill("#new_name", "天津红桥更名后科技有限公司")
    page.set_input_files("#licence", str(licence))
    page.get_by_role("button", name="提交核对").click()
    expect(page.locator("#section-name")).to_contain_text("天津红桥更名后科技有限公司", use_inner_text=True)
    sign_out(page)

    supervisor = create_staff("supervisor")
    sign_in(page, supervisor.email, PASSWORD)
    page.goto("/staff/")
    page.get_by_role("link", name="待确认的企业名称更正").click()
    card = page.locator("section.card", has_text="天津红桥更名后科技有限公司")
    assert "新营业执照.pdf" in card.inner_text()
    both_widths(page, shot, "staff-corrections")
    card.get_by_label("确认：营业执照上为新名称").check()
    card.get_by_role("button", name="保存处理结果").click()
    expect(page.locator(".alert").first).to_contain_text(
        "企业名称已更改为天津红桥更名后科技有限公司", use_inner_text=True
    )
