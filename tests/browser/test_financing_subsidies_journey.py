"""A firm with a pledge loan granted through the portal applies for the interest subsidy; the typed
loan questions step aside once it picks that loan. The guide says each call sets rate and ceiling."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.browser.test_case_journeys import sign_in
from tests.browser.test_guidance_journey import content  # noqa: F401 (the guide content, loaded)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("open_calls")]


def test_firm_picks_its_granted_loan(page, shot, app, firm_user, reviewer, content):  # noqa: F811
    from portal.core.db import commit
    from portal.market.financing import record_outcome, request_financing

    with app.app_context():
        loan = request_financing(firm_user.firm_id, None, "pledge_loan", "研发投入流动资金", Decimal("300"), reviewer)
        loan.passed_to = "某商业银行天津分行"
        record_outcome(loan, "granted", Decimal("300"), None, "", reviewer)
        reference = loan.reference
        commit()
    sign_in(page, firm_user.email)
    page.goto("/firm/applications/new/pledge-interest-subsidy")
    page.get_by_role("button", name="开始申请").click()
    page.get_by_role("link", name="质押贷款").first.click()
    assert page.locator("#bank").is_visible()
    shot(page, "subsidy-loan-step-desktop")
    page.select_option("#loan", reference)
    assert not page.locator("#bank").is_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "subsidy-loan-step-390")
    page.fill("#interest_paid", "12.60")
    page.fill("#pledged_rights", "ZL202110123456.7")
    page.check("#pledge_registered")
    page.check("#clean_record")
    page.check("#declaration")
    page.get_by_role("button", name="保存并继续").click()
    assert "借款合同" in page.content() and "付息凭证" in page.content()
    shot(page, "subsidy-materials-390")

    page.goto("/guidance/pledge-interest-subsidy")
    text = page.inner_text("main")
    assert "贴息比例、贴息上限和计息期间以每一批次的申报通知为准" in text and "质押登记通知书" in text
    shot(page, "subsidy-guide-390")


def test_premium_subsidy_form_and_guide_at_390(page, shot, firm_user, content):  # noqa: F811
    sign_in(page, firm_user.email)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/firm/applications/new/insurance-premium-subsidy")
    page.get_by_role("button", name="开始申请").click()
    page.get_by_role("link", name="保险保单").first.click()
    page.fill("#starts_on", "2026-06-01")
    page.fill("#ends_on", "2026-05-01")
    page.get_by_role("button", name="保存并继续").click()
    assert "保险期间截止日期不能早于起始日期。" in page.inner_text("main")
    shot(page, "premium-policy-step-390")
    page.goto("/guidance/insurance-premium-subsidy")
    assert "补贴比例、补贴上限和保单期间要求以每一批次的申报通知为准" in page.inner_text("main")
