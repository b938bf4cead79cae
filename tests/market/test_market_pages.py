"""The market pages as their users see them: credit status with its decision, the warning where a firm
names a blacklisted agency, listings with the number check, interests and the progress of a match."""

from __future__ import annotations

from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.extensions import db
from portal.market.models import Match
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.market import REAL_NUMBERS, code
from tests.helpers import PageClient, error_texts, field_value


def _as(app, email) -> PageClient:
    client = PageClient(app)
    client.login(email, PASSWORD)
    return client


def test_blacklisting_needs_a_decision_and_the_public_page_shows_it(app, create_staff, make_agency):
    agency = make_agency(name="天津示例专利代理所")
    staff = _as(app, create_staff("supervisor").email)
    url = f"/staff/market/agencies/{agency.id}/status"
    form = {
        "status": "blacklisted",
        "effective_on": "2026-10-08",
        "issuing_body": "天津市市场监督管理委员会",
        "source": "国家企业信用信息公示系统",
        "reason": "提交虚假材料",
    }
    soup = staff.post_page(url, form, status=400)
    assert "列入严重违法失信名单须填写决定书文号" in soup.get_text()
    assert field_value(soup, "issuing_body") == "天津市市场监督管理委员会"  # nothing typed is lost
    staff.post(url, data=form | {"decision_no": "津市监信〔2026〕88号"}, expect=302)

    public = PageClient(app)
    page = public.get_page(f"/market/agencies/{agency.id}")
    warning = page.select_one(".blacklist-warning").get_text()
    assert "津市监信〔2026〕88号" in warning and "2026年10月8日" in warning
    assert "严重违法失信名单（黑名单）" in page.select_one(".status-change").get_text()
    listed = public.get_page("/market/agencies/?status=blacklisted")
    assert "天津示例专利代理所" in listed.get_text()
    assert "天津示例专利代理所" not in public.get_page("/market/agencies/?status=normal").get_text()
    link = page.find("a", string="举报该机构违法违规行为")["href"]
    report_form = public.get_page(link)
    assert report_form.find("option", attrs={"value": "agency_misconduct", "selected": True})
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "agency_status"))
        assert (event.from_value, event.to_value) == ("normal", "blacklisted")
        assert event.detail["decision_no"] == "津市监信〔2026〕88号"


def test_a_firm_naming_a_blacklisted_agency_is_warned(app, firm_user, make_agency):
    good = make_agency(name="守信代理所")
    bad = make_agency(name="失信代理所", status="blacklisted", decision_no="津市监信〔2026〕5号")
    client = _as(app, firm_user.email)
    page = client.get_page("/firm/agency")
    assert "失信代理所" in page.select_one(".agency-blacklist-note").get_text()
    options = {o["value"]: o.get_text() for o in page.select("select[name=agency] option")}
    assert options[str(bad.id)] == "失信代理所（黑名单）"
    assert options[str(good.id)] == "守信代理所"
    client.post("/firm/agency", data={"agency": str(bad.id)}, expect=302)
    page = client.get_page("/firm/agency")
    assert "津市监信〔2026〕5号" in page.select_one(".agency-warning").get_text()
    profile = client.get_page("/firm/profile")
    assert "严重违法失信名单" in profile.select_one("#agency .agency-warning").get_text()
    client.post("/firm/agency", data={"agency": str(good.id)}, expect=302)
    assert client.get_page("/firm/profile").select_one("#agency .agency-warning") is None


def test_a_listing_with_a_wrong_check_character_is_refused_beside_the_field(app, make_institution):
    institution = make_institution()
    client = _as(app, institution.email)
    form = {
        "application_no": "ZL201310699744.3",
        "title": "一种以太阳能供电的运输飞艇",
        "ipc": "B64B 1/00",
        "legal_status": "granted",
        "field": "航空",
        "mode": "transfer",
        "terms": "整体转让",
    }
    soup = client.post_page("/institution/patents/new", form, status=400)
    assert error_texts(soup) == ["圆点后的校验位与申请号不符，请核对。"]
    assert field_value(soup, "title") == "一种以太阳能供电的运输飞艇"
    client.post("/institution/patents/new", data=form | {"application_no": "ZL 2013 1 0699744.2"}, expect=302)
    home = client.get_page("/institution/")
    assert "201310699744.2" in home.select_one(".listing-row").get_text()
    assert "面议" in home.select_one(".listing-row").get_text()
    public = PageClient(app).get_page("/market/patents/?q=运输飞艇")
    assert "一种以太阳能供电的运输飞艇" in public.get_text()


def test_open_licence_needs_its_terms(app, firm_user):
    client = _as(app, firm_user.email)
    form = {
        "application_no": REAL_NUMBERS[1],
        "title": "图像处理方法",
        "ipc": "G06T 5/00",
        "legal_status": "granted",
        "field": "电子信息",
        "mode": "open_licence",
        "terms": "开放许可",
        "price": "1.5",
    }
    soup = client.post_page("/firm/market/listings/new", form, status=400)
    assert "请填写向国家知识产权局声明的开放许可条件。" in soup.get_text()


def test_interest_and_the_progress_of_a_match(app, firm_user, create_staff, make_institution, make_listing):
    institution = make_institution()
    listing = make_listing(institution.id, title="零件缺陷检测系统")
    firm = _as(app, firm_user.email)
    soup = firm.post_page(f"/firm/market/patents/{listing}", {"message": "  "}, status=400)
    assert "请简要说明贵单位打算如何实施该专利" in soup.get_text()
    response = firm.post(f"/firm/market/patents/{listing}", data={"message": "用于产线质检"}, expect=302)
    home = firm.get_page(response.headers["Location"])
    with app.app_context():
        match = db.session.scalar(select(Match))
        reference, match_id = match.reference, match.id
    assert reference in home.get_text() and "意向" in home.get_text()
    again = firm.post_page(f"/firm/market/patents/{listing}", {"message": "再次"}, status=400)
    assert "您已对该专利表达过意向" in again.get_text()

    staff = _as(app, create_staff("supervisor").email)
    url = f"/staff/market/matches/{match_id}"
    soup = staff.post_page(url, {"stage": "signed"}, status=400)  # not offered from 意向
    assert "signed" not in [o["value"] for o in soup.select("select[name=stage] option")]
    staff.post(url, data={"stage": "negotiating"}, expect=302)
    soup = staff.post_page(url, {"stage": "signed", "amount": "30"}, status=400)
    assert "请选择所签合同类型" in soup.get_text()
    staff.post(
        url,
        data={
            "stage": "signed",
            "contract_type": "licence",
            "amount": "30",
            "signed_on": "2026-11-20",
            "public_consent": "y",
        },
        expect=302,
    )
    page = staff.get_page(url)
    assert "已签约" in page.select_one(".match-stage").get_text()
    figures = staff.get_page("/staff/market/")
    assert figures.select_one(".stage-signed").get_text() == "1"
    assert "2026" in figures.select_one(".deals-by-year").get_text()
    assert "30" in staff.get_page("/staff/stats").select_one(".market-stats").get_text()

    data = PageClient(app).get_page("/data/")
    deals = [[td.get_text() for td in tr.find_all("td")] for tr in data.select("#table-market_deals tbody tr")]
    assert deals == [["2026", "1", "30.00"]]
    public = PageClient(app).get_page("/market/deals/")
    assert "零件缺陷检测系统" in public.get_text() and firm_user.firm_name in public.get_text()


def test_staff_register_an_institution_with_an_institution_code(app, create_staff, outbox):
    staff = _as(app, create_staff("supervisor").email)
    form = {
        "name": "天津某大学",
        "kind": "university",
        "credit_code": code("92120106", 1),
        "contact_name": "刘老师",
        "contact_phone": "13820000000",
        "email": "tech@uni.example.cn",
    }
    soup = staff.post_page("/staff/market/institutions", form, status=400)
    assert "应以12（事业单位）、52（民办非企业单位）或91（企业）开头" in soup.get_text()
    staff.post("/staff/market/institutions", data=form | {"credit_code": code("12120000", 1)}, expect=302)
    assert "天津某大学" in staff.get_page("/staff/market/institutions").get_text()
    assert [m for m in outbox if "tech@uni.example.cn" in str(m)]


def test_an_institution_signs_in_to_its_area_and_answers_a_need(app, firm_user, make_institution):
    institution = make_institution()
    firm = _as(app, firm_user.email)
    firm.post(
        "/firm/market/needs/new",
        data={"title": "锂电池极片检测", "field": "新能源", "description": "在线检测方案", "budget": "面议"},
        expect=302,
    )
    client = PageClient(app)
    response = client.raw.post("/auth/login", data={"email": institution.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/institution/")
    home = client.get_page("/institution/")
    link = home.find("a", string="锂电池极片检测")["href"]
    soup = client.post_page(link, {"message": ""}, status=400)
    assert "此项必须填写。" in soup.get_text()
    client.post(link, data={"message": "我校有激光测厚技术，可提供样机。"}, expect=302)
    assert "我校有激光测厚技术" in firm.get_page("/firm/market/").get_text()
    client.get("/firm/market/", expect=403)  # an institution is not a firm


def test_an_agency_keeps_its_contact_current_and_staff_confirm_regulated_changes(
    app, create_staff, make_agency_account
):
    account = make_agency_account(name="天津守信专利代理所")
    client = PageClient(app)
    response = client.raw.post("/auth/login", data={"email": account.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/agency/")
    form = {
        "name": "天津守信专利代理所",
        "address": "天津市红桥区新址1号",
        "contact": "022-8888",
        "services": "专利申请",
    }
    client.post("/agency/", data=form, expect=302)
    public = PageClient(app).get_page(f"/market/agencies/{account.agency_id}").get_text()
    assert "022-8888" in public and "新址1号" not in public  # contact at once, the address after staff confirm
    assert "新址1号" in client.get_page("/agency/").select_one(".pending-change").get_text()

    staff = _as(app, create_staff("supervisor").email)
    page = staff.get_page(f"/staff/market/agencies/{account.agency_id}")
    change = page.select_one(".agency-change")
    assert "新址1号" in change.get_text()
    staff.post(change.form["action"], data={"decision": "confirm"}, expect=302)
    assert "新址1号" in PageClient(app).get_page(f"/market/agencies/{account.agency_id}").get_text()
    staff.post(change.form["action"], data={"decision": "confirm"}, expect=302)  # a second click changes nothing
    client.get("/firm/agency", expect=403)


def test_staff_create_an_agency_account_once(app, create_staff, make_agency, outbox):
    agency = make_agency()
    staff = _as(app, create_staff("supervisor").email)
    url = f"/staff/market/agencies/{agency.id}/account"
    staff.post(url, data={"email": "office@agency.example.cn"}, expect=302)
    assert [m for m in outbox if "office@agency.example.cn" in str(m)]
    soup = staff.post_page(url, {"email": "other@agency.example.cn"}, status=400)
    assert "该服务机构已有账号。" in soup.get_text()
