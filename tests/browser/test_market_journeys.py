"""IP market journeys: staff import the agency directory and blacklist an agency that the public page
then shows with its decision; a university lists a patent, a firm expresses interest and staff take
the match to a signed contract."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from tests.fixtures.accounts import PASSWORD
from tests.fixtures.market import code

pytestmark = pytest.mark.browser


def _sign_in(page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/auth/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()


def _narrow(page, shot, name: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{name}: no sideways scrolling at 390 px"
    shot(page, f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_staff_import_agencies_and_blacklist_one(page, shot, create_staff, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["机构名称", "统一社会信用代码", "机构类型", "备案号/执业许可证号", "地址", "联系方式", "服务范围"])
    sheet.append(
        ["天津甲专利代理事务所", code("91120106", 301), "专利代理机构", "12001", "红桥区", "022-1", "专利申请代理"]
    )
    sheet.append(["天津乙商标代理有限公司", code("91120106", 302), "商标代理机构", "", "", "", "商标注册代理"])
    sheet.append(["天津丙代理公司", "91120106MA05K1230X", "专利代理机构", "", "", "", ""])
    path = tmp_path / "名录.xlsx"
    book.save(path)

    _sign_in(page, create_staff("supervisor").email)
    page.goto("/staff/market/agencies/import")
    page.set_input_files("input[name=sheet]", str(path))
    page.get_by_role("button", name="校验并预览").click()
    expect(page.locator(".import-summary")).to_contain_text("2 行可以保存，1 行有错误", use_inner_text=True)
    expect(page.locator(".import-preview tr.table-danger")).to_contain_text("校验码不符", use_inner_text=True)
    shot(page, "staff-agency-import-preview")
    _narrow(page, shot, "staff-agency-import-preview")
    page.get_by_role("button", name="保存 2 行").click()
    expect(page.locator(".alert-success")).to_contain_text("新增 2 家", use_inner_text=True)
    page.get_by_role("link", name="天津乙商标代理有限公司").click()
    page.select_option("#status", "blacklisted")
    page.fill("#effective_on", "2026-11-02")
    page.fill("#until", "2029-11-01")
    page.fill("#decision_no", "津市监信〔2026〕31号")
    page.fill("#issuing_body", "天津市市场监督管理委员会")
    page.fill("#source", "国家企业信用信息公示系统")
    page.fill("#reason", "以不正当手段招揽业务")
    page.get_by_role("button", name="记录信用状况").click()
    expect(page.locator(".alert-success")).to_contain_text("信用状况已记录", use_inner_text=True)
    shot(page, "staff-agency-blacklisted")

    page.context.clear_cookies()
    page.goto("/market/agencies/")
    page.select_option("#status", "blacklisted")
    page.get_by_role("button", name="搜索").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    shot(page, "public-agencies-blacklisted")
    page.get_by_role("link", name="天津乙商标代理有限公司").click()
    warning = page.locator(".blacklist-warning").inner_text()
    assert "津市监信〔2026〕31号" in warning and "2026年11月2日" in warning and "2029年11月1日" in warning
    shot(page, "public-agency-blacklisted")
    _narrow(page, shot, "public-agency-blacklisted")


def test_university_lists_a_patent_a_firm_is_interested_and_staff_sign(
    page, shot, make_institution, firm_user, create_staff
):
    institution = make_institution()
    _sign_in(page, institution.email)
    page.goto("/institution/patents/new")
    page.fill("#application_no", "ZL201310699744.3")
    page.fill("#title", "一种以太阳能供电的智能运输飞艇")
    page.fill("#ipc", "B64B 1/00")
    page.fill("#field", "航空航天")
    page.select_option("#mode", "licence")
    page.fill("#terms", "普通许可，许可期三年")
    page.get_by_role("button", name="发布").click()
    expect(page.locator("#application_no-error")).to_contain_text("校验位与申请号不符", use_inner_text=True)
    page.fill("#application_no", "ZL201310699744.2")
    page.get_by_role("button", name="发布").click()
    expect(page.locator(".alert-success")).to_contain_text("专利已发布", use_inner_text=True)
    shot(page, "institution-home")

    _sign_in(page, firm_user.email)
    page.goto("/firm/market/patents/")
    page.fill("#q", "运输飞艇")
    page.get_by_role("button", name="搜索").click()
    shot(page, "firm-patent-search")
    _narrow(page, shot, "firm-patent-search")
    page.get_by_role("link", name="一种以太阳能供电的智能运输飞艇").click()
    page.fill("#message", "我们做物流，希望许可实施。")
    page.get_by_role("button", name="发送意向").click()
    confirmation = page.locator(".alert-success").inner_text()
    assert "对接编号 ZH" in confirmation
    reference = confirmation.split("对接编号 ")[1].split("。")[0]
    shot(page, "firm-market-home")

    _sign_in(page, create_staff("supervisor").email)
    page.goto("/staff/market/matches/")
    page.get_by_role("link", name=reference).click()
    page.select_option("#stage", "negotiating")
    page.get_by_role("button", name="记录进展").click()
    expect(page.locator(".match-stage")).to_contain_text("洽谈", use_inner_text=True)
    page.select_option("#stage", "signed")
    page.select_option("#contract_type", "licence")
    page.fill("#amount", "25")
    page.fill("#signed_on", "2026-11-20")
    page.check("#public_consent")
    page.get_by_role("button", name="记录进展").click()
    expect(page.locator(".match-stage")).to_contain_text("已签约", use_inner_text=True)
    shot(page, "staff-match-signed")
    _narrow(page, shot, "staff-match-signed")
    page.goto("/staff/market/")
    assert page.locator(".stage-signed").inner_text() == "1"
    shot(page, "staff-market-figures")
    page.context.clear_cookies()
    page.goto("/market/deals/")
    expect(page.locator("tbody")).to_contain_text("一种以太阳能供电的智能运输飞艇", use_inner_text=True)
    shot(page, "public-deals")


def test_firm_requests_pledge_financing_and_staff_record_the_loan(page, shot, firm_user, create_staff):
    _sign_in(page, create_staff("supervisor").email)
    page.goto("/staff/market/finance/")
    page.fill("#name", "示例银行红桥支行")
    page.select_option("#provider_kind", "bank")
    page.fill("#contact", "022-12345678")
    page.get_by_role("button", name="添加").click()
    page.select_option("#kind", "pledge_loan")
    page.fill("#product_name", "知识产权质押贷")
    page.fill("#rate_min", "3.45")
    page.fill("#rate_max", "4.35")
    page.fill("#term_months", "36")
    page.fill("#max_amount", "1000")
    page.fill("#eligibility", "在红桥区注册的科技型中小企业")
    page.fill("#valid_from", "2026-01-01")
    page.fill("#valid_until", "2099-12-31")
    page.get_by_role("button", name="发布产品").click()
    expect(page.locator(".alert-success")).to_contain_text("产品已发布", use_inner_text=True)
    shot(page, "staff-finance-products")

    _sign_in(page, firm_user.email)
    page.goto("/market/finance/")
    _narrow(page, shot, "public-finance-products")
    page.get_by_role("link", name="申请该产品").click()
    page.fill("#need", "购置检测设备")
    page.fill("#amount", "300")
    shot(page, "firm-finance-request")
    page.get_by_role("button", name="提交").click()
    confirmation = page.locator(".alert-success").inner_text()
    reference = confirmation.split("编号 ")[1].split("。")[0]
    assert reference.startswith("RZ")

    _sign_in(page, create_staff("supervisor").email)
    page.goto("/staff/market/finance/requests/")
    page.get_by_role("link", name=reference).click()
    page.get_by_role("button", name="推送").click()
    page.select_option("#outcome", "granted")
    page.fill("#granted_amount", "300")
    page.fill("#decided_on", "2026-11-20")
    page.get_by_role("button", name="记录结果").click()
    expect(page.locator(".request-status")).to_contain_text("已放款", use_inner_text=True)
    shot(page, "staff-finance-request-granted")
    _narrow(page, shot, "staff-finance-request-granted")
    page.goto("/staff/stats")
    assert page.locator(".pledge-by-year tbody td").all_inner_texts() == ["2026", "1", "300"]
    page.goto("/data/")
    assert page.locator("#table-pledge_financing tbody td").all_inner_texts() == ["2026", "1", "300.00"]


def test_an_agency_updates_its_entry_and_staff_confirm_the_new_address(page, shot, make_agency_account, create_staff):
    account = make_agency_account(name="天津守信专利代理事务所")
    _sign_in(page, account.email)
    page.wait_for_url("**/agency/")
    page.fill("#address", "天津市红桥区光荣道1号")
    page.fill("#contact", "022-26260000")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("待工作人员确认", use_inner_text=True)
    shot(page, "agency-home")
    _narrow(page, shot, "agency-home")

    _sign_in(page, create_staff("supervisor").email)
    page.goto(f"/staff/market/agencies/{account.agency_id}")
    expect(page.locator(".agency-change")).to_contain_text("光荣道1号", use_inner_text=True)
    shot(page, "staff-agency-change")
    page.get_by_role("button", name="确认变更").click()
    page.context.clear_cookies()
    page.goto(f"/market/agencies/{account.agency_id}")
    expect(page.locator("dl").first).to_contain_text("光荣道1号", use_inner_text=True)
