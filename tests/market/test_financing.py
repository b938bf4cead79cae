"""Financing products and requests: what staff publish, what a firm sends, and where a granted loan shows."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.market.finance_models import FinanceProduct, FinanceProvider, FinancingRequest
from tests.fixtures.accounts import PASSWORD
from tests.helpers import PageClient, field_value

LOAN = {
    "kind": "pledge_loan",
    "product_name": "知识产权质押贷",
    "rate_min": "3.45",
    "rate_max": "4.35",
    "term_months": "36",
    "max_amount": "1000",
    "eligibility": "科技型中小企业",
    "valid_from": "2026-01-01",
    "valid_until": "2099-12-31",
}


def _as(app, email) -> PageClient:
    client = PageClient(app)
    client.login(email, PASSWORD)
    return client


def _provider(staff, app) -> int:
    staff.post(
        "/staff/market/finance/providers",
        data={"name": "示例银行", "provider_kind": "bank", "contact": "022-1"},
        expect=302,
    )
    with app.app_context():
        return db.session.scalar(select(FinanceProvider.id))


def test_a_pledge_loan_needs_its_rate_range_and_shows_while_on_offer(app, create_staff):
    staff = _as(app, create_staff("supervisor").email)
    provider = _provider(staff, app)
    soup = staff.post_page(
        "/staff/market/finance/products", LOAN | {"provider_id": provider, "rate_min": "5", "rate_max": "4"}, status=400
    )
    assert "请填写利率区间，先低后高。" in soup.get_text()
    assert field_value(soup, "product_name") == "知识产权质押贷"
    staff.post("/staff/market/finance/products", data=LOAN | {"provider_id": provider}, expect=302)
    expired = LOAN | {
        "provider_id": provider,
        "product_name": "旧产品",
        "valid_from": "2024-01-01",
        "valid_until": "2024-12-31",
    }
    staff.post("/staff/market/finance/products", data=expired, expect=302)
    public = PageClient(app).get_page("/market/finance/")
    cards = [c.get_text() for c in public.select(".finance-product")]
    assert len(cards) == 1 and "知识产权质押贷" in cards[0] and "3.45% 至 4.35%" in cards[0]


def test_a_firm_requests_a_loan_and_the_granted_amount_reaches_profile_and_statistics(
    app, create_staff, create_firm_user
):
    from portal.firms.models import FirmIpProfile

    firm = create_firm_user()
    with app.app_context():
        db.session.add(FirmIpProfile(firm_id=firm.firm_id, year=2026, invention_patents=4, high_value_patents=2))
        db.session.commit()
    staff = _as(app, create_staff("supervisor").email)
    provider = _provider(staff, app)
    staff.post("/staff/market/finance/products", data=LOAN | {"provider_id": provider}, expect=302)
    with app.app_context():
        product = db.session.scalar(select(FinanceProduct.id))

    client = _as(app, firm.email)
    form = client.get_page(f"/firm/finance/request?product={product}")
    assert "4 件发明专利" in form.select_one(".ip-list").get_text()
    assert form.find("option", attrs={"value": str(product), "selected": True})
    response = client.post(
        "/firm/finance/request",
        data={"product": str(product), "kind": "pledge_loan", "need": "购置设备", "amount": "300"},
        expect=302,
    )
    home = client.get_page(response.headers["Location"])
    with app.app_context():
        row = db.session.scalar(select(FinancingRequest))
        reference, request_id = row.reference, row.id
        assert "4 件发明专利" in row.ip_list
    assert reference in home.select_one(".alert-success").get_text()

    url = f"/staff/market/finance/requests/{request_id}"
    staff.post(f"{url}/pass", data={"passed_to": "示例银行"}, expect=302)
    soup = staff.post_page(f"{url}/outcome", {"outcome": "granted"}, status=400)
    assert "请填写放款金额。" in soup.get_text()
    staff.post(
        f"{url}/outcome", data={"outcome": "granted", "granted_amount": "300", "decided_on": "2026-11-20"}, expect=302
    )
    assert "300" in staff.get_page(url).select_one(".granted-amount").get_text()
    soup = staff.post_page(f"{url}/outcome", {"outcome": "declined"}, status=400)
    assert "该申请已办结。" in soup.get_text()

    profile = client.get_page("/firm/profile")
    assert [td.get_text() for td in profile.select("#pledges tbody td")] == ["2026", "1", "300"]
    stats = staff.get_page("/staff/stats")
    assert [td.get_text() for td in stats.select(".pledge-by-year tbody td")] == ["2026", "1", "300"]
    data = PageClient(app).get_page("/data/")
    assert [td.get_text() for td in data.select("#table-pledge_financing tbody td")] == ["2026", "1", "300.00"]


def test_a_firm_withdraws_its_own_request_only(app, create_firm_user):
    a, b = create_firm_user(), create_firm_user()
    client = _as(app, a.email)
    client.post(
        "/firm/finance/request",
        data={"product": "", "kind": "insurance", "need": "想了解专利执行保险"},
        expect=302,
    )
    with app.app_context():
        request_id = db.session.scalar(select(FinancingRequest.id))
    _as(app, b.email).post(f"/firm/finance/{request_id}/withdraw", expect=404)
    client.post(f"/firm/finance/{request_id}/withdraw", expect=302)
    with app.app_context():
        assert db.session.get(FinancingRequest, request_id).status == "withdrawn"
