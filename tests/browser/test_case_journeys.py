"""A firm files a rights-protection request; a reviewer takes it through 补正 to approval."""

from __future__ import annotations

import pytest

from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import PDF

pytestmark = pytest.mark.browser


def sign_in(page, email, password=PASSWORD):
    page.goto("/auth/login")
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()


def sign_out(page):
    with page.expect_navigation():
        page.get_by_role("button", name="退出登录").click()


def test_firm_files_rights_protection_with_evidence(page, shot, firm_user, tmp_path):
    evidence = tmp_path / "公证购买证据.pdf"
    evidence.write_bytes(PDF)
    sign_in(page, firm_user.email)
    page.goto("/firm/applications/new/rights-protection")
    page.get_by_role("button", name="开始申请").click()
    page.get_by_role("link", name="被侵犯的权利").click()
    page.check("#applicant_role-0")
    page.select_option("#right_type", "trademark")
    page.fill("#right_number", "第12345678号")
    page.fill("#right_holder", firm_user.firm_name)
    page.get_by_role("button", name="保存并继续").click()
    page.fill("#infringer", "某某商贸有限公司")
    page.fill("#place", "天津市红桥区某批发市场")
    page.check("#scope-0")
    page.fill("#facts", "在市场内发现大量假冒我司注册商标的商品，已公证购买。")
    page.check("#proceedings-0")
    page.get_by_role("button", name="保存并继续").click()
    page.check("#help_requested-2")
    page.check("#declaration")
    shot(page, "rp-help-step")
    page.get_by_role("button", name="保存并继续").click()
    for material in ("evidence", "right_certificate"):
        page.select_option("#material", material)
        page.set_input_files("#file", str(evidence))
        with page.expect_navigation():
            page.get_by_role("button", name="上传", exact=True).click()
    shot(page, "rp-materials")
    page.get_by_role("link", name="继续，核对信息").click()
    shot(page, "rp-check-answers")
    page.get_by_role("button", name="提交申请").click()
    reference = page.locator("#reference").inner_text()
    assert reference.startswith("HQ-RP-")
    shot(page, "rp-submitted")
    page.goto("/firm/")
    assert page.get_by_role("link", name=reference).is_visible()
    shot(page, "rp-dashboard")


def test_reviewer_supplement_round_trip(page, shot, firm_user, reviewer, make_case, tmp_path):
    ref = make_case(firm_user, kind="rights-protection")
    sign_in(page, reviewer.email)
    page.goto(f"/staff/cases/{ref}")
    page.get_by_role("button", name="认领此案件").click()
    page.get_by_role("button", name="受理", exact=True).click()
    page.get_by_role("button", name="开始审查").click()
    page.fill("#reason-request_supplement", "请补充侵权商品的公证购买凭证。")
    page.get_by_role("button", name="要求补正").click()
    shot(page, "staff-supplement-requested")
    sign_out(page)

    sign_in(page, firm_user.email)
    page.goto(f"/firm/applications/{ref}")
    assert "请补充侵权商品的公证购买凭证" in page.inner_text("#supplement")
    receipt = tmp_path / "公证书.pdf"
    receipt.write_bytes(PDF)
    page.fill("#reply", "已补充公证书。")
    page.set_input_files("#files", str(receipt))
    page.get_by_role("button", name="提交补正材料").click()
    shot(page, "firm-supplement-answered")
    sign_out(page)

    sign_in(page, reviewer.email)
    page.goto(f"/staff/cases/{ref}")
    assert "公证书.pdf" in page.content()
    page.get_by_role("button", name="予以援助", exact=True).click()
    shot(page, "staff-approved")
    sign_out(page)

    sign_in(page, firm_user.email)
    page.goto(f"/firm/applications/{ref}")
    assert "予以援助" in page.content()
    shot(page, "firm-sees-approval")
