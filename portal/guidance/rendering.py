"""Editor Markdown → safe HTML, and → plain text for search.

markdown-it-py (CommonMark + tables) renders; nh3 (the Rust ammonia sanitizer) then keeps only
an allow-list of tags and attributes, http/https/mailto links and adds rel="noopener noreferrer".
Raw HTML in the Markdown is parsed and then sanitized, so a stray <br> survives while <script>,
event handlers and javascript: URLs never reach a page.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import unescape

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "hr",
    "br",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

_md = MarkdownIt("commonmark", {"html": True, "linkify": False}).enable("table")


@lru_cache(maxsize=512)
def _render(text: str) -> str:
    html = _md.render(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def render_markdown(text: str | None) -> Markup:
    """Sanitized HTML for ``text`` (safe to print in a template)."""
    return Markup(_render(text or "")) if text else Markup("")  # noqa: S704 nh3 has sanitized it


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[ \t\r\f\v]+")
_BLANKS = re.compile(r"\n{2,}")


def plain_text(text: str | None) -> str:
    """The words of ``text`` without markup: what search matches and snippets quote."""
    if not text:
        return ""
    html = _render(text)
    html = re.sub(r"</(p|h[1-6]|li|tr|th|td|pre|blockquote)>|<br\s*/?>", "\n", html)
    words = unescape(_TAG.sub(" ", html))
    words = _SPACE.sub(" ", words)
    return _BLANKS.sub("\n", "\n".join(line.strip() for line in words.splitlines())).strip()
