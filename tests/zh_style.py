"""House style of rendered Chinese pages (docs/glossary.md): full-width punctuation after labels and
in running text, and one date format within a table. tests/helpers.PageClient runs it on every
Chinese HTML page the suite receives (get, post, get_page, post_page); with ZH_STYLE_LOG set to a file
name it notes the problems there instead of failing, to survey a whole run."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from lxml import html as lxml_html

CJK = r"[\u3400-\u9fff]"
HALF_WIDTH_COLON = re.compile(rf"{CJK}\s*:(?!//)")
# a half-width bracket touching Chinese within one piece of text, or enclosing Chinese anywhere; a
# bracket that only meets Chinese across an element boundary is someone's typed text beside ours
HALF_WIDTH_BRACKET = re.compile(rf"{CJK}\s*\(|\)\s*{CJK}")
ENCLOSING_BRACKETS = re.compile(rf"\([^()\n]*{CJK}[^()\n]*\)")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
CHINESE_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
SKIP = ("script", "style", "code", "pre", "textarea")


def zh_style_problems(page: str | BeautifulSoup) -> list[str]:
    """What breaks the house style on a Chinese page, given as markup or soup (empty when it is clean).

    The scan runs on every Chinese page of the suite, so it reads the markup with lxml's C parser
    into a tree of its own (some twenty times cheaper than the two BeautifulSoup trees it used to
    build); the text it looks at is the same: every piece of text of the body (comments too) apart
    from script, style, code, pre and textarea, and the body's text joined by spaces as
    BeautifulSoup's ``get_text(" ", strip=True)`` joins it."""
    markup = page if isinstance(page, str) else str(page)
    document = lxml_html.document_fromstring(markup)
    # lxml adds a <body> to a page that has none; the scan then reads the whole page, as before
    root = document.find("body") if re.search(r"<body[\s>]", markup, re.I) else document
    if root is None:
        root = document
    for tag in [tag for tag in root.iter(*SKIP) if tag is not root]:
        tag.drop_tree()  # the tag and what is inside it; the text after it stays
    problems = []
    pieces = [str(node.text if isinstance(node, lxml_html.HtmlComment) else node) for node in _strings(root)]
    text = _joined_text(root)
    checks = [(HALF_WIDTH_COLON, "half-width colon", [text]), (ENCLOSING_BRACKETS, "half-width bracket", [text])]
    checks.append((HALF_WIDTH_BRACKET, "half-width bracket", pieces))
    for pattern, what, texts in checks:
        for piece in texts:
            for match in pattern.finditer(piece):
                problems.append(f"{what}: …{piece[max(0, match.start() - 12) : match.end() + 12]}…")
    for table in document.iter("table"):
        cells = _joined_text(table)
        if ISO_DATE.search(cells) and CHINESE_DATE.search(cells):
            label = table.get("id") or (table.get("class").split() if table.get("class") is not None else None)
            problems.append(f"mixed date formats in table {label}")
    return problems


def _joined_text(element) -> str:
    """The element's text, each piece stripped and the empty ones left out, joined by spaces."""
    return " ".join(s for s in (str(node).strip() for node in element.xpath("descendant::text()")) if s)


def _strings(root) -> list:
    """Every text and comment node under ``root``, in document order."""
    return root.xpath("descendant::text() | descendant::comment()")
