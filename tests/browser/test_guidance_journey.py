"""A visitor searches 马德里 from the header, opens the Madrid guide and reads it in English."""

from __future__ import annotations

import pytest

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
    assert page.locator(".prose table").count() == 1
    shot(page, "guidance-article-zh")

    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "/guidance/madrid-trademark" in page.url
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "International trademark registration through the Madrid System"
    )
    shot(page, "guidance-article-en")
