"""House style of rendered Chinese pages (docs/glossary.md): full-width punctuation after labels and
in running text, and one date format within a table. check_page runs it on every Chinese page the
suite renders through get_page / post_page."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

CJK = r"[\u3400-\u9fff]"
HALF_WIDTH_COLON = re.compile(rf"{CJK}\s*:(?!//)")
HALF_WIDTH_BRACKET = re.compile(rf"{CJK}\s*\(|\)\s*{CJK}")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
CHINESE_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
SKIP = ("script", "style", "code", "pre", "textarea")


def _visible_text(node) -> str:
    for tag in node.find_all(SKIP):
        tag.decompose()
    return node.get_text(" ", strip=True)


def zh_style_problems(soup: BeautifulSoup) -> list[str]:
    """What breaks the house style on a Chinese page (empty when it is clean)."""
    soup = BeautifulSoup(str(soup), "html.parser")  # a copy: the caller's soup stays whole
    problems = []
    text = _visible_text(soup.body or soup)
    for pattern, what in ((HALF_WIDTH_COLON, "half-width colon"), (HALF_WIDTH_BRACKET, "half-width bracket")):
        for match in pattern.finditer(text):
            problems.append(f"{what}: …{text[max(0, match.start() - 12) : match.end() + 12]}…")
    for table in soup.find_all("table"):
        cells = table.get_text(" ", strip=True)
        if ISO_DATE.search(cells) and CHINESE_DATE.search(cells):
            problems.append(f"mixed date formats in table {table.get('id') or table.get('class')}")
    return problems
