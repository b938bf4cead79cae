"""The interest and premium subsidies. The pledge-loan interest subsidy: a firm whose pledge loan was granted through the portal's financing
requests picks that loan, files the application in the open call, staff accept and approve it, and the
firm sees the subsidy granted."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from portal.market.finance_models import FinancingRequest
from portal.market.financing import granted_pledge_loans, record_outcome, request_financing
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.cases import PDF, get_case
from tests.helpers import PageClient, error_texts, field_value

KIND = "pledge-interest-subsidy"

pytestmark = pytest.mark.usefixtures("open_calls")


def _granted_loan(app, firm_user, staff, kind="pledge_loan", status="granted") -> str:
    from portal.core.db import commit

    with app.app_context():
        request = request_financing(firm_user.firm_id, None, kind, "研发投入流动资金", Decimal("300"), staff)
        request.passed_to = "某商业银行天津分行"
        record_outcome(request, status, Decimal("300") if status == "granted" else None, None, "", staff)
        commit()
        return request.reference


def _answers(loan: str) -> dict:
    return {
        "loan": loan,
        "interest_paid": "12.60",
        "pledged_rights": "ZL202110123456.7",
        "pledge_registered": "y",
        "clean_record": "y",
        "declaration": "y",
    }


def test_firm_files_with_its_granted_loan_and_sees_the_subsidy_granted(app, firm_user, reviewer):
    loan = _granted_loan(app, firm_user, reviewer)
    _granted_loan(app, firm_user, reviewer, status="declined")  # a declined request is not offered
    firm = PageClient(app)
    firm.login(firm_user.email, PASSWORD)
    firm.get_page(f"/firm/applications/new/{KIND}")
    key = firm.post(f"/firm/applications/new/{KIND}", expect=302).headers["Location"].rsplit("/", 1)[-1]

    page = firm.get_page(f"/firm/applications/{key}/steps/loan")
    offered = [o.get_text(strip=True) for o in page.select("select[name=loan] option")]
    assert len(offered) == 2 and offered[1].startswith(loan) and "300" in offered[1] and "万元" in offered[1]

    # a reference the firm does not hold is refused next to the field
    refused = firm.post_page(f"/firm/applications/{key}/steps/loan", _answers("RZ2026999999"))
    assert "请选择本单位已获批的质押贷款，或者在下方填写贷款信息。" in error_texts(refused)

    firm.post(f"/firm/applications/{key}/steps/loan", data=_answers(loan), expect=302)
    for material in ("loan_contract", "pledge_registration", "interest_vouchers", "credit_commitment"):
        firm.post(
            f"/firm/applications/{key}/materials",
            data={"material": material, "file": (io.BytesIO(PDF), f"{material}.pdf")},
            content_type="multipart/form-data",
            expect=302,
        )
    done = firm.post(f"/firm/applications/{key}/submit", expect=302)
    ref = firm.get_page(done.headers["Location"]).select_one("#reference").get_text(strip=True)
    assert ref.startswith("HQ-PS-")
    with app.app_context():
        case = get_case(ref)
        assert case.data["loan"]["loan"] == [loan] and case.call_id is not None

    staff = PageClient(app)
    staff.login(reviewer.email, PASSWORD)
    sheet = staff.get_page(f"/staff/cases/{ref}").get_text()
    assert "知识产权质押融资贴息" in sheet and loan in sheet
    for action in ("claim", "actions/accept", "actions/start_review", "actions/approve"):
        with app.app_context():
            version = get_case(ref).version
        staff.post(f"/staff/cases/{ref}/{action}", data={"version": version}, expect=302)
    with app.app_context():
        assert get_case(ref).status == "approved"

    outcome = firm.get_page(f"/firm/applications/{ref}")
    assert "予以贴息" in [b.get_text(strip=True) for b in outcome.select(".badge")]


def test_only_the_firms_own_granted_pledge_loans_are_offered(app, firm_user, create_firm_user, reviewer):
    mine = _granted_loan(app, firm_user, reviewer)
    _granted_loan(app, firm_user, reviewer, kind="insurance")
    other = create_firm_user(email="other@example.cn", firm_name="另一家测试有限公司")
    _granted_loan(app, other, reviewer)
    with app.test_request_context():
        assert [loan["ref"] for loan in granted_pledge_loans(firm_user.firm_id)] == [mine]
        from portal.extensions import db

        assert db.session.query(FinancingRequest).count() == 3


def test_firm_files_the_premium_subsidy_with_its_granted_insurance(app, firm_user, reviewer):
    policy = _granted_loan(app, firm_user, reviewer, kind="insurance")
    firm = PageClient(app)
    firm.login(firm_user.email, PASSWORD)
    kind = "insurance-premium-subsidy"
    key = firm.post(f"/firm/applications/new/{kind}", expect=302).headers["Location"].rsplit("/", 1)[-1]
    page = firm.get_page(f"/firm/applications/{key}/steps/policy")
    assert [o["value"] for o in page.select("select[name=policy] option")] == ["", policy]
    answers = {
        "policy": policy,
        "insurance_type": "enforcement",
        "policy_number": "PZBA202612000000123",
        "starts_on": "2026-01-01",
        "ends_on": "2025-12-31",
        "premium_paid": "3.20",
        "own_rights": "y",
        "clean_record": "y",
        "declaration": "y",
    }
    wrong = firm.post_page(f"/firm/applications/{key}/steps/policy", answers)
    assert "保险期间截止日期不能早于起始日期。" in error_texts(wrong)
    assert field_value(wrong, "policy_number") == "PZBA202612000000123"  # nothing typed is lost
    firm.post(f"/firm/applications/{key}/steps/policy", data={**answers, "ends_on": "2026-12-31"}, expect=302)
    for material in ("policy", "premium_vouchers", "credit_commitment"):
        firm.post(
            f"/firm/applications/{key}/materials",
            data={"material": material, "file": (io.BytesIO(PDF), f"{material}.pdf")},
            content_type="multipart/form-data",
            expect=302,
        )
    done = firm.post(f"/firm/applications/{key}/submit", expect=302)
    ref = firm.get_page(done.headers["Location"]).select_one("#reference").get_text(strip=True)
    staff = PageClient(app)
    staff.login(reviewer.email, PASSWORD)
    for action in ("claim", "actions/accept", "actions/start_review", "actions/approve"):
        with app.app_context():
            version = get_case(ref).version
        staff.post(f"/staff/cases/{ref}/{action}", data={"version": version}, expect=302)
    outcome = firm.get_page(f"/firm/applications/{ref}")
    assert "予以补贴" in [b.get_text(strip=True) for b in outcome.select(".badge")]
