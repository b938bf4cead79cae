"""A firm's profile records its overseas markets and filings (country or region, IP type, number) and
suggests early-warning subscriptions from them, each one click away."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.reports.models import OverseasMarket, OverseasSubscription
from tests.fixtures.accounts import PASSWORD
from tests.helpers import error_texts


def _add(client, **data):
    return client.post("/firm/profile/overseas", data={"region": "", "country": "", "ip_type": "", "number": ""} | data)


def test_markets_and_filings_suggest_subscriptions_one_click_each(app, client, firm_user):
    client.login(firm_user.email, PASSWORD)
    profile = client.get_page("/firm/profile")
    assert profile.select_one("#overseas a")["href"] == "/firm/profile/overseas"
    page = client.get_page("/firm/profile/overseas")
    assert page.select_one("#suggestions") is None and "尚未填写。" in page.get_text()

    assert _add(client, region="us", ip_type="patent", number="US 11,234,567 B2").status_code == 302
    assert _add(client, region="eu", country="德国", ip_type="trademark", number="EUTM 018765432").status_code == 302
    assert _add(client, region="asean", country="越南").status_code == 302  # a market without a filing yet
    page = client.get_page("/firm/profile/overseas")
    rows = [tr.get_text(" ", strip=True) for tr in page.select("#overseas-markets tbody tr")]
    assert any("美国" in r and "专利" in r and "US 11,234,567 B2" in r for r in rows), rows
    assert any("欧盟（德国）" in r and "商标" in r for r in rows), rows
    assert any("东盟国家（越南）" in r and "市场（尚未申请）" in r for r in rows), rows
    suggested = [li.get_text(" ", strip=True) for li in page.select("#suggestions li")]
    assert len(suggested) == 3 and any("美国 · 专利" in s for s in suggested)
    assert any("东盟国家 · 全部知识产权类型" in s for s in suggested), suggested

    # one click: the suggestion becomes a subscription and leaves the list
    form = next(f for f in page.select("#suggestions form") if f.select_one("input[name=region]")["value"] == "us")
    fields = {i["name"]: i.get("value", "") for i in form.select("input[name]")}
    assert client.post(form["action"], data=fields).status_code == 302
    page = client.get_page("/firm/profile/overseas")
    assert "已订阅美国 · 专利的预警信息。" in page.get_text()
    assert len(page.select("#suggestions li")) == 2
    with app.app_context():
        subs = db.session.scalars(select(OverseasSubscription)).all()
        assert [(s.firm_id, s.region, s.field) for s in subs] == [(firm_user.firm_id, "us", "patent")]
    warnings = client.get_page("/firm/warnings")
    assert "根据您的海外市场和申请，有 2 条订阅建议" in warnings.get_text()

    # a stale suggestion (already followed) changes nothing
    client.post(form["action"], data=fields, expect=302)
    with app.app_context():
        assert db.session.scalar(select(db.func.count(OverseasSubscription.id))) == 1


def test_bad_input_is_told_beside_the_field_and_kept(client, firm_user):
    client.login(firm_user.email, PASSWORD)
    response = _add(client, region="", number="US 1")
    assert response.status_code == 400
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(response.data, "html.parser")
    assert "请选择国家或地区。" in error_texts(soup)
    assert soup.select_one("#number")["value"] == "US 1"
    response = _add(client, region="jp", number="特願2026-012345")  # a number, but no IP type
    soup = BeautifulSoup(response.data, "html.parser")
    assert response.status_code == 400 and "请选择该编号对应的知识产权类型。" in error_texts(soup)
    assert soup.select_one("#number")["value"] == "特願2026-012345"
    assert _add(client, region="mars", ip_type="patent").status_code == 400


def test_a_firm_removes_only_its_own_entries(app, client, firm_user, create_firm_user):
    other = create_firm_user()
    with app.app_context():
        theirs = OverseasMarket(firm_id=other.firm_id, region="jp", ip_type="patent", number="JP1")
        db.session.add(theirs)
        db.session.commit()
        theirs_id = theirs.id
    client.login(firm_user.email, PASSWORD)
    client.post(f"/firm/profile/overseas/{theirs_id}/delete", expect=302)
    assert "该条目已不存在。" in client.get_page("/firm/profile/overseas").get_text()
    with app.app_context():
        assert db.session.get(OverseasMarket, theirs_id) is not None
    _add(client, region="kr", ip_type="copyright")
    with app.app_context():
        mine = db.session.scalar(select(OverseasMarket).where(OverseasMarket.firm_id == firm_user.firm_id))
    client.post(f"/firm/profile/overseas/{mine.id}/delete", expect=302)
    with app.app_context():
        assert db.session.get(OverseasMarket, mine.id) is None
