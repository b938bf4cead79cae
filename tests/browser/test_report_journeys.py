"""An anonymous reporter files a report, follows it by code and sees its transfer; a closed
rights-protection case produces a 回访 whose outcome appears in the figures."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portal.core.timeutil import today_local
from tests.browser.test_case_journeys import sign_in, sign_out
from tests.fixtures.cases import PDF

pytestmark = pytest.mark.browser


def test_anonymous_report_tracked_by_code_through_a_transfer(page, shot, reviewer, tmp_path):
    evidence = tmp_path / "盗版图书照片.pdf"
    evidence.write_bytes(PDF)
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("link", name="侵权假冒举报").first.click()
    assert "12318" in page.inner_text("#routing")
    shot(page, "report-form")

    page.select_option("#kind", "piracy")
    page.fill("#what", "某网店低价销售盗版教辅图书，封面印刷模糊，无防伪标识")
    page.fill("#url", "https://shop.example.cn/item?id=42")
    page.set_input_files("#evidence", str(evidence))
    page.check("#confirm_true")
    with page.expect_navigation():
        page.get_by_role("button", name="提交举报").click()
    reference = page.inner_text("#report-reference").strip()
    code = page.inner_text("#tracking-code").strip()
    assert reference.startswith("HQ-JB-") and len(code) == 14
    shot(page, "report-received")

    # a wrong code is told nothing about the report
    page.goto("/report/track")
    page.fill("#reference", reference)
    page.fill("#code", "AAAA-BBBB-CCCC")
    with page.expect_navigation():
        page.get_by_role("button", name="查询进度").click()
    assert "没有与该举报编号和查询码相符的举报" in page.content()
    expect(page.locator("#report-state")).to_have_count(0)

    sign_in(page, reviewer.email)
    page.goto("/staff/reports")
    with page.expect_navigation():
        page.get_by_role("link", name=reference).click()
    assert "文化市场综合执法" in page.inner_text("#routed-to")
    page.fill("#body-transfer", "天津市文化市场综合执法总队")
    page.fill("#on-transfer", today_local().isoformat())
    page.fill("#note-transfer", "您举报的盗版图书线索已转文化市场综合执法部门依法处理。")
    with page.expect_navigation():
        page.get_by_role("button", name="转办其他部门").click()
    assert "已转办" in page.content()
    shot(page, "report-staff-transferred")
    sign_out(page)

    page.goto("/report/track")
    page.fill("#reference", reference)
    page.fill("#code", code)
    with page.expect_navigation():
        page.get_by_role("button", name="查询进度").click()
    state = page.inner_text("#report-state")
    assert "已转办" in state and "天津市文化市场综合执法总队" in state and "转办日期" in state
    shot(page, "report-tracked-transferred")


def test_closed_case_follow_up_outcome_reaches_the_figures(page, shot, firm_user, supervisor, make_case):
    ref = make_case(firm_user, kind="rights-protection", status="closed", staff=supervisor)
    sign_in(page, supervisor.email)
    page.goto("/staff/follow-ups")
    assert ref in page.inner_text("#follow-up-tasks")
    shot(page, "follow-up-due")
    with page.expect_navigation():
        page.get_by_role("link", name=ref).click()
    page.get_by_label("调解解决").check()
    page.fill("#amount_recovered", "20000")
    page.get_by_label("非常满意").check()
    with page.expect_navigation():
        page.get_by_role("button", name="登记处理结果").click()
    outcomes = page.inner_text("#follow-up-outcomes")
    assert "调解解决" in outcomes and "20000" in outcomes
    assert "100%" in page.inner_text("#resolved-share")
    shot(page, "follow-up-figures")
    # the district statistics (and their export) carry the outcome too
    with page.expect_navigation():
        page.get_by_role("link", name="统计").first.click()
    figures = page.inner_text("#table-follow_up_outcomes")
    assert "调解解决" in figures and "20000.00" in figures and "100.0%" in figures
    shot(page, "follow-up-in-statistics")


def test_firm_subscribes_to_a_country_and_receives_a_notice(page, shot, firm_user, create_staff):
    editor = create_staff("editor")
    sign_in(page, firm_user.email)
    with page.expect_navigation():
        page.get_by_role("link", name="预警信息").first.click()
    page.select_option("#region", "us")
    page.select_option("#field", "patent")
    with page.expect_navigation():
        page.get_by_role("button", name="订阅", exact=True).click()
    assert "美国" in page.inner_text("#subscriptions")
    shot(page, "warning-subscribed")
    sign_out(page)

    sign_in(page, editor.email)
    page.goto("/staff/warnings")
    page.fill("#title", "美国337调查：某类LED照明产品")
    page.select_option("#category", "trade_investigation")
    page.select_option("#region", "us")
    page.select_option("#field", "patent")
    page.fill("#body", "美国国际贸易委员会对部分LED照明产品发起337调查，出口企业请关注应诉期限。")
    with page.expect_navigation():
        page.get_by_role("button", name="发布给订阅企业").click()
    assert "预警信息已发布" in page.content()
    shot(page, "warning-published")
    sign_out(page)

    sign_in(page, firm_user.email)
    page.goto("/firm/warnings")
    assert "337" in page.inner_text(".warning-notice")
    shot(page, "warning-received")  # the email copy is checked in tests/web/firm/test_overseas_warnings.py
