"""A visitor searches 马德里 from the header, opens the Madrid guide and reads it in English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def content(app):
    from portal.core.db import commit
    from portal.guidance.loader import load_content

    with app.app_context():
        load_content()
        commit()


def test_search_madrid_open_article_switch_to_english(page, shot, content):
    page.goto("/")
    page.fill("#nav-q", "马德里")
    page.press("#nav-q", "Enter")
    page.wait_for_url("**/search?q=*")
    results = page.locator(".search-results")
    assert results.locator("mark").first.inner_text() == "马德里"
    shot(page, "guidance-search-zh")

    results.get_by_role("link", name="通过马德里体系办理商标国际注册").click()
    page.wait_for_url("**/guidance/madrid-trademark")
    assert page.get_by_role("heading", level=1).inner_text() == "通过马德里体系办理商标国际注册"
    expect(page.locator(".prose table")).to_have_count(1)
    shot(page, "guidance-article-zh")

    with page.expect_navigation():
        page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "/guidance/madrid-trademark" in page.url
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "International trademark registration through the Madrid System"
    )
    shot(page, "guidance-article-en")


def test_a_firm_reads_the_questions_and_downloads_the_commitment_template(page, shot, content, tmp_path):
    page.goto("/guidance/brand-demonstration-application")
    faq = page.locator("#service-faq + dd")
    first = faq.locator("details").first
    first.locator("summary").click()
    assert first.locator(".prose").is_visible()
    assert "信用承诺书" in first.inner_text()
    shot(page, "guide-faq-desktop")

    row = page.locator("tr.guide-material", has_text="信用承诺书")
    with page.expect_download() as info:
        row.get_by_role("link", name="下载模板（DOCX）").click()
    download = info.value
    assert download.suggested_filename.endswith("信用承诺书.docx")
    saved = tmp_path / "commitment.docx"
    download.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"  # a DOCX is a zip

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/guidance/brand-demonstration-application#service-materials")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "guide-faq-390")
