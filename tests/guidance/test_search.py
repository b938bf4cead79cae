"""Search finds two-character Chinese words and English words, ranks title hits first, and is safe."""

from __future__ import annotations

import pytest

from portal.guidance import search


def _slugs(page) -> list[str]:
    return [hit.item.slug for hit in page.items]


@pytest.mark.parametrize(
    ("query", "expected_slug"),
    [
        ("商标", "trademark-registration"),
        ("维权", "rights-protection-assistance"),
        ("质押", "ip-pledge-financing"),
        ("马德里", "madrid-trademark"),
    ],
)
def test_chinese_words_are_found(app_ctx, shipped_content, query, expected_slug):
    page = search.search(query, "zh", per_page=50)
    assert expected_slug in _slugs(page)
    top = page.items[0]
    assert f"<mark>{query}</mark>" in str(top.title) + str(top.snippet)


def test_english_word_is_found_in_english_documents(app_ctx, shipped_content):
    page = search.search("Madrid", "en")
    assert _slugs(page)[0] == "madrid-trademark"
    assert "<mark>Madrid</mark>" in str(page.items[0].title)
    assert search.search("madrid", "en").total == page.total  # case-insensitive


def test_title_hits_rank_above_body_only_hits(app_ctx, make_item):
    body_only = make_item(
        slug="body-only",
        texts={
            "zh": {"title": "企业融资指引", "summary": "", "body": "可以办理专利质押,也可以办理商标质押。质押登记。"},
            "en": {"title": "Financing", "summary": "", "body": "pledge"},
        },
    )
    title_hit = make_item(
        slug="title-hit",
        texts={
            "zh": {"title": "质押融资", "summary": "", "body": "见下文。"},
            "en": {"title": "Pledge", "summary": "", "body": "x"},
        },
    )
    page = search.search("质押", "zh")
    assert _slugs(page) == [title_hit.slug, body_only.slug]
    assert page.items[0].score > page.items[1].score


def test_every_term_is_required_and_the_phrase_ranks_first(app_ctx, make_item):
    make_item(
        slug="both-apart",
        texts={
            "zh": {"title": "注册须知", "summary": "", "body": "关于商标的几点说明"},
            "en": {"title": "", "summary": "", "body": ""},
        },
    )
    make_item(
        slug="phrase",
        texts={
            "zh": {"title": "商标注册", "summary": "", "body": "正文"},
            "en": {"title": "", "summary": "", "body": ""},
        },
    )
    make_item(
        slug="one-term",
        texts={"zh": {"title": "商标", "summary": "", "body": "正文"}, "en": {"title": "", "summary": "", "body": ""}},
    )
    assert search.query_terms("商标注册") == ["商标", "注册"]
    assert _slugs(search.search("商标注册", "zh")) == ["phrase", "both-apart"]


def test_drafts_and_archived_items_are_not_found(app_ctx, make_item):
    for status in ("draft", "archived"):
        make_item(
            status=status,
            texts={
                "zh": {"title": "马德里草稿", "summary": "", "body": "x"},
                "en": {"title": "", "summary": "", "body": ""},
            },
        )
    assert search.search("马德里", "zh").total == 0


@pytest.mark.parametrize("query", ["", "   ", "!!!", "。，、", "xyzzyqq", "🙂🙂", "%", "_", "\\", "' OR 1=1 --"])
def test_empty_nonsense_and_wildcard_queries_find_nothing_without_error(app_ctx, shipped_content, query):
    assert search.search(query, "zh").total == 0


def test_query_is_capped_and_terms_are_limited():
    assert len(search.normalise_query("商" * 500)) == search.MAX_QUERY
    assert len(search.query_terms("商标 专利 版权 维权 质押 融资 保险 地理 标志 秘密")) == search.MAX_TERMS


def test_highlight_escapes_before_marking():
    html = str(search.highlight('<img src=x onerror="a()"> 商标 & <b>', ["商标", "img"]))
    assert html == "&lt;<mark>img</mark> src=x onerror=&#34;a()&#34;&gt; <mark>商标</mark> &amp; &lt;b&gt;"
    assert "<mark>&lt;b&gt;</mark>" in str(search.highlight("<b>", ["<b>"]))


def test_snippet_centres_on_the_first_hit():
    body = "开头" * 200 + "马德里体系" + "结尾" * 200
    snippet = str(search.snippet(body, ["马德里"]))
    assert snippet.startswith("…") and snippet.endswith("…") and "<mark>马德里</mark>体系" in snippet


def test_kept_hits_are_the_same_and_a_saved_item_is_found_at_once(app, make_item):
    """With the page cache on, a repeated search reads no search document, and content saved
    afterwards shows in the very next search (the content generation)."""
    from sqlalchemy import event

    from portal.extensions import cache, db

    texts = {
        "zh": {"title": "质押融资", "summary": "", "body": "专利质押登记。"},
        "en": {"title": "Pledge", "summary": "", "body": "x"},
    }
    first = make_item(slug="pledge-one", texts=texts)
    app.config["PAGE_CACHE_SECONDS"] = 60
    try:
        with app.test_request_context():
            cache.clear()
            fresh = search.search("质押", "zh")
            seen: list[str] = []
            note = lambda conn, cursor, statement, *args: seen.append(statement)  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", note)
            try:
                kept = search.search("质押", "zh")
            finally:
                event.remove(db.engine, "before_cursor_execute", note)
            assert _slugs(kept) == _slugs(fresh) == [first.slug]
            assert [str(h.title) for h in kept.items] == [str(h.title) for h in fresh.items]
            assert "<mark>质押</mark>" in str(kept.items[0].title) and kept.total == fresh.total == 1
            assert not [s for s in seen if "search_documents" in s]
        second = make_item(slug="pledge-two", texts=texts)
        with app.test_request_context():
            assert sorted(_slugs(search.search("质押", "zh"))) == sorted([first.slug, second.slug])
    finally:
        app.config["PAGE_CACHE_SECONDS"] = 0
        with app.app_context():
            cache.clear()
