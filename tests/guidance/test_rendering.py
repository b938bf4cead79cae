"""Editor Markdown is rendered with tables and sanitized before it reaches any page."""

from __future__ import annotations

from bs4 import BeautifulSoup

from portal.guidance.rendering import plain_text, render_markdown

HOSTILE = """
## 标题

<script>alert('x')</script>

[点我](javascript:alert(1)) <a href="javascript:alert(2)">链接</a> <a href="JaVaScRiPt:alert(3)">x</a>

<img src="x" onerror="alert(4)"> <p onclick="alert(5)">段落</p> <iframe src="https://evil.example"></iframe>

<a href="https://example.cn" onmouseover="alert(6)" target="_blank">安全链接</a>
"""


def test_markdown_tables_lists_and_links_render():
    html = render_markdown(
        "| 项目 | 金额 |\n|---|---|\n| 注册费 | 300元 |\n\n- 一\n- 二\n\n[WIPO](https://www.wipo.int)"
    )
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("table") and soup.find("td", string="300元")
    assert len(soup.find_all("li")) == 2
    link = soup.find("a")
    assert link["href"] == "https://www.wipo.int" and link["rel"] == ["noopener", "noreferrer"]


def test_script_event_handlers_and_javascript_links_never_survive():
    soup = BeautifulSoup(str(render_markdown(HOSTILE)), "html.parser")
    assert not soup.find_all(["script", "img", "iframe"])
    assert "alert('x')" not in soup.get_text()
    for tag in soup.find_all(True):
        assert not any(attr.startswith("on") for attr in tag.attrs), tag
        assert set(tag.attrs) <= {"href", "title", "rel", "start"}, tag
    hrefs = [a.get("href") for a in soup.find_all("a")]
    assert hrefs and all(h is None or h.startswith("https://") for h in hrefs)


def test_only_http_https_and_mailto_links_are_kept():
    soup = BeautifulSoup(
        str(render_markdown("[a](mailto:ip@example.cn) [b](ftp://x.example) [c](data:text/html;base64,PHNjcmlwdD4=)")),
        "html.parser",
    )
    assert [a.get("href") for a in soup.find_all("a") if a.get("href")] == ["mailto:ip@example.cn"]


def test_plain_text_drops_markup_and_keeps_words():
    text = plain_text("## 马德里体系\n\n**基础商标** 与 [WIPO](https://www.wipo.int)\n\n<script>bad()</script>")
    assert "马德里体系" in text and "基础商标" in text and "WIPO" in text
    assert "<" not in text and "bad()" not in text and "**" not in text
