"""The portal's identity and district contacts come from settings an administrator edits; 12330,
12315 and 12318 are each named for what they are; the population has a year and a source."""

from __future__ import annotations

from bs4 import BeautifulSoup
from flask import render_template

from tests.fixtures.accounts import PASSWORD

DEMO = {
    "host": "天津市红桥区市场监督管理局",
    "site_code": "1201060001",
    "icp": "津ICP备00000000号",
    "police_record": "津公网安备12010602000000号",
    "service_phone": "022-26000000",
    "address": "天津市红桥区示例路1号",
    "hours": "工作日9:00—17:00",
    "complaints_phone": "12345",
    "data_protection": "区市场监管局办公室 022-26000001",
    "ip_line": "12330",
    "market_line": "12315",
    "culture_line": "12318",
    "population": "483130",
    "population_year": "2020",
    "population_source": "第七次全国人口普查",
}


def _save(client, admin, **changes):
    client.login(admin.email, PASSWORD)
    response = client.post("/admin/site", data=DEMO | changes)
    client.logout()
    return response


def test_footer_shows_the_configured_identity_and_names_each_national_line(client):
    footer = client.get_page("/").select_one("footer").get_text(" ", strip=True)
    assert "主办单位：天津市红桥区市场监督管理局" in footer
    assert "监督投诉电话：12345" in footer
    assert "12330：知识产权维权援助与举报投诉热线" in footer and "不受理本平台使用咨询" in footer
    assert "12315：市场监管投诉举报热线" in footer
    assert "12318：文化市场举报热线" in footer
    # nothing is invented: identifiers not configured are not shown
    assert "ICP备案" not in footer and "网站标识码" not in footer


def test_an_administrator_changes_the_contacts_and_every_page_shows_them(
    client, app, create_staff, firm_user, make_case, shipped_content
):
    admin = create_staff("admin")
    assert _save(client, admin).status_code == 302
    footer = client.get_page("/").select_one("footer").get_text(" ", strip=True)
    for text in ("网站标识码：1201060001", "ICP备案：津ICP备00000000号", "公安备案：津公网安备12010602000000号"):
        assert text in footer
    assert "服务电话：022-26000000" in footer and "工作日9:00—17:00" in footer

    privacy = client.get_page("/privacy").get_text(" ", strip=True)
    assert "区市场监管局办公室 022-26000001" in privacy

    guide = client.get_page("/guidance/rights-protection-assistance")
    assert guide.find("dt", id="service-phone").find_next_sibling("dd").get_text(strip=True) == "022-26000000"
    assert "天津市红桥区示例路1号" in guide.find("dt", id="service-place").find_next_sibling("dd").get_text()

    ref = make_case(firm_user)
    client.login(firm_user.email, PASSWORD)
    receipt = client.get_page(f"/firm/applications/{ref}/receipt").select_one(".receipt").get_text(" ", strip=True)
    assert "服务电话：022-26000000" in receipt
    assert "12330：知识产权维权援助与举报投诉热线" in receipt and "不受理本平台使用咨询" in receipt
    assert "12318：文化市场举报热线" in receipt and "12315：市场监管投诉举报热线" in receipt

    with app.test_request_context():
        page = BeautifulSoup(render_template("errors/500.html"), "html.parser")
    contacts = page.select_one(".error-contacts").get_text(" ", strip=True)
    assert "022-26000000" in contacts and "12330：知识产权维权援助与举报投诉热线" in contacts
    assert "12318：文化市场举报热线" in privacy


NATIONAL = ("12330：知识产权维权援助与举报投诉热线", "12315：市场监管投诉举报热线", "12318：文化市场举报热线")


def test_the_national_lines_are_settings_shown_on_every_page_that_routes(
    client, app, create_staff, firm_user, make_case, shipped_content
):
    # a local routing (12330 answered through 12345) is a setting, not a release
    assert _save(client, create_staff("admin"), ip_line="12345转12330").status_code == 302
    footer = client.get_page("/").select_one("footer").get_text(" ", strip=True)
    assert "12345转12330：知识产权维权援助与举报投诉热线" in footer
    for slug in ("rights-protection-assistance", "overseas-filing-consultation", "brand-demonstration-application"):
        guide = client.get_page(f"/guidance/{slug}")
        lines = guide.find("dt", id="service-national").find_next_sibling("dd").get_text(" ", strip=True)
        assert "12345转12330：知识产权维权援助与举报投诉热线" in lines and "不受理本平台使用咨询" in lines, slug
        assert all(line in lines for line in NATIONAL[1:]), slug
    with app.test_request_context():
        page = BeautifulSoup(render_template("errors/500.html"), "html.parser")
    assert "12345转12330" in page.select_one(".error-contacts").get_text()
    assert "12345转12330" in client.get_page("/privacy").select_one(".privacy-contacts").get_text()
    # an emptied line is not shown rather than shown without its number
    _save(client, create_staff("admin"), culture_line="")
    assert "文化市场举报热线" not in client.get_page("/").select_one("footer").get_text()


def test_a_population_that_is_not_a_number_is_refused_next_to_the_field(client, create_staff):
    admin = create_staff("admin")
    response = _save(client, admin, population="四十八万", address="保留的地址")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "须为大于0的整数" in text and "保留的地址" in text


def test_open_data_divides_by_the_administrators_population_and_names_its_source(client, create_staff):
    page = client.get_page("/data/").select_one(".population-base").get_text(" ", strip=True)
    assert "483,130" in page and "第七次全国人口普查" in page and "393,000" not in page
    _save(client, create_staff("admin"), population="500000", population_source="区统计局年报")
    page = client.get_page("/data/").select_one(".population-base").get_text(" ", strip=True)
    assert "500,000" in page and "区统计局年报" in page


def test_a_change_is_audited(client, app, create_staff):
    from sqlalchemy import select

    from portal.audit.models import AuditEvent
    from portal.extensions import db

    _save(client, create_staff("admin"), service_phone="022-27000000")
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "site_setting")).all()
        assert any(e.to_value == "service_phone=022-27000000" for e in events)


def test_demo_data_fills_the_footer_identifiers_marked_as_demo(client, app):
    from portal.core.db import commit
    from portal.identity.demo import ensure_demo_identity

    with app.app_context():
        assert ensure_demo_identity() == 7
        commit()
        assert ensure_demo_identity() == 0  # never overwrites what is set
    footer = client.get_page("/").select_one("footer").get_text(" ", strip=True)
    assert "网站标识码：0000000000（演示）" in footer and "ICP备案：津ICP备00000000号（演示）" in footer
