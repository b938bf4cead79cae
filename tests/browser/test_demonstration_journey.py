"""A national demonstration case from submission to a recorded outcome: 补正 before 受理, 公示 with an
upheld and then a dismissed objection, recommendation, and the higher authority's recognition."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal.core.db import commit
from portal.core.timeutil import today_local
from tests.browser.test_case_journeys import sign_in, sign_out
from tests.fixtures.cases import PDF, get_case

pytestmark = pytest.mark.browser


def _object(page, ref, name, reason):
    page.goto("/publicity/")
    page.locator(f"a[href='/publicity/{ref}/objection']").click()
    page.fill("#name", name)
    page.fill("#contact", "objector@example.cn")
    page.fill("#reason", reason)
    with page.expect_navigation():
        page.get_by_role("button", name="提交异议").click()
    assert "异议已收到" in page.content()


def _act(page, label):
    # every action is a form that answers with a redirect: wait for that new page, not the one left
    with page.expect_navigation():
        page.get_by_role("button", name=label, exact=True).click()


def _propose_and_sign_off(page, ref, reviewer, supervisor, opinion):
    """Two-level sign-off: the reviewer proposes with an opinion, a supervisor confirms."""
    page.fill("#reason-propose", opinion)
    _act(page, "提请签批")
    assert "待签批" in page.content()
    sign_out(page)
    sign_in(page, supervisor.email)
    page.goto(f"/staff/cases/{ref}")
    _act(page, "签批同意")
    assert "通过评审（拟推荐）" in page.content()
    sign_out(page)
    sign_in(page, reviewer.email)
    page.goto(f"/staff/cases/{ref}")


def _end_notice(app, ref):
    """Time passes: the notice's last day is behind us."""
    with app.app_context():
        case = get_case(ref)
        case.publicity_start, case.publicity_end = today_local() - timedelta(days=12), today_local() - timedelta(days=2)
        commit()


def test_demonstration_case_to_recommendation_and_recorded_outcome(
    page, shot, app, firm_user, reviewer, supervisor, make_case, tmp_path
):
    ref = make_case(firm_user, kind="ip-demonstration")
    page.on("dialog", lambda dialog: dialog.accept())  # irreversible actions ask first

    # the reviewer asks for everything missing at once, before acceptance (一次性告知)
    sign_in(page, reviewer.email)
    page.goto(f"/staff/cases/{ref}")
    page.fill("#reason-request_supplement", "请补正：知识产权管理体系认证证书。")
    _act(page, "要求补正")
    assert "受理前补正中" in page.content()
    shot(page, "demo-correction-requested")
    sign_out(page)

    sign_in(page, firm_user.email)
    page.goto(f"/firm/applications/{ref}")
    assert "知识产权管理体系认证证书" in page.inner_text("#supplement")
    certificate = tmp_path / "贯标认证证书.pdf"
    certificate.write_bytes(PDF)
    page.fill("#reply", "已补充认证证书。")
    page.set_input_files("#files", str(certificate))
    with page.expect_navigation():
        page.get_by_role("button", name="提交补正材料").click()
    sign_out(page)

    sign_in(page, reviewer.email)
    page.goto(f"/staff/cases/{ref}")
    assert "贯标认证证书.pdf" in page.content()
    for label in ("受理", "开始审查"):
        _act(page, label)
    _propose_and_sign_off(page, ref, reviewer, supervisor, "企业知识产权管理规范，拟推荐。")
    _act(page, "发布公示")
    assert "公示中" in page.content()
    sign_out(page)

    # an objection during the notice is upheld: the case goes back to review
    _object(page, ref, "王某", "申报材料中的专利数量与公开数据不符。")
    sign_in(page, supervisor.email)
    page.goto(f"/staff/cases/{ref}")
    _act(page, "开始核查")
    page.get_by_label("异议成立", exact=True).check()
    page.get_by_label("退回审查", exact=True).check()
    page.get_by_label("核查结论").fill("经核查，专利数量有误，退回重新审查。")
    _act(page, "登记核查结论")
    assert "审查中" in page.content()
    shot(page, "demo-objection-upheld")
    sign_out(page)

    sign_in(page, reviewer.email)
    page.goto(f"/staff/cases/{ref}")
    _propose_and_sign_off(page, ref, reviewer, supervisor, "已核实专利数量，拟推荐。")
    _act(page, "发布公示")
    sign_out(page)

    # a second objection is dismissed
    _object(page, ref, "李某", "该企业曾有商标侵权纠纷。")
    sign_in(page, supervisor.email)
    page.goto(f"/staff/cases/{ref}")
    page.get_by_label("异议不成立", exact=True).check()
    page.get_by_label("核查结论").fill("经核查，所称纠纷已于2024年和解，不影响推荐。")
    _act(page, "登记核查结论")
    assert "不影响推荐" in page.content()

    # after the notice: the district recommends; it does not recognise a national programme
    _end_notice(app, ref)
    page.goto(f"/staff/cases/{ref}")
    assert "公示已于" in page.content()
    expect(page.get_by_role("button", name="确认认定")).to_have_count(0)
    _act(page, "确认推荐")
    assert "已推荐" in page.content()
    shot(page, "demo-recommended")
    page.goto("/publicity/honours")
    assert firm_user.firm_name not in page.content()  # a recommendation is not a recognition

    page.goto(f"/staff/cases/{ref}")
    page.fill("#docno-record_recognition", "国知办函运字〔2026〕88号")
    page.fill("#decided-record_recognition", (today_local() - timedelta(days=1)).isoformat())
    _act(page, "登记上级机关认定结果")
    assert "国知办函运字〔2026〕88号" in page.content()
    shot(page, "demo-outcome-recorded")
    sign_out(page)

    page.goto("/publicity/honours")
    honours = page.content()
    assert firm_user.firm_name in honours and "国家知识产权局" in honours
    shot(page, "demo-honour-list")

    sign_in(page, firm_user.email)
    page.goto(f"/firm/applications/{ref}")
    text = page.inner_text("main")
    assert "国家知识产权局" in text and "不影响推荐" in text and "王某" not in text
    shot(page, "demo-firm-sees-outcome")
    with app.app_context():
        assert get_case(ref).recognised_on == today_local() - timedelta(days=1)
