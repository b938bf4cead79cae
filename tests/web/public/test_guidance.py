"""Public guidance, notices, policies, search and sitemap pages."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from tests.fixtures.accounts import PASSWORD


def test_guidance_index_groups_topics_and_traces_them_to_the_outline(client, shipped_content):
    page = client.get_page("/guidance/")
    sections = page.select("section.guidance-topic")
    assert [s["id"] for s in sections] == [
        "topic-trademark-brand",
        "topic-overseas-filing",
        "topic-overseas-disputes",
        "topic-rights-protection",
        "topic-patents",
        "topic-copyright",
        "topic-financing",
        "topic-gi-trade-secrets",
    ]
    overseas = page.select_one("#topic-overseas-filing")
    assert "通过马德里体系办理商标国际注册" in overseas.get_text()
    tasks = [a.get_text(strip=True) for a in page.select("#topic-financing .outline-task")]
    assert tasks and tasks[0].startswith("10") and "运营" in tasks[0]  # task titles come from the outline
    assert page.select_one("#topic-financing .outline-task")["href"] == "/policies/hongqiao-ip-outline-2021-2035"
    assert page.find("meta", attrs={"name": "description"})["content"]


def test_article_page_has_title_description_breadcrumb_and_last_updated(client, shipped_content):
    page = client.get_page("/guidance/madrid-trademark")
    assert page.title.get_text().startswith("通过马德里体系办理商标国际注册")
    assert page.find("meta", attrs={"name": "description"})["content"].startswith("马德里体系")
    crumbs = [li.get_text(strip=True) for li in page.select(".breadcrumb li")]
    assert crumbs[-1] == "通过马德里体系办理商标国际注册" and len(crumbs) == 4
    assert page.select_one(".item-meta time")["datetime"] == "2026-11-01" or page.select_one(".item-meta time")
    assert page.select_one(".prose table")  # the fee table rendered from Markdown


def test_article_in_english(client, shipped_content):
    page = client.get_page("/guidance/madrid-trademark?lang=en")
    assert page.html["lang"] == "en"
    assert page.find("h1").get_text(strip=True) == "International trademark registration through the Madrid System"


def test_service_guide_shows_the_structured_sections_and_a_sign_in_hint(client, shipped_content, app):
    page = client.get_page("/guidance/rights-protection-assistance")
    terms = [dt["id"] for dt in page.select(".service-guide dt")]
    # every field a 办事指南 carries, in the order of the district's guides
    assert terms == [
        f"service-{key}"
        for key in (
            "name",
            "code",
            "item_type",
            "handling_type",
            "body",
            "description",
            "basis",
            "conditions",
            "materials",
            "process",
            "time_limit",
            "window",
            "limit",
            "fees",
            "place",
            "phone",
            "complaints",
            "national",
            "result",
            "delivery",
            "remedy",
            "faq",
        )
    ]
    apply = page.select_one(".service-apply")
    if "firm.new_application" in app.view_functions:
        assert "rights-protection" in apply.find("a")["href"]
    else:
        assert apply.find("a", href=re.compile("/auth/login"))


def test_drafts_and_archived_items_are_404_for_the_public(client, make_item):
    draft = make_item(status="draft")
    archived = make_item(status="archived")
    notice = make_item("notice", status="draft")
    for url in (
        f"/guidance/{draft.slug}",
        f"/guidance/{archived.slug}",
        f"/notices/{notice.slug}",
        "/guidance/no-such-article",
        "/policies/no-such-policy",
    ):
        client.get_page(url, status=404)
    assert draft.slug not in client.get_page("/guidance/").decode()


def test_draft_is_visible_to_an_editor_at_the_staff_url(client, make_item, editor):
    draft = make_item(status="draft")
    client.login(editor.email, PASSWORD)
    client.get_page(f"/guidance/{draft.slug}", status=404)  # still not on the public address
    page = client.get_page(f"/staff/content/{draft.id}")
    assert page.find("h1").get_text(strip=True).startswith("测试文章")


def test_notices_newest_first_and_paginated(client, make_item, app):
    from datetime import date, timedelta

    for n in range(12):
        make_item("notice", slug=f"notice-{n:02d}", published_on=date(2026, 1, 1) + timedelta(days=n))
    page = client.get_page("/notices/")
    links = [a["href"] for a in page.select(".content-list a")]
    assert len(links) == 10 and links[0] == "/notices/notice-11" and links[-1] == "/notices/notice-02"
    assert page.select_one(".content-list time")["datetime"] == "2026-01-12"
    links = {a.get_text(strip=True): a["href"] for a in page.select(".pagination a.page-link")}
    assert links["下一页"] == "/notices/?page=2" and links["2"] == "/notices/?page=2"
    assert "共12条，第1/2页" in page.select_one(".pagination").find_parent("div").get_text()
    second = client.get_page("/notices/?page=2")
    assert [a["href"] for a in second.select(".content-list a")] == ["/notices/notice-01", "/notices/notice-00"]
    client.get_page("/notices/?page=abc")  # a bad page number is page 1, not an error


def test_notice_and_policy_pages(client, shipped_content):
    notices = client.get_page("/notices/")
    first = notices.select_one(".content-list a")["href"]
    page = client.get_page(first)
    assert page.select_one(".breadcrumb") and page.select_one(".item-meta time")
    policies = client.get_page("/policies/")
    assert policies.find("a", href="/policies/hongqiao-ip-outline-2021-2035")
    outline = client.get_page("/policies/hongqiao-ip-outline-2021-2035")
    assert "天津市红桥区知识产权保护领导小组办公室" in outline.select_one(".item-meta").get_text()


@pytest.mark.parametrize(
    ("query", "lang", "slug"),
    [
        ("商标", "zh", "trademark-registration"),
        ("维权", "zh", "rights-protection-assistance"),
        ("质押", "zh", "ip-pledge-financing"),
        ("马德里", "zh", "madrid-trademark"),
        ("Madrid", "en", "madrid-trademark"),
    ],
)
def test_search_page_finds_and_highlights(client, shipped_content, query, lang, slug):
    page = client.get_page(f"/search?q={query}&lang={lang}")
    hrefs = [a["href"] for a in page.select(".search-results li > a")]
    assert any(h.startswith(f"/guidance/{slug}") for h in hrefs), hrefs
    assert page.select(".search-results mark")
    assert query in page.title.get_text()


def test_search_in_chinese_falls_back_to_english_texts(client, shipped_content):
    page = client.get_page("/search?q=Hague%20Agreement")
    hrefs = [a["href"] for a in page.select(".search-results li > a")]
    assert hrefs and all("lang=en" in h for h in hrefs)


@pytest.mark.parametrize("query", ["", "xyzzyqq", "！！！", "<script>alert(1)</script>", "%25%25", "商" * 300])
def test_search_empty_state_offers_suggestions(client, shipped_content, query):
    page = client.get_page(f"/search?q={query}")
    suggestions = [a.get_text() for a in page.select(".empty-state a.suggestion")]
    assert {"商标", "马德里", "维权", "质押"} <= set(suggestions)
    assert not page.select("main script")
    assert len(page.select_one("#search-q")["value"]) <= 100


def test_sitemap_lists_published_pages_with_absolute_urls(client, make_item):
    published = make_item(slug="in-the-map")
    draft = make_item(slug="not-in-the-map", status="draft")
    notice = make_item("notice", slug="map-notice")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.fromstring(response.data)
    locs = [u.findtext("s:loc", namespaces=ns) for u in root.findall("s:url", ns)]
    assert all(loc.startswith("http://localhost/") for loc in locs)
    for path in (
        "/",
        "/guidance/",
        "/notices/",
        "/policies/",
        f"/guidance/{published.slug}",
        f"/notices/{notice.slug}",
    ):
        assert "http://localhost" + path in locs
    assert not any(draft.slug in loc for loc in locs)
    assert all(u.findtext("s:lastmod", namespaces=ns) for u in root.findall("s:url", ns))


def test_nav_links_to_the_new_pages(client):
    page = client.get_page("/")
    hrefs = {a["href"] for a in page.select("header a")}
    assert {"/guidance/", "/notices/", "/policies/"} <= hrefs
    assert page.select_one("header form[role=search]")["action"] == "/search"
