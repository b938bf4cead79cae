"""Rendered Chinese pages follow the house style (docs/glossary.md): full-width ： after labels and
full-width brackets in running text, and one date format within a table."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from portal.guidance import loader
from tests.fixtures.accounts import PASSWORD
from tests.zh_style import zh_style_problems

PREFIX = {"article": "/guidance/", "notice": "/notices/", "policy": "/policies/"}


def _problems(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert soup.html.get("lang") == "zh-CN"
    return zh_style_problems(soup)


def test_the_scan_finds_what_it_looks_for():
    page = BeautifulSoup(
        "<html lang='zh-CN'><body><p>最近更新: 2026年11月25日</p><p>其他材料 (选填)</p>"
        "<table><tr><td>2026-11-25</td><td>2026年11月26日</td></tr></table></body></html>",
        "html.parser",
    )
    found = " ".join(zh_style_problems(page))
    assert "half-width colon" in found and "half-width bracket" in found and "mixed date formats" in found
    clean = BeautifulSoup("<html><body><p>最近更新：2026年11月25日，见 https://x.cn</p></body></html>", "html.parser")
    assert zh_style_problems(clean) == []


def test_the_page_client_checks_every_chinese_page_it_receives(app):
    from flask import Response

    from tests.helpers import check_zh_style

    bad = Response('<html lang="zh-CN"><head><title>x</title></head><body><p>名称: 甲</p></body></html>')
    with pytest.raises(AssertionError, match="half-width colon"):
        check_zh_style(bad, "/x")
    check_zh_style(
        Response('<html lang="en"><body><p>名称: 甲</p></body></html>'), "/x"
    )  # English pages are not scanned
    someone_typed = '<html lang="zh-CN"><body><p>[x](javascript:alert(1))</p><h2>办事指南</h2></body></html>'
    check_zh_style(Response(someone_typed), "/x")  # typed text beside a heading is not our punctuation


PUBLIC_PAGES = ["/", "/guidance/", "/notices/", "/policies/", "/search", "/search?q=商标", "/data/", "/auth/login"]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages(client, shipped_content, url):
    assert _problems(client.get(url)) == []


def test_every_shipped_item_page(client, shipped_content):
    problems = {}
    for ctype, path in loader.shipped_files():
        response = client.get(PREFIX[ctype.value] + path.stem)
        if response.status_code == 200:
            problems[path.stem] = _problems(response)
    assert problems and not any(problems.values()), {k: v for k, v in problems.items() if v}


def test_form_error_summary(client):
    response = client.post("/auth/register", data={"firm_name": "x", "credit_code": "1", "mobile": "1"})
    assert _problems(response) == []


def test_firm_and_editor_pages(client, firm_user, editor, make_item):
    client.login(firm_user.email, PASSWORD)
    assert _problems(client.get("/firm/")) == []
    client.logout()
    item = make_item("notice")
    client.login(editor.email, PASSWORD)
    assert _problems(client.get(f"/staff/content/{item.id}")) == []


def test_every_request_of_the_page_client_is_scanned(client, monkeypatch):
    import tests.helpers

    seen = []
    monkeypatch.setattr(tests.helpers, "check_zh_style", lambda response, url="": seen.append(url))
    client.get("/")
    client.raw.get("/guidance/")
    client.post("/auth/login", data={"email": "x", "password": "y"})
    assert seen == ["/?", "/guidance/?", "/auth/login?"]


def test_account_pages(client, firm_user, create_colleague, supervisor):
    """Colleagues, firm data, notification settings, sign-in by SMS code and staff's name corrections."""
    create_colleague(firm_user, "firm_applicant")
    assert _problems(client.get("/auth/login/sms")) == []
    client.login(firm_user.email, PASSWORD)
    for url in ("/firm/colleagues", "/firm/account", "/firm/notifications", "/privacy"):
        assert _problems(client.get(url)) == [], url
    client.logout()
    client.login(supervisor.email, PASSWORD)
    assert _problems(client.get("/staff/firms/corrections")) == []
    assert _problems(client.get("/staff/notifications")) == []
